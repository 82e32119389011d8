"""Reading a file the program did not write: only a regular file, and never more than a limit.

Everything the program reads from disk (data files, grids, fonts, sprite sheets) comes through
`read_limited`. It opens without blocking (a FIFO would otherwise hang the open itself), checks
on the open descriptor that it holds a regular file (a folder, a FIFO, /dev/zero or a socket is
refused), and streams at most `limit` + 1 bytes, so /dev/zero behind a symbolic link or a file
that grows while it is read can never take more memory than the limit.

Errors are `DataError` lines, ``path:0:0: (file): message``: the file as a whole is at fault.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from game.scenario.errors import DataError

CHUNK = 1 << 16


def read_limited(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, or a one-line `DataError` if it is missing, not
    a regular file, unreadable or larger than `limit` bytes."""
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise _refuse(p, "file not found") from None
    except IsADirectoryError:
        raise _refuse(p, "is a folder, not a file") from None
    except OSError as err:
        raise _refuse(p, f"cannot read: {err.strerror or err}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise _refuse(p, "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise _refuse(p, f"is {_kind(st.st_mode)}, not a regular file")
        if st.st_size > limit:
            raise _too_large(p, st.st_size, limit)
        os.set_blocking(fd, True)
        parts: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, min(CHUNK, limit + 1 - got))
            if not chunk:
                break
            parts.append(chunk)
            got += len(chunk)
        if got > limit:
            raise _too_large(p, got, limit, grew=True)
        return b"".join(parts)
    except OSError as err:
        raise _refuse(p, f"cannot read: {err.strerror or err}") from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def _too_large(path: Path, size: int, limit: int, grew: bool = False) -> DataError:
    what = f"grew past {limit} bytes while being read" if grew else f"{size} bytes is too large"
    return _refuse(path, f"{what} (at most {limit} bytes)")


def _refuse(path: Path, message: str) -> DataError:
    return DataError(path, 0, 0, "(file)", message)
