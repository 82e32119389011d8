"""Relief: hillshade lit from the north-west, a faint height tint, and contour lines.

The battle turns on the 'rising ground' on the Roman right (Procopius, Wars I.18), about 22 m
over 2 km: far too gentle to see at true height. Three cues together make it read at a glance
without loud colour: shading of exaggerated slopes, ground a shade paler and warmer the higher
it stands, and thin brown contours every 5 m with a heavier index contour every 25 m.
"""

from __future__ import annotations

import math

import numpy as np

from game.view.terrain.fields import TerrainFields
from game.view.terrain.raster import F32, Canvas, band, mix

LIGHT = tuple(float(v) for v in np.array([-1.0, -1.0, 1.25]) / np.linalg.norm([-1, -1, 1.25]))
"""Sun from the north-west, azimuth 315 degrees: the cartographic convention, without which
rises look like hollows."""

RELIEF_EXAGGERATION = 22.0
"""Slopes are steepened 22 times for the shading only (the slope itself is ~1 in 90)."""

SHADE_STRENGTH = 1.25
"""How far lit and shaded faces move from flat ground's tone (multiplier of n.L - lz)."""

HEIGHT_TINT_PER_M = np.array([-0.5, -0.75, -1.05], F32)
"""RGB shift per metre above the plain: higher ground is a little darker and browner (a faint
hypsometric tint, ~-11/-16/-23 at the top of the slope: buff steppe turning tan), so the rise
reads even where its face is in full light."""

CONTOUR_INTERVAL_M = 5.0
INDEX_EVERY = 5  # every fifth contour (25 m) is an index contour
MAX_HALF_WIDTH_PX = 1.3  # an index contour's half width at close zoom (the widest line)
CONTOUR_INK = np.array([128, 92, 60], F32)
"""Contour brown, drawn at ~25 % (index ~45 %): read when looked for, quiet otherwise."""
CONTOUR_ALPHA = 0.34
INDEX_ALPHA = 0.6


def hillshade(cv: Canvas, F: TerrainFields) -> tuple[np.ndarray, np.ndarray]:
    """Multiply the land's brightness by the relief; returns the height and its slope (the
    contours use them too)."""
    E = cv.smooth.value(F.elevation)
    gx, gy = cv.smooth.gradient(F.elevation)
    ex = gx * RELIEF_EXAGGERATION
    ey = gy * RELIEF_EXAGGERATION
    lx, ly, lz = LIGHT
    lam = (lz - ex * lx - ey * ly) / np.sqrt(ex * ex + ey * ey + 1)
    shade = np.clip(1 + SHADE_STRENGTH * (lam - lz), 0.72, 1.06)
    above = np.maximum(E - F.plain_m, 0)
    cv.lum *= shade
    # Warm light, cool shade, but only a breath of it: the terrain stays low in chroma.
    cv.col += (shade - 1) * np.array([10.0, 4.0, -8.0], F32)[:, None, None]
    cv.col += above * HEIGHT_TINT_PER_M[:, None, None]
    return E, np.sqrt(gx * gx + gy * gy)


def contours(cv: Canvas, E: np.ndarray, grad: np.ndarray, dry: np.ndarray) -> None:
    """Thin contours every 5 m, an index contour every 25 m, over dry land (`dry` 0..1).

    The line is where the smoothed height crosses a multiple of the interval, at a pixel
    distance |E - level| / |grad E| * scale: one crisp stroke at every zoom.
    """
    s = cv.s
    lo, hi = float(E.min()), float(E.max())
    below = math.floor(lo / CONTOUR_INTERVAL_M)
    if below == math.floor(hi / CONTOUR_INTERVAL_M) and lo > 0:
        # No contour crosses this band of rows; none passes within a line's reach of it either
        # (else the line's edge on this side of the band's border would be cut off).
        gap = min(lo - below * CONTOUR_INTERVAL_M, (below + 1) * CONTOUR_INTERVAL_M - hi)
        if gap * s > (MAX_HALF_WIDTH_PX + 0.5) * float(grad.max()):
            return
    n = np.round(E / CONTOUR_INTERVAL_M)
    d_px = np.abs(E - n * CONTOUR_INTERVAL_M) / np.maximum(grad, F32(1e-5)) * s
    index = (n % INDEX_EVERY == 0) & (n > 0)
    width = np.where(
        index, max(0.75, min(MAX_HALF_WIDTH_PX, 0.35 * s)), max(0.45, min(0.8, 0.2 * s))
    )
    alpha = np.where(index, INDEX_ALPHA, CONTOUR_ALPHA)
    # Where the ground is nearly flat a contour would smear into a wide band: fade it out
    # below a grade of 1 in 1000 (the plain's micro-relief is not drawn).
    steep = np.clip((grad - 0.0006) / 0.0008, 0, 1)
    line = band(d_px, width)
    mix(cv.col, CONTOUR_INK, line * alpha * steep * dry * (n > 0))
