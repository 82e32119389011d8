"""How often the window draws: as often as what a visitor sees moves a pixel, nothing when the
picture stands still.

`StillFrames` tells whether a frame must be drawn at all (a paused battle costs almost
nothing); `Pacing` chooses the loop's frame rate from the largest motion on screen: the
fastest man in view (his speed in px per wall second: m/s x playback speed x px/m) and the
story camera's ease (how far it moves the picture, `View.moved`). A frame is drawn on whole
pixels, so a motion of `STEP_PX` or less a frame steps the same at a lower rate as at 60 FPS (a
pixel every frame, or every other one): the rate is the lowest of `RATES` at which nothing
moves more than that a frame. The rates divide the display's 60 Hz, so every frame is held on
screen equally long (24 FPS on 60 Hz would show frames for 2 and 3 refreshes in turn: judder).
The visitor's own camera moves (pan, zoom, the unit panel's follow) and the first seconds after
any input keep the full rate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from game.timeline.playback import Playback
from game.timeline.programme import BATTLE, Programme
from game.view.camera import Camera, picture_moved

FPS = 60

RATES = (10, 12, 15, 20, 30, 60)
"""Frame rates the loop runs at, lowest first: the divisors of 60 Hz from 10 up."""

MIN_FPS = RATES[0]
"""The floor while nothing moves (a paused battle, men standing): the loop still looks at the
battle and the clock 10 times a second; input wakes it at once (`frameclock.FrameClock`)."""

STEP_PX = 1.0
"""The most anything on screen may move in one frame below the full rate, in px: a frame a
pixel of motion, as whole-pixel drawing shows it at 60 FPS too."""

CALM_FPS = 30
"""The prologue and epilogue: a map of hundreds of km, its routes growing over seconds and its
camera gliding over whole scenes, moves a fraction of a pixel a frame at 30 FPS too."""

STILL_SHIFT_PX = 0.25
"""A camera that moves the picture less than this since the last drawn frame shows the same
picture: a paused window is not drawn again for the last sub-pixel crawl of an ease."""

SETTLE_FRAMES = 120
"""Frames still drawn after the last change (2 s): the terrain paints a chunk a frame and the
panel's chart fills a second a frame after a move, and both must finish."""


def rate_for(px_per_s: float) -> int:
    """The lowest of `RATES` at which a motion of `px_per_s` moves at most `STEP_PX` a frame
    (the full rate when even 60 FPS steps more)."""
    for fps in RATES:
        if px_per_s <= STEP_PX * fps:
            return fps
    return FPS


def fastest_px_per_s(playback: Playback, camera: Camera) -> float:
    """How fast the fastest man in view crosses the screen, in px per wall second (0 when the
    battle does not move on by itself)."""
    if not playback.playing or playback.at_end:
        return 0.0
    s = playback.world.soldiers
    x0, y0, x1, y1 = camera.visible_world_rect()
    pos, vel = s.pos, s.vel
    if not vel.shape[1]:
        return 0.0
    speed2 = vel[0] * vel[0] + vel[1] * vel[1]
    i = int(speed2.argmax())
    if x0 <= pos[0, i] <= x1 and y0 <= pos[1, i] <= y1:  # the fastest of all is in view (most
        top2 = speed2[i]  # often: the camera frames the action), so no man in view is faster
    else:
        on = (pos[0] >= x0) & (pos[0] <= x1) & (pos[1] >= y0) & (pos[1] <= y1)
        if not on.any():
            return 0.0
        top2 = speed2[on].max()
    return float(np.sqrt(top2)) * playback.clock.speed * camera.scale


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
        before = (self.centre_x, self.centre_y, self.scale)
        after = (other.centre_x, other.centre_y, other.scale)
        return picture_moved(before, after, self.width, self.height)

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
        self._men: tuple[tuple, float] | None = None  # (what it was measured at, px/s)

    def target_fps(self, still: StillFrames, eased: Ease | None = None) -> int:
        """The lowest of `RATES` at which neither the fastest man in view nor the story camera
        moves more than `STEP_PX` a frame (`rate_for`); `CALM_FPS` in the prologue and
        epilogue. `eased`: the story camera's move this frame. Any other move of the camera
        (the visitor's pan or zoom, the unit panel's follow), however slow, and the first
        `SETTLE_FRAMES` after input keep the full rate."""
        if self.programme.part != BATTLE:
            return CALM_FPS
        view, last = View.of(self.camera), self._last_view
        self._last_view = view
        before, after, px_per_s = eased if eased is not None else (view, view, 0.0)
        moved_by_other = last is None or last.moved(before) > 0.0 or after.moved(view) > 0.0
        if moved_by_other or not still.quiet or rate_for(px_per_s) == FPS:
            return FPS  # (a fast ease needs every frame whatever the men do)
        return rate_for(max(px_per_s, self.men_px_per_s(view)))

    def men_px_per_s(self, view: View) -> float:
        """`fastest_px_per_s`, measured again only when the world has ticked, the speed or
        the picture changed, or the battle started or stopped moving (at 1x: 20 times a
        second, ~0.3 ms each for 40,000 men)."""
        pb = self.playback
        key = (
            id(pb.world),
            pb.world.tick,
            pb.playing,
            pb.clock.speed,
            view.centre_x,
            view.centre_y,
            view.scale,
            view.width,
            view.height,
        )
        if self._men is None or self._men[0] != key:
            self._men = (key, fastest_px_per_s(pb, self.camera))
        return self._men[1]
