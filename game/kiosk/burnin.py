"""Burn-in drift: the fixed parts of the interface wander a few pixels over minutes.

LCD panels keep a ghost of static, high-contrast shapes (bars, buttons, clocks) shown for days.
SDL disables the screensaver, so the app must move them itself: along a slow Lissajous path,
a whole pixel at a time, too slowly to notice, but through the full amplitude in every period.
"""

from __future__ import annotations

import math


def drift(now: float, amplitude_px: int, period_s: float) -> tuple[int, int]:
    """The offset at time `now`: within +-`amplitude_px` on each axis, one loop per period."""
    if amplitude_px <= 0 or period_s <= 0:
        return (0, 0)
    phase = 2 * math.pi * (now % period_s) / period_s
    return (
        round(amplitude_px * math.sin(phase)),
        round(amplitude_px * math.sin(2 * phase + math.pi / 3)),
    )
