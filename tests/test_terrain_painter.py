"""The Callinicum map's geography, and the terrain painter's output and memory bounds."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pygame
import pytest

from game.scenario.battlemap import BattleMap, load_map
from game.scenario.load import load_scenario
from game.view.camera import Camera
from game.view.colours import to_lab
from game.view.terrain import CHUNK_PX, NEW_BANDS_PER_DRAW, Style, TerrainPainter, bands_for
from game.view.terrain.chunks import BANDS
from game.view.terrain.painter import CHUNK_CACHE_BYTES, SCALED_CACHE_BYTES

ROOT = Path(__file__).resolve().parents[1]
MAP = ROOT / "maps" / "callinicum" / "map.yaml"


@pytest.fixture(scope="module")
def bmap() -> BattleMap:
    return load_map(MAP)


@pytest.fixture(scope="module")
def side_colours() -> list[tuple[int, int, int]]:
    scenario = load_scenario(ROOT / "maps" / "callinicum" / "scenario.yaml")
    return [side.colour for side in scenario.sides.values()]


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
    painter.draw(target, cam, max_new_bands=None)
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


def luminance(surf: pygame.Surface) -> np.ndarray:
    rgb = pygame.surfarray.array3d(surf).astype(np.float64).transpose(1, 0, 2)
    return rgb @ np.array([0.2126, 0.7152, 0.0722])


def box_blur(a: np.ndarray, k: int) -> np.ndarray:
    c = np.cumsum(np.cumsum(np.pad(a, ((1, 0), (1, 0))), 0), 1)
    return (c[k:, k:] - c[:-k, k:] - c[k:, :-k] + c[:-k, :-k]) / (k * k)


def lab_chroma(surf: pygame.Surface) -> np.ndarray:
    """CIELAB chroma C*ab of every pixel (D65), as game.view.colours.to_lab, vectorised."""
    c = pygame.surfarray.array3d(surf).reshape(-1, 3) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = lin @ m.T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.hypot(500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2]))


def test_open_ground_is_calm_with_no_camouflage_blotches(painter, bmap):
    """Across 6 km of open plain at the overview the ground's tone (symbols blurred away)
    varies by under 2 % of its brightness, below what reads as a patch; close up at 8 px/m a
    patch of open steppe is one flat tone, with no speckle."""
    target, _ = paint(painter, bmap, (4000, 3400), 0.25, size=(1500, 250))
    lum = luminance(target)
    assert box_blur(lum, 9).std() < 0.02 * lum.mean()
    for centre in ((3000, 3300), (1500, 3000)):
        close, _ = paint(painter, bmap, centre, 8.0)
        lum = luminance(close)
        speckled = np.abs(lum[4:-4, 4:-4] - box_blur(lum, 9)) > 4
        assert speckled.mean() < 0.002


def test_the_terrain_stays_low_in_chroma_beside_the_armies(painter, bmap, side_colours):
    """Saturated colour belongs to the armies: 99 % of the map's pixels are under two-thirds
    of the chroma of the least saturated side colour."""
    target, _ = paint(painter, bmap, None, None, size=(960, 720))
    armies = min(float(np.hypot(*to_lab(c)[1:])) for c in side_colours)
    assert np.percentile(lab_chroma(target), 99) < armies * 2 / 3


def test_the_banks_are_a_dark_line_between_land_and_water(painter, bmap):
    """Walking north from the plain into the river at 8 px/m: land, then a dark bank line
    darker than both, then water; land to line and line to water each within a few pixels."""
    target, _cam = paint(painter, bmap, (1000, 1600), 8.0, size=(64, 1080))
    col = luminance(target)[:, 32][::-1]  # south (land) to north (water)
    land, water = np.median(col[:100]), np.median(col[-100:])
    k = int(np.argmin(col))
    assert col[k] < 0.75 * min(land, water)
    assert 100 < k < len(col) - 100
    width = np.count_nonzero(col[k - 40 : k + 40] < (col[k] + min(land, water)) / 2)
    assert width <= 6  # ~0.45 m either side: a crisp line, not a smear


def test_the_islands_are_land_with_water_all_round(painter, bmap):
    target, cam = paint(painter, bmap, None, None, size=(960, 720))
    for x, y, half in ((2800, 1350, 100), (4200, 1375, 75)):
        r, _g, b = target.get_at(tuple(int(v) for v in cam.point_to_screen(x, y)))[:3]
        assert not (b > r + 20), "an island's middle is land"
        for dy in (-half - 60, half + 60):
            r, _g, b = target.get_at(tuple(int(v) for v in cam.point_to_screen(x, y + dy)))[:3]
            assert b > r + 20, "water north and south of the island"


def test_a_walk_up_the_slope_crosses_a_contour_every_5_m(painter, bmap):
    """From the plain to the top of the rising ground, one contour line per 5 m climbed (and
    none when contours are switched off)."""
    x, y0, y1 = 2600.0, 3700.0, 5950.0
    f = painter.fields
    ts = f.tile
    e0 = float(f.elevation[int(y0 // ts), int(x // ts)])
    e1 = float(f.elevation[int(y1 // ts), int(x // ts)])
    expected = int(e1 // 5) - int(e0 // 5)
    size = (32, int(y1 - y0))
    with_lines, _ = paint(painter, bmap, (x, (y0 + y1) / 2), 1.0, size=size)
    painter.contours = False
    try:
        plain, _ = paint(painter, bmap, (x, (y0 + y1) / 2), 1.0, size=size)
    finally:
        painter.contours = True
    diff = np.abs(luminance(with_lines) - luminance(plain))[:, 16] > 3
    crossings = int(np.count_nonzero(diff[1:] & ~diff[:-1]))
    assert expected >= 4
    assert crossings == expected


def test_a_still_camera_reuses_the_last_frame(painter, bmap, monkeypatch):
    """After an exact frame, the same camera costs one blit: no chunk is even looked up (a
    lookup in the cache would pass a count of chunks painted, and cost a frame's composition)."""
    target, cam = paint(painter, bmap, (3000, 3000), 0.5)
    before = target.copy()
    looked_up = []
    pyramid = painter._pyramid
    chunk = pyramid._chunk
    monkeypatch.setattr(pyramid, "_chunk", lambda *a: looked_up.append(a[1:4]) or chunk(*a))
    target.fill((0, 0, 0))
    painter.draw(target, cam)
    assert looked_up == []
    assert pygame.image.tobytes(target, "RGB") == pygame.image.tobytes(before, "RGB")
    cam.centre_x += 40  # and a moved camera does compose again
    painter.draw(target, cam)
    assert looked_up


def test_outside_the_map_is_the_dark_background(painter, bmap):
    target, _ = paint(painter, bmap, (-500, 3000), 0.25)
    assert max(target.get_at((5, 135))[:3]) < 60


# -- (c) bounded caches ----------------------------------------------------------------------
def test_a_small_windows_chunk_caches_hold_a_few_frames_not_the_whole_cap(bmap):
    """The window's memory (issue #15: RSS <= 500 MB at 1:1): below 4K the painted chunks kept
    are a few frames' worth of the window's size, not the 96 MB cap; a 4K frame gets it all."""
    painter = TerrainPainter(bmap)
    size = (320, 180)
    frame = (size[0] // CHUNK_PX + 2) * (size[1] // CHUNK_PX + 2) * CHUNK_PX * CHUNK_PX * 4
    target = pygame.Surface(size)
    cam = Camera(4000, 3000, 1.0, *size)
    rng = random.Random(3)
    for _ in range(25):  # some 150 chunks seen: far more than three frames of them
        cam.centre_x = rng.uniform(0, bmap.width_m)
        cam.centre_y = rng.uniform(0, bmap.height_m)
        painter.draw(target, cam, max_new_bands=None)
        assert 0 < painter.cache_bytes <= 3 * frame
        assert painter.scaled_cache_bytes <= 2 * frame
    assert painter.chunks_painted > 3 * frame // (CHUNK_PX * CHUNK_PX * 3)
    big = pygame.Surface((3840, 2160))
    painter.draw(big, Camera(4000, 3000, 1.0, 3840, 2160), max_new_bands=0)
    assert painter.cache_cap == CHUNK_CACHE_BYTES
    assert painter.scaled_cache_cap == SCALED_CACHE_BYTES


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
        small.draw(target, cam, max_new_bands=2)
        assert small.cache_bytes <= small.cache_cap
        assert small.scaled_cache_bytes <= small.scaled_cache_cap


# -- (d) painting spread over frames -----------------------------------------------------------
def test_a_pan_onto_new_ground_paints_a_band_a_frame_and_ends_on_the_picture_painted_at_once(
    bmap,
):
    """A chunk costs up to ~20 ms at 1:1 (a dropped frame mid-pan, issue #15): a 60 FPS frame
    paints one band of rows, a quarter chunk, and a chunk so built shows the very pixels a
    screenshot painting it at once does (to one level of 255)."""
    size = (480, 270)
    cam = Camera(1800.0, 2200.0, 0.5, *size)
    slow, at_once = TerrainPainter(bmap), TerrainPainter(bmap)
    bands_in_draw = []
    inner = slow._pyramid._paint

    def counted(*args):
        bands_in_draw[-1] += 1
        return inner(*args)

    slow._pyramid._paint = counted
    target = pygame.Surface(size)
    bands_in_draw.append(0)
    slow.draw(target, cam, max_new_bands=0)  # the coarsest level, painted whole once
    base = slow.chunks_painted
    for _ in range(400):
        bands_in_draw.append(0)
        slow.draw(target, cam)
        if slow.complete:
            break
    assert slow.complete
    assert max(bands_in_draw[1:]) == NEW_BANDS_PER_DRAW == bands_for(1 / 60) == 1
    chunks = slow.chunks_painted - base
    assert chunks > 1 and (chunks - 1) * BANDS < sum(bands_in_draw[1:]) <= chunks * BANDS
    assert len(bands_in_draw) - 1 >= chunks * BANDS // NEW_BANDS_PER_DRAW
    reference = pygame.Surface(size)
    at_once.draw(reference, cam, max_new_bands=None)  # (whole chunks, as a screenshot paints)
    built = pygame.surfarray.array3d(target).astype(int)
    assert np.abs(built - pygame.surfarray.array3d(reference).astype(int)).max() <= 1


def test_a_chunks_bands_join_into_the_chunk_painted_in_one_piece(painter):
    """Each band samples the map at its own rows' places and decides where a look draws on the
    whole chunk: joined, the bands are the whole chunk to one level of 255 (the float sums of a
    band's sampling round a hair differently), with no map sign cut at a band's edge and no
    contour's edge missing there. Every chunk of the overview level (where the scrub's signs
    and the plain's contours cross band edges), and a sample of closer levels."""
    rng = random.Random(5)
    for k in (5, 9, 12):
        nx, ny = painter._pyramid.nchunks(k)
        cells = [(i, j) for j in range(ny) for i in range(nx)]
        for i, j in cells if k == 5 else rng.sample(cells, 6):
            rows = painter._pyramid.rows(k, j)
            for style in (Style(contours=True),) if k == 5 else (Style(False), Style(True)):
                step = CHUNK_PX // BANDS
                bands = [
                    painter.paint_rows(style, k, i, j, r, min(rows, r + step))
                    for r in range(0, rows, step)
                ]
                joined = np.concatenate(bands).astype(int)
                whole = painter.paint(k, i, j, style).astype(int)
                assert joined.shape == whole.shape
                assert np.abs(joined - whole).max() <= 1, (k, i, j, style)


def test_a_slow_paced_frame_paints_more_bands_so_a_view_sharpens_as_fast_at_any_rate():
    """The loop runs at 12-30 FPS while the camera stands still: the terrain then paints as many
    chunks a second as at 60 FPS, never a stalled frame's screenful at once."""
    assert [bands_for(1 / fps) for fps in (60, 30, 15, 12, 4)] == [1, 2, 4, 5, 2 * BANDS]
    assert bands_for(0.0) == 1 and bands_for(5.0) == 2 * BANDS
