"""Input mapping: pygame events -> commands to the playback and moves of the camera.

The only place that turns keys and mouse into actions, so every action is also reachable from
code (tests post events; a kiosk can remap). The simulation is changed only through the
playback's commands.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.timeline.playback import Playback
from game.view.camera import Camera
from game.view.scene import battle_bounds

PAN_STEP_PX = 160  # an arrow key press pans this far
WHEEL_ZOOM = 1.18  # zoom factor per wheel notch
DRAG_THRESHOLD_PX = 6  # below this a press-release is a click, not a drag


@dataclass
class Controls:
    playback: Playback
    camera: Camera
    map_size: tuple[float, float]
    quit_requested: bool = False
    _drag_from: tuple[int, int] | None = None
    _dragged: bool = False

    def fit(self) -> None:
        s = self.playback.world.soldiers
        self.camera.fit(*battle_bounds(s.pos, s.state))
        self.camera.clamp_to(*self.map_size)

    def handle(self, event: pygame.event.Event) -> None:
        t = event.type
        if t == pygame.QUIT:
            self.quit_requested = True
        elif t == pygame.KEYDOWN:
            self._key(event)
        elif t == pygame.MOUSEWHEEL:
            x, y = pygame.mouse.get_pos()
            self.camera.zoom_about(x, y, WHEEL_ZOOM ** float(event.precise_y or event.y))
        elif t == pygame.MOUSEBUTTONDOWN and event.button in (1, 2, 3):
            self._drag_from = event.pos
            self._dragged = False
        elif t == pygame.MOUSEMOTION and self._drag_from is not None:
            dx, dy = event.rel
            if self._dragged or abs(dx) + abs(dy) >= 1:
                fx, fy = self._drag_from
                if self._dragged or abs(event.pos[0] - fx) + abs(event.pos[1] - fy) >= (
                    DRAG_THRESHOLD_PX
                ):
                    self._dragged = True
                    self.camera.pan_pixels(dx, dy)
        elif t == pygame.MOUSEBUTTONUP and event.button in (1, 2, 3):
            self._drag_from = None
        self.camera.clamp_to(*self.map_size)

    def _key(self, event: pygame.event.Event) -> None:
        k = event.key
        if k == pygame.K_SPACE:
            self.playback.toggle()
        elif k in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.playback.faster()
        elif k in (pygame.K_MINUS, pygame.K_KP_MINUS, pygame.K_UNDERSCORE):
            self.playback.slower()
        elif k == pygame.K_f:
            self.fit()
        elif k == pygame.K_LEFT:
            self.camera.pan_pixels(PAN_STEP_PX, 0)
        elif k == pygame.K_RIGHT:
            self.camera.pan_pixels(-PAN_STEP_PX, 0)
        elif k == pygame.K_UP:
            self.camera.pan_pixels(0, PAN_STEP_PX)
        elif k == pygame.K_DOWN:
            self.camera.pan_pixels(0, -PAN_STEP_PX)
        elif k in (pygame.K_ESCAPE, pygame.K_q):
            self.quit_requested = True
