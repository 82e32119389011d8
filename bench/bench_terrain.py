"""Benchmark the map layers at 1920x1080: ms per draw, each figure beside its target.

still    - the camera did not move since the last exact frame (one blit)
pan      - the camera pans 7 px per frame over chunks already painted (warm caches)
zoom     - the camera zooms 2 % per frame over painted ground (fast resampling while moving),
           then stops (the chunks in view resampled smoothly, a few a frame)
chunk    - one chunk painted, at the overview and at 8 px/m (numpy work + surface)
new      - the camera pans 7 px per frame onto ground not painted yet, the window's budget of
           new chunk painting a frame (the frames that paint are a pan's dearest, #15)
cold     - a fresh painter, first exact frame of a mid-zoom view (paints every chunk it needs)
build    - painter construction (fields derived from the map), once at start-up
names    - place names + marginalia + the light's tint per frame (requests, the placement pass
           over them, scale bar, locator, legend button, one BLEND_RGB_MULT fill at night),
           still and panning

The frame budget (#12: median <= 6 ms, p99 <= 12 ms with every layer on) is shared with the men,
missiles and HUD; the terrain's share is a still or panning frame of a few ms, and a chunk must
fit beside the other layers in the one frame that paints it.

Run:  SDL_VIDEODRIVER=dummy python3 bench/bench_terrain.py [--cpu]
      (--cpu times with the process's CPU clock instead of the wall clock: on a shared, busy
      machine it shows what the work costs, without the time spent waiting for a core)
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pygame

from game.scenario.battlemap import load_map
from game.scenario.geography import bundled_region
from game.view.camera import Camera
from game.view.fonts import Fonts
from game.view.legend import LegendContext
from game.view.light import light_for_map
from game.view.marginalia import Marginalia
from game.view.placement import blit_placed, place
from game.view.places import PlaceNames
from game.view.terrain import LEVELS, TerrainPainter
from game.view.terrain.key import terrain_legend

MAP = Path(__file__).resolve().parents[1] / "maps" / "callinicum" / "map.yaml"
clock = time.process_time if "--cpu" in sys.argv else time.perf_counter
SIZE = (1920, 1080)


def ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def p99(samples: list[float]) -> float:
    return sorted(samples)[min(len(samples) - 1, int(len(samples) * 0.99))] * 1000


def report(name: str, value: float, target: float, unit: str = "ms") -> None:
    verdict = "met" if value <= target else "missed"
    print(f"{name}: measured {value:.2f} {unit}, target {target:g} {unit}: {verdict}")


def main() -> None:
    pygame.display.init()
    screen = pygame.display.set_mode(SIZE)  # chunks convert to the display's format, as in use
    bmap = load_map(MAP)
    target = pygame.Surface(SIZE).convert(screen)

    t0 = clock()
    painter = TerrainPainter(bmap)
    build = clock() - t0
    cam = Camera(2800.0, 2600.0, 1.0, *SIZE)
    t0 = clock()
    painter.draw(target, cam, max_new_bands=None)
    cold = clock() - t0
    chunks = painter.chunks_painted

    still = []
    for _ in range(200):
        t0 = clock()
        painter.draw(target, cam)
        still.append(clock() - t0)

    # Warm the strip the pan will cross, then time the pan itself.
    path = [(2800.0 + 7.0 * n, 2600.0 + 2.0 * n) for n in range(120)]
    for x, y in path:
        cam.centre_x, cam.centre_y = x, y
        painter.draw(target, cam, max_new_bands=None)
    pan = []
    for x, y in path:
        cam.centre_x, cam.centre_y = x, y
        t0 = clock()
        painter.draw(target, cam)
        pan.append(clock() - t0)

    # Pan onto new ground with the window's budget: a fresh painter, exact at the start only.
    fresh = TerrainPainter(bmap)
    new_cam = Camera(1800.0, 2200.0, 0.5, *SIZE)
    fresh.draw(target, new_cam, max_new_bands=None)
    new = []
    for n in range(600):
        new_cam.centre_x, new_cam.centre_y = 1800.0 + 7.0 * n / 0.5, 2200.0 + 2.0 * n / 0.5
        t0 = clock()
        fresh.draw(target, new_cam)
        new.append(clock() - t0)

    cam.centre_x, cam.centre_y, cam.scale = 2800.0, 2600.0, 1.0
    for n in range(30):
        cam.zoom_about(960, 540, 1.02 if n < 15 else 1 / 1.02)
        painter.draw(target, cam, max_new_bands=None)  # warm the levels crossed
    zoom = []
    zoom_cam = Camera(2800.0, 2600.0, 1.0, *SIZE)
    for n in range(30):
        zoom_cam.zoom_about(960, 540, 1.02 if n < 15 else 1 / 1.02)
        t0 = clock()
        painter.draw(target, zoom_cam)
        zoom.append(clock() - t0)
    for _ in range(7):  # on in, to stop between two levels
        zoom_cam.zoom_about(960, 540, 1.02)
        painter.draw(target, zoom_cam)
    settle = []  # the zoom stopped: its chunks resampled smoothly over the next frames
    for _ in range(15):
        t0 = clock()
        painter.draw(target, zoom_cam)
        settle.append(clock() - t0)

    chunk = {}
    # Chunks over the battlefield: the overview row through the plain, and a close-up strip
    # across the south bank and Island A's channel (water, reeds, fields: the dearest looks).
    for label, lev, col, row in (
        ("overview 0.35 px/m", 5, 2, 2),
        ("close 8 px/m", LEVELS.index(8.0), 80, 46),
    ):
        times = []
        for i in range(8):
            t0 = clock()
            painter.paint(lev, col + i, row)
            times.append(clock() - t0)
        chunk[label] = times

    names_still, names_pan = map_labels(painter, target)
    light = light_for_map(painter.map.path)
    tint = []
    for _ in range(200):
        t0 = clock()
        light.apply(target, 19 * 60 + 25)
        tint.append(clock() - t0)

    report("still camera, median", ms(still), 1.0)
    report("panning camera (warm), median", ms(pan), 3.0)
    report("panning camera (warm), p99", p99(pan), 6.0)
    report("zooming camera (warm), median", ms(zoom), 6.0)
    report("the frames after a zoom stops, worst", max(settle) * 1000, 6.0)
    report("panning onto new ground, p99", p99(new), 8.0)
    report("panning onto new ground, worst", max(new) * 1000, 8.0)
    print(f"  ({fresh.chunks_painted} chunks painted over the {len(new)} frames of the pan)")
    for label, times in chunk.items():
        report(f"one chunk painted, {label}, median", ms(times), 8.0)
    report("light of the day, the night tint's one fill at 1080p, median", ms(tint), 1.0)
    report("names + marginalia + light, still, median", ms(names_still), 1.5)
    report("names + marginalia + light, still, p99", p99(names_still), 3.0)
    report("names + marginalia + light, panning, median", ms(names_pan), 2.0)
    report("names + marginalia + light, panning, p99", p99(names_pan), 4.0)
    report(f"cold first exact frame at 1 px/m ({chunks} chunks)", cold * 1000, 800.0)
    report("painter construction", build * 1000, 800.0)


def map_labels(painter: TerrainPainter, target: pygame.Surface) -> tuple[list, list]:
    """Per-frame cost of the map's text and marginalia over an overview of the battle at night
    (the dearest case: the tint's fill runs, names take their night style)."""
    fonts = Fonts()
    places = PlaceNames(painter.map, painter.fields, fonts)
    margins = Marginalia(fonts, bundled_region(), [terrain_legend(painter.fields)])
    light = light_for_map(painter.map.path)
    night = 19 * 60 + 25
    hud = [
        pygame.Rect(28, 28, 640, 110),
        pygame.Rect(1330, 28, 560, 170),
        pygame.Rect(360, 800, 1200, 130),
        pygame.Rect(0, 930, 1920, 150),
    ]

    def frame(cam: Camera) -> None:
        light.apply(target, night)
        ctx = LegendContext(10, cam.scale, light.is_dark(night))
        rects = margins.layout(target.get_size(), hud, 150, ctx)
        avoid = hud + list(rects.values())
        placed = place(places.requests(cam, True, avoid), avoid, target.get_rect())
        blit_placed(target, placed)
        margins.draw(target, cam, ctx, rects)

    cam = Camera(3300.0, 2200.0, 0.3, *SIZE)
    frame(cam)  # warm the lettering caches
    still = []
    for _ in range(200):
        t0 = clock()
        frame(cam)
        still.append(clock() - t0)
    pan = []
    for n in range(200):
        cam.centre_x, cam.centre_y = 3300.0 + 3.0 * n, 2200.0 + 1.0 * n
        t0 = clock()
        frame(cam)
        pan.append(clock() - t0)
    return still, pan


if __name__ == "__main__":
    main()
