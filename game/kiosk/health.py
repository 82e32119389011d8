"""Staying alive on a museum floor: process figures, heartbeat file, systemd watchdog (the staff
log is `game.kiosk.stafflog`).

Standard library only and never imports pygame, so it works (and is tested) without a display.
Nothing here may bring the kiosk down: a full disk, a missing folder or a vanished systemd socket
is logged and otherwise ignored. Time is always passed in (`now`, a monotonic clock value; the
app's virtual clock in tests), so nothing here sleeps or starts a thread.

The pieces, as the kiosk app uses them::

    log = setup_logging(cfg.log.folder, cfg.log.max_bytes, cfg.log.backups)  # stafflog.py
    notifier = SystemdNotifier.from_env(logger=log)     # no-op outside systemd
    heartbeat = Heartbeat(cfg.heartbeat_path, cfg.heartbeat.interval_s, logger=log)
    notifier.ready()
    while running:                                      # one frame
        ...
        notifier.watchdog(now)
        heartbeat.beat(now, fps=fps, state=state, last_error=last_error)
    notifier.stopping(); notifier.close(); close_logging(log)
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import logging
import logging.handlers
import math
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from game.app.writing import write_whole
from game.kiosk.stafflog import LOGGER_NAME

MAX_ERROR_CHARS = 500
"""`last_error` in the heartbeat is cut to this: enough for an exception line, not a traceback."""


# -- process figures -------------------------------------------------------------------------


def process_stats() -> dict[str, int | None]:
    """Resident memory (bytes), open file descriptors and OS threads of this process.

    Linux reads /proc. Elsewhere `rss_bytes` falls back to the *peak* RSS from getrusage (still
    shows a leak, as a rising line) and `fds` is None. `threads` counts OS threads where /proc
    allows, so threads started by SDL or numpy show too.
    """
    return {"rss_bytes": _rss_bytes(), "fds": _fd_count(), "threads": _thread_count()}


def _rss_bytes() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # macOS: bytes; others: KiB


def _fd_count() -> int | None:
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            return len(os.listdir(folder)) - 1  # listing opens one fd of its own
        except OSError:
            continue
    return None


def _thread_count() -> int:
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return threading.active_count()


def _version() -> str:
    try:
        return importlib.metadata.version("callinicum531")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# -- heartbeat -------------------------------------------------------------------------------


class Heartbeat:
    """A JSON file rewritten every `interval_s` (G10), for a remote "dead man's switch".

    A monitor alerts when the file's `time` stops advancing: that catches a hung kiosk, a dead
    machine and a cut network alike. The file is replaced atomically (write a temporary file,
    then `os.replace`), so a reader never sees half a file, even after a power cut.
    """

    def __init__(
        self,
        path: Path,
        interval_s: float,
        *,
        logger: logging.Logger | None = None,
        started_at: float | None = None,
        wall_clock: Callable[[], float] = time.time,
        protected: tuple[Path, ...] = (),
    ) -> None:
        """`started_at` is the monotonic time of process start (None: the first beat);
        `protected`: files the heartbeat must never replace (the kiosk's inputs and log)."""
        self.path = Path(path)
        self.protected = protected
        self.interval_s = float(interval_s)
        self._log = logger or logging.getLogger(LOGGER_NAME)
        self._started = started_at
        self._wall = wall_clock
        self._last: float | None = None
        self._failing = False
        self._version = _version()

    def beat(
        self,
        now: float,
        *,
        fps: float,
        state: str,
        last_error: str | None,
        force: bool = False,
    ) -> bool:
        """Write the file if `interval_s` has passed since the last attempt (the first call
        always writes), or at once with `force` (the last word before exiting on an error).
        Returns whether it wrote. Never raises."""
        if not force and self._last is not None and now - self._last < self.interval_s:
            return False
        self._last = now  # a failed write waits for the next interval too, not the next frame
        if self._started is None:
            self._started = now
        try:
            self._write(self.payload(now, fps=fps, state=state, last_error=last_error))
        except (OSError, ValueError, TypeError) as err:
            if not self._failing:
                self._log.warning("heartbeat: cannot write %s: %s", self.path, err)
            self._failing = True
            return False
        if self._failing:
            self._log.info("heartbeat: writing %s again", self.path)
            self._failing = False
        return True

    def payload(self, now: float, *, fps: float, state: str, last_error: str | None):
        stats = process_stats()
        rss = stats["rss_bytes"]
        error = None if last_error is None else " ".join(str(last_error).split())
        return {
            "time": dt.datetime.fromtimestamp(self._wall(), tz=dt.UTC)
            .astimezone()
            .isoformat(timespec="seconds"),
            "uptime_s": round(now - (self._started if self._started is not None else now), 1),
            "fps": round(fps, 1) if math.isfinite(fps) else None,
            "rss_mb": None if rss is None else round(rss / 2**20, 1),  # MiB, as top shows
            "fds": stats["fds"],
            "state": state,
            "last_error": None if error is None else error[:MAX_ERROR_CHARS],
            "pid": os.getpid(),
            "version": self._version,
        }

    def _write(self, payload: dict[str, Any]) -> None:
        """Whole or not at all (`write_whole`: a temporary file, fsync, rename), 0640, and never
        over one of the kiosk's own inputs (`protected`)."""
        text = json.dumps(payload, allow_nan=False) + "\n"
        write_whole("heartbeat", self.path, text.encode("utf-8"), inputs=self.protected)


# -- systemd ---------------------------------------------------------------------------------


class SystemdNotifier:
    """Tells systemd we are ready, what we are doing, and that we are still alive (G7).

    Speaks the sd_notify datagram protocol itself (no libsystemd). Outside systemd, or without
    ``NOTIFY_SOCKET``, every method is a cheap no-op.

    **The watchdog is pinged from the main loop, once per frame, never from a thread.** A thread
    would keep pinging while the frame loop is stuck (a deadlock, an endless computation, a
    blocked display call), and systemd would never notice. From the loop, a stall stops the
    pings, and after ``WatchdogSec`` systemd kills the process and ``Restart=always`` brings the
    attract loop back. Long start-up work (loading, keyframes) must therefore call `watchdog` too.

    Sending never blocks (a full socket drops the datagram) and never raises; the first failure
    is logged once.
    """

    def __init__(
        self,
        address: str | None,
        watchdog_usec: int | None = None,
        *,
        logger: logging.Logger | None = None,
    ) -> None:
        """`address`: a socket path or ``@name`` (Linux abstract namespace); None disables."""
        self._log = logger or logging.getLogger(LOGGER_NAME)
        self._warned = False
        self._sock: socket.socket | None = None
        self._address: str | None = None
        self.watchdog_interval_s: float | None = (
            watchdog_usec / 1e6 if watchdog_usec and watchdog_usec > 0 else None
        )
        self._last_ping: float | None = None
        if not address:
            return
        if address[0] not in "/@":
            self._warn(f"systemd: unsupported NOTIFY_SOCKET {address!r}; not notifying")
            return
        self._address = "\0" + address[1:] if address[0] == "@" else address
        try:
            self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            self._sock.setblocking(False)
        except OSError as err:  # e.g. no AF_UNIX
            self._warn(f"systemd: cannot create the notify socket: {err}")
            self._sock = None

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] = os.environ,
        *,
        logger: logging.Logger | None = None,
    ) -> SystemdNotifier:
        """Read NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID as systemd sets them. A watchdog
        meant for another process (WATCHDOG_PID set and not ours) is ignored, as sd_watchdog_enabled
        does."""
        usec: int | None = None
        try:
            usec = int(environ.get("WATCHDOG_USEC", ""))
        except ValueError:
            usec = None
        pid = environ.get("WATCHDOG_PID")
        if pid and pid.strip() != str(os.getpid()):
            usec = None
        return cls(environ.get("NOTIFY_SOCKET") or None, usec, logger=logger)

    @property
    def enabled(self) -> bool:
        """Whether systemd is listening at all."""
        return self._sock is not None

    @property
    def watchdog_enabled(self) -> bool:
        return self._sock is not None and self.watchdog_interval_s is not None

    def ready(self) -> bool:
        """Start-up is done (the first frame is on screen): ``Type=notify`` units become active."""
        return self._send("READY=1")

    def status(self, text: str) -> bool:
        """A one-line status shown by ``systemctl status`` (never visitor data)."""
        return self._send("STATUS=" + " ".join(text.split()))

    def stopping(self) -> bool:
        return self._send("STOPPING=1")

    def watchdog(self, now: float) -> bool:
        """Ping if half the watchdog interval has passed since the last ping (the first call
        pings). Call every frame from the main loop; returns whether a ping went out."""
        if not self.watchdog_enabled:
            return False
        assert self.watchdog_interval_s is not None
        if self._last_ping is not None and now - self._last_ping < self.watchdog_interval_s / 2:
            return False
        self._last_ping = now  # a failed send is not retried every frame
        return self._send("WATCHDOG=1")

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def _send(self, message: str) -> bool:
        if self._sock is None or self._address is None:
            return False
        try:
            self._sock.sendto(message.encode("utf-8"), self._address)
        except OSError as err:
            self._warn(f"systemd: cannot notify {message.split('=')[0]}: {err}")
            return False
        return True

    def _warn(self, message: str) -> None:
        if not self._warned:
            self._warned = True
            self._log.warning(message)
