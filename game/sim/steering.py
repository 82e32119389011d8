"""Reynolds-style steering, vectorized: each behaviour returns a (2, N) acceleration.

Every behaviour is zero on the rows it does not concern (OpenSteer's convention); `blend`
weights and truncates them per kind in one place; `move` integrates with terrain limits.
Accelerations and speeds are in metres per battle second, already multiplied by the tempo.
Vectors are (2, N): row 0 is x, row 1 is y, each contiguous.
"""

from __future__ import annotations

import numpy as np

from game.sim.fastops import cap_at, floor_at, select
from game.sim.neighbours import Pairs
from game.sim.terrain import TerrainField

F32 = np.float32

SLOWING_TIME = F32(1.2)
"""Seconds over which a man brakes into his slot: arrive's slowing radius is the distance he
covers in that time at his speed limit."""

REACTION_TIME = F32(0.35)
"""Seconds to match a desired velocity; sets how crisply men respond."""

CATCH_UP_PER_METRE = F32(1 / 25)
"""A man this many metres behind his slot may go 1 + d/25 times his pace, up to a charge."""

ENEMY_MARGIN = F32(0.2)
"""Metres of extra room kept from an enemy: the lines stop just apart."""

WEIGHTS = {"arrive": F32(1.0), "flee": F32(1.0), "separate": F32(2.5), "avoid": F32(3.0)}
"""Blend weights before truncation: keeping apart beats reaching the slot; keeping out of the
river beats everything."""


