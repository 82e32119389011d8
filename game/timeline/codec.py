"""The keyframe codec: a world snapshot as compact bytes, against a reference snapshot.

A keyframe is `World.snapshot()` taken at some tick, less the columns the next tick recomputes
before reading them (`RECOMPUTED`), so whatever state the simulation grows (new tables, new
columns) is kept without this module knowing about it. Pure functions and one small stateful
`Encoder`: the background worker (another process) and the cache (`game.timeline.cache`) encode
and decode with the same code, so a keyframe made in the worker decodes to exactly the state a
straight run reaches.

"Against the reference": a column equal to the reference's costs nothing; a float32 column is
stored as the zigzagged difference of its bit patterns from the reference's (close floats differ
by a small integer: zero high bytes), other columns as their XOR; or raw, when it has fewer
nonzero elements raw than as a difference. Each column is then byte-shuffled and zlib-1
compressed. An *anchor* is stored against tick 0 (columns still equal to tick 0's cost
nothing); the other keyframes against their anchor.

Why this codec (measured at 1:1 scale, 40,000 men, on the shared 2-core machine): a snapshot is
2.36 MB raw (2.04 MB without the push). Against its anchor a keyframe is ~355 KB on average (up
to ~620 KB in the melee): velocity ~140 KB, facing ~115 KB, position ~80 KB. What is left is the
low mantissa bits of men who move, which are noise (velocity deltas carry ~22 of 32 bits): zlib
6 or 9, bz2, xz and bit-shuffling save 0-7 % at 2-6x the time; XOR against the previous
keyframe instead of the anchor ~6 % (and would chain the decodes); predicting positions from
the anchor's velocities saves nothing (men do not move in straight lines for 0.75 s).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.sim.tables import flagged

Column = tuple[str, ...]

RECOMPUTED: tuple[Column, ...] = flagged(lambda column: column.recomputed)
"""Columns a keyframe leaves out (flagged `recomputed` in `game.sim.tables`): the tick after it
overwrites them before anything reads them. Every tick that is a multiple of
`schedule.contact_every(tick_rate)` refreshes the separation push (the neighbour pass) before
any system reads it, and keyframe ticks are such multiples (`tiers.spacing`). It is
noise wherever a man is pushed and a fifth of a keyframe's bytes: leaving it out is what lets
the sparse tier be 15 ticks apart instead of ~20. A world restored from a keyframe is therefore
exact from the next tick on: an exact seek to a keyframe's own tick starts from the keyframe
before (`Keyframes.start_for`); a drag's preview shows the keyframe as it is."""

NOT_DRAWN: tuple[Column, ...] = flagged(lambda column: not column.drawn)
"""Columns a drag's preview does not decode (`Keyframes.preview`; not `drawn` in
`game.sim.tables`): the view never draws them.
Velocity is ~40 % of a keyframe's bytes: a cold preview (keyframe and anchor) decodes and
restores in ~6.5 ms instead of ~9 (1:1, CPU time)."""

ZLIB_LEVEL = 1
"""Level 1: ~3x faster than the default for ~4 % more bytes on this data (shuffled floats)."""

DELTA_STRATEGY = zlib.Z_RLE
"""How a column stored against its reference is compressed: its bytes are zero runs and low-byte
noise, which the run-length strategy codes as well as LZ77 (a keyframe against its anchor at
1:1: 365 KB instead of 375) without searching for matches: encoding took 8.7-10.0 ms of CPU
instead of 12.1-14.0 (the worker encodes ~2,000 of them for a battle, in the thread that shares
its core with the simulation), decoding 6.0-6.4 ms instead of 4.4-4.6 (one per exact seek;
python /work/team/r11/timeline/rle2_bench.py, load ~9). Raw columns (anchors) keep the default:
there the matches pay (466 KB an anchor, 527 KB run-length only)."""

RAW, DELTA = 0, 1
"""How a column is stored: as it is, or against the reference's (see `_delta`)."""

Blob = tuple[int, bytes]


