"""Giving the memory of evicted keyframes back to the system.

An encoded keyframe is a few dozen `bytes` of 1 KB-300 KB (one per column), unpickled from a
message of ~0.4 MB; eviction frees them in no particular order. glibc's malloc keeps such
freed blocks inside its heap (`game.sim.heap` raises its mmap threshold to 32 MB and its trim
threshold to 64 MB, so that a tick's temporaries cost no page faults), and the holes between
live keyframes are never returned: with the cache churning at its bound, the window's RSS ran
~80 MB above what it held. `malloc_trim(0)` hands every whole free page back (madvise),
wherever it lies. It takes under a millisecond on this heap; the scheduler calls it after each
`TRIM_EVERY_BYTES` evicted (the next tick's temporaries fault their pages in once), and when
it goes idle. A no-op where the C library has no `malloc_trim` (macOS, musl, Windows).
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

TRIM_EVERY_BYTES = 16 * 2**20
"""Evicted bytes between two trims: a few dozen keyframes."""


def _find_malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


_MALLOC_TRIM = _find_malloc_trim()


def give_back() -> bool:
    """Return the heap's free pages to the system; False where that cannot be done."""
    if _MALLOC_TRIM is None:
        return False
    _MALLOC_TRIM(0)
    return True


class Trimmer:
    """Trims once enough has been freed since the last trim (`freed` is a running total)."""

    def __init__(self, every_bytes: int = TRIM_EVERY_BYTES):
        self.every = every_bytes
        self.trimmed_at = 0
        self.trims = 0

    def after(self, freed: int, idle: bool = False) -> None:
        """Called with the bytes freed so far; trims if `every` more are free, or if idle and
        anything was freed since the last trim."""
        due = freed - self.trimmed_at
        if due >= self.every or (idle and due > 0):
            self.trimmed_at = freed
            self.trims += give_back()
