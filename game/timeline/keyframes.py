"""Keyframes: a bounded, two-tier cache of whole-world snapshots, for exact seeking.

A keyframe is `World.snapshot()` taken at some tick, less the columns the next tick recomputes
before reading them (`RECOMPUTED`), so whatever state the simulation grows (new tables, new
columns) is kept without this module knowing about it. Two tiers:

- **sparse** keyframes every `sparse_every` ticks over the whole battle. Every
  `anchor_every`-th tick of them is an *anchor*: each column compressed on its own
  (byte-shuffled, zlib level 1), and columns still equal to tick 0's (formation, kind, side...)
  stored as a reference to tick 0's array, for free. The others are stored against their
  anchor (below). The worker computes this tier first, in one pass through the battle; it is
  evicted only after the whole dense tier, anchors last. Where a sparse interval's ticks cost
  the worker more than `precompute.PROMOTE_CPU_SECONDS` (the melee), it also keeps a keyframe 9
  ticks in, *promoted*: evicted after the dense tier, before the sparse one (`promote`).
- **dense** keyframes every `dense_every` ticks, stored against their anchor too. When the
  cache is over its bound the dense keyframes furthest from the playhead go first, so the dense
  tier gathers around the playhead and the background worker refills it as the playhead moves.

"Against the anchor": a column equal to the anchor's costs nothing; a float32 column is stored
as the zigzagged difference of its bit patterns from the anchor's (close floats differ by a
small integer: zero high bytes), other columns as their XOR; or raw, when it has fewer nonzero
elements raw than as a difference. Each column is then byte-shuffled and zlib-1 compressed.

Decoded keyframes are kept in a small LRU (they count towards the bound too), so dragging the
playhead back and forth over one stretch decodes each anchor once.

Why these numbers (measured at 1:1 scale, 40,000 men, from snapshots of a whole run and with
`bench/bench_timeline.py`, on the shared 2-core machine): a snapshot is 2.36 MB raw (2.04 MB
without the push). Stored against its anchor a keyframe is ~340 KB on average (up to ~620 KB in
the melee): velocity ~140 KB, facing ~115 KB, position ~80 KB. What is left is the low mantissa
bits of men who move, which are noise: zlib 9, bz2 and xz save only 4-8 % more, at 5-20x the
time; XOR against the previous keyframe instead of the anchor only ~10 % (and would chain the
decodes). So at most ~850 keyframes fit in the 300 MB bound. A tick costs ~5-7 ms (median,
quiet machine; 10-12 ms in the melee while other jobs share the cores), decoding a keyframe and
its anchor ~4 + 4 ms, a restore 0.4 ms. A sparse keyframe every 15 ticks takes ~265 MB of the
bound for the whole battle, and any exact seek re-simulates at most 15 ticks; tick 0 and the
decoded copies take ~12 MB, and the rest (~25 MB, ~75 keyframes, +-110 ticks at 3 apart) is
the dense tier around the playhead (see README, Timeline).

Keyframes silently encode the code that made them, so a cache is keyed by scenario file and
content, account, scale and seed, and lives only as long as the process (never on disk).
Thread-safe: the background worker puts while the UI thread reads.
"""

from __future__ import annotations

import bisect
import hashlib
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.sim.tables import flagged
from game.sim.tick import CONTACT_EVERY
from game.sim.world import World

Column = tuple[str, ...]

DENSE_EVERY = 3
"""Ticks between dense keyframes, near the playhead: a seek there re-simulates at most 3 ticks.
A multiple of `CONTACT_EVERY`, as every keyframe tick must be (see `RECOMPUTED`)."""

SPARSE_EVERY = 15
"""Ticks between sparse keyframes, over the whole battle: an exact seek anywhere re-simulates
at most 15 ticks (~75-110 ms at 5-7 ms a tick; more in the melee or on a busy machine). 760 of
them take ~265 MB; 12 apart would take ~330 MB, over the bound by themselves."""

