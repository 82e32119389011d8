"""The run cache on disk: one JSON file per finished battle, under a path that is its key.

    CACHE/<code version>/<scenario digest>/<account>/<strengths>/scale-<n>/seed-<n>.json

A run is a pure function of exactly these (see `digest`), so a file found there is the battle
that would be fought again. Files are written whole and renamed into place, so an interrupted
sweep leaves only finished runs behind and the next sweep resumes after them. Failed runs are
not cached: asking again tries again. A file that does not read back (a disk fault, an edit by
hand) is a miss, and is replaced.

Each scale folder also keeps `outcomes.json`, the per-formation outcomes of its runs, rewritten
at the end of each sweep: the unit panel reads it to show the spread without opening every run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from game.sweep.grid import RunSpec

OUTCOMES = "outcomes.json"


def default_cache_dir() -> Path:
    """`$CALLINICUM_CACHE`, else `$XDG_CACHE_HOME/callinicum531`, else `~/.cache/callinicum531`."""
    if os.environ.get("CALLINICUM_CACHE"):
        return Path(os.environ["CALLINICUM_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "callinicum531"


class RunCache:
    def __init__(self, root: Path, code: str):
        self.root = Path(root) / "runs"
        self.code = code

    def folder(self, scenario: str, account: str, strengths: str, scale: int) -> Path:
        return self.root / self.code / scenario / account / strengths / f"scale-{scale}"

    def path(self, spec: RunSpec) -> Path:
        folder = self.folder(spec.scenario, spec.account, spec.strengths, spec.scale)
        return folder / f"seed-{spec.seed}.json"

    def key(self, spec: RunSpec) -> dict:
        """What the file at `path(spec)` must say it is."""
        return {
            "code": self.code,
            "scenario": spec.scenario,
            "account": spec.account,
            "strengths": spec.strengths,
            "scale": spec.scale,
            "seed": spec.seed,
        }

    def get(self, spec: RunSpec) -> dict | None:
        """The cached result of `spec` (status `ok`), or None."""
        try:
            entry = json.loads(self.path(spec).read_text())
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != self.key(spec):
            return None
        if entry.get("status") != "ok" or not isinstance(entry.get("report"), dict):
            return None
        return entry

    def put(self, spec: RunSpec, result: dict) -> None:
        """Keep a finished run (only `ok` ones: a failure is tried again next time)."""
        if result.get("status") != "ok":
            return
        write_json(self.path(spec), {"key": self.key(spec), **result})

    def outcomes(self, folder: Path) -> dict:
        try:
            data = json.loads((folder / OUTCOMES).read_text())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def put_outcomes(self, folder: Path, outcomes: dict) -> None:
        write_json(folder / OUTCOMES, outcomes)


def write_json(path: Path, data) -> None:
    """Write `data` as JSON to `path` whole: a reader sees the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w") as fh:
        json.dump(data, fh, separators=(",", ":"))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
