"""The geometry of the map's arrows, in pixels: a path simplified (Douglas-Peucker) and
smoothed (Catmull-Rom), its arc lengths and normals, and the tapered outlines drawn along it.
Pure numpy, no drawing: the battlefield's arrows (`movement`), the legend's sample arrow and
the campaign map's routes share it."""

from __future__ import annotations

import numpy as np

SAMPLES = 8  # curve points per simplified segment
HEAD_W, HEAD_L = 2.2, 1.6  # an arrow's head, times the neck width


def simplify(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker: the fewest points within `tolerance` of the path (iterative)."""
    n = len(points)
    if n <= 2:
        return points
    keep = np.zeros(n, bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        if b <= a + 1:
            continue
        seg = points[b] - points[a]
        rel = points[a + 1 : b] - points[a]
        length = float(np.hypot(*seg))
        if length < 1e-9:
            d = np.hypot(rel[:, 0], rel[:, 1])
        else:
            d = np.abs(rel[:, 0] * seg[1] - rel[:, 1] * seg[0]) / length
        k = int(np.argmax(d))
        if d[k] > tolerance:
            keep[a + 1 + k] = True
            stack += [(a, a + 1 + k), (a + 1 + k, b)]
    return points[keep]


def catmull_rom(points: np.ndarray, samples: int = SAMPLES) -> np.ndarray:
    """A smooth curve through `points` (centripetal enough for a handful of points)."""
    if len(points) < 3:
        return points
    p = np.vstack([points[0], points, points[-1]])
    t = np.linspace(0, 1, samples, endpoint=False)[:, None]
    out = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        out.append(
            0.5
            * (
                2 * p1
                + (-p0 + p2) * t
                + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3
            )
        )
    out.append(points[-1:])
    return np.vstack(out)


def lengths(curve: np.ndarray) -> np.ndarray:
    steps = np.hypot(*np.diff(curve, axis=0).T)
    return np.concatenate([[0.0], np.cumsum(steps)])


def normals(curve: np.ndarray) -> np.ndarray:
    """Unit normals at each point of `curve`, from the mean of its neighbouring segments."""
    seg = np.diff(curve, axis=0)
    d = np.empty_like(curve)
    d[0], d[-1] = seg[0], seg[-1]
    d[1:-1] = seg[:-1] + seg[1:]
    n = np.hypot(d[:, 0], d[:, 1])[:, None]
    d = d / np.maximum(n, 1e-9)
    return np.stack([-d[:, 1], d[:, 0]], axis=1)


def arrow_outline(curve: np.ndarray, tail: float, neck: float) -> tuple[np.ndarray, np.ndarray]:
    """(shaft polygon, head triangle) in px for a tapered arrow along `curve` (px)."""
    s = lengths(curve)
    total = s[-1]
    head_l = min(HEAD_L * neck, total * 0.5)
    shaft = s <= total - head_l
    c = curve[shaft]
    w = tail + (neck - tail) * (s[shaft] / max(total - head_l, 1e-6))
    nrm = normals(curve)[shaft]
    left = c + nrm * (w / 2)[:, None]
    right = c - nrm * (w / 2)[:, None]
    base = c[-1]
    tip = curve[-1]
    d = (tip - base) / max(float(np.hypot(*(tip - base))), 1e-6)
    side = np.array([-d[1], d[0]]) * HEAD_W * neck / 2
    head = np.array([base + side, tip, base - side])
    return np.vstack([left, right[::-1]]), head


def path_length(pts: np.ndarray) -> float:
    return float(np.hypot(*np.diff(pts, axis=0).T).sum())


def trim_inside(curve: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """`curve` up to where it first enters the (convex) block `corners`, so the head touches
    the block's edge instead of hiding under it."""
    signs = []
    for k in range(4):
        a, b = corners[k], corners[(k + 1) % 4]
        edge = b - a
        rel = curve - a
        signs.append(edge[0] * rel[:, 1] - edge[1] * rel[:, 0])
    signs = np.array(signs)
    inside = (signs >= 0).all(axis=0) | (signs <= 0).all(axis=0)
    hits = np.flatnonzero(inside)
    return curve if hits.size == 0 else curve[: max(int(hits[0]), 1) + 1]


def band(curve: np.ndarray, tail: float, neck: float) -> np.ndarray:
    s = lengths(curve)
    w = tail + (neck - tail) * s / max(s[-1], 1e-6)
    nrm = normals(curve)
    return np.vstack([curve + nrm * (w / 2)[:, None], (curve - nrm * (w / 2)[:, None])[::-1]])