ANCHOR_EVERY = 90
"""Ticks between anchors (4.5 battle s), the sparse keyframes the others are stored against.
An anchor costs ~410 KB, ~70 KB more than a keyframe stored against one, and the further apart,
the bigger the others (~+4 % from 60 to 120 ticks): between 60 and 120 the total moves by ~2 %
(estimated). At 90 six sparse keyframes share an anchor's decode."""

RECOMPUTED: tuple[Column, ...] = flagged(lambda column: column.recomputed)
"""Columns a keyframe leaves out (flagged `recomputed` in `game.sim.tables`): the tick after it
overwrites them before anything reads them.
Every tick that is a multiple of `CONTACT_EVERY` refreshes the separation push (the neighbour
pass, `game.sim.tick`) before any system reads it, and keyframe ticks are such multiples. It is
noise wherever a man is pushed and a fifth of a keyframe's bytes: leaving it out is what lets
the sparse tier be 15 ticks apart instead of ~20. A world restored from a keyframe is therefore
exact from the next tick on: an exact seek to a keyframe's own tick starts from the keyframe
before (`Keyframes.start_for`); a drag's preview shows the keyframe as it is."""

NOT_DRAWN: tuple[Column, ...] = flagged(lambda column: not column.drawn)
"""Columns a drag's preview does not decode (`Keyframes.preview`; not `drawn` in
`game.sim.tables`): the view never draws them.
Velocity is ~40 % of a keyframe's bytes: a cold preview (keyframe and anchor) decodes and
restores in ~6.5 ms instead of ~9 (1:1, CPU time), which leaves room under the 16 ms target
for a busy machine."""

BUDGET_BYTES = 300 * 1024 * 1024
"""The bound on everything the cache holds (encoded keyframes, tick 0, decoded copies)."""

DECODED_ENTRIES = 4
"""Decoded keyframes kept (an anchor and the keyframes being dragged over)."""

ZLIB_LEVEL = 1
"""Level 1: ~3x faster than the default for ~3 % more bytes on this data (shuffled floats)."""


@dataclass(frozen=True)
class CacheKey:
    """What a keyframe depends on besides the tick. Different key, different battle."""

    scenario: str  # file path and a digest of its text
    account: str
    scale: int
    seed: int
    strengths: str = "default"  # the strength variant (`--strengths`)

    @classmethod
    def of(cls, world: World) -> CacheKey:
        path = world.scenario.path
        try:
            digest = hashlib.blake2b(path.read_bytes(), digest_size=8).hexdigest()
        except OSError:
            digest = "unreadable"
        return cls(f"{path}#{digest}", world.account, world.scale, world.seed, world.strengths)


# -- column codec ------------------------------------------------------------------------------
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


def _bytes_of(arr: np.ndarray) -> np.ndarray:
    """The array's bytes as (elements, itemsize) uint8, without copying when contiguous."""
    a = np.ascontiguousarray(arr)
    return a.reshape(-1).view(np.uint8).reshape(-1, max(a.itemsize, 1))


def _pack(raw: np.ndarray) -> bytes:
    """Byte-shuffle (all first bytes, then all second bytes...) and compress."""
    return zlib.compress(np.ascontiguousarray(raw.T).tobytes(), ZLIB_LEVEL)


def _unpack(blob: bytes, like: np.ndarray) -> np.ndarray:
    """Decompress and unshuffle into an array shaped and typed like `like`. Plane by plane
    into a strided view: ~5x faster than copying the transposed planes (numpy's transpose copy
    of a (4, N) uint8 array walks it byte by byte)."""
    n, size = like.size, like.itemsize
    planes = np.frombuffer(zlib.decompress(blob), np.uint8).reshape(size, n)
    out = np.empty((n, size), np.uint8)
    for k in range(size):
        out[:, k] = planes[k]
    return out.reshape(-1).view(like.dtype).reshape(like.shape)


