"""Idle benchmark: what the window costs at rest, from the processes' own CPU time (#15, 3).

Opens the window headless (dummy video), waits until the worker has nothing left to compute
(the cache full), then runs the window's own loop (its frame rate chosen by `pacing`, its
clock `FrameClock`) for `--seconds` paused and for `--seconds` playing at 1x, and prints the
CPU used as a share of one core: the window's process, the worker's, and both; and the frame
rates the loop ran at. Not a test.

    python bench/bench_idle.py                 # 1:1: ~2-4 min of pre-computation first
    python bench/bench_idle.py --scale 10

Targets with the cache full: paused <= 3 % of a core, playing at 1x <= 35 % (both processes).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--at", type=float, default=200.0, help="battle second to rest at")
    args = ap.parse_args()

    from bench.bench_playback import verdict, warm_up
    from game.app.cli import DEFAULT_SCENARIO
    from game.app.frameclock import FrameClock
    from game.app.pacing import SETTLE_FRAMES
    from game.app.window import WindowApp
    from game.scenario.load import load_scenario

    scenario = load_scenario(DEFAULT_SCENARIO)
    app = WindowApp(scenario, scale=args.scale)
    try:
        t0 = time.perf_counter()
        app.playback.seek(round(args.at * scenario.clock.tick_rate))
        app.playback.pause()
        assert app.precomputer.wait_idle(timeout=1800)
        print(
            f"cache full after {time.perf_counter() - t0:.0f} s: "
            f"{app.caches[app.playback.world.account].budget.nbytes() / 2**20:.0f} MB"
        )
        worker = app.precomputer.pid
        warm_up(app)
        clock = FrameClock()
        results = {}
        for label, playing in (("paused", False), ("playing at 1x", True)):
            app.playback.set_speed(1.0)
            if playing:
                app.playback.play()
            else:
                app.playback.pause()
            for _ in range(SETTLE_FRAMES + 30):  # what was changing settles (terrain, chart)
                app.frame(clock.tick(app.target_fps()))
            me0 = cpu_seconds(os.getpid())
            w0 = cpu_seconds(worker) if worker else 0.0
            rates: Counter[int] = Counter()
            t0 = time.perf_counter()
            while time.perf_counter() - t0 < args.seconds:
                fps = app.target_fps()
                rates[fps] += 1
                app.frame(clock.tick(fps))
            wall = time.perf_counter() - t0
            me = (cpu_seconds(os.getpid()) - me0) / wall * 100
            w = ((cpu_seconds(worker) - w0) / wall * 100) if worker else 0.0
            results[label] = (me, w)
            frames = sum(rates.values())
            paced = ", ".join(f"{f} FPS {100 * n / frames:.0f} %" for f, n in sorted(rates.items()))
            print(f"{label}: window {me:.1f} %, worker {w:.1f} % of a core")
            print(f"  {frames / wall:.1f} frames a second at {app.camera.scale:.2f} px/m: {paced}")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        me, w = results["paused"]
        print(verdict("CPU paused, cache full", me + w, 3, " %", False))
        me, w = results["playing at 1x"]
        print(verdict("CPU playing at 1x, cache full", me + w, 35, " %", False))
    finally:
        app.close()


if __name__ == "__main__":
    main()
