"""The ground's covers, drawn as a printed map draws them: flat washes with crisp edges, and
small map symbols where a wash alone would not say what grows there.

Symbols (reed tufts, scrub rings, sand stipple) sit on a lattice measured in screen pixels at
the chunk's level, so at every zoom they are the same legible size, as on a map; what they
stand for keeps its outline in metres. Things with a real size (orchard trees, field strips)
are laid out in metres and melt into their wash when they would be under a couple of pixels.
"""

from __future__ import annotations

import numpy as np

from game.view.terrain.fields import TerrainFields
from game.view.terrain.noise import lattice_hash, unit
from game.view.terrain.raster import F32, Canvas, band, bspline_weights, mix, segment_distance

INK_HALF_PX = 0.55
"""Half the stroke of a map symbol: a 1.1 px line, crisp on any screen."""


def ink(rgb: np.ndarray, k: float) -> np.ndarray:
    """A darker tone of a wash, for its symbols and outlines (same hue, low chroma)."""
    return (np.asarray(rgb, F32) * k).astype(F32)


def symbols(
    cv: Canvas,
    F: TerrainFields,
    mask: np.ndarray,
    cell_px: float,
    seed: int,
    *,
    thin: float = 1.0,
    jitter: float = 0.5,
    level: float = 0.5,
):
    """One symbol per cell of a staggered lattice `cell_px` apart, where `mask` holds.

    Returns (on, ox, oy, h): per pixel, whether its cell has a symbol (decided at the symbol's
    centre, so symbols are whole, never clipped by the area's edge), the pixel's offset in px
    from that symbol's centre, and the cell's hash for variety.
    """
    g = cv.g
    s = g.scale
    px = (g.wx * F32(s)).astype(F32)  # world pixels: < 2^17 at 16 px/m, exact enough in f32
    py = (g.wy * F32(s)).astype(F32)
    cy = np.floor(py / cell_px)
    shift = (cy % 2) * 0.5 * cell_px
    gx = px[None, :] + shift[:, None]
    cx = np.floor(gx / cell_px)
    # The mask at each cell's centre: one small B-spline sample per row parity.
    c0, c1 = int(cx.min()), int(cx.max())
    r0, r1 = int(cy.min()), int(cy.max())
    rows_c = np.arange(r0, r1 + 1)
    cols_c = np.arange(c0, c1 + 1)
    (Wy, _), y0 = bspline_weights((rows_c + 0.5) * cell_px / s / F.tile - 0.5, F.rows)
    pres = np.empty((2, len(rows_c), len(cols_c)), F32)
    for parity in (0, 1):
        xw = ((cols_c + 0.5) * cell_px - 0.5 * cell_px * parity) / s
        (Wx, _), x0 = bspline_weights(xw / F.tile - 0.5, F.cols)
        pres[parity] = Wy @ mask[y0 : y0 + Wy.shape[1], x0 : x0 + Wx.shape[1]] @ Wx.T
    parity = (rows_c % 2).astype(np.int64)
    P = pres[parity[:, None], np.arange(len(rows_c))[:, None], np.arange(len(cols_c))[None, :]]
    iy = (cy - r0).astype(np.int64)[:, None]
    ix = (cx - c0).astype(np.int64)
    h = lattice_hash(cx, np.broadcast_to(cy[:, None], cx.shape), seed)
    on = (P[iy, ix] > level) & (unit(h, 8) < thin)
    ox = (gx - (cx + 0.5) * cell_px - (unit(h, 0) - 0.5) * jitter * cell_px).astype(F32)
    oy = (py - (cy + 0.5) * cell_px)[:, None] - (unit(h, 16) - 0.5) * jitter * cell_px
    return on, ox, oy.astype(F32), h


def sand(cv: Canvas, F: TerrainFields) -> None:
    """Sand banks: a pale wash and a sparse stipple, the map sign for sand."""
    a = cv.smooth.crisp(F.masks["sand"], cv.s, cv.M["sand"])
    rgb = F.colours["sand"]
    mix(cv.col, rgb, a)
    on, ox, oy, _ = symbols(cv, F, F.masks["sand"], 6.0, 101, thin=0.7, jitter=0.8)
    dot = np.clip(0.75 - np.sqrt(ox * ox + oy * oy), 0, 1) * on * a
    mix(cv.col, ink(rgb, 0.72), dot * 0.8)


FIELD_PARCEL_M = (140.0, 100.0)
"""Parcels of irrigated land, on the grid `tools/make_map.py` lays its fields out on."""


