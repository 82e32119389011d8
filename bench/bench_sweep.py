"""Sweep throughput: 64 runs at --scale 10 on 2 cores, the speed-up per worker, a 1:1 sweep.

Every figure is measured on a fresh, empty run cache (so every battle is really fought), on the
real scenario, one account (Procopius) unless told otherwise:

    python bench/bench_sweep.py                      # all three (~25 min on a quiet 2-core machine)
    python bench/bench_sweep.py --only sixty-four    # 64 runs at --scale 10 on every core
    python bench/bench_sweep.py --only speed-up      # runs a minute at 1 and at 2 workers
    python bench/bench_sweep.py --only one-to-one    # 8 runs at 1:1 on every core

Timings need a quiet machine: the battles use every core they are given.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.analysis.facts import check_facts
from game.app.cli import DEFAULT_SCENARIO
from game.scenario.load import load_scenario
from game.sweep.cache import RunCache
from game.sweep.digest import code_version, scenario_digest
from game.sweep.executors import default_workers
from game.sweep.grid import RunSpec
from game.sweep.sweep import Sweep, Where, run_sweep

TARGET_64_SECONDS = 600.0
TARGET_SPEED_UP = 1.8
"""Near-linear at 2 workers: at least 90 % of twice the one-worker rate."""


def sweep(seeds: range, scale: int, workers: int, account: str) -> tuple[float, list[dict]]:
    """Fight `seeds` on a fresh cache; return the wall seconds and the entries."""
    scenario = load_scenario(DEFAULT_SCENARIO)
    digest = scenario_digest(scenario)
    specs = [RunSpec("", account, "default", scale, s, digest) for s in seeds]
    with tempfile.TemporaryDirectory(prefix="bench-sweep-") as folder:
        cache = RunCache(Path(folder), code_version())
        start = time.monotonic()
        out = run_sweep(
            Sweep(specs, {digest: scenario}),
            cache,
            Where(workers=workers),
            check_facts=check_facts,
            log=lambda line: print(f"  {line}", flush=True),
        )
        wall = time.monotonic() - start
    failed = [e for e in out.entries if e["status"] != "ok"]
    if failed:
        print(f"  {len(failed)} runs failed, e.g. seed {failed[0]['seed']}: {failed[0]['error']}")
    return wall, out.entries


def line(name: str, measured: str, target: str, met: bool) -> None:
    print(f"{name}: measured {measured}, target {target}: {'met' if met else 'missed'}", flush=True)


def sixty_four(workers: int, account: str) -> None:
    wall, entries = sweep(range(1, 65), 10, workers, account)
    line(
        f"64 runs at --scale 10 on {workers} workers",
        f"{wall / 60:.1f} min ({64 / (wall / 60):.1f} runs a minute)",
        f"<= {TARGET_64_SECONDS / 60:.0f} min",
        wall <= TARGET_64_SECONDS and all(e["status"] == "ok" for e in entries),
    )


def speed_up(runs: int, account: str) -> None:
    rates = {}
    for workers in (1, 2):
        wall, _ = sweep(range(1, runs + 1), 10, workers, account)
        rates[workers] = runs / (wall / 60)
        print(
            f"runs a minute at {workers} worker{'s' if workers > 1 else ''}: {rates[workers]:.2f}"
        )
    ratio = rates[2] / rates[1]
    line(
        "speed-up at 2 workers", f"{ratio:.2f}x", f">= {TARGET_SPEED_UP}x", ratio >= TARGET_SPEED_UP
    )


def one_to_one(workers: int, account: str) -> None:
    wall, entries = sweep(range(1, 9), 1, workers, account)
    per_run = [e["seconds"] for e in entries if e["status"] == "ok"]
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"8 runs at 1:1 on {workers} workers: {wall / 60:.1f} min, "
        f"{8 / (wall / 60):.2f} runs a minute, a run {min(per_run):.0f}–{max(per_run):.0f} s, "
        f"largest worker {rss_mb:.0f} MB"
    )
    held = sum(all(e.get("facts", {}).values()) for e in entries if e["status"] == "ok")
    print(f"  every fact holds in {held} of {len(per_run)} runs at 1:1")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=("sixty-four", "speed-up", "one-to-one"), action="append")
    ap.add_argument("--workers", type=int, default=default_workers())
    ap.add_argument("--account", default="procopius")
    ap.add_argument("--speed-up-runs", type=int, default=8, help="runs per worker count")
    args = ap.parse_args()
    which = args.only or ["sixty-four", "speed-up", "one-to-one"]
    print(f"bench_sweep on {default_workers()} cores, code {code_version()[:10]}", flush=True)
    if "sixty-four" in which:
        sixty_four(args.workers, args.account)
    if "speed-up" in which:
        speed_up(args.speed_up_runs, args.account)
    if "one-to-one" in which:
        one_to_one(args.workers, args.account)


if __name__ == "__main__":
    main()
