"""Sizes on this screen: design pixels (the 1920x1080 layout in `theme`) scaled to the window,
with text and touch targets kept at their physical minimum.

The interface is drawn at `scale` = the window's size over 1920x1080 (the smaller ratio), so it
looks the same in a 1280x720 window as in a 4K one. But a small window on a dense screen would
shrink text below what an eye can read: every text is at least 16 minutes of arc of capital
height at the viewing distance (ANSI/HFES 100-2007's minimum), and every button at least
9 mm (about Android's 48 dp), using the display's reported density where it has one and 96 dpi
where it does not. Pure arithmetic: tests pass the density of the screen they stand for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

REFERENCE = (1920, 1080)
"""The design size: every size in `theme` and in the view modules is in its pixels."""
MIN_CAP_ARCMIN = 16.0
CAP_PER_PX = 0.73
"""Capital height of the bundled DejaVu faces per pixel of font size (H is 73 px at size 100)."""
DESK_M = 0.6
"""Viewing distance of a window, and of a visitor at arm's length from a touch screen."""
ASSUMED_PX_PER_MM = 96 / 25.4
"""A display that does not say is taken for 96 dpi (the CSS reference pixel)."""
TOUCH_TARGET_MM = 9.0


def min_cap_mm(distance_m: float, arcmin: float = MIN_CAP_ARCMIN) -> float:
    """Smallest capital height readable at `distance_m`."""
    return distance_m * 1000.0 * math.tan(math.radians(arcmin / 60.0))


def cap_arcmin(size_px: float, px_per_mm: float, distance_m: float) -> float:
    """Capital height of text of `size_px`, in minutes of arc at `distance_m`."""
    cap_mm = size_px * CAP_PER_PX / px_per_mm
    return math.degrees(math.atan(cap_mm / (distance_m * 1000.0))) * 60.0


@dataclass(frozen=True)
class Units:
    scale: float  # screen px per design px
    px_per_mm: float = ASSUMED_PX_PER_MM
    distance_m: float = DESK_M
    text_scale: float = 1.0  # LARGE_TEXT when a visitor asks for large text

    @property
    def min_text_px(self) -> int:
        return math.ceil(min_cap_mm(self.distance_m) / CAP_PER_PX * self.px_per_mm)

    @property
    def min_target_px(self) -> int:
        return math.ceil(TOUCH_TARGET_MM * self.px_per_mm)

    def px(self, design: float) -> int:
        """A length: scaled, at least one pixel."""
        return max(1, round(design * self.scale))

    def text(self, design_size: float) -> int:
        """A font size: scaled, never under the physical minimum (then larger by
        `text_scale` for a visitor who asked for large text)."""
        return round(max(design_size * self.scale, self.min_text_px) * self.text_scale)

    def target(self, design: float) -> int:
        """A button's side: scaled, never under the physical minimum for a fingertip."""
        return max(round(design * self.scale), self.min_target_px)


LARGE_TEXT = 1.4
"""The large-text toggle: every text 1.4 times its size (issue #17)."""

UNSCALED = Units(1.0)
"""Design pixels as they are (1920x1080, 96 dpi assumed): tests and tools that pass no units."""


def units_for(
    size: tuple[int, int],
    px_per_mm: float | None = None,
    distance_m: float = DESK_M,
    text_scale: float = 1.0,
) -> Units:
    """Units for a window of `size` px on a screen of `px_per_mm` (None: not reported)."""
    scale = min(size[0] / REFERENCE[0], size[1] / REFERENCE[1])
    return Units(scale, px_per_mm or ASSUMED_PX_PER_MM, distance_m, text_scale)
