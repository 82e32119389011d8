"""Pause and inspect: selection, the highlight, the unit panel, the minimap, the hover tooltip.

UI state only (which formation is selected, whether the camera follows it, where the pointer
is); nothing here is simulation state. The battle is changed only through playback commands
(`pause`, when `pause_on_select` is set, as it is by default and in the kiosk).

Input arrives from `game.app.controls` as plain calls (`click`, `hover`, `cycle`, `close`),
so every action can also be driven from code and tests. Drawing happens in two layers that
`Scene.draw` calls: `draw_field` (on the map, under the banners) and `draw_overlay` (panel,
minimap, tooltip, over the HUD).

Layout at 1920x1080: the panel opens on the side of the screen away from the formation, below
the title and clock boxes; the minimap sits in the bottom corner the panel does not use, above
the band kept for the timeline bar.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.scenario.specs import Scenario
from game.sim.codes import State
from game.sim.tables import rows
from game.sim.world import on_field
from game.sweep.spread import FormationSpread, SweepSpreads
from game.timeline.playback import Playback
from game.view import theme
from game.view.camera import Camera
from game.view.fonts import Fonts
from game.view.history import StrengthHistory
from game.view.labels import banner_key
from game.view.layout import Layout
from game.view.minimap import Minimap
from game.view.panel import (
    PANEL_WIDTH,
    PanelButtons,
    chart_series,
    draw_panel,
    panel_data,
    panel_height,
)
from game.view.picking import HOVER_RADIUS_PX, TAP_RADIUS_PX, formation_screen_box, pick_soldier
from game.view.placement import LabelRequest
from game.view.soldiers import SPRITE_MIN_SCALE
from game.view.terrain import TerrainPainter
from game.view.tooltip import hover_request

PANEL_TOP = 196
"""Below the clock box (64 px clock + phase + state line + margins ~ 170 px)."""
HUD_TITLE_BOX = (640, 110)
HUD_CLOCK_BOX = (560, 170)
"""Generous sizes of the HUD's title (top left) and clock (top right) boxes at 1920x1080, kept
clear of banners (a banner under the title box could not be read or tapped)."""
BRACKET = 26  # px: arm length of the corner brackets round the selected formation


class InspectUI:
    def __init__(
        self,
        scenario: Scenario,
        playback: Playback,
        camera: Camera,
        fonts: Fonts,
        painter: TerrainPainter,
        *,
        pause_on_select: bool = True,
    ):
        self.scenario = scenario
        self.playback = playback
        self.camera = camera
        self.fonts = fonts
        self.pause_on_select = pause_on_select
        self.selected = -1
        self.commander = -1  # which of its commanders was tapped, if one was
        self.follow = False
        self.hover_pos: tuple[int, int] | None = None
        self.history = StrengthHistory.for_world(playback.world)
        self.minimap = Minimap(painter, scenario.map.width_m, scenario.map.height_m)
        self.panel_right = True
        self.panel_rect: pygame.Rect | None = None
        self.buttons: PanelButtons | None = None
        self.layout: Layout | None = None  # the last frame's: what a tap lands on
        self.tooltip_text = ""
        self.spreads = SweepSpreads(scenario)  # the sweeps in the run cache, for the panel

    # -- state ----------------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.selected >= 0

    def rows(self, i: int) -> slice:
        f = self.playback.world.formations
        return rows(f, i)

    def select(self, i: int, commander: int = -1) -> None:
        """Open the panel on formation `i` (pausing the battle if so set)."""
        self.selected, self.commander = int(i), int(commander)
        if self.pause_on_select:
            self.playback.pause()
        centre = self._centre(i)
        if centre is not None:
            cam = self.camera
            sx, sy = cam.point_to_screen(*centre)
            self.panel_right = sx < cam.width / 2
            x0, x1 = self._free_span()
            if not (x0 + 40 <= sx <= x1 - 40 and 0 <= sy <= cam.height):
                # under the panel or off screen: bring it to the middle of the free part
                cam.centre_x = centre[0] + self._shift_m()
                cam.centre_y = centre[1]

    def _spread(self) -> FormationSpread | None:
        """The selected formation's losses over a sweep of this battle, if one is cached."""
        w = self.playback.world
        fid = self.scenario.formations[self.selected].id
        return self.spreads.of(fid, w.account, w.strengths, w.scale)

    def close(self) -> bool:
        """Close the panel; False if none was open (so Esc can mean something else)."""
        was = self.is_open
        self.selected, self.commander, self.follow = -1, -1, False
        self.panel_rect = self.buttons = None
        return was

    def cycle(self, step: int = 1) -> None:
        n = len(self.playback.world.formations)
        start = self.selected if self.is_open else (-1 if step > 0 else 0)
        self.select((start + step) % n)

    def toggle_follow(self) -> None:
        self.follow = self.is_open and not self.follow

    # -- input ----------------------------------------------------------------------------------
    def on_ui(self, pos: tuple[int, int]) -> bool:
        """True if `pos` is on the panel or the minimap (a press there must not pan the map)."""
        if self.panel_rect is not None and self.panel_rect.collidepoint(pos):
            return True
        return self.minimap.rect.collidepoint(pos)

    def click(self, pos: tuple[int, int]) -> bool:
        """A tap or click (not a drag). Returns True if it did something."""
        if self.buttons is not None:
            if self.buttons.close.collidepoint(pos):
                return self.close()
            if self.buttons.follow.collidepoint(pos):
                self.toggle_follow()
                return True
        if self.panel_rect is not None and self.panel_rect.collidepoint(pos):
            return True  # reading the panel is not a tap on the field
        if self.minimap.rect.collidepoint(pos):
            self.camera.centre_x, self.camera.centre_y = self.minimap.to_world(*pos)
            self.follow = False
            return True
        hit = self.layout.hit(pos, "label.formation.") if self.layout is not None else None
        if hit is not None:
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
        """Record strength; keep the followed formation in the free part of the screen."""
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

    def _free_span(self) -> tuple[float, float]:
        """Screen x range of the field not covered by the panel."""
        w, m = self.camera.width, theme.MARGIN
        return (0.0, w - m - PANEL_WIDTH) if self.panel_right else (m + PANEL_WIDTH, float(w))

    def _shift_m(self) -> float:
        """Camera offset (metres) that puts a point at the middle of the free part."""
        x0, x1 = self._free_span()
        return (self.camera.width / 2 - (x0 + x1) / 2) / self.camera.scale

    def _centre(self, i: int) -> tuple[float, float] | None:
        s = self.playback.world.soldiers
        rows = self.rows(i)
        st = s.state[rows]
        on = (st != State.DEAD) & (st != State.FLED)
        if not on.any():
            return None
        pos = self.playback.positions()
        return (float(pos[0, rows][on].mean()), float(pos[1, rows][on].mean()))

    def avoid_rects(self, screen: tuple[int, int], bottom_reserved: int) -> list[pygame.Rect]:
        """Where banners must not go: the title and clock boxes, the panel, the minimap."""
        w, m = screen[0], theme.MARGIN
        out = [
            pygame.Rect(m, m, *HUD_TITLE_BOX),
            pygame.Rect(w - m - HUD_CLOCK_BOX[0], m, *HUD_CLOCK_BOX),
        ]
        out += [
            self.minimap.place(screen, not (self.is_open and self.panel_right), bottom_reserved)
        ]
        if self.is_open:
            out.append(self._panel_box(screen, bottom_reserved))
        return out

    def _panel_box(self, screen: tuple[int, int], bottom_reserved: int) -> pygame.Rect:
        w, h = screen
        m = theme.MARGIN
        d = panel_data(self.scenario, self.playback.world, self.selected, self._spread())
        clock = self.scenario.clock
        height = panel_height(
            self.fonts,
            d,
            self.history,
            chart_series(self.scenario, self.playback.world, self.selected),
            clock.end_seconds,
            self.playback.display_seconds,
            ("", ""),
        )
        bottom = h - max(bottom_reserved, theme.BAR_RESERVE) - m
        height = min(height, bottom - PANEL_TOP)
        x = w - m - PANEL_WIDTH if self.panel_right else m
        return pygame.Rect(x, PANEL_TOP, PANEL_WIDTH, height)

    # -- drawing --------------------------------------------------------------------------------
    def draw_field(self, target: pygame.Surface, pos: np.ndarray) -> None:
        """On the map: brackets round the selected formation, its commanders named, and (far
        out, where soldiers are splats) a standard over every commander so he can be found."""
        s = self.playback.world.soldiers
        cam = self.camera
        on = (s.state != State.DEAD) & (s.state != State.FLED)
        chiefs = np.flatnonzero((s.commander >= 0) & on)
        if cam.scale < SPRITE_MIN_SCALE and chiefs.size:
            xy = cam.world_to_screen(pos[:, chiefs].T)
            for (x, y), row in zip(xy.tolist(), chiefs.tolist(), strict=True):  # <= a dozen
                side = self.scenario.sides[self.scenario.formations[s.formation[row]].side]
                _standard(target, int(x), int(y), side.colour)
        if not self.is_open:
            return
        box = formation_screen_box(cam, pos, s.state, self.rows(self.selected))
        if box is None:
            return
        x0, y0, x1, y1 = box
        pad = 14 + (0.9 * cam.scale if cam.scale >= SPRITE_MIN_SCALE else 0)
        _brackets(target, pygame.Rect(x0 - pad, y0 - 2 * pad, x1 - x0 + 2 * pad, y1 - y0 + 3 * pad))

    def label_requests(self, pos: np.ndarray) -> list[LabelRequest]:
        """For the frame's placement pass: the selected formation's commanders named over their
        heads, and the hover label for what is under the pointer."""
        out = self._commander_tags(pos) if self.is_open else []
        self.tooltip_text = ""
        if self.hover_pos is None or self.on_ui(self.hover_pos):
            return out
        row = self.pick(self.hover_pos, HOVER_RADIUS_PX)
        if row < 0:
            return out
        s = self.playback.world.soldiers
        i, k = int(s.formation[row]), int(s.commander[row])
        spec = self.scenario.formations[i]
        text, key = spec.name, banner_key(i)
        if 0 <= k < len(spec.commanders):
            text, key = f"{spec.commanders[k].name} · {spec.name}", _commander_key(i, k)
        self.tooltip_text = text
        colour = self.scenario.sides[spec.side].colour
        out.append(hover_request(key, self.fonts, text, colour, self.hover_pos))
        return out

    def _commander_tags(self, pos: np.ndarray) -> list[LabelRequest]:
        s = self.playback.world.soldiers
        cam = self.camera
        rows = self.rows(self.selected)
        on = on_field(s.state[rows])
        chiefs = np.flatnonzero((s.commander[rows] >= 0) & on) + rows.start
        spec = self.scenario.formations[self.selected]
        out = []
        for row in chiefs.tolist():  # <= a few
            k = int(s.commander[row])
            if k >= len(spec.commanders):
                continue
            x, y = cam.point_to_screen(float(pos[0, row]), float(pos[1, row]))
            surf = _tag_surface(self.fonts, spec.commanders[k].name)
            w, h = surf.get_size()
            lift = max(30, 2.6 * cam.scale)
            cands = tuple((-w / 2, -lift - h - n * (h + 8)) for n in range(3))
            out.append(LabelRequest(_commander_key(self.selected, k), surf, (x, y), cands, 1e8))
        return out

    def draw_overlay(
        self,
        target: pygame.Surface,
        pos: np.ndarray,
        bottom_reserved: int,
        offset: tuple[int, int] = (0, 0),
        layout: Layout | None = None,
    ) -> None:
        """Over the HUD: the selected banner ringed, the minimap, the panel; their rectangles
        go into `layout`. `offset` moves the minimap, which is always on screen (burn-in)."""
        screen = target.get_size()
        world = self.playback.world
        s = world.soldiers
        ring = layout.get(f"label.{banner_key(self.selected)}") if layout and self.is_open else None
        if ring is not None:
            pygame.draw.rect(target, theme.HIGHLIGHT, ring.inflate(6, 6), width=3)
        self.minimap.place(screen, not (self.is_open and self.panel_right), bottom_reserved)
        self.minimap.rect.move_ip(offset)
        self.minimap.draw(
            target,
            self.camera,
            pos,
            s.state,
            s.side,
            [self.scenario.sides[k].colour for k in sorted(self.scenario.sides)],
            self.rows(self.selected) if self.is_open else None,
        )
        if layout is not None:
            layout.add("minimap", self.minimap.rect)
        if self.is_open:
            self.panel_rect = self._panel_box(screen, bottom_reserved)
            clock = self.scenario.clock
            self.buttons = draw_panel(
                target,
                self.fonts,
                self.panel_rect,
                panel_data(self.scenario, world, self.selected, self._spread()),
                self.history,
                chart_series(self.scenario, world, self.selected),
                clock.end_seconds,
                self.playback.display_seconds,
                (clock.time_of_day(0.0), clock.time_of_day(clock.end_seconds)),
                self.follow,
                self.commander,
            )
            if layout is not None:
                layout.add("panel", self.panel_rect)
        self.layout = layout

    def hit_targets(self) -> list[pygame.Rect]:
        """Every rectangle a visitor taps, for the G9 size check."""
        out = [self.minimap.rect]
        if self.buttons is not None:
            out += [self.buttons.close, self.buttons.follow]
        return out


