"""Playback: the world, the clock, and the last two ticks the view interpolates between.

The timeline owns time. The view reads from here and changes things only through the command
methods (play, pause, toggle, faster, slower, set_speed); nothing else writes the world.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from game.sim.tick import step
from game.sim.world import World
from game.timeline.clock import PlaybackClock

TICK_BUDGET_SECONDS = 0.030
"""Wall time a frame may spend simulating. If ticks cost more than playback needs, playback
slows down rather than the frame rate collapsing."""


class Playback:
    def __init__(
        self,
        world: World,
        *,
        speed: float = 1.0,
        wall_clock: Callable[[], float] = time.perf_counter,
    ):
        self.world = world
        self.clock = PlaybackClock(world.scenario.clock.tick_rate, speed=speed)
        self.prev_pos = world.soldiers.pos.copy()
        self._wall = wall_clock

    # -- commands -------------------------------------------------------------------------------
    def play(self) -> None:
        self.clock.paused = False

    def pause(self) -> None:
        self.clock.paused = True

    def toggle(self) -> None:
        self.clock.paused = not self.clock.paused

    def faster(self) -> None:
        self.clock.faster()

    def slower(self) -> None:
        self.clock.slower()

    def set_speed(self, speed: float) -> None:
        self.clock.set_speed(speed)

    # -- time -----------------------------------------------------------------------------------
    @property
    def end_tick(self) -> int:
        return self.world.scenario.clock.end_tick

    @property
    def at_end(self) -> bool:
        return self.world.tick >= self.end_tick

    def update(self, wall_seconds: float) -> int:
        """Advance by a frame's wall time; return the ticks simulated."""
        due = self.clock.advance(wall_seconds)
        started = self._wall()
        done = 0
        while done < due and not self.at_end:
            self.step_once()
            done += 1
            if self._wall() - started > TICK_BUDGET_SECONDS:
                break
        if done < due:
            self.clock.drop_backlog()
        if self.at_end:
            self.clock.accumulator = 0.0
        return done

    def step_once(self) -> None:
        np.copyto(self.prev_pos, self.world.soldiers.pos)
        step(self.world)

    def run_to(self, tick: int) -> None:
        """Simulate straight to `tick` (clamped to the battle's end), as headless runs do."""
        tick = min(tick, self.end_tick)
        while self.world.tick < tick:
            self.step_once()
        self.clock.accumulator = 0.0

    def positions(self) -> np.ndarray:
        """Soldier positions (2, N) as the view should draw them now: between the last two ticks."""
        a = np.float32(self.clock.alpha)
        cur = self.world.soldiers.pos
        return self.prev_pos + (cur - self.prev_pos) * a

    @property
    def seconds(self) -> float:
        return self.world.seconds

    def time_of_day(self) -> str:
        return self.world.scenario.clock.time_of_day(self.display_seconds)

    @property
    def display_seconds(self) -> float:
        return (
            (self.world.tick - 1 + self.clock.alpha) / self.clock.tick_rate
            if (self.world.tick > 0)
            else 0.0
        )
