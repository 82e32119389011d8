"""The formation layer: each formation as a block in its side's colours, as battle maps draw it.

At the overview a block is an oriented rectangle, its front along the formation's facing, its
frontage and depth those its men fill (never under MIN_W x MIN_H px), filled in the side's
colour; allied contingents (the Ghassanids, the Lakhmids) take a lighter tint *and* stripes, so
colour is never the only cue. At its centre an upright symbol says what it is (after APP-6,
simplified): infantry an X, cavalry one diagonal, horse archers a diagonal with an arrowhead,
foot archers a bow, light troops their base mark with two dots (loose order); a general's flag
flies over his household while he is with it, and a bar under the symbol shows the men left.
A shaken formation has a dashed outline; a routing one a dashed outline and a greyed fill.

As the camera closes in the fill fades out (the men show through), then the outline and the
symbol: from OUTLINE_GONE px/m up, where the men are drawn as figures, the men alone are the
picture. The men are always drawn, under the blocks: they stay the truth.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from functools import cached_property

import numpy as np
import pygame

from game.scenario.codes import Kind, Side
from game.scenario.specs import Scenario
from game.view import strokes
from game.view.block_sprites import BlockSprites, Body, paint_strokes
from game.view.camera import Camera
from game.view.footprints import Footprints
from game.view.units import UNSCALED, Units

MIN_W, MIN_H = 24, 8  # px: the smallest block, whatever the zoom
FILL_ALPHA = 0.85
OUTLINE_DARK = 0.6  # the outline is 40 % darker than the fill
FULL_BELOW = 1.0  # px/m: blocks fully drawn up to here...
FILL_GONE = 2.2  # ...their fill faded out here...
OUTLINE_GONE = 3.0  # ...and outline and symbol here (where the men become figures)
MELEE_FILL = 0.5  # a block in contact is filled this much lighter: the men in the press show
SHAKEN_BELOW = 0.6  # morale under which a formation's outline turns dashed
ROUT_GREY = 0.5
SYMBOL_W, SYMBOL_H = 40, 26
BAR_H, BAR_GAP = 5, 3
PALE = 0.7  # the symbol's ground: the fill colour this far towards white
INK = (246, 242, 232)
TRACK = (34, 30, 28)
ALLIED = {Side.ROMAN: (214, 96, 77), Side.PERSIAN: (67, 147, 195)}
"""Allied tints of each side (ColorBrewer RdBu, #D6604D and #4393C3), see cartography notes D."""


class Mark(Enum):
    """The kind mark inside a block's symbol."""

    INFANTRY = "infantry"
    CAVALRY = "cavalry"
    HORSE_ARCHERS = "horse archers"
    FOOT_ARCHERS = "foot archers"
    LIGHT_FOOT = "light infantry"
    LIGHT_HORSE = "light cavalry"


MARK_OF_KIND = {
    Kind.INFANTRY: Mark.INFANTRY,
    Kind.ARCHER: Mark.FOOT_ARCHERS,
    Kind.LIGHT_INFANTRY: Mark.LIGHT_FOOT,
    Kind.CAVALRY: Mark.CAVALRY,
    Kind.HORSE_ARCHER: Mark.HORSE_ARCHERS,
    Kind.LIGHT_CAVALRY: Mark.LIGHT_HORSE,
    Kind.COMMANDER: Mark.CAVALRY,
}


@dataclass(frozen=True)
class DrawnBlock:
    """What the layer drew for one formation (tests and the label pass read these)."""

    index: int
    mark: Mark
    flag: bool  # a general's flag over his household
    corners: np.ndarray  # (4, 2) screen px
    symbol: pygame.Rect  # the symbol and its strength bar
    strength: float  # men now / men at the start
    outline: str  # "solid", "dashed"
    routing: bool

    @cached_property  # (read a dozen times a frame: the caption, hint, labels keep off it)
    def box(self) -> pygame.Rect:
        """The screen rectangle round the block (its corners' bounds)."""
        (x0, y0), (x1, y1) = self.corners.min(axis=0), self.corners.max(axis=0)
        return pygame.Rect(int(x0), int(y0), int(x1 - x0) + 1, int(y1 - y0) + 1)


def fade(scale: float) -> tuple[float, float]:
    """(fill, line) opacity of the layer at a camera scale: 1 at the overview, 0 close up."""

    def ramp(a: float, b: float) -> float:
        return float(np.clip((b - scale) / (b - a), 0.0, 1.0))

    return ramp(FULL_BELOW, FILL_GONE), ramp(FILL_GONE, OUTLINE_GONE)


def block_corners(camera: Camera, feet: Footprints, rows: np.ndarray) -> np.ndarray:
    """(len(rows), 4, 2): the blocks of formations `rows` on screen, each grown to MIN_W x
    MIN_H px if smaller (all at once: per block, numpy's overhead was most of the cost)."""
    ox, oy = camera.origin
    s = camera.scale
    sx, sy = (feet.x[rows] - ox) * s, (feet.y[rows] - oy) * s
    half_w = np.maximum(feet.front[rows] * s, MIN_W) / 2
    half_h = np.maximum(feet.depth[rows] * s, MIN_H) / 2
    corners = strokes.rect_corners(sx, sy, feet.fx[rows], feet.fy[rows], half_w, half_h)
    return np.moveaxis(corners, 2, 0)


class BlockLayer:
    """Draws the blocks; keeps a small cache of rendered symbols."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        named = scenario.wording.named
        self.kinds_at_start = [f.kind for f in scenario.formations]
        self.fills = [
            ALLIED[f.side] if named[i].allied else scenario.sides[f.side].colour
            for i, f in enumerate(scenario.formations)
        ]
        self.allied = [n.allied for n in named]
        self.household = [n.household for n in named]
        self.pennants = [f.palette[1] for f in scenario.formations]
        self._symbols: dict[tuple, pygame.Surface] = {}
        self.sprites = BlockSprites()  # the bodies at the overview, kept while their pixels are
        self._looks: dict[tuple, Body] = {}  # each block's colours, by its state
        self._k = 1.0  # screen px per design px of the frame being drawn

    def draw(
        self,
        target: pygame.Surface,
        camera: Camera,
        feet: Footprints,
        kinds: np.ndarray,
        men_start: np.ndarray,
        dim: np.ndarray,
        units: Units = UNSCALED,
    ) -> list[DrawnBlock]:
        """Draw every formation on the field; `dim` (F,) is each one's brightness (spotlight).
        Symbols are sized in design px (`units`)."""
        self._k = units.scale
        fill_a, line_a = fade(camera.scale)
        if line_a <= 0:
            return []
        view = target.get_rect().inflate(200, 200)
        drawn = []
        present = np.flatnonzero(feet.present)
        # attackers under those they attack, so a stand is not buried under its assailants
        order = present[np.argsort(~feet.attacking[present], kind="stable")]
        symbols = []  # every block is filled first, then the marks go on top, clear of each other
        for i, corners in zip(order.tolist(), block_corners(camera, feet, order), strict=True):
            xs, ys = zip(*corners.tolist(), strict=True)
            if max(xs) < view.left or max(ys) < view.top:
                continue
            if min(xs) > view.right or min(ys) > view.bottom:
                continue
            symbols.append(
                self._draw_one(
                    target, feet, i, corners, int(kinds[i]), men_start, dim, fill_a, line_a
                )
            )
        taken: list[pygame.Rect] = []
        # households first (their general's flag), then the bigger bodies, keep their places
        for block, symbol, centre in sorted(symbols, key=lambda d: (not d[0].flag, d[0].index)):
            rect = clear_spot(pygame.Rect(block.symbol), taken)
            taken.append(rect)
            if rect.topleft != block.symbol.topleft:  # a hairline from the block to its mark
                ink = strokes.shade(self.fills[block.index], OUTLINE_DARK)
                pygame.draw.line(target, ink, centre, rect.center, max(1, round(self._k)))
            symbol.set_alpha(round(255 * line_a))
            target.blit(symbol, rect.topleft)
            drawn.append(replace(block, symbol=rect))
        return sorted(drawn, key=lambda b: b.index)

    def _draw_one(
        self,
        target: pygame.Surface,
        feet: Footprints,
        i: int,
        corners: np.ndarray,
        kind: int,
        men_start: np.ndarray,
        dim: np.ndarray,
        fill_a: float,
        line_a: float,
    ) -> tuple[DrawnBlock, pygame.Surface, tuple[int, int]]:
        routing = bool(feet.routing[i])
        shaken = routing or float(feet.morale[i]) < SHAKEN_BELOW
        engaged = bool(feet.engaged[i])
        look = (i, routing, shaken, engaged, float(dim[i]), fill_a)
        body = self._looks.get(look)
        if body is None:
            if len(self._looks) > 256:
                self._looks.clear()
            body = self._looks[look] = self._body(i, routing, shaken, engaged, look[4], fill_a)
        fill = body.fill
        pts = [tuple(p) for p in corners.tolist()]
        kept = fill_a >= 1 and line_a >= 1  # the overview: opaque strokes, kept as sprites
        if not (kept and self.sprites.draw(target, pts, body)):
            strokes.fill_polygon(target, fill, body.fill_alpha, pts)
            paint_strokes(target, pts, body, fill_a, round(255 * line_a))
        mark = MARK_OF_KIND[Kind(kind)]
        flag = self.household[i] and bool(feet.commanded[i])
        strength = min(max(float(feet.men[i]) / max(float(men_start[i]), 1.0), 0.0), 1.0)
        symbol = self._symbol(mark, flag, fill, self.pennants[i], strength, self.allied[i])
        cx, cy = sum(p[0] for p in pts) / 4, sum(p[1] for p in pts) / 4
        k = self._k  # the symbol's frame (not its flag or bar) centred on the block
        flag_h = symbol.get_height() - round(k * (SYMBOL_H + BAR_H + BAR_GAP))
        top_left = (round(cx - symbol.get_width() / 2), round(cy - k * SYMBOL_H / 2) - flag_h)
        return (
            DrawnBlock(
                index=i,
                mark=mark,
                flag=flag,
                corners=corners,
                symbol=pygame.Rect(top_left, symbol.get_size()),
                strength=strength,
                outline="dashed" if shaken else "solid",
                routing=routing,
            ),
            symbol,
            (round(cx), round(cy)),
        )

    def _body(
        self, i: int, routing: bool, shaken: bool, engaged: bool, dim: float, fill_a: float
    ) -> Body:
        """Block `i`'s colours and marks in this state (kept: a few colour sums each)."""
        fill = self.fills[i]
        if routing:
            fill = strokes.desaturate(fill, ROUT_GREY)
        fill = strokes.shade(fill, dim)
        melee = MELEE_FILL if engaged else 1.0
        return Body(
            fill,
            round(255 * FILL_ALPHA * fill_a * melee),
            strokes.mix(fill, (255, 255, 255), 0.45) if self.allied[i] else None,
            strokes.mix(fill, INK, 0.75) if engaged else None,
            strokes.shade(fill, OUTLINE_DARK),
            shaken,
        )

    def _symbol(self, mark: Mark, flag: bool, fill, pennant, strength: float, allied: bool):
        key = (mark, flag, fill, pennant, round(strength * 40), allied, self._k)
        hit = self._symbols.get(key)
        if hit is not None:
            return hit
        surf = draw_symbol(mark, flag, fill, pennant, round(strength * 40) / 40)
        if abs(self._k - 1.0) > 0.02:
            surf = pygame.transform.smoothscale_by(surf, self._k)
        if len(self._symbols) > 512:
            self._symbols.clear()
        self._symbols[key] = surf
        return surf

    def legend_entries(self) -> list[tuple[str, pygame.Surface]]:
        """A swatch for each kind mark, for the map's legend."""
        red = self.scenario.sides[Side.ROMAN].colour
        return [(m.value, draw_symbol(m, False, red, (240, 214, 130), 1.0)) for m in Mark]


FLAG_H = 16  # px the general's flag rises above the symbol
MARK_GAP = 3  # px kept between two kind marks


def clear_spot(rect: pygame.Rect, taken: list[pygame.Rect]) -> pygame.Rect:
    """`rect` where it is, or the nearest of a few steps away (above, below, beside: at most
    two marks' heights or one mark's width) where it overlaps none of `taken`; where none is
    free, where it is (a crowd of more than nine marks in one place)."""
    w, h = rect.width + MARK_GAP, rect.height + MARK_GAP
    steps = [(0, 0), (0, -h), (0, h), (w, 0), (-w, 0), (w, -h), (-w, -h), (w, h), (-w, h)]
    steps += [(0, -2 * h), (0, 2 * h)]
    for dx, dy in steps:
        moved = rect.move(dx, dy)
        if moved.inflate(2 * MARK_GAP, 2 * MARK_GAP).collidelist(taken) < 0:
            return moved
    return rect


def draw_symbol(mark: Mark, flag: bool, fill, pennant, strength: float) -> pygame.Surface:
    """The upright unit symbol: pale frame, dark kind mark, strength bar; a flag above."""
    top = FLAG_H if flag else 0
    surf = pygame.Surface((SYMBOL_W, top + SYMBOL_H + BAR_GAP + BAR_H), pygame.SRCALPHA)
    frame = pygame.Rect(0, top, SYMBOL_W, SYMBOL_H)
    ink = strokes.shade(fill, 0.42)
    pygame.draw.rect(surf, strokes.mix(fill, (255, 255, 255), PALE), frame)
    pygame.draw.rect(surf, ink, frame, 2)
    draw_mark(surf, mark, frame.inflate(-6, -6), ink)
    if flag:
        staff_x = frame.x + 3
        pygame.draw.line(surf, ink, (staff_x, frame.y), (staff_x, 1), 2)
        pygame.draw.polygon(surf, pennant, [(staff_x + 1, 1), (staff_x + 15, 5), (staff_x + 1, 9)])
        pygame.draw.polygon(surf, ink, [(staff_x + 1, 1), (staff_x + 15, 5), (staff_x + 1, 9)], 1)
    bar = pygame.Rect(0, frame.bottom + BAR_GAP, SYMBOL_W, BAR_H)
    pygame.draw.rect(surf, TRACK, bar)
    if strength > 0:
        pygame.draw.rect(
            surf, INK, (1, bar.y + 1, max(1, round((SYMBOL_W - 2) * strength)), BAR_H - 2)
        )
    return surf


def draw_mark(surf: pygame.Surface, mark: Mark, r: pygame.Rect, ink) -> None:
    """The kind mark inside `r`, in strokes 2 px wide (the outline's width)."""
    bl, tr = (r.left, r.bottom - 1), (r.right - 1, r.top)
    tl, br = (r.left, r.top), (r.right - 1, r.bottom - 1)
    if mark in (Mark.INFANTRY, Mark.LIGHT_FOOT):
        pygame.draw.line(surf, ink, tl, br, 2)
        pygame.draw.line(surf, ink, bl, tr, 2)
    if mark in (Mark.CAVALRY, Mark.HORSE_ARCHERS, Mark.LIGHT_HORSE):
        pygame.draw.line(surf, ink, bl, tr, 2)
    if mark is Mark.HORSE_ARCHERS:  # an arrowhead at the diagonal's upper end
        pygame.draw.polygon(surf, ink, [tr, (tr[0] - 9, tr[1] + 1), (tr[0] - 1, tr[1] + 8)])
    if mark is Mark.FOOT_ARCHERS:  # a bow and its string
        bow = pygame.Rect(r.centerx - r.height // 2 - 2, r.top, r.height, r.height)
        pygame.draw.arc(surf, ink, bow, -1.35, 1.35, 2)
        pygame.draw.line(
            surf, ink, (bow.centerx + 1, r.top + 1), (bow.centerx + 1, r.bottom - 2), 1
        )
        pygame.draw.line(surf, ink, (r.left + 2, r.centery), (r.right - 3, r.centery), 2)
    if mark is Mark.LIGHT_FOOT:  # loose order: a dot either side of the X
        for x in (r.left + 3, r.right - 4):
            pygame.draw.circle(surf, ink, (x, r.centery), 2)
    if mark is Mark.LIGHT_HORSE:  # loose order: a dot in each free corner
        for p in ((r.left + 5, r.top + 4), (r.right - 6, r.bottom - 5)):
            pygame.draw.circle(surf, ink, p, 2)
