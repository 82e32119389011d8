"""Morale: losses, blows in flank and rear, routs nearby, fallen generals and fatigue wear a
formation down; below a threshold it breaks and its men run for their line of retreat.

Runs once a battle second. Numbers come from the scenario's `combat` block.
"""

from __future__ import annotations

import numpy as np

from game.scenario.codes import Side
from game.sim.codes import FormationState, Mode, State
from game.sim.combat import formation_boxes, kill
from game.sim.events import Event
from game.sim.formation import in_ranks
from game.sim.tables import rows
from game.sim.world import World, on_field

F32 = np.float32

SHIELD_WALL_STEADINESS = 3.0
"""Men locked in a shield wall lose heart three times more slowly [reconstruction]."""


def update_morale(world: World, period: float) -> None:
    """Wear, recovery, fatigue and routs, for every formation, once per `period` seconds."""
    f = world.formations
    s = world.soldiers
    c = world.scenario.combat
    men_start = np.maximum(f.men_start, F32(1))
    # A shield wall with its back to the river cannot be outflanked, and packed men steady
    # each other: no flank panic, a third of the usual wear (Procopius I.18) [reconstruction].
    wall = f.shield_wall
    resolve = np.maximum(f.resolve, F32(0.05)) * np.where(wall, F32(SHIELD_WALL_STEADINESS), F32(1))
    flank = np.where(wall, F32(0), f.flank_hits)
    loss = (c.loss_weight * f.recent + c.flank_weight * flank / men_start) / resolve
    calm = (f.recent == 0) & (f.contact == 0)
    romans = f.side == Side.ROMAN
    if world.tick >= c.fatigue_from_tick:  # the fast and the march begin to tell [P][R]
        f.fatigue[romans] = np.minimum(
            F32(1), f.fatigue[romans] + F32(c.fatigue_per_second * period)
        )
    ceiling = F32(1) - F32(0.5) * f.fatigue
    f.morale[:] = np.clip(f.morale - loss + calm * F32(c.recovery * period), F32(0), ceiling)
    f.recent[:] = 0
    f.flank_hits[:] = 0

    standing = (f.state != FormationState.ROUTING) & (f.state != FormationState.BROKEN)
    breaking = np.flatnonzero(standing & ~f.stand_fast & (f.morale < F32(c.rout_below)))
    for i in breaking.tolist():  # a formation breaks: a handful of events in a battle
        rout(world, i)

    on = on_field(s.state)
    left = np.bincount(s.formation, weights=on, minlength=len(f))
    gone = (left == 0) & (f.state != FormationState.BROKEN)
    f.state[gone] = FormationState.BROKEN


def rout(world: World, i: int) -> None:
    """Formation i breaks: its men run; friends near it lose heart."""
    f = world.formations
    s = world.soldiers
    c = world.scenario.combat
    own = rows(f, i)
    st = s.state[own]
    st[(st == State.FORMED) | (st == State.ENGAGED)] = State.ROUTING
    f.state[i] = FormationState.ROUTING
    f.mode[i] = Mode.IDLE
    f.target_formation[i] = -1
    spec = world.scenario.formations[i]
    world.events.append(
        Event(
            world.tick,
            "rout",
            i,
            world.scenario.wording.sentence("rout", i),
            *spec.cited_in(world.account, "rout"),
            key="rout",
        )
    )
    friends = (f.side == f.side[i]) & (np.arange(len(f)) != i)
    d = np.sqrt(((f.anchor - f.anchor[:, i : i + 1]) ** 2).sum(axis=0))
    near = friends & (d < F32(c.friend_rout_range)) & ~f.shield_wall
    f.morale[near] -= F32(c.friend_rout) / np.maximum(f.resolve[near], F32(0.05))


