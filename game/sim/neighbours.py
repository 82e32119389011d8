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

    i: np.ndarray  # (P,) int32 rows
    j: np.ndarray
    dx: np.ndarray  # (P,) f32
    dy: np.ndarray
    dist: np.ndarray  # (P,) f32

    @classmethod
    def none(cls) -> Pairs:
        e = np.zeros(0, I32)
        z = np.zeros(0, F32)
        return cls(e, e, z, z, z)


def close_pairs(x: np.ndarray, y: np.ndarray, reach: float) -> Pairs:
    """All pairs of rows closer than `reach` metres, given their x and y coordinates."""
    m = int(x.shape[0])
    if m < 2:
        return Pairs.none()
    inv = F32(1.0 / reach)
    cx = (x * inv).astype(I32)  # positions are on the map, so >= 0: truncation is floor
    cy = (y * inv).astype(I32)
    cx -= cx.min() - 1
    cy -= cy.min()
    width = int(cx.max()) + 2
    key = cy.astype(np.int64) * width + cx
    order = np.argsort(key, kind="stable").astype(I32)
    skey = key[order]
    # x + iy in one complex64: a pair's offset is one gather per side instead of two
    sz = (x + y * np.complex64(1j)).astype(np.complex64)[order]

    first = np.empty(m, bool)
    first[0] = True
    np.not_equal(skey[1:], skey[:-1], out=first[1:])
    ustart = np.append(np.flatnonzero(first), m).astype(I32)  # one past the last cell too
    ukey = skey[ustart[:-1]]
    cell_of = np.cumsum(first, dtype=I32) - 1

    # Per occupied cell u with key k: the (own, east) run ends where the keys reach k + 2, at
    # most two cells on; the row below holds keys k+W-1 .. k+W+1, found by one sorted search
    # and at most three steps on. Keys are unique and sorted, so no other search is needed.
    n_cells = ukey.shape[0]
    padded = np.append(ukey, np.iinfo(np.int64).max)
    u = np.arange(n_cells, dtype=I32)
    east = u + 1 + (padded[u + 1] == ukey + 1)
    lo = np.searchsorted(ukey, ukey + (width - 1)).astype(I32)
    top = ukey + (width + 2)
    hi = lo.copy()
    for _ in range(3):
        hi += padded[hi] < top
    east_end = ustart[east]
    below_lo = ustart[lo]
    below_hi = ustart[hi]

    me = np.arange(m, dtype=I32)
    start = np.concatenate([me + 1, below_lo[cell_of]])
    count = np.concatenate([east_end[cell_of] - (me + 1), (below_hi - below_lo)[cell_of]])
    owner = np.concatenate([me, me])
    total = int(count.sum())
    if total == 0:
        return Pairs.none()
    ii = np.repeat(owner, count)
    jj = np.arange(total, dtype=I32) + np.repeat(
        start - (np.cumsum(count, dtype=I32) - count), count
    )
    dz = sz[jj] - sz[ii]
    d2 = dz.real * dz.real + dz.imag * dz.imag
    keep = np.flatnonzero(d2 < F32(reach * reach))
    dz = dz[keep]
    return Pairs(
        i=order[ii[keep]],
        j=order[jj[keep]],
        dx=np.ascontiguousarray(dz.real),
        dy=np.ascontiguousarray(dz.imag),
        dist=np.sqrt(d2[keep]),
    )
