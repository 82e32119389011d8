"""The worker's archive: both accounts' sparse tiers, kept encoded in the worker's process.

The window's keyframe bound (`tiers.BUDGET_BYTES`, 300 MB) holds one account's sparse tier
over the whole battle (~270 MB at 1:1) and only keystones and a few seconds round the playhead
of the other. So that a switch of account lands at once anywhere, and the switch back too, the
worker keeps every sparse keyframe it computes, of either account, and the promoted keyframes
inside dear intervals (`worker.PROMOTE_OFFSET`), *encoded in its own process* (`Archive`,
bounded by `ARCHIVE_BYTES`), outside the window's RSS. Once the window has shown account A and
the worker has gone on to B, the archive holds both: a switch to B, and later back to A (whose
sparse tier the window evicted meanwhile for B's), is answered from it.

A job asking for a tick the archive holds is answered from it without simulating: on a switch
the window asks for the keyframes round the playhead and has them in a few milliseconds (each
sparse keyframe with its anchor first and the promoted keyframes of its interval, so the seek
that lands the switch re-simulates at most `PROMOTE_OFFSET` ticks in the melee, 6 in its
dearest stretches: `worker.PROMOTE_SPLIT`), and afterwards
the new account's sparse tier streams in from the archive instead of being re-simulated.

The scheduler's side (`archive_ticks`) plans what to archive next; it learns what was archived
from the keyframes it receives (`archives`: every sparse or promoted one was archived too), from
the archive jobs' ends, and from the ticks each job's end reports evicted (`Done.evicted`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from game.timeline.codec import Encoded

ARCHIVE_BYTES = 1200 * 2**20
"""The bound on the worker's archive: both accounts' sparse tiers at 1:1 (~270 MB each; 45,000
men: ~300 MB) and their promoted keyframes (~0.42 MB each, one in each dear interval: 758 of
760 at 1:1 on the loaded shared machine, ~320 MB an account); over it, promoted keyframes go
first, the account not shown's before the shown one's. At 900 MB the bound held one account's
promoted keyframes: the shown one's kept (exact seeks re-simulate at most 9 ticks), a switch
to the other re-simulated up to 15 (4 of 10 switches 11-15 ticks, worst 160 ms of CPU)."""


def archives(tick: int, sparse_every: int, promoted: bool) -> bool:
    """Whether the worker keeps a keyframe it sends in its archive too: the sparse tier's
    (anchors included) and the promoted ones."""
    return promoted or tick % sparse_every == 0


class Archive:
    """Encoded keyframes by account and tick. Used from the worker's two threads (the job loop
    reads, the encoding thread stores), hence the lock."""

    def __init__(self, bound: int = ARCHIVE_BYTES, sparse_every: int = 15):
        self.bound = bound
        self.sparse_every = sparse_every
        self.nbytes = 0
        self._lock = threading.Lock()
        self._entries: dict[str, dict[int, Encoded]] = {}
        self._inside: dict[str, dict[int, list[int]]] = {}  # sparse tick -> promoted after it
        self._evicted: dict[tuple[str, int], None] = {}  # (ordered) reported at a job's end
        self.shown: str | None = None
        """The account on screen (each job says, `Job.shown`): its promoted keyframes go last.
        With both sparse tiers stored, the bound holds one account's promoted keyframes, not
        both; those of the account computed last took the place of the shown one's (at 1:1,
        571 of 760 evicted), and an exact seek there re-simulated up to 15 ticks, not 9."""

    def __contains__(self, key: tuple[str, int]) -> bool:
        account, tick = key
        with self._lock:
            return tick in self._entries.get(account, {})

    def get(self, account: str, tick: int) -> Encoded | None:
        with self._lock:
            return self._entries.get(account, {}).get(tick)

    def put(self, account: str, enc: Encoded, promoted: bool = False) -> None:
        """Store `enc`; over the bound, promoted keyframes go first, the accounts not shown
        before the shown one's, then the other accounts' entries (the window holds the newest
        account's anyway), then this account's; the oldest stored first."""
        with self._lock:
            mine = self._entries.setdefault(account, {})
            old = mine.pop(enc.tick, None)
            # Stored again since it was evicted: not reported evicted. Reported at the job's
            # end, after the keyframe that stored it again, it made the scheduler count it as
            # gone, and copy into the window what the archive held (at 1:1, full, at 1x).
            self._evicted.pop((account, enc.tick), None)
            self.nbytes += enc.nbytes - (old.nbytes if old is not None else 0)
            mine[enc.tick] = enc
            if promoted:
                inside = self._inside.setdefault(account, {})
                middles = inside.setdefault(enc.tick - enc.tick % self.sparse_every, [])
                if enc.tick not in middles:
                    middles.append(enc.tick)
                    middles.sort()
            names = [*(a for a in self._entries if a != account), account]
            shown_last = sorted(names, key=lambda a: a == self.shown)  # (a stable sort)
            for name in shown_last:  # the promoted keyframes first: a seek can do without them
                inside = self._inside.get(name, {})
                while self.nbytes > self.bound and inside:
                    self._evict(name, inside[next(iter(inside))][-1])
            for name in names:
                entries = self._entries[name]
                while self.nbytes > self.bound and len(entries) > (name == account):
                    self._evict(name, next(iter(entries)))  # the oldest stored first

    def _evict(self, account: str, tick: int) -> None:
        self.nbytes -= self._entries[account].pop(tick).nbytes
        inside = self._inside.get(account, {})
        middles = inside.get(tick - tick % self.sparse_every, [])
        if tick in middles:
            middles.remove(tick)
            if not middles:
                del inside[tick - tick % self.sparse_every]
        self._evicted[(account, tick)] = None

    def take_evicted(self) -> tuple[tuple[str, int], ...]:
        """The (account, tick) evicted since the last call (a job's end reports them)."""
        with self._lock:
            out, self._evicted = tuple(self._evicted), {}
            return out

    def answer(
        self, account: str, ticks: Iterable[int], held: Iterable[int] = ()
    ) -> list[tuple[Encoded, bool]]:
        """The archived keyframes among `ticks`, as (keyframe, promoted): each preceded by its
        anchor (once, and not if `held`: the window has it), which the window needs to store
        it, and by the promoted keyframes of the interval it starts, if any, the latest first
        (so a seek there re-simulates the fewest ticks)."""
        out: list[tuple[Encoded, bool]] = []
        sent: set[int] = set(held)
        with self._lock:
            entries = self._entries.get(account, {})
            inside = self._inside.get(account, {})
            for t in ticks:
                enc = entries.get(t)
                if enc is None:
                    continue
                anchor = entries.get(enc.anchor) if enc.anchor not in (None, 0) else None
                if anchor is not None and anchor.tick not in sent:
                    out.append((anchor, False))
                    sent.add(anchor.tick)
                mine = t in inside.get(t - t % self.sparse_every, ())  # (a promoted one itself)
                middles = [(entries[m], True) for m in reversed(inside.get(t, ())) if m in entries]
                # (the later first, unless they are stored against this one)
                run = [(enc, mine), *middles] if enc.anchor is None else [*middles, (enc, mine)]
                for e, promoted in run:
                    if e.tick not in sent:
                        out.append((e, promoted))
                        sent.add(e.tick)
        return out


def archive_ticks(
    ticks: Iterable[int], held: Iterable[int], archived: set[int], limit: int, every: int
) -> list[int]:
    """The first run of `ticks` neither held by the window nor archived: at most `limit`,
    none more than `every` apart (a job re-simulates what lies between)."""
    held = set(held)
    out: list[int] = []
    for t in ticks:
        if t in held or t in archived:
            if out:
                break
            continue
        if out and (t - out[-1] > every or len(out) >= limit):
            break
        out.append(t)
    return out
