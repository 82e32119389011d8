"""The window's letterbox to the worker: jobs are written to the pipe by a thread of their own.

The scheduler thread is the only reader of what the worker sends. Were it also the writer, a
job too big for the pipe (its start keyframe is ~1 MB at 1:1, a pipe holds 64 KB) would block
it while the worker could not read: the worker's job loop waits on its full outbox, whose
encoding thread waits to write a keyframe back to the scheduler. At 1:1 that three-way wait
held switches of account for 350 ms, until the pipes drained. With the writing here, the
scheduler goes on reading, and the worker's side drains.

Only the newest job matters (each supersedes the one before at the worker's next tick), so a
job not yet written when a newer one is posted is not written at all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from multiprocessing.connection import Connection

STOP = object()
"""Posted last: tell the worker to stop (it reads `None`), then end the thread."""


class Post:
    """Writes what is posted to `conn` in a thread of its own; one message waits at most."""

    def __init__(self, conn: Connection, on_error: Callable[[BaseException], None]):
        self.conn = conn
        self._on_error = on_error
        self._ready = threading.Condition()
        self._waiting: list[object] = []  # the message not yet written (none or one)
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="precompute-post", daemon=True)
        self._thread.start()

    def send(self, msg: object) -> object | None:
        """Post `msg` for writing; returns the message it replaced unwritten, if any."""
        with self._ready:
            if self._stopped:
                return msg
            dropped = self._waiting.pop() if self._waiting else None
            self._waiting.append(msg)
            self._ready.notify()
            return dropped

    def close(self, timeout: float = 5.0) -> None:
        """Tell the worker to stop (what still waits is not written) and end the thread."""
        with self._ready:
            if not self._stopped:
                self._stopped = True
                self._waiting[:] = [STOP]
                self._ready.notify()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._ready:
                self._ready.wait_for(lambda: bool(self._waiting))
                msg = self._waiting.pop()
            try:
                self.conn.send(None if msg is STOP else msg)
            except (EOFError, OSError) as err:
                if msg is not STOP:
                    self._on_error(err)
                return
            if msg is STOP:
                return
