"""A battle report read as a run: events by kind, clock times as ticks, samples by tick.

The rules in `facts.py` ask these questions of a `--report` dict; nothing here judges.
"""

from __future__ import annotations

import bisect
import math


class Absent(LookupError):
    """A rule asked after a formation this battle does not have (a small test battle, a
    what-if without it): the rule does not apply, it has not failed by a crash."""

    def __init__(self, fid: str) -> None:
        super().__init__(fid)
        self.fid = fid


SAVIOUR = {"procopius": "belisarius", "malalas": "sunicas"}
"""Who leads the stand beside Peter's infantry in each account (history brief §4)."""


class Run:
    def __init__(self, report: dict) -> None:
        self.report = report
        self.account: str = report["account"]
        self.rate: int = report["tick_rate"]
        self.events: list[dict] = report["events"]
        self.track: dict = report["track"]
        self.ticks: list[int] = self.track["ticks"]
        self.end_tick: int = report["ticks_run"]
        self.saviour = SAVIOUR.get(self.account, "belisarius")
        self._day = report["clock"]["day"]  # (battle seconds, minutes after midnight)

    # -- time ----------------------------------------------------------------------------------
    def tick(self, hhmm: str) -> int:
        """The tick at a time of day, through the scenario's clock."""
        h, m = hhmm.split(":")
        return round(_interp([(b, a) for a, b in self._day], int(h) * 60 + int(m)) * self.rate)

    def minutes(self, tick: int) -> float:
        return _interp(self._day, tick / self.rate)

    def tick_after(self, tick: int, minutes: float) -> int:
        """The tick `minutes` of the clock after `tick`."""
        day = [(b, a) for a, b in self._day]
        return round(_interp(day, self.minutes(tick) + minutes) * self.rate)

    def hhmm(self, tick: int | None) -> str:
        if tick is None:
            return "never"
        m = int(self.minutes(tick))
        return f"{m // 60:02d}:{m % 60:02d}"

    # -- events --------------------------------------------------------------------------------
    def first(
        self, kind: str, fid: str | None = None, target: str | None = None, after: int = -1
    ) -> int | None:
        for e in self.events:
            if (
                e["kind"] == kind
                and e["tick"] > after
                and (fid is None or e["formation"] == fid)
                and (target is None or e.get("target") == target)
            ):
                return int(e["tick"])
        return None

    def all(self, kind: str, fid: str | None = None) -> list[dict]:
        return [e for e in self.events if e["kind"] == kind and fid in (None, e["formation"])]

    # -- formations ----------------------------------------------------------------------------
    def formation(self, fid: str) -> dict:
        found = next((f for f in self.report["formations"] if f["id"] == fid), None)
        if found is None:
            raise Absent(fid)
        return found

    def ids(self, side: str) -> list[str]:
        return [f["id"] for f in self.report["formations"] if f["side"] == side]

    def roman_ids(self) -> list[str]:
        return self.ids("roman")

    def persian_ids(self) -> list[str]:
        return self.ids("persian")

    def mounted(self, fid: str) -> bool:
        """Whether the formation started the day on horseback."""
        if fid not in self.track["mounted"]:
            raise Absent(fid)
        return bool(self.track["mounted"][fid])

    def dead(self, side: str) -> int:
        return sum(f["killed"] for f in self.report["formations"] if f["side"] == side)

    # -- samples -------------------------------------------------------------------------------
    def sample(self, tick: int) -> int:
        """Index of the last sample at or before `tick`."""
        return max(0, bisect.bisect_right(self.ticks, tick) - 1)

    def at(self, fid: str, column: str, tick: int):
        return self.series(fid, column)[self.sample(tick)]

    def series(self, fid: str, column: str) -> list:
        if fid not in self.track["formations"]:
            raise Absent(fid)
        return self.track["formations"][fid][column]

    def states_before(self, fid: str, tick: int) -> list[str]:
        states = self.series(fid, "state")
        return [s for t, s in zip(self.ticks, states, strict=True) if t < tick]

    def centre(self, fid: str, tick: int) -> list[float] | None:
        return self.at(fid, "centre", tick)

    def centre_gap(self, a: str, b: str, tick: int) -> float:
        ca, cb = self.centre(a, tick), self.centre(b, tick)
        return math.inf if ca is None or cb is None else math.dist(ca, cb)

    def box_gap(self, a: str, b: str, tick: int) -> float:
        """Metres between the boxes round two formations' men (0 where they overlap)."""
        ba, bb = self.at(a, "box", tick), self.at(b, "box", tick)
        if ba is None or bb is None:
            return math.inf
        gx = max(0.0, bb[0] - ba[2], ba[0] - bb[2])
        gy = max(0.0, bb[1] - ba[3], ba[1] - bb[3])
        return math.hypot(gx, gy)


def _interp(points, x: float) -> float:
    """Piecewise-linear through (x, y) points, flat outside them (as the scenario's clock)."""
    xs = [p[0] for p in points]
    if x <= xs[0]:
        return points[0][1]
    if x >= xs[-1]:
        return points[-1][1]
    k = bisect.bisect_right(xs, x) - 1
    (x0, y0), (x1, y1) = points[k], points[k + 1]
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
