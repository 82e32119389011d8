"""The pre-computation worker: simulates the battle away from the window, and encodes keyframes.

It runs in a process of its own (spawned, so the second core works while the window's process
draws; numpy and zlib alone would share one interpreter lock with the window) or, for tests and
small battles, in a thread; either way it speaks through one `Connection` and runs `serve`.

The window's side (`game.timeline.precompute`) sends `Job`s: which account, the keyframe to
start from (as stored, with its anchor), and the ticks to emit. The worker restores, simulates,
and sends back each keyframe encoded with the cache's own codec (`codec.Encoder`), so a
keyframe made here is byte for byte the one the window would make itself. Every sparse or
promoted keyframe it makes, of either account, it also keeps (`game.timeline.archive`): a job
asking for one again is answered from there without simulating. A new message
interrupts the job at the next tick; the job ends with a `Done`.

It dies with the window: the connection's end-of-file ends it (the window's end closes when
its process exits in any way), and on Linux the kernel also sends it SIGKILL when the window's
process dies (`PR_SET_PDEATHSIG`), which covers a worker busy in a long tick.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection

from game.scenario.specs import Scenario
from game.sim.tick import step
from game.sim.world import World, build_world
from game.timeline.archive import Archive, archives
from game.timeline.codec import Encoded, Encoder, decode, split

PROMOTE_CPU_SECONDS = 0.05
"""A sparse interval whose ticks cost more CPU than this to re-simulate (the melee) also keeps
a keyframe `PROMOTE_OFFSET` ticks in, so an exact seek there re-simulates at most 9 ticks
(two keyframes, 6, where those 9 are dearer still: `PROMOTE_SPLIT_CPU_SECONDS`).
At 14:20 (1:1) an interval cost 122-134 ms of CPU on the loaded shared machine (ticks with a
neighbour pass ~3x the others): under the old 0.10 s it went unpromoted, and a seek there
re-simulated its 15 ticks. At 0.07 s, once the tick was ~19 % cheaper (r11), the intervals
just under it went unpromoted, and exact seeks there re-simulated 12-15 ticks in the window:
83-111 ms of wall time, the worst of 50 (quiet; the window's ticks after a restore cost more
than the worker measured going through them). The window's bound keeps few promoted
keyframes; the worker's archive keeps them (`game.timeline.archive`), and an exact seek
fetches the one it needs."""

PROMOTE_OFFSET = 9
"""Where in a sparse interval the promoted keyframe sits (a multiple of the dense spacing)."""

PROMOTE_SPLIT_CPU_SECONDS = 0.065
"""Where the first `PROMOTE_OFFSET` ticks of a sparse interval alone cost more CPU than this
(the worst exact seek there re-simulates them), the interval keeps two promoted keyframes
instead, `PROMOTE_SPLIT` ticks in: a seek there re-simulates at most 6 ticks (two neighbour
passes, not three). At 1:1 the dearest 9-tick stretches cost 80-107 ms of CPU (loaded shared
machine), and the worst of 50 exact seeks was 113-122 ms quiet against the 100 ms target."""

PROMOTE_SPLIT = (6, 12)
"""The two promoted keyframes of a very dear interval (multiples of the dense spacing)."""

PR_SET_PDEATHSIG = 1  # linux/prctl.h

WORKER_NICE = 10
"""How much lower the worker runs than the window (nice steps): its simulation and its encoding
thread take ~1.1 cores, the window's frames ~0.8 at 60 FPS, so on two cores they met on one and
the frames waited. Lowered, the worker has whatever CPU the frames leave (CFS weights ~9:1)."""


@dataclass(frozen=True)
class Spec:
    """What the worker builds its worlds from: the battle's key, less the account."""

    scenario: Scenario
    seed: int
    scale: int
    strengths: str
    anchor_every: int
    sparse_every: int


@dataclass(frozen=True)
class Job:
    seq: int  # which job a `Done` ends
    account: str
    start: tuple[Encoded, Encoded | None] | None  # keyframe to restore (and its anchor); None: 0
    start_tick: int
    emit: tuple[int, ...]  # keyframe ticks to send, ascending
    sparse: bool = False  # a pass over the sparse tier: promote a keyframe in dear intervals
    archive: bool = False  # keep them in the worker's archive instead of sending them
    shown: str = ""  # the account on screen: the archive keeps its promoted keyframes longest
    passing: bool = False  # archive the sparse (and promoted) keyframes passed on the way
    fetch: bool = False  # answer from the archive alone (an exact seek waits), never simulate
    held: tuple[int, ...] = ()  # anchors the window holds: not sent with the answer


@dataclass(frozen=True)
class Made:
    account: str
    keyframe: Encoded
    promoted: bool = False


