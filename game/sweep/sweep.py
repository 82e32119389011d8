"""A sweep from start to end: take what the cache has, run the rest, write the summaries.

Runs go to a local process pool or a Dask cluster (`executors`); each result is cached the
moment it arrives, so an interrupted sweep loses only the battles in flight. A run that fails
or times out is reported with its parameters and the sweep goes on.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from game.scenario.specs import Scenario
from game.sweep import executors
from game.sweep.cache import RunCache
from game.sweep.digest import code_version
from game.sweep.grid import RunSpec
from game.sweep.run import run_battle
from game.sweep.summary import FactCheck, entry, groups, outcome, write_summary


@dataclass(frozen=True)
class Sweep:
    specs: list[RunSpec]
    scenarios: dict[str, Scenario]  # scenario digest -> the scenario its runs are fought on
    header: dict = field(default_factory=dict)  # what the summary says about the grid
    read: tuple[Path, ...] = ()  # other files the grid was read from (what-ifs)

    def inputs(self) -> tuple[Path, ...]:
        """The files the sweep read (scenarios, maps, what-ifs): no output may replace one."""
        files = (f for sc in self.scenarios.values() for f in sc.files)
        return tuple(dict.fromkeys((*files, *self.read)))

    def names(self) -> dict[str, str]:
        """Formation id -> name, in the order of the first scenario (a what-if adds none)."""
        return {f.id: f.name for f in next(iter(self.scenarios.values())).formations}


@dataclass(frozen=True)
class Where:
    """Where the runs go: `workers` local processes, or the Dask scheduler at `scheduler`."""

    workers: int = 1
    scheduler: str | None = None
    timeout: float | None = None

    def describe(self) -> str:
        if self.scheduler:
            return f"the Dask cluster at {self.scheduler}"
        return f"{self.workers} local worker{'s' if self.workers != 1 else ''}"


@dataclass
class Outcome:
    entries: list[dict]
    ran: int
    cached: int
    failed: int
    seconds: float  # wall time of the runs that ran


def run_sweep(
    sweep: Sweep,
    cache: RunCache,
    where: Where,
    *,
    check_facts: FactCheck | None = None,
    runner: Callable = run_battle,
    progress: bool = True,
    log: Callable[[str], None] = print,
) -> Outcome:
    code = code_version()
    results: dict[RunSpec, tuple[dict, bool]] = {}
    todo = []
    for spec in sweep.specs:
        hit = cache.get(spec)
        if hit is None:
            todo.append(spec)
        else:
            results[spec] = (hit, True)
    log(
        f"{len(sweep.specs)} runs: {len(results)} from the cache, {len(todo)} to run"
        + (f" on {where.describe()}" if todo else "")
    )
    bar = tqdm(
        total=len(todo),
        unit="run",
        desc="battles",
        file=sys.stderr,
        disable=not progress or not todo,
        dynamic_ncols=True,
        smoothing=0.05,
    )
    failures = 0

    def done(spec: RunSpec, result: dict) -> None:
        nonlocal failures
        if result["status"] == "ok" and result.get("code") != code:
            result = executors.failed(
                f"the worker runs other code (version {result.get('code')}, here {code}): "
                "install the same version on every worker"
            )
        cache.put(spec, result)
        results[spec] = (result, False)
        if result["status"] != "ok":
            failures += 1
            bar.set_postfix(failed=failures)
            line = f"run {result['status']}: {spec.label()}: {result.get('error', '')}"
            bar.write(line, file=sys.stderr)
        bar.update(1)

    # seed by seed across the arms, so that a sweep stopped half-way has every arm half done
    todo.sort(key=lambda spec: spec.seed)
    start = time.monotonic()
    try:
        if todo and where.scheduler:
            executors.run_on_dask(
                todo, sweep.scenarios, where.scheduler, where.timeout, done, runner
            )
        elif todo:
            executors.run_on_pool(todo, sweep.scenarios, where.workers, where.timeout, done, runner)
    finally:
        bar.close()
    seconds = time.monotonic() - start

    entries = []
    for spec in sweep.specs:
        result, was_cached = results.get(spec, (executors.failed("no result came back"), False))
        found = None
        if result["status"] == "ok":
            found = outcome(result["report"], sweep.scenarios[spec.scenario], check_facts)
        entries.append(entry(spec, result, was_cached, found))
    return Outcome(
        entries,
        ran=len(todo),
        cached=len(sweep.specs) - len(todo),
        failed=failures,
        seconds=seconds,
    )


def rate_line(o: Outcome, where: Where) -> str:
    """`ran 64 battles in 5 min 40 s on 2 local workers: 11.3 runs a minute`."""
    if not o.ran:
        return "nothing to run: every battle came from the cache"
    minutes, secs = divmod(round(o.seconds), 60)
    rate = o.ran / (o.seconds / 60) if o.seconds > 0 else float("inf")
    return (
        f"ran {o.ran} battle{'s' if o.ran != 1 else ''} in {minutes} min {secs} s on "
        f"{where.describe()}: {rate:.1f} runs a minute; {o.failed} failed"
    )


def write_outputs(out: Path, cache: RunCache, sweep: Sweep, result: Outcome) -> None:
    """The summaries in `out`, and each cache folder's outcomes for the unit panel."""
    out.mkdir(parents=True, exist_ok=True)
    header = {
        **sweep.header,
        "code": cache.code,
        "runs": len(result.entries),
        "ok": sum(e["status"] == "ok" for e in result.entries),
        "failed": sum(e["status"] != "ok" for e in result.entries),
        "cached": result.cached,
    }
    write_summary(out, header, result.entries, inputs=sweep.inputs())
    for group in groups(result.entries):
        by_folder: dict[Path, dict] = {}
        for e in group.runs:
            folder = cache.folder(e["scenario"], e["account"], e["strengths"], e["scale"])
            by_folder.setdefault(folder, cache.outcomes(folder))[str(e["seed"])] = {
                fid: {"killed": f["killed"], "fled": f["fled"]}
                for fid, f in e["formations"].items()
            }
        for folder, outcomes in by_folder.items():
            cache.put_outcomes(folder, outcomes)
