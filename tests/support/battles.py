"""The real battle, simulated once per (account, scale, strengths) for the whole test session.

A straight run of the real battle at scale 100 is 11,400 ticks (~15-50 s on the CI machine);
a dozen tests each ran their own to reach some moment of the day. `Battles.world_at` gives a
fresh world exactly at a tick: it restores the straight run's snapshot at or before it and
steps the few ticks left, so a test can change its world freely. The straight run goes only as
far as the latest tick asked for, and keeps a snapshot every battle second (a snapshot is the
state that `World.restore` resumes exactly: tests/test_determinism.py checks that), pickled and
compressed: most of one is the missiles' and the track's unused rows (465 kB raw at scale 100).

Under pytest-xdist each worker process has a session of its own, so each would run the day again.
Given a `shelf` (a folder the session's workers share), a straight run's snapshots are also
written there as they are made, one file each (whole or absent): a worker that asks for a tick
another has reached reads it instead of simulating. One process at a time extends a run (it
holds the run's lock file): one that asks for a tick nobody has reached waits for it while
another is on its way, else goes on from the shelf's latest snapshot (a restored snapshot
resumes exactly, tests/test_determinism.py), so the day is simulated once for the session, not
once per worker that wants it at the same time (two did, side by side on the two cores).
"""

from __future__ import annotations

import fcntl
import math
import os
import pickle
import time
import zlib
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from game.app.report import battle_report
from game.scenario.specs import Scenario
from game.sim.tick import step
from game.sim.world import World, build_world
from game.timeline.cache import Keyframes
from game.timeline.playback import Playback
from game.timeline.tiers import SPARSE_EVERY

EVERY = 20
"""Ticks between kept snapshots (a battle second at 20 Hz): a `world_at` steps fewer."""

SPARSE = SPARSE_EVERY
"""A run at `WINDOW_SCALE` also keeps a snapshot at every sparse keyframe tick (15), so that a
window can be handed a whole sparse tier (`give_keyframe`) as its worker would have made it,
instead of its worker simulating the day again (~2 ms a snapshot: ~1.3 s more a day)."""

WINDOW_SCALE = 100
"""The scale the window tests open the real battle at (the others' runs keep only `EVERY`)."""


def kept(tick: int, scale: int = WINDOW_SCALE) -> bool:
    """Whether a straight run at `scale` keeps its snapshot at `tick`."""
    return tick % EVERY == 0 or (scale == WINDOW_SCALE and tick % SPARSE == 0)


WAIT_S = 0.05
"""How often a process waiting for another's snapshot looks for it on the shelf."""


