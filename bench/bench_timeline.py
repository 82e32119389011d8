"""Timeline benchmark: keyframe pre-computation, memory, exact seek and drag-preview latency.

Prints one figure a line. Not a test: run it by hand on the target machine.

    python bench/bench_timeline.py              # 1:1 scale, the whole battle (~3-4 minutes)
    python bench/bench_timeline.py --scale 10   # quicker, for a look

Targets on 2 cores at 1:1 (issue #4): exact seek <= 150 ms (median and worst over 50 random
targets), drag preview <= 16 ms, keyframes <= 300 MB.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--targets", type=int, default=50)
    ap.add_argument("--budget-mb", type=float, default=300)
    ap.add_argument("--scenario", type=Path, default=None)
    args = ap.parse_args()

    from game.app.cli import DEFAULT_SCENARIO
    from game.scenario.load import load_scenario
    from game.sim.tick import step
    from game.sim.world import build_world
    from game.timeline.cache import Keyframes
    from game.timeline.playback import Playback
    from game.timeline.precompute import Precomputer

    scenario = load_scenario(args.scenario or DEFAULT_SCENARIO)
    world = build_world(scenario, scale=args.scale)
    print(f"soldiers: {len(world.soldiers)}")
    kf = Keyframes.for_world(world, budget_bytes=int(args.budget_mb * 2**20))
    playback = Playback(world, keyframes=kf)

    ticks = []
    probe = build_world(scenario, scale=args.scale)
    for _ in range(60):
        t0 = time.perf_counter()
        step(probe)
        ticks.append(time.perf_counter() - t0)
    print(f"tick (first 60, median): {statistics.median(ticks) * 1e3:.1f} ms")

    worker = Precomputer.for_world(world, kf)
    t0 = time.perf_counter()
    worker.start()
    worker.wait_idle()
    elapsed = time.perf_counter() - t0
    worker.stop()
    end = scenario.clock.end_tick
    covered = sum(b - a for a, b in kf.coverage())
    print(f"full pre-computation: {elapsed:.1f} s ({worker.ticks_simulated} ticks)")
    print(f"pre-computed: {100 * covered / end:.0f} % of {end} ticks")
    held = kf.ticks()
    gaps = [b - a for a, b in itertools.pairwise(held)]
    print(f"widest gap between keyframes: {max(gaps, default=end)} ticks")
    print(f"keyframes held: {len(kf)}")
    print(f"keyframe memory: {kf.nbytes / 2**20:.1f} MB (peak {kf.peak_bytes / 2**20:.1f} MB)")

    # wall time is what the targets are about; the thread's CPU time tells how much of it
    # other processes on the machine took (a shared 2-core machine is noisy)
    rng = random.Random(4)
    seeks, seeks_cpu, resim = [], [], []
    for _ in range(args.targets):
        target = rng.randrange(0, end + 1)
        resim.append(target - kf.start_for(target))
        t0, c0 = time.perf_counter(), time.thread_time()
        playback.seek(target)
        seeks.append(time.perf_counter() - t0)
        seeks_cpu.append(time.thread_time() - c0)
        assert world.tick == target
    print(f"exact seek median: {statistics.median(seeks) * 1e3:.1f} ms")
    print(f"exact seek worst: {max(seeks) * 1e3:.1f} ms")
    cpu = f"{statistics.median(seeks_cpu) * 1e3:.1f} / {max(seeks_cpu) * 1e3:.1f} ms"
    print(f"exact seek CPU time median / worst: {cpu}")
    ticks = f"{statistics.median(resim)} / {max(resim)} ticks"
    print(f"exact seek re-simulated median / worst: {ticks}")

    previews, previews_cpu = [], []
    for _ in range(args.targets):
        target = rng.randrange(0, end + 1)
        t0, c0 = time.perf_counter(), time.thread_time()
        playback.scrub(target)
        previews.append(time.perf_counter() - t0)
        previews_cpu.append(time.thread_time() - c0)
    playback.release(playback.world.tick)
    print(f"drag preview median: {statistics.median(previews) * 1e3:.1f} ms")
    print(f"drag preview worst: {max(previews) * 1e3:.1f} ms")
    cpu = f"{statistics.median(previews_cpu) * 1e3:.1f} / {max(previews_cpu) * 1e3:.1f} ms"
    print(f"drag preview CPU time median / worst: {cpu}")
    # a drag is a sweep: neighbouring targets share their anchor
    sweep = []
    for target in range(end // 3, end // 3 + 600, 7):
        t0 = time.perf_counter()
        playback.scrub(target)
        sweep.append(time.perf_counter() - t0)
    print(f"drag sweep preview median: {statistics.median(sweep) * 1e3:.1f} ms")
    print(f"drag sweep preview worst: {max(sweep) * 1e3:.1f} ms")
    print(
        f"keyframes after seeking: {kf.nbytes / 2**20:.1f} MB (peak {kf.peak_bytes / 2**20:.1f} MB)"
    )


if __name__ == "__main__":
    main()
