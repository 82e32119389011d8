"""Keyframes: a bounded, tiered cache of encoded world snapshots, for exact seeking.

One `Keyframes` per account of a battle; the accounts of one battle share a `Budget`. The tiers
(sparse, anchors, promoted, dense, keystones) and what eviction spares are in
`game.timeline.tiers`; each keyframe's tier and rank in `game.timeline.ranks`; the codec in
`game.timeline.codec`. Each (account, tier) keeps its ticks sorted, so the next victim of
eviction is one of their ends: finding it, and telling whether a keyframe would be kept
(`would_keep`, asked before every keyframe the worker computes), costs a few comparisons
instead of a scan of the cache.

Decoded keyframes are kept in a small LRU (they count towards the bound too, out of a reserve
of `decoded_entries` snapshots), so dragging the playhead back and forth over one stretch decodes
each anchor once. Keyframes silently encode the code that made them, so a cache is keyed by
scenario file and content, account, scale and seed, and lives only as long as the process
(never on disk). Thread-safe: the worker's receiver puts while the UI thread reads.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from game.scenario.errors import DataError
from game.scenario.reading import read_limited
from game.scenario.yamlsafe import MAX_FILE_BYTES
from game.sim.schedule import contact_every
from game.sim.world import World
from game.timeline import tiers
from game.timeline.codec import (
    NOT_DRAWN,
    Encoded,
    Encoder,
    decode,
    deep_copy,
    join,
    snapshot_nbytes,
    split,
)
from game.timeline.ranks import Ranked
from game.timeline.tiers import Budget


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
        try:  # bounded; a FIFO put in the file's place cannot block it
            digest = hashlib.blake2b(read_limited(path, MAX_FILE_BYTES), digest_size=8).hexdigest()
        except DataError:
            digest = "unreadable"
        return cls(f"{path}#{digest}", world.account, world.scale, world.seed, world.strengths)


class Keyframes(Ranked):
    """Bounded tiered keyframe cache for one account of a battle (one `CacheKey`).

    `put` stores a snapshot taken at a dense tick (`put_encoded`: one the worker encoded);
    `nearest_tick`/`get` find and decode the latest keyframe at or before a tick. Tick 0 is
    always kept, raw: any tick can be reached.
    """

    def __init__(
        self,
        key: CacheKey,
        start: dict,
        *,
        dense_every: int = tiers.DENSE_EVERY,
        sparse_every: int = tiers.SPARSE_EVERY,
        anchor_every: int = tiers.ANCHOR_EVERY,
        keystone_every: int = tiers.KEYSTONE_EVERY,
        budget_bytes: int = tiers.BUDGET_BYTES,
        decoded_entries: int = tiers.DECODED_ENTRIES,
        budget: Budget | None = None,
        contact: int = 3,
    ):
        """`contact`: ticks between neighbour passes (`schedule.contact_every`; 3 at 20 Hz)."""
        if start["tick"] != 0:
            raise ValueError(f"the first keyframe must be tick 0, got tick {start['tick']}")
        tiers.check_spacings(dense_every, sparse_every, anchor_every, keystone_every, contact)
        self.key = key
        self.dense_every = dense_every
        self.sparse_every = sparse_every
        self.anchor_every = anchor_every
        self.keystone_every = keystone_every
        self.budget = budget or Budget(budget_bytes, decoded_entries)
        self._lock = self.budget.lock
        self.peak_bytes = 0
        self._base, self._base_meta = split(deep_copy(start))
        self.base_bytes = snapshot_nbytes(start)
        self._encoder = Encoder(self._base, anchor_every)
        self._entries: dict[int, Encoded] = {}
        self._sorted: list[int] = [0]
        self._changes = 0  # puts and drops so far (what `coverage` was made of)
        self._coverage: tuple[tuple, list[tuple[int, int]]] | None = None  # (of what, runs)
        self._tiers: list[list[int]] = [[] for _ in tiers.TIER_NAMES]  # sorted ticks per tier
        self._dependants: dict[int, set[int]] = {}  # anchor tick -> ticks stored against it
        self._promoted: set[int] = set()
        self._decoded: OrderedDict[int, dict] = OrderedDict()
        self._decoded_bytes = 0
        self._encoded_bytes = 0
        self._dense_size = 0  # running mean size of a keyframe against its anchor, to admit
        self._dense_count = 0
        self._events: tuple = tuple(start.get("events", ()))
        self._events_tick = 0
        self.elsewhere: set[int] = set()
        """Ticks the worker's archive holds, as the scheduler knows them (`Precomputer` shares
        its set): computed, and a fetch away from an exact seek (`Precomputer.fetch`)."""
        self.budget.join(self)

    @classmethod
    def for_world(cls, world: World, **kw) -> Keyframes:
        """A cache for `world`'s battle, seeded with its state, which must be tick 0; its tiers
        spaced for the world's tick rate (`tiers.spacing`) unless given."""
        contact = contact_every(world.scenario.clock.tick_rate)
        kw = {**tiers.spacing(contact), **kw}
        return cls(CacheKey.of(world), world.snapshot(), contact=contact, **kw)

    @property
    def nbytes(self) -> int:
        return self.base_bytes + self._encoded_bytes + self._decoded_bytes

    @property
    def encoded_bytes(self) -> int:
        """The encoded keyframes alone (all tiers)."""
        return self._encoded_bytes

    @property
    def stored_bytes(self) -> int:
        """Tick 0 and the encoded keyframes, without the decoded copies."""
        return self.base_bytes + self._encoded_bytes

    # -- queries ---------------------------------------------------------------------------------
    def __contains__(self, tick: int) -> bool:
        return tick == 0 or tick in self._entries

    def __len__(self) -> int:
        return 1 + len(self._entries)

    def ticks(self) -> list[int]:
        with self._lock:
            return list(self._sorted)

    def nearest_tick(self, tick: int) -> int:
        """The latest keyframe at or before `tick` (0 at worst)."""
        with self._lock:
            i = bisect.bisect_right(self._sorted, tick)
            return self._sorted[max(i - 1, 0)]

    def next_tick(self, tick: int) -> int | None:
        """The first keyframe after `tick`, if any."""
        with self._lock:
            i = bisect.bisect_right(self._sorted, tick)
            return self._sorted[i] if i < len(self._sorted) else None

    def start_for(self, tick: int) -> int:
        """The keyframe to restore to reach `tick` exactly: the latest before it, or `tick`
        itself only if it is 0 (the others leave out `RECOMPUTED`: exact from the next tick)."""
        return self.nearest_tick(tick - 1) if tick > 0 else 0

    def frontier(self, tick: int) -> int:
        """The end of the stretch computed from `tick` on (`tiers.run_end`)."""
        with self._lock:
            return tiers.run_end(self._sorted, tick, self.sparse_every)

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

    def at_or_before(self, tick: int, exact: bool = True) -> dict:
        """The keyframe at `tick`, decoded (whole if `exact`, else as a drag shows it); if the
        worker evicted it meanwhile, the next one back (tick 0 is never evicted, so this ends)."""
        while True:
            try:
                return self.get(tick) if exact else self.preview(tick)
            except KeyError:
                tick = self.nearest_tick(tick - 1)  # strictly earlier, so this ends

    def encoded(self, tick: int) -> tuple[Encoded, Encoded | None] | None:
        """The entry at `tick` as stored and its anchor's (what the worker starts from), or
        None for tick 0 (the worker builds that itself) or a tick not held."""
        with self._lock:
            enc = self._entries.get(tick)
            if enc is None:
                return None
            if enc.anchor is None or enc.anchor == 0:
                return enc, None
            return enc, self._entries[enc.anchor]

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
        """Stretches of the battle [start, end] where an exact seek re-simulates less than
        `sparse_every` ticks (`tiers.runs`): from a keyframe held here or in the worker's
        archive (`elsewhere`; copied at once, as the scheduler's thread adds to it)."""
        with self._lock:
            away = frozenset(self.elsewhere)
            # The bar asks every frame: the runs are made again only when the ticks held have
            # changed (a put or a drop) or the archive's have (a set the scheduler adds to and
            # now and then takes from: its size and sum).
            key = (self._changes, len(away), sum(away))
            if self._coverage is None or self._coverage[0] != key:
                held = sorted(away.union(self._sorted)) if away else self._sorted
                self._coverage = (key, tiers.runs(held, self.sparse_every))
            return list(self._coverage[1])

    def events(self) -> tuple:
        """The longest event log seen: the battle's events up to the furthest keyframe."""
        return self._events

    def missing(self, tick: int) -> bool:
        """Whether a keyframe is due at `tick` and not held."""
        return tick % self.dense_every == 0 and tick not in self

    def missing_sparse_after(self, tick: int, end: int) -> bool:
        """Whether a sparse keyframe after `tick` (up to `end`) is still to be computed (held
        neither here nor in the worker's archive)."""
        first = tick - tick % self.sparse_every + self.sparse_every
        away = self.elsewhere
        return any(
            t not in self and t not in away for t in range(first, end + 1, self.sparse_every)
        )

    # -- updates ---------------------------------------------------------------------------------
    def put(self, snap: dict) -> bool:
        """Store `snap` (a `World.snapshot()`) if its tick is a keyframe tick; True if kept."""
        tick = int(snap["tick"])
        if tick % self.dense_every or tick in self:
            return False
        anchor_tick = tick - tick % self.anchor_every
        if anchor_tick != tick and anchor_tick in self:
            self._encoder.seed(anchor_tick, self.get(anchor_tick))
        return self.put_encoded(self._encoder.encode(snap))

    def put_encoded(self, enc: Encoded, promoted: bool = False) -> bool:
        """Store a keyframe encoded elsewhere (the worker) with the same codec; True if kept.
        Refused if its anchor is not held (evicted since the worker read it)."""
        tick = enc.tick
        with self._lock:
            if tick % self.dense_every or tick in self:
                return False
            if enc.anchor not in (None, 0) and enc.anchor not in self._entries:
                return False
            if promoted:
                self._promoted.add(tick)
            self._entries[tick] = enc
            self._changes += 1
            bisect.insort(self._sorted, tick)
            bisect.insort(self._tiers[self.tier(tick)], tick)
            if enc.anchor not in (None, 0):
                self._dependants.setdefault(enc.anchor, set()).add(tick)
            self._encoded_bytes += enc.nbytes
            if enc.anchor is not None:
                self._dense_count += 1
                self._dense_size += (enc.nbytes - self._dense_size) // self._dense_count
            events = enc.meta.get("events", ())
            if tick > self._events_tick and len(events) >= len(self._events):
                self._events, self._events_tick = tuple(events), tick
            self.budget.evict()
            self.peak_bytes = max(self.peak_bytes, self.budget.nbytes())
            return tick in self._entries

    def _remember(self, tick: int, snap: dict) -> None:
        if tick in self._decoded:
            return
        self._decoded[tick] = snap
        self._decoded_bytes += snapshot_nbytes(snap)
        while len(self._decoded) > self.budget.decoded_entries:
            _, old = self._decoded.popitem(last=False)
            self._decoded_bytes -= snapshot_nbytes(old)

    def forget_decoded(self) -> None:
        with self._lock:
            self._decoded.clear()
            self._decoded_bytes = 0

    def drop(self, tick: int) -> None:
        """Forget the keyframe at `tick`, and what is stored against it if it is an anchor."""
        with self._lock:
            enc = self._entries.pop(tick)
            self._changes += 1
            self._encoded_bytes -= enc.nbytes
            self.budget.dropped_bytes += enc.nbytes
            self._sorted.remove(tick)
            self._tiers[self.tier(tick)].remove(tick)
            if enc.anchor not in (None, 0):
                self._dependants.get(enc.anchor, set()).discard(tick)
            if tick in self._decoded:
                self._decoded_bytes -= snapshot_nbytes(self._decoded.pop(tick))
            for t in sorted(self._dependants.pop(tick, ())):
                if t in self._entries:
                    self.drop(t)
