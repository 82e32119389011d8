"""The fixed interface over the map, arranged and drawn in one pass a frame: the HUD, the
minimap, the unit panel, and every label on the map through one placement pass.

Order matters and is the point of this module: `arrange` places the minimap first (the caption
keeps clear of it), then the HUD, then the panel below the HUD boxes on its side; the scene adds
what else must be kept clear (the map's marginalia) and hands in its label requests; `finish`
places every label against all of them and the bar, and only then draws over the map. The
rectangles go into the frame's `Layout`, which is returned for hit tests, the report and tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pygame

from game.scenario.specs import Scenario
from game.timeline.playback import Playback
from game.view import theme
from game.view.aside import step_aside
from game.view.camera import Camera
from game.view.fonts import Fonts
from game.view.hint import HintPlacer
from game.view.hud import Block, HudLayouts, HudState, Shades, draw_blocks
from game.view.inspect import InspectState, InspectView, Regions, Seen
from game.view.layout import Layout
from game.view.placement import LabelRequest, Placed, blit_placed, place
from game.view.story_button import story_button
from game.view.terrain import TerrainPainter
from game.view.units import UNSCALED, Units

LABEL_EDGE_MM = 2.5
"""Kept clear between a label and the screen's edge (a label flush with the edge reads as
cut off); at least 10 design px."""


def label_edge(units: Units) -> int:
    """The margin labels keep from the screen's edge on this screen, in px."""
    return max(units.px(10), round(LABEL_EDGE_MM * units.px_per_mm))


@dataclass(frozen=True)
class Frame:
    """How this frame's interface is set: the bar's px at the bottom, the inspect state (None:
    no minimap or panel, as in a bare screenshot), burn-in drift, units, and boxes others draw
    after the scene (a kiosk's hint) that labels must keep clear of."""

    bottom_reserved: int = 0
    ui: InspectState | None = None
    offset: tuple[int, int] = (0, 0)
    units: Units = UNSCALED
    reserved: tuple[tuple[str, pygame.Rect], ...] = ()
    crowd: tuple[pygame.Rect, ...] = ()  # the formations' blocks: the caption steps off them
    arrows: tuple[pygame.Rect, ...] = ()  # the arrows' pieces: the caption moves off them only
    # sideways (narrowed, it is taller: the story camera would draw back for arrows alone)


@dataclass
class Arrangement:
    """Where the fixed interface goes this frame, before anything is drawn over the map."""

    frame: Frame
    blocks: list[Block]
    minimap: pygame.Rect | None
    panel: pygame.Rect | None
    obstacles: list[pygame.Rect]  # what labels and marginalia must keep clear of


NARROWER = (1.0, 0.72, 0.56)
"""The caption's widths, tried in turn, for one that leaves the formations' blocks clear."""


