"""The chunk cache: a tile pyramid of painted chunks, assembled into frames.

Why: the camera ranges from the whole 8 km (0.16 px/m) to a few horsemen (16 px/m). Painting
the whole map at 16 px/m would need 12 Gpx, so the map is cut into square chunks of `CHUNK_PX`
pixels at half-octave levels (`LEVELS`), each painted only when first seen and kept in a
byte-capped LRU. A frame is a handful of chunk blits; a still camera re-blits the last frame.
A chunk is painted in `BANDS` bands of rows, at most `max_new` bands a frame, so a pan into new
ground spreads a chunk over frames; missing chunks are stood in for by a coarser level until
they arrive (`complete` says whether a frame was exact).

The pyramid knows nothing of what a chunk shows: it is handed a `paint(style, k, i, j, r0, r1)`
function (rows r0..r1 of the chunk as (rows, W, 3) uint8), a pure function of its arguments,
and keys everything by them.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Hashable

import numpy as np
import pygame

CHUNK_PX = 256
"""Side of a painted chunk. 256 px paints in a few ms, so one fits beside a frame's other work;
larger chunks would stall a pan, smaller ones multiply blits."""

LEVELS: tuple[float, ...] = tuple(2.0 ** (k / 2) for k in range(-8, 9))
"""Pyramid levels in px per metre, half an octave apart (0.0625 ... 16). The camera's scale is
met by the nearest level and a resampling of at most x1.19 either way, which keeps lines crisp;
a full octave apart would blur by up to x1.41. 8 px/m is a level: close-ups are not resampled."""

BANDS = 4
"""Bands of rows a chunk is painted in over frames, one band a call to `paint`. A whole chunk
took 4-20 ms (1:1 map, this machine), the dearest frames of a pan or zoom into new ground (the
p99 frame at 16x, issue #15); a band of 64 rows takes 1.5-5.6 ms. Each band samples the fields
for its rows again: a chunk in four bands costs ~1.5x the chunk in one piece (two bands: 1.08x,
but a pan's p99 draw 8.4 ms instead of 6.0), so an exact frame (a screenshot, an export, the
first frame) paints whole chunks. Where a look draws is decided on the whole chunk, so the
bands joined are the chunk painted at once to one level of 255 (float sums over a band's rows
round a hair differently)."""

MAX_PART_PAINTED = 8
"""Chunks whose bands are part painted kept for the next frames (a camera that moves on
abandons some; the oldest are forgotten)."""

CACHE_FRAMES = 3
"""The painted-chunk cache holds the chunks of this many frames of the window's size (up to
its byte cap): a slow pan or zoom reuses them, and a 1080p window keeps ~42 MB instead of the
cap's 96 MB (the window's RSS bound, issue #15); a 4K window still gets the whole cap."""

SCALED_CACHE_FRAMES = 2
"""The resampled chunks are for the camera's present scale only (a zoom makes them useless):
two frames of chunks (a frame's own, resampled up to x1.19 a side, and a pan's margin), up to
their cap."""

SMOOTH_SCALES_PER_DRAW = 24
"""Chunks smooth-resampled per `draw` once the zoom stops (each ~0.2-0.6 ms)."""

ROUGH_CACHE_FRAMES = 1.5
"""The chunks resampled the fast way (`pygame.transform.scale`, mid-zoom) are kept too, a
frame's worth (in a cache of their own, so that they never push out a smooth one; a frame and
a half: resampled up to x1.19 a side, one frame's chunks may not fit in one `frame` of
unresampled ones, measured 13.5 of 13.5 MB at 1080p, and an LRU a hair too small makes them
all again every frame): the story
camera eases its zoom a hair every frame and a chunk keeps its size in px over many of those
frames, so it is made once, not every frame (~2 ms a frame at 1x, issue #15); the smooth one,
once made, replaces it."""

BACKGROUND = (27, 30, 33)
"""Outside the map: a dark, slightly blue slate, so the map reads as a sheet on a table."""

Paint = Callable[[Hashable, int, int, int, int, int], np.ndarray]


