"""Where each formation was, every battle second: the record the map's arrows are drawn from.

One row per battle second and formation: the centre of its men on the field, the frontage and
depth they fill (along and across its facing), its facing, men on the field, its state, and
the frontage and depth of its ranks as ordered.
Written at the first tick of each second, from the state as it stands then, so it is a pure
function of the battle's history: a snapshot carries it and a restore puts it back, and after
any seek the record of the seconds behind the playhead is exactly a straight run's.

It is not in the state hash: every value in it is derived from columns that the hash already
covers at that second (positions, facings, states), and leaving it out keeps the hashes of
every run identical to what they were before the record existed.
"""

from __future__ import annotations

import math

import numpy as np

from game.sim.codes import State

F32 = np.float32

COLUMNS = ("x", "y", "front", "depth", "fx", "fy", "men", "state", "ordered_front", "ordered_depth")
X, Y, FRONT, DEPTH, FX, FY, MEN, STATE, ORDERED_FRONT, ORDERED_DEPTH = range(len(COLUMNS))
"""front and depth are what the men fill; ordered_* what their ranks and files would (the
frontage and depth of the formation as ordered): men strung out in a charge fill more."""
UNIFORM = 12.0
"""A block of men spread evenly over a width w has variance w^2 / 12: the width is sqrt(12 var),
which a few stragglers move far less than the extreme men would."""


def empty_track(end_seconds: float, formations: int) -> np.ndarray:
    """(seconds + 1, formations, COLUMNS) float32, NaN where a second is not yet played."""
    return np.full((math.ceil(end_seconds) + 1, formations, len(COLUMNS)), np.nan, F32)


def spread(
    pos: np.ndarray,
    on: np.ndarray,
    formation: np.ndarray,
    facing: np.ndarray,
    n: int,
) -> np.ndarray:
    """Per formation (n, 5): centre x, y, frontage, depth and men counted (agents), from the
    soldiers `on` the field; frontage across `facing` (2, n), depth along it.

    Summed over the men on the field alone: the same sums in the same order as weighting every
    soldier by 0 or 1, bit for bit (the others only added zeros), at a fraction of the cost
    (the view measures this every frame)."""
    rows = np.flatnonzero(on)
    return spread_rows(pos, rows, formation[rows].astype(np.intp), facing, n)


def spread_rows(
    pos: np.ndarray, rows: np.ndarray, form: np.ndarray, facing: np.ndarray, n: int
) -> np.ndarray:
    """`spread` of the soldiers `rows` (those on the field, in order), `form` their formations
    as intp (bincount casts to intp: once, not seven times)."""
    x = pos[0][rows].astype(np.float64)
    y = pos[1][rows].astype(np.float64)
    count = np.bincount(form, minlength=n).astype(np.float64)
    safe = np.maximum(count, 1)
    sx = np.bincount(form, weights=x, minlength=n) / safe
    sy = np.bincount(form, weights=y, minlength=n) / safe
    dx = x - sx[form]
    dy = y - sy[form]
    vxx = np.bincount(form, weights=dx * dx, minlength=n) / safe
    vyy = np.bincount(form, weights=dy * dy, minlength=n) / safe
    vxy = np.bincount(form, weights=dx * dy, minlength=n) / safe
    return spread_of(sx, sy, vxx, vyy, vxy, count, facing)


def spread_of(
    sx: np.ndarray,
    sy: np.ndarray,
    vxx: np.ndarray,
    vyy: np.ndarray,
    vxy: np.ndarray,
    count: np.ndarray,
    facing: np.ndarray,
) -> np.ndarray:
    """`spread`'s (n, 5) from each formation's centre, variances and count (the view makes
    them for a frame between two ticks from sums it keeps for the tick)."""
    fx, fy = facing[0].astype(np.float64), facing[1].astype(np.float64)
    along = fx * fx * vxx + 2 * fx * fy * vxy + fy * fy * vyy  # variance along the facing
    across = fy * fy * vxx - 2 * fx * fy * vxy + fx * fx * vyy
    out = np.empty((len(count), 5))
    out[:, 0], out[:, 1] = sx, sy
    out[:, 2] = np.sqrt(UNIFORM * np.maximum(across, 0))
    out[:, 3] = np.sqrt(UNIFORM * np.maximum(along, 0))
    out[:, 4] = count
    out[count == 0, :4] = np.nan
    return out


def record_track(world) -> None:
    """At the first tick of each battle second, write that second's row of `world.track`."""
    rate = world.scenario.clock.tick_rate
    if world.tick % rate:
        return
    second = world.tick // rate
    if second >= world.track.shape[0]:
        return
    s, f = world.soldiers, world.formations
    n = len(f)
    on = (s.state != State.DEAD) & (s.state != State.FLED)
    geo = spread(s.pos, on, s.formation, f.facing, n)
    row = world.track[second]
    row[:, X : DEPTH + 1] = geo[:, :4]
    row[:, FX], row[:, FY] = f.facing[0], f.facing[1]
    row[:, MEN] = np.bincount(s.formation, weights=s.men * on, minlength=n)
    row[:, STATE] = f.state
    row[:, ORDERED_FRONT], row[:, ORDERED_DEPTH] = ordered(f, geo[:, 4])


def ordered(f, figures: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Frontage and depth (metres) of each formation's ranks as ordered, for `figures` men."""
    files = np.maximum(f.files, 1)
    return files * f.spacing[0], np.ceil(np.maximum(figures, 1) / files) * f.spacing[1]
