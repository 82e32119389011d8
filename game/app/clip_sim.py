"""A clip's battle simulated ahead of its frames, in a process of its own.

Per frame, an export simulates the ticks up to the frame's moment (a third of the frame's cost
at 1:1), draws the frame, and encodes it. Encoding already runs beside the drawing (FFmpeg lets
go of the interpreter lock); simulating is numpy under that lock, so in a thread it would only
take turns with the drawing. Here a worker process steps its own copy of the world, started
from the snapshot at the clip's first tick, and sends for each tick a frame stands at the
world's snapshot there and where the men stood a tick before (what `Playback.step_once` leaves
in `prev_pos`). The renderer restores it: `World.restore` resumes exactly (the tests compare
state hashes), so the frames and the clip's state hash are those of stepping in place.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import traceback
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from game.scenario.specs import Scenario
from game.sim.tick import step
from game.sim.world import World, build_world
from game.timeline.playback import Playback
from game.timeline.worker import die_with_parent

DEPTH = 4
"""Ticks the worker may have ready before the frames take them (2.6 MB each at 1:1)."""


@dataclass(frozen=True)
class Key:
    """What the worker builds its world from (the start is sent once it is known)."""

    scenario: Scenario
    seed: int
    scale: int
    account: str
    strengths: str


def frame_tick(moment, end_tick: int) -> int:
    """The tick the world stands at while `moment` (in ticks) is shown: the one after it."""
    return min(math.floor(moment) + 1, end_tick)


def frame_ticks(moments: Iterable, end_tick: int) -> list[int]:
    """The ticks the frames stand at, each once, in order."""
    ticks: list[int] = []
    for moment in moments:
        tick = frame_tick(moment, end_tick)
        if not ticks or tick > ticks[-1]:
            ticks.append(tick)
    return ticks


class Ahead:
    """The worker, started early (a fresh interpreter and the world's deployment take a second
    or two, which it spends while this process seeks), then handed the clip's start."""

    def __init__(self, world: World):
        key = Key(world.scenario, world.seed, world.scale, world.account, world.strengths)
        ctx = multiprocessing.get_context("spawn")  # no forked pygame, locks or threads
        self._conn, there = ctx.Pipe()
        self._process = ctx.Process(
            target=_worker_main, args=(there, key, os.getpid()), name="clip-ahead", daemon=True
        )
        self._process.start()
        there.close()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def begin(self, world: World, ticks: list[int]) -> None:
        """Simulate from `world` (its state now) through `ticks`, ahead of the frames."""
        self._conn.send((world.snapshot(), ticks))

    def bring(self, playback: Playback, tick: int) -> None:
        """Put the playback's world at `tick` (one the worker was asked for) and its
        `prev_pos` where the men stood a tick before, as stepping would."""
        world = playback.world
        while world.tick < tick:
            try:
                kind, *body = pickle.loads(self._conn.recv_bytes())
            except EOFError:
                raise RuntimeError("the clip's simulation process stopped") from None
            if kind == "error":
                raise RuntimeError(f"the clip's simulation process failed:\n{body[0]}")
            got, prev, snap = body
            world.restore(snap)
            np.copyto(playback.prev_pos, prev)
            playback.prev_tick = got - 1
            playback.partial = False

    def close(self) -> None:
        """Stop the worker (done, refused or interrupted alike)."""
        with contextlib.suppress(OSError):
            self._conn.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=5)


def _worker_main(conn, key: Key, parent_pid: int) -> None:
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the export's to handle
    with contextlib.suppress(EOFError, OSError):  # the export is gone
        try:
            world = build_world(
                key.scenario,
                seed=key.seed,
                scale=key.scale,
                account=key.account,
                strengths=key.strengths,
            )
            snap, ticks = conn.recv()
            world.restore(snap)
            _run_ahead(conn, world, ticks)
        except (EOFError, OSError):
            raise
        except BaseException:
            conn.send_bytes(pickle.dumps(("error", traceback.format_exc())))


def _run_ahead(conn, world: World, ticks: list[int]) -> None:
    """Step through `ticks`, a thread sending each (pickled here, written there: the pipe's
    write lets go of the lock, so the next ticks go on meanwhile)."""
    out: queue.Queue = queue.Queue(maxsize=DEPTH)
    sender = threading.Thread(target=_send_all, args=(conn, out), daemon=True)
    sender.start()
    prev = world.soldiers.pos.copy()
    for tick in ticks:
        while world.tick < tick:
            np.copyto(prev, world.soldiers.pos)
            step(world)
        message = pickle.dumps(("tick", tick, prev, world.snapshot()), pickle.HIGHEST_PROTOCOL)
        while sender.is_alive():
            try:
                out.put(message, timeout=0.5)
                break
            except queue.Full:
                continue
        else:
            return  # the pipe is closed: the export is gone
    out.put(None)
    sender.join()


def _send_all(conn, out: queue.Queue) -> None:
    with contextlib.suppress(EOFError, OSError):
        while (message := out.get()) is not None:
            conn.send_bytes(message)