@dataclass
class Encoded:
    """One keyframe as stored: per column None (= the reference's) or (RAW or DELTA, bytes).
    Plain data, so it crosses a process boundary as it is (pickle)."""

    tick: int
    anchor: int | None  # the anchor this is stored against, None if against tick 0
    cols: dict[Column, Blob | None]
    meta: dict[str, Any]
    nbytes: int


def split(snap: dict) -> tuple[dict[Column, np.ndarray], dict[str, Any]]:
    """A snapshot as (array columns, everything else). Tables are dicts of arrays."""
    cols: dict[Column, np.ndarray] = {}
    meta: dict[str, Any] = {}
    for key, value in snap.items():
        if isinstance(value, np.ndarray):
            cols[(key,)] = value
        elif (
            isinstance(value, dict)
            and value
            and all(isinstance(v, np.ndarray) for v in value.values())
        ):
            for name, arr in value.items():
                cols[(key, name)] = arr
        else:
            meta[key] = value
    return cols, meta


def join(cols: dict[Column, np.ndarray], meta: dict[str, Any]) -> dict:
    snap: dict[str, Any] = dict(meta)
    for col, arr in cols.items():
        if len(col) == 1:
            snap[col[0]] = arr
        else:
            snap.setdefault(col[0], {})[col[1]] = arr
    return snap


def without_recomputed(snap: dict) -> dict:
    """`snap` less the `RECOMPUTED` columns (a shallow copy: the arrays are shared)."""
    out = dict(snap)
    for table, column in RECOMPUTED:
        if isinstance(out.get(table), dict) and column in out[table]:
            out[table] = {k: v for k, v in out[table].items() if k != column}
    return out


def deep_copy(snap: dict) -> dict:
    cols, meta = split(snap)
    return join({c: a.copy() for c, a in cols.items()}, dict(meta))


def snapshot_nbytes(snap: dict) -> int:
    cols, _ = split(snap)
    return sum(a.nbytes for a in cols.values())


# -- columns -----------------------------------------------------------------------------------
def _bytes_of(arr: np.ndarray) -> np.ndarray:
    """The array's bytes as (elements, itemsize) uint8, without copying when contiguous."""
    a = np.ascontiguousarray(arr)
    return a.reshape(-1).view(np.uint8).reshape(-1, max(a.itemsize, 1))


def pack(raw: np.ndarray, strategy: int = zlib.Z_DEFAULT_STRATEGY) -> bytes:
    """Byte-shuffle (all first bytes, then all second bytes...) and compress."""
    z = zlib.compressobj(ZLIB_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS, 8, strategy)
    return z.compress(np.ascontiguousarray(raw.T).tobytes()) + z.flush()


def unpack(blob: bytes, like: np.ndarray) -> np.ndarray:
    """Decompress and unshuffle into an array shaped and typed like `like`. Plane by plane
    into a strided view: ~5x faster than copying the transposed planes (numpy's transpose copy
    of a (4, N) uint8 array walks it byte by byte)."""
    n, size = like.size, like.itemsize
    planes = np.frombuffer(zlib.decompress(blob), np.uint8).reshape(size, n)
    out = np.empty((n, size), np.uint8)
    for k in range(size):
        out[:, k] = planes[k]
    return out.reshape(-1).view(like.dtype).reshape(like.shape)