class LRU:
    """A byte-capped least-recently-used cache of Surfaces."""

    def __init__(self, cap_bytes: int):
        self.cap = int(cap_bytes)
        self.bytes = 0
        self._d: OrderedDict[tuple, pygame.Surface] = OrderedDict()

    def __len__(self) -> int:
        return len(self._d)

    def get(self, key: tuple) -> pygame.Surface | None:
        s = self._d.get(key)
        if s is not None:
            self._d.move_to_end(key)
        return s

    def peek(self, key: tuple) -> pygame.Surface | None:
        return self._d.get(key)

    def resize(self, cap_bytes: int) -> None:
        """Change the cap, evicting the least recently used down to it."""
        self.cap = int(cap_bytes)
        while self.bytes > self.cap and self._d:
            _, s = self._d.popitem(last=False)
            self.bytes -= nbytes(s)

    def pop(self, key: tuple) -> None:
        """Forget `key`'s surface, if kept."""
        old = self._d.pop(key, None)
        if old is not None:
            self.bytes -= nbytes(old)

    def put(self, key: tuple, surf: pygame.Surface) -> None:
        old = self._d.pop(key, None)
        if old is not None:
            self.bytes -= nbytes(old)
        self._d[key] = surf
        self.bytes += nbytes(surf)
        while self.bytes > self.cap and len(self._d) > 1:
            _, s = self._d.popitem(last=False)
            self.bytes -= nbytes(s)
        if self.bytes > self.cap:  # a single item above the cap: keep nothing
            self._d.clear()
            self.bytes = 0

    def clear(self) -> None:
        self._d.clear()
        self.bytes = 0


def nbytes(s: pygame.Surface) -> int:
    return s.get_width() * s.get_height() * s.get_bytesize()


def surface_of(rgb: np.ndarray) -> pygame.Surface:
    """An (H, W, 3) uint8 image as a Surface, in the display's format when there is one (a
    blit from it then converts nothing)."""
    surf = pygame.image.frombuffer(rgb.tobytes(), (rgb.shape[1], rgb.shape[0]), "RGB")
    return surf.convert() if pygame.display.get_surface() is not None else surf.copy()


def nearest_first(i0: int, i1: int, j0: int, j1: int, ci: float, cj: float) -> list:
    """Chunks i0..i1 x j0..j1, those nearest the view's centre (ci, cj, in chunks) first: new
    ground is painted from the middle of the picture out, where the eye and the armies are."""
    cells = [(i, j) for j in range(j0, j1 + 1) for i in range(i0, i1 + 1)]
    return sorted(cells, key=lambda c: (c[0] + 0.5 - ci) ** 2 + (c[1] + 0.5 - cj) ** 2)


def level_for(scale: float) -> int:
    """The pyramid level nearest (in log scale) to `scale` px per metre."""
    k = round(2 * math.log2(max(scale, 1e-6) / LEVELS[0]))
    return int(min(max(k, 0), len(LEVELS) - 1))


