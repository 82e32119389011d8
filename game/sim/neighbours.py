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
    cx -= cx.min() - 2  # keys start at 2: the tables below are written two cells either side
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
    packed.sort()
    order = (packed & ((1 << bits) - 1)).astype(I32)
    skey = (packed >> bits).astype(I32)
    # x + iy in one complex64: a pair's offset is one gather per side instead of two
    sz = np.empty(m, np.complex64)
    sz.real = x[order]
    sz.imag = y[order]

    first = np.empty(m + 1, bool)
    first[0] = first[m] = True
    np.not_equal(skey[1:], skey[:-1], out=first[1:m])
    bounds = np.flatnonzero(first).astype(I32)  # where each occupied cell starts, then m
    ukey = skey[bounds[:-1]]

    # Two tables over the keys, written at occupied cells only and never cleared (np.empty):
    # head[q] is the first man of the first occupied cell among q..q+2, tail[r] one past the
    # last man of the last occupied cell among r-2..r. A read of an unwritten entry is caught
    # by checking the key found, so no pass over the whole grid is ever made.
    size = int(ukey[-1]) + width + 3
    head = np.empty(size, I32)
    tail = np.empty(size, I32)
    for d in (2, 1, 0):  # nearer cells are written last and win
        head[ukey - d] = bounds[:-1]
        tail[ukey + d] = bounds[1:]
    # In sorted order a man's half stencil is two runs: the rest of his own cell plus the cell
    # to his east (keys k, k+1; his own cell is occupied, so tail[k+1] is always written), and
    # the three cells of the row below (keys k+W-1 .. k+W+1).
    me1 = np.arange(1, m + 1, dtype=I32)
    east_end = tail[skey + 1]
    q = skey + (width - 1)
    lo = head[q]
    np.clip(lo, 0, m - 1, out=lo)
    found = skey[lo]
    found -= q
    below = found.view(np.uint32) <= 2  # some cell of the row below is occupied
    n_below = tail[q + 2] - lo
    n_below *= below

    start = np.concatenate([me1, lo])
    count = np.concatenate([east_end - me1, n_below])
    total = int(count.sum())
    if total == 0:
        return Pairs.none()
    me = me1 - 1
    ii = np.repeat(np.concatenate([me, me]), count)
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
