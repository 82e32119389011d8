"""Pause and inspect, drawn: the selected formation's brackets and commanders, the hover
label, the unit panel and the minimap, from the controller's state (`game.app.inspect`).

Drawing happens in the layers `Scene.draw` calls: `draw_field` (on the map, under the labels),
`label_requests` (the commander tags and the hover label, through the frame's placement pass)
and `draw_overlay` (panel and minimap, over the HUD). `arrange` decides where the panel and the
minimap go before anything is drawn, so labels can keep clear of them.

Layout: the panel opens on the side of the screen away from the formation, below the HUD boxes
on that side, down to the bar; if its text does not fit there it grows wider (up to about 70 %
of the screen) before anything is cut. The minimap sits in the bottom corner the panel does not
use, above the bar.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame

from game.scenario.specs import Scenario
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
    BESIDE,
    PanelButtons,
    PanelContent,
    draw_panel,
    panel_height,
    panel_width,
)
from game.view.panel_data import chart_series, panel_data
from game.view.picking import HOVER_RADIUS_PX, formation_screen_box, pick_soldier
from game.view.placement import LabelRequest
from game.view.soldiers import SPRITE_MIN_SCALE
from game.view.terrain import TerrainPainter
from game.view.tooltip import hover_request
from game.view.units import UNSCALED, Units

BRACKET = 26  # design px: arm length of the corner brackets round the selected formation
WIDEST_PANEL = 0.72
"""The panel grows up to this share of the screen's width before its content is cut."""
TAG_PRIORITY = 1e8  # the selected formation's commanders: above banners, below the hover label


@dataclass(frozen=True)
class InspectState:
    """What the controller tells the view each frame."""

    selected: int = -1
    commander: int = -1
    follow: bool = False
    hover_pos: tuple[int, int] | None = None
    panel_right: bool = True
    history: StrengthHistory | None = None
    panel_page: int = 0  # the page shown where the panel's columns are paged (its "More")

    @property
    def is_open(self) -> bool:
        return self.selected >= 0


@dataclass(frozen=True)
class Seen:
    """What the inspect layers draw from this frame: the camera, the battle at its interpolated
    positions, the controller's state and the screen's units."""

    camera: Camera
    playback: Playback
    pos: np.ndarray
    state: InspectState
    units: Units = UNSCALED

    def parts(self) -> tuple[Camera, Playback, np.ndarray, InspectState, Units]:
        return (self.camera, self.playback, self.pos, self.state, self.units)


@dataclass(frozen=True)
class Regions:
    """Where the panel (if open) and the minimap go this frame."""

    panel: pygame.Rect | None
    minimap: pygame.Rect

    def obstacles(self) -> list[pygame.Rect]:
        return [self.minimap] + ([self.panel] if self.panel is not None else [])


