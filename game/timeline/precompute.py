"""Background pre-computation: what the worker computes next, and where its keyframes go.

The worker (`game.timeline.worker`, a process of its own by default) simulates its own copies
of the battle, one per account, and sends encoded keyframes; a scheduler thread here puts them
into the caches and tells the worker what to compute next. The two sides share nothing but
messages; determinism makes the worker's keyframes exactly the states the displayed world
would reach.

Work order (`next_job`), the account on screen first:
1. its sparse tier for the next `NEXT_TICKS` from the playhead (a seek's target is the
   playhead while it finishes: a seek into a stretch not yet computed is computed first);
2. the other account's keyframes around the playhead (`SHADOW_LEAD_TICKS` ahead), so a switch
   of account lands on the same moment at once; then the shown account's up to `LEAD_TICKS`;
3. the rest of the sparse tier, then the beginning (one pass through the battle);
4. the other account's keystones over the whole battle (any moment of it within reach), then
   its sparse tier into the worker's own archive (`game.timeline.archive`), so that a switch
   of account anywhere lands at once;
5. whatever else fits: the dense tier near the playhead, then everywhere, then the other
   account's sparse tier.
Each step only asks for keyframes the cache would keep (`Keyframes.would_keep`).

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
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as wait_ready

from game.scenario.specs import Scenario
from game.sim.world import World
from game.timeline.archive import archive_ticks
from game.timeline.cache import Keyframes
from game.timeline.heap import Trimmer
from game.timeline.worker import Done, Job, Made, Spec, process_main, serve

LEAD_TICKS = 1200
"""The sparse tier ahead of the playhead computed before anything else (60 battle s: 16x
playback reads it, and a step or phase jump forward lands in it)."""

NEXT_TICKS = 300
"""The first of it (15 battle s), before the other account around the playhead."""

BEHIND_TICKS = 600
"""After the stretch ahead, the worker fills from 30 battle s before the playhead."""

SHADOW_LEAD_TICKS = 120
"""How far past the playhead the other account's keyframes are computed (6 battle s)."""

SHADOW_RENEW_TICKS = 30
"""The worker extends them when the playhead comes this close to their end."""

SWITCH_WAIT_SECONDS = 0.05
"""How long a switch of account waits for the worker's archive (`wait_reach`) before seeking
anyway: a third of the seek budget; the archive answers in a few milliseconds."""

JUMP_TICKS = 60
"""A playhead move larger than this (a seek, a drag) wakes the scheduler."""

JOB_EMITS = 40
"""Keyframes per job at most: the plan is looked at again after each job."""


