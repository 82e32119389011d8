"""One tick of the battle: the order of the systems, written down once.

A tick is a pure function of the world's state: no wall clock, no dict or set order, no
threads; randomness only from `world.rng`. Each system is a verb over whole arrays; the
per-tick scratch (slots, pairs, forces) lives in `Scratch` and dies with the tick.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from game.scenario.specs import PACES
from game.sim import steering
from game.sim.codes import FormationState, Mode, State
from game.sim.combat import land_arrows, overrun, resolve_melee, volley
from game.sim.command import command_ai, formation_centres
from game.sim.events import Event
from game.sim.formation import in_ranks, march_anchors, turn_towards
from game.sim.morale import leave_field, update_morale
from game.sim.neighbours import Pairs, close_pairs
from game.sim.orders import issue_orders
from game.sim.track import record_track
from game.sim.world import World, on_field

F32 = np.float32


CONTACT_EVERY = 3
"""Ticks between neighbour passes (separation push, enemy contact, melee): 6.7 Hz at 20 ticks a
second. See `TICK` for why that is often enough."""

CONTACT_TO_HALT = 3
"""A marching formation halts when this many of its men touch an enemy (at --scale 1)."""


@dataclass
class Scratch:
    """Per-tick working arrays, shared between the systems of one tick and then dropped."""

    tempo: float = 1.0
    ranks: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    active: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    cells: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    slots: np.ndarray = field(default_factory=lambda: np.zeros((2, 0), F32))
    pairs: Pairs = field(default_factory=Pairs.none)
    max_speed: np.ndarray = field(default_factory=lambda: np.zeros(0, F32))
    max_force: np.ndarray = field(default_factory=lambda: np.zeros(0, F32))
    acc: np.ndarray = field(default_factory=lambda: np.zeros((2, 0), F32))


def announce(world: World, t: Scratch) -> None:
    """Log the start of each phase of the account being shown (captions read the log)."""
    for phase in world.scenario.phases_for(world.account):
        if phase.tick == world.tick:
            # an account may tell nightfall its own way ("nightfall_malalas"); it is still nightfall
            night = phase.id == "nightfall" or phase.id.startswith("nightfall_")
            kind = "nightfall" if night else "phase"
            cite = phase.citation
            world.events.append(Event(world.tick, kind, -1, phase.name, cite.ref, cite.source))


def command(world: World, t: Scratch) -> None:
    issue_orders(world, world.scenario.orders_for(world.account))


def decide(world: World, t: Scratch) -> None:
    command_ai(world, world.dt)


def march(world: World, t: Scratch) -> None:
    f = world.formations
    pace_speed = world.tables.paces[f.kind, f.pace]
    march_anchors(f, pace_speed, t.tempo, world.dt)


def find_slots(world: World, t: Scratch) -> None:
    """Each man's slot, and his speed and force limits for this tick."""
    s = world.soldiers
    f = world.formations
    tab = world.tables
    t.ranks = in_ranks(s.state)
    t.active = on_field(s.state)
    t.cells = world.terrain.cells(s.pos)
    t.slots = world.slot_cache.slots(s, f)
    to = t.slots - s.pos
    behind = np.sqrt(to[0] * to[0] + to[1] * to[1])
    n_paces = tab.paces.shape[1]
    flat_paces = tab.paces.ravel()
    kind = s.kind.astype(np.int32)
    pace = np.take(flat_paces, kind * n_paces + np.take(f.pace, s.formation).astype(np.int32))
    charge = np.take(flat_paces, kind * n_paces + (n_paces - 1))
    tempo = F32(t.tempo)
    limit = np.minimum(charge, pace * (F32(1.15) + behind * steering.CATCH_UP_PER_METRE))
    limit = np.where(s.state == State.ROUTING, charge, limit)  # panic lends wings
    t.max_speed = limit * tempo
    t.max_force = np.take(tab.max_force, kind) * tempo


def find_neighbours(world: World, t: Scratch) -> None:
    s = world.soldiers
    idx = np.flatnonzero(t.active).astype(np.int32)
    # the widest pair that can touch: two of the broadest men, enemies
    reach = float(2 * world.tables.radius.max() + steering.ENEMY_MARGIN)
    p = close_pairs(s.pos[0, idx], s.pos[1, idx], reach)
    t.pairs = Pairs(i=idx[p.i], j=idx[p.j], dx=p.dx, dy=p.dy, dist=p.dist)


def separate(world: World, t: Scratch) -> None:
    """Refresh the stored separation push and who touches an enemy (every CONTACT_EVERY ticks)."""
    s = world.soldiers
    radius = np.take(world.tables.radius, s.kind)
    s.push[:], touch = steering.separate(
        len(s), t.pairs, radius, s.side, t.max_force * F32(2.0), t.active
    )
    s.state[touch & (s.state == State.FORMED)] = State.ENGAGED
    s.state[~touch & (s.state == State.ENGAGED)] = State.FORMED


def melee(world: World, t: Scratch) -> None:
    """Blows between men in contact (every CONTACT_EVERY ticks, on the pairs of separation)."""
    resolve_melee(world, t.pairs, world.dt * CONTACT_EVERY)