def _commander_key(formation: int, commander: int) -> str:
    return f"commander.{formation}.{commander}"


def _tag_surface(fonts: Fonts, name: str) -> pygame.Surface:
    """A commander's name over his head: dark ground, gold edge."""
    ink = fonts.render(name, "sans-bold", theme.SMALL_SIZE, theme.INK)
    surf = pygame.Surface((ink.get_width() + 14, ink.get_height() + 6), pygame.SRCALPHA)
    surf.fill((*theme.PANEL, theme.TOOLTIP_ALPHA))
    pygame.draw.rect(surf, theme.HIGHLIGHT, surf.get_rect(), width=1)
    surf.blit(ink, (7, 3))
    return surf


def _brackets(target: pygame.Surface, r: pygame.Rect) -> None:
    """Corner brackets: a frame that marks without hiding the men inside."""
    a = min(BRACKET, r.width // 2, r.height // 2)
    for colour, width in (((20, 20, 20), 7), (theme.HIGHLIGHT, 4)):
        for cx, cy, dx, dy in (
            (r.left, r.top, 1, 1),
            (r.right, r.top, -1, 1),
            (r.left, r.bottom, 1, -1),
            (r.right, r.bottom, -1, -1),
        ):
            pygame.draw.lines(
                target, colour, False, [(cx + dx * a, cy), (cx, cy), (cx, cy + dy * a)], width
            )


def _standard(target: pygame.Surface, x: int, y: int, colour: tuple[int, int, int]) -> None:
    """A commander's standard seen from afar: a pole and a flag in his side's colour."""
    pygame.draw.line(target, (30, 24, 18), (x, y), (x, y - 22), 3)
    flag = pygame.Rect(x + 1, y - 22, 14, 10)
    pygame.draw.rect(target, colour, flag)
    pygame.draw.rect(target, theme.GOLD, flag, width=1)