@dataclass
class StraightRun:
    """One account's straight run from tick 0, extended on demand; shared through `shelf` (a
    folder of this run's own) with the other processes of the session, if given."""

    world: World
    snapshots: dict[int, bytes] = field(default_factory=dict)
    shelf: Path | None = None

    def reach(self, tick: int) -> None:
        if tick in self.snapshots:
            return
        if self.shelf is None:
            self._step_to(tick)
            return
        while not self._take(tick):  # another process may be on its way there: wait for it
            with _held(self.shelf / "lock") as mine:
                if mine:  # nobody is: go there, from the latest snapshot on the shelf
                    if not self._take(tick):
                        self._go_on_from_the_shelf(tick)
                        self._step_to(tick)
                    return
            time.sleep(WAIT_S)

    def snapshot(self, tick: int) -> dict:
        self.reach(tick)
        return pickle.loads(zlib.decompress(self.snapshots[tick]))

    def report(self) -> dict:
        """The whole battle's report, as `battle_report` makes it from tick 0 (what
        `python main.py --headless --report` writes), made by this run's own world as it keeps
        its snapshots: the run and the report are one simulation of the day, not two."""
        if self.world.tick != 0:
            raise ValueError(f"this run is at tick {self.world.tick}: a report starts at 0")
        with _held(self.shelf / "lock") if self.shelf else nullcontext():
            # (held: the others wait for its snapshots; else one of them is making the same)
            report = battle_report(_Keeping(self), self.world.scenario.clock.end_tick)
            self._keep()
        return report

    def _step_to(self, tick: int) -> None:
        while True:
            self._keep()
            if self.world.tick >= tick:
                return
            step(self.world)

    def _keep(self) -> None:
        """Keep the world's snapshot if it is at a tick `kept` and not kept yet (and shelve it)."""
        if kept(self.world.tick, self.world.scale) and self.world.tick not in self.snapshots:
            packed = zlib.compress(pickle.dumps(self.world.snapshot()), 1)
            self.snapshots[self.world.tick] = packed
            if self.shelf is not None:
                part = self.shelf / f"{self.world.tick}.{os.getpid()}.part"
                part.write_bytes(packed)
                os.replace(part, self.shelf / f"{self.world.tick}.snap")  # whole or absent

    def _go_on_from_the_shelf(self, tick: int) -> None:
        """Restore this run's world to the shelf's latest snapshot at or before `tick`, if it
        is ahead of the world: the rest of the way need not be simulated again."""
        kept = [int(p.stem) for p in self.shelf.glob("*.snap")]
        ahead = [k for k in kept if self.world.tick < k <= tick]
        if ahead and self._take(max(ahead)):
            self.world.restore(pickle.loads(zlib.decompress(self.snapshots[max(ahead)])))

    def _take(self, tick: int) -> bool:
        """Read the shelf's snapshot at `tick` into this process, if some process made it."""
        try:
            self.snapshots[tick] = (self.shelf / f"{tick}.snap").read_bytes()
        except FileNotFoundError:
            return False
        return True


