"""Sampling tile fields onto a chunk's pixels, and the few raster primitives the looks share.

Every tile field is sampled as `Wy @ F @ Wx.T` with small weight matrices (one per axis), so a
256 x 256 chunk costs a couple of tiny matrix products per field and derivatives come free:
hillshade, contours and crisp anti-aliased edges all need the gradient.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

F32 = np.float32


@dataclass(frozen=True)
class Grid:
    """World coordinates of one chunk's pixel centres (separable: x per column, y per row)."""

    wx: np.ndarray  # (W,) metres
    wy: np.ndarray  # (H,) metres
    scale: float  # px per metre

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.wy), len(self.wx))


def bspline_weights(u: np.ndarray, n: int) -> tuple[tuple[np.ndarray, np.ndarray], int]:
    """Cubic B-spline weights to sample an axis of `n` samples at fractional indices `u`.

    Returns ((W, dW), lo): value = W @ F[lo:lo+m], derivative per index = dW @ F[lo:lo+m].
    C2-smooth, so natural outlines and relief have no tile-grid creases; indices past the ends
    are clamped (the map's edge values extend outwards).
    """
    fl = np.floor(u)
    t = (u - fl).astype(F32)[:, None]
    base = fl.astype(np.int64) - 1
    lo = int(np.clip(base.min(), 0, n - 1))
    hi = int(np.clip(base.max() + 3, 0, n - 1))
    idx = np.clip(base[:, None] + np.arange(4), 0, n - 1) - lo
    t2, t3, s = t * t, t * t * t, 1 - t
    w = np.concatenate([s * s * s, 3 * t3 - 6 * t2 + 4, -3 * t3 + 3 * t2 + 3 * t + 1, t3], 1) / 6
    dw = np.concatenate([-s * s, 3 * t2 - 4 * t, -3 * t2 + 2 * t + 1, t2], 1) / 2
    return _scatter(len(u), hi - lo + 1, idx, w, dw), lo


def linear_weights(u: np.ndarray, n: int) -> tuple[tuple[np.ndarray, np.ndarray], int]:
    """Linear interpolation weights (same contract as `bspline_weights`).

    Its 0.5 contour between a set and an unset tile lies exactly on their shared edge, so
    man-made things (field parcels) keep straight sides and near-square corners.
    """
    fl = np.floor(u)
    t = (u - fl).astype(F32)[:, None]
    base = fl.astype(np.int64)
    lo = int(np.clip(base.min(), 0, n - 1))
    hi = int(np.clip(base.max() + 1, 0, n - 1))
    idx = np.clip(base[:, None] + np.arange(2), 0, n - 1) - lo
    w = np.concatenate([1 - t, t], 1)
    dw = np.concatenate([-np.ones_like(t), np.ones_like(t)], 1)
    return _scatter(len(u), hi - lo + 1, idx, w, dw), lo


def _scatter(rows: int, m: int, idx: np.ndarray, w: np.ndarray, dw: np.ndarray):
    """Weight matrices from per-row taps; taps clamped onto one column add up. One tap column
    at a time holds each row once, so plain fancy-indexed adds are exact (and far quicker
    than `np.add.at`)."""
    r = np.arange(rows)
    W = np.zeros((rows, m), F32)
    dW = np.zeros((rows, m), F32)
    for k in range(idx.shape[1]):
        W[r, idx[:, k]] += w[:, k]
        dW[r, idx[:, k]] += dw[:, k]
    return W, dW


