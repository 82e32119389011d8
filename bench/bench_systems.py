"""Per-system cost of a tick: where the simulation's time goes at a given battle moment.

Prints one figure a line: the median ms of each system of `SCHEDULE` over a window of ticks (a
system that runs every k ticks is timed only on the ticks it runs), then the median tick.

    python bench/bench_systems.py --at 200            # the archery duel, 1:1 scale
    python bench/bench_systems.py --at 330 --scale 4  # the collapse, lighter
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
    args = ap.parse_args()

    from game.app.cli import DEFAULT_SCENARIO
    from game.scenario.load import load_scenario
    from game.sim.schedule import SCHEDULE
    from game.sim.scratch import Scratch
    from game.sim.tick import run_until
    from game.sim.world import build_world

    scenario = load_scenario(DEFAULT_SCENARIO)
    world = build_world(scenario, scale=args.scale, account=args.account)
    run_until(world, round(args.at * scenario.clock.tick_rate))
    rate = scenario.clock.tick_rate
    times: dict[str, list[float]] = {system.name: [] for system in SCHEDULE}
    ticks = []
    for _ in range(args.ticks):
        scratch = Scratch(tempo=scenario.clock.tempo(world.seconds))
        start = time.perf_counter()
        for system in SCHEDULE:
            every = system.period(rate)
            if world.tick % every:
                continue
            t = time.perf_counter()
            system.run(world, scratch, every * world.dt)
            times[system.name].append(time.perf_counter() - t)
        world.tick += 1
        ticks.append(time.perf_counter() - start)
    print(f"soldiers: {len(world.soldiers)}")
    for system in SCHEDULE:
        every = system.period(rate)
        per = f" (every {every} ticks)" if every > 1 else ""
        samples = times[system.name]
        print(f"{system.name} ms{per}: {np.median(samples) * 1000:.2f}" if samples else "")
    print(f"tick median ms: {np.median(ticks) * 1000:.2f}")


if __name__ == "__main__":
    main()
