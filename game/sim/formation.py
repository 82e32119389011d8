"""Formation geometry and motion: where each man's slot is, and how a formation's anchor moves.

A formation is a block of `files` men abreast, ranks behind, anchored at its front centre and
facing a direction. Orders move the anchor and turn the facing; men then `arrive` at their
slots. When men fall the ranks close up: slots are numbered over the living only.
"""

from __future__ import annotations

import numpy as np

from game.sim.codes import FormationState, State
from game.sim.fastops import floor_at, select
from game.sim.tables import rows

F32 = np.float32

ANCHOR_PACE = F32(0.85)
"""The anchor moves a little slower than the pace, so the men (who may go 15 % faster) keep up
and the block stays dressed on the march."""

TURN_RATE = F32(0.6)
"""Fraction of the remaining turn a formation makes per battle second (before tempo)."""

ARRIVED = F32(0.5)
"""Metres: an anchor this close to its target has arrived."""

COMMANDER_RANKS_BACK = F32(2.5)
COMMANDER_GAP = F32(10.0)
"""Commanders ride behind the second rank, 10 m apart, with their standards: where the sources'
generals could see and be seen, and where they fell only when their men were overrun."""


def in_ranks(state: np.ndarray) -> np.ndarray:
    """Soldiers that hold a slot in their formation."""
    return state <= State.ENGAGED  # FORMED or ENGAGED


def slot_positions(soldiers, formations, rows: np.ndarray | None = None) -> np.ndarray:
    """World position of the slots (2, len(rows)) of the given rows (default: everyone).

    Slots are numbered over the living troops only, so the ranks close over the fallen.
    """
    s, f = soldiers, formations
    if rows is None:
        rows = np.arange(len(s), dtype=np.int32)
    u, v = slot_offsets(s, f, rows)
    form = s.formation[rows]
    fx = np.take(f.facing[0], form)
    fy = np.take(f.facing[1], form)
    out = np.empty((2, form.shape[0]), F32)
    # right-hand vector of facing (fx, fy) is (-fy, fx); depth runs backwards (-facing)
    out[0] = np.take(f.anchor[0], form) - u * fy - v * fx
    out[1] = np.take(f.anchor[1], form) + u * fx - v * fy
    return out