class Precomputer:
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
        self.wakeups = 0
        self.error: BaseException | None = None
        self._stopping = threading.Event()
        self._spawned = threading.Event()
        self._thread: threading.Thread | None = None
        self._child: multiprocessing.process.BaseProcess | threading.Thread | None = None
        self._conn: Connection | None = None
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)  # a full pipe already says "wake up"
        self._running: Job | None = None
        self._seq = 0
        self._pending: set[int] = set()  # ticks of the running job not yet received
        self._refused: dict[str, set[int]] = {a: set() for a in caches}
        self.wake_at: int | None = None  # the playhead tick that makes new work due
        self.trimmer = Trimmer()  # evicted keyframes' memory back to the system
        self._archived: dict[str, set[int]] = {a: set() for a in caches}  # in the worker's
        self._archiving: dict[int, Job] = {}  # archive jobs sent, by seq

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

    def archived(self, account: str) -> frozenset[int]:
        """The ticks of `account` the worker has archived, as far as the scheduler knows."""
        return frozenset(self._archived[account])

    def wait_reach(self, cache: Keyframes, tick: int, timeout: float) -> bool:
        """Block (a switch of account, for at most `timeout` s) until an exact seek to `tick`
        in `cache` re-simulates at most a sparse interval: the worker's archive answers in a
        few milliseconds. False if it did not (nothing archived there yet, or no worker)."""
        deadline = time.monotonic() + timeout
        while tick - cache.start_for(tick) > cache.sparse_every:
            if not self.alive or self.error is not None or time.monotonic() >= deadline:
                return False
            time.sleep(0.002)
        return True

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
            while not self._stopping.is_set():
                if self._running is None:
                    self._send(self.next_job())
                ready = self._wait([conn, self._wake_r], None)
                self.wakeups += 1
                if self._wake_r in ready:
                    os.read(self._wake_r, 4096)
                    if self._stopping.is_set():
                        break
                    self._replan()
                if conn in ready:
                    while conn.poll():
                        self._receive(conn.recv())
                self.trimmer.after(self.budget.dropped_bytes, idle=self._running is None)
            conn.send(None)
        except (EOFError, OSError, BrokenPipeError) as err:
            if not self._stopping.is_set():
                self.error = err
        except BaseException as err:  # surfaced by wait_idle; the UI keeps working without it
            self.error = err
        finally:
            self.idle.set()

    def _send(self, job: Job | None) -> None:
        if job is not None:
            self._seq += 1
            job = dataclasses.replace(job, seq=self._seq)
        self._running = job
        if job is None:
            self.idle.set()
            return
        self.idle.clear()
        self._pending = set(job.emit)
        if job.archive:
            self._archiving[job.seq] = job
            for account, ticks in self._archived.items():
                if account != job.account:
                    ticks.clear()  # the archive makes room by evicting them: count them gone
        assert self._conn is not None
        self._conn.send(job)

    def _replan(self) -> None:
        """The playhead jumped or the account changed: go on with the running job only if it
        is still what comes first."""
        for refused in self._refused.values():
            refused.clear()
        job = self.next_job()
        running = self._running
        if job is None or running is None:
            if running is None:
                self._send(job)
            return
        if job.account == running.account and job.emit[0] in self._pending:
            return  # the worker is on its way there
        self._send(job)  # the worker drops the running job at its next tick

    def _receive(self, msg: Made | Done) -> None:
        if isinstance(msg, Made):
            cache = self.caches[msg.account]
            tick = msg.keyframe.tick
            self._pending.discard(tick)
            if not cache.put_encoded(msg.keyframe, msg.promoted) and not msg.promoted:
                self._refused[msg.account].add(tick)  # not again until the playhead jumps
            return
        self.ticks_simulated += msg.ticks
        archived = self._archiving.pop(msg.seq, None)
        if archived is not None:  # what it stored: the ticks the world went past
            last = archived.emit[-1]
            done = (t for t in archived.emit if t < msg.tick or t == msg.tick == last)
            self._archived[msg.account].update(done)
        running = self._running
        if running is not None and running.seq == msg.seq:  # (not a superseded job's)
            self._send(self.next_job())

    # -- the plan ----------------------------------------------------------------------------------
    def next_job(self) -> Job | None:
        """The most urgent keyframes still to compute, as one job, or None (see the module)."""
        b = self.budget
        p = min(max(b.playhead, 0), self.end_tick)
        shown = self.caches.get(b.shown or "") or next(iter(self.caches.values()))
        others = [c for c in self.caches.values() if c is not shown]
        end = self.end_tick
        sp = shown.sparse_every
        lead = min(end, p + LEAD_TICKS)
        self.wake_at = None
        first = shown.frontier(p)
        archived = max(0, p - 1) // sp * sp  # the keyframe an exact seek to p starts from
        if archived > first and archived in self._archived[shown.key.account]:
            first = archived  # (a switch of account) the archive has it: no need to go there
        job = self._job(shown, _grid(first, min(end, p + NEXT_TICKS), sp), True)
        if job is None:
            for other in others:
                job = self._shadow(other, p)
                if job is not None:
                    break
        if job is None:
            job = self._job(shown, _grid(shown.frontier(p), lead, sp), sparse=True)
        if job is None:
            behind = max(0, p - BEHIND_TICKS)
            rest = [*_grid(lead, end, sp), *_grid(behind, p, sp), *_grid(0, behind, sp)]
            job = self._job(shown, rest, sparse=True)
        for other in others:
            if job is None:
                ks = other.keystone_every
                job = self._job(other, [*_grid(p, end, ks), *_grid(0, p, ks)])
        for other in others:
            if job is None:
                ticks = [*_grid(p, end, sp), *_grid(0, p, sp)]
                archived = self._archived[other.key.account]
                emit = archive_ticks(ticks, other.ticks(), archived, JOB_EMITS, sp)
                job = self._job_for(other, emit, archive=True)
        if job is None:
            d = shown.dense_every
            near = [*_grid(max(0, p - 300), min(end, p + 300), d)]
            job = self._job(shown, [*near, *_grid(0, end, d)])
        for other in others:
            if job is None:
                job = self._job(other, [*_grid(p, end, sp), *_grid(0, p, sp)], sparse=True)
        if others and self.wake_at is None:
            other = others[0]
            last = other.nearest_tick(min(end, p + SHADOW_LEAD_TICKS))
            if last < end:
                self.wake_at = max(p + 1, last - SHADOW_RENEW_TICKS)
        return job

    def _shadow(self, other: Keyframes, p: int) -> Job | None:
        """The other account's keyframes from just behind the playhead to a little past it."""
        end = self.end_tick
        last = other.nearest_tick(min(end, p + SHADOW_LEAD_TICKS))
        if last >= min(end, p + SHADOW_LEAD_TICKS) - other.sparse_every:
            return None
        lo = max(0, p - other.sparse_every)
        return self._job(other, _grid(lo, p + SHADOW_LEAD_TICKS, other.sparse_every), True)

    def _job(self, cache: Keyframes, ticks: Iterable[int], sparse: bool = False) -> Job | None:
        """A job for the first run of `ticks` that is missing and would be kept: up to
        `JOB_EMITS` keyframes, stopping where a stretch already held would be re-simulated
        for nothing (further than a sparse interval)."""
        account = cache.key.account
        refused = self._refused[account]
        end = self.end_tick
        keep = cache.keep_test()
        emit: list[int] = []
        for t in ticks:
            if t > end or t % cache.dense_every:
                continue
            held = t in cache or t in refused
            if emit and (t - emit[-1] > cache.sparse_every or len(emit) >= JOB_EMITS):
                break
            if held:
                continue
            if not keep(t):
                continue
            emit.append(t)
        return self._job_for(cache, emit, sparse)

    def _job_for(
        self, cache: Keyframes, emit: list[int], sparse: bool = False, archive: bool = False
    ) -> Job | None:
        """The job that emits `emit` from the keyframe the cache holds before its first."""
        if not emit:
            return None
        start = cache.start_for(emit[0])
        stored = cache.encoded(start) if start else None
        if start and stored is None:  # evicted meanwhile: from tick 0 rather than wrongly
            start = 0
        return Job(0, cache.key.account, stored, start, tuple(emit), sparse, archive)


def _grid(lo: int, hi: int, every: int) -> range:
    """The multiples of `every` in [lo, hi]."""
    first = lo + (-lo) % every
    return range(first, hi + 1, every)


def _serve_quietly(conn: Connection, spec: Spec) -> None:
    with contextlib.suppress(EOFError, OSError):  # the scheduler is gone
        serve(conn, spec)
