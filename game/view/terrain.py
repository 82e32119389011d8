"""Paint the battlefield: a calm, painted campaign map, legible from two metres.

Why it is built this way:

* The map is 400 x 300 tiles, but the camera ranges from the whole 8 km (0.16 px/m) to a few
  horsemen (16 px/m). Drawing tiles as blocks would look like a spreadsheet, and painting the
  whole map at 16 px/m would need 12 Gpx. So the painter keeps a **tile pyramid**: square chunks
  of `CHUNK_PX` pixels at half-octave levels (`LEVELS`, px per metre), each painted with numpy
  only when first seen and kept in a bounded LRU cache (`CHUNK_CACHE_BYTES`).
* A chunk is a pure function of (map, level, chunk index): smooth fields sampled from the tile
  grids with cubic B-spline weights (written as two small matrix products, so derivatives come
  free for hillshade and for crisp, anti-aliased edges), plus world-anchored hashed noise whose
  finest octaves switch on only when they are wider than a couple of pixels. Chunks therefore
  meet without seams and the same spot looks the same at every zoom.
* Lines that must stay sharp at any zoom (the river bank, roads, the town walls) are drawn from
  distance fields, not from the tiles, so they are one crisp pixel line at the overview and a
  worn track with ruts or a stone wall with towers close up.
* A frame is a handful of chunk blits; a still camera re-blits the last frame (~0.4 ms at
  1080p). New chunks cost a few ms each, so at most `NEW_CHUNKS_PER_DRAW` are painted per
  frame; missing ones are stood in for by a coarser level until they arrive (`complete` tells
  whether the last frame was exact). Pass `max_new_chunks=None` for exact frames (screenshots,
  video export).

Nothing here is a source of truth: everything is derived from the `BattleMap` and can be thrown
away (`clear_caches`).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import glob
import itertools
import math
import os
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pygame

from game.scenario.battlemap import BattleMap
from game.view.camera import Camera

F32 = np.float32

CHUNK_PX = 256
"""Side of a painted chunk. 256 px paints in ~3-6 ms, so two fit beside a frame's other work;
larger chunks would stall a pan, smaller ones multiply blits."""

LEVELS: tuple[float, ...] = tuple(2.0 ** (k / 2) for k in range(-8, 9))
"""Pyramid levels in px per metre, half an octave apart (0.0625 ... 16). The camera's scale is
met by the nearest level and a resampling of at most x1.19 either way, which keeps textures
crisp; a full octave apart would blur by up to x1.41."""

CHUNK_CACHE_BYTES = 96 * 2**20
"""Cap of the painted-chunk cache: ~380 chunks, seven screens of 1080p, enough to zoom and pan
around one part of the battle without repainting. The coarsest level is kept outside the cap."""

SCALED_CACHE_BYTES = 40 * 2**20
"""Cap of the cache of chunks resampled to the camera's exact scale (reused while panning)."""

NEW_CHUNKS_PER_DRAW = 1
"""Chunks painted per `draw` by default: one chunk (~8-13 ms on the 2-core target) keeps a pan
into new ground near the 10 ms frame budget; the rest is filled from coarser levels and refined
over the next frames. A count, not a time budget, so a sequence of frames is deterministic."""

SMOOTH_SCALES_PER_DRAW = 24
"""Chunks smooth-resampled per `draw` once the zoom stops (each ~0.2-0.6 ms)."""

BACKGROUND = (27, 30, 33)
"""Outside the map: a dark, slightly blue slate, so the map reads as a sheet on a table."""

LIGHT = tuple(float(v) for v in np.array([-1.0, -1.0, 1.25]) / np.linalg.norm([-1, -1, 1.25]))
"""Sun from the north-west (cartographic convention: relief reads as raised, not sunken)."""

RELIEF_EXAGGERATION = 18.0
"""The field is nearly flat (the slope on the Roman right is ~1 in 90); shading at true height
would be invisible, so slopes are steepened 18 times for the shading only."""

HEIGHT_TINT_PER_M = 0.006
"""Hypsometric tint: ground is drawn 0.6 % paler and drier per metre above the plain, so the
rising ground on the Roman right reads even where it faces the light."""

ELEVATION_BLUR_TILES = 2.5
"""The elevation file is in whole metres; on a 1 in 90 slope that is a step every 4-5 tiles.
A Gaussian of this width (in tiles) removes the terraces the steps would shade."""

SEED = 531
"""Seed of the painter's texture noise (not of anything simulated)."""

ROAD_HALF_M = 3.5  # a beaten track ~7 m wide: carts and columns [R]
WALL_HALF_M = 3.5  # curtain wall ~7 m across with its footing [R]
TOWER_HALF_M = 5.5  # projecting towers ~11 m square [R]
TOWER_SPACING_M = 70.0  # late Roman towers every ~60-80 m [R]
LINE_FIELD_MAX_M = 16.0  # beyond the widest thing drawn from a line (a tower and its shadow)

_MASKS = {
    "wet": ("deep_water", "shallows"),
    "deep": ("deep_water",),
    "reeds": ("reeds",),
    "field": ("field",),
    "orchard": ("orchard",),
    "scrub": ("scrub",),
    "town": ("town",),
    "camp": ("camp",),
    "bare": ("sand", "dust", "road", "camp"),
    "grass": ("grass",),
}
_MI = {name: k for k, name in enumerate(_MASKS)}

# Detail colours (RGB 0-255), chosen to sit inside the legend's muted palette.
_BUSH = np.array([92, 98, 62], F32)
_TREE = np.array([86, 102, 66], F32)
_REED_DARK = np.array([96, 108, 64], F32)
_REED_LIGHT = np.array([176, 168, 116], F32)
_ROOF = np.array([214, 200, 170], F32)
_LANE = np.array([160, 142, 114], F32)
_STONE_TOP = np.array([178, 164, 138], F32)
_STONE_EDGE = np.array([96, 84, 72], F32)
_TENTS = np.array(
    [
        [232, 224, 204],
        [232, 224, 204],
        [232, 224, 204],
        [178, 98, 78],
        [204, 168, 104],
        [214, 204, 180],
    ],
    F32,
)
_WATER_DEEP_DEFAULT = np.array([62, 108, 114], F32)
_WATER_SHALLOW_DEFAULT = np.array([112, 150, 140], F32)