def delta(arr: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """`arr` against `ref`, as bytes that are zero where they are equal. Floats as the
    difference of their bit patterns, zigzagged: two close floats differ by a small integer
    (a few low bytes), where their XOR can flip every mantissa bit across a power of two."""
    if arr.dtype == np.float32:
        d = (_u32(arr) - _u32(ref)).view(np.int32)
        return _bytes_of((d << 1) ^ (d >> 31))
    return _bytes_of(arr) ^ _bytes_of(ref)


def undelta(diff: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """The inverse of `delta`: `diff` is an array shaped and typed like `ref`."""
    if ref.dtype == np.float32:  # in place: `diff` is the decoder's own fresh array
        z = _u32(diff)
        sign = z & 1
        np.negative(sign, out=sign)  # 0 or all ones
        z >>= 1
        z ^= sign
        z += _u32(ref)
        return z.view(np.float32).reshape(ref.shape)
    out = _bytes_of(diff)
    out ^= _bytes_of(ref)
    return out.reshape(-1).view(ref.dtype).reshape(ref.shape)


def _u32(arr: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(arr).reshape(-1).view(np.uint32)


def _cheaper_raw(arr: np.ndarray, diff: np.ndarray) -> bool:
    """Whether the column compresses better as it is than against its reference, judged by
    the nonzero elements (zeros cost next to nothing): a column that is mostly zero and noisy
    elsewhere is cheaper raw, as its difference with another tick's is noise wherever either
    one is not zero."""
    if arr.dtype != np.float32:
        return False
    return np.count_nonzero(_u32(arr)) < np.count_nonzero(_u32(diff.view(np.float32)))


# -- snapshots ---------------------------------------------------------------------------------
def encode(
    snap: dict, reference: dict[Column, np.ndarray], *, xor: bool, anchor: int | None
) -> Encoded:
    """`snap` against `reference`: unchanged columns cost nothing; with `xor`, changed ones are
    stored as their delta or raw, whichever looks cheaper; without, raw."""
    cols, meta = split(snap)
    out: dict[Column, Blob | None] = {}
    size = 0
    for col, arr in cols.items():
        ref = reference.get(col)
        blob: Blob
        if ref is not None and ref.shape == arr.shape and ref.dtype == arr.dtype:
            if np.array_equal(_bytes_of(arr), _bytes_of(ref)):
                out[col] = None
                continue
            if xor:
                diff = delta(arr, ref)
                if _cheaper_raw(arr, diff):
                    blob = (RAW, pack(_bytes_of(arr)))
                else:
                    blob = (DELTA, pack(diff, DELTA_STRATEGY))
            else:
                blob = (RAW, pack(_bytes_of(arr)))
        else:
            if xor:
                raise ValueError(f"column {'.'.join(col)} changed shape; cannot XOR it")
            blob = (RAW, pack(_bytes_of(arr)))
        out[col] = blob
        size += len(blob[1])
    size += 200 * len(meta) + 64 * len(out)  # dict and header overhead, roughly
    return Encoded(tick=int(snap["tick"]), anchor=anchor, cols=out, meta=meta, nbytes=size)


def decode(
    enc: Encoded, reference: dict[Column, np.ndarray], skip: tuple[Column, ...] = ()
) -> dict:
    """The snapshot `enc` holds, given the columns it was encoded against, less `skip`."""
    cols: dict[Column, np.ndarray] = {}
    for col, blob in enc.cols.items():
        if col in skip:
            continue
        ref = reference[col]
        if blob is None:
            cols[col] = ref
            continue
        mode, data = blob
        arr = unpack(data, ref)
        cols[col] = undelta(arr, ref) if mode == DELTA else arr
    return join(cols, enc.meta)


class Encoder:
    """Encodes a run of snapshots as a cache stores them: an anchor (every `anchor_every` ticks)
    against tick 0, the others against the anchor before them when it is known (`seed` it with a
    decoded anchor when a run starts past one), else against tick 0 as well.

    The worker process encodes with one of these per account; `Keyframes.put` does the same in
    process, so both make the same bytes."""

    def __init__(self, base: dict[Column, np.ndarray], anchor_every: int):
        self.base = base
        self.anchor_every = anchor_every
        self._anchor: tuple[int, dict[Column, np.ndarray]] | None = (0, base)

    def seed(self, tick: int, snap: dict) -> None:
        """The decoded anchor at `tick`: what keyframes after it are stored against."""
        self._anchor = (tick, split(snap)[0])

    def encode(self, snap: dict) -> Encoded:
        snap = without_recomputed(snap)
        tick = int(snap["tick"])
        anchor_tick = tick - tick % self.anchor_every
        if tick == anchor_tick:
            self._anchor = (tick, split(snap)[0])
            return encode(snap, self.base, xor=False, anchor=None)
        if self._anchor is not None and self._anchor[0] == anchor_tick:
            return encode(snap, self._anchor[1], xor=True, anchor=anchor_tick)
        return encode(snap, self.base, xor=False, anchor=None)  # its anchor is not known
