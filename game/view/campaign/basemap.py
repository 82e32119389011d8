"""The campaign map's ground: land, sea, the river valleys and the desert, as one soft wash.

Painted once, coarsely (`RES` px per km: the ground holds only gentle gradients), from the same
region data as the battle's inset locator, in the battlefield's printed-map palette: buff
steppe, the grey-green of watered meadow along the rivers, paler sand in the desert south of
the Euphrates ("a land deserted by men", Procopius I.18.2), slate-blue sea darkening towards
the coast. A frame smooth-scales the part in view; the sharp lines (coast, rivers, frontier,
routes, names) are drawn over it at screen resolution by `game.view.campaign.art`.
"""

from __future__ import annotations

import itertools

import numpy as np
import pygame
import pygame.gfxdraw

from game.view.campaign.plane import Plane, View
from game.view.terrain.raster import gaussian_blur, segment_distance

RES = 1.0  # px per km of the wash
COARSE = 4  # the gentle fields are worked out on a grid this many times coarser
STEPPE = (216, 206, 178)
MEADOW = (198, 204, 170)
DESERT = (230, 216, 186)
SEA = (154, 184, 198)
SEA_COAST = (132, 164, 184)
VALLEY_KM = 12.0  # the watered band either side of a river, fading out
DESERT_FROM_KM = 20.0  # the desert's sand begins this far south of the Euphrates ...
DESERT_FULL_KM = 90.0  # ... and is full this far
PERSIA = (176, 184, 190)  # the Persian side's blue, greyed to a wash
PERSIA_SHARE = 0.32
FRONTIER_BAND_KM = 35.0
MAIN_RIVERS = ("Euphrates", "Tigris")
BEND_LON = 38.05  # the Euphrates turns east here (Barbalissos)


