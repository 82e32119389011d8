"""The story camera's ease, held steady between deliberate moves.

Why: the shot's rectangle follows the men, so it changes a little every battle tick, and an
ease that chases it moved the zoom and the centre a hair every frame, for ever. A visitor two
metres away sees nothing of a 0.01 % zoom, but every cache of the picture does: the map under
the men, the place names, the blocks' sprites were all made again each frame (issue #15:
playing at 1x cost half a core), and the loop ran at 60 FPS for a picture that stood still.

So the zoom holds still until the shot's scale departs from it by more than `ZOOM_HOLD` (the
framing's margins hold the action meanwhile); then it follows the shot exactly as the ease
always did (a shot that keeps drifting is followed smoothly, never in surges) until the rest
of the way would move no point of the screen by more than `LAND_PX`, lands on the shot's scale
at once instead of crawling on for seconds, and holds again. While it holds, the centre is
written on whole pixels of the scale (the ease goes on unrounded underneath), so a slow pan
steps the whole picture a pixel at a time, as the map under it always stepped, and a frame
whose pixel has not changed is exactly the frame before.

Pure arithmetic over the camera: nothing is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from game.view.camera import Camera, picture_moved

ZOOM_HOLD = 0.02
"""How far (in log scale, ~2 %) the shot's scale may drift from a held zoom before the camera
follows it: the 8 % margins round a shot hold the drift, and a follow that starts 2 % away
moves the screen's corners ~16 px a second at its start, a calm glide."""

LAND_PX = 1.0
"""The zoom lands on its goal once the rest of the way would move the screen's corners by this
little (a pixel: as a frame steps at the calm rates, `pacing.STEP_PX`); an exponential ease
would otherwise crawl on for seconds, every frame a new zoom."""

At = tuple[float, float, float]  # centre x, centre y (metres), scale (px per metre)


def whole_pixels(camera: Camera) -> None:
    """Move `camera`'s centre by less than half a pixel so that its view's top-left corner
    lies on a whole pixel of its scale (a pan then shifts the picture by whole pixels)."""
    s = camera.scale
    for axis, size in (("centre_x", camera.width), ("centre_y", camera.height)):
        edge = getattr(camera, axis) * s - size / 2
        setattr(camera, axis, (round(edge) + size / 2) / s)


class SteadyEase:
    """Eases a camera towards a target centre and scale, the scale held between moves."""

    def __init__(self) -> None:
        self._at: At | None = None  # where the ease is, unrounded
        self._put: tuple | None = None  # what it last wrote to the camera
        self._goal: float | None = None  # the scale the zoom heads for, or holds
        self._following = True  # the zoom follows the shot's scale (else it holds `_goal`)

    def forget(self) -> None:
        """A jump (a restart, a new shot put at once): the next step starts from the camera."""
        self._at = self._put = self._goal = None
        self._following = True

    @property
    def holding(self) -> bool:
        """Whether the zoom stands still (the picture changes by whole-pixel pans only)."""
        return self._at is not None and not self._following and self._goal == self._at[2]

    def step(self, camera: Camera, target: At, k: float, clamp: Callable[[Camera], None]) -> float:
        """Ease `camera` by the fraction `k` of the way to `target`, `clamp` keeping it on the
        map; returns how far the eased picture moved, in screen px (what a visitor's eye
        follows, before the rounding to whole pixels)."""
        cx, cy, scale = target
        put = (camera.centre_x, camera.centre_y, camera.scale, camera.width, camera.height)
        if self._at is None or put != self._put:  # moved by someone else: start from there
            self._at, self._following = (camera.centre_x, camera.centre_y, camera.scale), True
        if self._goal is None or abs(math.log(scale / self._goal)) > ZOOM_HOLD:
            self._following = True  # the shot has moved on: zoom after it
        if self._following:
            self._goal = scale
        x, y, s = self._at
        ls = math.log(s) + (math.log(self._goal) - math.log(s)) * k
        corner = math.hypot(camera.width, camera.height) / 2
        if abs(ls - math.log(self._goal)) * corner < LAND_PX:
            s, self._following = self._goal, False  # landed: hold
        else:
            s = math.exp(ls)
        eased = Camera(x + (cx - x) * k, y + (cy - y) * k, s, camera.width, camera.height)
        clamp(eased)
        if eased.scale != s:  # the map's edge decides the scale: it stands there
            self._goal, self._following = eased.scale, False
        after = (eased.centre_x, eased.centre_y, eased.scale)
        moved = picture_moved(self._at, after, camera.width, camera.height)
        self._at = (eased.centre_x, eased.centre_y, eased.scale)
        camera.centre_x, camera.centre_y, camera.scale = self._at
        if self.holding:
            whole_pixels(camera)
            clamp(camera)  # (a view pinned to the map's edge stays there)
        self._put = (camera.centre_x, camera.centre_y, camera.scale, camera.width, camera.height)
        return moved
