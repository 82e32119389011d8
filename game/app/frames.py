"""A clip's frames, drawn as a visitor's window of that size would draw them.

One scene for the whole clip (its terrain chunks and sprites cached from frame to frame), the
frame itself drawn by `game.app.still.draw_still` (map, HUD, captions, minimap, labels, bar;
no keyboard hint, which means nothing in a video). The camera is the museum's tour when one is
given (the kiosk's attract-loop camera, framed on the formations the caption talks about and
eased in clip time, so a clip of the blow shows the Roman right), else fitted to the battle at
the clip's first moment, as a fresh window is (the F key), and held there. `game.app` never
imports the kiosk: `game.start` hands the tour in.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import pygame

from game.app.languages import Languages, show_language
from game.app.still import draw_still, fitted_camera
from game.lang.languages import DEFAULT_LANGUAGE
from game.sim.world import World
from game.timeline.playback import Playback
from game.view.assets import Assets, load_assets
from game.view.camera import Camera
from game.view.options import ViewOptions
from game.view.scene import Scene
from game.view.timeline_bar import TimelineBar
from game.view.units import units_for


class Follow(Protocol):
    """A camera that moves by itself (`game.kiosk.tour.Tour`): jumps to its first shot, then
    eases by the time passed; it writes the camera, never the battle."""

    bottom_reserved: int

    def restart(self, camera: Camera, world: World, pos: np.ndarray, now: float) -> None: ...

    def update(self, camera: Camera, world: World, pos: np.ndarray, now: float) -> None: ...


class ClipFrames:
    """Draws the playback's moment, frame after frame, on an off-screen `size` screen."""

    def __init__(
        self,
        playback: Playback,
        size: tuple[int, int],
        assets: Assets | None = None,
        tour: Follow | None = None,
        language: tuple[Languages, str] | None = None,
    ):
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_mode(size)
        self.playback = playback
        self.size = size
        self.units = units_for(size)
        self.scene = Scene(playback.world.scenario, assets or load_assets())
        self.bar = TimelineBar(playback.world.scenario, self.scene.fonts)
        self.tour = tour
        self.language = language[1] if language else DEFAULT_LANGUAGE
        if language is not None and self.language != DEFAULT_LANGUAGE:
            show_language(*language, self.scene, self.bar)  # once: the words stay with them
        self.camera: Camera | None = None
        self.options = ViewOptions(hint="")

    def draw(self, now: float) -> np.ndarray:
        """The frame at the playback's moment, `now` seconds into the clip, as (h, w, 4)
        bytes B, G, R, X: a view of a surface of its own (`draw_still` draws each frame on a
        new one), so the encoder may read it while the next frame is drawn."""
        pb = self.playback
        if self.camera is None:
            self.camera = fitted_camera(pb, self.size)
            if self.tour is not None:
                lay = self.bar.layout(self.size, (0, 0), self.units)
                self.tour.bottom_reserved = lay.bar_height
                self.tour.restart(self.camera, pb.world, pb.positions(), now)
        elif self.tour is not None:
            self.tour.update(self.camera, pb.world, pb.positions(), now)
        surface, _ = draw_still(
            self.playback,
            self.size,
            self.camera,
            self.units,
            complete=True,
            scene=self.scene,
            bar=self.bar,
            options=self.options,
        )
        return pixels(surface)


def pixels(surface: pygame.Surface) -> np.ndarray:
    """A surface's pixels as (h, w, 4) bytes B, G, R, X, without a copy where it can."""
    w, h = surface.get_size()
    if surface.get_bitsize() == 32 and surface.get_masks()[:3] == (0xFF0000, 0xFF00, 0xFF):
        rows = np.frombuffer(surface.get_buffer(), np.uint8).reshape(h, surface.get_pitch())
        return rows[:, : w * 4].reshape(h, w, 4)
    return np.frombuffer(pygame.image.tobytes(surface, "BGRA"), np.uint8).reshape(h, w, 4)