class BaseMap:
    """The wash, painted on first use and kept (about 0.4 Mpx)."""

    def __init__(self, plane: Plane):
        self.plane = plane
        self._surface: pygame.Surface | None = None
        self._pixels: np.ndarray | None = None  # the wash as floats, for `_sampled`
        self._last: tuple[tuple, pygame.Surface, tuple[int, int]] | None = None

    @property
    def surface(self) -> pygame.Surface:
        if self._surface is None:
            self._surface = pygame.surfarray.make_surface(paint(self.plane))
        return self._surface

    def draw(self, target: pygame.Surface, view: View) -> None:
        """The ground under `view`: the raster's covering rows and columns, smooth-scaled."""
        key = (view.x, view.y, view.px_per_km, view.width, view.height)
        if self._last is None or self._last[0] != key:
            self._last = (key, *self._scaled(view))
        target.blit(self._last[1], self._last[2])

    def _scaled(self, view: View) -> tuple[pygame.Surface, tuple[int, int]]:
        src = self.surface
        x0, y0, x1, y1 = view.rect_km()
        c0 = int(np.clip(np.floor(x0 * RES) - 1, 0, src.get_width() - 2))
        r0 = int(np.clip(np.floor(y0 * RES) - 1, 0, src.get_height() - 2))
        c1 = int(np.clip(np.ceil(x1 * RES) + 1, c0 + 2, src.get_width()))
        r1 = int(np.clip(np.ceil(y1 * RES) + 1, r0 + 2, src.get_height()))
        part = src.subsurface(pygame.Rect(c0, r0, c1 - c0, r1 - r0))
        sx, sy = view.to_screen(c0 / RES, r0 / RES)
        ex, ey = view.to_screen(c1 / RES, r1 / RES)
        w, h = max(1, round(ex - sx)), max(1, round(ey - sy))
        if w * h > 4 * view.width * view.height:  # deep in: scale only what is seen
            return self._scaled_crop(part, (sx, sy), (ex - sx) / part.get_width(), view)
        return pygame.transform.smoothscale(part, (w, h)), (round(sx), round(sy))

    def _scaled_crop(self, part, origin, k, view: View):
        """Very close up (the fly-down's end): scale the few raster px in view to the screen."""
        w, h = view.width, view.height
        gx0, gy0 = (0 - origin[0]) / k, (0 - origin[1]) / k
        c0, r0 = int(max(np.floor(gx0) - 1, 0)), int(max(np.floor(gy0) - 1, 0))
        c1 = int(min(np.ceil(gx0 + w / k) + 1, part.get_width()))
        r1 = int(min(np.ceil(gy0 + h / k) + 1, part.get_height()))
        c1, r1 = max(c1, c0 + 1), max(r1, r0 + 1)
        crop = part.subsurface(pygame.Rect(c0, r0, c1 - c0, r1 - r0))
        size = (max(1, round((c1 - c0) * k)), max(1, round((r1 - r0) * k)))
        if size[0] * size[1] > 4 * w * h:  # a field a few raster px wide fills the screen
            return self._sampled(view)
        return pygame.transform.smoothscale(crop, size), (
            round(origin[0] + c0 * k),
            round(origin[1] + r0 * k),
        )

    def _sampled(self, view: View) -> tuple[pygame.Surface, tuple[int, int]]:
        """Deeper still (a small battle's fly-down ends at thousands of px per km): scaling
        even the three raster px in view would make a surface of gigabytes (it crashed SDL),
        so the wash is sampled bilinearly, as `smoothscale` would, on a grid of one point per
        `SAMPLE_PX` screen px and smoothed up to the screen."""
        if self._pixels is None:
            self._pixels = pygame.surfarray.array3d(self.surface).astype(np.float32)
        wash = self._pixels
        gw, gh = max(2, -(-view.width // SAMPLE_PX)), max(2, -(-view.height // SAMPLE_PX))
        x0, y0, x1, y1 = view.rect_km()
        u = _raster_coords(x0, x1, gw, wash.shape[0])
        v = _raster_coords(y0, y1, gh, wash.shape[1])
        iu, iv = np.floor(u).astype(int), np.floor(v).astype(int)
        fu, fv = (u - iu)[:, None, None], (v - iv)[None, :, None]
        row0 = wash[iu][:, iv] * (1 - fv) + wash[iu][:, iv + 1] * fv
        row1 = wash[iu + 1][:, iv] * (1 - fv) + wash[iu + 1][:, iv + 1] * fv
        grid = np.rint(row0 * (1 - fu) + row1 * fu).astype(np.uint8)
        small = pygame.surfarray.make_surface(grid)
        return pygame.transform.smoothscale(small, (view.width, view.height)), (0, 0)


SAMPLE_PX = 8


def _raster_coords(km0: float, km1: float, n: int, size: int) -> np.ndarray:
    """`n` sample points across km0..km1 in raster px (a px's centre at i + 0.5), clamped so
    that each point and its right-hand neighbour lie in the raster."""
    km = km0 + (np.arange(n, dtype=np.float64) + 0.5) * (km1 - km0) / n
    return np.clip(km * RES - 0.5, 0.0, size - 1.0 - 1e-6)


def paint(plane: Plane) -> np.ndarray:
    """The wash as a (W, H, 3) uint8 array (pygame's surfarray order). The gentle fields
    (desert, valleys, the sea's shading) are worked out on a grid `COARSE` times coarser and
    smoothed up; only the coast is drawn at full resolution."""
    ex, ey = plane.extent_km
    w, h = int(np.ceil(ex * RES)) + 1, int(np.ceil(ey * RES)) + 1
    cw, ch = -(-w // COARSE), -(-h // COARSE)
    k = RES / COARSE  # px per km of the coarse grid
    gx = (np.arange(cw, dtype=np.float32) + 0.5) / k
    gy = (np.arange(ch, dtype=np.float32) + 0.5) / k
    px, py = np.meshgrid(gx, gy)  # (ch, cw) km
    region = plane.region

    # desert: south of the Euphrates below its bend, sandier the further from it
    euphrates = next(r for r in region.rivers if r.name == "Euphrates")
    line = np.array([plane.km(*p) for p in euphrates.points], np.float32)
    lower = line[line[:, 0] >= plane.km(BEND_LON, 36.0)[0]]  # west-east from the bend on
    edge = np.vstack([[0.0, lower[0, 1] + DESERT_FROM_KM], lower])
    below = py - _y_on(edge, px)
    sand = np.clip((below - DESERT_FROM_KM) / (DESERT_FULL_KM - DESERT_FROM_KM), 0, 1)
    sand = gaussian_blur(sand.astype(np.float32), 1.5)

    # watered valleys along every river
    wet = np.zeros((ch, cw), np.float32)
    for river in region.rivers:
        pts = np.array([plane.km(*p) for p in river.points], np.float32)
        reach = VALLEY_KM if river.name in MAIN_RIVERS else VALLEY_KM * 0.55
        wet = np.maximum(wet, np.clip(1 - _distance(px, py, pts) / reach, 0, 1))
    wet = gaussian_blur(wet, 0.8)

    # Persia: a faint cool wash east of the frontier, stronger along it
    line = np.array([plane.km(*p) for p in region.frontier.points], np.float32)
    order = np.argsort(line[:, 1])
    east = px > np.interp(py, line[order, 1], line[order, 0])
    east &= py < line[:, 1].max() + 30.0
    near_line = np.clip(1 - _distance(px, py, line) / FRONTIER_BAND_KM, 0, 1)
    persia = gaussian_blur((east * (0.45 + 0.55 * near_line)).astype(np.float32), 1.2)

    sea = _sea_mask(plane, (w, h))
    offshore = _coarse(sea, COARSE)
    offshore = gaussian_blur(offshore, 1.0)  # ~1 well out to sea, ~0.5 at the coast
    near = np.clip((1 - offshore) * 2.0, 0, 1)

    col = np.empty((3, ch, cw), np.float32)
    col[:] = np.asarray(STEPPE, np.float32)[:, None, None]
    col += (np.asarray(DESERT, np.float32)[:, None, None] - col) * sand
    col += (np.asarray(MEADOW, np.float32)[:, None, None] - col) * (wet * 0.6)
    col += (np.asarray(PERSIA, np.float32)[:, None, None] - col) * (persia * PERSIA_SHARE)
    land = _smoothed(col, (w, h))
    water = _smoothed(
        np.asarray(SEA, np.float32)[:, None, None]
        + (np.asarray(SEA_COAST, np.float32) - np.asarray(SEA, np.float32))[:, None, None]
        * near[None],
        (w, h),
    )
    out = land + (water - land) * sea[None]
    out += _grain(h, w)[None]
    return np.clip(out, 0, 255).astype(np.uint8).transpose(2, 1, 0).copy()


def _coarse(a: np.ndarray, n: int) -> np.ndarray:
    """`a` averaged over n x n blocks (padded at the far edges)."""
    h, w = a.shape
    p = np.pad(a, ((0, -h % n), (0, -w % n)), mode="edge")
    return p.reshape(p.shape[0] // n, n, p.shape[1] // n, n).mean(axis=(1, 3))


def _smoothed(col: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """A coarse (3, h, w) colour field smooth-scaled to `size` (w, h), as (3, H, W)."""
    surf = pygame.surfarray.make_surface(np.clip(col, 0, 255).astype(np.uint8).transpose(2, 1, 0))
    big = pygame.transform.smoothscale(surf, size)
    return pygame.surfarray.array3d(big).transpose(2, 1, 0).astype(np.float32)


def _distance(px: np.ndarray, py: np.ndarray, line: np.ndarray) -> np.ndarray:
    """Distance (km) from every pixel to a polyline."""
    best = np.full(px.shape, np.inf, np.float32)
    for (ax, ay), (bx, by) in itertools.pairwise(line):
        np.minimum(best, segment_distance(px, py, ax, ay, bx, by), out=best)
    return best


def _y_on(line: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The line's y at each x (the Euphrates runs roughly west-east across the map)."""
    order = np.argsort(line[:, 0])
    return np.interp(x, line[order, 0], line[order, 1])


def _sea_mask(plane: Plane, size: tuple[int, int]) -> np.ndarray:
    """How much of each pixel is sea (0..1): west of each coast line, as the locator fills
    it, with anti-aliased edges."""
    surf = pygame.Surface(size)
    surf.fill((0, 0, 0))
    for coast in plane.region.coast:
        pts = [(round(x * RES), round(y * RES)) for x, y in (plane.km(*p) for p in coast.points)]
        poly = [(0, pts[0][1]), *pts, (0, pts[-1][1])]
        pygame.gfxdraw.filled_polygon(surf, poly, (255, 255, 255))
        pygame.gfxdraw.aapolygon(surf, poly, (255, 255, 255))
    return pygame.surfarray.array_red(surf).T.astype(np.float32) / 255.0


def _grain(h: int, w: int) -> np.ndarray:
    """A faint, fixed paper grain of +-1.5 levels (seeded: the same map every time)."""
    rng = np.random.default_rng(531)
    return rng.uniform(-1.5, 1.5, (h, w)).astype(np.float32)
