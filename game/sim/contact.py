"""Contact: who stands close to whom, the push that keeps men apart, and lines that meet.

The neighbour search (a uniform grid, `game.sim.neighbours`) is the dearest system of a tick,
so it and what uses its pairs (separation, enemy contact, blows) run every `CONTACT_SECONDS`
of battle time, not every tick (see `game.sim.schedule`). The push is stored in
`Soldiers.push`, so any tick can be resumed exactly between two passes.
"""

from __future__ import annotations

import numpy as np

from game.scenario.specs import ORDERS, PACES
from game.sim import steering
from game.sim.codes import FormationState, Mode, State
from game.sim.combat import agent_reach, resolve_melee
from game.sim.command import formation_centres
from game.sim.neighbours import close_pairs
from game.sim.scratch import Scratch
from game.sim.tables import per_soldier
from game.sim.world import World

F32 = np.float32

CONTACT_TO_HALT = 3
"""A marching formation halts when this many of its men touch an enemy (at --scale 1)."""


def find_neighbours(world: World, t: Scratch, seconds: float) -> None:
    """Close pairs of men on the field, within the widest reach two men can touch at."""
    s = world.soldiers
    idx = np.flatnonzero(t.active)  # np.intp: the pairs then index without conversions
    # the widest pair that can touch: two of the broadest men, enemies, and at --scale N two
    # agents whose N men side by side reach each other at the ends of their files (see
    # `combat.agent_reach`; nothing is added at 1:1, where an agent is one man)
    reach = float(2 * world.tables.radius.max() + steering.ENEMY_MARGIN)
    reach += float(agent_reach(world).max()) * 2
    x, y = np.take(s.pos[0], idx), np.take(s.pos[1], idx)
    hint = world.sort_hint
    t.pairs = close_pairs(x, y, reach, idx, hint.layout(idx, t.active), hint)


def touch_and_separate(world: World, t: Scratch, seconds: float) -> None:
    """Refresh the stored separation push, and mark who touches an enemy (engaged) or not."""
    s = world.soldiers
    radius = np.take(world.tables.radius, s.kind)
    s.push[:], touch = steering.separate(
        len(s), t.pairs, radius, s.side, t.max_force * F32(2.0), t.active
    )
    s.state[touch & (s.state == State.FORMED)] = State.ENGAGED
    s.state[~touch & (s.state == State.ENGAGED)] = State.FORMED


def strike(world: World, t: Scratch, seconds: float) -> None:
    """Blows between men in contact, on the pairs of the last neighbour pass."""
    resolve_melee(world, t.pairs, seconds)


def halt_on_contact(world: World, t: Scratch, seconds: float) -> None:
    """A formation that runs into the enemy stops where its men are (combat is another system).

    Its anchor walks a few metres ahead of the men on the march, so on halting it is pulled
    back by the men's mean lag behind their slots: the block stops at the enemy, not in it.
    """
    f = world.formations
    s = world.soldiers
    touching = s.state == State.ENGAGED
    f.contact[:] = np.add.reduceat(touching, f.first, dtype=np.int32)  # rows are contiguous
    need = max(1, CONTACT_TO_HALT // world.scale)
    touching = f.contact >= need
    attacking = (
        (f.mode == Mode.CHARGE) | (f.mode == Mode.ASSAULT_CHARGE) | (f.mode == Mode.ASSAULT_CONTACT)
    )
    # a charge that strikes home presses on at a walk, shoving into the enemy; others halt,
    # except a march at the gallop (pace `charge`, no target): it rides through, its men
    # fighting whom they touch, as Belisarius' household cut its way to the infantry
    f.pace[touching & attacking] = PACES.index("slow")
    riding_through = (f.mode == Mode.IDLE) & (f.pace == PACES.index("charge"))
    escaping = f.swim  # men making for the water do not stop to face the enemy
    # nor do men falling back facing him: a withdrawal touched on its way goes on (Malalas'
    # household, withdrawing along the bank, halted in the open and was cut to pieces at 1:1)
    escaping = escaping | (f.order == ORDERS.index("withdraw"))
    # nor do pursuers: they ride on among the fleeing at their pace, striking whom they touch
    # (a pursuit that halted at the first fugitive it caught let the rest run off), nor horse
    # falling back in an assault: breaking off is what the recoil is for (the charge cycle,
    # history brief section 6; a recoil halted in contact at Peter's wall stayed there from
    # 15:35 to dark, and at 1:1 Malalas' Persian right lost 55 % that way) [R]
    riding_on = (f.mode == Mode.PURSUE) | (f.mode == Mode.ASSAULT_RECOIL)
    halt = (
        touching
        & ~attacking
        & ~riding_through
        & ~escaping
        & ~riding_on
        & (f.state == FormationState.MARCHING)
    )
    if halt.any():
        halt &= _advancing(world)
    if halt.any():
        fx = per_soldier(f, s, f.facing[0])
        fy = per_soldier(f, s, f.facing[1])
        lag = (t.slots[0] - s.pos[0]) * fx + (t.slots[1] - s.pos[1]) * fy
        n = np.bincount(s.formation, weights=t.active, minlength=len(f))
        mean_lag = np.bincount(s.formation, weights=lag * t.active, minlength=len(f))
        back = np.maximum(mean_lag / np.maximum(n, 1), 0).astype(F32)
        f.anchor[:, halt] -= f.facing[:, halt] * back[halt]
        f.target[:, halt] = f.anchor[:, halt]
        f.state[halt] = FormationState.HALTED
    resume = (f.contact == 0) & (f.state == FormationState.HALTED)
    f.state[resume] = FormationState.HOLDING


ADVANCE_COS = 0.5
"""A march heads at the nearest enemy when it points within 60 degrees of him."""


def _advancing(world: World) -> np.ndarray:
    """Formations moving towards the nearest enemy formation (a march away is not halted).

    Measured between the men's centres, not the anchors: on the march an anchor runs a few
    metres ahead of its men and may already stand past the enemy's.
    """
    f = world.formations
    centres, _ = formation_centres(world)
    heading = f.target - f.anchor
    dx = centres[0][None, :] - centres[0][:, None]  # [i, j]: from i to j
    dy = centres[1][None, :] - centres[1][:, None]
    d2 = dx * dx + dy * dy
    foes = (f.side[None, :] != f.side[:, None]) & (f.state[None, :] < FormationState.ROUTING)
    d2 = np.where(foes, d2, np.inf)
    j = np.argmin(d2, axis=1)
    rows = np.arange(len(f))
    toward = heading[0] * dx[rows, j] + heading[1] * dy[rows, j]
    # within 60 degrees of the enemy: a march that passes alongside him (the Persians riding
    # back to camp past the stand at nightfall) is not an attack and is not stopped by it
    reach = np.sqrt((heading[0] ** 2 + heading[1] ** 2) * d2[rows, j])
    return toward > F32(ADVANCE_COS) * reach