@contextmanager
def _held(path: Path):
    """Hold the lock file `path` if no other process does (yield True), else yield False; a
    process that ends, however, lets go of it."""
    with open(path, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


class _Keeping(Playback):
    """A playback of a straight run's world that keeps the run's snapshots as it steps (the
    step itself is Playback's: `battle_report` steps through `step_once`)."""

    def __init__(self, run: StraightRun):
        super().__init__(run.world)
        self.run = run

    def step_once(self) -> None:
        self.run._keep()
        super().step_once()


@dataclass
class Battles:
    """Straight runs of one scenario, shared: ask for a world at a tick, get a fresh copy."""

    scenario: Scenario
    runs: dict[tuple[str, int, str], StraightRun] = field(default_factory=dict)
    reports: dict[tuple[str, int, str], dict] = field(default_factory=dict)
    shelf: Path | None = None
    """A folder shared by the session's processes (pytest-xdist workers), or None: this one's."""

    def world_at(
        self, tick: int, account: str | None = None, scale: int = 100, strengths: str = "default"
    ) -> World:
        """A world of its own at `tick`, in the state a straight run from tick 0 has there."""
        account = account or self.scenario.default_account
        tick = min(tick, self.scenario.clock.end_tick)
        world = build_world(self.scenario, scale=scale, account=account, strengths=strengths)
        start = max(t for t in (tick - tick % EVERY, tick - tick % SPARSE) if kept(t, scale))
        world.restore(self.snapshot_at(start, account, scale, strengths))
        while world.tick < tick:
            step(world)
        return world

    def snapshot_at(
        self, tick: int, account: str | None = None, scale: int = 100, strengths: str = "default"
    ) -> dict:
        """The straight run's snapshot at `tick`, a tick `kept` at `scale` (a copy of its own)."""
        if not kept(tick, scale):
            raise ValueError(f"no snapshot is kept at tick {tick} of a run at scale {scale}")
        account = account or self.scenario.default_account
        key = (account, scale, strengths)
        if key not in self.runs:
            world = build_world(self.scenario, scale=scale, account=account, strengths=strengths)
            self.runs[key] = StraightRun(world, shelf=self._shelf_of(key))
        return self.runs[key].snapshot(tick)

    def report(self, account: str | None = None, scale: int = 100, strengths="default") -> dict:
        """The whole battle's `--report` dict from tick 0 (`battle_report`), made once per
        (account, scale, strengths) in this process. Made first, it is the straight run itself,
        and shelves the snapshots `world_at` reads (tests/test_battle.py's reports are the
        scale-10 runs tests/test_story_view.py draws); after a `world_at` of the same run it
        is a day of its own (a report needs every second from tick 0)."""
        account = account or self.scenario.default_account
        key = (account, scale, strengths)
        if key not in self.reports:
            run = self.runs.get(key)
            if run is None or run.world.tick != 0:
                world = build_world(
                    self.scenario, scale=scale, account=account, strengths=strengths
                )
                run = StraightRun(world, shelf=self._shelf_of(key))
                self.runs.setdefault(key, run)
            self.reports[key] = run.report()
        return self.reports[key]

    def _shelf_of(self, key: tuple[str, int, str]) -> Path | None:
        if self.shelf is None:
            return None
        folder = self.shelf / "-".join(map(str, key))
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def tick_at(self, hh_mm: str) -> int:
        """The tick nearest the time of day `hh_mm` ("15:20"), as the tests always reckoned it."""
        hours, minutes = hh_mm.split(":")
        seconds = self.scenario.clock.seconds_at(int(hours) * 60 + int(minutes))
        return round(seconds * self.scenario.clock.tick_rate)

    def give_keyframe(self, playback: Playback | Keyframes, tick: int) -> None:
        """Hand `playback` (or a window's cache of either account) the straight run's keyframe
        at `tick` (a tick `kept`, and a multiple of the cache's dense spacing), as its worker
        would: a seek there then restores it instead of simulating the day from tick 0. The
        cache must be of this scenario, default seed."""
        cache = playback.keyframes if isinstance(playback, Playback) else playback
        key = cache.key
        snap = self.snapshot_at(tick, key.account, key.scale, key.strengths)
        if key.seed != self.runs[(key.account, key.scale, key.strengths)].world.seed:
            raise ValueError(f"the shared runs are of seed {self.scenario.seed}, not {key.seed}")
        if not (cache.put(snap) or tick in cache):
            raise ValueError(f"tick {tick} is no keyframe tick of {key}")

    def headless_playback(self, stop: int, lead_seconds: float = 30):
        """A stand-in for `game.app.headless.Playback` (monkeypatch it): the world headless
        `main()` builds, as always, starts at the straight run of its own (account, scale,
        strengths) `lead_seconds` before `stop`, the tick the run is expected to stop at,
        instead of at tick 0, and `main()` simulates the rest. A run that stops at another
        tick shows it: it stops at the snapshot's tick (earlier) or at its own (later), never
        at `stop`. A world of another seed than the shared runs' is refused."""

        def playback(world) -> Playback:
            if world.seed != self.scenario.seed:
                raise ValueError(
                    f"the shared runs are of seed {self.scenario.seed}, not {world.seed}"
                )
            pb = Playback(world)  # (of a world at tick 0, as main() made it)
            start = max(0, stop - round(lead_seconds * world.scenario.clock.tick_rate))
            start -= start % EVERY
            world.restore(self.snapshot_at(start, world.account, world.scale, world.strengths))
            return pb

        return playback

    def ready_to_seek(self, playback: Playback, tick: int) -> int:
        """Hand `playback` the keyframe an exact seek to `tick` restores, as its worker would:
        the straight run's at the latest keyframe tick *before* `tick` (`Keyframes.start_for`:
        one handed at `tick` itself is not used, and the seek re-simulates from the one before,
        at worst the whole day from tick 0). Returns the keyframe's tick."""
        every = math.lcm(EVERY, playback.keyframes.dense_every)
        k = max(0, (tick - 1) // every * every)
        if k:
            self.give_keyframe(playback, k)
        return k