def _norm(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.sqrt(x * x + y * y)


def to_slot_of(slot: np.ndarray, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each man's offset (2, N) to his slot and how far that is: the pace and arrive use both."""
    to = slot - pos
    return to, _norm(to[0], to[1])


def arrive(
    pos: np.ndarray,
    vel: np.ndarray,
    slot: np.ndarray,
    max_speed: np.ndarray,
    active: np.ndarray,
    to_slot: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Steer towards the slot, braking inside the slowing radius so men settle, not orbit.

    `to_slot`, when given, is `slot - pos` and its norm, as `to_slot_of` computes them.
    """
    to, dist = to_slot_of(slot, pos) if to_slot is None else to_slot
    speed = np.minimum(max_speed, dist * (F32(1) / SLOWING_TIME))
    k = speed / floor_at(dist, F32(1e-4))
    acc = (to * k - vel) * (F32(1) / REACTION_TIME)
    acc *= active
    return acc


def flee(pos: np.ndarray, vel: np.ndarray, refuge: np.ndarray, max_speed: np.ndarray) -> np.ndarray:
    """Run flat out for the line of retreat (the river and islands, the camp).

    Unlike the other behaviours it takes and returns only the rows of the men running (a
    minority, often none), and `blend` adds it to those rows alone.
    """
    to = refuge - pos
    dist = _norm(to[0], to[1])
    desired = to * (max_speed / np.maximum(dist, F32(1e-3)))
    return (desired - vel) * (F32(1) / REACTION_TIME)


def separate(
    n: int, pairs: Pairs, radius: np.ndarray, side: np.ndarray, gain: np.ndarray, active: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Push apart every pair closer than the sum of their radii (a little more from enemies).

    Returns the acceleration (2, N) and, per soldier, whether he touches an enemy.
    """
    i, j, d = pairs.i, pairs.j, pairs.dist
    enemy = np.take(side, i) != np.take(side, j)
    reach = np.take(radius, i) + np.take(radius, j) + enemy * ENEMY_MARGIN
    close = (d < reach) & np.take(active, i) & np.take(active, j)
    # Only the pairs that touch push (a third of them or fewer): the others' push is +-0, and
    # leaving a zero out of a float64 sum that starts at +0 (and so is never -0) changes no bit
    c = np.flatnonzero(close)
    i, j, d, reach, enemy = (np.take(a, c) for a in (i, j, d, reach, enemy))
    # coincident men are pushed apart along x, so no pair is ever stuck together
    apart = d > F32(1e-4)
    inv = F32(1) / floor_at(d, F32(1e-4))
    inv = select(apart, inv, np.zeros_like(inv))
    push = (reach - d) / reach  # (times `close`, all true here: times one is exact)
    fx = push * select(apart, np.take(pairs.dx, c) * inv, np.ones_like(inv))
    fy = push * np.take(pairs.dy, c) * inv
    acc = np.empty((2, n), F32)
    # i is pushed against the offset (j - i), j along it
    acc[0] = np.bincount(j, weights=fx, minlength=n) - np.bincount(i, weights=fx, minlength=n)
    acc[1] = np.bincount(j, weights=fy, minlength=n) - np.bincount(i, weights=fy, minlength=n)
    acc *= gain
    touch = np.zeros(n, bool)
    touch[i[enemy]] = True
    touch[j[enemy]] = True
    return acc, touch


def avoid_terrain(
    cells: np.ndarray, terrain: TerrainField, max_force: np.ndarray, active: np.ndarray
) -> np.ndarray:
    """Steer away from deep water and walls, harder the closer they are.

    Only men within the margin of an obstacle (closeness > 0; none, most of the battle) are
    computed: elsewhere closeness and the push away are +0, so their force is +0, as zeros.
    """
    close = np.take(terrain.closeness, cells)
    acc = np.zeros((2, cells.shape[0]), F32)
    near = np.flatnonzero(close)
    if near.size:
        k = np.take(close, near) * np.take(max_force, near) * np.take(active, near)
        at = np.take(cells, near)
        acc[0, near] = np.take(terrain.away_x, at) * k
        acc[1, near] = np.take(terrain.away_y, at) * k
    return acc


def blend(
    forces: dict[str, np.ndarray],
    max_force: np.ndarray,
    some: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
) -> np.ndarray:
    """Weighted sum of behaviours, truncated to each man's maximum force.

    `some` holds behaviours that concern only a few rows, as (rows, (2, len(rows)) force); they
    are added after the others. Skipping the other rows changes nothing: the running total
    starts at +0 and so is never -0, and adding a zero force to it is exact.
    """
    total = np.zeros_like(next(iter(forces.values())))
    for name, f in forces.items():
        total += WEIGHTS[name] * f
    for name, (rows, f) in (some or {}).items():
        total[:, rows] += WEIGHTS[name] * f
    mag = _norm(total[0], total[1])
    total *= cap_at(max_force / floor_at(mag, F32(1e-6)), F32(1))
    return total


def move(
    pos: np.ndarray,
    vel: np.ndarray,
    acc: np.ndarray,
    max_speed: np.ndarray,
    terrain: TerrainField,
    cells: np.ndarray,
    dt: float,
    active: np.ndarray,
    swimmer: np.ndarray | None = None,
) -> None:
    """Integrate in place; cap speed by terrain and slope; never step into impassable ground
    (swimmers, ordered across, may enter deep water but never walls)."""
    dtf = F32(dt)
    vel += acc * dtf
    speed = _norm(vel[0], vel[1])
    cap = max_speed * terrain.pace_factor(pos, vel, cells, speed)
    if swimmer is not None and swimmer.any():  # in deep water a swimmer keeps a swimming pace
        wet = swimmer & np.take(terrain.water, cells)
        cap = np.where(wet, max_speed * np.take(terrain.swim, cells), cap)
    vel *= cap_at(cap / floor_at(speed, F32(1e-6)), F32(1)) * active
    new = pos + vel * dtf
    # Men already on bad ground (a deployment typo, a swimmer) may always move: out is better.
    ok = terrain.is_passable(new)
    if ok.all():  # (the usual tick: then the tests below cannot forbid a step either)
        pos[:] = new
        return
    ok |= ~np.take(terrain.passable, cells)
    if swimmer is not None and swimmer.any():  # ordered across: deep water, never walls
        ok |= swimmer & np.take(terrain.water, terrain.cells(new))
    if ok.all():
        pos[:] = new
        return
    bad = np.flatnonzero(~ok)
    slide_x = new[:, bad]
    slide_x[1] = pos[1, bad]
    slide_y = new[:, bad]
    slide_y[0] = pos[0, bad]
    ok_x = terrain.is_passable(slide_x)
    ok_y = terrain.is_passable(slide_y) & ~ok_x
    stuck = ~ok_x & ~ok_y
    fixed = np.where(ok_x, slide_x, np.where(ok_y, slide_y, pos[:, bad]))
    new[:, bad] = fixed
    vel[1, bad[ok_x]] = 0
    vel[0, bad[ok_y]] = 0
    vel[:, bad[stuck]] = 0
    pos[:] = new
