"""Drawing primitives the map's marks share: translucent polygons, thick and dashed lines.

pygame's own `draw` functions are opaque; `gfxdraw` blends but draws one-pixel lines. These
helpers give the blocks, arrows and ghosts what they need on any target surface, without a
full-screen alpha layer (a 1920x1080 alpha blit alone would cost ~2 ms a frame).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import pygame
import pygame.gfxdraw

Rgb = tuple[int, int, int]
Point = tuple[float, float]


def shade(colour: Sequence[float], k: float) -> Rgb:
    """`colour` times `k` (darker below 1), clipped."""
    r, g, b = (min(255, max(0, round(c * k))) for c in colour[:3])
    return (r, g, b)


def mix(a: Sequence[float], b: Sequence[float], t: float) -> Rgb:
    """`a` moved a share `t` of the way towards `b`."""
    r, g, bl = (min(255, max(0, round(x + (y - x) * t))) for x, y in zip(a[:3], b[:3], strict=True))
    return (r, g, bl)


def desaturate(colour: Sequence[float], t: float) -> Rgb:
    grey = sum(colour[:3]) / 3
    return mix(colour, (grey, grey, grey), t)


CLIP_MARGIN = 64  # px round the target that shapes are clipped to (SDL takes 16-bit coordinates)


def clip_polygon(pts: Sequence[Point], rect: pygame.Rect) -> list[Point]:
    """`pts` clipped to `rect` (Sutherland-Hodgman): far-off vertices of a zoomed-in shape
    would overflow SDL's coordinates, and off-screen parts are not drawn anyway."""
    out = list(pts)
    for axis, bound, keep_below in (
        (0, rect.left, False),
        (0, rect.right, True),
        (1, rect.top, False),
        (1, rect.bottom, True),
    ):
        if not out:
            break
        src, out = out, []
        for k, cur in enumerate(src):
            prev = src[k - 1]
            cin = cur[axis] <= bound if keep_below else cur[axis] >= bound
            pin = prev[axis] <= bound if keep_below else prev[axis] >= bound
            if cin != pin:
                t = (bound - prev[axis]) / (cur[axis] - prev[axis])
                out.append((prev[0] + (cur[0] - prev[0]) * t, prev[1] + (cur[1] - prev[1]) * t))
            if cin:
                out.append(cur)
    return out


def fill_polygon(
    target: pygame.Surface, colour: Rgb, alpha: int, pts: Sequence[Point], smooth: bool = True
) -> None:
    """A filled polygon, blended at `alpha` (0..255), with anti-aliased edges if `smooth`.

    In plain Python over the few points a mark has (numpy's call overhead on 4-point arrays
    was most of a block's cost); `round` is numpy's `rint` (both round half to even)."""
    if alpha <= 0 or len(pts) < 3:
        return
    area = target.get_rect().inflate(2 * CLIP_MARGIN, 2 * CLIP_MARGIN)
    a = [(float(x), float(y)) for x, y in pts]
    xs, ys = [p[0] for p in a], [p[1] for p in a]
    lo_x, lo_y, hi_x, hi_y = min(xs), min(ys), max(xs), max(ys)
    if hi_x < area.left or hi_y < area.top or lo_x > area.right or lo_y > area.bottom:
        return  # wholly off screen
    if lo_x < area.left or lo_y < area.top or hi_x > area.right or hi_y > area.bottom:
        a = clip_polygon(a, area)
        if len(a) < 3:
            return
    ipts = [[round(x), round(y)] for x, y in a]
    if alpha >= 255:
        pygame.draw.polygon(target, colour, ipts)
    else:
        pygame.gfxdraw.filled_polygon(target, ipts, (*colour, alpha))
    if smooth:
        pygame.gfxdraw.aapolygon(target, ipts, (*colour, alpha))


