"""The staff log: one logger tree, one line per record with the PID, and no way to take the
kiosk down, not even a full disk.

Everything the kiosk logs goes to the "callinicum531" logger or a child of it
("callinicum531.admin" for the PIN pad), so lock-outs, the admin screen and the kiosk all reach
the same file. The file is ``<folder>/callinicum531.log``, rotated and capped at
(1 + backups) x max_bytes, created with mode 0640 whatever the umask.

Each record is written to the file descriptor in one `write`, unbuffered: when the disk is full
that record is lost and nothing piles up in memory. The first failure prints one warning line
on stderr (the journal); later ones are only counted, and once writing works again the log says
how many records were dropped. Logging never raises and never prints a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import logging.handlers
import os
import stat
import sys
from pathlib import Path

from game.app.writing import make_folders

LOGGER_NAME = "callinicum531"
LOG_FILE = "callinicum531.log"
LOG_MODE = 0o640


def staff_logger(part: str = "") -> logging.Logger:
    """The staff log's logger, or the child named `part` (its records reach the same file)."""
    return logging.getLogger(f"{LOGGER_NAME}.{part}" if part else LOGGER_NAME)


class _OneLineFormatter(logging.Formatter):
    """``2026-04-19T14:10:00.123+03:00 WARNING [4242] message``: one record, one line, so that
    `grep` and `tail` work, a traceback cannot be mistaken for several events, and the lines of
    two processes (a kiosk and its restart) can be told apart."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s [%(process)d] %(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        stamp = dt.datetime.fromtimestamp(record.created, tz=dt.UTC).astimezone()
        return stamp.isoformat(timespec="milliseconds")

    def format(self, record: logging.LogRecord) -> str:
        return " | ".join(line for line in super().format(record).splitlines() if line.strip())


class _Appender:
    """A text stream over a file descriptor opened for appending: every `write` is written at
    once, whole or not at all, so a failed write is dropped instead of buffered."""

    def __init__(self, fd: int):
        self.fd = fd

    def write(self, text: str) -> None:
        data = text.encode("utf-8", errors="replace")
        while data:
            data = data[os.write(self.fd, data) :]

    def flush(self) -> None:
        pass

    def tell(self) -> int:
        return os.lseek(self.fd, 0, os.SEEK_END)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return os.lseek(self.fd, offset, whence)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def open_log_file(path: Path) -> int:
    """A descriptor appending to the regular file `path`, made 0640 if new. Never blocks: a
    FIFO in the log's place is refused (OSError), as is a device or a folder."""
    fd = os.open(
        path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC, LOG_MODE
    )
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(f"{path} is not a regular file")
        if st.st_size == 0:
            os.fchmod(fd, LOG_MODE)  # the umask may have cut it (or, at 000, left it open)
        os.set_blocking(fd, True)
        return fd
    except BaseException:
        os.close(fd)
        raise


class StaffLogHandler(logging.handlers.RotatingFileHandler):
    """A rotating file handler that survives a full or vanished disk (see the module)."""

    def __init__(self, path: Path, max_bytes: int, backups: int):
        self.dropped = 0
        self._warned = False
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, delay=False)

    def _open(self):  # type: ignore[override]
        return _Appender(open_log_file(Path(self.baseFilename)))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is None:
                self.stream = self._open()
            if self.shouldRollover(record):
                self.doRollover()
            if self.dropped:
                note = logging.makeLogRecord(
                    {
                        "name": record.name,
                        "levelno": logging.WARNING,
                        "levelname": "WARNING",
                        "msg": f"{self.dropped} log records were dropped: the log was unwritable",
                    }
                )
                self.stream.write(self.format(note) + self.terminator)
                self.dropped = 0
            self.stream.write(self.format(record) + self.terminator)
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)

    def handleError(self, record: logging.LogRecord) -> None:
        """Count the record as dropped; say so once on stderr; never a traceback."""
        self.dropped += 1
        if not self._warned:
            self._warned = True
            err = sys.exc_info()[1]
            why = getattr(err, "strerror", None) or err or "unknown error"
            _say(f"staff log: cannot write {self.baseFilename} ({why}); counting dropped records")

    def close(self) -> None:
        if self.dropped:
            _say(f"staff log: {self.dropped} records were dropped ({self.baseFilename})")
        with contextlib.suppress(OSError):
            super().close()


class _QuietStderrHandler(logging.StreamHandler):
    """The fallback when there is no log file: stderr, and silence if even that fails."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def _say(line: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)


def log_files(folder: Path, backups: int) -> tuple[Path, ...]:
    """The log file and its rotated copies: no output may ever be written over one."""
    target = Path(os.path.abspath(Path(folder).expanduser() / LOG_FILE))
    return (target, *(target.with_name(f"{LOG_FILE}.{i}") for i in range(1, backups + 1)))


def setup_logging(folder: Path, max_bytes: int, backups: int) -> logging.Logger:
    """The "callinicum531" logger writing to ``<folder>/callinicum531.log``. Calling it again
    replaces the handler instead of adding one.

    If the folder cannot be created or the file opened (read-only disk, wrong owner, a FIFO or a
    folder in its place), the log goes to stderr instead (the journal, under systemd) with a
    warning: a kiosk that will not start because of its log folder would be restarted by
    systemd forever.
    """
    logger = staff_logger()
    logger.setLevel(logging.INFO)
    target = log_files(folder, backups)[0]
    for handler in list(logger.handlers):
        if isinstance(handler, StaffLogHandler) and Path(handler.baseFilename) == target:
            return logger
    close_logging(logger)
    try:
        make_folders(target.parent)
        handler: logging.Handler = StaffLogHandler(target, max_bytes, backups)
        problem = None
    except OSError as err:
        handler = _QuietStderrHandler(sys.stderr)
        problem = f"cannot write the log to {target} ({err.strerror or err}); logging to stderr"
    handler.setFormatter(_OneLineFormatter())
    logger.addHandler(handler)
    if problem:
        logger.warning(problem)
    return logger


def close_logging(logger: logging.Logger) -> None:
    """Detach and close every handler of `logger` (frees the file descriptor)."""
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
