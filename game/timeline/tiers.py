"""Keyframe tiers: how far apart each kind of keyframe is, what eviction spares longest, and
the `Budget` the caches of one battle share (the bound, the playhead, which account is shown,
and the lock).

Tiers, by tick:

- **sparse** keyframes every `sparse_every` ticks over the whole battle: any exact seek
  re-simulates at most that many ticks. Every `anchor_every`-th is an *anchor*, stored against
  tick 0; the others are stored against their anchor (see `game.timeline.codec`). Where a sparse
  interval's ticks are dear (the melee), the worker also keeps a *promoted* keyframe inside it.
- **dense** keyframes every `dense_every` ticks, wherever they fit.
- **keystones**: the anchors every `keystone_every` ticks. For the account not shown they are
  what is kept over the whole battle, so the worker can reach any moment of it in a few
  hundred ticks; around the playhead it keeps that account's keyframes too, so a switch lands
  at once.

At 1:1 one account's sparse tier takes ~270 MB of the window's bound: the window keeps the
shown account's anchors over the whole battle and its sparse keyframes nearest the playhead
first; the worker's archive (`game.timeline.archive`) holds every sparse and promoted keyframe
of both accounts, and an exact seek fetches from it what the window lacks.

Eviction, when the encoded tiers are over their bound, drops the entry with the lowest *rank*
(`RANKS`: the shown account's anchors and sparse tier last), and among equals the one furthest
from the playhead. Each (account, tier) keeps its ticks sorted, so the next victim is one of
their ends: finding it, and telling whether a keyframe would be kept (`would_keep`, which the
worker asks before every keyframe), costs a few comparisons instead of a scan of the cache.
"""

from __future__ import annotations

import bisect
import math
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.timeline.cache import Keyframes

DENSE_EVERY = 3
"""Ticks between dense keyframes: a seek there re-simulates at most 3 ticks. A multiple of the
neighbour pass's period (`schedule.contact_every`: 3 ticks at 20 Hz), as every keyframe tick
must be (see `codec.RECOMPUTED`); `spacing` adapts the tiers at other tick rates."""

SPARSE_EVERY = 15
"""Ticks between sparse keyframes, over the whole battle: an exact seek anywhere re-simulates
at most 15 ticks (~60-90 ms at 4-6 ms a tick). 760 of them take ~270 MB at 1:1."""

ANCHOR_EVERY = 90
"""Ticks between anchors (4.5 battle s), the sparse keyframes the others are stored against.
An anchor costs ~430 KB, ~75 KB more than a keyframe stored against one, and the further apart,
the bigger the others (~+4 % from 60 to 120 ticks). At 90 six sparse keyframes share an
anchor's decode."""

KEYSTONE_EVERY = 360
"""Ticks between keystones (18 battle s): the other account's keyframes over the whole battle.
32 of them take ~14 MB at 1:1; the worker reaches any moment of that account from one in at
most 360 ticks (~2 s)."""

BUDGET_BYTES = 300 * 1024 * 1024
"""The bound on everything the caches of a battle hold in the window (encoded keyframes, tick 0
of each account, decoded copies). What it leaves out is in the worker's archive, a fetch away.
Tried at 224 MB (bench_timeline --scale 10, interleaved on the loaded machine): the window's RSS
with the cache full 655 -> 526 MB, but the worst of 50 exact seeks 77 -> 322 ms (more of them
fetch, and each far seek streams the sparse tier round it back in); not taken."""

DECODED_ENTRIES = 3
"""Decoded keyframes kept: an anchor and the two keyframes a fast playback is between."""


def spacing(contact: int) -> dict[str, int]:
    """The tiers' spacing when the neighbour pass runs every `contact` ticks: dense keyframes on
    the first multiple of `contact` from `DENSE_EVERY`, and each tier above on the multiple of
    the one below nearest its constant (3, 15, 90, 360 at 20 Hz, where `contact` is 3; 4, 16,
    96, 384 at 10 Hz, where it is 2)."""
    dense = contact * math.ceil(DENSE_EVERY / contact)
    sparse = dense * max(1, round(SPARSE_EVERY / dense))
    anchor = sparse * max(1, round(ANCHOR_EVERY / sparse))
    keystone = anchor * max(1, round(KEYSTONE_EVERY / anchor))
    return {
        "dense_every": dense,
        "sparse_every": sparse,
        "anchor_every": anchor,
        "keystone_every": keystone,
    }


DENSE, PROMOTED, SPARSE, ANCHOR, KEYSTONE = range(5)
TIER_NAMES = ("dense", "promoted", "sparse", "anchor", "keystone")

RANKS = {
    True: {KEYSTONE: 7, ANCHOR: 7, SPARSE: 6, PROMOTED: 4, DENSE: 2},  # the account shown
    False: {KEYSTONE: 5, ANCHOR: 3, SPARSE: 3, PROMOTED: 1, DENSE: 1},  # the other one
}
"""What eviction spares longest (higher first). The other account's keystones outrank the
shown account's promoted keyframes: they are few and bound every switch after a seek."""