class InspectView:
    def __init__(self, scenario: Scenario, fonts: Fonts, painter: TerrainPainter):
        self.scenario = scenario
        self.fonts = fonts
        self.minimap = Minimap(painter, scenario.map.width_m, scenario.map.height_m)
        self.hover_text = ""  # what the hover label said last frame ("" if none)
        self.chart = True  # whether this frame's panel has room for its strength chart
        self.notes = True  # ...and for the commanders' notes (a netbook may have neither)
        self.paged = False  # ...or, where it fits in no way whole, its columns paged
        self.drawn: PanelButtons | None = None  # the panel as last drawn (what it left out)
        self.spreads = SweepSpreads(scenario)  # the sweeps in the run cache, for the panel

    def spread(self, world, selected: int) -> FormationSpread | None:
        """The formation's losses over a cached sweep of this battle, if there is one."""
        fid = self.scenario.formations[selected].id
        return self.spreads.of(fid, world.account, world.strengths, world.scale)

    def _data(self, world, selected: int):
        """The panel's values, with the formation's spread over a sweep."""
        spread = self.spread(world, selected)
        return panel_data(self.scenario, world, selected, spread, self.fonts.words)

    def rows(self, world, i: int) -> slice:
        return rows(world.formations, i)

    # -- arranging ------------------------------------------------------------------------------
    def place_minimap(
        self,
        size: tuple[int, int],
        units: Units,
        bar_top: int,
        state: InspectState,
        offset: tuple[int, int] = (0, 0),
    ) -> pygame.Rect:
        """The minimap in the bottom corner the panel does not use, just above the bar;
        `offset` (burn-in drift) moves it."""
        right = not (state.is_open and state.panel_right)
        self.minimap.place(size, right, bar_top, units)
        self.minimap.rect.move_ip(offset)
        return self.minimap.rect.copy()

    def place_panel(
        self,
        size: tuple[int, int],
        units: Units,
        bar_top: int,
        top_boxes: list[pygame.Rect],
        state: InspectState,
        playback: Playback,
    ) -> pygame.Rect | None:
        """The open panel: below the boxes of `top_boxes` over its side, down to the bar,
        as narrow as lets its text fit; where none fits, without its chart, then without
        the commanders' notes too (their names and posts stay)."""
        if not state.is_open:
            return None
        w, _ = size
        m = units.px(theme.MARGIN)
        bottom = bar_top - m
        world = playback.world
        widths = _widths(units, w, m)
        tiers = ((True, True), (BESIDE, True), (False, True), (False, False))
        self.paged = False
        for (chart, notes), width in [(t, k) for t in tiers for k in widths]:
            x = w - m - width if state.panel_right else m
            over = [b.bottom for b in top_boxes if b.x < x + width and x < b.right]
            top = max(over, default=0) + m
            need = self._height(units, width, state, playback, world, chart, notes)
            self.chart, self.notes = chart, notes
            if need <= bottom - top:
                break
        else:  # nowhere whole: the widest panel, its notes kept, its columns paged
            self.chart, self.notes, self.paged = False, True, True
            need = bottom - top
        return pygame.Rect(x, top, width, max(min(need, bottom - top), 1))

    def _height(self, units, width, state, playback, world, chart: bool, notes: bool) -> int:
        content = self._content(world, state, playback)
        return panel_height(self.fonts, content, units, width, chart, notes)

    def _content(self, world, state: InspectState, playback: Playback) -> PanelContent:
        """The panel's values and chart for the selected formation, now."""
        clock = self.scenario.clock
        return PanelContent(
            self._data(world, state.selected),
            state.history,
            chart_series(self.scenario, world, state.selected),
            clock.end_seconds,
            playback.display_seconds,
            (clock.time_of_day(0.0), clock.time_of_day(clock.end_seconds)),
        )

    # -- drawing --------------------------------------------------------------------------------
    def draw_field(self, target: pygame.Surface, seen: Seen) -> None:
        """On the map: brackets round the selected formation, and (far out, where soldiers are
        splats) a standard over every commander so he can be found."""
        camera, playback, pos, state, units = seen.parts()
        s = playback.world.soldiers
        on = on_field(s.state)
        chiefs = np.flatnonzero((s.commander >= 0) & on)
        if camera.scale < SPRITE_MIN_SCALE and chiefs.size:
            xs, ys = camera.world_to_screen(pos[:, chiefs]).tolist()
            for x, y, row in zip(xs, ys, chiefs.tolist(), strict=True):  # <= a dozen
                side = self.scenario.sides[self.scenario.formations[s.formation[row]].side]
                _standard(target, int(x), int(y), side.colour, units)
        if not state.is_open:
            return
        box = formation_screen_box(camera, pos, s.state, self.rows(playback.world, state.selected))
        if box is None:
            return
        x0, y0, x1, y1 = box
        pad = units.px(14) + (0.9 * camera.scale if camera.scale >= SPRITE_MIN_SCALE else 0)
        rect = pygame.Rect(x0 - pad, y0 - 2 * pad, x1 - x0 + 2 * pad, y1 - y0 + 3 * pad)
        _brackets(target, rect, units)

    def label_requests(self, seen: Seen, regions: Regions) -> list[LabelRequest]:
        """For the frame's placement pass: the selected formation's commanders named over their
        heads, and the hover label for what is under the pointer (never over the panel: the
        panel is an obstacle of the pass, and a pointer on it names nothing)."""
        camera, playback, pos, state, units = seen.parts()
        world = playback.world
        out = (
            self._commander_tags(camera, world, pos, state.selected, units) if state.is_open else []
        )
        self.hover_text = ""
        at = state.hover_pos
        if at is None or any(r.collidepoint(at) for r in regions.obstacles()):
            return out
        s = world.soldiers
        row = pick_soldier(camera, pos, s.state, s.commander, at[0], at[1], HOVER_RADIUS_PX)
        if row < 0:
            return out
        i, k = int(s.formation[row]), int(s.commander[row])
        spec = self.scenario.formations[i]
        text, key = spec.name, banner_key(i)
        if 0 <= k < len(spec.commanders):
            text, key = f"{spec.commanders[k].name} · {spec.name}", commander_key(i, k)
        self.hover_text = text
        colour = self.scenario.sides[spec.side].colour
        size = units.text(theme.LABEL_SIZE)
        out.append(hover_request(key, self.fonts, text, colour, at, size, units.px(24)))
        return out

    def _commander_tags(self, camera, world, pos, selected: int, units: Units) -> list:
        s = world.soldiers
        rows = self.rows(world, selected)
        on = on_field(s.state[rows])
        chiefs = np.flatnonzero((s.commander[rows] >= 0) & on) + rows.start
        spec = self.scenario.formations[selected]
        out = []
        for row in chiefs.tolist():  # <= a few
            k = int(s.commander[row])
            if k >= len(spec.commanders):
                continue
            x, y = camera.point_to_screen(float(pos[0, row]), float(pos[1, row]))
            surf = _tag_surface(self.fonts, spec.commanders[k].name, units)
            w, h = surf.get_size()
            lift = max(units.px(30), 2.6 * camera.scale)
            gap = units.px(8)
            cands = tuple((-w / 2, -lift - h - n * (h + gap)) for n in range(3))
            out.append(LabelRequest(commander_key(selected, k), surf, (x, y), cands, TAG_PRIORITY))
        return out

    def draw_overlay(
        self, target: pygame.Surface, seen: Seen, regions: Regions, layout: Layout
    ) -> None:
        """Over the HUD: the selected banner ringed, the minimap, the panel; their rectangles
        go into `layout`."""
        camera, playback, pos, state, units = seen.parts()
        world = playback.world
        s = world.soldiers
        ring = layout.get(f"label.{banner_key(state.selected)}") if state.is_open else None
        if ring is not None:
            w = max(2, units.px(3))
            pygame.draw.rect(target, theme.HIGHLIGHT, ring.inflate(2 * w, 2 * w), width=w)
        self.minimap.draw(
            target,
            camera,
            pos,
            s.state,
            s.side,
            [self.scenario.sides[k].colour for k in sorted(self.scenario.sides)],
            self.rows(world, state.selected) if state.is_open else None,
            (playback.prev_pos, s.pos),
        )
        layout.add("minimap", self.minimap.rect)
        if regions.panel is None:
            return
        parts = draw_panel(
            target,
            self.fonts,
            regions.panel,
            self._content(world, state, playback),
            state.follow,
            state.commander,
            units,
            self.chart,
            self.notes,
            state.panel_page if self.paged else None,
        )
        self.drawn = parts
        layout.add_box("panel", regions.panel)
        for name, rect in parts.leaves():
            layout.add(name, rect)