def shoot(world: World, t: Scratch) -> None:
    """Volleys, once a battle second."""
    volley(world, 1.0)


def land(world: World, t: Scratch) -> None:
    land_arrows(world)


def morale(world: World, t: Scratch) -> None:
    overrun(world)
    update_morale(world, 1.0)


def leave(world: World, t: Scratch) -> None:
    leave_field(world)


def steer(world: World, t: Scratch) -> None:
    s = world.soldiers
    swimmer = np.take(world.formations.swim, s.formation)
    forces = {
        "arrive": steering.arrive(s.pos, s.vel, t.slots, t.max_speed, t.ranks),
        "separate": s.push * t.active,
        "avoid": steering.avoid_terrain(t.cells, world.terrain, t.max_force, t.active & ~swimmer),
    }
    some = {}
    running = np.flatnonzero(s.state == State.ROUTING)
    if running.size:
        f = world.formations
        form = s.formation[running]
        refuge = np.stack([np.take(f.retreat[0], form), np.take(f.retreat[1], form)])
        pos, vel = s.pos[:, running], s.vel[:, running]
        some["flee"] = (running, steering.flee(pos, vel, refuge, t.max_speed[running]))
    t.acc = steering.blend(forces, t.max_force, some)


def move(world: World, t: Scratch) -> None:
    s = world.soldiers
    swimmer = np.take(world.formations.swim, s.formation)
    steering.move(
        s.pos, s.vel, t.acc, t.max_speed, world.terrain, t.cells, world.dt, t.active, swimmer
    )


def face(world: World, t: Scratch) -> None:
    """Men face where they go when moving briskly, else the way their formation faces."""
    s = world.soldiers
    f = world.formations
    speed = np.sqrt(s.vel[0] * s.vel[0] + s.vel[1] * s.vel[1])
    # a man shoved about in the press keeps his face to the front; a man on the move looks
    # where he goes
    brisk = (speed > F32(0.6 * t.tempo)) & (s.state != State.ENGAGED)
    inv = F32(1) / np.maximum(speed, F32(1e-6))
    desired = np.empty_like(s.facing)
    desired[0] = np.where(brisk, s.vel[0] * inv, np.take(f.facing[0], s.formation))
    desired[1] = np.where(brisk, s.vel[1] * inv, np.take(f.facing[1], s.formation))
    s.facing[:] = turn_towards(s.facing, desired, 0.25)


def halt_on_contact(world: World, t: Scratch) -> None:
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
    halt = (
        touching & ~attacking & ~riding_through & ~escaping & (f.state == FormationState.MARCHING)
    )
    if halt.any():
        halt &= _advancing(world)
    if halt.any():
        fx = np.take(f.facing[0], s.formation)
        fy = np.take(f.facing[1], s.formation)
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


def track(world: World, t: Scratch) -> None:
    record_track(world)


TICK: tuple[tuple[Callable[[World, Scratch], None], int], ...] = (
    (track, 1),  # each formation's place at the first tick of a battle second (for the map)
    (announce, 1),  # a phase begins
    (command, 1),  # timed orders due now
    (decide, 1),  # command AI: charge, pursue, turn, assault cycles
    (march, 1),  # formation anchors and facings
    (find_slots, 1),  # each man's slot and speed limits
    (find_neighbours, CONTACT_EVERY),  # close pairs (uniform grid)...
    (separate, CONTACT_EVERY),  # ...their separation push and enemy contact, stored in the state
    (melee, CONTACT_EVERY),  # blows between men in contact, on the same pairs
    (shoot, 20),  # volleys: 1 Hz
    (land, 1),  # arrows landing this tick
    (morale, 20),  # wear, fatigue, routs: 1 Hz
    (steer, 1),  # arrive / flee + stored separation + avoid terrain, blended and truncated
    (move, 1),  # integrate, terrain speed and slope, never into deep water (unless swimming)
    (face, 1),  # headings
    (leave, 1),  # routers reaching safety leave the field
    (halt_on_contact, 1),  # lines stop when they meet
)
"""The order of a tick: (system, every how many ticks it runs). The neighbour search is the most
expensive system (~4-5 ms at 1:1, more than all the every-tick systems together), so it and
what uses its pairs run every CONTACT_EVERY = 3 ticks (0.15 battle s): a man at a march pace
(1.3 m/s x tempo 5) moves ~1 m between passes, about his own width, and separation is a soft
push blended with arrive, so lines still stop just apart; contact and blows lag by at most
0.1 battle s more than at 10 Hz. It was 10 Hz; at 6.7 Hz the sources' order of events still
emerges (tests/test_battle.py). The push is kept in `Soldiers.push` so any tick can be resumed
exactly."""


def step(world: World) -> None:
    """Advance the world by exactly one tick."""
    scratch = Scratch(tempo=world.scenario.clock.tempo(world.seconds))
    for system, every in TICK:
        if world.tick % every == 0:
            system(world, scratch)
    world.tick += 1


def run_until(world: World, tick: int) -> None:
    while world.tick < tick:
        step(world)
