"""Engine benchmark: simulation tick and frame cost for the whole Callinicum scenario.

Prints one figure a line. Not a test: run it by hand on the target machine.

    python bench/bench_engine.py                 # 1:1 scale, the whole battle (~3 minutes)
    python bench/bench_engine.py --seconds 120   # only the first 120 battle seconds

Targets on a 2-core machine (issue #2): median tick <= 8 ms, frame <= 10 ms.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=None, help="battle seconds to simulate")
    ap.add_argument("--frames", type=int, default=120)
    ap.add_argument("--peer", choices=["esper"], default=None, help="side by side with a peer")
    ap.add_argument("--peer-ticks", type=int, default=5, help="ticks each side runs (--peer)")
    ap.add_argument("--strengths", default="default", help="low, default or high (45,000 men)")
    args = ap.parse_args()

    import pygame

    from game.app.cli import DEFAULT_SCENARIO
    from game.scenario.load import load_scenario
    from game.sim.world import build_world
    from game.timeline.playback import Playback
    from game.view.camera import Camera
    from game.view.scene import Scene, ViewOptions, battle_bounds

    scenario = load_scenario(DEFAULT_SCENARIO)
    world = build_world(scenario, scale=args.scale, strengths=args.strengths)
    if args.peer == "esper":
        from bench.peer_esper import run

        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        run(len(world.soldiers), args.peer_ticks)  # the battle's N
        return
    playback = Playback(world)
    gc.collect()
    gc.freeze()
    print(f"soldiers: {len(world.soldiers)}")

    end = scenario.clock.end_tick
    if args.seconds is not None:
        end = min(end, round(args.seconds * scenario.clock.tick_rate))
    times = np.empty(end, np.float64)
    for k in range(end):
        t = time.perf_counter()
        playback.step_once()
        times[k] = time.perf_counter() - t
    ms = times * 1000
    print(f"ticks simulated: {end}")
    print(f"sim tick median ms: {np.median(ms):.2f}")
    if args.scale == 1:  # issue #15, target 5: 6 ms at 40,000 men, 7 ms at 45,000 (high)
        goal = 7.0 if args.strengths == "high" else 6.0
        met = "met" if np.median(ms) <= goal else "missed"
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(
            f"tick median at {len(world.soldiers)} men: measured {np.median(ms):.2f} ms, "
            f"target <= {goal:g} ms: {met}"
        )
    print(f"sim tick mean ms: {ms.mean():.2f}")
    print(f"sim tick p95 ms: {np.percentile(ms, 95):.2f}")
    print(f"sim tick max ms: {ms.max():.2f}")
    print(f"sim seconds per battle second at 1x: {ms.mean() * scenario.clock.tick_rate / 1000:.3f}")

    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((1920, 1080))
    canvas = pygame.Surface((1920, 1080))
    scene = Scene(scenario)
    options = ViewOptions()

    def frames(camera: Camera) -> np.ndarray:
        scene.draw(canvas, camera, playback, options, complete=True)  # warm caches
        out = np.empty(args.frames)
        for k in range(args.frames):
            playback.clock.accumulator = (k % 20) / 20 / scenario.clock.tick_rate
            t = time.perf_counter()
            scene.draw(canvas, camera, playback, options)
            out[k] = time.perf_counter() - t
        return out * 1000

    camera = Camera(0, 0, 1, 1920, 1080)
    camera.fit(*battle_bounds(world.soldiers.pos, world.soldiers.state))
    whole = frames(camera)
    print(
        f"frame median ms, whole battle in view ({camera.scale:.2f} px/m): {np.median(whole):.2f}"
    )
    print(f"frame p95 ms, whole battle in view: {np.percentile(whole, 95):.2f}")
    camera.zoom_about(960, 540, 5.0)
    zoom = frames(camera)
    print(f"frame median ms, 5x zoom-in ({camera.scale:.2f} px/m): {np.median(zoom):.2f}")
    print(f"frame p95 ms, 5x zoom-in: {np.percentile(zoom, 95):.2f}")
    camera.zoom_about(960, 540, 8.0 / camera.scale)
    close = frames(camera)
    print(f"frame median ms, close-up sprites ({camera.scale:.2f} px/m): {np.median(close):.2f}")


if __name__ == "__main__":
    main()
