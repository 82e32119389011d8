"""The story camera in the window: framed clear of the bar, eased each frame of the battle,
restarted on its first shot whenever the battle is entered from the campaign."""

from __future__ import annotations

import math
from collections.abc import Callable

from game.app.pacing import Ease, View
from game.timeline.playback import Playback
from game.timeline.programme import BATTLE, Programme
from game.view.camera import Camera
from game.view.story_camera import MAX_STEP_S, StoryCamera
from game.view.units import Units


class WindowStory:
    """Drives a `StoryCamera` over the window's camera; it never touches the battle."""

    def __init__(
        self,
        story: StoryCamera,
        programme: Programme,
        playback: Playback,
        camera: Camera,
        clock: Callable[[], float],
    ):
        self.story = story
        self.programme = programme
        self.playback = playback
        self.camera = camera
        self.clock = clock
        self.eased: Ease | None = None
        """This frame's ease (`pacing.Ease`); None when the story camera did not ease."""
        self._when: float | None = None

    def frame(self, bar_height: int, units: Units) -> None:
        """The story camera frames its shots clear of this screen's bar and HUD."""
        self.story.bottom_reserved = bar_height
        self.story.units = units

    def restart(self) -> None:
        """Straight to the phase's first shot (a fresh window, the battle entered)."""
        pb = self.playback
        self.story.restart(self.camera, pb.world, pb.positions(), self.clock())
        self.eased, self._when = None, None  # a jump: not an ease

    def update(self) -> None:
        """Ease towards the current shot, in the battle only (the campaign moves itself)."""
        if not (self.story.active and self.programme.part == BATTLE):
            self.eased, self._when = None, None
            return
        pb = self.playback
        before, now = View.of(self.camera), self.clock()
        held = not pb.playing or pb.at_end  # (a paused battle's shot stays in view)
        self.story.update(self.camera, pb.world, pb.positions(), now, held=held)
        dt = 0.0 if self._when is None else min(now - self._when, MAX_STEP_S)  # as it eases
        after = View.of(self.camera)
        moved = self.story.moved_px  # (the ease's own glide: the camera steps whole pixels)
        self.eased = (before, after, moved / dt if dt > 0 else (0.0 if moved == 0 else math.inf))
        self._when = now
