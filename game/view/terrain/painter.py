"""The terrain painter: the battlefield as a calm, printed campaign map, legible from two metres.

A chunk is a pure function of (map, style, level, chunk index), painted with numpy in layers:
the ground's tone (meadow shading into steppe), the covers with their map signs (sand, fields,
orchards, scrub, reeds), relief (hillshade from the north-west, a faint height tint, optional
contours), the works (camp, town, road, walls) and last the river with its bank line. Low
chroma throughout: saturated colour belongs to the armies. No texture noise: nothing on the
ground moves or speckles as the camera zooms, and at 8 px/m (a pyramid level) edges are crisp.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import glob
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pygame

from game.scenario.battlemap import BattleMap
from game.view.camera import Camera
from game.view.terrain import looks, relief, works
from game.view.terrain.chunks import BACKGROUND, BANDS, CHUNK_PX, LEVELS, ChunkPyramid
from game.view.terrain.fields import MASKS, TerrainFields
from game.view.terrain.raster import (
    F32,
    Canvas,
    Grid,
    Sampler,
    bspline_weights,
    linear_weights,
    mix,
)
from game.view.terrain.water import water

CHUNK_CACHE_BYTES = 96 * 2**20
"""Cap of the painted-chunk cache: ~380 chunks, enough to zoom and pan around one part of the
battle without repainting at 4K; a smaller window keeps three frames' worth
(`chunks.CACHE_FRAMES`). The coarsest level is kept outside the cap."""

SCALED_CACHE_BYTES = 40 * 2**20
"""Cap of the cache of chunks resampled to the camera's exact scale (reused while panning);
a frame and a half of them below 4K (`chunks.SCALED_CACHE_FRAMES`)."""

NEW_BANDS_PER_SECOND = 60
"""Bands of new chunks the window paints a second of wall time (`chunks.BANDS` to a chunk: 15
chunks a second), nearest the picture's centre first: one a frame at 60 FPS keeps a pan into
new ground near the frame budget (a 60 FPS frame of a pan costs 12-14 ms before any painting
at 1:1; a band adds 1.5-5.6, a whole chunk added 4-20), and a slow-paced frame (12-30 FPS,
the camera still) paints more, so a view sharpens as fast at any rate. What is missing
meanwhile is stood in for by coarser levels."""

NEW_BANDS_PER_DRAW = 1
"""Bands of new chunks painted per `draw` by default: a 60 FPS frame's share of
`NEW_BANDS_PER_SECOND`. A count, not a time budget, so a sequence of frames is deterministic."""


def bands_for(frame_seconds: float) -> int:
    """The bands of new chunks a frame that lasts `frame_seconds` paints (at least one, at
    most two chunks' worth: a stalled frame does not paint a screenful)."""
    return min(2 * BANDS, max(1, round(frame_seconds * NEW_BANDS_PER_SECOND)))


COLUMNS_KEPT = 64
"""Chunk columns whose x-axis sampling weights are kept (a band of a chunk reuses its
column's: ~1 ms a chunk of `chunks.BANDS`)."""


@dataclass(frozen=True)
class Style:
    """What the map shows besides the ground itself (part of every chunk's key)."""

    contours: bool = True


@functools.cache
def _blas_thread_setter():
    """OpenBLAS's `openblas_set_num_threads_local` from numpy's own OpenBLAS, or None.

    Why: a chunk is a few dozen small matrix products. OpenBLAS splits each over every core
    and, on a 2-core kiosk where the other core is busy, its threads wait on each other:
    measured 100x slower. The `_local` variant changes only the calling thread and is restored
    after each chunk. Any failure to find it leaves BLAS as is.
    """
    import numpy

    here = os.path.dirname(numpy.__file__)
    for path in sorted(glob.glob(os.path.join(here, "..", "numpy.libs", "*openblas*"))) + sorted(
        glob.glob(os.path.join(here, ".dylibs", "*openblas*"))
    ):
        try:
            fn = ctypes.CDLL(path).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        fn.argtypes = [ctypes.c_int]
        fn.restype = ctypes.c_int
        return fn
    return None


@contextlib.contextmanager
def _single_thread_blas() -> Iterator[None]:
    setter = _blas_thread_setter()
    if setter is None:
        yield
        return
    previous = setter(1)
    try:
        yield
    finally:
        setter(max(previous, 1))


class TerrainPainter:
    """Paints a `BattleMap` under a `Camera`; one painter per map for the program's life.

    Memory is bounded by `CHUNK_CACHE_BYTES` + 1.5 `SCALED_CACHE_BYTES` (the resampled chunks,
    smooth and mid-zoom) plus the frame and the coarsest level (~1 MB per style).
    """

    def __init__(
        self,
        bmap: BattleMap,
        *,
        cache_bytes: int = CHUNK_CACHE_BYTES,
        scaled_cache_bytes: int = SCALED_CACHE_BYTES,
    ):
        self.map = bmap
        with _single_thread_blas():
            self.fields = TerrainFields.from_map(bmap)
        self.width_m = bmap.width_m
        self.height_m = bmap.height_m
        self.style = Style()
        self._names = tuple(MASKS)
        self._stack = np.stack([self.fields.masks[n] for n in self._names])
        self._towers = works.towers_of(self.fields.wall_lines)
        self._columns: dict[tuple, tuple] = {}  # x-axis weights by chunk column (`_across`)
        self._chunk_masks: tuple[tuple, np.ndarray] | None = None  # (`_masks`)
        self._pyramid = ChunkPyramid(
            self.width_m, self.height_m, self.paint_rows, cache_bytes, scaled_cache_bytes
        )

    # -- public ---------------------------------------------------------------------------------
    @property
    def complete(self) -> bool:
        """Whether the last `draw` was exact (every chunk at its level, smoothly resampled)."""
        return self._pyramid.complete

    @property
    def chunks_painted(self) -> int:
        """Chunks painted since construction (for benchmarks and tests)."""
        return self._pyramid.painted

    @property
    def cache_bytes(self) -> int:
        """Bytes held by the capped chunk cache (not counting the pinned coarsest level)."""
        return self._pyramid.chunks.bytes

    @property
    def cache_cap(self) -> int:
        return self._pyramid.chunks.cap

    @property
    def scaled_cache_bytes(self) -> int:
        return self._pyramid.scaled.bytes

    @property
    def scaled_cache_cap(self) -> int:
        return self._pyramid.scaled.cap

    @property
    def contours(self) -> bool:
        return self.style.contours

    @contours.setter
    def contours(self, on: bool) -> None:
        """Show or hide contour lines; chunks of both styles share the cache."""
        self.style = Style(contours=bool(on))

    def clear_caches(self) -> None:
        """Forget every painted chunk (e.g. after editing the map); the next draw repaints."""
        self._pyramid.clear()

    def draw(
        self,
        target: pygame.Surface,
        camera: Camera,
        *,
        max_new_bands: int | None = NEW_BANDS_PER_DRAW,
    ) -> None:
        """Fill `target` with the battlefield as `camera` sees it (the target's size, centred
        on the camera's centre at its scale). `max_new_bands` bounds the bands of new chunks
        painted in this call (None: all that are needed, an exact frame). A still camera after
        an exact frame costs one blit."""
        self._pyramid.draw(
            target,
            self.style,
            camera.centre_x,
            camera.centre_y,
            float(camera.scale),
            max_new_bands,
        )

    def still(self, camera: Camera, size: tuple[int, int]) -> bool:
        """Whether the last frame drawn is exact and for this camera and target size (so the
        layers drawn over it may keep their own picture too)."""
        return self._pyramid.is_still(
            self.style, camera.centre_x, camera.centre_y, float(camera.scale), size
        )

    def overview(self, size: tuple[int, int]) -> pygame.Surface:
        """The whole map resampled to exactly `size` (for a minimap); paints what it needs."""
        w, h = max(1, int(size[0])), max(1, int(size[1]))
        want = max(w / self.width_m, h / self.height_m)
        k = 0
        while k < len(LEVELS) - 1 and LEVELS[k] < want and LEVELS[k] < 0.25:
            k += 1
        return pygame.transform.smoothscale(self._pyramid.whole(self.style, k), (w, h))

    def paint(self, k: int, i: int, j: int, style: Style | None = None) -> np.ndarray:
        """Chunk (i, j) of level k as an (H, W, 3) uint8 image, painted in one piece (as an
        exact frame paints it; the window's bands, `chunks.BANDS`, join into it to one level
        of 255). A pure function of its key."""
        style = self.style if style is None else style
        return self.paint_rows(style, k, i, j, 0, self._pyramid.rows(k, j))

    def paint_rows(self, style: Style, k: int, i: int, j: int, r0: int, r1: int) -> np.ndarray:
        """Rows r0..r1 of chunk (i, j) of level k, (r1 - r0, W, 3) uint8."""
        with _single_thread_blas():
            return self._paint(style, k, i, j, r0, r1)

    # -- painting -------------------------------------------------------------------------------
    def _across(self, k: int, i: int, wx: np.ndarray, weights) -> tuple:
        """The x-axis weights of chunk column (k, i), worked out once for all its bands."""
        key = (k, i, weights)
        got = self._columns.get(key)
        if got is None:
            if len(self._columns) >= COLUMNS_KEPT:
                self._columns.clear()
            got = self._columns[key] = weights(wx / self.fields.tile - 0.5, self.fields.cols)
        return got

    def _masks(self, k: int, i: int, j: int, wx: np.ndarray) -> np.ndarray:
        """The covers' masks over the whole chunk (k, i, j), (masks, H, W), sampled once for
        all its bands (kept for the chunk last asked for)."""
        key = (k, i, j)
        if self._chunk_masks is None or self._chunk_masks[0] != key:
            F, s = self.fields, LEVELS[k]
            rows = self._pyramid.rows(k, j)
            wy = ((j * CHUNK_PX + np.arange(rows) + 0.5) / s).astype(F32)
            across = self._across(k, i, wx, bspline_weights)
            smooth = Sampler.over(wx, wy, F.tile, F.rows, F.cols, bspline_weights, across)
            self._chunk_masks = (key, smooth.value(self._stack))
        return self._chunk_masks[1]

    def _paint(self, style: Style, k: int, i: int, j: int, r0: int, r1: int) -> np.ndarray:
        F = self.fields
        s = LEVELS[k]
        W = min(CHUNK_PX, math.ceil(self.width_m * s) - i * CHUNK_PX)
        H = r1 - r0
        wx = ((i * CHUNK_PX + np.arange(W) + 0.5) / s).astype(F32)
        wy = ((j * CHUNK_PX + np.arange(r0, r1) + 0.5) / s).astype(F32)
        smooth = Sampler.over(
            wx, wy, F.tile, F.rows, F.cols, bspline_weights, self._across(k, i, wx, bspline_weights)
        )
        sharp = Sampler.over(
            wx, wy, F.tile, F.rows, F.cols, linear_weights, self._across(k, i, wx, linear_weights)
        )
        whole = self._masks(k, i, j, wx)
        vals = whole[:, r0:r1]
        M = {name: vals[n] for n, name in enumerate(self._names)}
        cv = Canvas(Grid(wx, wy, s), smooth, sharp, smooth.value(F.ground), np.ones((H, W), F32), M)

        def there(name: str, lo: float = 0.02) -> Canvas | None:
            """The part of this band where a look may draw, if any: decided on the whole chunk,
            so a map sign whose cell lies in the next band is drawn whole across the edge."""
            n = self._names.index(name)
            if not F.present[name] or float(whole[n].max()) <= lo:
                return None
            return cv.window(whole[n] > lo, rows_from=r0)

        for name, paint, lo in (
            ("sand", looks.sand, 0.02),
            ("field", looks.fields, 0.02),
            ("orchard", looks.orchards, 0.02),
            ("scrub", looks.scrub, 0.45),  # a sign only, where the mask is over one half
            ("reeds", looks.reeds, 0.02),
        ):
            part = there(name, lo)
            if part is not None:
                paint(part, F)
        E, grad = relief.hillshade(cv, F)
        if style.contours:
            relief.contours(cv, E, grad, np.clip(1 - 2 * M["wet"], 0, 1))
        for name, paint in (("camp", works.camp), ("town", works.town)):
            part = there(name)
            if part is not None:
                paint(part, F)
        works.road(cv, F)
        works.walls(cv, F, self._towers)
        part = there("wet")
        if part is not None:
            water(part, F)
        col = cv.col * cv.lum
        # Outside the map: the dark table the sheet lies on.
        inside_x = np.clip(np.minimum(wx, self.width_m - wx) * s + 0.5, 0, 1)
        inside_y = np.clip(np.minimum(wy, self.height_m - wy) * s + 0.5, 0, 1)
        if inside_x.min() < 1 or inside_y.min() < 1:
            mix(col, np.array(BACKGROUND, F32), 1 - inside_y[:, None] * inside_x[None, :])
        out = np.clip(col, 0, 255).astype(np.uint8)
        return np.ascontiguousarray(out.transpose(1, 2, 0))