def slot_offsets(soldiers, formations, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's slot in its formation's own frame: u metres right of the front centre, v
    metres back. They change only when the ranks or the shape change, not when it moves."""
    s, f = soldiers, formations
    troop = (s.commander < 0) & in_ranks(s.state)
    # Rows of a formation are contiguous, so one running count numbers the living troops of
    # every formation at once, and its value at a formation's last row is its head count.
    running = np.cumsum(troop, dtype=np.int32)
    before = np.where(f.first > 0, running[np.maximum(f.first - 1, 0)], 0).astype(np.int32)
    alive_troops = running[f.first + f.count - 1] - before
    form = np.take(s.formation, rows)
    slot = np.take(running, rows) - 1 - np.take(before, form)

    files_f = np.maximum(f.files, 1).astype(np.int32)
    width_f = np.minimum(files_f, np.maximum(alive_troops, 1)).astype(F32)
    files = np.take(files_f, form)
    rank_, file_ = np.divmod(slot, files)  # (one pass: half the cost of // and % apart)
    file_ = file_.astype(F32)
    rank = rank_.astype(F32)
    u = (file_ - np.take((width_f - F32(1)) * F32(0.5), form)) * np.take(f.spacing[0], form)
    v = rank * np.take(f.spacing[1], form)

    commander = s.commander[rows]
    cmd = np.flatnonzero(commander >= 0)
    if cmd.size:
        all_cmd = s.commander >= 0
        n_cmd = np.bincount(s.formation[all_cmd], minlength=len(f)).astype(F32)
        cu = commander[cmd].astype(F32) - (n_cmd[form[cmd]] - F32(1)) * F32(0.5)
        u[cmd] = cu * COMMANDER_GAP
        v[cmd] = COMMANDER_RANKS_BACK * np.take(f.spacing[1], form[cmd])
    return u, v


class SlotCache:
    """Slots change only when a formation moves, turns, reshapes or its ranks change, so they
    are kept per formation and recomputed only for formations whose inputs changed: the offsets
    in the formation's frame when its ranks or shape change, the world positions when it moves.
    A cache, not state: dropping it (as a restore does) never changes a result, because a
    cached slot is computed by the same operations, in the same order, as a fresh one."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._troop: np.ndarray | None = None  # (N,) bool: who held a numbered slot
        self._shape: np.ndarray | None = None  # (3, F) spacing and files
        self._pose: np.ndarray | None = None  # (4, F) anchor and facing
        self._u: np.ndarray | None = None  # (N,) f32 offsets in the formation's frame
        self._v: np.ndarray | None = None
        self._slots: np.ndarray | None = None  # (2, N) f32 world positions

    def slots(self, soldiers, formations) -> np.ndarray:
        s, f = soldiers, formations
        troop = (s.commander < 0) & in_ranks(s.state)
        shape = np.concatenate([f.spacing, f.files[None, :].astype(F32)])
        pose = np.concatenate([f.anchor, f.facing])
        cached = self._slots is not None and self._slots.shape[1] == len(s)
        if not cached:
            self._u, self._v = slot_offsets(s, f, np.arange(len(s), dtype=np.int32))
            self._slots = np.empty((2, len(s)), F32)
            moved = np.arange(len(f))
        else:
            reshaped = (shape != self._shape).any(axis=0)
            ranks_changed = np.flatnonzero(troop != self._troop)
            if ranks_changed.size:
                reshaped[s.formation[ranks_changed]] = True
            if reshaped.any():
                rows = self._rows(f, np.flatnonzero(reshaped))
                self._u[rows], self._v[rows] = slot_offsets(s, f, rows)
            moved = np.flatnonzero(reshaped | (pose != self._pose).any(axis=0))
        self._place(f, moved)
        self._troop, self._shape, self._pose = troop, shape, pose
        return self._slots

    @staticmethod
    def _rows(f, which: np.ndarray) -> np.ndarray:
        ends = f.first + f.count
        return np.concatenate([np.arange(f.first[i], ends[i], dtype=np.int32) for i in which])

    def _place(self, f, which: np.ndarray) -> None:
        """World slots of the formations `which`, from their cached offsets (rows contiguous)."""
        u, v, out = self._u, self._v, self._slots
        assert u is not None and v is not None and out is not None
        if 2 * which.size >= len(f) and _tiled(f, out.shape[1]):
            # most formations moved (the march): all rows at once, by each row's formation's
            # anchor and facing, in the same operations and order as the loop below
            fx, fy = np.repeat(f.facing[0], f.count), np.repeat(f.facing[1], f.count)
            ax, ay = np.repeat(f.anchor[0], f.count), np.repeat(f.anchor[1], f.count)
            np.subtract(ax - u * fy, v * fx, out=out[0])
            np.subtract(ay + u * fx, v * fy, out=out[1])
            return
        for i in which.tolist():  # formations, not soldiers: ~10 a side
            r = rows(f, i)
            a, b = r.start, r.stop
            fx, fy = f.facing[0, i], f.facing[1, i]
            ax, ay = f.anchor[0, i], f.anchor[1, i]
            # as slot_positions: ax - u*fy - v*fx, ay + u*fx - v*fy, in that order
            out[0, a:b] = ax - u[a:b] * fy - v[a:b] * fx
            out[1, a:b] = ay + u[a:b] * fx - v[a:b] * fy


def _tiled(f, n: int) -> bool:
    """Whether the formations' rows follow each other from row 0 and cover all `n` rows."""
    ends = f.first + f.count
    return (
        len(f) > 0 and f.first[0] == 0 and ends[-1] == n and bool((f.first[1:] == ends[:-1]).all())
    )


def is_column(formations) -> np.ndarray:
    """Formations deeper than they are wide march facing their route; lines keep their front."""
    f = formations
    files = np.maximum(f.files, 1)
    ranks = (f.count + files - 1) // files
    return ranks * f.spacing[1] > files * f.spacing[0]


def march_anchors(formations, pace_speed: np.ndarray, tempo: float, dt: float) -> None:
    """Move every anchor towards its target at its pace; turn its facing. Writes formations."""
    f = formations
    to = f.target - f.anchor
    dist = np.sqrt(to[0] * to[0] + to[1] * to[1])
    moving = (
        (dist > ARRIVED) & (f.state != FormationState.HALTED) & (f.state != FormationState.BROKEN)
    )
    step = np.minimum(dist, pace_speed * ANCHOR_PACE * F32(tempo * dt))
    safe = np.where(dist > 0, dist, F32(1))
    heading = to / safe
    f.anchor += np.where(moving, heading * step, F32(0)).astype(F32)

    # A column faces its route on a long march; a line keeps its ordered front (it may move
    # obliquely), as drilled troops did.
    far = moving & ~f.keep_facing & (dist > F32(40.0)) & is_column(f)
    desired = np.where(far, heading, f.target_facing).astype(F32)
    f.facing[:] = turn_towards(f.facing, desired, float(TURN_RATE * tempo * dt))

    arrived = ~moving & (f.state == FormationState.MARCHING)
    f.state[arrived] = FormationState.HOLDING


def turn_towards(current: np.ndarray, desired: np.ndarray, rate: float) -> np.ndarray:
    """Rotate (2, N) unit vectors part of the way towards others, without trigonometry.

    An about-face is taken through the right-hand side, so the blend never passes through zero.
    """
    cx, cy = current
    dx, dy = desired
    back = (cx * dx + cy * dy) < F32(-0.5)
    gx = select(back, -cy, dx)
    gy = select(back, cx, dy)
    k = F32(min(max(rate, 0.0), 1.0))
    ox = cx + (gx - cx) * k
    oy = cy + (gy - cy) * k
    norm = np.sqrt(ox * ox + oy * oy)
    norm = floor_at(norm, F32(1e-6))
    out = np.empty_like(current, dtype=F32)
    np.divide(ox, norm, out=out[0])
    np.divide(oy, norm, out=out[1])
    return out
