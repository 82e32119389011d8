"""Benchmark the terrain painter at 1920x1080: ms per draw, one figure per line.

still   - the camera did not move since the last exact frame (one blit)
pan     - the camera pans 7 px per frame over chunks already painted (warm caches)
zoom    - the camera zooms 2 % per frame over painted ground (fast resampling while moving)
cold    - a fresh painter, first exact frame of a mid-zoom view (paints every chunk it needs)
chunk   - one chunk painted (numpy work + surface)

Run:  SDL_VIDEODRIVER=dummy python3 bench/bench_terrain.py
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
from game.view.camera import Camera
from game.view.terrain import TerrainPainter

MAP = Path(__file__).resolve().parents[1] / "maps" / "callinicum" / "map.yaml"
SIZE = (1920, 1080)


def ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    pygame.init()
    bmap = load_map(MAP)
    target = pygame.Surface(SIZE)

    t0 = time.perf_counter()
    painter = TerrainPainter(bmap)
    construct = time.perf_counter() - t0
    cam = Camera(2800.0, 2600.0, 1.0, *SIZE)
    t0 = time.perf_counter()
    painter.draw(target, cam, max_new_chunks=None)
    cold = time.perf_counter() - t0
    chunks = painter.chunks_painted

    still = []
    for _ in range(200):
        t0 = time.perf_counter()
        painter.draw(target, cam)
        still.append(time.perf_counter() - t0)

    # Warm the strip the pan will cross, then time the pan itself.
    path = [(2800.0 + 7.0 * n, 2600.0 + 2.0 * n) for n in range(120)]
    for x, y in path:
        cam.centre_x, cam.centre_y = x, y
        painter.draw(target, cam, max_new_chunks=None)
    pan = []
    for x, y in path:
        cam.centre_x, cam.centre_y = x, y
        t0 = time.perf_counter()
        painter.draw(target, cam)
        pan.append(time.perf_counter() - t0)

    zoom = []
    cam.centre_x, cam.centre_y, cam.scale = 2800.0, 2600.0, 1.0
    painter.draw(target, cam, max_new_chunks=None)
    for n in range(30):
        cam.zoom_about(960, 540, 1.02 if n < 15 else 1 / 1.02)
        painter.draw(target, cam, max_new_chunks=None)  # warm the levels crossed
    zoom_cam = Camera(2800.0, 2600.0, 1.0, *SIZE)
    for n in range(30):
        zoom_cam.zoom_about(960, 540, 1.02 if n < 15 else 1 / 1.02)
        t0 = time.perf_counter()
        painter.draw(target, zoom_cam)
        zoom.append(time.perf_counter() - t0)

    t0 = time.perf_counter()
    for i in range(10):
        painter._make_surface(14, 100 + i, 80)
    chunk = (time.perf_counter() - t0) / 10

    print(f"still camera: {ms(still):.2f} ms per draw (median of {len(still)})")
    print(f"panning camera, warm: {ms(pan):.2f} ms per draw (median), {max(pan) * 1000:.2f} max")
    print(f"zooming camera, warm: {ms(zoom):.2f} ms per draw (median), {max(zoom) * 1000:.2f} max")
    print(f"cold first exact frame at 1 px/m: {cold * 1000:.0f} ms ({chunks} chunks)")
    print(f"one chunk painted: {chunk * 1000:.1f} ms")
    print(f"painter construction: {construct * 1000:.0f} ms")


if __name__ == "__main__":
    main()
