"""The battle's clock: battle seconds to time of day and to motion tempo, and how the file says it.

Battle time is compressed (DESIGN.md "Time"): the on-screen clock maps battle seconds to the
historical time of day phase by phase, through knots given in the scenario's `time` block. Times
in the file may be battle seconds (numbers) or times of day ("14:10").
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from game.scenario.yamlsafe import Node


@dataclass(frozen=True)
class Clock:
    """Piecewise-linear maps from battle seconds to time of day and to motion tempo."""

    tick_rate: int
    end_seconds: float
    day_points: tuple[tuple[float, float], ...]  # (battle s, minutes after midnight)
    tempo_points: tuple[tuple[float, float], ...]  # (battle s, tempo)

    @property
    def end_tick(self) -> int:
        return round(self.end_seconds * self.tick_rate)

    def minutes_of_day(self, seconds: float) -> float:
        return _interp(self.day_points, seconds)

    def tempo(self, seconds: float) -> float:
        return _interp(self.tempo_points, seconds)

    def seconds_at(self, minutes: float) -> float:
        """Inverse of minutes_of_day (the day mapping is strictly increasing)."""
        return _interp(tuple((m, s) for s, m in self.day_points), minutes)

    def time_of_day(self, seconds: float) -> str:
        m = int(self.minutes_of_day(seconds))
        return f"{m // 60:02d}:{m % 60:02d}"
        return hhmm(self.minutes_of_day(seconds))


def hhmm(minutes: float) -> str:
    """Minutes after midnight as "14:10" (rounded down to the minute)."""
    m = int(minutes)
    return f"{m // 60:02d}:{m % 60:02d}"


def _interp(points: tuple[tuple[float, float], ...], x: float) -> float:
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


def read_time_of_day(node: Node) -> float:
    """A "14:10" in the file, as minutes after midnight."""
    text = node.text()
    try:
        hh, mm = text.split(":")
        h, m = int(hh), int(mm)
    except ValueError:
        raise node.error(f"'{text}' is not a time of day like 14:10") from None
    if not (0 <= h < 24 and 0 <= m < 60):
        raise node.error(f"'{text}' is not a time of day like 14:10")
    return h * 60.0 + m


def read_clock(node: Node) -> Clock:
    """The scenario's `time` block."""
    node.mapping(required=("tick_rate", "end", "clock", "tempo"))
    rate = node["tick_rate"].integer(min=1, max=120)
    end = node["end"].number(min=1, max=24 * 3600)
    day = _points(node["clock"], lambda n: read_time_of_day(n), strictly_increasing_y=True)
    tempo = _points(node["tempo"], lambda n: n.number(min=0.1, max=50))
    return Clock(tick_rate=rate, end_seconds=end, day_points=day, tempo_points=tempo)


def _points(node: Node, parse_y, strictly_increasing_y: bool = False):
    pts: list[tuple[float, float]] = []
    for pnode in node.sequence(min_len=1):
        pair = pnode.sequence(2, 2)
        x = pair[0].number(min=0)
        y = parse_y(pair[1])
        if pts and x <= pts[-1][0]:
            raise pair[0].error("battle seconds must increase from one point to the next")
        if strictly_increasing_y and pts and y <= pts[-1][1]:
            raise pair[1].error("the time of day must increase from one point to the next")
        pts.append((x, y))
    return tuple(pts)