def _delta(arr: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """`arr` against `ref`, as bytes that are zero where they are equal. Floats as the
    difference of their bit patterns, zigzagged: two close floats differ by a small integer
    (a few low bytes), where their XOR can flip every mantissa bit across a power of two."""
    if arr.dtype == np.float32:
        d = (_u32(arr) - _u32(ref)).view(np.int32)
        return _bytes_of((d << 1) ^ (d >> 31))
    return _bytes_of(arr) ^ _bytes_of(ref)


def _undelta(delta: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """The inverse of `_delta`: `delta` is an array shaped and typed like `ref`."""
    if ref.dtype == np.float32:  # in place: `delta` is the decoder's own fresh array
        z = _u32(delta)
        sign = z & 1
        np.negative(sign, out=sign)  # 0 or all ones
        z >>= 1
        z ^= sign
        z += _u32(ref)
        return z.view(np.float32).reshape(ref.shape)
    out = _bytes_of(delta)
    out ^= _bytes_of(ref)
    return out.reshape(-1).view(ref.dtype).reshape(ref.shape)


def _u32(arr: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(arr).reshape(-1).view(np.uint32)


def _cheaper_raw(arr: np.ndarray, delta: np.ndarray) -> bool:
    """Whether the column compresses better as it is than against its reference, judged by
    the nonzero elements (zeros cost next to nothing): a column that is mostly zero and noisy
    elsewhere (the separation push) is cheaper raw, as its XOR with another tick's is noise
    wherever either one is pushed."""
    if arr.dtype != np.float32:
        return False
    return np.count_nonzero(_u32(arr)) < np.count_nonzero(_u32(delta.view(np.float32)))


RAW, DELTA = 0, 1
"""How a column is stored: as it is, or against the reference's (see `_delta`)."""

Blob = tuple[int, bytes]


@dataclass
class Encoded:
    """One keyframe as stored: per column None (= the reference's) or (RAW or DELTA, bytes)."""

    tick: int
    anchor: int | None  # the anchor this is stored against, None for an anchor itself
    cols: dict[Column, Blob | None]
    meta: dict[str, Any]
    nbytes: int


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
                delta = _delta(arr, ref)
                if _cheaper_raw(arr, delta):
                    blob = (RAW, _pack(_bytes_of(arr)))
                else:
                    blob = (DELTA, _pack(delta))
            else:
                blob = (RAW, _pack(_bytes_of(arr)))
        else:
            if xor:
                raise ValueError(f"column {'.'.join(col)} changed shape; cannot XOR it")
            blob = (RAW, _pack(_bytes_of(arr)))
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
        arr = _unpack(data, ref)
        cols[col] = _undelta(arr, ref) if mode == DELTA else arr
    return join(cols, enc.meta)


def snapshot_nbytes(snap: dict) -> int:
    cols, _ = split(snap)
    return sum(a.nbytes for a in cols.values())


# -- the cache ---------------------------------------------------------------------------------
class Keyframes:
    """Bounded two-tier keyframe cache for one battle (one `CacheKey`).

    `put` stores a snapshot taken at a dense tick; `nearest_tick`/`get` find and decode the
    latest keyframe at or before a tick. Tick 0 is always kept, raw: any tick can be reached.
    Ticks that are multiples of `sparse_every` make the sparse tier, multiples of
    `anchor_every` among them its anchors (what the others are stored against); the rest of
    the multiples of `dense_every` make the dense tier.
    """

    def __init__(
        self,
        key: CacheKey,
        start: dict,
        *,
        dense_every: int = DENSE_EVERY,
        sparse_every: int = SPARSE_EVERY,
        anchor_every: int = ANCHOR_EVERY,
        budget_bytes: int = BUDGET_BYTES,
        decoded_entries: int = DECODED_ENTRIES,
    ):
        if start["tick"] != 0:
            raise ValueError(f"the first keyframe must be tick 0, got tick {start['tick']}")
        if dense_every < 1 or sparse_every % dense_every or anchor_every % sparse_every:
            raise ValueError(
                f"anchor_every ({anchor_every}) must be a multiple of sparse_every "
                f"({sparse_every}), and that of dense_every ({dense_every})"
            )
        if dense_every % CONTACT_EVERY:
            raise ValueError(
                f"dense_every ({dense_every}) must be a multiple of CONTACT_EVERY "
                f"({CONTACT_EVERY}): keyframes leave out what such a tick recomputes"
            )
        self.key = key
        self.dense_every = dense_every
        self.sparse_every = sparse_every
        self._promoted: set[int] = set()
        self.anchor_every = anchor_every
        self.budget_bytes = budget_bytes
        self.decoded_entries = decoded_entries
        self.playhead = 0  # set by the playback; eviction keeps what is near it
        self.peak_bytes = 0
        self._lock = threading.RLock()
        self._base, self._base_meta = split(_deep_copy(start))
        self._base_bytes = snapshot_nbytes(start)
        self._entries: dict[int, Encoded] = {}
        self._sorted: list[int] = [0]
        self._decoded: OrderedDict[int, dict] = OrderedDict()
        self._decoded_bytes = 0
        self._encoded_bytes = 0
        self._dense_size = 0  # running mean size of a keyframe against its anchor, to admit
        self._dense_count = 0
        self.stored_budget = budget_bytes - decoded_entries * self._base_bytes
        """The bound on tick 0 plus the encoded tiers: the rest is reserved for the decoded
        copies (at most `decoded_entries` whole snapshots), so decoding never evicts keyframes
        and the worker never refills what decoding pushed out."""
        if self.stored_budget < self._base_bytes:
            raise ValueError(
                f"budget_bytes {budget_bytes} is too small for this world: give at least "
                f"{(decoded_entries + 1) * self._base_bytes}"
            )
        self._events: tuple = tuple(start.get("events", ()))
        self._events_tick = 0

    @classmethod
    def for_world(cls, world: World, **kw) -> Keyframes:
        """A cache for `world`'s battle, seeded with its state, which must be tick 0."""
        return cls(CacheKey.of(world), world.snapshot(), **kw)

    # -- queries ---------------------------------------------------------------------------------
    @property
    def nbytes(self) -> int:
        return self._base_bytes + self._encoded_bytes + self._decoded_bytes

    @property
    def encoded_bytes(self) -> int:
        """The encoded keyframes alone (both tiers)."""
        return self._encoded_bytes

    @property
    def stored_bytes(self) -> int:
        """Tick 0 and the encoded keyframes, without the decoded copies."""
        return self._base_bytes + self._encoded_bytes

    def __contains__(self, tick: int) -> bool:
        return tick == 0 or tick in self._entries

    def __len__(self) -> int:
        return 1 + len(self._entries)

    def ticks(self) -> list[int]:
        with self._lock:
            return list(self._sorted)

    def is_anchor(self, tick: int) -> bool:
        return tick % self.anchor_every == 0

    def is_sparse(self, tick: int) -> bool:
        """Whether `tick` belongs to the sparse tier (anchors included)."""
        return tick % self.sparse_every == 0

    def rank(self, tick: int) -> int:
        """What eviction spares longest: 3 for an anchor, 2 for the sparse tier, 1 for a
        keyframe promoted between two sparse ones where ticks are dear, 0 for dense."""
        if self.is_anchor(tick):
            return 3
        if self.is_sparse(tick):
            return 2
        return 1 if tick in self._promoted else 0

    def promote(self, tick: int) -> None:
        """Keep the keyframe at `tick` (when put) before the dense tier: the worker found the
        sparse interval around it too dear to re-simulate within an exact seek's budget."""
        with self._lock:
            self._promoted.add(tick)

    def nearest_tick(self, tick: int) -> int:
        """The latest keyframe at or before `tick` (0 at worst)."""
        with self._lock:
            i = bisect.bisect_right(self._sorted, tick)
            return self._sorted[max(i - 1, 0)]

    def start_for(self, tick: int) -> int:
        """The keyframe to restore to reach `tick` exactly: the latest before it, or `tick`
        itself only if it is 0 (the others leave out `RECOMPUTED`: exact from the next tick)."""
        return self.nearest_tick(tick - 1) if tick > 0 else 0

    def get(self, tick: int) -> dict:
        """The keyframe at `tick`, decoded (a snapshot `World.restore` accepts; but for tick 0,
        without the `RECOMPUTED` columns, which a restore leaves as they were). Do not mutate.

        Raises KeyError if `tick` is not held, which can happen between `nearest_tick` and this
        call when the worker evicts it: choose again (`Playback` does). Once the entry is found,
        the decode cannot fail: its anchor is taken under the same lock."""
        hit, (enc, anchor_enc, anchor) = self._lookup(tick)
        if hit is not None:
            return hit
        if enc.anchor is None:
            snap = decode(enc, self._base)
        else:
            if anchor is None:
                assert anchor_enc is not None
                anchor = decode(anchor_enc, self._base)
                with self._lock:
                    self._remember(enc.anchor, anchor)
            ref, _ = split(anchor)
            snap = decode(enc, ref)
        with self._lock:
            self._remember(tick, snap)
            self._evict()
        return snap

    def preview(self, tick: int) -> dict:
        """The keyframe at `tick` as a drag shows it: decoded but for `NOT_DRAWN` (a restore
        leaves those as they were), unless it is decoded already. Not remembered: the decoded
        copies stay whole snapshots, which exact seeks can use. KeyError as `get`."""
        hit, (enc, anchor_enc, anchor) = self._lookup(tick)
        if hit is not None:
            return hit
        if enc.anchor is None:
            return decode(enc, self._base, NOT_DRAWN)
        if anchor is None:
            assert anchor_enc is not None
            anchor = decode(anchor_enc, self._base, NOT_DRAWN)
        ref, _ = split(anchor)
        return decode(enc, ref, NOT_DRAWN)

    def _lookup(self, tick: int) -> tuple[dict | None, tuple[Any, Any, Any]]:
        """Under the lock: the keyframe if decoded already (tick 0 always is), else None and the
        entry with its anchor as stored and as decoded (if it is). An entry is dropped with its
        anchor, so while the entry is held its anchor is too. KeyError if not held."""
        with self._lock:
            if tick == 0:
                return join(self._base, self._base_meta), (None, None, None)
            hit = self._decoded.get(tick)
            if hit is not None:
                self._decoded.move_to_end(tick)
                return hit, (None, None, None)
            enc = self._entries[tick]
            if enc.anchor is None:
                return None, (enc, None, None)
            if enc.anchor == 0:  # tick 0 is the base, always held
                return None, (enc, None, join(self._base, self._base_meta))
            return None, (enc, self._entries[enc.anchor], self._decoded.get(enc.anchor))

    def coverage(self) -> list[tuple[int, int]]:
        """Stretches of the battle [start, end] with a keyframe at least every `sparse_every`
        ticks: an exact seek there re-simulates less than `sparse_every` ticks."""
        with self._lock:
            ticks = list(self._sorted)
        runs: list[tuple[int, int]] = []
        for t in ticks:
            if runs and t - runs[-1][1] <= self.sparse_every:
                runs[-1] = (runs[-1][0], t)
            else:
                runs.append((t, t))
        return runs

    def events(self) -> tuple:
        """The longest event log seen: the battle's events up to the furthest keyframe."""
        return self._events

    def missing(self, tick: int) -> bool:
        """Whether a keyframe is due at `tick` and not held."""
        return tick % self.dense_every == 0 and tick not in self

    def would_keep(self, tick: int) -> bool:
        """Whether a keyframe at `tick` would survive eviction now (the worker asks first)."""
        with self._lock:
            size = self._dense_size or 1
            if self.stored_bytes + size <= self.stored_budget:
                return True
            rank, d = self.rank(tick), abs(tick - self.playhead)
            for t in self._entries:
                r = self.rank(t)
                if r < rank or (r == rank and abs(t - self.playhead) > d):
                    return True  # something held would go first
            return False

    def full(self) -> bool:
        """Whether the encoded tiers have no room left for another dense keyframe."""
        return self.stored_bytes + (self._dense_size or 1) > self.stored_budget

    def missing_sparse_after(self, tick: int, end: int) -> bool:
        """Whether a sparse keyframe after `tick` (up to `end`) is still to be computed."""
        first = tick - tick % self.sparse_every + self.sparse_every
        return any(t not in self for t in range(first, end + 1, self.sparse_every))

    # -- updates ---------------------------------------------------------------------------------
    def put(self, snap: dict) -> bool:
        """Store `snap` (a `World.snapshot()`) if its tick is a keyframe tick; True if kept."""
        tick = int(snap["tick"])
        if tick % self.dense_every or tick in self:
            return False
        snap = _without_recomputed(snap)
        anchor_tick = tick - tick % self.anchor_every
        if self.is_anchor(tick):
            enc = encode(snap, self._base, xor=False, anchor=None)
        elif anchor_tick in self:
            ref, _ = split(self.get(anchor_tick))
            enc = encode(snap, ref, xor=True, anchor=anchor_tick)
        else:  # its anchor was evicted: store it as an anchor of its own kind
            enc = encode(snap, self._base, xor=False, anchor=None)
        with self._lock:
            if tick in self:
                return False
            self._entries[tick] = enc
            self._sorted.insert(bisect.bisect_right(self._sorted, tick), tick)
            self._encoded_bytes += enc.nbytes
            if enc.anchor is not None:
                self._dense_count += 1
                self._dense_size += (enc.nbytes - self._dense_size) // self._dense_count
            events = snap.get("events", ())
            if tick > self._events_tick and len(events) >= len(self._events):
                self._events, self._events_tick = tuple(events), tick
            self._evict()
            self.peak_bytes = max(self.peak_bytes, self.nbytes)
            return tick in self._entries

    def _remember(self, tick: int, snap: dict) -> None:
        if tick in self._decoded:
            return
        self._decoded[tick] = snap
        self._decoded_bytes += snapshot_nbytes(snap)
        while len(self._decoded) > self.decoded_entries:
            _, old = self._decoded.popitem(last=False)
            self._decoded_bytes -= snapshot_nbytes(old)

    def _evict(self) -> None:
        """Drop the lowest tier first, and in a tier what is furthest from the playhead, until
        the cache fits its bound."""
        while self.nbytes > self.budget_bytes and self._decoded:  # (never, by the reserve)
            _, old = self._decoded.popitem(last=False)
            self._decoded_bytes -= snapshot_nbytes(old)
        if self.stored_bytes <= self.stored_budget:
            return
        p = self.playhead
        order = sorted(self._entries, key=lambda t: (self.rank(t), -abs(t - p), t))
        for t in order:
            if self.stored_bytes <= self.stored_budget:
                return
            if t in self._entries:  # (an anchor's drop takes its dependants along)
                self._drop(t)

    def _drop(self, tick: int) -> None:
        enc = self._entries.pop(tick)
        self._encoded_bytes -= enc.nbytes
        self._sorted.remove(tick)
        if tick in self._decoded:
            self._decoded_bytes -= snapshot_nbytes(self._decoded.pop(tick))
        if enc.anchor is None:  # what is stored against it cannot be decoded any more
            for t in [t for t, e in self._entries.items() if e.anchor == tick]:
                self._drop(t)


def _without_recomputed(snap: dict) -> dict:
    """`snap` less the `RECOMPUTED` columns (a shallow copy: the arrays are shared)."""
    out = dict(snap)
    for table, column in RECOMPUTED:
        if isinstance(out.get(table), dict) and column in out[table]:
            out[table] = {k: v for k, v in out[table].items() if k != column}
    return out


def _deep_copy(snap: dict) -> dict:
    cols, meta = split(snap)
    return join({c: a.copy() for c, a in cols.items()}, dict(meta))