@functools.cache
def _blas_thread_setter():
    """OpenBLAS's `openblas_set_num_threads_local` from numpy's own OpenBLAS, or None.

    Why: a chunk is ~40 small matrix products (256 x 8 x 256). OpenBLAS splits each over every
    core and, on a 2-core kiosk where the other core is busy (the simulation, a worker), its
    threads wait on each other: measured 100x slower (105 ms instead of 0.3 ms). The `_local`
    variant (OpenBLAS >= 0.3.27) changes only the calling thread and is restored after each
    chunk, so nothing else in the process is affected. Any failure to find it leaves BLAS as is.
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


# ---------------------------------------------------------------------------------------------
# Sampling helpers: every field is sampled as  Wy @ F @ Wx.T  with small weight matrices.
# ---------------------------------------------------------------------------------------------
def _bspline(u: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Cubic B-spline weights to sample an axis of `n` samples at fractional indices `u`.

    Returns (W, dW, lo): value = W @ F[lo:lo+m], derivative per index = dW @ F[lo:lo+m].
    The B-spline is C2-smooth, so hillshade and edges have no tile-grid creases; indices past
    the ends are clamped (the map's edge values extend outwards).
    """
    fl = np.floor(u)
    t = (u - fl).astype(F32)[:, None]
    base = fl.astype(np.int64) - 1
    lo = int(np.clip(base.min(), 0, n - 1))
    hi = int(np.clip(base.max() + 3, 0, n - 1))
    m = hi - lo + 1
    idx = np.clip(base[:, None] + np.arange(4), 0, n - 1) - lo
    t2, t3, s = t * t, t * t * t, 1 - t
    w = np.concatenate([s * s * s, 3 * t3 - 6 * t2 + 4, -3 * t3 + 3 * t2 + 3 * t + 1, t3], 1) / 6
    dw = np.concatenate([-s * s, 3 * t2 - 4 * t, -3 * t2 + 2 * t + 1, t2], 1) / 2
    rows = np.repeat(np.arange(len(u)), 4)
    W = np.zeros((len(u), m), F32)
    dW = np.zeros((len(u), m), F32)
    np.add.at(W, (rows, idx.ravel()), w.ravel())
    np.add.at(dW, (rows, idx.ravel()), dw.ravel())
    return W, dW, lo


def _hash(ix: np.ndarray, iy: np.ndarray, seed: int) -> np.ndarray:
    """A well-mixed uint32 per integer lattice point (lowbias32-style); world-anchored noise."""
    h = (ix.astype(np.int64).astype(np.uint32) * np.uint32(0x8DA6B343)) ^ (
        iy.astype(np.int64).astype(np.uint32) * np.uint32(0xD8163841)
    )
    h ^= np.uint32((seed * 0x9E3779B9) & 0xFFFFFFFF)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x7FEB352D)
    h ^= h >> np.uint32(15)
    h *= np.uint32(0x846CA68B)
    h ^= h >> np.uint32(16)
    return h


def _unit(h: np.ndarray, shift: int = 0) -> np.ndarray:
    """Floats in [0, 1) from 16 bits of a hash."""
    return ((h >> np.uint32(shift)) & np.uint32(0xFFFF)).astype(F32) * F32(1 / 65536)


def _smooth_weights(w: np.ndarray, lam: float) -> tuple[np.ndarray, np.ndarray, int]:
    """Linear-with-smoothstep interpolation weights onto a lattice of spacing `lam` metres."""
    g = w / lam
    fl = np.floor(g)
    t = (g - fl).astype(F32)
    i0 = fl.astype(np.int64)
    lo = int(i0.min())
    m = int(i0.max()) - lo + 2
    s = t * t * (3 - 2 * t)
    ds = 6 * t * (1 - t) / lam
    W = np.zeros((len(w), m), F32)
    dW = np.zeros((len(w), m), F32)
    r = np.arange(len(w))
    W[r, i0 - lo] = 1 - s
    W[r, i0 - lo + 1] = s
    dW[r, i0 - lo] = -ds
    dW[r, i0 - lo + 1] = ds
    return W, dW, lo


@dataclass(frozen=True)
class _Grid:
    """World coordinates of one chunk's pixel centres (separable: x per column, y per row)."""

    wx: np.ndarray  # (W,) metres
    wy: np.ndarray  # (H,) metres
    scale: float  # px per metre


def _noise(g: _Grid, lam_x: float, lam_y: float, seed: int, grad: bool = False):
    """Value noise in [-1, 1] with wavelengths lam_x, lam_y metres; 0 where finer than ~2 px.

    With `grad`, also returns d/dx and d/dy (per metre) for relief shading.
    """
    if min(lam_x, lam_y) * g.scale < 2.0:
        return (0.0, 0.0, 0.0) if grad else 0.0
    Wx, dWx, x0 = _smooth_weights(g.wx, lam_x)
    Wy, dWy, y0 = _smooth_weights(g.wy, lam_y)
    ix = np.arange(x0, x0 + Wx.shape[1])
    iy = np.arange(y0, y0 + Wy.shape[1])
    lat = _unit(_hash(ix[None, :], iy[:, None], seed)) * 2 - 1
    # Fade the octave in over its first doubling of pixel size: no pop when zooming.
    fade = F32(min(1.0, (min(lam_x, lam_y) * g.scale - 2.0) / 2.0))
    val = (Wy @ lat @ Wx.T) * fade
    if not grad:
        return val
    return val, (Wy @ lat @ dWx.T) * fade, (dWy @ lat @ Wx.T) * fade


def _mix(col: np.ndarray, rgb: np.ndarray, alpha) -> None:
    """In place: col = col + (rgb - col) * alpha, for (3, H, W) col and a colour or field."""
    if np.isscalar(alpha) and alpha == 0:
        return
    rgb = rgb if rgb.ndim == 3 else rgb[:, None, None]
    col += (rgb - col) * alpha


# ---------------------------------------------------------------------------------------------
# Line features (roads, walls): tiles -> polylines -> distance grid.
# ---------------------------------------------------------------------------------------------
def _trace(mask: np.ndarray) -> list[list[tuple[int, int]]]:
    """Chains of (row, col) through a one-tile-wide network of tiles.

    Neighbours are the 8 around a tile, but a diagonal step is taken only where no orthogonal
    pair of steps joins the same two tiles, so a staircase is traced as one line, not a zigzag.
    Chains run between ends and junctions; closed loops come back as chains whose ends meet.
    """
    cells = {(int(r), int(c)) for r, c in zip(*np.nonzero(mask), strict=True)}
    adj: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for r, c in sorted(cells):
        nb = []
        for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):
            if (r + dr, c + dc) in cells:
                nb.append((r + dr, c + dc))
        for dr, dc in ((-1, -1), (-1, 1), (1, -1), (1, 1)):
            if (r + dr, c + dc) in cells and (r + dr, c) not in cells and (r, c + dc) not in cells:
                nb.append((r + dr, c + dc))
        adj[(r, c)] = nb
    seen: set[frozenset] = set()
    chains: list[list[tuple[int, int]]] = []
    starts = [p for p in sorted(adj) if len(adj[p]) != 2] + sorted(adj)
    for p in starts:
        for q in adj[p]:
            edge = frozenset((p, q))
            if edge in seen:
                continue
            seen.add(edge)
            chain = [p, q]
            while len(adj[chain[-1]]) == 2 and chain[-1] != p:
                a, b = adj[chain[-1]]
                nxt = b if a == chain[-2] else a
                e = frozenset((chain[-1], nxt))
                if e in seen:
                    break
                seen.add(e)
                chain.append(nxt)
            chains.append(chain)
    return chains


def _chaikin(pts: np.ndarray, iterations: int) -> np.ndarray:
    """Corner-cutting smoothing of an open polyline, keeping its end points."""
    for _ in range(iterations):
        if len(pts) < 3:
            return pts
        a, b = pts[:-1], pts[1:]
        q, r = 0.75 * a + 0.25 * b, 0.25 * a + 0.75 * b
        mid = np.empty((2 * len(a), 2))
        mid[0::2], mid[1::2] = q, r
        pts = np.vstack([pts[:1], mid[1:-1], pts[-1:]])
    return pts


