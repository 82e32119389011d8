"""The minimap: the whole field in a corner, both armies as dots, the viewport as a frame.

The terrain image comes once from `TerrainPainter.overview` and is kept (one surface, keyed by
size). Soldiers are binned into the minimap's pixels with numpy, coloured by side. A frame's
men stand between two ticks; a man whose pixel is the same at both ticks (and a hair beyond
either: float32's interpolation may overshoot by an ulp) is in it in every frame between them,
so those pixels are found once per tick (`TickCells`) and a frame bins only the few men who
cross a pixel's edge. A click or tap inside it moves the
camera's centre to that point of the field.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.sim.world import on_field
from game.view import theme
from game.view.camera import Camera
from game.view.kept import KeptInputs
from game.view.terrain import TerrainPainter
from game.view.units import UNSCALED, Units

MINIMAP_WIDTH = 320
"""Wide enough to see both lines (8 km at 25 m per px), narrow enough to leave the bottom-centre
caption (1200 px) clear of it at 1920 px."""


def minimap_to_world(
    rect: pygame.Rect, map_size: tuple[float, float], pos: tuple[float, float]
) -> tuple[float, float]:
    """The field point under screen `pos` on a minimap drawn in `rect`."""
    return (
        (pos[0] - rect.x) / rect.width * map_size[0],
        (pos[1] - rect.y) / rect.height * map_size[1],
    )


class Minimap:
    def __init__(self, painter: TerrainPainter, width_m: float, height_m: float):
        self.painter = painter
        self.width_m, self.height_m = float(width_m), float(height_m)
        self.size = self._size(UNSCALED)
        self._ground: pygame.Surface | None = None
        self._dots: tuple[tuple, pygame.Surface] | None = None  # the last frame's, by its pixels
        self.rect = pygame.Rect(0, 0, *self.size)
        self._ticks = TickCells()

    def _size(self, units: Units) -> tuple[int, int]:
        w = units.px(MINIMAP_WIDTH)
        return (w, max(1, round(w * self.height_m / self.width_m)))

    def ground(self) -> pygame.Surface:
        if self._ground is None or self._ground.get_size() != self.size:
            img = self.painter.overview(self.size)
            dim = pygame.Surface(self.size, pygame.SRCALPHA)
            dim.fill((0, 0, 0, 70))  # calm the terrain so the armies read on it
            img.blit(dim, (0, 0))
            self._ground = img
        return self._ground

    def place(
        self, screen: tuple[int, int], right: bool, bar_top: int, units: Units = UNSCALED
    ) -> pygame.Rect:
        """Put the minimap in a bottom corner, just above the bar (whose top is `bar_top`)."""
        self.size = self._size(units)
        w, _ = screen
        m = units.px(theme.MARGIN)
        x = w - m - self.size[0] if right else m
        self.rect = pygame.Rect(x, bar_top - m - self.size[1], *self.size)
        return self.rect

    def _cells(
        self, pos: np.ndarray, state: np.ndarray, mine: np.ndarray | None = None
    ) -> np.ndarray | None:
        """(h * w,) bool: the minimap's pixels holding a man on the field (of `mine`)."""
        on = on_field(state)
        rows = np.flatnonzero(on if mine is None else on & mine)
        if rows.size == 0:
            return None
        w, h = self.size
        px, py = self._pixel(pos[:, rows])
        hit = np.zeros(w * h, bool)
        hit[py * w + px] = True
        return hit

    def to_world(self, sx: float, sy: float) -> tuple[float, float]:
        return minimap_to_world(self.rect, (self.width_m, self.height_m), (sx, sy))

    def _pixel(self, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each position's minimap column and row (monotone in the position)."""
        w, h = self.size
        px = np.clip((pos[0] / self.width_m * w).astype(np.intp), 0, w - 1)
        py = np.clip((pos[1] / self.height_m * h).astype(np.intp), 0, h - 1)
        return px, py

    def draw(
        self,
        target: pygame.Surface,
        camera: Camera,
        pos: np.ndarray,
        state: np.ndarray,
        side: np.ndarray,
        side_colours: list[tuple[int, int, int]],
        selected_rows: slice | None = None,
        ticks: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        """`ticks`: the two ticks' positions `pos` lies between (its pixels kept per tick)."""
        r = self.rect
        w, h = self.size
        sides = len(side_colours)
        ground = self.ground()
        colours = [*side_colours, theme.HIGHLIGHT]
        if ticks is None:
            masks = [self._cells(pos, state, side == k) for k in range(sides)]
        else:  # the tick's dots painted once, the men crossing a pixel's edge each frame
            frame = self._ticks.painted(self, pos, *ticks, state, side, ground, colours[:sides])
            masks = [] if selected_rows is None else [None] * sides
        if selected_rows is not None:
            masks.append(self._cells(pos[:, selected_rows], state[selected_rows]))
        if ticks is None or selected_rows is not None:
            base = ground if ticks is None else frame
            key = (base, tuple(colours), [None if m is None else m.tobytes() for m in masks])
            if self._dots is None or key != self._dots[0]:  # else the same pixels as last frame
                self._dots = (key, paint(base, masks, colours))
            frame = self._dots[1]
        target.blit(frame, r.topleft)
        x0, y0, x1, y1 = camera.visible_world_rect()
        view = pygame.Rect(
            r.x + round(x0 / self.width_m * w),
            r.y + round(y0 / self.height_m * h),
            max(4, round((x1 - x0) / self.width_m * w)),
            max(4, round((y1 - y0) / self.height_m * h)),
        ).clip(r)
        pygame.draw.rect(target, (20, 20, 20), view.inflate(2, 2), width=1)
        pygame.draw.rect(target, theme.INK, view, width=2)
        pygame.draw.rect(target, theme.PANEL_EDGE, r.inflate(4, 4), width=2)


def paint(ground: pygame.Surface, masks: list, colours: list) -> pygame.Surface:
    """A copy of `ground` with each mask's pixels (grown to 2x2 dots) in its colour, in turn."""
    w, h = ground.get_size()
    return paint_top(ground, tops(masks[: len(colours)], w, h), colours)


def tops(masks: list, w: int, h: int) -> np.ndarray:
    """(h * w,) int8: the last of `masks` whose 2x2 dots cover each pixel, or -1 (a later
    side's dot lies over an earlier's, as `paint` lays them)."""
    top = np.full(w * h, -1, np.int8)
    for k, hit in enumerate(masks):
        if hit is not None:
            top[_grow(hit.reshape(h, w)).ravel()] = k
    return top


def paint_top(ground: pygame.Surface, top: np.ndarray, colours: list) -> pygame.Surface:
    """A copy of `ground` with each pixel of `top` (`tops`) in its side's colour: one write
    of the covered pixels (by flat index: a boolean mask over the (w, h, 3) view is slow, and
    so is a (row, column) `nonzero` of each side's mask, 0.7 ms at 1:1)."""
    frame = ground.copy()
    w = frame.get_width()
    cells = np.flatnonzero(top >= 0)
    if len(cells):
        pixels = pygame.surfarray.pixels3d(frame)  # (w, h, 3)
        pixels[cells % w, cells // w] = np.asarray(colours, np.uint8)[top[cells]]
        del pixels
    return frame


def _dots(px: np.ndarray, py: np.ndarray, w: int, h: int) -> np.ndarray:
    """The flat indices of the 2x2 dots (`_grow`'s) of the pixels (px, py), on the minimap."""
    right, down = np.minimum(px + 1, w - 1), np.minimum(py + 1, h - 1)
    return np.concatenate([py * w + px, py * w + right, down * w + px, down * w + right])


def _grow(mask: np.ndarray) -> np.ndarray:
    """Dilate a (h, w) mask by one pixel right and down: 2x2 dots read at a glance."""
    out = mask.copy()
    out[:, 1:] |= mask[:, :-1]
    out[1:, :] |= out[:-1, :]
    return out


class TickCells:
    """Each side's minimap pixels of the men who hold them all the way between two ticks,
    kept while the inputs (both ticks' positions, states, sides and the minimap's size,
    compared in full each frame) are unchanged; a frame adds the men who cross an edge."""

    def __init__(self) -> None:
        self._inputs = KeptInputs()
        self._kept: list[tuple[np.ndarray, np.ndarray] | None] = []  # (hit, movers) by side
        self._top = np.zeros(0, np.int8)  # each pixel's topmost side among the kept dots, or -1
        self._base: pygame.Surface | None = None  # the ground with the kept dots painted
        self._frame: tuple[bytes, pygame.Surface] | None = None  # the last frame's, by movers
        self.painted_ticks = 0  # bases painted (tests: once per tick)

    def painted(
        self,
        mini: Minimap,
        pos: np.ndarray,
        prev: np.ndarray,
        cur: np.ndarray,
        state: np.ndarray,
        side: np.ndarray,
        ground: pygame.Surface,
        colours: list,
    ) -> pygame.Surface:
        """The minimap's ground with every side's dots at `pos` (between `prev` and `cur`), as
        `paint` draws them from this frame's pixels: the dots of the men who hold their pixel
        all the tick are painted once a tick, and a frame paints only those of the men who
        cross an edge over them (a later side's dot over an earlier's, as `paint` lays them)."""
        sides = len(colours)
        key = (mini.size, sides, id(ground), tuple(colours))
        if self._inputs.changed((prev, cur, state, side), key=key):
            self._kept = self._sides(mini, prev, cur, state, side, sides)
            w, h = mini.size
            self._top = tops([None if g is None else g[0] for g in self._kept], w, h)
            self._base = paint_top(ground, self._top, colours)
            self._frame = None
            self.painted_ticks += 1
        w, h = mini.size
        over = np.full(w * h, -1, np.int8)
        for k, got in enumerate(self._kept):
            if got is None or not len(got[1]):
                continue
            px, py = mini._pixel(pos[:, got[1]])
            over[_dots(px, py, w, h)] = k
        cells = np.flatnonzero(over > self._top)
        sides_at = over[cells]
        moved = cells.tobytes() + sides_at.tobytes()
        if self._frame is None or self._frame[0] != moved:
            frame = self._base.copy()
            if len(cells):
                pixels = pygame.surfarray.pixels3d(frame)
                pixels[cells % w, cells // w] = np.asarray(colours, np.uint8)[sides_at]
                del pixels
            self._frame = (moved, frame)
        return self._frame[1]

    @staticmethod
    def _sides(mini: Minimap, prev, cur, state, side, sides: int) -> list:
        on = on_field(state)
        lo, hi = np.minimum(prev, cur), np.maximum(prev, cur)
        slack = np.float32(1e-5) * (np.abs(lo) + np.abs(hi)) + np.float32(1e-3)
        (x0, y0), (x1, y1) = mini._pixel(lo - slack), mini._pixel(hi + slack)
        still = (x0 == x1) & (y0 == y1)
        w, h = mini.size
        out = []
        for k in range(sides):
            rows = on & (side == k)
            if not rows.any():
                out.append(None)
                continue
            hit = np.zeros(w * h, bool)
            fixed = rows & still
            hit[y0[fixed] * w + x0[fixed]] = True
            out.append((hit, np.flatnonzero(rows & ~still)))
        return out
