"""How long the visitor has been away, and when the kiosk warns and resets.

The visitor gets a warning with a countdown of at least 20 s before anything is taken away
(WCAG 2.2.1 accepts a timeout that warns and can be extended by one simple action). A battle
that is playing is being watched, so it is given longer than a paused or inspected one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Idle(Enum):
    ACTIVE = "active"  # someone is (probably) here
    WARNING = "warning"  # the countdown is on screen
    RESET = "reset"  # time is up: back to the attract loop


@dataclass
class IdleTimer:
    countdown_s: float = 20.0
    reset_paused_s: float = 90.0
    reset_playing_s: float = 180.0
    last_input: float = 0.0

    def touch(self, now: float) -> None:
        """The visitor did something: the clock starts again."""
        self.last_input = now

    def limit(self, playing: bool) -> float:
        return self.reset_playing_s if playing else self.reset_paused_s

    def seconds_left(self, now: float, playing: bool) -> float:
        return self.limit(playing) - (now - self.last_input)

    def status(self, now: float, playing: bool) -> Idle:
        left = self.seconds_left(now, playing)
        if left <= 0:
            return Idle.RESET
        if left <= self.countdown_s:
            return Idle.WARNING
        return Idle.ACTIVE