class Interface:
    def __init__(self, scenario: Scenario, fonts: Fonts, painter: TerrainPainter):
        self.fonts = fonts
        self.inspect = InspectView(scenario, fonts, painter)
        self.shades = Shades()  # the HUD panels' grounds, by size
        self.hud = HudLayouts()  # the last frame's HUD layout, while its inputs are the same
        self._x: int | None = None  # the caption's last x: where it stays while that is clear
        self._narrow: tuple[tuple, int] = ((), 0)  # the caption's text and its width's step
        self.hints = HintPlacer(fonts)  # the key hint, off the blocks at the top
        self._placed: tuple | None = None  # the last frame's HUD boxes, by all they came from

    def arrange(
        self, size: tuple[int, int], playback: Playback, hud: HudState, frame: Frame
    ) -> Arrangement:
        """The minimap first (the caption keeps clear of it), then the HUD, then the panel
        below the HUD boxes on its side; the bar, and boxes others draw, are obstacles too."""
        ui, units, offset = frame.ui, frame.units, frame.offset
        bar_top = size[1] - frame.bottom_reserved
        reserved = [r for _, r in frame.reserved]
        minimap = None
        if ui is not None:
            minimap = self.inspect.place_minimap(size, units, bar_top, ui, offset)
        clear = () if minimap is None else (minimap,)
        blocks = self._hud(hud, size, frame, clear)
        self._x = next((b.box.x for b in blocks if b.name == "caption"), None)
        top = [b.box for b in blocks if b.name != "caption"] + reserved
        panel = None
        if ui is not None:
            panel = self.inspect.place_panel(size, units, bar_top, top, ui, playback)
        obstacles = [b.box for b in blocks] + list(clear) + reserved
        obstacles.append(pygame.Rect(0, bar_top, size[0], frame.bottom_reserved))  # the bar
        obstacles += [panel] if panel is not None else []
        return Arrangement(frame, blocks, minimap, panel, obstacles)

    def _hud(self, hud: HudState, size, frame: Frame, clear: tuple) -> list[Block]:
        """`_place_hud`, kept while everything it reads is the same: its inputs, the boxes of
        the blocks and arrows in whole px, the language, and where the caption and the hint
        went (and how narrow) the frame before. Stepping them aside measured every place along
        the top and the foot against every block, each frame (~0.5 ms); an unchanged input
        gives the same boxes, so they and the state after them are taken as they were."""
        rects = (frame.crowd, frame.arrows, clear)
        key = (
            hud,
            tuple(size),
            (frame.bottom_reserved, tuple(frame.offset), frame.units),
            tuple(tuple(tuple(r) for r in group) for group in rects),
            (id(self.fonts), id(self.fonts.words), self.fonts.rtl),
            (self._x, self._narrow, self.hints.state()),
        )
        if self._placed is not None and self._placed[0] == key:
            _, blocks, self._narrow, hints = self._placed
            self.hints.restore(hints)
            return list(blocks)
        blocks = self._place_hud(hud, size, frame, clear)
        self._placed = (key, tuple(blocks), self._narrow, self.hints.state())
        return blocks

    def _place_hud(self, hud: HudState, size, frame: Frame, clear: tuple) -> list[Block]:
        """The HUD's boxes, the caption stepped aside off the formations' blocks: at its width
        if it can, else narrower (in more lines), else where it covers the least of them. A
        caption once narrowed stays narrow while its text is the same: the story camera frames
        the shot above the caption's top, and a caption that widened again as soon as the
        camera had made room would narrow again as soon as the camera eased back."""
        best: tuple[int, list[Block], int] | None = None
        said = (hud.caption, hud.event, size)  # narrowed once, a caption stays so till it changes
        start = self._narrow[1] if self._narrow[0] == said else 0
        where = (size, frame.bottom_reserved, frame.offset, frame.units, clear)
        button: tuple[pygame.Rect, ...] | None = None  # the same clock at every width: once
        for k, narrow in enumerate(NARROWER[start:], start):
            blocks = self.hud.layout(self.fonts, hud, *where, narrow=narrow)
            if button is None:
                clock = next((b.box for b in blocks if b.name == "clock"), None)
                button = (
                    ()
                    if clock is None
                    else (story_button(self.fonts, True, clock, frame.units).box,)
                )
            cap = next((b.box for b in blocks if b.name == "caption"), None)
            reach = 0 if cap is None else cap.top - 2 * frame.units.px(theme.MARGIN)
            crowd = tuple(c for c in frame.crowd if c.bottom >= reach)  # (down by the caption)
            arrows = tuple(c for c in frame.arrows if c.bottom >= reach)
            blocks, covered = step_aside(
                blocks,
                crowd,
                size[0],
                frame.units,
                (*clear, *button),  # (the story button goes under the clock, after the HUD)
                frame.bottom_reserved,
                size[1],
                self._x,
                arrows,
            )
            if best is None or covered < best[0]:
                best = (covered, blocks, k)
            if covered == 0:
                break
        self._narrow = (said, best[2])
        bar_top = size[1] - frame.bottom_reserved
        return self.hints.place(
            best[1],
            (*frame.crowd, *frame.arrows),
            frame.units,
            hud.hint,
            hud.phase,
            size,
            (*clear, *button),
            bar_top,
        )

    def finish(
        self,
        target: pygame.Surface,
        camera: Camera,
        playback: Playback,
        arranged: Arrangement,
        labels: list[LabelRequest],
        pos: np.ndarray | None = None,
        leaders: Callable[[pygame.Surface, Layout, list[Placed]], None] | None = None,
    ) -> Layout:
        """Place every label in one pass (the inspect view's own too), then draw their
        `leaders` (under the labels: a line that must cross one passes beneath it), labels,
        HUD, minimap and panel; return the frame's layout. `pos`: the frame's positions of the
        men, if already interpolated."""
        layout = Layout(target.get_size())
        frame = arranged.frame
        ui, units = frame.ui, frame.units
        requests = list(labels)
        regions = None
        pos = playback.positions() if pos is None else pos
        if ui is not None and arranged.minimap is not None:
            regions = Regions(arranged.panel, arranged.minimap)
            seen = Seen(camera, playback, pos, ui, units)
            requests += self.inspect.label_requests(seen, regions)
        edge = label_edge(units)
        inside = target.get_rect().inflate(-2 * edge, -2 * edge)
        placed = place(requests, arranged.obstacles, inside)
        for p in placed:
            layout.add(f"label.{p.request.key}", p.rect)
        if leaders is not None:
            leaders(target, layout, placed)
        blit_placed(target, placed)
        draw_blocks(target, arranged.blocks, self.shades)
        for block in arranged.blocks:
            layout.add(block.name, block.box)
        for name, rect in frame.reserved:
            layout.add(name, rect)
        if ui is not None and regions is not None:
            self.inspect.draw_overlay(
                target, Seen(camera, playback, pos, ui, units), regions, layout
            )
        return layout
