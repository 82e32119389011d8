"""Fixed-timestep playback clock (Glenn Fiedler, "Fix Your Timestep!").

Wall time is measured, clamped, scaled by the playback speed and fed to an accumulator; the
simulation advances in whole ticks; the view draws `lerp(previous, current, alpha)`. Playback
speed scales the accumulator, never the tick's dt, so the states reached do not depend on the
speed or the frame rate.
"""

from __future__ import annotations

from dataclasses import dataclass

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
"""Playback speeds offered to the user: a quarter to sixteen times."""

MAX_FRAME_SECONDS = 0.25
"""A frame longer than this (a stall, a dragged window) counts as 0.25 s, so the simulation
never tries to catch up a long pause all at once (the "spiral of death")."""


@dataclass
class PlaybackClock:
    tick_rate: int
    speed: float = 1.0
    paused: bool = False
    accumulator: float = 0.0  # battle seconds not yet simulated

    def advance(self, wall_seconds: float) -> int:
        """Feed a frame's wall time; return how many ticks are now due."""
        if self.paused:
            return 0
        self.accumulator += min(max(wall_seconds, 0.0), MAX_FRAME_SECONDS) * self.speed
        due = int(self.accumulator * self.tick_rate)
        self.accumulator -= due / self.tick_rate
        return due

    def drop_backlog(self, keep_ticks: int = 1) -> None:
        """Forget time the machine could not simulate, so playback slows instead of stuttering."""
        self.accumulator = min(self.accumulator, keep_ticks / self.tick_rate)

    @property
    def alpha(self) -> float:
        """How far the display stands between the last two ticks, in [0, 1)."""
        return min(max(self.accumulator * self.tick_rate, 0.0), 1.0)

    def faster(self) -> None:
        self.speed = next((s for s in SPEEDS if s > self.speed), SPEEDS[-1])

    def slower(self) -> None:
        self.speed = next((s for s in reversed(SPEEDS) if s < self.speed), SPEEDS[0])

    def set_speed(self, speed: float) -> None:
        self.speed = min(SPEEDS, key=lambda s: abs(s - speed))
