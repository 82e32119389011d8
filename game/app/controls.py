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
from game.view.inspect import InspectUI
from game.view.scene import ViewOptions, battle_bounds

PAN_STEP_PX = 160  # an arrow key press pans this far
WHEEL_ZOOM = 1.18  # zoom factor per wheel notch
DRAG_THRESHOLD_PX = 6  # below this a press-release is a click, not a drag


@dataclass
class Controls:
    playback: Playback
    camera: Camera
    map_size: tuple[float, float]
    quit_requested: bool = False
    inspect: InspectUI | None = None  # pause-and-inspect UI (taps, Tab, Esc, C)
    options: ViewOptions | None = None
    _ui_pressed: bool = False  # the mouse went down on the panel or the minimap
    _tap_at: tuple[float, float] | None = None  # where a finger went down (0..1)
    _drag_from: tuple[int, int] | None = None
    _dragged: bool = False

    def _inspect_event(self, event: pygame.event.Event) -> bool:
        """Taps and keys for the unit panel; True if the event was used up here.

        A click is a press and release without a drag; a press on the panel or minimap never
        starts a pan. Tab / Shift+Tab cycle formations, Esc closes an open panel (and only then
        stops meaning quit), C toggles captions.
        """
        ui, t = self.inspect, event.type
        assert ui is not None
        if getattr(event, "touch", False):
            return False  # SDL's mouse copy of a touch: the FINGER events act
        if t == pygame.KEYDOWN:
            if event.key == pygame.K_TAB:
                ui.cycle(-1 if event.mod & pygame.KMOD_SHIFT else 1)
            elif event.key == pygame.K_ESCAPE and ui.is_open:
                ui.close()
            elif event.key == pygame.K_c and self.options is not None:
                self.options.captions = not self.options.captions
            else:
                return False
            return True
        if t == pygame.MOUSEBUTTONDOWN and event.button == 1 and ui.on_ui(event.pos):
            self._ui_pressed = True
            return True
        if t == pygame.MOUSEBUTTONUP and event.button == 1:
            if self._ui_pressed:
                self._ui_pressed = False
                ui.click(event.pos)
                return True
            if self._drag_from is not None and not self._dragged:
                ui.click(event.pos)
        if t == pygame.MOUSEMOTION:
            ui.hover(event.pos if self._drag_from is None else None)
            if self._dragged:
                ui.follow = False
        if t == pygame.FINGERDOWN:
            self._tap_at = (float(event.x), float(event.y))
        if t == pygame.FINGERUP and self._tap_at is not None:
            x, y = float(event.x), float(event.y)
            w, h = self.camera.width, self.camera.height
            tx, ty = self._tap_at
            self._tap_at = None
            pos = (int(min(max(x, 0.0), 1.0) * w), int(min(max(y, 0.0), 1.0) * h))
            moved = abs(x - tx) * w + abs(y - ty) * h
            bar = getattr(self, "bar_layout", None)
            on_bar = bar is not None and bar().hit(pos) is not None
            if moved < DRAG_THRESHOLD_PX and not on_bar:
                ui.click(pos)
        return False

    def fit(self) -> None:
        s = self.playback.world.soldiers
        self.camera.fit(*battle_bounds(s.pos, s.state))
        self.camera.clamp_to(*self.map_size)

    def handle(self, event: pygame.event.Event) -> None:
        t = event.type
        if self.inspect is not None and self._inspect_event(event):
            self.camera.clamp_to(*self.map_size)
            return
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
