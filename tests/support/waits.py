"""Waiting on the window's worker process by its progress, not by the clock.

A fixed deadline fails a test on a loaded machine (eight engineers on two cores, or two pytest
workers beside the window's own worker) for no fault of the code; no deadline at all hangs the
suite when the worker does. `wait_with_progress` waits as long as the worker keeps moving and
gives up only once it has stood still for `stall_s`, which no working worker does: its longest
job, the day from tick 0 to a keyframe at scale 100, is a few seconds of CPU, and five minutes
leave it one core in fifty.
"""

from __future__ import annotations

import time
from collections.abc import Callable

STALL_S = 300.0


def wait_with_progress(
    done: Callable[[], bool], progress: Callable[[], object], stall_s: float = STALL_S
) -> bool:
    """Wait until `done()`; False once `progress()` has not changed for `stall_s` seconds."""
    last, since = progress(), time.monotonic()
    while not done():
        now = progress()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since > stall_s:
            return False
        time.sleep(0.05)
    return True


def wait_for_worker(app, done: Callable[[], bool]) -> bool:
    """Until `done()`, for as long as the window's worker keeps simulating ticks (its count of
    ticks simulated is its progress, whichever account and tier it is on)."""
    return wait_with_progress(done, lambda: app.precomputer.ticks_simulated)


def wait_sparse(app) -> bool:
    """Until the worker has the shown account's sparse keyframes over the whole battle (a
    failed worker raises)."""
    return wait_for_worker(app, lambda: app.precomputer.wait_sparse(timeout=0))
