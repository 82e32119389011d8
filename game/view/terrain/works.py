"""Man-made things: the road to Sura, Callinicum's walls and houses, the Persian camp.

Each keeps its map sign at the overview (a red-brown road line, a heavy wall with towers, a
hatched town, a ringed camp of tent dots) and turns into the thing itself close up (a 7 m
track, a stone curtain, courtyard houses in blocks, round tents and pavilions).
"""

from __future__ import annotations

import numpy as np

from game.view.terrain.fields import TerrainFields
from game.view.terrain.looks import ink, symbols
from game.view.terrain.noise import lattice_hash, unit, wobble
from game.view.terrain.raster import F32, Canvas, band, mix
from game.view.terrain.relief import LIGHT

ROAD_HALF_M = 3.5  # a beaten track ~7 m wide: carts and columns [R]
WALL_HALF_M = 3.5  # curtain wall ~7 m across with its footing [R]
TOWER_HALF_M = 5.5  # projecting towers ~11 m square [R]
TOWER_SPACING_M = 70.0  # late Roman towers every ~60-80 m [R]

ROAD_INK = np.array([140, 104, 82], F32)
"""Period routes in a muted red-brown, as old survey maps draw them."""
STONE_TOP = np.array([186, 174, 152], F32)
STONE_EDGE = np.array([82, 70, 62], F32)
TOWN_HATCH = np.array([132, 104, 92], F32)
TENTS = np.array(
    [[238, 232, 216], [238, 232, 216], [230, 224, 206], [190, 142, 120], [206, 184, 140]], F32
)
"""Tents: mostly undyed canvas and felt, a few faded red and ochre pavilions."""


def towers_of(walls: tuple[np.ndarray, ...]) -> np.ndarray:
    """Tower positions: every corner of the circuit, its ends, and every ~70 m between."""
    towers: list[tuple[float, float]] = []
    for pts in walls:
        towers.append(tuple(pts[0]))
        towers.append(tuple(pts[-1]))
        run = 0.0
        for n in range(1, len(pts) - 1):
            run += float(np.hypot(*(pts[n] - pts[n - 1])))
            a, b = pts[n] - pts[n - 1], pts[n + 1] - pts[n]
            if abs(a[0] * b[1] - a[1] * b[0]) > 1e-6 or run >= TOWER_SPACING_M:
                towers.append(tuple(pts[n]))
                run = 0.0
    return np.array(sorted(set(towers)), float).reshape(-1, 2)


def road(cv: Canvas, F: TerrainFields) -> None:
    """A red-brown line at the overview; close up a pale track with darker verges."""
    g = cv.g
    d = F.roads.sample(g.wx, g.wy)
    if d is None or d.min() > ROAD_HALF_M + 4:
        return
    s = cv.s
    if ROAD_HALF_M * s < 1.6:
        mix(cv.col, ROAD_INK, band(d * s, 0.8) * 0.8)
        return
    half = ROAD_HALF_M * s
    fill = F.colours.get("road", np.array([206, 184, 150], F32))
    a = band(d * s, half)
    mix(cv.col, fill, a)
    mix(cv.col, ROAD_INK, band(d * s - half, max(0.6, 0.12 * s)) * 0.75)
    if s >= 3:  # wheel ruts, 1.3 m from the crown, very light
        cv.lum *= 1 - 0.06 * band(np.abs(d - 1.3) * s, 0.25 * s) * a


def walls(cv: Canvas, F: TerrainFields, towers: np.ndarray) -> None:
    """Curtain walls with projecting towers: lit wall-walk, dark outline, shadow to the SE."""
    g = cv.g
    d = F.walls.sample(g.wx, g.wy)
    if d is None or d.min() > TOWER_HALF_M * 2 + 4:
        return
    s = cv.s
    if WALL_HALF_M * s < 1.2:  # the overview: a firm dark line, ~2 px, with tower dots
        sd = d - max(WALL_HALF_M, 1.0 / s)
        sd = _with_towers(sd, g, towers, 0.0, max(TOWER_HALF_M, 1.6 / s))
        mix(cv.col, STONE_EDGE, np.clip(-sd * s + 0.5, 0, 1))
        return
    sd = _with_towers(d - WALL_HALF_M, g, towers, 0.0, TOWER_HALF_M)
    sds = _with_towers(
        F.walls.sample(g.wx - 3.0, g.wy - 3.0) - WALL_HALF_M, g, towers, 3.0, TOWER_HALF_M
    )
    cv.lum *= 1 - 0.35 * np.clip(-sds * s + 0.5, 0, 1)
    a = np.clip(-sd * s + 0.5, 0, 1)
    ow = max(0.8, 1.5 / s)  # dark outline ~0.8 m, never under 1.5 px
    rim = np.clip((sd + ow) * s + 0.5, 0, 1)
    face = np.clip((sd + ow + 1.0) * s + 0.5, 0, 1) * (1 - rim)
    stone = STONE_TOP[:, None, None] + (STONE_EDGE - STONE_TOP)[:, None, None] * rim - 16 * face
    mix(cv.col, stone, a)
    cv.lum += (1 - cv.lum) * a * (1 - rim)


