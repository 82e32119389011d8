"""The plan: which keyframes the worker computes next (`Plan.next_job`).

Work order (`next_job`), the account on screen first:
0. a keyframe the worker has archived and an exact seek waits for (`Precomputer.fetch`);
1. its sparse tier for the next `NEXT_TICKS` from the playhead (a seek's target is the
   playhead while it finishes: a seek into a stretch not yet computed is computed first);
2. the other account's keyframes around the playhead (`SHADOW_LEAD_TICKS` ahead), so a switch
   of account lands on the same moment at once (none the worker's archive holds: a switch
   fetches those); then the shown account's up to `LEAD_TICKS`;
3. the rest of the sparse tier, then the beginning (one pass through the battle);
4. the other account's keystones over the whole battle (any moment of it within reach), and
   on the way its sparse tier into the worker's own archive (`game.timeline.archive`), so
   that a switch of account anywhere lands at once; then what of that tier is still missing
   (one pass through that battle instead of two: ~11,400 ticks, ~75 s of a core at 1:1);
5. whatever else fits: the dense tier near the playhead, then everywhere (only into room: a
   dense keyframe by the playhead outranks the other account's promoted ones, and with the cache
   full that had the worker follow a playing playhead, re-simulating the ticks the window plays,
   5-10 % of a core at 1x), then the other account's sparse tier where the worker's archive does
   not hold it.
Each step only asks for keyframes the cache would keep (`Keyframes.would_keep`); step 5 only for
those that fit or outrank what they would evict (`keep_test(by_rank=True)`): with the cache full, a
dense keyframe that would only replace another one further from the playhead follows a playing
playhead tick by tick (at 1x the worker re-simulated the window's every tick, ~25 % of a core),
for keyframes a seek is no more likely to use.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import replace

from game.timeline.archive import archive_ticks
from game.timeline.cache import Keyframes
from game.timeline.tiers import Budget
from game.timeline.worker import Job

LEAD_TICKS = 1200
"""The sparse tier ahead of the playhead computed before anything else (60 battle s: 16x
playback reads it, and a step or phase jump forward lands in it)."""

NEXT_TICKS = 300
"""The first of it (15 battle s), before the other account around the playhead."""

BEHIND_TICKS = 600
"""After the stretch ahead, the worker fills from 30 battle s before the playhead."""

SHADOW_LEAD_TICKS = 120
"""How far past the playhead the other account's keyframes are computed (6 battle s)."""

SHADOW_RENEW_TICKS = 30
"""The worker extends them when the playhead comes this close to their end."""

JOB_EMITS = 40
"""Keyframes per job at most: the plan is looked at again after each job."""