def _widths(units: Units, w: int, m: int) -> list[int]:
    """Panel widths to try, narrowest first: the design width, then wider in steps."""
    first = panel_width(units, w - 2 * m)
    widest = max(first, round((w - 2 * m) * WIDEST_PANEL))
    steps = 4
    return [first + (widest - first) * k // steps for k in range(steps + 1)]


def commander_key(formation: int, commander: int) -> str:
    return f"commander.{formation}.{commander}"


def _tag_surface(fonts: Fonts, name: str, units: Units) -> pygame.Surface:
    """A commander's name over his head: dark ground, gold edge."""
    ink = fonts.render(name, "sans-bold", units.text(theme.SMALL_SIZE), theme.INK)
    px, py = units.px(7), units.px(3)
    surf = pygame.Surface((ink.get_width() + 2 * px, ink.get_height() + 2 * py), pygame.SRCALPHA)
    surf.fill((*theme.PANEL, theme.TOOLTIP_ALPHA))
    pygame.draw.rect(surf, theme.HIGHLIGHT, surf.get_rect(), width=1)
    surf.blit(ink, (px, py))
    return surf


def _brackets(target: pygame.Surface, r: pygame.Rect, units: Units) -> None:
    """Corner brackets: a frame that marks without hiding the men inside."""
    a = min(units.px(BRACKET), r.width // 2, r.height // 2)
    for colour, width in (
        ((20, 20, 20), max(3, units.px(7))),
        (theme.HIGHLIGHT, max(2, units.px(4))),
    ):
        for cx, cy, dx, dy in (
            (r.left, r.top, 1, 1),
            (r.right, r.top, -1, 1),
            (r.left, r.bottom, 1, -1),
            (r.right, r.bottom, -1, -1),
        ):
            pygame.draw.lines(
                target, colour, False, [(cx + dx * a, cy), (cx, cy), (cx, cy + dy * a)], width
            )


def _standard(
    target: pygame.Surface, x: int, y: int, colour: tuple[int, int, int], units: Units
) -> None:
    """A commander's standard seen from afar: a pole and a flag in his side's colour."""
    pole = units.px(22)
    pygame.draw.line(target, (30, 24, 18), (x, y), (x, y - pole), max(2, units.px(3)))
    flag = pygame.Rect(x + 1, y - pole, units.px(14), units.px(10))
    pygame.draw.rect(target, colour, flag)
    pygame.draw.rect(target, theme.GOLD, flag, width=1)
