"""Writing the program's outputs (report, screenshot, heartbeat, clip) without ever destroying a
file.

`write_whole` (and `whole_file`, for a writer that streams) writes to a temporary file in the
target's own folder, flushes it to disk, then renames it over the target: a reader sees the old
file or the new one, never half of one, and a full disk leaves the old file as it was and no
temporary behind. Before anything is written, `output_problem` refuses a target that is not a
regular file (a folder, /dev/full, a FIFO, /dev/stdout) and any target that is one of the program's
own inputs (the scenario, the map, a grid, the kiosk configuration, the staff log), however it is
reached: by a symbolic link, a hard link or another spelling of the path. New files get an explicit
mode (0640 by default), whatever the umask; a replaced file keeps its own.

Standard library only, no pygame: the kiosk's heartbeat uses it too.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from game.scenario.errors import Refusal, one_line

FILE_MODE = 0o640
"""Owner reads and writes, the group (staff, a monitor) reads, others nothing."""
FOLDER_MODE = 0o750


class OutputError(Refusal):
    """An output cannot be written; `str(err)` is one line, ``what: path: why``."""

    def __init__(self, what: str, path: str | Path, message: str):
        self.what = what
        self.path = Path(path)
        super().__init__(f"{what}: {one_line(str(path))}: {one_line(message)}")


def output_problem(
    path: str | Path, inputs: Iterable[str | Path] = (), *, folders: bool = True
) -> str | None:
    """Why `path` cannot take an output, or None if it can be written (or created). With
    `folders` False only the target itself is judged, not whether its folders can be made
    (a kiosk's heartbeat folder may come back; its target must never be an input)."""
    p = Path(path)
    if not p.name or str(path).endswith(os.sep):
        return "names a folder, not a file"
    try:
        st = os.stat(p)  # follows a symbolic link to what would be replaced
    except (FileNotFoundError, NotADirectoryError):
        st = None
    except OSError as err:
        return f"cannot be reached: {err.strerror or err}"
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            return "is a folder, not a file"
        if not stat.S_ISREG(st.st_mode):
            return "is a device, a pipe or a socket, not a regular file; refusing to replace it"
    real = os.path.realpath(p)
    for source in inputs:  # the same path, or the same file by another name (a hard link)
        same = real == os.path.realpath(source)
        with contextlib.suppress(OSError):
            same = same or (st is not None and os.path.samefile(p, source))
        if same:
            return f"is {Path(source).name}, one of the program's own inputs"
    if not folders:
        return None
    for folder in Path(real).parents:  # the first folder that exists
        if folder.exists():
            return None if folder.is_dir() else f"{folder} is a file, not a folder"
    return None


def write_whole(
    what: str,
    path: str | Path,
    data: bytes,
    *,
    inputs: Iterable[str | Path] = (),
    mode: int = FILE_MODE,
) -> None:
    """Write `data` to `path` whole or not at all; `OutputError` naming `what` otherwise."""
    with whole_file(what, path, inputs=inputs, mode=mode) as tmp, open(tmp, "wb") as f:
        f.write(data)


@contextlib.contextmanager
def whole_file(
    what: str,
    path: str | Path,
    *,
    inputs: Iterable[str | Path] = (),
    mode: int = FILE_MODE,
) -> Iterator[Path]:
    """A temporary file beside `path` for a writer that streams (a video): when the block
    ends it is flushed to disk and renamed over `path`; when the block raises, or the disk
    fills, it is removed and `path` is as it was. `OutputError` naming `what` if it cannot."""
    problem = output_problem(path, inputs)
    if problem:
        raise OutputError(what, path, problem)
    target = Path(os.path.realpath(path))  # a link is written through, not replaced
    try:
        make_folders(target.parent)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
    except OSError as err:
        raise OutputError(what, path, f"cannot write: {err.strerror or err}") from None
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())  # after a power cut: the old file or the new, never empty
            os.fchmod(f.fileno(), _mode_for(target, mode))
        os.replace(tmp, target)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(what, path, f"cannot write: {err.strerror or err}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mode_for(target: Path, mode: int) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)  # a replaced file keeps its mode
    except OSError:
        return mode


def make_folders(folder: Path, mode: int = FOLDER_MODE) -> None:
    """`folder` and any missing parents, each with `mode` whatever the umask."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(mode=mode)
        os.chmod(made, mode)  # mkdir's mode is cut by the umask
