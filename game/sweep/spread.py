"""The spread of a formation's losses over a sweep's runs, for the unit panel.

The panel shows it when the run cache holds a sweep of the battle on screen: the same scenario
(by digest), code version, account and strengths. A sweep at the same scale is preferred;
otherwise the finest scale there is, which the panel names. Reads only the small
`outcomes.json` each sweep leaves in its cache folder (see `cache`), once per account,
strengths and scale for the life of the panel, and never imports pygame or the simulation.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from game.sweep.cache import RunCache, default_cache_dir
from game.sweep.digest import code_version, scenario_digest

MIN_RUNS = 2
"""One run is no spread."""


@dataclass(frozen=True)
class Range:
    low: float
    median: float
    high: float


@dataclass(frozen=True)
class FormationSpread:
    runs: int
    scale: int  # men per agent of the sweep's runs
    killed: Range
    fled: Range


class SweepSpreads:
    """Looks up, and remembers, the sweeps in the run cache of one scenario."""

    def __init__(self, scenario, cache_root: Path | None = None, code: str | None = None):
        self._scenario = scenario
        self._root = cache_root
        self._code = code
        self._digest: str | None = None
        self._found: dict[tuple[str, str, int], dict[str, FormationSpread]] = {}

    def of(self, fid: str, account: str, strengths: str, scale: int) -> FormationSpread | None:
        key = (account, strengths, scale)
        if key not in self._found:
            self._found[key] = self._read(*key)
        return self._found[key].get(fid)

    def _read(self, account: str, strengths: str, scale: int) -> dict[str, FormationSpread]:
        if self._digest is None:
            self._digest = scenario_digest(self._scenario)
        cache = RunCache(self._root or default_cache_dir(), self._code or code_version())
        folder = cache.folder(self._digest, account, strengths, scale)
        candidates = [folder, *sorted(folder.parent.glob("scale-*"), key=_scale_of)]
        for candidate in candidates:
            outcomes = cache.outcomes(candidate)
            if len(outcomes) >= MIN_RUNS:
                return _spreads(outcomes, _scale_of(candidate))
        return {}


def _scale_of(folder: Path) -> int:
    try:
        return int(folder.name.removeprefix("scale-"))
    except ValueError:
        return 1 << 30


def _spreads(outcomes: dict, scale: int) -> dict[str, FormationSpread]:
    runs = [o for o in outcomes.values() if isinstance(o, dict)]
    fids = dict.fromkeys(fid for o in runs for fid in o)
    out = {}
    for fid in fids:
        rows = [o[fid] for o in runs if fid in o]
        try:
            killed = [float(r["killed"]) for r in rows]
            fled = [float(r["fled"]) for r in rows]
        except (KeyError, TypeError, ValueError):
            continue  # a file edited by hand: show nothing rather than something wrong
        out[fid] = FormationSpread(len(rows), scale, _range(killed), _range(fled))
    return out


def _range(values: list[float]) -> Range:
    return Range(min(values), statistics.median(values), max(values))
