"""Drawing primitives the map's marks share: translucent polygons, thick and dashed lines.

pygame's own `draw` functions are opaque; `gfxdraw` blends but draws one-pixel lines. These
helpers give the blocks, arrows and ghosts what they need on any target surface, without a
full-screen alpha layer (a 1920x1080 alpha blit alone would cost ~2 ms a frame).
"""

from __future__ import annotations

from collections.abc import Sequence

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
    """A filled polygon, blended at `alpha` (0..255), with anti-aliased edges if `smooth`."""
    if alpha <= 0 or len(pts) < 3:
        return
    area = target.get_rect().inflate(2 * CLIP_MARGIN, 2 * CLIP_MARGIN)
    a = np.asarray(pts, np.float64)
    lo, hi = a.min(axis=0), a.max(axis=0)
    if hi[0] < area.left or hi[1] < area.top or lo[0] > area.right or lo[1] > area.bottom:
        return  # wholly off screen
    if lo[0] < area.left or lo[1] < area.top or hi[0] > area.right or hi[1] > area.bottom:
        a = np.asarray(clip_polygon(a.tolist(), area), np.float64)
        if len(a) < 3:
            return
    ipts = np.rint(a).astype(np.int32).tolist()
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
    a = np.asarray(pts, np.float64).reshape(-1, 2)
    if len(a) < 2:
        return
    if closed:
        a = np.vstack([a, a[:1]])
    segs = dashes(a, *dash) if dash is not None else np.stack([a[:-1], a[1:]], axis=1)
    segments(target, colour, alpha, segs, width)


def segments(target: pygame.Surface, colour: Rgb, alpha: int, segs: np.ndarray, width: int) -> None:
    """Draw (k, 2, 2) line segments `width` px wide (blended when `alpha` < 255), clipped to
    the target: one C call each, none for those wholly off screen."""
    if alpha <= 0 or len(segs) == 0:
        return
    area = target.get_rect().inflate(2 * CLIP_MARGIN, 2 * CLIP_MARGIN)
    lo, hi = segs.min(axis=1), segs.max(axis=1)
    off = (hi[:, 0] < area.left) | (hi[:, 1] < area.top)
    off |= (lo[:, 0] > area.right) | (lo[:, 1] > area.bottom)
    inside = (lo[:, 0] >= area.left) & (lo[:, 1] >= area.top)
    inside &= (hi[:, 0] <= area.right) & (hi[:, 1] <= area.bottom)
    for (a, b), whole, gone in zip(segs.tolist(), inside.tolist(), off.tolist(), strict=True):
        if gone:
            continue
        if not whole:
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
    rear-right, rear-left (its right hand is (-fy, fx), y pointing down the screen)."""
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
