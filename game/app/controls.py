"""Input mapping: pygame events -> commands to the playback and moves of the camera.

The only place that turns keys, mouse and touch into actions, so every action is also reachable
from code (tests post events; a kiosk can remap). The simulation is changed only through the
playback's commands.

Touch: SDL also synthesises a mouse event for every touch (`event.touch` is True on those); they
are dropped here so one tap acts once (pygame-ce#1514, pibooth#690). Finger coordinates are
normalised 0..1 of the window and are scaled to the logical canvas and clamped.

Controls: Space play/pause; +/- speed; left/right 15 minutes of the day back/forward; [ and ]
previous / next phase; up/down and Shift+left/right pan; A switches the account; wheel zoom;
drag pan; F fit; S (or the Story button) gives the camera back to the story, which any
pan or zoom takes from it; Esc/Q quit. On the timeline bar:
press or drag the playhead anywhere (the battle follows while dragging, lands exactly on
release), the play/pause disc, the speed buttons.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

from game.app.gestures import Gestures, Pan, Pinch
from game.app.inspect import Inspector
from game.timeline.playback import SEEK_BUDGET_SECONDS, Playback
from game.timeline.programme import Programme
from game.view.bar_layout import BarLayout
from game.view.camera import Camera
from game.view.layout import Layout
from game.view.options import ViewOptions
from game.view.scene import battle_bounds
from game.view.story_camera import StoryCamera

PAN_STEP_PX = 160  # a pan key press pans this far
WHEEL_ZOOM = 1.18  # zoom factor per wheel notch
DRAG_THRESHOLD_PX = 6  # below this a press-release is a click, not a drag

PAN_KEYS = {
    pygame.K_UP: (0, PAN_STEP_PX),
    pygame.K_DOWN: (0, -PAN_STEP_PX),
}
SHIFT_PAN_KEYS = {pygame.K_LEFT: (PAN_STEP_PX, 0), pygame.K_RIGHT: (-PAN_STEP_PX, 0)}
"""Shift + left/right pans sideways; plain left/right step the timeline."""
STEP_MINUTES = 15
"""Left and right step the clock a quarter of an hour of the day. The battle's clock runs at its
own pace (15 battle seconds are 16 to 19 minutes of the day at different hours), so a step in
battle seconds is one no visitor can name; a step on the clock they watch is."""
MOUSE_FINGER = -1  # the pointer id the mouse uses in the drag bookkeeping


@dataclass
class Controls:
    playback: Playback | Programme  # a window's programme: the campaign round the battle
    camera: Camera
    map_size: tuple[float, float]
    bar_layout: Callable[[], BarLayout] | None = None
    quit_requested: bool = False
    can_quit: bool = True  # False in a kiosk: no key or window button leaves
    inspect: Inspector | None = None  # pause-and-inspect UI (taps, Tab, Esc, C)
    options: ViewOptions | None = None
    switch_account: Callable[..., None] | None = None  # A or a bar button: another account
    set_language: Callable[[str], None] | None = None  # a language button: show it
    toggle_languages: Callable[[], None] | None = None  # the bar's language button
    toggle_large_text: Callable[[], None] | None = None  # T, or the menu's large-text button
    languages: Callable[[], tuple[str, ...]] = tuple  # the codes offered, in the menu's order
    layout: Callable[[], Layout] | None = None  # the last frame's rectangles (legend button)
    gestures: Gestures = field(default_factory=Gestures)  # fingers on the map: tap, pan, pinch
    story: StoryCamera | None = None  # the story camera: a pan or zoom by hand stops it
    story_button: Callable[[], pygame.Rect | None] | None = None  # where its button is drawn
    _ui_pressed: bool = False  # the mouse went down on the panel or the minimap
    _legend_pointer: int | None = None  # the pointer that pressed the legend's button
    _drag_from: tuple[int, int] | None = None
    _dragged: bool = False
    _scrub_by: int | None = None  # the pointer holding the playhead (MOUSE_FINGER or a finger)
    _seek_left: float | None = None  # wall s of seeking left this frame; None: no frame budget

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
        return False

    def new_frame(self) -> None:
        """A loop turn begins: the seeks its input asks for share one `SEEK_BUDGET_SECONDS`.

        Each seek may block for the budget, so forty arrow keys queued behind a stall (or a
        flood of input) would otherwise freeze the loop for six seconds, past the watchdog.
        Once the frame's budget is spent, a seek lands on its keyframe and finishes over the
        next frames, as a long seek always does; only the last one matters to the visitor."""
        self._seek_left = SEEK_BUDGET_SECONDS

    def _seek(self, seek: Callable[[float], None]) -> None:
        """Run `seek(budget)` with what is left of this frame's seek budget."""
        left = self._seek_left
        started = time.perf_counter()
        seek(SEEK_BUDGET_SECONDS if left is None else left)
        if left is not None:
            self._seek_left = max(0.0, left - (time.perf_counter() - started))

    def reset(self) -> None:
        """Forget every finger, drag and press in progress (focus lost, a kiosk reset), letting
        go of the playhead where it is."""
        self.gestures.cancel()
        if self._scrub_by is not None:
            self._scrub_by = None
            pb = self.playback
            if pb.scrubbing:
                self._seek(lambda budget: pb.release(pb.playhead_tick, budget))
        self._drag_from = None
        self._dragged = False
        self._ui_pressed = False

    def fit(self) -> None:
        s = self.playback.world.soldiers
        self.camera.fit(*battle_bounds(s.pos, s.state))
        self.camera.clamp_to(*self.map_size)

    def _on_legend(self, pos: tuple[float, float], pointer: int, down: bool) -> bool:
        """A press on the legend's button toggles the legend; its release is used up too."""
        if not down:
            if self._legend_pointer == pointer:
                self._legend_pointer = None
                return True
            return False
        if self.layout is None or self.options is None:
            return False
        rects = self.layout()
        for name, flag, value in (
            ("legend.button", "legend", None),
            ("tellers.button", "tellers", None),
            ("tellers.close", "tellers", False),  # the "Who tells us" panel's ✕
            ("legend.more", "legend_page", None),  # the legend's next page
            ("tellers.more", "tellers_page", None),  # the "Who tells us" panel's next page
        ):
            rect = rects.get(name)
            if rect is not None and rect.collidepoint(pos):
                now = getattr(self.options, flag)
                on = now + 1 if flag.endswith("_page") else (not now if value is None else value)
                setattr(self.options, flag, on)
                if flag == "tellers":  # opened or closed: it opens again on its first page
                    self.options.tellers_page = 0
                self._legend_pointer = pointer
                return True
        return False

    def handle(self, event: pygame.event.Event) -> None:
        """Act on one event. Whatever moves the camera by hand takes it from the story."""
        cam = self.camera
        before = (cam.centre_x, cam.centre_y, cam.scale)
        if self._press_story(event):
            return
        self._handle(event)
        if self.story is not None and (cam.centre_x, cam.centre_y, cam.scale) != before:
            self.story.active = False

    def _press_story(self, event: pygame.event.Event) -> bool:
        """The S key or a press on the Story button: the camera goes back to (or leaves) the
        story. True if the event was that."""
        if self.story is None:
            return False
        t = event.type
        if t == pygame.KEYDOWN and event.key == pygame.K_s:
            self.story.active = not self.story.active
            return True
        rect = self.story_button() if self.story_button is not None else None
        if rect is None:
            return False
        if t == pygame.MOUSEBUTTONDOWN and event.button == 1 and not getattr(event, "touch", 0):
            pos = event.pos
        elif t == pygame.FINGERDOWN:
            pos = (float(event.x) * self.camera.width, float(event.y) * self.camera.height)
        else:
            return False
        if not rect.collidepoint(pos):
            return False
        self.story.active = not self.story.active
        return True

    def _handle(self, event: pygame.event.Event) -> None:
        t = event.type
        if (
            t in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP)
            and event.button == 1
            and not (getattr(event, "touch", False))
        ) and self._on_legend(event.pos, MOUSE_FINGER, t == pygame.MOUSEBUTTONDOWN):
            return
        if self.inspect is not None and self._inspect_event(event):
            self.camera.clamp_to(*self.map_size)
            return
        if t in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION) and getattr(
            event, "touch", False
        ):
            return  # SDL's copy of a touch: the FINGER event already acted
        if t == pygame.QUIT:
            self.quit_requested = self.can_quit
        elif t == pygame.KEYDOWN:
            self._key(event)
        elif t == pygame.MOUSEWHEEL:
            x, y = pygame.mouse.get_pos()
            self.camera.zoom_about(x, y, WHEEL_ZOOM ** float(event.precise_y or event.y))
        elif t == pygame.MOUSEBUTTONDOWN and event.button in (1, 2, 3):
            if not (event.button == 1 and self._press_bar(event.pos, MOUSE_FINGER)):
                self._drag_from = event.pos
                self._dragged = False
        elif t == pygame.MOUSEMOTION and self._scrub_by == MOUSE_FINGER:
            self._scrub(event.pos)
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
            if self._scrub_by == MOUSE_FINGER and event.button == 1:
                self._release(event.pos)
            self._drag_from = None
        elif t in (pygame.FINGERDOWN, pygame.FINGERMOTION, pygame.FINGERUP):
            self._finger(event)
        self.camera.clamp_to(*self.map_size)

    # -- the timeline bar --------------------------------------------------------------------------
    def _press_bar(self, pos: tuple[float, float], pointer: int) -> bool:
        """Act on a press on the bar; False if `pos` is not on it."""
        if self.bar_layout is None:
            return False
        hit = self.bar_layout().hit(pos)
        if hit is None:
            return False
        what, value = hit
        if what == "play":
            self.playback.toggle()
        elif what == "speed" and value is not None:
            self.playback.set_speed(value)
        elif what == "large_text" and self.toggle_large_text is not None:
            self.toggle_large_text()
        elif what == "language" and value is None and self.toggle_languages is not None:
            self.toggle_languages()
        elif what == "language" and value is not None and self.set_language is not None:
            self.set_language(self.languages()[int(value)])
        elif what == "account" and value is not None and self.switch_account is not None:
            self.switch_account(list(self.playback.world.scenario.accounts)[int(value)])
        elif what == "skip" and isinstance(self.playback, Programme):
            self._seek(self.playback.skip_part)
        elif what == "track" and self._scrub_by is None:
            self._scrub_by = pointer
            self._scrub(pos)
        return True

    def _scrub(self, pos: tuple[float, float]) -> None:
        if self.bar_layout is not None:
            self.playback.scrub(self.bar_layout().tick_at(pos[0]))

    def _release(self, pos: tuple[float, float]) -> None:
        self._scrub_by = None
        if self.bar_layout is not None:
            tick = self.bar_layout().tick_at(pos[0])
            self._seek(lambda budget: self.playback.release(tick, budget))

    def _finger(self, event: pygame.event.Event) -> None:
        """Touch: the bar's playhead and buttons, else taps, pans and pinches on the map."""
        w, h = self.camera.width, self.camera.height
        x = min(max(float(event.x), 0.0), 1.0) * w
        y = min(max(float(event.y), 0.0), 1.0) * h
        fid = int(event.finger_id)
        if event.type in (pygame.FINGERDOWN, pygame.FINGERUP) and self._on_legend(
            (x, y), fid, event.type == pygame.FINGERDOWN
        ):
            return
        if event.type == pygame.FINGERDOWN:
            if self._scrub_by != fid and not self._press_bar((x, y), fid):
                on_ui = self.inspect is not None and self.inspect.on_ui((int(x), int(y)))
                self.gestures.down(fid, x, y, pans=not on_ui)
        elif event.type == pygame.FINGERMOTION:
            if self._scrub_by == fid:
                self._scrub((x, y))
            else:
                self._gesture(self.gestures.move(fid, x, y))
        else:
            if self._scrub_by == fid:
                self._release((x, y))
            tap = self.gestures.up(fid, x, y)
            if tap is not None and self.inspect is not None:
                self.inspect.click((int(tap[0]), int(tap[1])))

    def _gesture(self, move: Pan | Pinch | None) -> None:
        """Move the camera as the fingers say; a camera moved by hand stops following."""
        if move is None:
            return
        self.camera.pan_pixels(move.dx, move.dy)
        if isinstance(move, Pinch):
            self.camera.zoom_about(move.cx, move.cy, move.factor)
        if self.inspect is not None:
            self.inspect.follow = False

    # -- keys --------------------------------------------------------------------------------------
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
        elif k == pygame.K_l and self.options is not None:
            self.options.legend = not self.options.legend
        elif k == pygame.K_w and self.options is not None:  # "Who tells us"
            self.options.tellers = not self.options.tellers
            self.options.tellers_page = 0  # opened again: from its first page
        elif k == pygame.K_h and self.options is not None:
            self.options.contours = not self.options.contours
        elif k == pygame.K_t and self.toggle_large_text is not None:
            self.toggle_large_text()
        elif k in SHIFT_PAN_KEYS and event.mod & pygame.KMOD_SHIFT:
            self.camera.pan_pixels(*SHIFT_PAN_KEYS[k])
        elif k == pygame.K_a and self.switch_account is not None:
            self.switch_account()
        elif k in (pygame.K_LEFT, pygame.K_RIGHT):
            pb = self.playback
            d = -1 if k == pygame.K_LEFT else 1
            tick = show_step(pb, d) if isinstance(pb, Programme) else clock_step(pb, d)
            self._seek(lambda budget: pb.seek(tick, budget))
        elif k == pygame.K_LEFTBRACKET:
            self._seek(lambda budget: self.playback.jump_phase(-1, budget))
        elif k == pygame.K_RIGHTBRACKET:
            self._seek(lambda budget: self.playback.jump_phase(+1, budget))
        elif k in PAN_KEYS:
            self.camera.pan_pixels(*PAN_KEYS[k])
        elif k == pygame.K_ESCAPE and self.options is not None and self.options.tellers:
            self.options.tellers = False  # Esc closes the "Who tells us" panel first
        elif k in (pygame.K_ESCAPE, pygame.K_q):
            self.quit_requested = self.can_quit


def clock_step(
    playback: Playback, direction: int, minutes: float = STEP_MINUTES, aim: int | None = None
) -> int:
    """The tick `minutes` of the day after (direction 1) or before (-1) the playhead's aim
    (or `aim`), within the battle."""
    clock = playback.world.scenario.clock
    rate = playback.clock.tick_rate
    now = clock.minutes_of_day((playback.aim_tick if aim is None else aim) / rate)
    tick = round(clock.seconds_at(now + direction * minutes) * rate)
    return min(max(tick, 0), playback.end_tick)


CAMPAIGN_STEP_S = 10.0
"""What left/right move in the prologue and epilogue: seconds of the story at 1x."""


def show_step(programme: Programme, direction: int) -> int:
    """Left/right over the whole programme: 15 minutes of the day in the battle, and from its
    first or last moment on into the campaign before it or the aftermath after it, 10 s at a
    time there."""
    seg, here = programme.segments, programme.aim_tick
    if 0 <= here <= seg.battle:
        tick = clock_step(programme.playback, direction, aim=here)
        if tick != here or not (seg.prologue if direction < 0 else seg.epilogue):
            return tick
    step = round(CAMPAIGN_STEP_S * seg.tick_rate) * direction
    return int(seg.clamp(here + step))