def _with_towers(sd, g, towers: np.ndarray, off: float, half: float):
    """Union of the wall's signed distance with square towers (offset `off` for shadows)."""
    if not len(towers):
        return sd
    x0, x1 = g.wx[0] - 20, g.wx[-1] + 20
    y0, y1 = g.wy[0] - 20, g.wy[-1] + 20
    for tx, ty in towers:
        if x0 <= tx + off <= x1 and y0 <= ty + off <= y1:
            bx = np.abs(g.wx - off - tx)[None, :]
            by = np.abs(g.wy - off - ty)[:, None]
            sd = np.minimum(sd, np.maximum(bx, by) - half)
    return sd


def town(cv: Canvas, F: TerrainFields) -> None:
    """Inside the walls: hatching at the overview (the map sign for a built-up area), then
    blocks between lanes, then flat-roofed houses of uneven size round their courtyards."""
    s = cv.s
    g = cv.g
    a = cv.sharp.crisp(F.masks["town"], s)
    rgb = F.colours["town"]
    mix(cv.col, rgb, a)
    lod = float(np.clip((s - 0.35) / 0.35, 0, 1))
    if lod < 1:
        diag = (g.wx[None, :] + g.wy[:, None]) * s
        hatch = band(np.abs(((diag + 2.5) % 5.0) - 2.5), 0.5)
        mix(cv.col, TOWN_HATCH, hatch * a * 0.4 * (1 - lod))
    if lod <= 0:
        return
    # Blocks ~56 x 42 m between 4 m lanes, rows staggered.
    bw, bh, lane = 56.0, 42.0, 4.0
    row = np.floor(g.wy / bh)
    shift = unit(lattice_hash(row, row * 0 + 3, 51)) * bw
    xx = g.wx[None, :] + shift[:, None]
    cx = np.floor(xx / bw)
    fx = xx - cx * bw - lane / 2  # metres inside the block
    fy = np.broadcast_to((g.wy - row * bh)[:, None], fx.shape) - lane / 2
    iw, ih = bw - lane, bh - lane
    in_block = np.clip(np.minimum(fx, iw - fx) * s + 0.5, 0, 1) * np.clip(
        np.minimum(fy, ih - fy) * s + 0.5, 0, 1
    )
    roof = ink(rgb, 1.02)
    mix(cv.col, ink(rgb, 0.86), a * lod)  # the lanes
    if s < 1.5:
        mix(cv.col, roof, in_block * a * lod)
        return
    hb = lattice_hash(cx, np.broadcast_to(row[:, None], cx.shape), 52)
    # Houses: the block is cut at uneven places, three times across and twice down.
    x0, x1, ux = _cut(fx, iw, hb, 0, 3)
    y0, y1, uy = _cut(fy, ih, hb, 12, 2)
    h = lattice_hash(hb ^ (ux * np.uint32(7) + uy), hb >> np.uint32(3), 53)
    tone = 0.95 + 0.09 * unit(h, 0)
    ex = np.minimum(fx - x0, x1 - fx)  # metres to the house's own walls
    ey = np.minimum(fy - y0, y1 - fy)
    merged = unit(h, 20) < 0.2  # two houses under one roof: no party wall
    party = band(np.minimum(ex, ey) * s, max(0.6, 0.2 * s)) * ~merged
    mx = 2.4 + 1.4 * unit(h, 4)
    my = 2.0 + 1.2 * unit(h, 8)
    court = np.clip(np.minimum(ex - mx, ey - my) * s + 0.5, 0, 1) * (unit(h, 16) < 0.7)
    mix(cv.col, roof[:, None, None] * tone, in_block * a)
    mix(cv.col, ink(rgb, 0.8), court * in_block * a)
    mix(cv.col, ink(rgb, 0.74), party * in_block * a)
    # Each roof's shadow falls on the courtyard and lane to its south-east.
    sh = np.clip(
        np.minimum(np.minimum(fx - 1.4, iw - fx + 1.4), np.minimum(fy - 1.4, ih - fy + 1.4)) * s
        + 0.5,
        0,
        1,
    )
    cv.lum *= 1 - 0.2 * sh * (1 - in_block) * a


