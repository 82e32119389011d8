"""Keep freed memory in the process: a tick's large temporaries then cost no page faults.

A tick allocates and frees dozens of arrays of 40,000 elements (160-320 kB). glibc serves
allocations above its mmap threshold (128 kB at first, raised as it sees them freed) with fresh
`mmap` pages and hands trimmed heap tops back to the kernel, so the next tick faults the same
pages in again: ~570 minor page faults a tick at 1:1 scale, 1.5 ms of kernel time in a 10 ms
tick (bench/bench_engine.py, 2-core VM). Raising both thresholds once keeps those pages mapped
and reused. Memory is not lost, only not returned while the process runs; arrays above the
mmap threshold (keyframes, video frames) are still mapped and unmapped as before.

Only glibc has `mallopt`; elsewhere this does nothing. It never changes a result.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3

MMAP_THRESHOLD = 32 << 20
"""Bytes: allocations up to this size come from the heap (glibc's own ceiling for the
threshold on 64-bit systems is 32 MiB)."""

TRIM_THRESHOLD = 64 << 20
"""Bytes of free memory at the top of the heap kept before any is returned to the kernel."""

_done = False


def keep_freed_memory() -> bool:
    """Tune glibc's allocator once per process; returns whether it applied."""
    global _done
    if _done:
        return True
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        ok = libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
        ok &= libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
    except (OSError, AttributeError):
        return False
    _done = ok
    return ok
