"""The story camera in the window: framed clear of the bar, eased each frame of the battle,
restarted on its first shot whenever the battle is entered from the campaign."""

from __future__ import annotations

from collections.abc import Callable

from game.timeline.playback import Playback
from game.timeline.programme import BATTLE, Programme
from game.view.camera import Camera
from game.view.story_camera import StoryCamera
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

    def frame(self, bar_height: int, units: Units) -> None:
        """The story camera frames its shots clear of this screen's bar and HUD."""
        self.story.bottom_reserved = bar_height
        self.story.units = units

    def restart(self) -> None:
        """Straight to the phase's first shot (a fresh window, the battle entered)."""
        pb = self.playback
        self.story.restart(self.camera, pb.world, pb.positions(), self.clock())

    def update(self) -> None:
        """Ease towards the current shot, in the battle only (the campaign moves itself)."""
        if self.story.active and self.programme.part == BATTLE:
            pb = self.playback
            self.story.update(self.camera, pb.world, pb.positions(), self.clock())