@dataclass(frozen=True)
class Sampler:
    """Weights of one chunk onto the tile grid; samples any (..., rows, cols) tile field."""

    Wy: np.ndarray
    dWy: np.ndarray
    Wx: np.ndarray
    dWx: np.ndarray
    ys: slice
    xs: slice
    tile: float

    @classmethod
    def over(
        cls, wx: np.ndarray, wy: np.ndarray, tile: float, rows: int, cols: int, weights, across=None
    ):
        """A sampler for world points wx x wy (metres) with `weights` (B-spline or linear);
        `across`: the x-axis weights already worked out for these wx (`weights`' result)."""
        (Wx, dWx), x0 = weights(wx / tile - 0.5, cols) if across is None else across
        (Wy, dWy), y0 = weights(wy / tile - 0.5, rows)
        return cls(Wy, dWy, Wx, dWx, slice(y0, y0 + Wy.shape[1]), slice(x0, x0 + Wx.shape[1]), tile)

    def value(self, F: np.ndarray) -> np.ndarray:
        return self.Wy @ F[..., self.ys, self.xs] @ self.Wx.T

    def gradient(self, F: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """d/dx and d/dy per metre."""
        P = F[..., self.ys, self.xs]
        t = F32(1 / self.tile)
        return (self.Wy @ P @ self.dWx.T) * t, (self.dWy @ P @ self.Wx.T) * t

    def signed(self, F: np.ndarray, value: np.ndarray | None = None, level: float = 0.5):
        """Approximate signed distance (metres) to the `level` contour of a field: > 0 above.

        (v - level) / |grad v| is exact for a linear ramp and good near the contour, the only
        place it is used: edges come out crisp and anti-aliased at every zoom.
        """
        v = self.value(F) if value is None else value
        gx, gy = self.gradient(F)
        return (v - level) / np.maximum(np.sqrt(gx * gx + gy * gy), F32(1e-4))

    def crisp(self, F: np.ndarray, scale: float, value=None, level: float = 0.5) -> np.ndarray:
        """Coverage in [0, 1] of the field above `level`, anti-aliased over one pixel."""
        return np.clip(self.signed(F, value, level) * scale + 0.5, 0, 1)


def mix(col: np.ndarray, rgb, alpha) -> None:
    """In place: col += (rgb - col) * alpha, for (3, H, W) col and a colour or (3, H, W).

    Most marks cover a sliver of a chunk (a bank, a road, a few symbols): the work is done
    only over the rows and columns that `alpha` touches.
    """
    if np.isscalar(alpha):
        if alpha == 0:
            return
        rows = cols = slice(None)
    else:
        alpha = np.asarray(alpha, F32)
        if alpha.ndim == 2 and alpha.shape == col.shape[1:]:
            on = alpha > 0
            r = np.flatnonzero(on.any(1))
            if not len(r):
                return
            c = np.flatnonzero(on[r[0] : r[-1] + 1].any(0))
            rows, cols = slice(r[0], r[-1] + 1), slice(c[0], c[-1] + 1)
            alpha = alpha[rows, cols]
        else:
            rows = cols = slice(None)
    rgb = np.asarray(rgb, F32)
    rgb = (
        rgb[:, rows, cols]
        if rgb.ndim == 3 and rgb.shape[1:] == col.shape[1:]
        else (rgb if rgb.ndim == 3 else rgb[:, None, None])
    )
    part = col[:, rows, cols]
    part += (rgb - part) * alpha


def band(distance_px: np.ndarray, half_width_px: float) -> np.ndarray:
    """Coverage of a line `half_width_px` either side of distance 0, anti-aliased."""
    return np.clip(half_width_px + 0.5 - np.abs(distance_px), 0, 1)


def segment_distance(px, py, ax, ay, bx, by) -> np.ndarray:
    """Distance from points (px, py) to segments a-b (all broadcastable arrays)."""
    dx, dy = bx - ax, by - ay
    ll = np.maximum(dx * dx + dy * dy, F32(1e-9))
    t = np.clip(((px - ax) * dx + (py - ay) * dy) / ll, 0, 1)
    ex, ey = px - ax - t * dx, py - ay - t * dy
    return np.sqrt(ex * ex + ey * ey)


def cell_lattice(w: np.ndarray, cell: float, stagger: np.ndarray | None = None):
    """Index of the cell holding each coordinate and the offset inside it (same units as w)."""
    g = w if stagger is None else w + stagger
    c = np.floor(g / cell)
    return c, g - c * cell


def gaussian_blur(a: np.ndarray, sigma: float) -> np.ndarray:
    """Separable Gaussian blur of a 2-D grid, renormalised at the borders (two products)."""
    return np.ascontiguousarray(
        _blur_matrix(a.shape[0], sigma) @ a.astype(F32) @ _blur_matrix(a.shape[1], sigma).T
    )


@functools.lru_cache(maxsize=16)
def _blur_matrix(n: int, sigma: float) -> np.ndarray:
    i = np.arange(n)
    k = np.exp(-0.5 * ((i[:, None] - i[None, :]) / sigma) ** 2)
    return (k / k.sum(1, keepdims=True)).astype(F32)


def dilate(mask: np.ndarray) -> np.ndarray:
    """3 x 3 binary dilation with edges clamped."""
    p = np.pad(mask, 1, mode="edge")
    out = np.zeros_like(mask)
    for dr in range(3):
        for dc in range(3):
            out |= p[dr : dr + mask.shape[0], dc : dc + mask.shape[1]]
    return out


@dataclass
class Canvas:
    """One chunk being painted.

    Colour is built in two parts to keep the numpy work small: `col` (3 channels) receives only
    things with a colour of their own (water, roofs, tents, symbols), while every brightness
    effect (hillshade, shadows) multiplies into the one-channel `lum`, applied once.
    """

    g: Grid
    smooth: Sampler  # B-spline: natural outlines, relief
    sharp: Sampler  # linear: field parcels, the town's blocks
    col: np.ndarray  # (3, H, W) RGB 0..255
    lum: np.ndarray  # (H, W) multiplier
    M: dict[str, np.ndarray]  # mask name -> smooth-sampled value (H, W)

    @property
    def s(self) -> float:
        return self.g.scale

    def window(self, where: np.ndarray, pad_px: int = 16, rows_from: int = 0) -> Canvas | None:
        """The part of this canvas round the pixels `where` holds (padded), sharing its
        pixels: a look that covers a sliver of a chunk (a river, a reed bed) works on the
        sliver only. None if `where` holds nowhere near. `where` may be taller than the canvas:
        the whole chunk of which the canvas is the band of rows from `rows_from` (the window is
        then the whole chunk's, cut to the band)."""
        r = np.flatnonzero(where.any(1))
        if not len(r):
            return None
        c = np.flatnonzero(where[r[0] : r[-1] + 1].any(0))
        h, w = self.lum.shape
        top = max(0, r[0] - pad_px - rows_from)
        rows = slice(top, min(h, r[-1] + 1 + pad_px - rows_from))
        if rows.stop <= rows.start:
            return None
        cols = slice(max(0, c[0] - pad_px), min(w, c[-1] + 1 + pad_px))
        if rows == slice(0, h) and cols == slice(0, w):
            return self

        def cut(sp: Sampler) -> Sampler:
            return Sampler(
                sp.Wy[rows], sp.dWy[rows], sp.Wx[cols], sp.dWx[cols], sp.ys, sp.xs, sp.tile
            )

        return Canvas(
            Grid(self.g.wx[cols], self.g.wy[rows], self.g.scale),
            cut(self.smooth),
            cut(self.sharp),
            self.col[:, rows, cols],
            self.lum[rows, cols],
            {k: v[rows, cols] for k, v in self.M.items()},
        )
