"""Benchmark of the soldier renderer: ms per draw, one figure per line.

    SDL_VIDEODRIVER=dummy python bench/bench_soldiers.py [--save DIR]

Two armies of 40,000 soldiers in 80 blocks of 500 (foot 1 m apart, horse 1.5 x 3 m), some dead
and some routing, on a 1920x1080 display-format frame. Three cameras: the overview (0.25 px/m,
everyone on screen, splats), 5x that zoom (1.25 px/m, splats), and 8 px/m (sprites, the camera
placed where ~3,000 soldiers are on screen). Each figure is the median of many draws after a
warm-up (the warm-up fills the sprite caches); the terrain blit is not included.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import pygame

from game.scenario.codes import Kind
from game.sim.codes import State
from game.view.camera import Camera
from game.view.soldiers import SoldierRenderer
from game.view.sprites import load_sprite_sheets

ROMAN = ((150, 32, 38), (232, 196, 96))  # crimson and gold
PERSIAN = ((40, 78, 150), (226, 224, 214))  # blue and white
ARAB = ((196, 150, 60), (70, 40, 30))  # ochre and brown


def build_armies(n: int = 40_000, seed: int = 531) -> dict[str, np.ndarray]:
    """Two armies, two lines each, facing across x = 0 on a 3 km front; the draw() arrays."""
    rng = np.random.default_rng(seed)
    per = 500
    kinds_r = (Kind.INFANTRY, Kind.ARCHER, Kind.INFANTRY, Kind.CAVALRY, Kind.LIGHT_INFANTRY)
    kinds_p = (Kind.HORSE_ARCHER, Kind.CAVALRY, Kind.LIGHT_CAVALRY, Kind.HORSE_ARCHER)
    pos, face, kind, form, palettes = [], [], [], [], []
    for b in range(n // per):
        side, line, slot = b % 2, (b // 2) % 2, b // 4
        sgn = -1.0 if side == 0 else 1.0
        k = kinds_r[slot % 5] if side == 0 else kinds_p[slot % 4]
        mounted = k in (Kind.CAVALRY, Kind.HORSE_ARCHER, Kind.LIGHT_CAVALRY)
        files, (dx, dy) = 50, ((3.0, 2.0) if mounted else (1.0, 1.0))
        i = np.arange(per)
        rank, file = i // files, i % files
        bx = sgn * (15.0 + 55.0 * line) + sgn * rank * dx
        by = -900.0 + slot * 90.0 + file * dy
        pos.append(np.stack([bx, by], 1) + rng.normal(0, 0.12, (per, 2)))
        f = np.zeros((per, 2))
        f[:, 0] = -sgn
        face.append(f)
        kk = np.full(per, k, np.uint8)
        kk[0] = Kind.COMMANDER if mounted else k
        kind.append(kk)
        form.append(np.full(per, b, np.int32))
        palettes.append(ROMAN if side == 0 else (PERSIAN if slot % 3 else ARAB))
    pos = np.concatenate(pos).astype(np.float32)
    facing = np.concatenate(face)
    ang = rng.normal(0, 0.2, len(pos))
    c, s = np.cos(ang), np.sin(ang)
    facing = np.stack(
        [facing[:, 0] * c - facing[:, 1] * s, facing[:, 0] * s + facing[:, 1] * c], 1
    ).astype(np.float32)
    state = np.full(len(pos), State.FORMED, np.uint8)
    r = rng.random(len(pos))
    state[r < 0.08] = State.DEAD
    state[(r >= 0.08) & (r < 0.12)] = State.ROUTING
    state[(r >= 0.12) & (r < 0.14)] = State.FLED
    return {  # (2, N) vectors, as the tables hold them
        "pos": np.ascontiguousarray(pos.T),
        "facing": np.ascontiguousarray(facing.T),
        "kind": np.concatenate(kind),
        "formation": np.concatenate(form),
        "state": state,
        "gait": rng.random(len(pos)).astype(np.float32),
        "palettes": np.array(palettes, np.uint8),
    }


def time_draw(
    renderer: SoldierRenderer,
    frame: pygame.Surface,
    camera: Camera,
    army: dict[str, np.ndarray],
    reps: int = 60,
) -> float:
    args = (
        army["pos"],
        army["facing"],
        army["kind"],
        army["formation"],
        army["state"],
        army["gait"],
        army["palettes"],
    )
    for _ in range(5):
        renderer.draw(frame, camera, *args)
    times = []
    for _ in range(reps):
        frame.fill((96, 104, 70))
        t0 = time.perf_counter()
        renderer.draw(frame, camera, *args)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def visible(camera: Camera, army: dict[str, np.ndarray]) -> int:
    x0, y0, x1, y1 = camera.visible_world_rect()
    p = army["pos"]
    on = (p[0] >= x0) & (p[0] < x1) & (p[1] >= y0) & (p[1] < y1)
    return int((on & (army["state"] != State.FLED)).sum())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="soldier renderer benchmark")
    ap.add_argument("--save", help="folder to save a PNG of each camera into")
    args = ap.parse_args(argv)
    pygame.display.init()
    pygame.display.set_mode((1920, 1080))
    frame = pygame.display.get_surface().copy()
    army = build_armies()
    renderer = SoldierRenderer(load_sprite_sheets())
    gc.freeze()
    cams = {
        "overview_0.25": Camera(0.0, 0.0, 0.25, 1920, 1080),
        "zoom5x_1.25": Camera(0.0, 0.0, 1.25, 1920, 1080),
        "sprites_8": Camera(0.0, -760.0, 8.0, 1920, 1080),
    }
    labels = {
        "overview_0.25": "overview 0.25 px/m, splats",
        "zoom5x_1.25": "5x zoom 1.25 px/m, splats",
        "sprites_8": "8 px/m, sprites",
    }
    for name, cam in cams.items():
        ms = time_draw(renderer, frame, cam, army)
        print(
            f"{ms:.2f} ms per draw: {labels[name]}, {visible(cam, army)} of {army['pos'].shape[1]}"
            " soldiers on screen"
        )
        if args.save:
            pygame.image.save(frame, str(Path(args.save) / f"bench_{name}.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
