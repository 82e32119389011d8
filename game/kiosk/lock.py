"""One kiosk at a time: a lock file in the log folder, held for the kiosk's whole life.

Two kiosks on one machine would fight over the screen, write one staff log in turns and make
the heartbeat flip between them. The first holds an exclusive `flock` on ``kiosk.lock`` (mode
0600, holding its PID); a second is refused in one line naming the first's PID. The lock goes
with the process, however it ends (even SIGKILL), so a crash never leaves a stale lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from game.scenario.errors import Refusal, one_line

LOCK_FILE = "kiosk.lock"
LOCK_MODE = 0o600


class KioskBusy(Refusal):
    """Another kiosk holds the lock."""


class KioskLock:
    """The held lock; `release()` (or the process's end) lets the next kiosk start."""

    def __init__(self, path: Path, fd: int):
        self.path = path
        self._fd = fd

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = -1


def lock_path(folder: Path) -> Path:
    return Path(os.path.abspath(Path(folder).expanduser() / LOCK_FILE))


def hold_kiosk_lock(folder: Path) -> KioskLock:
    """Take the lock in `folder` (made if missing), or raise `KioskBusy`. An `OSError` means the
    folder cannot hold a lock (read-only); the caller decides to run unguarded."""
    path = lock_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, LOCK_MODE)
    try:
        os.fchmod(fd, LOCK_MODE)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        pid = os.pread(fd, 32, 0).decode("ascii", errors="replace").strip() or "unknown"
        os.close(fd)
        raise KioskBusy(
            f"{one_line(str(path))}: another kiosk is running (PID {one_line(pid)}); "
            "stop it first (systemctl stop callinicum-kiosk)"
        ) from None
    except BaseException:
        os.close(fd)
        raise
    with contextlib.suppress(OSError):  # the PID is for the message above; the lock is the flock
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    return KioskLock(path, fd)
