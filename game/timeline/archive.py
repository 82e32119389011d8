"""The worker's archive: the other account's sparse tier, kept in the worker's process.

The window's keyframe bound (`tiers.BUDGET_BYTES`, 300 MB) holds one account's sparse tier
over the whole battle (~270 MB at 1:1) and only keystones and a few seconds round the playhead
of the other. So that a switch of account lands at once anywhere (not only where the worker
has lately been), the worker also computes the other account's sparse tier and keeps it
*encoded in its own process* (`Archive`, bounded by `ARCHIVE_BYTES`), outside the window's RSS.
A job asking for a tick the archive holds is answered from it without simulating: on a switch
the window asks for the keyframes round the playhead and has them in a few milliseconds, and
afterwards the new account's sparse tier streams in from the archive instead of being
re-simulated.

The scheduler's side (`archive_ticks`) plans what to archive next; it learns what was archived
from the jobs' ends (it may be out of date after the archive evicted: a job for a tick no
longer archived is simulated as before, so that costs time, never exactness).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from game.timeline.codec import Encoded

ARCHIVE_BYTES = 320 * 2**20
"""The bound on the worker's archive: one account's sparse tier at 1:1 and its anchors."""


class Archive:
    """Encoded keyframes by account and tick. Used from the worker's two threads (the job loop
    reads, the encoding thread stores), hence the lock."""

    def __init__(self, bound: int = ARCHIVE_BYTES):
        self.bound = bound
        self.nbytes = 0
        self._lock = threading.Lock()
        self._entries: dict[str, dict[int, Encoded]] = {}

    def __contains__(self, key: tuple[str, int]) -> bool:
        account, tick = key
        with self._lock:
            return tick in self._entries.get(account, {})

    def get(self, account: str, tick: int) -> Encoded | None:
        with self._lock:
            return self._entries.get(account, {}).get(tick)

    def put(self, account: str, enc: Encoded) -> None:
        """Store `enc`; over the bound, the other accounts' entries go first (they are the
        window's to keep now), then this account's; the oldest stored first."""
        with self._lock:
            mine = self._entries.setdefault(account, {})
            old = mine.pop(enc.tick, None)
            self.nbytes += enc.nbytes - (old.nbytes if old is not None else 0)
            mine[enc.tick] = enc
            for name in [*(a for a in self._entries if a != account), account]:
                entries = self._entries[name]
                while self.nbytes > self.bound and len(entries) > (name == account):
                    gone = entries.pop(next(iter(entries)))  # the oldest stored first
                    self.nbytes -= gone.nbytes

    def answer(self, account: str, ticks: Iterable[int]) -> list[Encoded]:
        """The archived keyframes among `ticks`, each preceded by its anchor (once), which the
        window needs to store it."""
        out: list[Encoded] = []
        sent: set[int] = set()
        with self._lock:
            entries = self._entries.get(account, {})
            for t in ticks:
                enc = entries.get(t)
                if enc is None or t in sent:
                    continue
                anchor = entries.get(enc.anchor) if enc.anchor not in (None, 0) else None
                if anchor is not None and anchor.tick not in sent:
                    out.append(anchor)
                    sent.add(anchor.tick)
                out.append(enc)
                sent.add(t)
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
