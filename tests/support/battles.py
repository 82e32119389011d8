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
another has reached reads it instead of simulating. One that asks for more simulates on from its
own world, never from another's snapshot, so every snapshot on the shelf is a straight run's
from tick 0, byte for byte what this process would have made.
"""

from __future__ import annotations

import math
import os
import pickle
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from game.scenario.specs import Scenario
from game.sim.tick import step
from game.sim.world import World, build_world
from game.timeline.playback import Playback

EVERY = 20
"""Ticks between kept snapshots (a battle second at 20 Hz): a `world_at` steps fewer."""


@dataclass
class StraightRun:
    """One account's straight run from tick 0, extended on demand; shared through `shelf` (a
    folder of this run's own) with the other processes of the session, if given."""

    world: World
    snapshots: dict[int, bytes] = field(default_factory=dict)
    shelf: Path | None = None

    def reach(self, tick: int) -> None:
        if tick in self.snapshots or (self.shelf is not None and self._take(tick)):
            return
        self._step_to(tick)

    def snapshot(self, tick: int) -> dict:
        self.reach(tick)
        return pickle.loads(zlib.decompress(self.snapshots[tick]))

    def _step_to(self, tick: int) -> None:
        while True:
            if self.world.tick % EVERY == 0 and self.world.tick not in self.snapshots:
                packed = zlib.compress(pickle.dumps(self.world.snapshot()), 1)
                self.snapshots[self.world.tick] = packed
                if self.shelf is not None:
                    part = self.shelf / f"{self.world.tick}.{os.getpid()}.part"
                    part.write_bytes(packed)
                    os.replace(part, self.shelf / f"{self.world.tick}.snap")  # whole or absent
            if self.world.tick >= tick:
                return
            step(self.world)

    def _take(self, tick: int) -> bool:
        """Read the shelf's snapshot at `tick` into this process, if some process made it."""
        try:
            self.snapshots[tick] = (self.shelf / f"{tick}.snap").read_bytes()
        except FileNotFoundError:
            return False
        return True


@dataclass
class Battles:
    """Straight runs of one scenario, shared: ask for a world at a tick, get a fresh copy."""

    scenario: Scenario
    runs: dict[tuple[str, int, str], StraightRun] = field(default_factory=dict)
    shelf: Path | None = None
    """A folder shared by the session's processes (pytest-xdist workers), or None: this one's."""

    def world_at(
        self, tick: int, account: str | None = None, scale: int = 100, strengths: str = "default"
    ) -> World:
        """A world of its own at `tick`, in the state a straight run from tick 0 has there."""
        account = account or self.scenario.default_account
        tick = min(tick, self.scenario.clock.end_tick)
        world = build_world(self.scenario, scale=scale, account=account, strengths=strengths)
        world.restore(self.snapshot_at(tick - tick % EVERY, account, scale, strengths))
        while world.tick < tick:
            step(world)
        return world

    def snapshot_at(
        self, tick: int, account: str | None = None, scale: int = 100, strengths: str = "default"
    ) -> dict:
        """The straight run's snapshot at `tick`, a multiple of `EVERY` (a copy of its own)."""
        if tick % EVERY:
            raise ValueError(f"snapshots are kept every {EVERY} ticks, not at {tick}")
        account = account or self.scenario.default_account
        key = (account, scale, strengths)
        if key not in self.runs:
            world = build_world(self.scenario, scale=scale, account=account, strengths=strengths)
            self.runs[key] = StraightRun(world, shelf=self._shelf_of(key))
        return self.runs[key].snapshot(tick)

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

    def give_keyframe(self, playback: Playback, tick: int) -> None:
        """Hand `playback` the straight run's keyframe at `tick` (a multiple of `EVERY` and of
        its cache's dense spacing), as its worker would: a seek there then restores it instead
        of simulating the day from tick 0. The playback must be of this scenario, default seed."""
        w = playback.world
        snap = self.snapshot_at(tick, w.account, w.scale, w.strengths)
        if w.seed != self.runs[(w.account, w.scale, w.strengths)].world.seed:
            raise ValueError(f"the shared runs are of seed {self.scenario.seed}, not {w.seed}")
        if not (playback.keyframes.put(snap) or tick in playback.keyframes):
            raise ValueError(f"tick {tick} is no keyframe tick of {playback.keyframes.key}")

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
