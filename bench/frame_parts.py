"""Where a frame's time goes: process CPU per frame of each layer and interface part.

Plays the battle to a moment, then draws the frames `bench_engine.py` times at the story
camera's overview (scene, HUD, bar; every layer on) and adds up this process's CPU time in each
part (by wrapping its method; nested parts overlap). CPU time, so a busy machine changes the
figures less than a wall clock would.

    python bench/frame_parts.py                  # scale 10, 14:40 (the frame's fixed costs)
    python bench/frame_parts.py --scale 1        # 1:1, 40,000 men (~2 minutes to simulate)
    python bench/frame_parts.py --playing        # playing at 1x: the story camera moving

`--playing` draws the frames of a window playing at 1x at 60 FPS instead (issue #15, target
3): a new tick every third frame, and the story camera eased by a 60th of a second each frame
(it moves and zooms a hair every frame, so the map under the men is never kept).
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

from bench.bench_engine import MEDIAN_TARGET_MS, LayerFrames


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--at", type=int, default=14 * 60 + 40, help="minutes of the day")
    ap.add_argument("--frames", type=int, default=100)
    ap.add_argument("--playing", action="store_true", help="playing at 1x, the story camera on")
    args = ap.parse_args()

    from game.app.cli import DEFAULT_SCENARIO
    from game.app.still import visitor_camera
    from game.scenario.load import load_scenario
    from game.sim.world import build_world
    from game.timeline.playback import Playback
    from game.view import interface
    from game.view.options import ViewOptions

    scenario = load_scenario(DEFAULT_SCENARIO)
    playback = Playback(build_world(scenario, scale=args.scale))
    for _ in range(round(scenario.clock.seconds_at(args.at) * scenario.clock.tick_rate)):
        playback.step_once()
    frames = LayerFrames(scenario, playback, args.frames, time.process_time)
    spent: dict[str, float] = {}
    scene = frames.scene
    parts = [
        (scene, "_draw_underlay", "map under the men (kept while the camera is still)"),
        (scene.terrain, "draw", "  terrain"),
        (scene.reconstruction, "hatch", "  reconstruction hatching"),
        (scene.movement, "draw_ghosts", "  ghosts"),
        (scene.movement, "draw_arrows", "  movement arrows"),
        (scene.soldiers, "draw", "men"),
        (scene.blocks, "draw", "formation blocks"),
        (scene, "banner_requests", "banners (requests)"),
        (scene.markers, "requests", "event markers (requests)"),
        (scene.places, "requests", "place names (requests)"),
        (scene.interface, "arrange", "HUD layout"),
        (scene.interface, "finish", "labels + HUD + minimap (finish)"),
        (scene.interface.inspect, "draw_overlay", "  minimap"),
        (interface, "draw_blocks", "  HUD panels"),
        (interface, "place", "  label placement"),
        (scene.marginalia, "draw", "marginalia"),
        (frames.bar, "draw", "timeline bar"),
    ]
    for owner, name, label in parts:
        _time_calls(owner, name, label, spent)
    import game.view.scene as scene_module

    _time_calls(scene_module, "moment", "moment (footprints)", spent)
    camera = visitor_camera(playback, (1920, 1080))
    options = ViewOptions(story=True)
    frames.frames = 2
    frames._frames(camera, options)  # warm every cache
    spent.clear()
    frames.frames = args.frames
    out = (playing if args.playing else LayerFrames._frames)(frames, camera, options)
    med = float(np.median(out))
    shown = "playing at 1x, 60 FPS, the story camera on" if args.playing else "still camera"
    print(f"soldiers: {len(playback.world.soldiers)}, frames: {args.frames} ({shown})")
    if args.playing:  # (no target of its own: what a second of playing costs, by part)
        print(f"frame CPU ms median, playing at 1x, every layer on: {med:.2f}")
    else:
        print(
            f"frame CPU ms median, overview, every layer on: measured {med:.2f}, target "
            f"{MEDIAN_TARGET_MS:g}: {'met' if med <= MEDIAN_TARGET_MS else 'missed'}"
        )
    print("CPU ms per frame by part (indented parts are inside the one above):")
    for label, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {1000 * seconds / args.frames:6.2f}  {label}")


def playing(frames: LayerFrames, camera, options) -> np.ndarray:
    """CPU ms of each frame a window playing at 1x draws at 60 FPS: the playback a tick on
    every third frame (20 ticks a second), the story camera eased 1/60 s each frame."""
    from game.view.story_camera import StoryCamera

    pb = frames.playback
    rate = pb.world.scenario.clock.tick_rate
    story = StoryCamera(frames.scene.story, pb.world.scenario, frames.bar_h, frames.units)
    story.restart(camera, pb.world, pb.positions(), 0.0)
    out = np.empty(frames.frames)
    for k in range(frames.frames):
        if k % 3 == 0:
            pb.step_once()
        pb.clock.accumulator = (k % 3) / 3 / rate
        story.update(camera, pb.world, pb.positions(), (k + 1) / 60)
        t = time.process_time()
        layout = frames.draw(camera, options)
        out[k] = time.process_time() - t
        story.clear_of_layout(layout)
    pb.clock.accumulator = 0.0
    return out * 1000


def _time_calls(owner, name: str, label: str, spent: dict[str, float]) -> None:
    """Wrap `owner.name` so that each call adds its CPU time to `spent[label]`."""
    inner = getattr(owner, name)

    def timed(*args, **kwargs):
        t = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - t

    object.__setattr__(owner, name, timed)  # (frozen dataclasses too)


if __name__ == "__main__":
    main()
