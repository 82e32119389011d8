"""Per-system cost of a tick: where the simulation's time goes at a given battle moment.

Prints one figure a line: the median ms of each system of `SCHEDULE` over a window of ticks (a
system that runs every k ticks is timed only on the ticks it runs), then the median tick.

    python bench/bench_systems.py --at 200            # the archery duel, 1:1 scale
    python bench/bench_systems.py --at 330 --scale 4  # the collapse, lighter
    python bench/bench_systems.py --whole             # CPU of each system over the whole battle

`--whole` times with the thread's CPU clock (steadier on a busy machine) from tick 0 to the end,
and prints each system's total seconds and share, dearest first, then the tick's mean and
median: what the worker's pre-computation of the whole battle costs (issue #15: <= 60 s).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--at", type=float, default=200.0, help="battle second to measure at")
    ap.add_argument("--ticks", type=int, default=80, help="ticks to time")
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--account", default=None)
    ap.add_argument("--whole", action="store_true", help="the whole battle, CPU per system")
    args = ap.parse_args()

    from game.app.cli import DEFAULT_SCENARIO
    from game.scenario.load import load_scenario
    from game.sim.schedule import SCHEDULE
    from game.sim.scratch import Scratch
    from game.sim.tick import run_until
    from game.sim.world import build_world

    scenario = load_scenario(DEFAULT_SCENARIO)
    world = build_world(scenario, scale=args.scale, account=args.account)
    rate = scenario.clock.tick_rate
    if args.whole:
        count, clock = scenario.clock.end_tick, time.thread_time
    else:
        run_until(world, round(args.at * rate))
        count, clock = args.ticks, time.perf_counter
    times: dict[str, list[float]] = {system.name: [] for system in SCHEDULE}
    ticks = []
    for _ in range(count):
        scratch = Scratch(tempo=scenario.clock.tempo(world.seconds))
        start = clock()
        for system in SCHEDULE:
            every = system.period(rate)
            if world.tick % every:
                continue
            t = clock()
            system.run(world, scratch, every * world.dt)
            times[system.name].append(clock() - t)
        world.tick += 1
        ticks.append(clock() - start)
    print(f"soldiers: {len(world.soldiers)}")
    if args.whole:
        total = sum(ticks)
        print(f"whole battle: {len(ticks)} ticks, {total:.1f} s CPU")
        for name, samples in sorted(times.items(), key=lambda kv: -sum(kv[1])):
            print(f"{name} s: {sum(samples):.2f} ({sum(samples) / total:.0%})")
        print(
            f"tick mean / median ms: {total / len(ticks) * 1000:.2f} / "
            f"{np.median(ticks) * 1000:.2f}"
        )
        return
    for system in SCHEDULE:
        every = system.period(rate)
        per = f" (every {every} ticks)" if every > 1 else ""
        samples = times[system.name]
        print(f"{system.name} ms{per}: {np.median(samples) * 1000:.2f}" if samples else "")
    print(f"tick median ms: {np.median(ticks) * 1000:.2f}")


if __name__ == "__main__":
    main()
