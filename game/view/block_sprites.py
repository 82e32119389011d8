"""Formation blocks kept as sprites: a block whose pixels would be the same is blitted.

At the overview a block is drawn fully opaque in its strokes and at one alpha in its fill, and
pygame rasterises it to whole pixels: between two ticks (and for a block standing still for
minutes) most frames would repaint exactly the pixels of the frame before, at about 0.25 ms a
block in filled polygons, ~20 line draws and Python. So the block's body (fill, stripes, melee
edge, outline) is drawn once into a translucent sprite, keyed by everything its pixels depend
on: its corners snapped to whole pixels relative to the sprite, and its colours and marks.
A block that moves by whole pixels only is the same sprite blitted elsewhere. Nothing needs
invalidating: a change of camera, zoom, light (applied after the blocks), state or colour is a
different key. Kept in a bounded LRU.

The sprite's fill alpha is the fill's and its anti-aliased edge's coverage composed (both are
the fill's colour), so blitting it blends the map under it as drawing the block there would,
to within a level of rounding; strokes are opaque and copied as they are.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import NamedTuple

import numpy as np
import pygame
import pygame.gfxdraw

from game.view import strokes

SPRITES_KEPT = 128
"""Sprites kept: ~20 blocks on the field, a few shapes each while they move."""
PAD = 4  # px round the corners: the widest stroke (the melee edge, 5 px) reaches 3 px out
MAX_AREA = 1920 * 1080 // 2  # px: a bigger block (a close zoom) is drawn, not kept
STRIPE_GAP = 7  # px between the stripes of an allied block
DASH = (9.0, 6.0)


class Body(NamedTuple):
    """What a block's body looks like, besides its corners: everything its pixels depend on."""

    fill: tuple[int, int, int]
    fill_alpha: int  # 0..255
    stripes: tuple[int, int, int] | None  # an allied contingent's stripes, if any
    pale: tuple[int, int, int] | None  # the pale melee edge, if engaged
    edge: tuple[int, int, int]  # the outline
    dashed: bool  # shaken or routing


def paint_strokes(target: pygame.Surface, pts: list, body: Body, fill_a: float, alpha: int) -> None:
    """The stripes, melee edge and outline over a block's fill (`alpha` the lines')."""
    if body.stripes is not None and fill_a > 0:
        stripes(target, np.asarray(pts, np.float64), body.stripes, fill_a)
    if body.pale is not None:  # in melee: a pale edge, where the two sides' blocks meet
        strokes.polyline(target, body.pale, alpha, pts, 5, True)
    strokes.polyline(
        target, body.edge, alpha, pts, 2, closed=True, dash=DASH if body.dashed else None
    )


def stripes(target: pygame.Surface, corners: np.ndarray, colour, fill_a: float) -> None:
    """Diagonal stripes across the block, clipped to it (in the block's own frame)."""
    fl, fr, _, rl = corners
    along = fr - fl  # the front edge
    down = rl - fl  # front to rear
    w = float(np.hypot(*along))
    h = float(np.hypot(*down))
    if w < 1 or h < 1 or fill_a < 0.5:  # fading out as the men show: stripes go first
        return
    ua, ud = along / w, down / h
    u0 = np.arange(-h, w, STRIPE_GAP)  # each stripe runs from (u0, 0) to (u0 + h, h)...
    t0 = np.maximum(0.0, -u0)  # ...clipped to 0 <= u <= w
    t1 = np.minimum(h, w - u0)
    keep = t1 > t0
    u0, t0, t1 = u0[keep], t0[keep], t1[keep]
    a = fl + (u0 + t0)[:, None] * ua + t0[:, None] * ud
    b = fl + (u0 + t1)[:, None] * ua + t1[:, None] * ud
    alpha = 255 if fill_a > 0.99 else round(255 * fill_a)
    strokes.segments(target, colour, alpha, np.stack([a, b], axis=1), 2)


class BlockSprites:
    """Each block's body as a kept sprite (opaque strokes, one fill alpha: the overview)."""

    def __init__(self, kept: int = SPRITES_KEPT):
        self.kept = kept
        self._sprites: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self.made = 0  # sprites drawn so far (tests: a block that has not changed is not)

    def draw(self, target: pygame.Surface, corners: list, body: Body) -> bool:
        """Blit the body of the block with (float) screen `corners`, snapped to whole pixels;
        False, drawing nothing, if it is too big to keep (the caller draws it)."""
        xs = [round(x) for x, _ in corners]
        ys = [round(y) for _, y in corners]
        x0, y0 = min(xs) - PAD, min(ys) - PAD
        size = (max(xs) - x0 + PAD + 1, max(ys) - y0 + PAD + 1)
        if size[0] * size[1] > MAX_AREA:
            return False
        rel = tuple((x - x0, y - y0) for x, y in zip(xs, ys, strict=True))
        key = (rel, body)
        sprite = self._sprites.get(key)
        if sprite is None:
            sprite = self._sprites[key] = make_sprite(size, [list(p) for p in rel], body)
            self.made += 1
            if len(self._sprites) > self.kept:
                self._sprites.popitem(last=False)
        else:
            self._sprites.move_to_end(key)
        target.blit(sprite, (x0, y0))
        return True

    def clear(self) -> None:
        self._sprites.clear()

    def __len__(self) -> int:
        return len(self._sprites)


def make_sprite(size: tuple[int, int], pts: list, body: Body) -> pygame.Surface:
    """The block's body on a transparent sprite of `size` px, its corners at `pts`."""
    inside = pygame.Surface(size)  # the fill's coverage: 0 or 255...
    pygame.gfxdraw.filled_polygon(inside, pts, (255, 255, 255))
    edge = pygame.Surface(size)  # ...and its anti-aliased edge's, as the fill draws them
    pygame.gfxdraw.aapolygon(edge, pts, (255, 255, 255))
    a = body.fill_alpha / 255.0
    cover_in = pygame.surfarray.pixels_red(inside) / 255.0  # (views: no copy to make)
    cover_edge = pygame.surfarray.pixels_red(edge) / 255.0
    alpha = 255.0 * (1.0 - (1.0 - a * cover_in) * (1.0 - a * cover_edge))
    sprite = pygame.Surface(size, pygame.SRCALPHA)
    sprite.fill((*body.fill, 0))
    view = pygame.surfarray.pixels_alpha(sprite)
    view[...] = np.rint(alpha).astype(np.uint8)
    del view
    paint_strokes(sprite, pts, body, 1.0, 255)  # (opaque: written as they are)
    return sprite
