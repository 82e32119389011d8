"""Who stands near whom: close pairs of soldiers from a uniform grid, in O(N) numpy.

Agents are sorted by cell key, row-major over the occupied bounding box. In that order the
cells a man must search form two contiguous runs: the rest of his own cell plus the cell to his
east, and the three cells of the row below. Searching only those (a half stencil) finds every
pair exactly once, with no Python loop over soldiers; the cell lookups are per occupied cell,
not per man, and the gathers run in cell-sorted order, which keeps them cache-friendly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

F32 = np.float32
I32 = np.int32


@dataclass(frozen=True)
class Pairs:
    """Close pairs, each once: rows i and j of the input, and the offset pos[j] - pos[i]."""

    i: np.ndarray  # (P,) rows: int32, or the labels' dtype (np.intp from the neighbour pass)
    j: np.ndarray
    dx: np.ndarray  # (P,) f32
    dy: np.ndarray
    dist: np.ndarray  # (P,) f32

    @classmethod
    def none(cls) -> Pairs:
        e = np.zeros(0, I32)
        z = np.zeros(0, F32)
        return cls(e, e, z, z, z)


class SortHint:
    """The last pass's cell order, as the labels (soldier rows) of `close_pairs`' men.

    Men move little between passes, so laid out in that order the next pass's keys are nearly
    sorted, and a merge sort (numpy's stable sort) takes about half the time of the default
    sort on them. The keys are unique, so every sort of them gives the same order: a hint that
    is stale or from another battle moment changes the time taken, never the pairs.
    """

    def __init__(self) -> None:
        self.labels: np.ndarray | None = None

    def clear(self) -> None:
        self.labels = None

    def layout(self, labels: np.ndarray, on: np.ndarray) -> np.ndarray | None:
        """Positions in `labels` (ascending rows, those with `on` set) in the last pass's order,
        or None when that order does not cover exactly these rows."""
        last = self.labels
        if last is None or last.shape[0] < labels.shape[0] or last.max() >= on.shape[0]:
            return None
        last = last[np.take(on, last)]
        if last.shape[0] != labels.shape[0]:
            return None
        rank = np.cumsum(on, dtype=np.intp)  # a row's position among the rows `on`, plus one
        rank -= 1
        return np.take(rank, last)


def close_pairs(
    x: np.ndarray,
    y: np.ndarray,
    reach: float,
    labels: np.ndarray | None = None,
    hint: np.ndarray | None = None,
    keep_order: SortHint | None = None,
) -> Pairs:
    """All pairs of rows closer than `reach` metres, given their x and y coordinates.

    With `labels` the pairs name `labels[row]`, not the row. `hint`, a permutation of the rows
    (`SortHint.layout`), only speeds the sort up; `keep_order` is given this pass's order.
    """
    m = int(x.shape[0])
    if m < 2:
        return Pairs.none()
    inv = F32(1.0 / reach)
    cx = (x * inv).astype(I32)  # positions are on the map, so >= 0: truncation is floor
    cy = (y * inv).astype(I32)
    cx -= cx.min() - 2  # keys start at 2, so a key minus one or two is never negative
    cy -= cy.min()
    width = int(cx.max()) + 2
    # Sort by (cell key, row) in one unique int64: any sort then gives the order of a stable
    # argsort of the key, and numpy's default sort of int64 is several times faster.
    bits = max(1, (m - 1).bit_length())
    packed = cy.astype(np.int64)
    packed *= width
    packed += cx
    packed <<= bits
    packed |= np.arange(m, dtype=np.int64)
    if hint is None:
        packed.sort()
    else:  # nearly sorted in the last pass's order: a merge sort finds the runs
        packed = np.take(packed, hint)
        packed.sort(kind="stable")
    order = packed & ((1 << bits) - 1)  # (int64, np.take's own index type: no conversion)
    skey = (packed >> bits).astype(I32)
    sx = np.take(x, order)  # (np.take: several times faster than indexing for these)
    sy = np.take(y, order)
    named = order.astype(I32) if labels is None else np.take(labels, order)
    if keep_order is not None:
        keep_order.labels = named

    first = np.empty(m + 1, bool)
    first[0] = first[m] = True
    np.not_equal(skey[1:], skey[:-1], out=first[1:m])
    bounds = np.flatnonzero(first).astype(I32)  # where each occupied cell starts, then m
    east_end, lo, n_below = _runs(np.take(skey, bounds[:-1]), bounds, width)

    # Candidates: every man's two runs, the east runs of all men first, then those below.
    me1 = np.arange(1, m + 1, dtype=I32)
    count = np.concatenate([east_end - me1, n_below])
    total = int(count.sum())
    if total == 0:
        return Pairs.none()
    start = np.concatenate([me1, lo])
    run = np.repeat(np.arange(2 * m, dtype=I32), count)  # which run each candidate is of
    skip = np.cumsum(count, dtype=I32)
    skip -= count
    jj = np.take(start - skip, run)
    jj += np.arange(total, dtype=I32)
    ii = run
    ii[int(count[:m].sum()) :] -= I32(m)  # the runs below are the same men's
    dx = np.take(sx, jj)
    dx -= np.take(sx, ii)
    dy = np.take(sy, jj)
    dy -= np.take(sy, ii)
    d2 = dx * dx
    d2 += dy * dy
    keep = np.flatnonzero(d2 < F32(reach * reach))
    return Pairs(
        i=np.take(named, np.take(ii, keep)),
        j=np.take(named, np.take(jj, keep)),
        dx=np.take(dx, keep),
        dy=np.take(dy, keep),
        dist=np.sqrt(np.take(d2, keep)),
    )


def _runs(
    ukey: np.ndarray, bounds: np.ndarray, width: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per man, in sorted order: where his run east ends, and where the run of the row below
    starts and how long it is; looked up once per occupied cell (keys `ukey`, ascending).

    His run east is the rest of his cell and the cell to its east, if occupied: that is the
    next occupied cell, with key k + 1. The row below is cells q .. q + 2, q = k + W - 1: at
    most three occupied cells, consecutive in `ukey` from the first key >= q.
    """
    c = ukey.shape[0]
    starts, ends = bounds[:-1], bounds[1:]
    east = ends.copy()
    nxt = np.flatnonzero(ukey[1:] == ukey[:-1] + I32(1))
    east[nxt] = np.take(ends, nxt + 1)

    q = ukey + I32(width - 1)
    p = _first_at_least(ukey, q)  # the first occupied key >= q (c: none)
    keys = np.empty(c + 3, I32)  # past the last cell, keys read as beyond any row
    keys[:c] = ukey
    keys[c:] = np.iinfo(I32).max
    hi = q + I32(2)
    below = np.take(keys, p) <= hi
    last = p + (np.take(keys, p + 1) <= hi)  # the last occupied cell of the three
    last += np.take(keys, p + 2) <= hi
    np.minimum(p, c - 1, out=p)  # (read, then masked by `below`, when there is none)
    np.minimum(last, c - 1, out=last)
    lo = np.take(starts, p)
    n_below = np.take(ends, last)
    n_below -= lo
    n_below *= below
    # each man's cell (the number of cells starting at or before him, less one): three
    # gathers by it cost less than three repeats by the cells' sizes, which are mostly 1 or 2
    cell = np.zeros(int(bounds[-1]), I32)
    cell[bounds[1:-1]] = 1
    np.cumsum(cell, out=cell)
    return np.take(east, cell), np.take(lo, cell), np.take(n_below, cell)


def _first_at_least(keys: np.ndarray, q: np.ndarray) -> np.ndarray:
    """`np.searchsorted(keys, q)` for ascending `keys` and ascending `q`, by one merge.

    Laid end to end, q then keys are two sorted runs, which a stable sort merges in one linear
    pass (binary searches cost ~3x as much here). A query ties before an equal key, so the
    keys before the i-th query in the merge are those below it: its position less i.
    """
    c = q.shape[0]
    merged = np.argsort(np.concatenate([q, keys]), kind="stable").astype(I32)
    at = np.flatnonzero(merged < I32(c)).astype(I32)
    at -= np.arange(c, dtype=I32)
    return at
