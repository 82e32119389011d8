"""Reading a sweep: the spread of each figure, and where two arms of the grid really differ.

Pure functions over the summary's entries (grouped by `summary.groups`), shared by the report
image and the tests. "Really differ" is deliberately strict, so that the report does not read
meaning into noise: the middle halves of the two sets of runs (25th to 75th percentile) do not
overlap, and the medians are apart by a margin that matters to a reader (5 % of the men at the
start, 15 minutes of the day, a quarter of the runs).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.scenario.clock import hhmm
from game.sweep.summary import Group

MEN_MARGIN = 0.05  # of the formation's men at the start
MINUTES_MARGIN = 15.0
SHARE_MARGIN = 0.25


@dataclass(frozen=True)
class Spread:
    """Five figures of a set of runs (lowest, quartiles, median, highest) and how many."""

    n: int
    low: float
    q1: float
    median: float
    q3: float
    high: float

    @classmethod
    def of(cls, values: list[float]) -> Spread | None:
        if not values:
            return None
        q1, med, q3 = np.percentile(np.asarray(values, float), [25, 50, 75])
        return cls(len(values), min(values), float(q1), float(med), float(q3), max(values))

    def apart_from(self, other: Spread, margin: float) -> bool:
        """The middle halves do not overlap and the medians are more than `margin` apart."""
        disjoint = self.q3 < other.q1 or other.q3 < self.q1
        return disjoint and abs(self.median - other.median) > margin


@dataclass(frozen=True)
class Difference:
    formation: str  # id, or "" for a fact
    what: str  # "killed", "fled", "breaks", "breaks at", "fact"
    size: float  # for ordering: how far apart, as a share of its margin
    sentence: str


def account_pairs(groups: list[Group]) -> list[tuple[Group, Group]]:
    """Pairs of arms that differ only in their account, each pair once."""
    out = []
    for i, a in enumerate(groups):
        for b in groups[i + 1 :]:
            same = (a.what_if, a.strengths, a.scale) == (b.what_if, b.strengths, b.scale)
            if same and a.account != b.account and a.runs and b.runs:
                out.append((a, b))
    return out


def differences(a: Group, b: Group, names: dict[str, str], facts: list[str]) -> list[Difference]:
    """Where arms `a` and `b` differ by the strict test above, the largest first."""
    out: list[Difference] = []
    fids = [fid for fid in names if fid in a.runs[0]["formations"]]
    who_a, who_b = a.account.title(), b.account.title()
    for fid in fids:
        start = a.runs[0]["formations"][fid]["men_start"]
        for what in ("killed", "fled"):
            sa, sb = Spread.of(a.values(fid, what)), Spread.of(b.values(fid, what))
            margin = max(MEN_MARGIN * start, 1.0)
            if sa and sb and sa.apart_from(sb, margin):
                out.append(
                    Difference(
                        fid,
                        what,
                        abs(sa.median - sb.median) / margin,
                        f"{names[fid]}: {what} {sa.median:,.0f} ({who_a}) against "
                        f"{sb.median:,.0f} ({who_b}), medians of the runs",
                    )
                )
        ta, tb = a.values(fid, "rout_minute"), b.values(fid, "rout_minute")
        share_a, share_b = len(ta) / len(a.runs), len(tb) / len(b.runs)
        if abs(share_a - share_b) >= SHARE_MARGIN:
            out.append(
                Difference(
                    fid,
                    "breaks",
                    abs(share_a - share_b) / SHARE_MARGIN,
                    f"{names[fid]} break in {len(ta)} of {len(a.runs)} runs ({who_a}), "
                    f"{len(tb)} of {len(b.runs)} ({who_b})",
                )
            )
        elif share_a >= 0.5 and share_b >= 0.5:
            sa, sb = Spread.of(ta), Spread.of(tb)
            if sa and sb and sa.apart_from(sb, MINUTES_MARGIN):
                out.append(
                    Difference(
                        fid,
                        "breaks at",
                        abs(sa.median - sb.median) / MINUTES_MARGIN,
                        f"{names[fid]} break at {hhmm(sa.median)} ({who_a}) against "
                        f"{hhmm(sb.median)} ({who_b}), medians",
                    )
                )
    for name in facts:
        (ha, na), (hb, nb) = a.fact_share(name), b.fact_share(name)
        if na and nb and abs(ha / na - hb / nb) >= SHARE_MARGIN:
            out.append(
                Difference(
                    "",
                    "fact",
                    abs(ha / na - hb / nb) / SHARE_MARGIN,
                    f"'{name}' holds in {ha} of {na} runs ({who_a}), {hb} of {nb} ({who_b})",
                )
            )
    return sorted(out, key=lambda d: -d.size)


def markdown_table(groups_: list[Group], names: dict[str, str] | None = None) -> str:
    """Per formation, killed as median (lowest–highest), fled (median) and how often it broke;
    each side's dead; each fact's share of runs; a column per arm of the grid."""
    if not groups_:
        return ""
    fids = list(dict.fromkeys(fid for g in groups_ for r in g.runs for fid in r["formations"]))
    names = names or {}
    lines = [
        "| | " + " | ".join(f"{g.label} ({len(g.runs)} runs)" for g in groups_) + " |",
        "| --- |" + " --- |" * len(groups_),
    ]
    for fid in fids:
        cells = []
        for g in groups_:
            s, fled = Spread.of(g.values(fid, "killed")), Spread.of(g.values(fid, "fled"))
            broke = len(g.values(fid, "rout_minute"))
            cells.append(
                "–"
                if s is None or fled is None
                else f"{_men(s)}; fled {fled.median:,.0f}; broke in {broke}/{len(g.runs)}"
            )
        lines.append(f"| {names.get(fid, fid)}: killed | " + " | ".join(cells) + " |")
    sides = list(dict.fromkeys(side for g in groups_ for r in g.runs for side in r["sides"]))
    for side in sides:
        cells = []
        for g in groups_:
            s = Spread.of([float(r["sides"][side]["killed"]) for r in g.runs if side in r["sides"]])
            cells.append("–" if s is None else _men(s))
        lines.append(f"| all {side} dead | " + " | ".join(cells) + " |")
    facts = list(dict.fromkeys(n for g in groups_ for r in g.runs for n in r.get("facts", {})))
    for name in facts:
        cells = [f"{held}/{judged}" for held, judged in (g.fact_share(name) for g in groups_)]
        lines.append(f"| fact: {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _men(s: Spread) -> str:
    return f"{s.median:,.0f} ({s.low:,.0f}–{s.high:,.0f})"
