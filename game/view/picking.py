"""Picking: a point on the screen -> the soldier drawn there -> his formation.

Works on the same interpolated positions the frame is drawn from (`Playback.positions()`), so
what the visitor touches is what they see, at any zoom and in the middle of a tick. One numpy
pass, no per-soldier loop: a square cull in world metres, then squared screen distances.

Rules, in order:
- only soldiers on the field (not dead, not fled) can be picked;
- a commander within the radius wins over his (or anyone's) troops: the generals are the
  figures visitors aim for, and they stand among hundreds of men;
- otherwise the nearest soldier within the radius.
"""

from __future__ import annotations

import numpy as np

from game.sim.world import on_field
from game.view.camera import Camera
from game.view.soldiers import SPRITE_MIN_SCALE

TAP_RADIUS_PX = 40
"""A fingertip covers ~10 mm; at 1080p on a 43-55" panel that is ~25-40 px, and G9 in the kiosk
notes asks for 40 px so a tap near a small block still finds it."""
HOVER_RADIUS_PX = 24
"""A mouse is precise: a smaller radius keeps the tooltip from naming a block the pointer is
merely near."""
BODY_LIFT_M = 0.9
"""Sprites stand on their position (feet); the body a finger aims at is ~0.9 m higher."""


def pick_soldier(
    camera: Camera,
    pos: np.ndarray,
    state: np.ndarray,
    commander: np.ndarray,
    sx: float,
    sy: float,
    radius_px: float = TAP_RADIUS_PX,
) -> int:
    """Row of the soldier under screen point (sx, sy), or -1 if none within `radius_px`.

    `pos` is (2, N) world metres as drawn; `commander` (N,) is >= 0 for commanders.
    """
    if pos.shape[1] == 0:
        return -1
    lift = BODY_LIFT_M if camera.scale >= SPRITE_MIN_SCALE else 0.0
    wx, wy = camera.screen_to_world(sx, sy)
    wy += lift
    r_m = radius_px / camera.scale
    x, y = pos[0], pos[1]
    near = (np.abs(x - wx) <= r_m) & (np.abs(y - wy) <= r_m)
    near &= on_field(state)
    idx = np.flatnonzero(near)
    if idx.size == 0:
        return -1
    d2 = ((x[idx] - wx) ** 2 + (y[idx] - wy) ** 2) * camera.scale**2
    inside = d2 <= radius_px * radius_px
    if not inside.any():
        return -1
    idx, d2 = idx[inside], d2[inside]
    chiefs = commander[idx] >= 0
    if chiefs.any():
        idx, d2 = idx[chiefs], d2[chiefs]
    return int(idx[np.argmin(d2)])


def pick_formation(
    camera: Camera,
    pos: np.ndarray,
    state: np.ndarray,
    commander: np.ndarray,
    formation: np.ndarray,
    sx: float,
    sy: float,
    radius_px: float = TAP_RADIUS_PX,
) -> int:
    """Formation row of the soldier under (sx, sy), or -1."""
    i = pick_soldier(camera, pos, state, commander, sx, sy, radius_px)
    return -1 if i < 0 else int(formation[i])


def formation_screen_box(
    camera: Camera, pos: np.ndarray, state: np.ndarray, rows: slice
) -> tuple[float, float, float, float] | None:
    """Screen bounding box (x0, y0, x1, y1) of one formation's men on the field, or None."""
    st = state[rows]
    on = on_field(st)
    if not on.any():
        return None
    x = pos[0, rows][on]
    y = pos[1, rows][on]
    x0, y0 = camera.point_to_screen(float(x.min()), float(y.min()))
    x1, y1 = camera.point_to_screen(float(x.max()), float(y.max()))
    return (x0, y0, x1, y1)
