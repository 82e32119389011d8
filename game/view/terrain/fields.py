"""Per-tile fields the painter samples, prepared once from a `BattleMap`.

Everything here is derived from the map's two grids and its legend, and can be thrown away:
class masks, the ground's tone (blurred, so meadow and steppe meet over a hundred metres and
never as blotches), smoothed elevation, the river's depth and water lines, and the line
features (roads, walls, the river's centre line) as polylines and distance fields.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.scenario.battlemap import BattleMap
from game.view.curves import simplify
from game.view.terrain.lines import LineField, chaikin, trace
from game.view.terrain.raster import dilate, gaussian_blur

F32 = np.float32

MASKS = {
    "wet": ("deep_water", "shallows"),
    "deep": ("deep_water",),
    "reeds": ("reeds",),
    "sand": ("sand",),
    "field": ("field",),
    "orchard": ("orchard",),
    "scrub": ("scrub",),
    "town": ("town",),
    "camp": ("camp",),
    "dust": ("dust",),
}
"""Mask name -> the legend looks it covers."""

GROUND_LOOKS = ("grass", "dust", "scrub")
"""Looks whose legend colour is the ground's own tone; every other look is drawn over it."""

GROUND_BLUR_TILES = 4.0
"""The ground's tone is blurred over ~80 m: meadow shades into steppe the way a wash of
colour does on a printed map, with no camouflage patches."""

ELEVATION_BLUR_TILES = 4.0
"""The elevation file is in whole metres; on a 1 in 90 slope that is a step every 4-5 tiles,
and on the plain a metre's rounding is a bump. A Gaussian of 80 m removes the terraces and
bumps the steps would shade and contour, and keeps the slope, its spurs and the town's tell."""

WATER_LINE_BLURS = (0.7, 1.4, 2.6)
"""Blurs (tiles) of the wet mask whose 0.8 contours are the water lines drawn parallel to
the banks (about 12, 25 and 45 m out): the engraver's way to say 'water'."""

ROAD_SIMPLIFY_TILES = 0.7
"""A traced road keeps only points more than 0.7 tile off its course, then is rounded by
Chaikin passes: a gentle curve, not the staircase of its tiles."""
ROAD_SMOOTHING = 3


@dataclass(frozen=True, eq=False)
class TerrainFields:
    tile: float
    rows: int
    cols: int
    width_m: float
    height_m: float
    masks: dict[str, np.ndarray]  # name -> (rows, cols) f32 0/1
    present: dict[str, bool]
    colours: dict[str, np.ndarray]  # look -> mean legend RGB (f32)
    ground: np.ndarray  # (3, rows, cols) f32 the ground's tone, blurred
    elevation: np.ndarray  # (rows, cols) f32 metres, smoothed
    plain_m: float  # median height of dry land
    depth: np.ndarray  # (1, rows, cols) f32 0 at the shallows .. 1 mid-channel
    water_lines: np.ndarray  # (n, rows, cols) blurred wet masks
    camp_area: np.ndarray  # (rows, cols) the camp with its tracks filled in
    roads: LineField
    walls: LineField
    road_lines: tuple[np.ndarray, ...]  # (n, 2) metres each
    wall_lines: tuple[np.ndarray, ...]
    river_line: np.ndarray  # (n, 2) metres, west to east, mid-river

    @classmethod
    def from_map(cls, bm: BattleMap) -> TerrainFields:
        ter = bm.terrain
        looks = np.array([t.look for t in bm.types])
        colours = np.array([t.colour for t in bm.types], F32)
        masks = {name: np.isin(looks[ter], group).astype(F32) for name, group in MASKS.items()}
        # The ground under everything drawn over it: grow the ground looks' colours into the
        # water, the town and the sand, then blur, so no other class tints the ground.
        ground = _ground_tone(colours[ter], np.isin(looks[ter], GROUND_LOOKS))
        masks["field"] = _tidy(masks["field"] > 0).astype(F32)
        camp_area = _closed(masks["camp"] > 0)
        # Inside the walls the streets are the town's lanes, not open ground.
        masks["town"] = _closed(masks["town"] > 0)
        elev = gaussian_blur(bm.elevation.astype(F32), ELEVATION_BLUR_TILES)
        land_e = bm.elevation[masks["wet"] == 0]
        wet = masks["wet"]
        tile = float(bm.tile_size)
        road_lines = _chains(bm, ("road",), ROAD_SMOOTHING, ROAD_SIMPLIFY_TILES * tile)
        wall_lines = _chains(bm, ("wall",), 0, 0.0)
        return cls(
            tile=tile,
            rows=bm.rows,
            cols=bm.cols,
            width_m=bm.width_m,
            height_m=bm.height_m,
            masks=masks,
            present={k: bool(v.any()) for k, v in masks.items()},
            colours={lk: colours[looks == lk].mean(0).astype(F32) for lk in set(looks.tolist())},
            ground=np.ascontiguousarray(ground, F32),
            elevation=elev,
            plain_m=float(np.median(land_e)) if land_e.size else 0.0,
            depth=gaussian_blur(masks["deep"], 3.0)[None],
            water_lines=np.stack([gaussian_blur(wet, b) for b in WATER_LINE_BLURS]),
            camp_area=camp_area,
            roads=LineField(road_lines, res=2.0),
            walls=LineField(wall_lines, res=1.0),
            road_lines=tuple(road_lines),
            wall_lines=tuple(wall_lines),
            river_line=_river_line(wet, tile),
        )


