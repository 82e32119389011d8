"""Arrows in flight, drawn as short streaks along their path.

The simulation keeps every drawn arrow (start, end, launch and impact tick); the view places
each between the two by the display time, so volleys fly smoothly at any playback speed.
Persian arrows are many and pale, Roman arrows fewer and dark, as Procopius has it.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.scenario.codes import Side
from game.view.camera import Camera

STREAK_METRES = 4.0  # drawn length of an arrow, for visibility (a real one is ~0.8 m)
MIN_STREAK_PX = 7
ARROW_COLOURS = {Side.PERSIAN: (236, 232, 214), Side.ROMAN: (40, 28, 24)}


def arrows_in_flight(missiles, display_tick: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows in the air at `display_tick`, their positions (2, k) and unit directions (2, k)."""
    span = np.maximum(missiles.impact - missiles.launch, 1).astype(np.float32)
    frac = (np.float32(display_tick) - missiles.launch) / span
    rows = np.flatnonzero((missiles.launch >= 0) & (frac >= 0) & (frac <= 1))
    start = missiles.start[:, rows]
    path = missiles.end[:, rows] - start
    pos = start + path * frac[rows]
    length = np.maximum(np.sqrt((path * path).sum(axis=0)), np.float32(1e-3))
    return rows, pos, path / length


def draw_arrows(target: pygame.Surface, camera: Camera, missiles, display_tick: float) -> int:
    """Draw the arrows in flight; returns how many were drawn (a few hundred at most)."""
    rows, pos, direction = arrows_in_flight(missiles, display_tick)
    if rows.size == 0:
        return 0
    head = camera.world_to_screen(pos)
    half = max(MIN_STREAK_PX, STREAK_METRES * camera.scale) / 2
    tail = head - direction * half * 2
    w, h = target.get_size()
    on = (head[0] > -20) & (head[1] > -20) & (head[0] < w + 20) & (head[1] < h + 20)
    sides = missiles.side[rows][on]
    for side in (Side.ROMAN, Side.PERSIAN):
        pick = sides == side
        colour = ARROW_COLOURS[side]
        # one line per arrow in the air: hundreds, not soldiers; pygame draws each in C
        for (x0, y0), (x1, y1) in zip(
            tail[:, on][:, pick].T.tolist(), head[:, on][:, pick].T.tolist(), strict=True
        ):
            pygame.draw.line(target, colour, (x0, y0), (x1, y1), 2)
    return int(on.sum())
