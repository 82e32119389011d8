"""How often the window draws: 60 FPS, 30 when calm, nothing when the picture stands still.

`StillFrames` tells whether a frame must be drawn at all (a paused battle costs almost
nothing); `Pacing` chooses the loop's frame rate (the calm rate halves the CPU of 60 where the
picture moves less than a pixel a frame anyway). Both judge the camera by how far it moves
the picture on screen (`View.moved`), not by whether its numbers changed: the story camera's
ease never quite ends, and its slow part looks the same at 30 FPS as at 60.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.timeline.playback import Playback
from game.timeline.programme import BATTLE, Programme
from game.view.camera import Camera

FPS = 60

CALM_FPS = 30
"""Frames a second when the picture moves less than a pixel a frame anyway: playing at 1x or
slower over the whole battle (men move ~2 px a second at 0.36 px/m), no input lately."""

CALM_SCALE = 1.0
"""px per metre under which 1x playback is calm (at 1 px/m a man at a charge moves <1 px a
frame at 30 FPS)."""

CALM_SHIFT_PX = 1.0
"""How far the story camera may move the picture in one calm frame: a frame is drawn on whole
pixels, so an ease of under a pixel per 1/30 s steps the same at 30 FPS as at 60 (a pixel
every frame, or every other one); faster, it would step visibly, and keeps the full rate."""

STILL_SHIFT_PX = 0.25
"""A camera that moves the picture less than this since the last drawn frame shows the same
picture: a paused window is not drawn again for the last sub-pixel crawl of an ease."""

SETTLE_FRAMES = 120
"""Frames still drawn after the last change (2 s): the terrain paints a chunk a frame and the
panel's chart fills a second a frame after a move, and both must finish."""


@dataclass(frozen=True, eq=False)
class View:
    """Where a camera looks (centre in m, scale in px/m, screen px). Two views are equal when
    they draw the same picture, within `STILL_SHIFT_PX` (so a frame key holding one compares a
    camera as a visitor would)."""

    centre_x: float
    centre_y: float
    scale: float
    width: int
    height: int

    @classmethod
    def of(cls, camera: Camera) -> View:
        return cls(camera.centre_x, camera.centre_y, camera.scale, camera.width, camera.height)

    def moved(self, other: View) -> float:
        """How far the picture moves on screen from this view to `other`, in px: the most any
        point of the screen moves (a pan moves them all alike, a zoom the corners most)."""
        if (self.width, self.height) != (other.width, other.height):
            return math.inf
        grow = abs(other.scale / self.scale - 1.0)
        dx = abs(self.centre_x - other.centre_x) * other.scale + grow * self.width / 2
        dy = abs(self.centre_y - other.centre_y) * other.scale + grow * self.height / 2
        return math.hypot(dx, dy)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, View) and self.moved(other) < STILL_SHIFT_PX

    __hash__ = None  # type: ignore[assignment]  (equality within a tolerance)


Ease = tuple[View, View, float]
"""A story camera's move in one frame: from, to, and how fast it moves the picture (px/s)."""


class StillFrames:
    """Tells whether a frame must be drawn: something changed, or changed lately."""

    def __init__(self, settle: int = SETTLE_FRAMES):
        self.settle = settle
        self._key: tuple | None = None
        self._quiet = 0
        self._since_input = 0  # frames since the last event

    @property
    def quiet(self) -> bool:
        """No input for `settle` frames."""
        return self._since_input > self.settle

    def changed(self, key: tuple, events: bool) -> bool:
        self._since_input = 0 if events else self._since_input + 1
        if events or key != self._key:
            self._key, self._quiet = key, 0
            return True
        self._quiet += 1
        return self._quiet <= self.settle


class Pacing:
    """The loop's frame rate, from what the last frame showed."""

    def __init__(self, programme: Programme, playback: Playback, camera: Camera):
        self.programme = programme
        self.playback = playback
        self.camera = camera
        self._last_view: View | None = None

    def target_fps(self, still: StillFrames, eased: Ease | None = None) -> int:
        """60 FPS, or `CALM_FPS` when nothing on screen would move a pixel between frames, and
        always in the prologue and epilogue (a map of hundreds of km, its routes growing over
        seconds and its camera gliding over whole scenes, moves a fraction of a pixel a frame
        at 30 FPS too; it saves half the CPU of 60). `eased`: the story camera's move this
        frame: a slow ease is calm; any other move of the camera (the visitor's pan or zoom,
        the unit panel's follow) is not, however slow."""
        if self.programme.part != BATTLE:
            return CALM_FPS
        pb, cam = self.playback, self.camera
        view, last = View.of(cam), self._last_view
        self._last_view = view
        before, after, px_per_s = eased if eased is not None else (view, view, 0.0)
        moved_by_other = last is None or last.moved(before) > 0.0 or after.moved(view) > 0.0
        slow_ease = px_per_s / CALM_FPS <= CALM_SHIFT_PX
        calm = pb.playing and pb.clock.speed <= 1.0 and cam.scale < CALM_SCALE
        return CALM_FPS if calm and slow_ease and not moved_by_other and still.quiet else FPS