def _erode(mask: np.ndarray) -> np.ndarray:
    return ~dilate(~mask)


def _closed(mask: np.ndarray) -> np.ndarray:
    """The mask with one-tile gaps closed (a track across a camp, a street through a town)."""
    return (_erode(dilate(mask)) | mask).astype(F32)


def _tidy(mask: np.ndarray) -> np.ndarray:
    """Close one-tile gaps, then drop pieces under three tiles across (a 3 x 3 closing, then
    opening): the parcels' outlines are drawn, and a map draws fields, not tile fragments."""
    closed = _erode(dilate(mask))
    return dilate(_erode(closed))


def _ground_tone(rgb: np.ndarray, known: np.ndarray) -> np.ndarray:
    """The ground's tone everywhere: the ground looks' colours blurred over `GROUND_BLUR_TILES`
    and carried across the tiles drawn over them (water, town, fields) by normalised
    convolution; where no ground lies within reach (mid-river), a wider blur fills in."""
    w = known.astype(F32)
    near = gaussian_blur(w, GROUND_BLUR_TILES)
    far = gaussian_blur(w, 4 * GROUND_BLUR_TILES)
    out = np.empty((3, *known.shape), F32)
    for c in range(3):
        v = rgb[..., c] * w
        a = gaussian_blur(v, GROUND_BLUR_TILES) / np.maximum(near, F32(1e-6))
        b = gaussian_blur(v, 4 * GROUND_BLUR_TILES) / np.maximum(far, F32(1e-6))
        k = np.clip(near / 0.05, 0, 1)  # the near blur wherever it has ground enough to go on
        out[c] = a * k + b * (1 - k)
    return out


def _chains(
    bm: BattleMap, looks: tuple[str, ...], smooth: int, tolerance: float
) -> list[np.ndarray]:
    """Polylines (metres) through the one-tile-wide lines of tiles with these looks."""
    codes = [t.code for t in bm.types if t.look in looks]
    out = []
    for ch in trace(np.isin(bm.terrain, codes)):
        pts = (np.array(ch, float)[:, ::-1] + 0.5) * bm.tile_size  # (x, y) metres
        out.append(chaikin(simplify(pts, tolerance) if tolerance else pts, smooth))
    return out


def _river_line(wet: np.ndarray, tile: float) -> np.ndarray:
    """The river's centre line, west to east: mid-way between its banks in each column.

    Names are set along it, so it is smoothed over ~1 km: lettering follows the river's curve,
    not every bend of a bank.
    """
    cols = np.nonzero(wet.any(0))[0]
    if len(cols) < 2:
        return np.zeros((0, 2))
    rows = np.arange(wet.shape[0])[:, None]
    w = wet[:, cols] > 0
    top = np.where(w, rows, wet.shape[0]).min(0)
    bottom = np.where(w, rows, -1).max(0)
    mid = (top + bottom + 1) / 2 * tile
    k = np.exp(-0.5 * (np.arange(-40, 41) / 16.0) ** 2)
    padded = np.pad(mid, 40, mode="edge")
    smooth = np.convolve(padded, k / k.sum(), mode="same")[40:-40]
    x = (cols + 0.5) * tile
    step = max(1, len(cols) // 40)
    pts = np.stack([x, smooth], 1)[::step]
    return np.vstack([pts, np.stack([x[-1:], smooth[-1:]], 1)])
