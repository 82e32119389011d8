"""The tier bookkeeping of a keyframe cache: which tier a tick is in, what eviction spares.

Split out of `game.timeline.cache` so that the cache itself holds only storing, finding and
decoding. `Ranked` is the half of `Keyframes` the shared `Budget` reads when it chooses a
victim: a keyframe's tier by its tick, its rank (`tiers.RANKS`: the shown account's keyframes
and those near the playhead outlive the rest), and whether a new keyframe would be kept.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable
from typing import Any

from game.timeline import tiers
from game.timeline.tiers import Budget


class Ranked:
    """Tiers and eviction ranks of one account's keyframes (mixed into `Keyframes`)."""

    key: Any  # CacheKey: its .account names the account
    budget: Budget
    keystone_every: int
    anchor_every: int
    sparse_every: int
    _lock: threading.RLock
    _entries: dict
    _promoted: set[int]
    _tiers: list[list[int]]  # sorted ticks per tier
    _dense_size: int

    # -- what the budget reads -------------------------------------------------------------------
    @property
    def playhead(self) -> int:
        return self.budget.playhead

    @playhead.setter
    def playhead(self, tick: int) -> None:
        self.budget.playhead = tick

    @property
    def shown(self) -> bool:
        """Whether this account is the one on screen."""
        return self.budget.shown == self.key.account

    @property
    def budget_bytes(self) -> int:
        return self.budget.total_bytes

    @property
    def stored_budget(self) -> int:
        return self.budget.stored_budget

    def tier(self, tick: int) -> int:
        if tick % self.keystone_every == 0:
            return tiers.KEYSTONE
        if tick % self.anchor_every == 0:
            return tiers.ANCHOR
        if tick % self.sparse_every == 0:
            return tiers.SPARSE
        return tiers.PROMOTED if tick in self._promoted else tiers.DENSE

    def rank(self, tick: int) -> int:
        """What eviction spares longest (see `tiers.RANKS`, `tiers.NEAR_RANK`)."""
        shown = self.shown
        r = tiers.RANKS[shown][self.tier(tick)]
        if not shown and r < tiers.NEAR_RANK:
            lo, hi = self.near()
            if lo <= tick < hi:
                r = tiers.NEAR_RANK
        return r

    def near(self) -> tuple[int, int]:
        """The ticks [lo, hi) where the other account's keyframes rank `tiers.NEAR_RANK`: the
        playhead's anchor interval, and the one before and after."""
        a = self.anchor_every
        return (self.playhead // a - 1) * a, (self.playhead // a + 2) * a

    def keep_key(self, tick: int) -> tuple[int, int]:
        """Eviction order: lower goes first (rank, then nearness to the playhead)."""
        return (self.rank(tick), -abs(tick - self.playhead))

    def ends(self) -> list[int]:
        """The first and last tick of each tier: whatever eviction takes next is among them
        (within a tier the rank only rises towards the playhead)."""
        out: list[int] = []
        for ticks in self._tiers:
            if ticks:
                out.append(ticks[0])
                if len(ticks) > 1:
                    out.append(ticks[-1])
        return out

    def is_anchor(self, tick: int) -> bool:
        return tick % self.anchor_every == 0

    def is_sparse(self, tick: int) -> bool:
        """Whether `tick` belongs to the sparse tier (anchors included)."""
        return tick % self.sparse_every == 0

    def is_keystone(self, tick: int) -> bool:
        return tick % self.keystone_every == 0

    def promote(self, tick: int) -> None:
        """Keep the keyframe at `tick` (when put) before the dense tier: the worker found the
        sparse interval around it too dear to re-simulate within an exact seek's budget."""
        with self._lock:
            held = tick in self._entries
            if held:
                self._tiers[self.tier(tick)].remove(tick)
            self._promoted.add(tick)
            if held:
                bisect.insort(self._tiers[self.tier(tick)], tick)

    def would_keep(self, tick: int) -> bool:
        """Whether a keyframe at `tick` would survive eviction now (the worker asks first)."""
        return self.keep_test()(tick)

    def keep_test(
        self, by_rank: bool = False, min_room: int = 1, outrank: bool = True
    ) -> Callable[[int], bool]:
        """`would_keep` for many ticks at once: the next victim is found once. `by_rank`: kept
        only if there is room or an entry ranks lower, not merely further from the playhead
        (what is worth computing when it would only replace its like: `game.timeline.plan`),
        and only as many as there are such entries (one outranked entry once licensed a whole
        job of 40: at 1x with the cache full, each of the other account's keyframes the
        playhead left behind had the worker re-simulate ~190 ticks by the playhead, 5-10 % of
        its core); room counts only if at least `min_room` dense keyframes fit (an eviction
        leaves the slack of less than one: taken for room, each played second bought dense
        keyframes by the playhead and evicted far ones). `outrank=False`: room only."""
        with self._lock:
            b = self.budget
            size = self._dense_size or 1
            room = (b.stored_budget - b.stored_bytes()) // size  # dense keyframes that fit
            if room >= 1 and not by_rank:
                return lambda tick: True
            if by_rank:
                fits = int(room) if room >= min_room else 0
                below: dict[int, int] = {}  # rank -> entries ranked under it (as found)
                taken = 0  # keyframes let in so far (each takes room or a lower entry)

                def keep(tick: int) -> bool:
                    nonlocal taken
                    r = self.rank(tick)
                    if outrank and r not in below:
                        below[r] = b.count_below(r)
                    if taken < fits + below.get(r, 0):
                        taken += 1
                        return True
                    return False

                return keep
            v = b.victim()
            if v is None:
                return lambda tick: False
            worst = v[0].keep_key(v[1])
            return lambda tick: self.keep_key(tick) > worst

    def count_below(self, rank: int) -> int:
        """How many of this cache's entries rank under `rank` (what eviction would take before
        a keyframe of that rank)."""
        with self._lock:
            shown = self.shown
            n = 0
            lo, hi = self.near()
            for tier, ticks in enumerate(self._tiers):
                r = tiers.RANKS[shown][tier]
                if r >= rank:
                    continue
                n += len(ticks)
                lifted = not shown and r < tiers.NEAR_RANK and rank <= tiers.NEAR_RANK
                if lifted:  # those near the playhead rank NEAR_RANK (see `rank`): not under
                    n -= bisect.bisect_left(ticks, hi) - bisect.bisect_left(ticks, lo)
            return n

    def full(self) -> bool:
        """Whether the encoded tiers have no room left for another dense keyframe."""
        b = self.budget
        return b.stored_bytes() + (self._dense_size or 1) > b.stored_budget
