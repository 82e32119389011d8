"""What exact seeks and switches of account ask of the worker's archive (`Fetching`, mixed into
`game.timeline.precompute.Precomputer`): a keyframe the window's bound gave up, brought back
before the seek restores (`fetch`), the worker's traffic held while a seek re-simulates
(`quiet`), and a switch's wait until the new account is within a sparse interval (`wait_reach`).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator

from game.timeline.cache import Keyframes

SWITCH_WAIT_SECONDS = 0.05
"""How long a switch of account waits for the worker's archive (`wait_reach`) before seeking
anyway: a third of the seek budget; the archive answers in a few milliseconds."""

FETCH_WAIT_SECONDS = 0.15
"""The longest an exact seek waits for a keyframe the worker's archive holds and the window does
not (`fetch`): the seek budget. A keyframe, its anchor and the way back take a few
milliseconds on a quiet machine, many more on a loaded one."""

FETCH_SECONDS_PER_TICK = 0.005
"""A fetch waits at most this per tick it saves re-simulating (a tick at 1:1 costs ~5.6 ms):
never longer than simulating would take, but as long, so that a loaded machine still gets the
keyframe 75 ticks closer instead of re-simulating from an anchor."""


class Fetching:
    """The seek's side of the scheduler (see the module)."""

    caches: dict[str, Keyframes]
    error: BaseException | None
    _archived: dict[str, set[int]]  # ticks in the worker's archive, as far as known
    _wanted: deque[tuple[str, int]]  # what exact seeks wait for, latest last
    _reading: threading.Event  # clear: what the worker sends waits (`quiet`)
    alive: bool  # (the scheduler or the worker runs)
    notify: Callable[[], None]  # wake the scheduler

    def archived(self, account: str) -> frozenset[int]:
        """The ticks of `account` the worker has archived, as far as the scheduler knows."""
        return frozenset(self._archived[account])

    def fetch(
        self,
        cache: Keyframes,
        tick: int,
        timeout: float,
        floor: int = 0,
        per_tick: float | None = FETCH_SECONDS_PER_TICK,
    ) -> bool:
        """Block (an exact seek, for at most `timeout` s, and no longer than re-simulating the
        ticks it saves would take: `FETCH_SECONDS_PER_TICK`) until `cache` holds the latest
        keyframe before `tick` that the worker has archived (a sparse or promoted one), if it
        does not yet: the job asking for it is answered from the archive, without simulating.
        False if the archive holds none better (nor later than `floor`, where the seek would
        go on from otherwise), or it did not come in time."""
        account = cache.key.account
        if not self.alive or self.error is not None or account not in self._archived:
            return False
        archived = self._archived[account]
        here = max(cache.start_for(tick), floor)
        first = max(0, tick - 1) // cache.sparse_every * cache.sparse_every
        better = [t for t in range(first, tick, cache.dense_every) if t > here and t in archived]
        if not better:
            return False
        best = better[-1]
        self.want(account, best)
        _decode_anchor(cache, best)  # meanwhile: the seek then decodes the fetched one alone
        if per_tick is not None:  # (None: the whole timeout, as tests on a loaded machine)
            timeout = min(timeout, (best - here) * per_tick)
        deadline = time.monotonic() + timeout
        while cache.start_for(tick) < best:
            if not self.alive or self.error is not None or time.monotonic() >= deadline:
                return False
            time.sleep(0.001)
        return True

    def want(self, account: str, tick: int) -> None:
        """Ask the worker for its archived keyframe at `tick` before anything else."""
        self._wanted.append((account, tick))
        self.notify()

    @contextlib.contextmanager
    def quiet(self) -> Iterator[None]:
        """While the window re-simulates the ticks a seek (a switch) waits for, what the worker
        sends stays in the pipe. At 1:1 a switch brings ~1 keyframe a millisecond from the
        archive (~0.4 MB each, unpickled, stored, the other account's evicted and trimmed):
        the seek's ticks took 2-4 times as long (9 ticks in 217 ms, 51 ms held)."""
        self._reading.clear()
        try:
            yield
        finally:
            self._reading.set()
            self.notify()

    def wait_reach(self, cache: Keyframes, tick: int, timeout: float) -> bool:
        """Block (a switch of account, for at most `timeout` s) until an exact seek to `tick`
        in `cache` re-simulates at most a sparse interval, and from the best keyframe the
        worker's archive holds (`fetch`): that answers in a few milliseconds. False if it did
        not (nothing archived there yet, or no worker)."""
        deadline = time.monotonic() + timeout
        if self.fetch(cache, tick, timeout):
            return True
        while tick - cache.start_for(tick) > cache.sparse_every:
            if not self.alive or self.error is not None or time.monotonic() >= deadline:
                return False
            time.sleep(0.002)
        return True


def _decode_anchor(cache: Keyframes, tick: int) -> None:
    """Decode the anchor the keyframe at `tick` is stored against, if the cache holds it (it
    keeps it among its decoded copies): ~5 ms of CPU at 1:1 that the seek restoring the
    fetched keyframe would spend after the fetch, spent while the worker answers (2-25 ms)."""
    anchor = tick - tick % cache.anchor_every
    if 0 < anchor < tick and anchor in cache:
        with contextlib.suppress(KeyError):  # (evicted meanwhile: the seek finds what is held)
            cache.get(anchor)
