"""The Callinicum map's geography, and the terrain painter's output and memory bounds."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pygame
import pytest

from game.scenario.battlemap import BattleMap, load_map
from game.view.camera import Camera
from game.view.terrain import CHUNK_PX, TerrainPainter

MAP = Path(__file__).resolve().parents[1] / "maps" / "callinicum" / "map.yaml"


@pytest.fixture(scope="module")
def bmap() -> BattleMap:
    return load_map(MAP)


@pytest.fixture(scope="module")
def painter(bmap: BattleMap) -> TerrainPainter:
    pygame.init()
    return TerrainPainter(bmap)


def tile_at(bmap: BattleMap, x: float, y: float) -> tuple[int, int]:
    return int(y // bmap.tile_size), int(x // bmap.tile_size)


def look_at(bmap: BattleMap, x: float, y: float) -> str:
    r, c = tile_at(bmap, x, y)
    return bmap.types[bmap.terrain[r, c]].look


# -- (a) geography ---------------------------------------------------------------------------
def test_the_euphrates_runs_deep_near_y_1_3_km_at_x_1_km(bmap):
    looks = {look_at(bmap, 1000, y) for y in range(1250, 1400, 20)}
    assert "deep_water" in looks


def test_the_roman_line_at_x_2_6_km_is_passable_from_the_bank_to_the_slope(bmap):
    passable = bmap.passable_grid()
    c = int(2600 // bmap.tile_size)
    rows = slice(int(1700 // bmap.tile_size), int(5400 // bmap.tile_size) + 1)
    assert passable[rows, c - 2 : c + 3].all()


def test_the_town_walls_are_impassable(bmap):
    passable = bmap.passable_grid()
    ts = bmap.tile_size
    ring = passable[int(300 // ts) : int(900 // ts), int(5200 // ts) : int(6000 // ts)]
    walls = np.array([t.look == "wall" for t in bmap.types])[bmap.terrain]
    assert walls.sum() > 80
    assert not passable[walls].any()
    # The west wall, away from the gate, blocks the way into the town.
    assert not ring[3:10, 0].any()


def test_the_rising_ground_stands_15_m_above_the_plain(bmap):
    ts = bmap.tile_size
    plain = float(np.median(bmap.elevation[int(3000 // ts)]))
    ridge = float(np.median(bmap.elevation[int(5800 // ts)]))
    assert ridge - plain > 15


def test_both_islands_are_land_inside_the_river(bmap):
    assert bmap.passable_grid()[tile_at(bmap, 2800, 1350)]
    assert bmap.passable_grid()[tile_at(bmap, 4200, 1375)]
    assert look_at(bmap, 2800, 1180) in ("deep_water", "shallows")


def test_the_persian_camp_lies_opposite_the_town(bmap):
    assert look_at(bmap, 5600, 2100) in ("camp", "road")


# -- (b) painting ----------------------------------------------------------------------------
def paint(painter: TerrainPainter, bmap: BattleMap, centre, scale, size=(480, 270)):
    target = pygame.Surface(size)
    cam = Camera(0.0, 0.0, 1.0, *size)
    if centre is None:
        cam.fit(0, 0, bmap.width_m, bmap.height_m)
    else:
        cam.centre_x, cam.centre_y, cam.scale = centre[0], centre[1], scale
    painter.draw(target, cam, max_new_chunks=None)
    return target, cam


def distinct_colours(surf: pygame.Surface) -> int:
    px = pygame.surfarray.array3d(surf).reshape(-1, 3).astype(np.int64)
    return len(np.unique(px[:, 0] << 16 | px[:, 1] << 8 | px[:, 2]))


def test_the_fit_view_is_a_painted_map_not_blank(painter, bmap):
    target, _ = paint(painter, bmap, None, None)
    assert distinct_colours(target) > 2000
    assert painter.complete


def test_the_river_is_painted_blue_green_where_it_flows(painter, bmap):
    target, cam = paint(painter, bmap, None, None)
    sx, sy = cam.point_to_screen(1000, 1340)
    r, g, b = target.get_at((int(sx), int(sy)))[:3]
    assert b > r + 20 and g > r + 10


def test_a_close_view_at_8_px_per_m_is_textured(painter, bmap):
    target, cam = paint(painter, bmap, (2600, 1530), 8.0, size=(480, 270))
    assert distinct_colours(target) > 300
    sx, sy = cam.point_to_screen(2600, 1515)  # the channel south of Island A
    r, _, b = target.get_at((int(sx), int(sy)))[:3]
    assert b > r


def test_a_still_camera_reuses_the_last_frame(painter, bmap):
    target, cam = paint(painter, bmap, (3000, 3000), 0.5)
    before = painter.chunks_painted
    painter.draw(target, cam)
    assert painter.chunks_painted == before


def test_outside_the_map_is_the_dark_background(painter, bmap):
    target, _ = paint(painter, bmap, (-500, 3000), 0.25)
    assert max(target.get_at((5, 135))[:3]) < 60


# -- (c) bounded caches ----------------------------------------------------------------------
def test_the_chunk_caches_never_exceed_their_caps(bmap):
    cap = 12 * CHUNK_PX * CHUNK_PX * 4
    small = TerrainPainter(bmap, cache_bytes=cap, scaled_cache_bytes=cap // 2)
    target = pygame.Surface((320, 180))
    cam = Camera(4000, 3000, 1.0, 320, 180)
    rng = random.Random(7)
    for _ in range(60):
        cam.centre_x = rng.uniform(0, bmap.width_m)
        cam.centre_y = rng.uniform(0, bmap.height_m)
        cam.scale = rng.choice((0.2, 0.35, 0.7, 1.0, 2.8, 8.0))
        small.draw(target, cam, max_new_chunks=2)
        assert small.cache_bytes <= small.cache_cap
        assert small.scaled_cache_bytes <= small.scaled_cache_cap