@dataclass(frozen=True)
class Done:
    seq: int
    account: str
    tick: int  # where the worker's world of that account stands
    ticks: int  # ticks simulated for the job
    evicted: tuple[tuple[str, int], ...] = ()  # (account, tick) the archive dropped meanwhile
    passed: tuple[int, ...] = ()  # sparse ticks archived on the way (`Job.passing`)


def die_with_parent(parent_pid: int) -> None:
    """Ask the kernel for SIGKILL when the parent dies; leave now if it already has."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:
        os._exit(0)


def process_main(conn: Connection, spec: Spec, parent_pid: int) -> None:
    """Entry point of the worker process."""
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the window's to handle
    with contextlib.suppress(OSError, AttributeError):  # (no os.nice on Windows)
        os.nice(WORKER_NICE)
    with contextlib.suppress(EOFError, OSError):  # the window is gone
        serve(conn, spec)


class Outbox:
    """Encodes and sends in a thread of its own, in order: zlib and numpy let go of the
    interpreter lock, so encoding (~10 ms a keyframe at 1:1) overlaps the next ticks on the
    other core instead of adding to them. Every use of an `Encoder` goes through here.
    `now` writes from the calling thread instead, ahead of the queue (one writer at a time)."""

    def __init__(self, conn: Connection, depth: int = 4):
        self.conn = conn
        self._lock = threading.Lock()
        self._queue: queue.Queue = queue.Queue(maxsize=depth)  # snapshots are 2.4 MB each
        self._thread = threading.Thread(target=self._run, name="encode", daemon=True)
        self._thread.start()

    def made(
        self, archive: Archive, account: str, encoder: Encoder, snap: dict, promoted: bool = False
    ) -> None:
        """Encode `snap` and send it; a sparse or promoted one is archived too."""

        def send() -> None:
            enc = encoder.encode(snap)
            if archives(enc.tick, archive.sparse_every, promoted):
                archive.put(account, enc, promoted)
            self.now(Made(account, enc, promoted))

        self.call(send)

    def archived(
        self, archive: Archive, account: str, encoder: Encoder, snap: dict, promoted: bool = False
    ) -> None:
        self.call(lambda: archive.put(account, encoder.encode(snap), promoted))

    def done(self, archive: Archive, done: Done) -> None:
        """Send a job's end, with what the archive evicted up to it (the queue is in order)."""
        self.call(lambda: self.now(replace(done, evicted=archive.take_evicted())))

    def now(self, msg: object) -> None:
        """Write `msg` at once, before the keyframes still queued: an answer from the archive
        (each with its anchor, so the window can store it whatever came before), which a switch
        of account waits for. Behind four encodes it waited ~40 ms at 1:1. The queue's own
        writes come here too: one writer at a time."""
        with self._lock:
            self.conn.send(msg)

    def call(self, fn: Callable[[], None] | None) -> None:
        """Queue `fn`; EOFError if the sending thread is gone (the window has closed)."""
        while True:
            try:
                self._queue.put(fn, timeout=0.5)
                return
            except queue.Full:
                if not self._thread.is_alive():
                    raise EOFError("the encoding thread has stopped") from None

    def close(self) -> None:
        with contextlib.suppress(EOFError):
            self.call(None)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while (job := self._queue.get()) is not None:
            try:
                job()
            except (EOFError, OSError):
                return  # the window is gone


class Middles:
    """The snapshots inside one sparse interval that may be promoted when it ends: the one
    `PROMOTE_OFFSET` ticks in, or, where the ticks up to it were dearer than
    `PROMOTE_SPLIT_CPU_SECONDS`, the two at `PROMOTE_SPLIT` (the first is taken on the way,
    before it is known which)."""

    def __init__(self) -> None:
        self._snaps: list[dict] = []
        self._split = False

    def passed(self, world: World, offset: int, cpu: float) -> None:
        """The world is `offset` ticks into the interval, whose ticks so far took `cpu` s."""
        first, second = PROMOTE_SPLIT
        if offset == first:  # (not where the interval cannot turn out that dear)
            self._snaps = [world.snapshot()] if cpu > PROMOTE_SPLIT_CPU_SECONDS / 2 else []
        elif offset == PROMOTE_OFFSET:
            self._split = cpu > PROMOTE_SPLIT_CPU_SECONDS and len(self._snaps) == 1
            if not self._split:
                self._snaps = [world.snapshot()]
        elif offset == second and self._split:
            self._snaps.append(world.snapshot())

    def promoted(self, cpu: float) -> list[dict]:
        """The interval ended after `cpu` s of its ticks: what to promote; start the next."""
        snaps, split = self._snaps, self._split
        self._snaps, self._split = [], False
        if split:
            return snaps if len(snaps) == len(PROMOTE_SPLIT) else []
        return snaps if cpu > PROMOTE_CPU_SECONDS and len(snaps) == 1 else []


