"""The programme's chapters as the timeline bar shows them: the battle's phases, and the
campaign before the battle and its aftermath after it (`game.timeline.programme`).

Plain values the bar reads: where the show's axis starts and ends, where the prologue and the
epilogue begin (named like phases), what the playhead says outside the battle (the day the map
shows), and what the Skip chip says at a moment (or that there is none).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Mark:
    """A chapter on the bar, named like a phase: the battle's phases, and the campaign before
    it and the aftermath after it."""

    tick: int
    id: str
    name: str
    short: str = ""  # written where the whole name has no room ("": the name, shortened)


@dataclass(frozen=True)
class Chapters:
    """The parts of the programme round the battle, for the bar (`game.timeline.programme`)."""

    start_tick: int  # the prologue's first show tick
    end_tick: int  # the epilogue's last
    marks: tuple[Mark, ...]  # where the prologue and the epilogue begin
    label: Callable[[float], str]  # the playhead's text outside the battle (the day shown)
    skip: Callable[[float], str | None]  # the Skip chip's text at a moment (None: no chip)
