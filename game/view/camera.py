"""The camera: which part of the battlefield is on screen, and at what scale.

Pure arithmetic, no pygame, so it is trivially testable. World coordinates are metres (x east,
y south); screen coordinates are logical pixels of the 1920x1080 canvas.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

MIN_SCALE = 0.08  # px per metre: the whole 8 km map fits a small window
MAX_SCALE = 16.0  # px per metre: a horseman is ~40 px long; closer shows nothing new


@dataclass
class Camera:
    centre_x: float  # metres
    centre_y: float
    scale: float  # screen pixels per metre
    width: int  # viewport in logical pixels
    height: int

    # -- transforms -----------------------------------------------------------------------------
    @property
    def origin(self) -> tuple[float, float]:
        """World point at the top-left pixel of the viewport."""
        return (
            self.centre_x - self.width / (2 * self.scale),
            self.centre_y - self.height / (2 * self.scale),
        )

    def world_to_screen(self, xy: np.ndarray) -> np.ndarray:
        """(2, N) world metres -> (2, N) screen px: x in row 0, y in row 1, as in the tables."""
        ox, oy = self.origin
        out = np.empty(xy.shape, dtype=np.float32)
        out[0] = (xy[0] - ox) * self.scale
        out[1] = (xy[1] - oy) * self.scale
        return out

    def point_to_screen(self, x: float, y: float) -> tuple[float, float]:
        ox, oy = self.origin
        return ((x - ox) * self.scale, (y - oy) * self.scale)

    def screen_to_world(self, sx: float, sy: float) -> tuple[float, float]:
        ox, oy = self.origin
        return (ox + sx / self.scale, oy + sy / self.scale)

    def visible_world_rect(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the world seen by the viewport."""
        ox, oy = self.origin
        return (ox, oy, ox + self.width / self.scale, oy + self.height / self.scale)

    def fill_scale(self, width_m: float, height_m: float) -> float:
        """The least scale at which a map of this size covers the whole viewport."""
        return max(self.width / max(width_m, 1.0), self.height / max(height_m, 1.0))

    # -- moves ----------------------------------------------------------------------------------
    def resize(self, width: int, height: int) -> None:
        self.width = max(1, int(width))
        self.height = max(1, int(height))

    def pan_pixels(self, dx: float, dy: float) -> None:
        """Move the view by a screen-pixel drag (content follows the finger)."""
        self.centre_x -= dx / self.scale
        self.centre_y -= dy / self.scale

    def zoom_about(self, sx: float, sy: float, factor: float) -> None:
        """Zoom by `factor`, keeping the world point under screen (sx, sy) fixed."""
        wx, wy = self.screen_to_world(sx, sy)
        self.scale = float(np.clip(self.scale * factor, MIN_SCALE, MAX_SCALE))
        nx, ny = self.screen_to_world(sx, sy)
        self.centre_x += wx - nx
        self.centre_y += wy - ny

    def fit(self, x0: float, y0: float, x1: float, y1: float, margin: float = 0.08) -> None:
        """Show the world rectangle whole, with a margin, centred."""
        w = max(x1 - x0, 1.0) * (1 + 2 * margin)
        h = max(y1 - y0, 1.0) * (1 + 2 * margin)
        self.scale = float(np.clip(min(self.width / w, self.height / h), MIN_SCALE, MAX_SCALE))
        self.centre_x = (x0 + x1) / 2
        self.centre_y = (y0 + y1) / 2

    def clamp_to(self, width_m: float, height_m: float) -> None:
        """Keep the view on the map and the map filling the view, whatever the screen's
        aspect: never zoomed out so far that the ground runs out and dark bars show beside it.
        The battlefield can never be lost off screen."""
        self.scale = min(max(self.scale, self.fill_scale(width_m, height_m)), MAX_SCALE)
        self.centre_x = _clamp_axis(self.centre_x, self.width / (2 * self.scale), width_m)
        self.centre_y = _clamp_axis(self.centre_y, self.height / (2 * self.scale), height_m)


def picture_moved(
    before: tuple[float, float, float], after: tuple[float, float, float], width: int, height: int
) -> float:
    """How far the picture moves on a `width` x `height` screen from the view `before` to
    `after` (centre x, centre y in m, scale in px/m), in px: the most any point of the screen
    moves (a pan moves them all alike, a zoom the corners most)."""
    (x0, y0, s0), (x1, y1, s1) = before, after
    grow = abs(s1 / s0 - 1.0)
    dx = abs(x0 - x1) * s1 + grow * width / 2
    dy = abs(y0 - y1) * s1 + grow * height / 2
    return math.hypot(dx, dy)


def _clamp_axis(centre: float, half_view: float, extent: float) -> float:
    if 2 * half_view >= extent:
        return extent / 2
    return float(np.clip(centre, half_view, extent - half_view))
