"""The Euphrates: flat water, darker where the channel runs deep, with a dark bank line and
engraved water lines along its banks, so the river, its channels and its islands read as
water at a glance and at any zoom.
"""

from __future__ import annotations

import numpy as np

from game.view.terrain.fields import TerrainFields
from game.view.terrain.noise import wobble
from game.view.terrain.raster import F32, Canvas, band, mix

BANK_INK = np.array([62, 84, 98], F32)
"""The bank line: a dark slate blue, darker than any water or land tone."""

WATER_LINE_ALPHAS = (0.42, 0.28, 0.16)
"""Each water line fainter than the one nearer the bank, as an engraver fades them."""

WATER_LINE_LEVEL = 0.8


def water(cv: Canvas, F: TerrainFields) -> None:
    s = cv.s
    g = cv.g
    wet = F.masks["wet"]
    # A slow waver of the bank (wavelengths of 150 and 45 m) hides the 20 m tiles; it shapes
    # the outline only, the water itself is flat.
    v = cv.M["wet"] + 0.05 * wobble(g.wx, g.wy, 150.0, 91) + 0.03 * wobble(g.wx, g.wy, 45.0, 92)
    sd = np.clip(cv.smooth.signed(wet, v), -400, 400)  # metres, > 0 in the water
    if (sd * s).max() < -8:
        return
    wa = np.clip(sd * s + 0.5, 0, 1)
    depth = np.clip((cv.smooth.value(F.depth)[0] - 0.15) / 0.6, 0, 1)
    depth = depth * depth * (3 - 2 * depth)
    shallow, deep = F.colours["shallows"], F.colours["deep_water"]
    body = shallow[:, None, None] + (deep - shallow)[:, None, None] * depth
    mix(cv.col, body, wa)
    cv.lum += (1 - cv.lum) * wa  # water is level: no hillshade on it
    # Water lines parallel to the banks, fading out as the close-up shows the water itself.
    fade = float(np.clip((3.0 - s) / 1.5, 0, 1))
    if fade > 0:
        for n, alpha in enumerate(WATER_LINE_ALPHAS):
            blur = F.water_lines[n]
            d = cv.smooth.signed(blur, level=WATER_LINE_LEVEL) * s
            mix(cv.col, deep * 0.86, band(d, 0.45) * (alpha * fade) * wa)
    # The bank: a dark line on the land side of the water's edge, ~1.3 px at the overview,
    # 0.45 m close up.
    half = max(0.65, 0.22 * s)
    mix(cv.col, BANK_INK, band(sd * s + half, half) * 0.9)