class _LineField:
    """Distance (metres) to a set of polylines, on a grid over their bounding box.

    Stored as uint8 quarter-metres (clipped at `LINE_FIELD_MAX_M`): the town and every road
    fit in a few MB, and a chunk samples it with four gathers whatever the zoom.
    """

    def __init__(self, polylines: list[np.ndarray], res: float):
        self.res = res
        self.empty = not polylines
        if self.empty:
            return
        allp = np.vstack(polylines)
        pad = LINE_FIELD_MAX_M + 2 * res
        self.x0 = float(allp[:, 0].min() - pad)
        self.y0 = float(allp[:, 1].min() - pad)
        nx = int((allp[:, 0].max() + pad - self.x0) / res) + 2
        ny = int((allp[:, 1].max() + pad - self.y0) / res) + 2
        dist = np.full((ny, nx), LINE_FIELD_MAX_M, F32)
        reach = LINE_FIELD_MAX_M
        for pts in polylines:
            for (ax, ay), (bx, by) in itertools.pairwise(pts):
                c0 = max(int((min(ax, bx) - reach - self.x0) / res), 0)
                c1 = min(int((max(ax, bx) + reach - self.x0) / res) + 2, nx)
                r0 = max(int((min(ay, by) - reach - self.y0) / res), 0)
                r1 = min(int((max(ay, by) + reach - self.y0) / res) + 2, ny)
                gx = (self.x0 + (np.arange(c0, c1) + 0.5) * res)[None, :]
                gy = (self.y0 + (np.arange(r0, r1) + 0.5) * res)[:, None]
                dx, dy = bx - ax, by - ay
                ll = dx * dx + dy * dy
                t = ((gx - ax) * dx + (gy - ay) * dy) / ll if ll > 0 else 0 * gx
                t = np.clip(t, 0.0, 1.0)
                d = np.hypot(gx - ax - t * dx, gy - ay - t * dy).astype(F32)
                np.minimum(dist[r0:r1, c0:c1], d, out=dist[r0:r1, c0:c1])
        self.grid = np.round(dist * 4).astype(np.uint8)
        # Nearest distance per block of 32 x 32 cells: lets a chunk far from any line skip all.
        b = 32
        pad_y, pad_x = (-ny) % b, (-nx) % b
        padded = np.pad(dist, ((0, pad_y), (0, pad_x)), constant_values=LINE_FIELD_MAX_M)
        self.block = padded.reshape(padded.shape[0] // b, b, -1, b).min(axis=(1, 3))
        self.block_cells = b

    def sample(self, wx: np.ndarray, wy: np.ndarray) -> np.ndarray | None:
        """Bilinear distance in metres at the pixel grid wx x wy, or None if all out of reach."""
        if self.empty:
            return None
        ny, nx = self.grid.shape
        gx = (wx - self.x0) / self.res - 0.5
        gy = (wy - self.y0) / self.res - 0.5
        if gx.max() < 0 or gy.max() < 0 or gx.min() > nx - 1 or gy.min() > ny - 1:
            return None
        b = self.block_cells
        bx0, bx1 = int(max(gx.min(), 0)) // b, int(min(gx.max(), nx - 1)) // b
        by0, by1 = int(max(gy.min(), 0)) // b, int(min(gy.max(), ny - 1)) // b
        if self.block[by0 : by1 + 1, bx0 : bx1 + 1].min() >= LINE_FIELD_MAX_M - 0.5:
            return None
        gx = np.clip(gx, 0, nx - 1.001)
        gy = np.clip(gy, 0, ny - 1.001)
        ix, iy = gx.astype(np.int64), gy.astype(np.int64)
        tx, ty = (gx - ix).astype(F32), (gy - iy).astype(F32)[:, None]
        g = self.grid
        top = g[np.ix_(iy, ix)] * (1 - tx) + g[np.ix_(iy, ix + 1)] * tx
        bot = g[np.ix_(iy + 1, ix)] * (1 - tx) + g[np.ix_(iy + 1, ix + 1)] * tx
        return (top * (1 - ty) + bot * ty) * F32(0.25)


class _LRU:
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

    def put(self, key: tuple, surf: pygame.Surface) -> None:
        old = self._d.pop(key, None)
        if old is not None:
            self.bytes -= _nbytes(old)
        self._d[key] = surf
        self.bytes += _nbytes(surf)
        while self.bytes > self.cap and len(self._d) > 1:
            _, s = self._d.popitem(last=False)
            self.bytes -= _nbytes(s)
        if self.bytes > self.cap:  # a single item above the cap: keep nothing
            self._d.clear()
            self.bytes = 0

    def clear(self) -> None:
        self._d.clear()
        self.bytes = 0


def _nbytes(s: pygame.Surface) -> int:
    return s.get_width() * s.get_height() * s.get_bytesize()


# ---------------------------------------------------------------------------------------------
class TerrainPainter:
    """Paints a `BattleMap` under a `Camera`; see the module docstring for the design.

    Use one painter per map for the program's life; `draw` every frame. Memory is bounded by
    `CHUNK_CACHE_BYTES + SCALED_CACHE_BYTES` plus the frame and the coarsest level (~1 MB).
    """

    def __init__(
        self,
        bmap: BattleMap,
        *,
        cache_bytes: int = CHUNK_CACHE_BYTES,
        scaled_cache_bytes: int = SCALED_CACHE_BYTES,
    ):
        self.map = bmap
        self.tile = float(bmap.tile_size)
        self.width_m = bmap.width_m
        self.height_m = bmap.height_m
        self._chunks = _LRU(cache_bytes)
        self._scaled = _LRU(scaled_cache_bytes)
        self._base: dict[tuple[int, int, int], pygame.Surface] = {}
        self._frame: pygame.Surface | None = None
        self._key: tuple | None = None
        self._last_scale: float | None = None
        self.complete = False
        """Whether the last `draw` was exact (every chunk at its level, smoothly resampled)."""
        self.chunks_painted = 0
        """Chunks painted since construction (for benchmarks and tests)."""
        self._prepare_fields()
        self._prepare_lines()

    # -- public ---------------------------------------------------------------------------------
    @property
    def cache_bytes(self) -> int:
        """Bytes held by the capped chunk cache (not counting the pinned coarsest level)."""
        return self._chunks.bytes

    @property
    def cache_cap(self) -> int:
        return self._chunks.cap

    @property
    def scaled_cache_bytes(self) -> int:
        return self._scaled.bytes

    @property
    def scaled_cache_cap(self) -> int:
        return self._scaled.cap

    def clear_caches(self) -> None:
        """Forget every painted chunk (e.g. after editing the map); the next draw repaints."""
        self._chunks.clear()
        self._scaled.clear()
        self._base.clear()
        self._key = None

    def draw(
        self,
        target: pygame.Surface,
        camera: Camera,
        *,
        max_new_chunks: int | None = NEW_CHUNKS_PER_DRAW,
    ) -> None:
        """Fill `target` with the battlefield as `camera` sees it.

        The viewport is the target's size, centred on the camera's centre at its scale.
        `max_new_chunks` bounds the chunks painted in this call (None: all that are needed, an
        exact frame). A still camera after an exact frame costs one blit.
        """
        tw, th = target.get_size()
        s = float(camera.scale)
        key = (float(camera.centre_x), float(camera.centre_y), s, tw, th)
        if self._frame is not None and self.complete and key == self._key:
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
        self._ensure_base()
        budget = [max_new_chunks]
        smooth_budget = [None if max_new_chunks is None else SMOOTH_SCALES_PER_DRAW]
        complete = True

        k = self._level_for(s)
        lev = LEVELS[k]
        f = s / lev
        ox = camera.centre_x - tw / (2 * s)
        oy = camera.centre_y - th / (2 * s)
        offx, offy = round(ox * s), round(oy * s)
        nx, ny = self._nchunks(k)
        i0 = max(0, math.floor(ox * lev / CHUNK_PX))
        i1 = min(nx - 1, math.floor((ox + tw / s) * lev / CHUNK_PX))
        j0 = max(0, math.floor(oy * lev / CHUNK_PX))
        j1 = min(ny - 1, math.floor((oy + th / s) * lev / CHUNK_PX))

        blits: list[tuple[pygame.Surface, tuple[int, int]]] = []
        for j in range(j0, j1 + 1):
            y0 = round(j * CHUNK_PX * f)
            for i in range(i0, i1 + 1):
                x0 = round(i * CHUNK_PX * f)
                dest = (x0 - offx, y0 - offy)
                surf = self._chunk(k, i, j, budget)
                if surf is None:
                    complete = False
                    self._fallback(blits, k, i, j, s, offx, offy)
                    continue
                # Edge chunks are narrower than CHUNK_PX: size from the surface, not the grid.
                w = round((i * CHUNK_PX + surf.get_width()) * f) - x0
                h = round((j * CHUNK_PX + surf.get_height()) * f) - y0
                if (w, h) == surf.get_size():
                    blits.append((surf, dest))
                    continue
                skey = (k, i, j, w, h)
                scaled = self._scaled.get(skey)
                if scaled is None:
                    if zooming or smooth_budget[0] == 0:
                        scaled = pygame.transform.scale(surf, (w, h))
                        complete = False
                    else:
                        scaled = pygame.transform.smoothscale(surf, (w, h))
                        self._scaled.put(skey, scaled)
                        if smooth_budget[0] is not None:
                            smooth_budget[0] -= 1
                blits.append((scaled, dest))
        frame = self._frame
        frame.fill(BACKGROUND)
        frame.fblits(blits)
        target.blit(frame, (0, 0))
        self._key = key
        self.complete = complete

    def overview(self, size: tuple[int, int]) -> pygame.Surface:
        """The whole map resampled to exactly `size` (for a minimap); paints what it needs."""
        w, h = max(1, int(size[0])), max(1, int(size[1]))
        want = max(w / self.width_m, h / self.height_m)
        k = 0
        while k < len(LEVELS) - 1 and LEVELS[k] < want and LEVELS[k] < 0.25:
            k += 1
        lev = LEVELS[k]
        full = pygame.Surface((math.ceil(self.width_m * lev), math.ceil(self.height_m * lev)))
        nx, ny = self._nchunks(k)
        for j in range(ny):
            for i in range(nx):
                full.blit(self._chunk(k, i, j, [None]), (i * CHUNK_PX, j * CHUNK_PX))
        return pygame.transform.smoothscale(full, (w, h))

    # -- chunk management -----------------------------------------------------------------------
    @staticmethod
    def _level_for(scale: float) -> int:
        k = round(2 * math.log2(max(scale, 1e-6) / LEVELS[0]))
        return int(min(max(k, 0), len(LEVELS) - 1))

    def _nchunks(self, k: int) -> tuple[int, int]:
        lev = LEVELS[k]
        return (math.ceil(self.width_m * lev / CHUNK_PX), math.ceil(self.height_m * lev / CHUNK_PX))

    def _ensure_base(self) -> None:
        if self._base:
            return
        nx, ny = self._nchunks(0)
        for j in range(ny):
            for i in range(nx):
                self._base[(0, i, j)] = self._make_surface(0, i, j)

    def _chunk(self, k: int, i: int, j: int, budget: list) -> pygame.Surface | None:
        if k == 0:
            self._ensure_base()
            return self._base[(0, i, j)]
        surf = self._chunks.get((k, i, j))
        if surf is None and (budget[0] is None or budget[0] > 0):
            surf = self._make_surface(k, i, j)
            self._chunks.put((k, i, j), surf)
            if budget[0] is not None:
                budget[0] -= 1
        return surf

    def _cached(self, k: int, i: int, j: int) -> pygame.Surface | None:
        return self._base.get((k, i, j)) if k == 0 else self._chunks.peek((k, i, j))

    def _fallback(
        self, blits: list, k: int, i: int, j: int, s: float, offx: int, offy: int
    ) -> None:
        """Stand in for a missing chunk with the nearest coarser level that has its area."""
        lev = LEVELS[k]
        wx0, wx1 = i * CHUNK_PX / lev, (i + 1) * CHUNK_PX / lev
        wy0, wy1 = j * CHUNK_PX / lev, (j + 1) * CHUNK_PX / lev
        for kk in range(k - 1, -1, -1):
            lv = LEVELS[kk]
            nx, ny = self._nchunks(kk)
            ii = range(max(0, int(wx0 * lv // CHUNK_PX)), min(nx, math.ceil(wx1 * lv / CHUNK_PX)))
            jj = range(max(0, int(wy0 * lv // CHUNK_PX)), min(ny, math.ceil(wy1 * lv / CHUNK_PX)))
            parts = [(a, b, self._cached(kk, a, b)) for b in jj for a in ii]
            if any(p[2] is None for p in parts):
                continue
            for a, b, surf in parts:
                # Intersection of the missing chunk with this coarse chunk, in coarse pixels.
                sx0 = max(wx0 * lv, a * CHUNK_PX) - a * CHUNK_PX
                sx1 = min(wx1 * lv, (a + 1) * CHUNK_PX) - a * CHUNK_PX
                sy0 = max(wy0 * lv, b * CHUNK_PX) - b * CHUNK_PX
                sy1 = min(wy1 * lv, (b + 1) * CHUNK_PX) - b * CHUNK_PX
                sx0, sy0 = int(sx0), int(sy0)
                sx1 = min(math.ceil(sx1), surf.get_width())
                sy1 = min(math.ceil(sy1), surf.get_height())
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

    def _make_surface(self, k: int, i: int, j: int) -> pygame.Surface:
        with _single_thread_blas():
            rgb = self._paint(k, i, j)  # (H, W, 3) uint8
        surf = pygame.image.frombuffer(rgb.tobytes(), (rgb.shape[1], rgb.shape[0]), "RGB")
        self.chunks_painted += 1
        return surf.convert() if pygame.display.get_surface() is not None else surf.copy()

    # -- precomputation -------------------------------------------------------------------------
    def _prepare_fields(self) -> None:
        """Per-tile fields: land colour, class masks, smoothed elevation, water colours."""
        bm = self.map
        looks = [t.look for t in bm.types]
        colours = np.array([t.colour for t in bm.types], F32)
        ter = bm.terrain
        is_water = np.isin(ter, [t.code for t in bm.types if t.look in ("deep_water", "shallows")])
        # Land colour under the water: grow the bank's colours into the river, so the land side
        # of a bank is never tinted blue by the smooth sampling.
        land = colours[ter].copy()
        known = ~is_water
        for _ in range(6):
            if known.all():
                break
            acc = np.zeros_like(land)
            cnt = np.zeros(ter.shape, F32)
            for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                sh = np.roll(known, (dr, dc), (0, 1))
                acc += np.roll(land, (dr, dc), (0, 1)) * sh[..., None]
                cnt += sh
            grow = ~known & (cnt > 0)
            land[grow] = acc[grow] / cnt[grow, None]
            known = known | grow
        land[~known] = colours[ter][~known]
        self._land_rgb = np.ascontiguousarray(land.transpose(2, 0, 1))
        masks = np.zeros((len(_MASKS), *ter.shape), F32)
        for k, group in enumerate(_MASKS.values()):
            codes = [t.code for t in bm.types if t.look in group]
            masks[k] = np.isin(ter, codes)
        self._masks = masks
        self._present = {name: bool(masks[k].any()) for name, k in _MI.items()}
        # The camp's ditch runs round the whole camp, not along the tracks crossing it: close
        # one-tile gaps in the camp mask (dilate, then erode, 3 x 3).
        camp = masks[_MI["camp"]] > 0
        grown = _shift_any(camp)
        self._camp_area = (~_shift_any(~grown) | camp).astype(F32)
        self._elev = _gaussian_blur(bm.elevation.astype(F32), ELEVATION_BLUR_TILES)
        land_e = bm.elevation[~is_water]
        self._plain_m = float(np.median(land_e)) if land_e.size else 0.0
        # Depth for the water's colour varies over ~60 m, not tile by tile.
        self._depth = _gaussian_blur(masks[_MI["deep"]], 1.6)[None]

        def colour_of(look: str, default: np.ndarray) -> np.ndarray:
            got = [colours[n] for n, lk in enumerate(looks) if lk == look]
            return np.mean(got, 0).astype(F32) if got else default

        self._deep_rgb = colour_of("deep_water", _WATER_DEEP_DEFAULT)
        self._shallow_rgb = colour_of("shallows", _WATER_SHALLOW_DEFAULT)
        self._road_rgb = colour_of("road", np.array([186, 164, 128], F32))

    def _prepare_lines(self) -> None:
        """Roads and walls as polylines through their tiles, then as distance grids."""
        bm = self.map
        t = self.tile

        def chains(looks: tuple[str, ...], smooth: int) -> list[np.ndarray]:
            codes = [ty.code for ty in bm.types if ty.look in looks]
            out = []
            for ch in _trace(np.isin(bm.terrain, codes)):
                pts = (np.array(ch, float)[:, ::-1] + 0.5) * t  # (x, y) metres
                out.append(_chaikin(pts, smooth))
            return out

        roads = chains(("road",), 2)
        walls = chains(("wall",), 0)
        self._roads = _LineField(roads, res=2.0)
        self._walls = _LineField(walls, res=1.0)
        towers: list[tuple[float, float]] = []
        for pts in walls:
            towers.append(tuple(pts[0]))
            towers.append(tuple(pts[-1]))
            run = 0.0
            for n in range(1, len(pts) - 1):
                run += float(np.hypot(*(pts[n] - pts[n - 1])))
                a, b = pts[n] - pts[n - 1], pts[n + 1] - pts[n]
                turn = abs(a[0] * b[1] - a[1] * b[0]) > 1e-6
                if turn or run >= TOWER_SPACING_M:
                    towers.append(tuple(pts[n]))
                    run = 0.0
        self._towers = np.array(sorted(set(towers)), float).reshape(-1, 2)

    # -- painting one chunk ---------------------------------------------------------------------
    def _paint(self, k: int, i: int, j: int) -> np.ndarray:
        """Paint chunk (i, j) of level k: an (H, W, 3) uint8 image. Pure function of its key.

        Colour is built in two parts to keep the numpy work small: `col` (3 channels) receives
        only things with their own colour (bushes, roofs, tents, road, water), while every
        brightness effect (tone, speckle, shadows, hillshade) multiplies into the one-channel
        `lum`, applied once.
        """
        s = LEVELS[k]
        lev_w = math.ceil(self.width_m * s)
        lev_h = math.ceil(self.height_m * s)
        W = min(CHUNK_PX, lev_w - i * CHUNK_PX)
        H = min(CHUNK_PX, lev_h - j * CHUNK_PX)
        wx = ((i * CHUNK_PX + np.arange(W) + 0.5) / s).astype(F32)
        wy = ((j * CHUNK_PX + np.arange(H) + 0.5) / s).astype(F32)
        g = _Grid(wx, wy, s)
        T = self.tile
        Wx, dWx, x0 = _bspline(wx / T - 0.5, self.map.cols)
        Wy, dWy, y0 = _bspline(wy / T - 0.5, self.map.rows)
        ys, xs = slice(y0, y0 + Wy.shape[1]), slice(x0, x0 + Wx.shape[1])
        sp = _Spline(Wy, dWy, Wx, dWx, ys, xs, T)

        masks = sp.value(self._masks)
        M = {name: masks[n] for name, n in _MI.items()}
        col = sp.value(self._land_rgb)  # (3, H, W) land colour

        def there(name: str, lo: float = 0.02) -> bool:
            return self._present[name] and float(M[name].max()) > lo

        # -- broad painterly variation: tone and a green/ochre drift ----------------------------
        lum = (
            1
            + 0.05 * _noise(g, 420, 420, 1)
            + 0.035 * _noise(g, 110, 110, 2)
            + 0.025 * _noise(g, 26, 26, 3)
            + 0.02 * _noise(g, 6, 6, 4)
            + 0.015 * _noise(g, 1.6, 1.6, 5)
        ) * np.ones((H, W), F32)
        hue = _noise(g, 650, 650, 6) + 0.5 * _noise(g, 140, 140, 7)
        if not np.isscalar(hue):
            col += hue * np.array([2.0, 5.0, -4.0], F32)[:, None, None]

        # -- ground cover details ----------------------------------------------------------------
        if there("grass"):
            self._speckle(lum, g, 1.9, 0.22, 0.4, M["grass"] * 0.5, -0.12, 11)
            self._dots(col, lum, g, 29.0, 2.5, 4.0, M["grass"] * 0.04, _BUSH, 12)
        if there("bare"):
            self._speckle(lum, g, 2.6, 0.1, 0.28, M["bare"] * 0.45, -0.22, 13)
            self._speckle(lum, g, 3.3, 0.12, 0.3, M["bare"] * 0.45, 0.14, 14)
        if there("field"):
            self._fields(col, lum, g, M["field"], sp)
        if there("reeds"):
            self._reeds(col, lum, g, M["reeds"])
        if there("scrub"):
            self._dots(col, lum, g, 7.0, 0.9, 2.2, M["scrub"] * 0.5, _BUSH, 15)
            self._speckle(lum, g, 2.8, 0.25, 0.6, M["scrub"] * 0.4, -0.14, 16)
        if there("orchard"):
            pres = np.clip((M["orchard"] - 0.3) * 2.5, 0, 1) * 0.8
            self._dots(col, lum, g, 8.0, 2.0, 3.3, pres, _TREE, 17, jitter=0.5)
        if there("town"):
            self._town(col, lum, g, M["town"])
        if there("camp"):
            self._camp(col, lum, g, M["camp"], sp)
        self._road(col, lum, g)

        # -- relief: hillshade of the smoothed elevation plus fine ground bumps -----------------
        E = self._elev
        ex, ey = sp.gradient(E)
        ex *= RELIEF_EXAGGERATION
        ey *= RELIEF_EXAGGERATION
        for lam, amp, sd in ((11.0, 0.035, 21), (2.8, 0.02, 22), (0.9, 0.01, 23)):
            _, nx, ny = _noise(g, lam, lam, sd, grad=True)
            ex += amp * lam * nx
            ey += amp * lam * ny
        lx, ly, lz = (float(v) for v in LIGHT)
        lam_dot = (lz - ex * lx - ey * ly) / np.sqrt(ex * ex + ey * ey + 1)
        shade = np.clip(1 + 1.1 * (lam_dot - lz), 0.55, 1.16)
        lum *= shade
        above = np.maximum(sp.value(E) - self._plain_m, 0)
        lum *= 1 + HEIGHT_TINT_PER_M * above
        col += (above * HEIGHT_TINT_PER_M * 12) * np.array([1.0, 0.2, -0.6], F32)[:, None, None]
        self._walls_and_towers(col, lum, g)
        col *= lum
        # Warm light, cool shadow: the painted-map look.
        col += (shade - 1) * np.array([12.0, 5.0, -9.0], F32)[:, None, None]

        # -- the river: crisp anti-aliased bank from the smooth wet mask ------------------------
        if there("wet"):
            self._water(col, g, M, sp)

        # -- outside the map --------------------------------------------------------------------
        inside_x = np.clip(np.minimum(wx, self.width_m - wx) * s + 0.5, 0, 1)
        inside_y = np.clip(np.minimum(wy, self.height_m - wy) * s + 0.5, 0, 1)
        if inside_x.min() < 1 or inside_y.min() < 1:
            _mix(col, np.array(BACKGROUND, F32), 1 - inside_y[:, None] * inside_x[None, :])
        out = np.clip(col, 0, 255).astype(np.uint8)
        return np.ascontiguousarray(out.transpose(1, 2, 0))

    # -- details ----------------------------------------------------------------------------------
    @staticmethod
    def _cells(g: _Grid, cell_x: float, cell_y: float, seed: int):
        """Per pixel: the hash of its cell and its offset (metres) from the cell's corner."""
        cx = np.floor(g.wx / cell_x)
        cy = np.floor(g.wy / cell_y)
        h = _hash(cx[None, :], cy[:, None], seed)
        fx = (g.wx - cx * cell_x)[None, :]
        fy = (g.wy - cy * cell_y)[:, None]
        return h, fx, fy

    def _speckle(
        self,
        lum: np.ndarray,
        g: _Grid,
        cell: float,
        rmin: float,
        rmax: float,
        presence: np.ndarray,
        strength: float,
        seed: int,
    ) -> None:
        """Tiny marks (stones, tufts) as a brightness change; nothing when below ~1 px."""
        s = g.scale
        lod = min(1.0, max(0.0, (0.5 * (rmin + rmax) * s - 0.7) / 0.8))
        if lod <= 0:
            return
        h, fx, fy = self._cells(g, cell, cell, seed)
        r = rmin + (rmax - rmin) * _unit(h, 0)
        dx = fx - (cell / 2 + (_unit(h, 16) - 0.5) * (cell - 2 * rmax))
        h2 = _hash(h, h >> np.uint32(7), seed + 1)
        dy = fy - (cell / 2 + (_unit(h2, 0) - 0.5) * (cell - 2 * rmax))
        on = np.clip((presence - _unit(h2, 16)) * 8, 0, 1)
        a = np.clip((r - np.sqrt(dx * dx + dy * dy)) * s + 0.5, 0, 1) * on
        lum *= 1 + (strength * lod) * a

    def _dots(
        self,
        col: np.ndarray,
        lum: np.ndarray,
        g: _Grid,
        cell: float,
        rmin: float,
        rmax: float,
        presence: np.ndarray,
        rgb: np.ndarray,
        seed: int,
        *,
        jitter: float = 1.0,
    ) -> None:
        """Round crowns scattered one per cell (bushes, trees), lit from the NW, with shadows.

        Below ~1 px they melt into their average colour, so the overview keeps their tint
        without aliasing.
        """
        s = g.scale
        rmean = 0.5 * (rmin + rmax)
        cover = math.pi * rmean * rmean / (cell * cell)
        lod = min(1.0, max(0.0, (rmean * s - 0.6) / 0.9))
        if lod < 1:
            _mix(col, rgb, presence * (cover * 1.3 * (1 - lod)))
        if lod <= 0:
            return
        h, fx, fy = self._cells(g, cell, cell, seed)
        r = rmin + (rmax - rmin) * _unit(h, 0)
        room = np.maximum(cell / 2 - r, 0) * jitter
        h2 = _hash(h, h >> np.uint32(7), seed + 1)
        dx = fx - (cell / 2 + (_unit(h, 16) * 2 - 1) * room)
        dy = fy - (cell / 2 + (_unit(h2, 0) * 2 - 1) * room)
        on = np.clip((presence - _unit(h2, 16)) * 8, 0, 1)  # fade, never cut, at patch edges
        # Soft shadow cast to the south-east, then the crown, shaded like a dome.
        sdx, sdy = dx - 0.5 * r, dy - 0.5 * r
        soft = max(0.35 * rmean, 1.0 / s)
        sh = np.clip((r - np.sqrt(sdx * sdx + sdy * sdy)) / soft + 0.5, 0, 1) * on
        lum *= 1 - (0.3 * lod) * sh
        d = np.sqrt(dx * dx + dy * dy)
        a = np.clip((r - d) * s + 0.5, 0, 1) * on * lod
        lx, ly = float(LIGHT[0]), float(LIGHT[1])
        lit = 1 + 0.3 * np.clip(-(dx * lx + dy * ly) / (r + 1e-3), -1, 1)
        lit *= 0.88 + 0.24 * _unit(h2, 8)
        _mix(col, rgb[:, None, None] * lit, a)
        lum += (1 - lum) * a * 0.7  # the crown stands in the light, not in others' shadow

    def _fields(self, col, lum, g, m, sp: _Spline) -> None:
        """Parcels of barley and fallow with a crisp edge, furrows close up."""
        s = g.scale
        a = sp.crisp(self._masks[_MI["field"]], m + 0.07 * _noise(g, 35, 35, 31), s)
        # Parcels ~110 x 80 m in staggered rows.
        row = np.floor(g.wy / 80.0)
        shift = _unit(_hash(row, row * 0 + 7, 33)) * 110.0
        xx = g.wx[None, :] + shift[:, None]
        px = np.floor(xx / 110.0)
        h = _hash(px, np.broadcast_to(row[:, None], px.shape), 34)
        kind = (h % np.uint32(4)).astype(np.int64)
        tints = np.array([[-6, 3, -4], [6, 4, -6], [10, 4, -4], [0, 0, 0]], F32)
        col += tints[kind].transpose(2, 0, 1) * a
        # Furrows (1.6 m) along x or y per parcel; bunds between parcels.
        if 1.6 * s >= 3:
            along = ((h >> np.uint32(8)) & np.uint32(1)).astype(bool)
            coord = np.where(along, xx, g.wy[:, None])
            fade = min(1.0, (1.6 * s - 3) / 3)
            lum *= 1 - (0.06 * fade) * a * (0.5 + 0.5 * np.sin(coord * F32(2 * np.pi / 1.6)))
        fxp = xx - px * 110.0
        fyp = (g.wy - row * 80.0)[:, None]
        edge = np.minimum(np.minimum(fxp, 110.0 - fxp), np.minimum(fyp, 80.0 - fyp))
        bw = max(0.8, 0.5 / s)
        bund = np.clip((bw - edge) * s + 0.5, 0, 1) * a * min(1.0, s)
        lum *= 1 - 0.08 * bund

    def _reeds(self, col, lum, g, m) -> None:
        """Reed beds: dense upright strokes, green-brown with pale tops, in clumps."""
        a = np.clip((m - 0.3) * 2.5, 0, 1)
        _mix(col, _REED_DARK, a * 0.3)
        streak = _noise(g, 0.8, 3.5, 41) + 0.6 * _noise(g, 0.4, 1.8, 42)
        if not np.isscalar(streak):
            lum *= 1 + a * np.clip(streak, -1, 1) * 0.16
        self._dots(col, lum, g, 4.0, 0.8, 1.6, a * 0.55, _REED_DARK, 43)

    def _town(self, col, lum, g, m) -> None:
        """Flat-roofed houses in irregular blocks, lanes shaded south-east of the houses."""
        s = g.scale
        a = np.clip((m - 0.35) * 4, 0, 1)
        cw, chh, lane = 15.0, 12.0, 3.2
        lod = min(1.0, max(0.0, (lane * s - 0.5) / 1.5))
        _mix(col, _ROOF * 0.8 + _LANE * 0.2, a * 0.8 * (1 - lod))
        lum *= 1 + 0.05 * _noise(g, 45, 45, 50) * a
        if lod <= 0:
            return
        row = np.floor(g.wy / chh)
        shift = _unit(_hash(row, row * 0 + 3, 51)) * cw
        xx = g.wx[None, :] + shift[:, None]
        cx = np.floor(xx / cw)
        fx = xx - cx * cw
        fy = np.broadcast_to((g.wy - row * chh)[:, None], fx.shape)
        h = _hash(cx, np.broadcast_to(row[:, None], cx.shape), 52)
        # Lanes on the west and north side of a cell, but not every cell: blocks merge.
        lane_w = np.where(_unit(h, 4) < 0.72, lane, 0.0).astype(F32)
        lane_n = np.where(_unit(h, 12) < 0.8, lane, 0.0).astype(F32)
        open_sq = _unit(_hash(h, h, 53)) < 0.05  # a small square or garden
        inb = (
            np.clip((fx - lane_w) * s + 0.5, 0, 1)
            * np.clip((fy - lane_n) * s + 0.5, 0, 1)
            * ~open_sq
        )
        tone = 0.84 + 0.22 * _unit(h, 0)
        court = (_unit(h, 16) < 0.5) & (lane_w > 0) & (lane_n > 0)
        ix = np.minimum(fx - lane_w, cw - fx) - 3.6
        iy = np.minimum(fy - lane_n, chh - fy) - 3.0
        incourt = np.clip(np.minimum(ix, iy) * s + 0.5, 0, 1) * court
        split = np.abs(fx - (lane_w + (cw - lane_w) * (0.3 + 0.4 * _unit(h, 8))))
        party = np.clip((0.3 - split) * s + 0.5, 0, 1) * (lod > 0.5)
        roof_l = tone * (1 - 0.2 * incourt) * (1 - 0.18 * party)
        shadow = np.maximum(
            np.clip((np.minimum(lane_w, 1.8) - fx) * s + 0.5, 0, 1),
            np.clip((np.minimum(lane_n, 1.8) - fy) * s + 0.5, 0, 1),
        )
        lane_l = 1 - 0.3 * shadow
        town = _LANE[:, None, None] + (_ROOF - _LANE)[:, None, None] * inb
        _mix(col, town, a * lod)
        lum *= 1 + (lane_l + (roof_l - lane_l) * inb - 1) * (a * lod)

    def _camp(self, col, lum, g, m, sp: _Spline) -> None:
        """The Persian camp: rows of round tents, a few coloured pavilions, a ditch round it."""
        s = g.scale
        a = np.clip((m - 0.4) * 3.5, 0, 1)
        # The ditch and bank: a dark line along the camp's edge, readable at any zoom.
        area = self._camp_area[None]
        sd = sp.signed(area, sp.value(area) + 0.04 * _noise(g, 40, 40, 60))[0]
        ditch = np.clip(1 - np.abs(sd * s + max(1.5 * s, 0.7)) / max(1.5 * s, 0.8), 0, 1)
        lum *= 1 - 0.35 * ditch
        cell_x, cell_y = 12.0, 10.0
        r_mean = 2.9
        lod = min(1.0, max(0.0, (r_mean * s - 0.6) / 0.9))
        if lod < 1:
            _mix(col, _TENTS[0], a * 0.25 * (1 - lod))
            lum *= 1 + 0.08 * _noise(g, 24, 20, 63) * a
        if lod <= 0:
            return
        h, fx, fy = self._cells(g, cell_x, cell_y, 61)
        r = 2.2 + 1.4 * _unit(h, 0)
        on = (_unit(h, 16) < 0.8) & (a > 0.5)
        h2 = _hash(h, h >> np.uint32(5), 62)
        dx = fx - (cell_x / 2 + (_unit(h2, 0) - 0.5) * (cell_x - 2 * r - 0.5))
        dy = fy - (cell_y / 2 + (_unit(h2, 16) - 0.5) * np.maximum(cell_y - 2 * r - 0.5, 0))
        sdx, sdy = dx - 1.4, dy - 1.4
        sh = np.clip((r - np.sqrt(sdx * sdx + sdy * sdy)) * s + 0.5, 0, 1) * on
        lum *= 1 - 0.35 * lod * sh
        d = np.sqrt(dx * dx + dy * dy)
        body = np.clip((r - d) * s + 0.5, 0, 1) * on * lod
        kind = (h2 % np.uint32(len(_TENTS))).astype(np.int64)
        tent = _TENTS[kind].transpose(2, 0, 1)
        lx, ly = float(LIGHT[0]), float(LIGHT[1])
        cone = 0.8 + 0.3 * np.clip(-(dx * lx + dy * ly) / (r + 1e-3), -1, 1)
        pole = np.clip((0.3 - d) * s + 0.5, 0, 1)
        _mix(col, tent * (cone * (1 - 0.5 * pole)), body)
        lum += (1 - lum) * body

    def _road(self, col, lum, g) -> None:
        """A worn earth track: soft edges, two darker ruts close up."""
        d = self._roads.sample(g.wx, g.wy)
        if d is None or d.min() > ROAD_HALF_M + 4:
            return
        s = g.scale
        half = max(ROAD_HALF_M * s, 0.75)
        edge = _noise(g, 7, 7, 71) * 0.9 * s
        a = np.clip(half + edge - d * s + 0.5, 0, 1)
        if s >= 0.5:
            _mix(col, self._road_rgb, a * 0.8)
        else:  # the overview: a thin umber line, as a painted map draws a track
            _mix(col, np.array([128, 100, 74], F32), a * 0.55)
        if 0.6 * s >= 1.0:
            rut = np.clip(1 - np.abs(d - 1.3) / 0.45, 0, 1)
            lum *= 1 - (0.14 * min(1.0, 0.6 * s - 0.5)) * rut * a

    def _walls_and_towers(self, col, lum, g) -> None:
        """Curtain walls with projecting towers, lit on top, dark outline, shadow to the SE."""
        d = self._walls.sample(g.wx, g.wy)
        if d is None or d.min() > TOWER_HALF_M * 2 + 4:
            return
        s = g.scale
        if WALL_HALF_M * s < 1.0:  # the overview: a firm dark line, at least ~1.5 px wide
            a = np.clip(0.8 - d * s + 0.5, 0, 1)
            lum *= 1 - 0.25 * a
            _mix(col, _STONE_EDGE, a)
            return
        sd = d - WALL_HALF_M  # negative inside the wall
        sds = self._walls.sample(g.wx - 3.0, g.wy - 3.0) - WALL_HALF_M
        if len(self._towers) and TOWER_HALF_M * s >= 0.8:
            x0, x1 = g.wx[0] - 20, g.wx[-1] + 20
            y0, y1 = g.wy[0] - 20, g.wy[-1] + 20
            for tx, ty in self._towers:
                if x0 <= tx <= x1 and y0 <= ty <= y1:
                    bx = np.abs(g.wx - tx)[None, :]
                    by = np.abs(g.wy - ty)[:, None]
                    sd = np.minimum(sd, np.maximum(bx, by) - TOWER_HALF_M)
                    bx = np.abs(g.wx - 3.0 - tx)[None, :]
                    by = np.abs(g.wy - 3.0 - ty)[:, None]
                    sds = np.minimum(sds, np.maximum(bx, by) - TOWER_HALF_M)
        lum *= 1 - 0.4 * np.clip(-sds * s + 0.5, 0, 1)
        a = np.clip(-sd * s + 0.5, 0, 1)
        # Profile across the wall: dark outline (~0.8 m, >= 1.5 px), the face, a lit wall-walk.
        ow = max(0.8, 1.5 / s)
        rim = np.clip((sd + ow) * s + 0.5, 0, 1)
        face = np.clip((sd + ow + 1.0) * s + 0.5, 0, 1) * (1 - rim)
        stone = (
            _STONE_TOP[:, None, None]
            + (_STONE_EDGE - _STONE_TOP)[:, None, None] * rim
            - 18.0 * face
        )
        if s >= 4:  # courses of stone close up
            stone *= 1 + 0.05 * _noise(g, 1.2, 0.6, 81)
        _mix(col, stone, a)
        lum += (1 - lum) * a * (1 - rim)

    def _water(self, col, g, M, sp: _Spline) -> None:
        s = g.scale
        v = M["wet"] + 0.06 * _noise(g, 60, 60, 91) + 0.035 * _noise(g, 14, 14, 92)
        sd = np.clip(sp.signed(self._masks[_MI["wet"]], v), -200, 200)  # metres, > 0 in water
        if (sd * s).max() < -6:
            return
        wa = np.clip(sd * s + 0.5, 0, 1)
        depth = np.clip((sp.value(self._depth)[0] - 0.15) / 0.75, 0, 1)
        depth = depth * depth * (3 - 2 * depth)
        ripple = (
            1
            + 0.045 * _noise(g, 48, 7, 93)
            + 0.035 * _noise(g, 14, 2.2, 94)
            + 0.03 * _noise(g, 4, 0.7, 95)
            + 0.03 * _noise(g, 300, 60, 96)
            + 0.06 * np.clip(1 - sd / 8.0, 0, 1)
        )  # a lighter rim along the bank
        water = (
            self._shallow_rgb[:, None, None]
            + (self._deep_rgb - self._shallow_rgb)[:, None, None] * depth
        ) * ripple
        _mix(col, water, wa)
        # The bank: a dark line of wet mud on the land side, then a faint pale lip.
        bw = max(2.0 * s, 1.1)
        t = sd * s
        bank = np.clip(1 - np.abs(t + 0.5 * bw) / bw, 0, 1)
        lip = np.clip(1 - np.abs(t + 2.2 * bw) / (1.2 * bw), 0, 1)
        col *= (1 - 0.35 * bank) * (1 + 0.05 * lip)


@dataclass(frozen=True)
class _Spline:
    """The B-spline weights of one chunk; samples any tile field and its derivatives."""

    Wy: np.ndarray
    dWy: np.ndarray
    Wx: np.ndarray
    dWx: np.ndarray
    ys: slice
    xs: slice
    tile: float

    def value(self, F: np.ndarray) -> np.ndarray:
        return self.Wy @ F[..., self.ys, self.xs] @ self.Wx.T

    def gradient(self, F: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """d/dx and d/dy per metre."""
        P = F[..., self.ys, self.xs]
        t = F32(1 / self.tile)
        return (self.Wy @ P @ self.dWx.T) * t, (self.dWy @ P @ self.Wx.T) * t

    def signed(self, F: np.ndarray, value: np.ndarray) -> np.ndarray:
        """Approximate signed distance (metres) to the 0.5 contour of a smooth mask: > 0 inside.

        (v - 0.5) / |grad v| is exact for a linear ramp and good near the contour, which is
        the only place it is used: edges come out crisp and anti-aliased at every zoom.
        """
        gx, gy = self.gradient(F)
        return (value - 0.5) / np.maximum(np.sqrt(gx * gx + gy * gy), F32(1e-4))

    def crisp(self, F: np.ndarray, value: np.ndarray, scale: float) -> np.ndarray:
        """Coverage in [0, 1] of the mask's 0.5 contour, anti-aliased over one pixel."""
        return np.clip(self.signed(F, value) * scale + 0.5, 0, 1)


def _shift_any(mask: np.ndarray) -> np.ndarray:
    """3 x 3 binary dilation with edges clamped."""
    p = np.pad(mask, 1, mode="edge")
    out = np.zeros_like(mask)
    for dr in range(3):
        for dc in range(3):
            out |= p[dr : dr + mask.shape[0], dc : dc + mask.shape[1]]
    return out


def _gaussian_blur(a: np.ndarray, sigma: float) -> np.ndarray:
    """Separable Gaussian blur of a 2-D grid with edge-clamped borders (two matrix products)."""

    def matrix(n: int) -> np.ndarray:
        i = np.arange(n)
        k = np.exp(-0.5 * ((i[:, None] - i[None, :]) / sigma) ** 2)
        return (k / k.sum(1, keepdims=True)).astype(F32)

    return np.ascontiguousarray(matrix(a.shape[0]) @ a @ matrix(a.shape[1]).T)
