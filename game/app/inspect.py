"""Pause and inspect, the controller: which formation is selected, whether the camera follows
it, where the pointer is, and the strength history its panel charts.

UI state only; nothing here is simulation state. The battle is changed only through playback
commands (`pause`, when `pause_on_select` is set, as it is by default and in the kiosk), and the
camera only by `select` (bringing the formation clear of the panel) and by following.

Input arrives from `game.app.controls` as plain calls (`click`, `hover`, `cycle`, `close`), so
every action can also be driven from code and tests. Taps are hit-tested against the last drawn
frame's `Layout` (the panel's buttons, the minimap, the banners): what is hit is what was drawn.
Drawing is `game.view.inspect.InspectView`'s, from `state()`.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.scenario.specs import Scenario
from game.sim.tables import rows
from game.sim.world import on_field
from game.timeline.playback import Playback
from game.view import theme
from game.view.camera import Camera
from game.view.history import StrengthHistory
from game.view.inspect import InspectState
from game.view.layout import Layout
from game.view.minimap import minimap_to_world
from game.view.panel import PANEL_WIDTH
from game.view.picking import TAP_RADIUS_PX, pick_soldier
from game.view.units import units_for

EDGE_PX = 40
"""A selected formation this close to the panel or the screen's edge is brought into view."""


