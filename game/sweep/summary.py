"""What a sweep found: one entry per run (its parameters and outcome), as JSON and as CSV.

The outcome of a run is read from its battle report: per formation the men killed and fled and
when it first broke, per side the totals, the final state hash, and which of the sources' facts
(`game.analysis.facts`) the run shows. Summaries hold no wall-clock figure but each run's own
`seconds`, so two sweeps of the same grid give the same entries whatever ran them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from game.app.writing import write_whole
from game.scenario.specs import Scenario
from game.sweep.grid import RunSpec

FactCheck = Callable[[dict], list]


def outcome(report: dict, scenario: Scenario, check_facts: FactCheck | None) -> dict:
    """The figures a sweep compares, from one run's `--report` dict."""
    rate = report["tick_rate"]
    first_rout: dict[str, int] = {}
    for e in report["events"]:
        if e["kind"] == "rout" and e["formation"] is not None:
            first_rout.setdefault(e["formation"], e["tick"])
    formations = {}
    sides: dict[str, dict] = {}
    for f in report["formations"]:
        tick = first_rout.get(f["id"])
        formations[f["id"]] = {
            "side": f["side"],
            "men_start": f["men_start"],
            "killed": f["killed"],
            "fled": f["fled"],
            "rout_time": None if tick is None else scenario.clock.time_of_day(tick / rate),
            "rout_minute": None
            if tick is None
            else round(scenario.clock.minutes_of_day(tick / rate), 2),
        }
        side = sides.setdefault(f["side"], {"men_start": 0, "killed": 0, "fled": 0})
        for k in side:
            side[k] += f[k]
    out = {"final_hash": report["final_hash"], "formations": formations, "sides": sides}
    if check_facts is not None:
        try:
            out["facts"] = {fact.name: bool(fact.passed) for fact in check_facts(report)}
        except Exception as exc:  # a rule that cannot read this battle must not lose the sweep
            out["facts_error"] = f"{type(exc).__name__}: {exc}"
    return out


def entry(spec: RunSpec, result: dict, cached: bool, found: dict | None) -> dict:
    """One run's line in the summary: parameters, status, and its outcome if it has one."""
    e = {**spec.params(), "status": result["status"], "seconds": result.get("seconds", 0.0)}
    e["cached"] = cached
    if result["status"] != "ok":
        e["error"] = result.get("error", "")
    if found is not None:
        e.update(found)
    return e


@dataclass(frozen=True)
class Group:
    """The runs of one arm of the grid: same what-if, account, strengths and scale."""

    what_if: str
    account: str
    strengths: str
    scale: int
    runs: tuple[dict, ...]  # the `ok` entries

    @property
    def label(self) -> str:
        extra = f" · what-if {self.what_if}" if self.what_if else ""
        return f"{self.account.title()} · strengths {self.strengths} · 1:{self.scale}{extra}"

    def values(self, fid: str, figure: str) -> list[float]:
        """A formation's `killed`, `fled` or `rout_minute` over the runs (no-rout runs left out)."""
        vals = (r["formations"][fid][figure] for r in self.runs if fid in r["formations"])
        return [float(v) for v in vals if v is not None]

    def fact_share(self, name: str) -> tuple[int, int]:
        """(runs that show the fact, runs that judged it)."""
        judged = [r["facts"][name] for r in self.runs if name in r.get("facts", {})]
        return sum(judged), len(judged)


def groups(entries: Iterable[dict]) -> list[Group]:
    """The `ok` entries by arm of the grid, in the order the arms first appear."""
    arms: dict[tuple, list[dict]] = {}
    for e in entries:
        key = (e["what_if"], e["account"], e["strengths"], e["scale"])
        runs = arms.setdefault(key, [])
        if e["status"] == "ok":
            runs.append(e)
    return [Group(*key, tuple(runs)) for key, runs in arms.items()]


def write_summary(
    folder: Path, header: dict, entries: list[dict], inputs: Iterable[Path] = ()
) -> None:
    """`summary.json` (the header and every entry) and `summary.csv` (a row per run), each
    written whole (`write_whole`: a full disk leaves the old file, never half of one); an
    `OutputError` line naming --out if one cannot be, or would replace one of `inputs`."""
    summary = json.dumps({"sweep": header, "runs": entries}, separators=(",", ":"))
    inputs = tuple(inputs)
    write_whole("--out", folder / "summary.json", summary.encode(), inputs=inputs)
    write_whole("--out", folder / "summary.csv", csv_text(entries).encode(), inputs=inputs)


def csv_text(entries: list[dict]) -> str:
    fids = list(dict.fromkeys(fid for e in entries for fid in e.get("formations", {})))
    facts = list(dict.fromkeys(name for e in entries for name in e.get("facts", {})))
    sides = list(dict.fromkeys(s for e in entries for s in e.get("sides", {})))
    head = ["what_if", "account", "strengths", "scale", "seed", "status", "error", "seconds"]
    head += ["cached", "final_hash"]
    head += [f"{s}_{k}" for s in sides for k in ("killed", "fled")]
    head += [f"{fid}_{k}" for fid in fids for k in ("killed", "fled", "rout_time")]
    head += [f"fact: {name}" for name in facts]
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(head)
    for e in entries:
        row = [e[k] if k != "error" else e.get("error", "") for k in head[:8]]
        row += [e["cached"], e.get("final_hash", "")]
        row += [e.get("sides", {}).get(s, {}).get(k, "") for s in sides for k in ("killed", "fled")]
        row += [
            _blank(e.get("formations", {}).get(fid, {}).get(k))
            for fid in fids
            for k in ("killed", "fled", "rout_time")
        ]
        row += [_yes_no(e.get("facts", {}).get(name)) for name in facts]
        out.writerow(row)
    return buf.getvalue()


def _blank(v) -> object:
    return "" if v is None else v


def _yes_no(v) -> str:
    return "" if v is None else ("yes" if v else "no")