class ChunkPyramid:
    """Painted chunks of one map, by (style, level, column, row); draws frames from them."""

    def __init__(
        self,
        width_m: float,
        height_m: float,
        paint: Paint,
        cache_bytes: int,
        scaled_cache_bytes: int,
    ):
        self.width_m, self.height_m = float(width_m), float(height_m)
        self._paint = paint
        self.chunks = LRU(cache_bytes)
        self.scaled = LRU(scaled_cache_bytes)
        self.rough = LRU(scaled_cache_bytes // 2)  # (resampled mid-zoom: ROUGH_CACHE_FRAMES)
        self._caps = (int(cache_bytes), int(scaled_cache_bytes))  # the ceilings
        self._fitted: tuple[int, int] | None = None
        self._base: dict[tuple, pygame.Surface] = {}
        self._bands: OrderedDict[tuple, list[np.ndarray]] = OrderedDict()  # part painted
        self._frame: pygame.Surface | None = None
        self._key: tuple | None = None
        self._last_scale: float | None = None
        self.complete = False
        self.painted = 0

    def clear(self) -> None:
        self.chunks.clear()
        self.scaled.clear()
        self.rough.clear()
        self._base.clear()
        self._bands.clear()
        self._key = None

    def nchunks(self, k: int) -> tuple[int, int]:
        lev = LEVELS[k]
        return (math.ceil(self.width_m * lev / CHUNK_PX), math.ceil(self.height_m * lev / CHUNK_PX))

    def rows(self, k: int, j: int) -> int:
        """Pixel rows of chunk row j at level k (the last row of chunks is cut by the map)."""
        return min(CHUNK_PX, math.ceil(self.height_m * LEVELS[k]) - j * CHUNK_PX)

    # -- frames ---------------------------------------------------------------------------------
    def is_still(
        self, style: Hashable, cx: float, cy: float, s: float, size: tuple[int, int]
    ) -> bool:
        """Whether the kept frame is exact and for this view: drawing it again is one blit."""
        key = (style, float(cx), float(cy), float(s), *size)
        return self._frame is not None and self.complete and key == self._key

    def draw(
        self,
        target: pygame.Surface,
        style: Hashable,
        cx: float,
        cy: float,
        s: float,
        max_new: int | None,
    ) -> None:
        """Fill `target` with the map centred on (cx, cy) metres at `s` px per metre, painting
        at most `max_new` bands of new chunks (None: every chunk the frame needs)."""
        tw, th = target.get_size()
        self._fit(tw, th)
        key = (style, float(cx), float(cy), float(s), tw, th)
        if self.is_still(style, cx, cy, s, (tw, th)):
            target.blit(self._frame, (0, 0))
            return
        zooming = self._last_scale is not None and s != self._last_scale
        self._last_scale = s
        if self._frame is None or self._frame.get_size() != (tw, th):
            self._frame = (
                pygame.Surface((tw, th)).convert(target)
                if target.get_bitsize() >= 24
                else pygame.Surface((tw, th))
            )
        self._ensure_base(style)
        budget = [max_new]
        smooth_budget = [None if max_new is None else SMOOTH_SCALES_PER_DRAW]
        complete = True
        all_there = True  # False once a chunk is stood in for: the frame is then filled first
        k = level_for(s)
        lev = LEVELS[k]
        f = s / lev
        ox, oy = cx - tw / (2 * s), cy - th / (2 * s)
        offx, offy = round(ox * s), round(oy * s)
        nx, ny = self.nchunks(k)
        i0 = max(0, math.floor(ox * lev / CHUNK_PX))
        i1 = min(nx - 1, math.floor((ox + tw / s) * lev / CHUNK_PX))
        j0 = max(0, math.floor(oy * lev / CHUNK_PX))
        j1 = min(ny - 1, math.floor((oy + th / s) * lev / CHUNK_PX))

        blits: list[tuple[pygame.Surface, tuple[int, int]]] = []
        for i, j in nearest_first(i0, i1, j0, j1, cx * lev / CHUNK_PX, cy * lev / CHUNK_PX):
            y0 = round(j * CHUNK_PX * f)
            x0 = round(i * CHUNK_PX * f)
            dest = (x0 - offx, y0 - offy)
            surf = self._chunk(style, k, i, j, budget)
            if surf is None:
                complete = all_there = False
                self._fallback(blits, style, k, i, j, s, offx, offy)
                continue
            # Edge chunks are narrower than CHUNK_PX: size from the surface, not the grid.
            w = round((i * CHUNK_PX + surf.get_width()) * f) - x0
            h = round((j * CHUNK_PX + surf.get_height()) * f) - y0
            if (w, h) == surf.get_size():
                blits.append((surf, dest))
                continue
            skey = (style, k, i, j, w, h)
            scaled = self.scaled.get(skey)
            if scaled is None:
                if zooming or smooth_budget[0] == 0:
                    scaled = self.rough.get(skey)
                    if scaled is None:
                        scaled = pygame.transform.scale(surf, (w, h))
                        self.rough.put(skey, scaled)
                    complete = False
                else:
                    scaled = pygame.transform.smoothscale(surf, (w, h))
                    self.rough.pop(skey)
                    self.scaled.put(skey, scaled)
                    if smooth_budget[0] is not None:
                        smooth_budget[0] -= 1
            blits.append((scaled, dest))
        covered = (
            ox >= 0 and oy >= 0 and ox + tw / s <= self.width_m and oy + th / s <= self.height_m
        )
        # An exact frame is kept for the still camera; a passing one (mid-zoom, or with chunks
        # stood in for) goes straight to the target, one full-screen copy cheaper.
        canvas = self._frame if complete else target
        if not (covered and all_there):
            canvas.fill(BACKGROUND)
        canvas.fblits(blits)
        if complete:
            target.blit(canvas, (0, 0))
        self._key = key
        self.complete = complete

    def _fit(self, tw: int, th: int) -> None:
        """Size the caches to frames of `tw` x `th` (`CACHE_FRAMES`), never above their caps:
        a pure function of the frame's size, so a sequence of frames stays deterministic."""
        if self._fitted == (tw, th):
            return
        self._fitted = (tw, th)
        frame = (tw // CHUNK_PX + 2) * (th // CHUNK_PX + 2) * CHUNK_PX * CHUNK_PX * 4
        self.chunks.resize(min(self._caps[0], CACHE_FRAMES * frame))
        self.scaled.resize(min(self._caps[1], SCALED_CACHE_FRAMES * frame))
        self.rough.resize(min(self._caps[1] // 2, round(ROUGH_CACHE_FRAMES * frame)))

    def whole(self, style: Hashable, k: int) -> pygame.Surface:
        """The whole map at level k, painting what it needs (for a minimap)."""
        lev = LEVELS[k]
        full = pygame.Surface((math.ceil(self.width_m * lev), math.ceil(self.height_m * lev)))
        nx, ny = self.nchunks(k)
        for j in range(ny):
            for i in range(nx):
                full.blit(self._chunk(style, k, i, j, [None]), (i * CHUNK_PX, j * CHUNK_PX))
        return full

    # -- chunks ---------------------------------------------------------------------------------
    def _make(
        self, style: Hashable, k: int, i: int, j: int, budget: list | None = None
    ) -> pygame.Surface | None:
        """Paint the chunk's next bands, as many as `budget` ([bands left]) allows; its surface
        once every band is painted, else None (its bands kept). With no limit (None, an exact
        frame) a chunk not begun is painted in one piece: the bands' set-up costs ~50 % more."""
        key = (style, k, i, j)
        done = self._bands.pop(key, [])
        rows, step = self.rows(k, j), -(-CHUNK_PX // BANDS)
        if not done and (budget is None or budget[0] is None):
            self.painted += 1
            return surface_of(self._paint(style, k, i, j, 0, rows))
        while len(done) * step < rows:
            if budget is not None and budget[0] is not None:
                if budget[0] <= 0:
                    self._bands[key] = done
                    while len(self._bands) > MAX_PART_PAINTED:
                        self._bands.popitem(last=False)
                    return None
                budget[0] -= 1
            r0 = len(done) * step
            done.append(self._paint(style, k, i, j, r0, min(rows, r0 + step)))
        self.painted += 1
        return surface_of(np.concatenate(done))

    def _ensure_base(self, style: Hashable) -> None:
        """The coarsest level is painted whole and kept outside the cap: every fallback ends
        there, so a frame is never blank."""
        if (style, 0, 0, 0) in self._base:
            return
        nx, ny = self.nchunks(0)
        for j in range(ny):
            for i in range(nx):
                self._base[(style, 0, i, j)] = self._make(style, 0, i, j)

    def _chunk(self, style, k: int, i: int, j: int, budget: list) -> pygame.Surface | None:
        if k == 0:
            self._ensure_base(style)
            return self._base[(style, 0, i, j)]
        surf = self.chunks.get((style, k, i, j))
        if surf is None and (budget[0] is None or budget[0] > 0):
            surf = self._make(style, k, i, j, budget)
            if surf is not None:
                self.chunks.put((style, k, i, j), surf)
        return surf

    def _cached(self, style, k: int, i: int, j: int) -> pygame.Surface | None:
        if k == 0:
            return self._base.get((style, 0, i, j))
        return self.chunks.peek((style, k, i, j))

    def _fallback(
        self, blits: list, style, k: int, i: int, j: int, s: float, offx: int, offy: int
    ) -> None:
        """Stand in for a missing chunk with the nearest coarser level that has its area."""
        lev = LEVELS[k]
        wx0, wx1 = i * CHUNK_PX / lev, (i + 1) * CHUNK_PX / lev
        wy0, wy1 = j * CHUNK_PX / lev, (j + 1) * CHUNK_PX / lev
        for kk in range(k - 1, -1, -1):
            lv = LEVELS[kk]
            nx, ny = self.nchunks(kk)
            ii = range(max(0, int(wx0 * lv // CHUNK_PX)), min(nx, math.ceil(wx1 * lv / CHUNK_PX)))
            jj = range(max(0, int(wy0 * lv // CHUNK_PX)), min(ny, math.ceil(wy1 * lv / CHUNK_PX)))
            parts = [(a, b, self._cached(style, kk, a, b)) for b in jj for a in ii]
            if any(p[2] is None for p in parts):
                continue
            for a, b, surf in parts:
                # Intersection of the missing chunk with this coarse chunk, in coarse pixels.
                sx0 = int(max(wx0 * lv, a * CHUNK_PX) - a * CHUNK_PX)
                sy0 = int(max(wy0 * lv, b * CHUNK_PX) - b * CHUNK_PX)
                sx1 = min(
                    math.ceil(min(wx1 * lv, (a + 1) * CHUNK_PX) - a * CHUNK_PX), surf.get_width()
                )
                sy1 = min(
                    math.ceil(min(wy1 * lv, (b + 1) * CHUNK_PX) - b * CHUNK_PX), surf.get_height()
                )
                if sx1 <= sx0 or sy1 <= sy0:
                    continue
                f = s / lv
                dx0 = round((a * CHUNK_PX + sx0) * f)
                dy0 = round((b * CHUNK_PX + sy0) * f)
                dw = max(1, round((a * CHUNK_PX + sx1) * f) - dx0)
                dh = max(1, round((b * CHUNK_PX + sy1) * f) - dy0)
                sub = surf.subsurface((sx0, sy0, sx1 - sx0, sy1 - sy0))
                blits.append((pygame.transform.scale(sub, (dw, dh)), (dx0 - offx, dy0 - offy)))
            return