def line(target: pygame.Surface, colour: Rgb, alpha: int, a: Point, b: Point, width: int) -> None:
    """A line `width` px wide; blended when `alpha` < 255 (as parallel one-pixel lines)."""
    if alpha <= 0:
        return
    area = target.get_rect().inflate(2 * CLIP_MARGIN, 2 * CLIP_MARGIN)
    if not (area.collidepoint(a) and area.collidepoint(b)):
        clipped = area.clipline(a, b)
        if not clipped:
            return
        a, b = clipped
    if alpha >= 255:
        pygame.draw.line(target, colour, a, b, width)
        return
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = max((dx * dx + dy * dy) ** 0.5, 1e-6)
    nx, ny = -dy / n, dx / n
    rgba = (*colour, alpha)
    for k in range(width):
        o = k - (width - 1) / 2
        pygame.gfxdraw.line(
            target,
            round(a[0] + nx * o),
            round(a[1] + ny * o),
            round(b[0] + nx * o),
            round(b[1] + ny * o),
            rgba,
        )


def polyline(
    target: pygame.Surface,
    colour: Rgb,
    alpha: int,
    pts: Sequence[Point],
    width: int,
    closed: bool = False,
    dash: tuple[float, float] | None = None,
) -> None:
    """Lines through `pts`, solid or dashed (`dash` = (on, off) px, continued round corners)."""
    if dash is not None:
        a = np.asarray(pts, np.float64).reshape(-1, 2)
        if len(a) < 2:
            return
        if closed:
            a = np.vstack([a, a[:1]])
        segments(target, colour, alpha, dashes(a, *dash), width)
        return
    flat = np.asarray(pts, np.float64).reshape(-1, 2).tolist()
    if len(flat) < 2:
        return
    if closed:
        flat.append(flat[0])
    segments(target, colour, alpha, list(pairwise(flat)), width)


def segments(
    target: pygame.Surface, colour: Rgb, alpha: int, segs: np.ndarray | list, width: int
) -> None:
    """Draw (k, 2, 2) line segments `width` px wide (blended when `alpha` < 255), clipped to
    the target: one C call each, none for those wholly off screen (tested in plain Python:
    a mark has a handful of segments, too few for numpy's call overhead to pay)."""
    if alpha <= 0 or len(segs) == 0:
        return
    area = target.get_rect().inflate(2 * CLIP_MARGIN, 2 * CLIP_MARGIN)
    left, top, right, bottom = area.left, area.top, area.right, area.bottom
    for a, b in segs.tolist() if isinstance(segs, np.ndarray) else segs:
        (ax, ay), (bx, by) = a, b
        lo_x, hi_x = (ax, bx) if ax <= bx else (bx, ax)
        lo_y, hi_y = (ay, by) if ay <= by else (by, ay)
        if hi_x < left or hi_y < top or lo_x > right or lo_y > bottom:
            continue
        if not (lo_x >= left and lo_y >= top and hi_x <= right and hi_y <= bottom):
            clipped = area.clipline(a, b)
            if not clipped:
                continue
            a, b = clipped
        if alpha >= 255:
            pygame.draw.line(target, colour, a, b, width)
        else:
            line(target, colour, alpha, a, b, width)


def dashes(pts: np.ndarray, on: float, off: float) -> np.ndarray:
    """(k, 2, 2): the 'on' pieces of a dashed line along `pts`, the pattern running on round
    corners (a dash across a corner is its chord)."""
    step = np.hypot(*np.diff(pts, axis=0).T)
    s = np.concatenate([[0.0], np.cumsum(step)])
    if s[-1] <= 1e-9:
        return np.zeros((0, 2, 2))
    d0 = np.arange(0.0, s[-1], on + off)
    d1 = np.minimum(d0 + on, s[-1])
    ends = np.stack([d0, d1], axis=1)
    return np.stack([np.interp(ends, s, pts[:, 0]), np.interp(ends, s, pts[:, 1])], axis=-1)


def rect_corners(
    cx: float, cy: float, fx: float, fy: float, half_front: float, half_depth: float
) -> np.ndarray:
    """(4, 2) corners of a block centred at (cx, cy) facing (fx, fy): front-left, front-right,
    rear-right, rear-left (its right hand is (-fy, fx), y pointing down the screen); (4, 2, n)
    for arrays of n blocks."""
    rx, ry = -fy * half_front, fx * half_front
    ax, ay = fx * half_depth, fy * half_depth
    return np.array(
        [
            (cx - rx + ax, cy - ry + ay),
            (cx + rx + ax, cy + ry + ay),
            (cx + rx - ax, cy + ry - ay),
            (cx - rx - ax, cy - ry - ay),
        ]
    )
