"""How often the window draws: 60 FPS, 30 when calm, nothing when the picture stands still.

`StillFrames` tells whether a frame must be drawn at all (a paused battle costs almost
nothing); `Pacing` chooses the loop's frame rate (the calm rate halves the CPU of 60 where the
picture moves less than a pixel a frame anyway).
"""

from __future__ import annotations

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

SETTLE_FRAMES = 120
"""Frames still drawn after the last change (2 s): the terrain paints a chunk a frame and the
panel's chart fills a second a frame after a move, and both must finish."""


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
        self._last_view: tuple = ()

    def target_fps(self, still: StillFrames) -> int:
        """60 FPS, or `CALM_FPS` when nothing on screen would move a pixel between frames, and
        always in the prologue and epilogue (a map of hundreds of km, its routes growing over
        seconds and its camera gliding over whole scenes, moves a fraction of a pixel a frame
        at 30 FPS too; it saves half the CPU of 60)."""
        if self.programme.part != BATTLE:
            return CALM_FPS
        pb, cam = self.playback, self.camera
        view = (cam.centre_x, cam.centre_y, cam.scale)
        still_camera, self._last_view = view == self._last_view, view  # (a tour pans smoothly)
        calm = pb.playing and pb.clock.speed <= 1.0 and cam.scale < CALM_SCALE
        return CALM_FPS if calm and still_camera and still.quiet else FPS