def fields(cv: Canvas, F: TerrainFields) -> None:
    """Irrigated parcels: a wash with straight sides and an outline, bunds between parcels,
    and, when there is room, the strips each parcel is ploughed in and their furrows."""
    s = cv.s
    m = F.masks["field"]
    v = cv.sharp.value(m)
    a = cv.sharp.crisp(m, s, v)
    rgb = F.colours["field"]
    g = cv.g
    pw, ph = FIELD_PARCEL_M
    px = np.floor(g.wx / pw)[None, :]
    py = np.floor(g.wy / ph)[:, None]
    hp = lattice_hash(px, py, 111)
    tone = 1 + 0.05 * (unit(hp, 0) - 0.5)
    mix(cv.col, rgb[:, None, None] * tone, a)
    d = cv.sharp.signed(m, v) * s  # px from the field's edge, > 0 inside
    mix(cv.col, ink(rgb, 0.78), band(d - 0.6, 0.55) * 0.6)
    ex = np.abs(((g.wx + pw / 2) % pw) - pw / 2)[None, :] * s
    ey = np.abs(((g.wy + ph / 2) % ph) - ph / 2)[:, None] * s
    bund = band(np.minimum(ex, ey), max(0.45, 0.5 * s))
    mix(cv.col, ink(rgb, 0.84), bund * a * 0.6)
    strip = 20.0
    if s * strip >= 12:  # strips 20 m wide, along x or y by parcel, once they are ~12 px
        along_x = (hp & np.uint32(1)).astype(bool)
        sx = np.abs(((g.wx + strip / 2) % strip) - strip / 2)[None, :]
        sy = np.abs(((g.wy + strip / 2) % strip) - strip / 2)[:, None]
        seam = np.where(along_x, sy, sx) * s
        fade = min(1.0, (s * strip - 12) / 10)
        mix(cv.col, ink(rgb, 0.88), band(seam, 0.45) * a * fade * (bund < 0.5))
        if s >= 3:  # furrows, 1.6 m apart, very light
            coord = np.where(along_x, g.wy[:, None] + 0 * g.wx, g.wx[None, :] + 0 * g.wy[:, None])
            f = np.abs(((coord + 0.8) % 1.6) - 0.8) * s
            cv.lum *= 1 - 0.045 * band(f, 0.6) * a * min(1.0, (s - 3) / 2)


def reeds(cv: Canvas, F: TerrainFields) -> None:
    """Reed beds: a green wash and the marsh sign, a tuft of three blades on a short line."""
    m = F.masks["reeds"]
    a = cv.smooth.crisp(m, cv.s, cv.M["reeds"])
    rgb = F.colours["reeds"]
    mix(cv.col, rgb, a * 0.75)
    u = float(np.clip(cv.s / 4, 1.0, 1.6))  # tufts grow a little close up
    on, ox, oy, _ = symbols(cv, F, m, 15.0 * u, 121, jitter=0.35)
    ox, oy = ox / u, oy / u
    d = (
        np.minimum(
            np.minimum(
                segment_distance(ox, oy, -4.5, 2.0, 4.5, 2.0),
                segment_distance(ox, oy, 0.0, 2.0, 0.0, -3.5),
            ),
            np.minimum(
                segment_distance(ox, oy, -1.6, 2.0, -3.4, -2.2),
                segment_distance(ox, oy, 1.6, 2.0, 3.4, -2.2),
            ),
        )
        * u
    )
    mix(cv.col, ink(rgb, 0.5), band(d, INK_HALF_PX) * on)


def scrub(cv: Canvas, F: TerrainFields) -> None:
    """Tamarisk and thorn: scattered small rings, the map sign for scrub."""
    m = F.masks["scrub"]
    on, ox, oy, h = symbols(cv, F, m, 17.0, 131, thin=0.32, jitter=0.7)
    r = 1.5 + 0.7 * unit(h, 24)
    d = np.abs(np.sqrt(ox * ox + oy * oy) - r)
    rgb = F.colours.get("scrub", F.colours["grass"])
    mix(cv.col, ink(rgb, 0.66), band(d, INK_HALF_PX) * on * 0.85)


def orchards(cv: Canvas, F: TerrainFields) -> None:
    """Gardens and orchards: a green wash and trees in rows, planted in metres."""
    s = cv.s
    m = F.masks["orchard"]
    a = cv.smooth.crisp(m, s, cv.M["orchard"])
    rgb = F.colours["orchard"]
    mix(cv.col, rgb, a * 0.8)
    spacing = max(8.0, 9.0 / s)  # trees every 8 m, or every 9 px when that is closer
    g = cv.g
    fx = np.abs(((g.wx + spacing / 2) % spacing) - spacing / 2)[None, :]
    fy = np.abs(((g.wy + spacing / 2) % spacing) - spacing / 2)[:, None]
    r_px = max(1.3, 2.6 * s)
    d = np.sqrt(fx * fx + fy * fy) * s
    tree = np.clip(r_px + 0.5 - d, 0, 1) * np.clip((cv.M["orchard"] - 0.5) * 6, 0, 1)
    if s >= 1.5:  # a shadow to the south-east, once a crown is a few pixels
        sx = np.abs((((g.wx - 1.2) + spacing / 2) % spacing) - spacing / 2)[None, :]
        sy = np.abs((((g.wy - 1.2) + spacing / 2) % spacing) - spacing / 2)[:, None]
        sh = np.clip(r_px + 0.5 - np.sqrt(sx * sx + sy * sy) * s, 0, 1) * (tree < 1)
        cv.lum *= 1 - 0.12 * sh * a
    mix(cv.col, ink(rgb, 0.78), tree)
