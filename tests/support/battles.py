"""The real battle, simulated once per (account, scale, strengths) for the whole test session.

A straight run of the real battle at scale 100 is 11,400 ticks (~15-50 s on the CI machine);
a dozen tests each ran their own to reach some moment of the day. `Battles.world_at` gives a
fresh world exactly at a tick: it restores the straight run's snapshot at or before it and
steps the few ticks left, so a test can change its world freely. The straight run goes only as
far as the latest tick asked for, and keeps a snapshot every `EVERY` ticks (a snapshot is the
state that `World.restore` resumes exactly: tests/test_determinism.py checks that).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.scenario.specs import Scenario
from game.sim.tick import step
from game.sim.world import World, build_world

EVERY = 100
"""Ticks between kept snapshots (5 battle seconds): a `world_at` steps at most this many."""


@dataclass
class StraightRun:
    """One account's straight run from tick 0, extended on demand."""

    world: World
    snapshots: dict[int, dict] = field(default_factory=dict)

    def reach(self, tick: int) -> None:
        while self.world.tick < tick:
            if self.world.tick % EVERY == 0:
                self.snapshots[self.world.tick] = self.world.snapshot()
            step(self.world)
        if self.world.tick % EVERY == 0:
            self.snapshots[self.world.tick] = self.world.snapshot()


@dataclass
class Battles:
    """Straight runs of one scenario, shared: ask for a world at a tick, get a fresh copy."""

    scenario: Scenario
    runs: dict[tuple[str, int, str], StraightRun] = field(default_factory=dict)

    def world_at(
        self, tick: int, account: str | None = None, scale: int = 100, strengths: str = "default"
    ) -> World:
        """A world of its own at `tick`, in the state a straight run from tick 0 has there."""
        account = account or self.scenario.default_account
        tick = min(tick, self.scenario.clock.end_tick)
        key = (account, scale, strengths)
        if key not in self.runs:
            world = build_world(self.scenario, scale=scale, account=account, strengths=strengths)
            self.runs[key] = StraightRun(world)
        run = self.runs[key]
        run.reach(tick - tick % EVERY)
        world = build_world(self.scenario, scale=scale, account=account, strengths=strengths)
        world.restore(run.snapshots[tick - tick % EVERY])
        while world.tick < tick:
            step(world)
        return world

    def tick_at(self, hh_mm: str) -> int:
        """The first tick at or after the time of day `hh_mm` ("15:20")."""
        hours, minutes = hh_mm.split(":")
        seconds = self.scenario.clock.seconds_at(int(hours) * 60 + int(minutes))
        return round(seconds * self.scenario.clock.tick_rate)
