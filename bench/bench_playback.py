"""Playback benchmark: does each speed button mean what it says? (issue #15, target 1)

Opens the window headless (dummy video), lets the worker pre-compute the stretch to be played
(unless `--cold`), then plays at `--speed` for `--seconds` of wall time, paced at 60 FPS by
the window's own loop, and prints the speed reached, FPS and frame times. Not a test.

    python bench/bench_playback.py --speed 16 --seconds 20            # 1:1, ~2 min of set-up
    python bench/bench_playback.py --speed 16 --seconds 10 --scale 10
    python bench/bench_playback.py --speed 16 --seconds 10 --cold     # nothing computed yet

Targets at 1:1 (once the stretch ahead is computed): the speed reached within 5 % of the
speed asked, >= 50 FPS, p99 frame <= 25 ms. With `--cold` the figures are what a visitor gets
while the worker is still computing, and the bar says the speed reached (no target).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np


def verdict(name: str, measured: float, target: float, unit: str, at_least: bool) -> str:
    ok = measured >= target if at_least else measured <= target
    sign = ">=" if at_least else "<="
    return (
        f"{name}: measured {measured:.1f}{unit}, target {sign} {target:g}{unit}: "
        f"{'met' if ok else 'missed'}"
    )


def warm_up(app) -> None:
    """Paint every terrain chunk of the view once, as a visitor's first seconds would, and
    settle the memory as the window's own loop does before its first frame (`settle`)."""
    app.scene.draw(app.screen, app.camera, app.playback, app.options, complete=True)
    for _ in range(10):
        app.frame(1 / 60)
    app.settle()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--speed", type=float, default=16.0)
    ap.add_argument("--seconds", type=float, default=20.0, help="wall seconds of playback")
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--start", type=float, default=0.0, help="battle second to start from")
    ap.add_argument("--cold", action="store_true", help="do not wait for the worker first")
    args = ap.parse_args()

    import pygame

    from game.app.cli import DEFAULT_SCENARIO
    from game.app.pacing import FPS
    from game.app.window import WindowApp
    from game.scenario.load import load_scenario

    scenario = load_scenario(DEFAULT_SCENARIO)
    app = WindowApp(scenario, scale=args.scale)
    try:
        pb = app.playback
        rate = scenario.clock.tick_rate
        start = round(args.start * rate)
        span = round(args.speed * args.seconds * rate * 1.1)
        kf = pb.keyframes
        if not args.cold:
            t0 = time.perf_counter()
            kf.playhead = start
            app.precomputer.notify()
            end = min(scenario.clock.end_tick, start + span)
            while kf.frontier(start) < end - kf.sparse_every:
                time.sleep(0.2)
            print(
                f"stretch computed: {(end - start) / rate:.0f} battle s in "
                f"{time.perf_counter() - t0:.1f} s"
            )
        pb.seek(start)
        warm_up(app)
        pb.set_speed(args.speed)
        pb.play()
        clock = pygame.time.Clock()
        frames: list[float] = []
        shown0 = pb.shown_tick
        t0 = time.perf_counter()
        clock.tick(FPS)
        while time.perf_counter() - t0 < args.seconds and not pb.at_end:
            wall = clock.tick(FPS) / 1000.0
            f0 = time.perf_counter()
            app.frame(wall)
            frames.append(time.perf_counter() - f0)
        elapsed = time.perf_counter() - t0
        reached = (pb.shown_tick - shown0) / rate / elapsed
        ms = np.array(frames) * 1000
        fps = len(frames) / elapsed
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(
            f"soldiers: {len(pb.world.soldiers)}, speed asked {args.speed:g}x, "
            f"{elapsed:.1f} s wall, {len(frames)} frames"
        )
        print(
            f"frame p50 / p99 / max ms: {np.median(ms):.1f} / {np.percentile(ms, 99):.1f} / "
            f"{ms.max():.1f}"
        )
        print(f"keyframes decoded ahead of their frame (a thread): {pb.lookahead.decoded}")
        print(verdict("effective speed", reached, 0.95 * args.speed, "x", True))
        print(verdict("frames per second", fps, 50, "", True))
        print(verdict("p99 frame", float(np.percentile(ms, 99)), 25, " ms", False))
    finally:
        app.close()


if __name__ == "__main__":
    main()
