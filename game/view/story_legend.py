"""The story layers' entries in the map's legend: block marks and states, arrows, ghosts, numbers.

Each swatch is drawn by the same functions that draw the mark on the map, so the legend cannot
say one thing while the map shows another.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pygame

from game.lang.words import N_
from game.scenario.codes import Side
from game.view import strokes
from game.view.block_sprites import DASH, STRIPE_GAP
from game.view.blocks import ALLIED, OUTLINE_DARK, BlockLayer, Mark, draw_symbol
from game.view.curves import arrow_outline
from game.view.legend import LegendContext, LegendEntry
from game.view.movement import CASING, GHOST_ALPHA, NECK_W, ROUT_DASH, TAIL_W

STRINGS = {
    "blocks": N_("Formations"),
    "moves": N_("Movement"),
    Mark.INFANTRY: N_("Infantry"),
    Mark.CAVALRY: N_("Cavalry"),
    Mark.HORSE_ARCHERS: N_("Horse archers"),
    Mark.FOOT_ARCHERS: N_("Foot archers"),
    Mark.LIGHT_FOOT: N_("Light infantry (loose order)"),
    Mark.LIGHT_HORSE: N_("Light cavalry (loose order)"),
    "flag": N_("A general's household; bar: men left"),
    "allied": N_("Allied contingent (striped)"),
    "shaken": N_("Shaken: dashed; routing: greyed too"),
    "advance": N_("Move this phase"),
    "rout": N_("Flight this phase"),
    "ghost": N_("Where they stood as it began"),
    "number": N_("Numbered event, as in the caption"),
}
"""Every visible string of this module, in one place (for a catalogue later)."""

Swatch = Callable[[pygame.Surface, pygame.Rect], None]


def story_legend(blocks: BlockLayer) -> Callable[[LegendContext], Sequence[LegendEntry]]:
    """The legend source for the story layers (Roman colours stand for either side)."""
    red = blocks.scenario.sides[Side.ROMAN].colour
    gold = (240, 214, 130)

    def entries(ctx: LegendContext) -> list[LegendEntry]:
        g, m = STRINGS["blocks"], STRINGS["moves"]
        out = [
            LegendEntry(STRINGS[k], _symbol(k, False, red, gold), g, f"mark.{k.name}") for k in Mark
        ]
        out += [
            LegendEntry(STRINGS["flag"], _symbol(Mark.CAVALRY, True, red, gold), g, "flag"),
            LegendEntry(STRINGS["allied"], _block(ALLIED[Side.ROMAN], stripes=True), g, "allied"),
            LegendEntry(STRINGS["shaken"], _shaken(red), g, "shaken"),
            LegendEntry(STRINGS["advance"], _arrow(red, 255), m, "advance"),
            LegendEntry(STRINGS["rout"], _dashed(red), m, "flight"),
            LegendEntry(STRINGS["ghost"], _ghost(red), m, "ghost"),
            LegendEntry(STRINGS["number"], _number(red), m, "number"),
        ]
        return out

    return entries


def _symbol(mark: Mark, flag: bool, fill, pennant) -> Swatch:
    def paint(target: pygame.Surface, r: pygame.Rect) -> None:
        surf = draw_symbol(mark, flag, fill, pennant, 1.0)
        k = min(r.width / surf.get_width(), r.height / surf.get_height())
        small = pygame.transform.smoothscale_by(surf, k)
        target.blit(small, small.get_rect(center=r.center))

    return paint


def _shaken(fill) -> Swatch:
    """A shaken block (dashed) beside a routing one (dashed and greyed)."""
    grey = strokes.desaturate(fill, 0.5)

    def paint(target: pygame.Surface, r: pygame.Rect) -> None:
        half = r.width // 2
        _block(fill, dashed=True)(target, pygame.Rect(r.x, r.y, half + 3, r.height))
        _block(grey, dashed=True)(target, pygame.Rect(r.x + half - 3, r.y, half + 3, r.height))

    return paint


def _block(fill, dashed: bool = False, stripes: bool = False) -> Swatch:
    def paint(target: pygame.Surface, r: pygame.Rect) -> None:
        box = r.inflate(-6, -8)
        corners = [box.topleft, box.topright, box.bottomright, box.bottomleft]
        strokes.fill_polygon(target, fill, 230, corners)
        if stripes:
            light = strokes.mix(fill, (255, 255, 255), 0.45)
            for x in range(box.left - box.height, box.right, STRIPE_GAP):
                a = pygame.Vector2(max(x, box.left), box.top + max(0, box.left - x))
                b = pygame.Vector2(
                    min(x + box.height, box.right), box.top + min(box.height, box.right - x)
                )
                if b.x > a.x:
                    strokes.line(target, light, 220, a, b, 2)
        edge = strokes.shade(fill, OUTLINE_DARK)
        strokes.polyline(target, edge, 255, corners, 2, closed=True, dash=DASH if dashed else None)

    return paint


def _arrow(fill, alpha: int) -> Swatch:
    def paint(target: pygame.Surface, r: pygame.Rect) -> None:
        curve = np.array(
            [[r.left + 2, r.centery + 4], [r.centerx, r.centery - 2], [r.right - 2, r.centery - 2]]
        )
        shaft, head = arrow_outline(curve, TAIL_W * 0.8, NECK_W * 0.8)
        for poly in (shaft, head):
            pts = [tuple(p) for p in poly]
            strokes.polyline(target, CASING, alpha, pts, 2, closed=True)
            strokes.fill_polygon(target, fill, alpha, pts)

    return paint


def _dashed(fill) -> Swatch:
    def paint(target: pygame.Surface, r: pygame.Rect) -> None:
        y = r.centery
        pts = [(r.left + 2, y), (r.right - 10, y)]
        strokes.polyline(target, CASING, 255, pts, 6, dash=(ROUT_DASH[0] * 0.6, ROUT_DASH[1] * 0.6))
        strokes.polyline(target, fill, 255, pts, 4, dash=(ROUT_DASH[0] * 0.6, ROUT_DASH[1] * 0.6))
        tip = (r.right - 2, y)
        for wing in ((r.right - 10, y - 6), (r.right - 10, y + 6)):
            strokes.line(target, fill, 255, wing, tip, 3)

    return paint


def _ghost(fill) -> Swatch:
    def paint(target: pygame.Surface, r: pygame.Rect) -> None:
        box = r.inflate(-6, -8)
        corners = [box.topleft, box.topright, box.bottomright, box.bottomleft]
        strokes.polyline(
            target, strokes.shade(fill, 0.55), round(255 * GHOST_ALPHA * 2), corners, 2, closed=True
        )

    return paint


def _number(fill) -> Swatch:
    def paint(target: pygame.Surface, r: pygame.Rect) -> None:
        c = r.center
        pygame.draw.circle(target, (24, 22, 20), c, r.height // 2)
        pygame.draw.circle(target, fill, c, r.height // 2 - 2)
        # the numeral drawn as strokes: a swatch is a picture, scaled with the legend (its
        # words, not its pictures, keep the type's physical minimum)
        h = max(r.height // 2 - 4, 3)
        x, top, foot = c[0] + 1, c[1] - h, c[1] + h
        white = (255, 255, 255)
        pygame.draw.line(target, white, (x, top), (x, foot), 3)
        pygame.draw.line(target, white, (x, top), (x - h // 2 - 1, top + h // 2), 2)
        pygame.draw.line(target, white, (x - h // 2, foot), (x + h // 2, foot), 2)

    return paint