def leave_field(world: World) -> None:
    """Routers who reach their line of retreat, or the map's edge, have left the field alive."""
    s = world.soldiers
    f = world.formations
    c = world.scenario.combat
    run = np.flatnonzero(s.state == State.ROUTING)
    if run.size == 0:
        return
    form = s.formation[run]
    dx = s.pos[0, run] - np.take(f.retreat[0], form)
    dy = s.pos[1, run] - np.take(f.retreat[1], form)
    safe = dx * dx + dy * dy < F32(c.flee_safe * c.flee_safe)
    w, h = world.scenario.map.width_m, world.scenario.map.height_m
    x, y = s.pos[0, run], s.pos[1, run]
    edge = (x < 5) | (y < 5) | (x > w - 5) | (y > h - 5)
    out = run[safe | edge]
    # a general stays with his broken men until the last of them is off the field or down, so
    # that `overrun` judges him by what became of them, not by how soon he reached the river
    # (in Malalas, seed 4 at --scale 10, the Isaurians' leaders reached the bank and left
    # while their men were still being cut down behind them: half died, and both lived) [R]
    general = s.commander[out] >= 0
    if general.any():
        staying = run[~(safe | edge) & (s.commander[run] < 0)]
        busy = np.bincount(s.formation[staying], minlength=len(f)) > 0
        out = out[~(general & np.take(busy, s.formation[out]))]
    if out.size:
        s.state[out] = State.FLED
        s.vel[:, out] = 0
        f.fled += np.bincount(s.formation[out], weights=s.men[out], minlength=len(f)).astype(F32)


def escape(world: World) -> None:
    """Routers clear of every enemy still in ranks by `flee_clear` metres have got away.

    The pursuit was short (Procopius, Wars I.18): a man beyond bowshot of every formed enemy,
    and past the pursuit, is out of the battle and leaves the field alive, instead of running
    on for hours of the compressed clock beside the stand. Men on foot caught by horse are
    ridden down first (the Lycaonians "nearly all died"). Once a battle second, like morale.
    """
    s = world.soldiers
    f = world.formations
    # a general stays with his broken men to their line of retreat (overrun, below, decides
    # whether he falls with them); only the men slip away
    run = np.flatnonzero((s.state == State.ROUTING) & (s.commander < 0))
    if run.size == 0:
        return
    boxes = formation_boxes(s.pos, in_ranks(s.state), f.first)  # (4, F); far away if empty
    run = ride_down(world, run, boxes)
    x, y = s.pos[0, run][:, None], s.pos[1, run][:, None]
    gx = np.maximum(np.maximum(boxes[0][None, :] - x, x - boxes[2][None, :]), F32(0))
    gy = np.maximum(np.maximum(boxes[1][None, :] - y, y - boxes[3][None, :]), F32(0))
    foe = np.take(s.side, run)[:, None] != f.side[None, :]
    gap = np.where(foe, gx * gx + gy * gy, np.inf).min(axis=1)
    clear = F32(world.scenario.combat.flee_clear)
    out = run[gap > clear * clear]
    if out.size:
        s.state[out] = State.FLED
        s.vel[:, out] = 0
        f.fled += np.bincount(s.formation[out], weights=s.men[out], minlength=len(f)).astype(F32)


def ride_down(world: World, run: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Routers on foot among enemy horse in ranks are cut down; returns the routers left.

    A man on foot cannot outrun a horse (history brief section 6: 3-4 m/s for a short way
    against a canter of 5-7), and broken foot caught by horse in the open died where they
    ran: the Lycaonians "nearly all died ... without fighting back" (Procopius, Wars I.18),
    and in battles of the period the rout, not the fight, caused most deaths (Sabin, ibid.).
    Each man inside an enemy horse formation's ground, or within `ride_down_reach` of it,
    falls with chance `ride_down` each battle second; an agent's chance is a man's, so the
    share killed is the same at every scale [reconstruction of the rate].
    """
    s = world.soldiers
    f = world.formations
    c = world.scenario.combat
    foot = ~np.take(world.tables.mounted, s.kind[run])
    horse = np.take(world.tables.mounted, f.kind) & (f.state < FormationState.ROUTING)
    if not foot.any() or not horse.any():
        return run
    m = F32(c.ride_down_reach)
    x, y = s.pos[0, run][:, None], s.pos[1, run][:, None]
    inside = (
        (x >= boxes[0][None, :] - m)
        & (x <= boxes[2][None, :] + m)
        & (y >= boxes[1][None, :] - m)
        & (y <= boxes[3][None, :] + m)
    )
    foe = np.take(s.side, run)[:, None] != f.side[None, :]
    caught = run[foot & (inside & foe & horse[None, :]).any(axis=1)]
    if caught.size == 0:
        return run
    roll = world.rng.random(caught.size, dtype=F32)
    dead = caught[roll < F32(c.ride_down)]
    kill(world, dead)
    return run[on_field(s.state[run]) & (s.state[run] == State.ROUTING)]