def _cut(f: np.ndarray, length: float, h: np.ndarray, shift: int, cuts: int):
    """Cut [0, length] at `cuts` uneven places chosen by hash: the piece holding each f, as
    (start, end, index)."""
    w = [0.6 + 0.8 * unit(h, shift + 3 * k) for k in range(cuts + 1)]
    total = sum(w)
    start = np.zeros_like(f)
    end = np.full_like(f, length)
    idx = np.zeros(f.shape, np.uint32)
    acc = np.zeros_like(f)
    for k in range(cuts):
        acc = acc + w[k] / total * length
        past = f >= acc
        start = np.where(past, acc, start)
        idx += past.astype(np.uint32)
        end = np.where(~past & (end == length) & (f < acc), np.minimum(end, acc), end)
    return start, end, idx


def camp(cv: Canvas, F: TerrainFields) -> None:
    """The Persian camp: a ditch and bank round it, tents in rows, a few pavilions."""
    s = cv.s
    g = cv.g
    area = F.camp_area
    v = cv.smooth.value(area) + 0.04 * wobble(g.wx, g.wy, 120.0, 60)
    sd = cv.smooth.signed(area, v) * s  # px, > 0 inside
    a = np.clip(sd + 0.5, 0, 1)
    rgb = F.colours["camp"]
    mix(cv.col, rgb, a * 0.85)
    ditch_px = max(1.2, 1.5 * s)
    mix(cv.col, ink(rgb, 0.5), band(sd - ditch_px / 2, ditch_px / 2) * 0.85)
    inside = np.clip((v - 0.5) * 4, 0, 1) * a  # the closed area: tracks do not cut tents
    r_mean = 2.5
    if r_mean * s < 2.2:  # tents too small to draw: the map's tent sign, a small triangle
        on, ox, oy, _ = symbols(cv, F, F.masks["camp"], 11.0, 64, thin=0.85, jitter=0.0, level=0.6)
        side = (np.abs(ox) - (oy + 2.6) * 0.6) * F32(1 / np.sqrt(1.36))
        tri = np.clip(0.5 - np.maximum(oy - 2.4, side), 0, 1) * (oy > -3.2) * on
        mix(cv.col, ink(rgb, 0.52), tri * 0.9)
        return
    # Rows of round tents 11 m apart, a tent every 9 m along a row; each tent, its jitter
    # and its shadow stay inside its own cell, so nothing is cut at a cell's edge.
    cell_x, cell_y = 9.0, 11.0
    cy = np.floor(g.wy / cell_y)[:, None]
    xx = g.wx[None, :] + (cy % 2) * (cell_x / 2)
    cx = np.floor(xx / cell_x)
    h = lattice_hash(cx, cy, 61)
    r = 2.0 + 1.0 * unit(h, 0)
    # Tents stand in blocks (~72 x 66 m) between wide lanes; some blocks are horse lines and
    # open ground: a camp has a plan, not an even scatter.
    tx = (cx + 0.5) * cell_x - (cy % 2) * (cell_x / 2)  # each tent's cell centre: a tent is
    ty = (cy + 0.5) * cell_y  # in a block or not as a whole
    bx, by = np.floor(tx / 72.0), np.floor(ty / 66.0)
    fbx, fby = tx - bx * 72.0, ty - by * 66.0
    block = (unit(lattice_hash(bx, np.broadcast_to(by, bx.shape), 65)) < 0.62) & (fbx > 9)
    block &= (fbx < 63) & (fby > 7)
    block &= fby < 59
    on = (unit(h, 16) < 0.8) * (inside > 0.5) * block
    dx = xx - cx * cell_x - cell_x / 2 - (unit(h, 24) - 0.5)
    dy = (g.wy[:, None] - cy * cell_y) - cell_y / 2 - (unit(h, 8) - 0.5) * 2
    sdx, sdy = dx - 1.0, dy - 1.0
    sh = np.clip((r - np.sqrt(sdx * sdx + sdy * sdy)) * s + 0.5, 0, 1) * on
    cv.lum *= 1 - 0.28 * sh
    d = np.sqrt(dx * dx + dy * dy)
    body = np.clip((r - d) * s + 0.5, 0, 1) * on
    kind = (lattice_hash(h, h >> np.uint32(5), 62) % np.uint32(len(TENTS))).astype(np.int64)
    lx, ly = LIGHT[0], LIGHT[1]
    n = np.hypot(lx, ly)
    cone = 0.9 + 0.16 * np.clip(-(dx * lx + dy * ly) / (n * (d + 1e-3)), -1, 1)
    pole = np.clip((0.25 - d) * s + 0.5, 0, 1)
    tent = TENTS[kind].transpose(2, 0, 1) * (cone * (1 - 0.45 * pole))
    mix(cv.col, tent, body)
    mix(cv.col, ink(rgb, 0.55), band((r - d) * s, max(0.5, 0.08 * s)) * on * 0.6)
    cv.lum += (1 - cv.lum) * body