class Plan:
    """What the scheduler (`game.timeline.precompute.Precomputer`) asks the worker for next,
    from the caches, the playhead, and what the worker has archived or the caches refused."""

    caches: dict[str, Keyframes]
    budget: Budget
    end_tick: int
    wake_at: int | None  # the playhead tick that makes new work due
    _refused: dict[str, set[int]]  # ticks a cache refused, not asked for again until a jump
    _archived: dict[str, set[int]]  # ticks in the worker's archive, as far as known
    _wanted: deque[tuple[str, int]]  # (account, tick) an exact seek waits for, latest last

    def next_job(self) -> Job | None:
        """The most urgent keyframes still to compute, as one job, or None (see the module)."""
        wanted = None
        while self._wanted:  # (the main thread appends: a deque's ends are thread-safe)
            wanted = self._wanted.popleft()
        if wanted is not None and wanted[0] in self.caches:
            cache = self.caches[wanted[0]]
            if wanted[1] not in cache:
                return _fetch(cache, wanted[1], self.budget.shown or "")
        b = self.budget
        p = min(max(b.playhead, 0), self.end_tick)
        shown = self.caches.get(b.shown or "") or next(iter(self.caches.values()))
        others = [c for c in self.caches.values() if c is not shown]
        end = self.end_tick
        sp = shown.sparse_every
        lead = min(end, p + LEAD_TICKS)
        self.wake_at = None
        first = shown.frontier(p)
        archived = max(0, p - 1) // sp * sp  # the keyframe an exact seek to p starts from
        if archived > first and archived in self._archived[shown.key.account]:
            first = archived  # (a switch of account) the archive has it: no need to go there
        job = self._job(shown, _grid(first, min(end, p + NEXT_TICKS), sp), True)
        if job is None:
            for other in others:
                job = self._shadow(other, p)
                if job is not None:
                    break
        if job is None:
            job = self._job(shown, _grid(shown.frontier(p), lead, sp), sparse=True)
        if job is None:
            behind = max(0, p - BEHIND_TICKS)
            rest = [*_grid(lead, end, sp), *_grid(behind, p, sp), *_grid(0, behind, sp)]
            job = self._job(shown, rest, sparse=True)
        for other in others:
            if job is None:
                ks = other.keystone_every
                ticks = [*_grid(p, end, ks), *_grid(0, p, ks)]
                job = self._job(other, ticks, True, away=self._archived[other.key.account])
                job = job and replace(job, passing=True)  # its sparse tier archived on the way
        for other in others:
            if job is None:
                ticks = [*_grid(p, end, sp), *_grid(0, p, sp)]
                archived = self._archived[other.key.account]
                emit = archive_ticks(ticks, other.ticks(), archived, JOB_EMITS, sp)
                job = self._job_for(other, emit, sparse=True, archive=True)
        if job is None:
            d = shown.dense_every
            near = [*_grid(max(0, p - 300), min(end, p + 300), d)]
            job = self._job(shown, [*near, *_grid(0, end, d)], swap=False, outrank=False)
        for other in others:
            if job is None:
                job = self._spare_room(other, p)
        if others and self.wake_at is None:
            other = others[0]
            last = _reach(other, min(end, p + SHADOW_LEAD_TICKS))
            if last < end:
                self.wake_at = max(p + 1, last - SHADOW_RENEW_TICKS)
        return job

    def _shadow(self, other: Keyframes, p: int) -> Job | None:
        """The other account's keyframes from just behind the playhead to a little past it,
        but for those the worker's archive holds: a switch fetches them (`Playback.adopt`), and
        copied into a full window they would evict the shown account's keyframes."""
        end = self.end_tick
        last = _reach(other, min(end, p + SHADOW_LEAD_TICKS))
        if last >= min(end, p + SHADOW_LEAD_TICKS) - other.sparse_every:
            return None
        lo = max(0, p - other.sparse_every)
        grid = _grid(lo, p + SHADOW_LEAD_TICKS, other.sparse_every)
        return self._job(other, grid, True, away=self._archived[other.key.account])

    def _spare_room(self, other: Keyframes, p: int) -> Job | None:
        """The other account's sparse tier where it fits or outranks the victim, but for what
        the worker's archive holds: a switch fetches those (`Playback.adopt`). Copied in, those
        round the playhead outranked the shown account's dense keyframes and evicted them, and
        once behind it were outranked by them: at 1:1, playing at 1x with the cache full, the
        worker re-simulated ~1,000 dense ticks every 20 s (40-60 % of its core)."""
        sp, end = other.sparse_every, self.end_tick
        ticks = [*_grid(p, end, sp), *_grid(0, p, sp)]
        return self._job(
            other, ticks, sparse=True, swap=False, away=self._archived[other.key.account]
        )

    def _job(
        self,
        cache: Keyframes,
        ticks: Iterable[int],
        sparse: bool = False,
        swap: bool = True,
        away: frozenset[int] | set[int] = frozenset(),
        outrank: bool = True,
    ) -> Job | None:
        """A job for the first run of `ticks` that is missing and would be kept: up to
        `JOB_EMITS` keyframes, stopping where a stretch already held would be re-simulated
        for nothing (further than a sparse interval) or where `ticks` go back (to the start).
        `swap=False`: only those that fit, or as many as there are entries they outrank
        (`Ranked.keep_test`).
        `outrank=False` (with `swap=False`): only those that fit. Ticks in `away` (the worker's
        archive) count as held."""
        account = cache.key.account
        refused = self._refused[account]
        end = self.end_tick
        keep = cache.keep_test(by_rank=not swap, min_room=1 if swap else JOB_EMITS, outrank=outrank)
        emit: list[int] = []
        for t in ticks:
            if t > end or t % cache.dense_every:
                continue
            held = t in cache or t in refused or t in away
            if (emit and not 0 < t - emit[-1] <= cache.sparse_every) or len(emit) >= JOB_EMITS:
                break  # (a job's ticks ascend: the worker's world only goes forward)
            if held:
                continue
            if not keep(t):
                continue
            emit.append(t)
        return self._job_for(cache, emit, sparse)

    def _job_for(
        self, cache: Keyframes, emit: list[int], sparse: bool = False, archive: bool = False
    ) -> Job | None:
        """The job that emits `emit` from the keyframe the cache holds before its first."""
        if not emit:
            return None
        start = cache.start_for(emit[0])
        stored = cache.encoded(start) if start else None
        if start and stored is None:  # evicted meanwhile: from tick 0 rather than wrongly
            start = 0
        shown = self.budget.shown or ""
        return Job(0, cache.key.account, stored, start, tuple(emit), sparse, archive, shown)


def _fetch(cache: Keyframes, tick: int, shown: str) -> Job:
    """The job that brings the worker's archived keyframe at `tick` (an exact seek waits):
    answered from the archive alone, so it carries no keyframe to start from (~0.9 MB at 1:1,
    pickled and piped), and the anchor the window holds is not sent back (~0.45 MB)."""
    anchor = tick - tick % cache.anchor_every
    held = (anchor,) if 0 < anchor < tick and anchor in cache else ()
    return Job(0, cache.key.account, None, 0, (tick,), shown=shown, fetch=True, held=held)


def _reach(cache: Keyframes, tick: int) -> int:
    """The latest keyframe at or before `tick` in the cache or in the worker's archive
    (`Keyframes.elsewhere`, sparse ticks)."""
    held = cache.nearest_tick(tick)
    sp = cache.sparse_every
    for t in range(tick - tick % sp, held, -sp):
        if t in cache.elsewhere:
            return t
    return held


def _grid(lo: int, hi: int, every: int) -> range:
    """The multiples of `every` in [lo, hi]."""
    first = lo + (-lo) % every
    return range(first, hi + 1, every)
