"""Whose screen it is: the attract loop's, a visitor's, or nobody's outside opening hours.

The attract loop plays the battle from the start and rests on nightfall before beginning again.
The first press hands the screen to a visitor. A visitor who goes away is warned with a
countdown, then the kiosk resets to the attract loop (`game.kiosk.idle` holds the timings).
This module keeps the bookkeeping; `KioskApp.reset` puts the window back.
"""

from __future__ import annotations

import datetime as dt
import logging

from game.kiosk.config import KioskConfig
from game.kiosk.hours import OpeningHours
from game.kiosk.idle import Idle, IdleTimer

END_HOLD_S = 20.0
"""Wall seconds the attract loop rests on its last moment (the epilogue's end, or nightfall
without one) before it begins again."""


class Session:
    def __init__(self, config: KioskConfig, now: float, log: logging.Logger):
        idle = config.idle
        self.log = log
        self.idle = IdleTimer(idle.countdown_s, idle.reset_paused_s, idle.reset_playing_s, now)
        self.attract = True
        self.cycles = 0  # attract loops begun (a soak counts them)
        self.resets = 0  # idle resets done
        self.closed = False  # outside opening hours: blank
        self._end_since: float | None = None

    def idle_status(self, now: float, playing: bool) -> Idle:
        return Idle.ACTIVE if self.attract else self.idle.status(now, playing)

    def state(self, now: float, playing: bool) -> str:
        """What the heartbeat reports: attract, visitor, warning or closed."""
        if self.closed:
            return "closed"
        if self.attract:
            return "attract"
        return "warning" if self.idle_status(now, playing) is Idle.WARNING else "visitor"

    def begin(self, now: float, *, loop: bool = False) -> None:
        """A new attract loop; counted as a reset unless it is the loop beginning again."""
        self.attract = True
        self.cycles += 1
        self.resets += 0 if loop else 1
        self._end_since = None
        self.idle.touch(now)

    def touched(self, now: float, playing: bool) -> bool:
        """Input arrived; True if the idle warning was up (the input only dismisses it)."""
        warned = self.idle_status(now, playing) is Idle.WARNING
        self.idle.touch(now)
        return warned

    def hand_over(self) -> bool:
        """A press: the attract loop gives the screen to a visitor (True the first time)."""
        if not self.attract:
            return False
        self.attract = False
        return True

    def loop_ends(self, at_end: bool, now: float) -> bool:
        """In the attract loop: True once the programme (the battle, then its epilogue) has
        rested on its last moment for `END_HOLD_S`."""
        if not at_end:
            self._end_since = None
            return False
        if self._end_since is None:
            self._end_since = now
            return False
        return now - self._end_since >= END_HOLD_S

    def closing(self, hours: OpeningHours | None, local_time: dt.time) -> tuple[bool, bool]:
        """(closed now, just opened) by the opening hours; a change is logged."""
        closed = hours is not None and not hours.is_open(local_time)
        opened = False
        if closed != self.closed:
            self.closed = closed
            self.log.info("outside opening hours: screen blank" if closed else "opening: attract")
            opened = not closed
        return closed, opened