class Inspector:
    def __init__(
        self,
        scenario: Scenario,
        playback: Playback,
        camera: Camera,
        *,
        pause_on_select: bool = True,
    ):
        self.scenario = scenario
        self.playback = playback
        self.camera = camera
        self.pause_on_select = pause_on_select
        self.selected = -1
        self.commander = -1  # which of its commanders was tapped, if one was
        self.follow = False
        self.hover_pos: tuple[int, int] | None = None
        self.history = StrengthHistory.for_world(playback.world)
        self.panel_right = True
        self.panel_page = 0  # where the panel is paged (a small screen), the page shown
        self.layout: Layout | None = None  # the last drawn frame's: what a tap lands on

    # -- state ----------------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.selected >= 0

    def state(self) -> InspectState:
        """What the view draws this frame."""
        return InspectState(
            self.selected,
            self.commander,
            self.follow,
            self.hover_pos,
            self.panel_right,
            self.history,
            self.panel_page,
        )

    def rows(self, i: int) -> slice:
        return rows(self.playback.world.formations, i)

    def select(self, i: int, commander: int = -1) -> None:
        """Open the panel on formation `i` (pausing the battle if so set), on the side of the
        screen away from it; a formation under the panel or off screen is brought into view."""
        self.selected, self.commander, self.panel_page = int(i), int(commander), 0
        if self.pause_on_select:
            self.playback.pause()
        centre = self._centre(i)
        if centre is None:
            return
        cam = self.camera
        sx, sy = cam.point_to_screen(*centre)
        self.panel_right = sx < cam.width / 2
        x0, x1 = self.free_span()
        if not (x0 + EDGE_PX <= sx <= x1 - EDGE_PX and 0 <= sy <= cam.height):
            cam.centre_x = centre[0] + self._shift_m()
            cam.centre_y = centre[1]

    def close(self) -> bool:
        """Close the panel; False if none was open (so Esc can mean something else)."""
        was = self.is_open
        self.selected, self.commander, self.follow = -1, -1, False
        return was

    def cycle(self, step: int = 1) -> None:
        n = len(self.playback.world.formations)
        start = self.selected if self.is_open else (-1 if step > 0 else 0)
        self.select((start + step) % n)

    def toggle_follow(self) -> None:
        self.follow = self.is_open and not self.follow

    # -- the last frame's rectangles ------------------------------------------------------------
    def _rect(self, name: str) -> pygame.Rect | None:
        return None if self.layout is None else self.layout.get(name)

    @property
    def panel_rect(self) -> pygame.Rect | None:
        """The open panel as last drawn."""
        if not self.is_open or self.layout is None:
            return None
        return self.layout.box("panel")

    @property
    def minimap_rect(self) -> pygame.Rect | None:
        return self._rect("minimap")

    def hit_targets(self) -> list[pygame.Rect]:
        """Every rectangle a visitor taps on the minimap and the panel, for the G9 size check."""
        names = ("minimap", "panel.close", "panel.follow", "panel.more")
        return [r for r in (self._rect(n) for n in names) if r is not None]

    # -- input ----------------------------------------------------------------------------------
    def on_ui(self, pos: tuple[int, int]) -> bool:
        """True if `pos` is on the panel or the minimap (a press there must not pan the map)."""
        panel, minimap = self.panel_rect, self.minimap_rect
        return any(r is not None and r.collidepoint(pos) for r in (panel, minimap))

    def click(self, pos: tuple[int, int]) -> bool:
        """A tap or click (not a drag). Returns True if it did something."""
        hit = self.layout.hit(pos) if self.layout is not None else None
        if hit == "panel.close":
            return self.close()
        if hit == "panel.follow":
            self.toggle_follow()
            return True
        if hit == "panel.more":
            self.panel_page += 1
            return True
        panel = self.panel_rect
        if panel is not None and panel.collidepoint(pos):
            return True  # reading the panel is not a tap on the field
        minimap = self.minimap_rect
        if minimap is not None and minimap.collidepoint(pos):
            size = (self.scenario.map.width_m, self.scenario.map.height_m)
            self.camera.centre_x, self.camera.centre_y = minimap_to_world(minimap, size, pos)
            self.follow = False
            return True
        if hit is not None and hit.startswith("label.formation."):
            self.select(int(hit.rsplit(".", 1)[1]))
            return True
        row = self.pick(pos, TAP_RADIUS_PX)
        if row >= 0:
            s = self.playback.world.soldiers
            self.select(int(s.formation[row]), int(s.commander[row]))
            return True
        return self.close()  # tapping elsewhere closes

    def hover(self, pos: tuple[int, int] | None) -> None:
        self.hover_pos = pos

    def pick(self, pos: tuple[int, int], radius: float) -> int:
        s = self.playback.world.soldiers
        return pick_soldier(
            self.camera, self.playback.positions(), s.state, s.commander, pos[0], pos[1], radius
        )

    # -- per frame ------------------------------------------------------------------------------
    def update(self) -> None:
        """Record strength (decoding keyframes to fill the chart behind a jump); keep the
        followed formation in the free part of the screen."""
        self.history.observe(self.playback.world)
        if self.is_open:
            self.history.backfill(self.playback.keyframes, self.playback.world)
        if self.follow and self.is_open:
            centre = self._centre(self.selected)
            if centre is None:
                self.follow = False
                return
            self.camera.centre_x = centre[0] + self._shift_m()
            self.camera.centre_y = centre[1]

    def free_span(self) -> tuple[float, float]:
        """Screen x range of the field not covered by the panel (as last drawn, or as it will be
        drawn on this window before the first frame)."""
        panel = self.panel_rect
        w = self.camera.width
        if panel is None:
            units = units_for((self.camera.width, self.camera.height))
            width = min(units.px(PANEL_WIDTH), w) + units.px(theme.MARGIN)
            return (0.0, float(w - width)) if self.panel_right else (float(width), float(w))
        return (0.0, float(panel.x)) if self.panel_right else (float(panel.right), float(w))

    def _shift_m(self) -> float:
        """Camera offset (metres) that puts a point at the middle of the free part."""
        x0, x1 = self.free_span()
        return (self.camera.width / 2 - (x0 + x1) / 2) / self.camera.scale

    def _centre(self, i: int) -> tuple[float, float] | None:
        s = self.playback.world.soldiers
        rows = self.rows(i)
        on = on_field(s.state[rows])
        if not on.any():
            return None
        pos = self.playback.positions()
        return (float(np.mean(pos[0, rows][on])), float(np.mean(pos[1, rows][on])))
