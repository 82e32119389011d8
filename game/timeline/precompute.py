"""Background pre-computation: what the worker computes next, and where its keyframes go.

The worker (`game.timeline.worker`, a process of its own by default) simulates its own copies
of the battle, one per account, and sends encoded keyframes; a scheduler thread here puts them
into the caches and tells the worker what to compute next. The two sides share nothing but
messages; determinism makes the worker's keyframes exactly the states the displayed world
would reach.

What it computes next, and in what order, is the plan's (`game.timeline.plan`).

When there is nothing to do the scheduler sleeps until woken: by a keyframe or a job's end, a
jump of the playhead, a switch of account, or the playhead reaching the end of the other
account's keyframes (`wake_at`). No timer: an idle battle costs no CPU (`wakeups` counts).
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as wait_ready

from game.scenario.specs import Scenario
from game.sim.world import World
from game.timeline.archive import archives
from game.timeline.cache import Keyframes
from game.timeline.fetching import FETCH_WAIT_SECONDS, SWITCH_WAIT_SECONDS, Fetching
from game.timeline.plan import Plan
from game.timeline.post import Post
from game.timeline.trim import Trimmer
from game.timeline.worker import Done, Job, Made, Spec, process_main, serve

JUMP_TICKS = 60
"""A playhead move larger than this (a seek, a drag) wakes the scheduler."""

__all__ = ["FETCH_WAIT_SECONDS", "SWITCH_WAIT_SECONDS", "Precomputer"]


class Precomputer(Plan, Fetching):
    """Owns the worker and the scheduler thread. Start it, read the caches, stop it (tests:
    always, in a fixture). `process=False` runs the worker in a thread (tests, small battles).
    `wait` is how the scheduler blocks (`multiprocessing.connection.wait`; tests count)."""

    def __init__(
        self,
        scenario: Scenario,
        caches: Keyframes | dict[str, Keyframes],
        *,
        seed: int,
        scale: int,
        account: str | None = None,
        end_tick: int | None = None,
        strengths: str = "default",
        process: bool = False,
        wait: Callable[[list, float | None], list] = wait_ready,
    ):
        if isinstance(caches, Keyframes):
            caches = {account or caches.key.account: caches}
        self.scenario = scenario
        self.caches = caches
        first = next(iter(caches.values()))
        self.budget = first.budget
        self.seed, self.scale, self.strengths = seed, scale, strengths
        self.end_tick = scenario.clock.end_tick if end_tick is None else end_tick
        self.process = process
        self._wait = wait
        self.idle = threading.Event()  # set while there is nothing left to compute
        self.ticks_simulated = 0
        self.ticks_by_account: dict[str, int] = dict.fromkeys(caches, 0)  # (for benchmarks)
        self.wakeups = 0
        self.error: BaseException | None = None
        self._stopping = threading.Event()
        self._spawned = threading.Event()
        self._thread: threading.Thread | None = None
        self._child: multiprocessing.process.BaseProcess | threading.Thread | None = None
        self._conn: Connection | None = None
        self._post: Post | None = None  # writes the jobs (the scheduler only reads)
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)  # a full pipe already says "wake up"
        self._running: Job | None = None
        self._seq = 0
        self._pending: set[int] = set()  # ticks of the running job not yet received
        self._refused: dict[str, set[int]] = {a: set() for a in caches}
        self.wake_at: int | None = None  # the playhead tick that makes new work due
        self.trimmer = Trimmer()  # evicted keyframes' memory back to the system
        self._archived: dict[str, set[int]] = {a: set() for a in caches}  # in the worker's
        for account, cache in caches.items():
            cache.elsewhere = self._archived[account]  # (the bar shows those as computed)
        self._archiving: dict[int, Job] = {}  # archive jobs sent, by seq
        self._wanted: deque[tuple[str, int]] = deque()  # what exact seeks wait for (`fetch`)
        self._reading = threading.Event()  # clear: what the worker sends waits (`quiet`)
        self._reading.set()

    @classmethod
    def for_world(cls, world: World, keyframes: Keyframes, **kw) -> Precomputer:
        return cls(
            world.scenario,
            {world.account: keyframes},
            seed=world.seed,
            scale=world.scale,
            strengths=world.strengths,
            **kw,
        )

    @property
    def keyframes(self) -> Keyframes:
        """The cache of the account on screen."""
        return self.caches[self.budget.shown or next(iter(self.caches))]

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> Precomputer:
        """Start the scheduler, which starts the worker: spawning a process takes ~1 s (a
        fresh interpreter reads its arguments), which the window does not wait for. On Linux
        the worker is killed when the thread that started it (the scheduler's) ends."""
        if self._thread is not None:
            return self
        self.budget.on_playhead = self._on_playhead
        self._thread = threading.Thread(target=self._schedule, name="precompute", daemon=True)
        self._thread.start()
        return self

    def _spawn(self) -> Connection:
        kf = self.keyframes
        spec = Spec(
            self.scenario, self.seed, self.scale, self.strengths, kf.anchor_every, kf.sparse_every
        )
        if self.process:
            ctx = multiprocessing.get_context("spawn")
            here, there = ctx.Pipe()
            child = ctx.Process(
                target=process_main, args=(there, spec, os.getpid()), name="precompute", daemon=True
            )
            child.start()
            there.close()
        else:
            here, there = multiprocessing.Pipe()
            child = threading.Thread(target=_serve_quietly, args=(there, spec), daemon=True)
            child.start()
        self._conn, self._child = here, child
        self._spawned.set()
        return here

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self.notify()
        if self._thread is not None:
            self._thread.join(timeout)
        child = self._child
        if child is not None:
            child.join(timeout)
            if isinstance(child, multiprocessing.process.BaseProcess) and child.is_alive():
                child.kill()
                child.join(timeout)
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._wake_r = self._wake_w = -1
        self.budget.on_playhead = None

    @property
    def alive(self) -> bool:
        return (self._thread is not None and self._thread.is_alive()) or (
            self._child is not None and self._child.is_alive()
        )

    @property
    def pid(self) -> int | None:
        """The worker process's id (None when it runs in a thread); waits for it to start."""
        self._spawned.wait(30)
        child = self._child
        return child.pid if isinstance(child, multiprocessing.process.BaseProcess) else None

    def notify(self) -> None:
        """Wake the scheduler: something may have made new work due."""
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"!")

    def _on_playhead(self, old: int, new: int) -> None:
        """Called by the cache on every playhead move (each frame): wake only when it matters."""
        if abs(new - old) > JUMP_TICKS or (self.wake_at is not None and new >= self.wake_at):
            self.wake_at = None
            self.notify()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until everything that can be computed is (tests and benchmarks)."""
        return self._wait_for(self.idle.is_set, timeout)

    def wait_sparse(self, timeout: float | None = None) -> bool:
        """Block until the sparse tier of the account on screen covers the whole battle, so that
        every drag preview and seek is bounded; the rest may still be filling (tests)."""
        kf = self.keyframes

        def covered() -> bool:
            return not kf.missing_sparse_after(0, self.end_tick) or self.idle.is_set()

        return self._wait_for(covered, timeout)

    def _wait_for(self, done: Callable[[], bool], timeout: float | None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        while not done():
            if self.error is not None:
                raise RuntimeError("the pre-computation worker failed") from self.error
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return False
            self.idle.wait(0.05 if left is None else min(left, 0.05))
        return True

    # -- the scheduler -----------------------------------------------------------------------------
    def _schedule(self) -> None:
        try:
            conn = self._spawn()
            self._post = Post(conn, self._failed)
            while not self._stopping.is_set():
                if self._running is None:
                    self._send(self.next_job())
                reading = self._reading.is_set()
                ready = self._wait([conn, self._wake_r] if reading else [self._wake_r], None)
                self.wakeups += 1
                if self._wake_r in ready:
                    os.read(self._wake_r, 4096)
                    if self._stopping.is_set():
                        break
                    self._replan()
                if conn in ready:
                    while self._reading.is_set() and conn.poll():
                        self._receive(conn.recv())
                self.trimmer.after(self.budget.dropped_bytes, idle=self._running is None)
        except (EOFError, OSError, BrokenPipeError) as err:
            if not self._stopping.is_set():
                self.error = err
        except BaseException as err:  # surfaced by wait_idle; the UI keeps working without it
            self.error = err
        finally:
            if self._post is not None:
                self._post.close(timeout=1.0)  # (the worker stops on the `None` it writes)
            self.idle.set()

    def _failed(self, err: BaseException) -> None:
        """The post could not write a job: the worker is gone."""
        if not self._stopping.is_set():
            self.error = err
        self.notify()

    def _send(self, job: Job | None) -> None:
        if job is not None:
            self._seq += 1
            job = dataclasses.replace(job, seq=self._seq)
        self._running = job
        if job is None:  # memory given back before the worker says it is idle
            self.trimmer.after(self.budget.dropped_bytes, idle=True)
            self.idle.set()
            return
        self.idle.clear()
        self._pending = set(job.emit)
        if job.archive:
            self._archiving[job.seq] = job
        assert self._post is not None
        dropped = self._post.send(job)  # never blocks: the worker may be writing to us
        if isinstance(dropped, Job):  # superseded before it was written: no `Done` will come
            self._archiving.pop(dropped.seq, None)

    def _replan(self) -> None:
        """The playhead jumped or the account changed: go on with the running job only if it
        is still what comes first."""
        for refused in self._refused.values():
            refused.clear()
        wanted = bool(self._wanted)  # an exact seek (a switch of account) waits on the archive
        job = self.next_job()
        running = self._running
        if job is None or running is None:
            if running is None:
                self._send(job)
            return
        if not wanted and job.account == running.account and job.emit[0] in self._pending:
            return  # the worker is on its way there (a wanted tick is not: the running job may
            # be an archive job, which sends nothing, or simulating towards it for seconds)
        self._send(job)  # the worker drops the running job at its next tick

    def _receive(self, msg: Made | Done) -> None:
        if isinstance(msg, Made):
            cache = self.caches[msg.account]
            tick = msg.keyframe.tick
            self._pending.discard(tick)
            if archives(tick, cache.sparse_every, msg.promoted):  # the worker keeps it too
                self._archived[msg.account].add(tick)
            if not cache.put_encoded(msg.keyframe, msg.promoted) and not msg.promoted:
                self._refused[msg.account].add(tick)  # not again until the playhead jumps
            return
        self.ticks_simulated += msg.ticks
        self.ticks_by_account[msg.account] = self.ticks_by_account.get(msg.account, 0) + msg.ticks
        archived = self._archiving.pop(msg.seq, None)
        if archived is not None:  # what it stored: the ticks the world went past
            last = archived.emit[-1]
            done = (t for t in archived.emit if t < msg.tick or t == msg.tick == last)
            self._archived[msg.account].update(done)
        self._archived[msg.account].update(msg.passed)  # (then what was evicted since)
        for account, tick in msg.evicted:
            self._archived.get(account, set()).discard(tick)
        running = self._running
        if running is not None and running.seq == msg.seq:  # (not a superseded job's)
            self._send(self.next_job())


def _serve_quietly(conn: Connection, spec: Spec) -> None:
    with contextlib.suppress(EOFError, OSError):  # the scheduler is gone
        serve(conn, spec)