NEAR_RANK = 5
"""The other account's keyframes near the playhead (its anchor interval, and the one before
and after) rank with keystones: they are what a switch of account lands from."""


def runs(ticks: list[int], every: int) -> list[tuple[int, int]]:
    """Stretches [start, end] of sorted `ticks` none more than `every` apart."""
    out: list[tuple[int, int]] = []
    for t in ticks:
        if out and t - out[-1][1] <= every:
            out[-1] = (out[-1][0], t)
        else:
            out.append((t, t))
    return out


def run_end(ticks: list[int], tick: int, every: int) -> int:
    """The last of sorted `ticks` reached from the latest one at or before `tick` by steps of
    at most `every`."""
    i = max(bisect.bisect_right(ticks, tick) - 1, 0)
    while i + 1 < len(ticks) and ticks[i + 1] - ticks[i] <= every:
        i += 1
    return ticks[i]


def check_spacings(dense: int, sparse: int, anchor: int, keystone: int, contact: int) -> None:
    """Each tier's spacing must be a multiple of the next finer one's, and every keyframe tick
    one of a neighbour pass (keyframes leave out what such a tick recomputes)."""
    if dense < 1 or sparse % dense or anchor % sparse or keystone % anchor:
        raise ValueError(
            f"keystone_every ({keystone}) must be a multiple of anchor_every ({anchor}), that "
            f"of sparse_every ({sparse}), and that of dense_every ({dense})"
        )
    if dense % contact:
        raise ValueError(
            f"dense_every ({dense}) must be a multiple of the neighbour pass's {contact} "
            "ticks: keyframes leave out what such a tick recomputes"
        )


class Budget:
    """The bound the caches of one battle share, and what their eviction reads: the playhead
    and which account is shown. One lock for all, so one cache may evict from another."""

    def __init__(self, total_bytes: int = BUDGET_BYTES, decoded_entries: int = DECODED_ENTRIES):
        self.total_bytes = total_bytes
        self.decoded_entries = decoded_entries
        self.lock = threading.RLock()
        self.members: list[Keyframes] = []
        self.shown: str | None = None  # the account on screen (the first cache's by default)
        self.dropped_bytes = 0  # encoded bytes evicted so far (`trim.Trimmer` reads it)
        self._playhead = 0
        self.on_playhead: Callable[[int, int], None] | None = None
        """Called with (old, new) when the playhead moves (the worker's scheduler listens)."""

    @property
    def playhead(self) -> int:
        return self._playhead

    @playhead.setter
    def playhead(self, tick: int) -> None:
        old, self._playhead = self._playhead, int(tick)
        if old != self._playhead and self.on_playhead is not None:
            self.on_playhead(old, self._playhead)

    @property
    def reserve_bytes(self) -> int:
        """Kept for decoded copies: only the shown account decodes in this process."""
        return self.decoded_entries * max((m.base_bytes for m in self.members), default=0)

    @property
    def stored_budget(self) -> int:
        """The bound on tick 0 of each account plus the encoded tiers."""
        return self.total_bytes - self.reserve_bytes

    def stored_bytes(self) -> int:
        return sum(m.stored_bytes for m in self.members)

    def nbytes(self) -> int:
        return sum(m.nbytes for m in self.members)

    def join(self, cache: Keyframes) -> None:
        with self.lock:
            self.members.append(cache)
            if self.shown is None:
                self.shown = cache.key.account
            if self.stored_budget < self.stored_bytes():
                need = self.stored_bytes() + self.reserve_bytes
                raise ValueError(
                    f"budget_bytes {self.total_bytes} is too small for this world: give at "
                    f"least {need}"
                )

    def show(self, account: str) -> None:
        """`account` is now the one on screen: its tiers rank above the other's."""
        with self.lock:
            self.shown = account
            for m in self.members:
                if m.key.account != account:
                    m.forget_decoded()

    def victim(self) -> tuple[Keyframes, int] | None:
        """The entry eviction takes next: lowest rank, then furthest from the playhead."""
        best: tuple[tuple[int, int], Keyframes, int] | None = None
        for m in self.members:
            for t in m.ends():
                k = m.keep_key(t)
                if best is None or k < best[0]:
                    best = (k, m, t)
        return None if best is None else (best[1], best[2])

    def count_below(self, rank: int) -> int:
        """Entries of every cache that rank under `rank` (`Ranked.count_below`)."""
        with self.lock:
            return sum(m.count_below(rank) for m in self.members)

    def evict(self) -> None:
        """Drop entries, lowest rank first, until the encoded tiers fit their bound."""
        while self.stored_bytes() > self.stored_budget:
            v = self.victim()
            if v is None:
                return
            v[0].drop(v[1])
