"""Engine benchmark: simulation tick and frame cost for the whole Callinicum scenario.

Prints one figure a line. Not a test: run it by hand on the target machine.

    python bench/bench_engine.py                 # 1:1 scale, the whole battle (~3 minutes)
    python bench/bench_engine.py --seconds 120   # only the first 120 battle seconds

Targets on a 2-core machine (issue #2): median tick <= 8 ms, frame <= 10 ms. Issue #12: at 1:1
with every layer on, at the overview the story camera frames (blocks, arrows, ghosts, event
markers, labels, HUD and timeline bar), frame median <= 6 ms and p99 <= 12 ms; the same frames
are measured with the story layers off, for what they cost. They are measured at the busiest
moments: the collapse (14:40), the stand (16:30), and nightfall at the end.
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
    ap.add_argument(
        "--cpu",
        action="store_true",
        help="time the story layers' frames by this process's CPU clock, not the wall clock "
        "(on a busy machine the wall clock counts other jobs' time)",
    )
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
    from game.view.options import ViewOptions
    from game.view.scene import Scene, battle_bounds

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
    rate = scenario.clock.tick_rate
    stops = [round(scenario.clock.seconds_at(m) * rate) for m in LAYER_MOMENTS.values()]
    times = np.empty(end, np.float64)
    layers = LayerFrames(scenario, playback, args.frames, time.process_time if args.cpu else None)
    for k in range(end):
        if k in stops:
            layers.measure(list(LAYER_MOMENTS)[stops.index(k)])
        t = time.perf_counter()
        playback.step_once()
        times[k] = time.perf_counter() - t
    layers.measure("nightfall, the end" if end == scenario.clock.end_tick else "the run's end")
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

    layers.summary()
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


LAYER_MOMENTS = {"the collapse, 14:40": 14 * 60 + 40, "the stand, 16:30": 16 * 60 + 30}
MEDIAN_TARGET_MS, P99_TARGET_MS = 6.0, 12.0


class LayerFrames:
    """Frames as the window draws them (scene, HUD, bar) at the story camera's overview, with
    and without the story layers, at a few moments of the battle."""

    def __init__(self, scenario, playback, frames: int, clock=None):
        import pygame

        from game.view.scene import Scene
        from game.view.timeline_bar import TimelineBar

        pygame.display.init()
        pygame.font.init()
        pygame.display.set_mode((1920, 1080))
        self.canvas = pygame.Surface((1920, 1080))
        self.scene = Scene(scenario)
        self.bar = TimelineBar(scenario, self.scene.fonts)
        self.playback = playback
        self.frames = frames
        self.clock = clock or time.perf_counter
        self.on: list[np.ndarray] = []
        self.off: list[np.ndarray] = []
        from game.view.inspect import InspectState
        from game.view.units import units_for

        self.units = units_for(self.canvas.get_size())
        self.bar_h = self.bar.layout(self.canvas.get_size(), (0, 0), self.units).bar_height
        self._ui = InspectState()  # as the window draws: minimap, panel off

    def draw(self, camera, options, complete: bool = False):
        """One frame as the window draws it, the bar included; returns the scene's layout."""
        layout = self.scene.draw(
            self.canvas,
            camera,
            self.playback,
            options,
            self.bar_h,
            complete,
            ui=self._ui,
            units=self.units,
        )
        self.bar.draw(self.canvas, self.playback, (0, 0), self.units, layout)
        return layout

    def _frames(self, camera, options) -> np.ndarray:
        pb, rate = self.playback, self.playback.world.scenario.clock.tick_rate
        self.draw(camera, options, complete=True)  # warm the caches
        out = np.empty(self.frames)
        for k in range(self.frames):
            pb.clock.accumulator = (k % 20) / 20 / rate  # a new interpolated moment each frame
            t = self.clock()
            self.draw(camera, options)
            out[k] = self.clock() - t
        pb.clock.accumulator = 0.0
        return out * 1000

    def measure(self, label: str) -> None:
        from dataclasses import replace

        from game.app.still import visitor_camera
        from game.view.options import ViewOptions

        camera = visitor_camera(self.playback, (1920, 1080))
        every = ViewOptions(story=True)
        on = self._frames(camera, every)
        off = self._frames(camera, replace(every, story_layers=False))
        self.on.append(on)
        self.off.append(off)
        print(
            f"frame median ms, overview at {label} ({camera.scale:.2f} px/m): story layers off "
            f"{np.median(off):.2f}, every layer on {np.median(on):.2f}"
        )

    def summary(self) -> None:
        if not self.on:
            return
        on, off = np.concatenate(self.on), np.concatenate(self.off)
        med, p99 = float(np.median(on)), float(np.percentile(on, 99))
        what = "CPU" if self.clock is time.process_time else "wall"
        print(f"frames timed by the {what} clock")
        print(f"frame median ms, overview, story layers off: {np.median(off):.2f}")
        print(f"frame p99 ms, overview, story layers off: {np.percentile(off, 99):.2f}")
        print(
            f"frame median ms, overview, every layer on: measured {med:.2f}, target "
            f"{MEDIAN_TARGET_MS:g}: {'met' if med <= MEDIAN_TARGET_MS else 'missed'}"
        )
        print(
            f"frame p99 ms, overview, every layer on: measured {p99:.2f}, target "
            f"{P99_TARGET_MS:g}: {'met' if p99 <= P99_TARGET_MS else 'missed'}"
        )


if __name__ == "__main__":
    main()
