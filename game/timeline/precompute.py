"""Background pre-computation: a second world, in a worker thread, fills the keyframe cache.

The worker simulates the same battle (same scenario, seed, scale, account: the cache's key) in
its own `World`, built by `build_world`, and puts a snapshot into the cache at every dense tick
it passes. It never touches the displayed world: the two meet only through snapshots, which are
copies. Determinism makes its keyframes exactly the states the displayed world would reach.

Work order: first the sparse tier over the whole battle, from the playhead (minus a little) to
the end, then the stretch before it: one pass through the battle that bounds every seek. Then
the dense tier, in the same order, while it fits. When the cache is full, it only fills what
would be kept (sparse keyframes, and dense ones nearer the playhead than the furthest held),
so the sparse tier still covers the whole battle and a full dense tier follows the playhead
instead of churning. When there is nothing to do it sleeps.

numpy and zlib release the GIL in their big loops, so on two cores the UI thread keeps its frame
rate while the worker runs; `stop()` (or the `stop` event) ends the thread within one tick.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from game.scenario.specs import Scenario
from game.sim.tick import step
from game.sim.world import World, build_world
from game.timeline.keyframes import Keyframes

BEHIND_TICKS = 600
"""The worker first fills from 30 battle s before the playhead: stepping back is common."""

PROMOTE_CPU_SECONDS = 0.12
"""A sparse interval whose ticks cost more CPU than this to re-simulate (the melee: ~10 ms a
tick, 15 ticks) also keeps a keyframe 9 ticks in, so no exact seek there re-simulates more than
9 ticks; with decoding (~9 ms) an exact seek stays within 150 ms. Cheap intervals do not."""

PROMOTE_OFFSET = 9
"""Where in a sparse interval the promoted keyframe sits (a multiple of the dense spacing)."""

IDLE_SECONDS = 0.1
"""How often an idle worker looks again (the playhead may have moved into a gap)."""


class Precomputer:
    """Owns one worker thread. Start it, read `keyframes`, stop it (tests: always, in a fixture)."""

    def __init__(
        self,
        scenario: Scenario,
        keyframes: Keyframes,
        *,
        seed: int,
        scale: int,
        account: str,
        end_tick: int | None = None,
        strengths: str = "default",
    ):
        self.scenario = scenario
        self.keyframes = keyframes
        self.seed, self.scale, self.account = seed, scale, account
        self.strengths = strengths
        self.end_tick = scenario.clock.end_tick if end_tick is None else end_tick
        self.stop_event = threading.Event()
        self.idle = threading.Event()  # set while there is nothing left to compute
        self.ticks_simulated = 0
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._world: World | None = None
        self._refused: set[int] = set()
        """Keyframes the cache dropped as soon as they were put (one bigger than the room it
        had): not tried again until the playhead moves, or the worker would churn on them."""
        self._refused_at = -1  # the playhead they were refused at

    @classmethod
    def for_world(cls, world: World, keyframes: Keyframes) -> Precomputer:
        return cls(
            world.scenario,
            keyframes,
            seed=world.seed,
            scale=world.scale,
            account=world.account,
            strengths=world.strengths,
        )

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> Precomputer:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="precompute", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self.stop_event.set()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until everything that can be computed is (tests and benchmarks)."""
        return self._wait(self.idle.is_set, timeout)

    def wait_sparse(self, timeout: float | None = None) -> bool:
        """Block until the sparse tier covers the whole battle, so that every drag preview and
        seek is bounded; the dense tier may still be filling (tests)."""
        kf = self.keyframes

        def covered() -> bool:
            return (0 in kf and not kf.missing_sparse_after(0, self.end_tick)) or self.idle.is_set()

        return self._wait(covered, timeout)

    def _wait(self, done: Callable[[], bool], timeout: float | None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        while not done():
            if self.error is not None:
                raise RuntimeError("the pre-computation worker failed") from self.error
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return False
            self.idle.wait(0.05 if left is None else min(left, 0.05))
        return True

    # -- work --------------------------------------------------------------------------------------
    def next_job(self) -> tuple[int, int] | None:
        """The first keyframe tick worth computing and the spacing to go on at, or None.

        The sparse tier first, over the whole battle: it is what bounds every seek, and one
        pass computes it; then the dense tier, from just behind the playhead on."""
        kf = self.keyframes
        if kf.playhead != self._refused_at:
            self._refused.clear()
            self._refused_at = kf.playhead
        every = kf.dense_every
        start = max(0, kf.playhead - BEHIND_TICKS)
        start -= start % every
        last = self.end_tick - self.end_tick % every
        order = [*range(start, last + 1, every), *range(0, start, every)]
        wanted = [t for t in order if t not in kf and t not in self._refused]
        for t in wanted:
            if kf.is_sparse(t) and kf.would_keep(t):
                return t, kf.sparse_every
        for t in wanted:
            if kf.would_keep(t):
                return t, every
        return None

    def _run(self) -> None:
        try:
            while not self.stop_event.is_set():
                job = self.next_job()
                if job is None:
                    self.idle.set()
                    self.stop_event.wait(IDLE_SECONDS)
                    continue
                self.idle.clear()
                self._fill_from(*job)
        except BaseException as err:  # surfaced by wait_idle; the UI keeps working without it
            self.error = err
            self.idle.set()

    def _fill_from(self, target: int, every: int) -> None:
        """Reach `target` from the nearest keyframe (or where the worker already is), then keep
        going, putting every missing keyframe `every` ticks, while the next one is wanted and
        would be kept."""
        kf = self.keyframes
        if self._world is None:
            self._world = build_world(
                self.scenario,
                seed=self.seed,
                scale=self.scale,
                account=self.account,
                strengths=self.strengths,
            )
        world = self._world
        start = kf.start_for(target)
        if not start <= world.tick <= target:
            world.restore(kf.get(start))
        stop = self.stop_event
        sparse_pass = every == kf.sparse_every
        middle: dict | None = None  # the snapshot 9 ticks into this sparse interval
        lap = time.thread_time()
        while not stop.is_set() and world.tick < self.end_tick:
            due = world.tick >= target and world.tick % every == 0
            if due and sparse_pass:
                _promote_if_dear(kf, middle, lap)
                middle = None
            if due and world.tick not in kf:
                if kf.would_keep(world.tick):
                    if not kf.put(world.snapshot()):
                        self._refused.add(world.tick)
                elif not kf.missing_sparse_after(world.tick, self.end_tick):
                    return  # the cache is full here; nothing further on is wanted either
            elif due:
                return  # reached keyframes that exist: choose the next job afresh
            if due and sparse_pass:
                lap = time.thread_time()  # the interval's own ticks, not the encoding above
            step(world)
            self.ticks_simulated += 1
            if sparse_pass and world.tick % every == PROMOTE_OFFSET:
                middle = world.snapshot()
        if sparse_pass and world.tick >= self.end_tick:
            _promote_if_dear(kf, middle, lap)  # the battle's last interval
        if world.tick >= self.end_tick and kf.missing(world.tick):
            kf.put(world.snapshot())


def _promote_if_dear(kf: Keyframes, middle: dict | None, lap: float) -> None:
    """Keep `middle` as a promoted keyframe if its sparse interval cost more CPU than
    `PROMOTE_CPU_SECONDS` since `lap` (a `time.thread_time()`)."""
    dear = time.thread_time() - lap > PROMOTE_CPU_SECONDS
    if middle is not None and dear and middle["tick"] not in kf:
        kf.promote(middle["tick"])
        kf.put(middle)
