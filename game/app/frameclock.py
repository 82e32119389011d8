"""The loop's clock: waits out a frame at the rate asked, but not past the first input.

`pygame.time.Clock.tick(fps)` sleeps the whole frame: at the low rates of a calm picture
(`pacing.RATES`, down to 10 FPS) a tap would wait up to 100 ms before the frame that answers
it. `FrameClock.tick` sleeps in slices of at most `POLL_SECONDS` and ends the wait as soon as
an event is queued, so the answer comes within a 60 FPS frame at any rate.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pygame

POLL_SECONDS = 1 / 60
"""Longest sleep between two looks at the event queue (a look costs a few microseconds)."""


def _pending() -> bool:
    return bool(pygame.event.peek())


class FrameClock:
    """`tick(fps)` as `pygame.time.Clock.tick`, in seconds, and woken by input."""

    def __init__(
        self,
        now: Callable[[], float] = time.perf_counter,
        sleep: Callable[[float], None] = time.sleep,
        pending: Callable[[], bool] = _pending,
    ):
        self._now = now
        self._sleep = sleep
        self._pending = pending
        self._last: float | None = None

    def tick(self, fps: float) -> float:
        """Wait until 1/`fps` s after the last tick, or until an event is queued (but at least
        a 60 FPS frame); return the seconds since the last tick (0 on the first)."""
        now = self._now()
        if self._last is None:
            self._last = now
            return 0.0
        deadline = self._last + 1.0 / fps
        earliest = self._last + min(1.0 / fps, POLL_SECONDS)  # a storm of events: 60 FPS at most
        while now < deadline and not (now >= earliest and self._pending()):
            self._sleep(min(deadline - now, max(earliest - now, 0.0) or POLL_SECONDS))
            now = self._now()
        elapsed, self._last = now - self._last, now
        return elapsed