class Worker:
    """The worlds (one per account) and their encoders; `run` does one job."""

    def __init__(self, conn: Connection, spec: Spec, outbox: Outbox):
        self.conn = conn
        self.out = outbox
        self.spec = spec
        self.worlds: dict[str, World] = {}
        self.starts: dict[str, dict] = {}
        self.encoders: dict[str, Encoder] = {}
        self.archive = Archive(sparse_every=spec.sparse_every)

    def world(self, account: str) -> World:
        if account not in self.worlds:
            s = self.spec
            w = build_world(
                s.scenario, seed=s.seed, scale=s.scale, account=account, strengths=s.strengths
            )
            self.worlds[account] = w
            self.starts[account] = w.snapshot()
            self.encoders[account] = Encoder(split(self.starts[account])[0], s.anchor_every)
        return self.worlds[account]

    def run(self, job: Job) -> None:
        emit = list(job.emit)
        if job.shown:
            self.archive.shown = job.shown
        if not job.archive:  # what the archive holds is sent at once, without simulating
            served = self.archive.answer(job.account, emit, job.held)
            if job.fetch:  # (what lies past the fetched tick is past the seek's target)
                served = [(enc, p) for enc, p in served if enc.tick <= emit[-1]]
            for i, (enc, promoted) in enumerate(served):
                if i and self.conn.poll():  # a new job (a seek's fetch) goes first; the plan
                    emit = []  # asks for the rest again
                    break
                self.out.now(Made(job.account, enc, promoted))
            else:
                emit = [t for t in emit if t not in {enc.tick for enc, _ in served}]
        if not emit or job.fetch:  # (a fetch the archive cannot answer: the seek goes on)
            self.out.done(self.archive, Done(job.seq, job.account, self.world(job.account).tick, 0))
            return
        world = self.world(job.account)
        encoder = self.encoders[job.account]
        first = emit[0]
        if not job.start_tick <= world.tick <= first:
            self._restore(job, world, encoder)
        sparse_every = self.spec.sparse_every
        middles = Middles()  # the snapshots the interval may promote at its end
        lap = time.thread_time()
        ticks = 0
        passed: list[int] = []
        conn = self.conn
        while emit:
            if conn.poll():
                break  # a new job (or stop) supersedes this one
            t = world.tick
            if job.sparse and t % sparse_every == 0:
                for snap in middles.promoted(time.thread_time() - lap):
                    self._emit(job, encoder, snap, True)
            while emit and emit[0] < t:
                emit.pop(0)  # (the world was past it: nothing to send)
            if emit and emit[0] == t:
                emit.pop(0)
                self._emit(job, encoder, world.snapshot())
            elif job.passing and t % sparse_every == 0 and self._passes(job.account, t):
                self.out.archived(self.archive, job.account, encoder, world.snapshot())
                passed.append(t)
            if not emit:
                break
            if job.sparse and t % sparse_every == 0:
                lap = time.thread_time()  # the interval's own ticks, not the encoding above
            step(world)
            ticks += 1
            if job.sparse:
                middles.passed(world, world.tick % sparse_every, time.thread_time() - lap)
        self.out.done(
            self.archive, Done(job.seq, job.account, world.tick, ticks, (), tuple(passed))
        )

    def _passes(self, account: str, tick: int) -> bool:
        """Whether a job `passing` archives the sparse keyframe at `tick`: unless archived
        already, but an anchor always (what the keyframes after it are encoded against)."""
        return tick % self.spec.anchor_every == 0 or (account, tick) not in self.archive

    def _emit(self, job: Job, encoder: Encoder, snap: dict, promoted: bool = False) -> None:
        """A keyframe of the job: kept in the archive alone (an archive job, or a promoted one
        of a job `passing`), else sent."""
        if job.archive or (promoted and job.passing):
            self.out.archived(self.archive, job.account, encoder, snap, promoted)
        else:
            self.out.made(self.archive, job.account, encoder, snap, promoted)

    def _restore(self, job: Job, world: World, encoder: Encoder) -> None:
        if job.start is None:
            world.restore(self.starts[job.account])
            return
        enc, anchor = job.start
        base = encoder.base
        if anchor is not None:
            anchor_snap = decode(anchor, base)
            self.out.call(lambda: encoder.seed(anchor.tick, anchor_snap))
            snap = decode(enc, split(anchor_snap)[0])
        else:
            snap = decode(enc, base)
            if enc.anchor is None and enc.tick % self.spec.anchor_every == 0:
                self.out.call(lambda: encoder.seed(enc.tick, snap))
            elif enc.anchor == 0:
                start = self.starts[job.account]
                self.out.call(lambda: encoder.seed(0, start))
        world.restore(snap)


def serve(conn: Connection, spec: Spec) -> None:
    """Do jobs until told to stop (None) or the other end is gone (EOFError)."""
    outbox = Outbox(conn)
    worker = Worker(conn, spec, outbox)
    try:
        while True:
            msg = conn.recv()
            if msg is None:
                return
            if isinstance(msg, Job) and msg.emit:
                worker.run(msg)
    finally:
        outbox.close()
