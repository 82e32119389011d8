"""The campaign's routes on the map: tapered arrows that grow as the days pass.

The conventions of the battlefield's movement arrows (cartography notes B), larger for a map
of hundreds of kilometres: a curved shaft tapering from tail to neck in the side's colour over a
dark casing, the head 2.2 times the neck; a retreat dashed and thinner; a plan never carried out
(al-Mundhir's aim at Antioch) hollow and dashed. A night's camp is a small tent where the
route passes it. A route is drawn up to a share of its length, so it grows with the scene's
clock (`game.view.campaign.moment`), and faint when it is what came before.
"""

from __future__ import annotations

import numpy as np
import pygame
import pygame.gfxdraw

from game.scenario.campaign import Route
from game.view.campaign.art import halo_label, on_screen, smooth
from game.view.campaign.plane import Plane, View
from game.view.fonts import Fonts
from game.view.placement import LabelRequest
from game.view.units import Units

CASING = (34, 28, 24)
TAIL_W, NECK_W = 16.0, 10.0  # design px
RETREAT_TAIL_W, RETREAT_NECK_W = 11.0, 8.0
HEAD_W, HEAD_L = 2.3, 1.7  # times the neck width
DASH, GAP = 22.0, 12.0  # design px
FILL_ALPHA = 225
CASING_PX = 2.5
LABEL_SIZE = 24
CLIP = 4000  # px round the screen polygons are clipped to


class RouteArt:
    def __init__(
        self,
        plane: Plane,
        routes: dict[str, Route],
        colours: dict[str, tuple[int, int, int]],
        fonts: Fonts,
        labels: dict[str, str] | None = None,
    ):
        self.routes = routes
        self.colours = colours
        self.fonts = fonts
        self.labels = labels or {}
        self.lines: dict[str, np.ndarray] = {}
        self.camps: dict[str, np.ndarray] = {}  # km along the route of each camp
        for rid, route in routes.items():
            pts = np.array([plane.km(p.lon, p.lat) for p in route.points], np.float64)
            line = smooth(pts, 6)
            self.lines[rid] = line
            arc = _arc(line)
            at = [p for p, rp in zip(pts, route.points, strict=True) if rp.camp]
            self.camps[rid] = np.array(
                [arc[int(np.argmin(np.hypot(*(line - a).T)))] for a in at], np.float64
            )

    def draw(
        self,
        target: pygame.Surface,
        view: View,
        units: Units,
        shown: tuple[tuple[str, float, float], ...],
    ) -> list[LabelRequest]:
        """Draw each (route, share drawn, opacity); return label requests for their names."""
        out = []
        for rid, share, alpha in shown:
            if share <= 0.0 or alpha <= 0.0:
                continue
            route = self.routes[rid]
            pts = on_screen(view, self.lines[rid])
            arc = _arc(pts)
            drawn = _cut(pts, arc, arc[-1] * min(share, 1.0))
            if len(drawn) < 2 or _arc(drawn)[-1] < units.px(6):
                continue
            colour = self.colours[route.side]
            a = round(255 * alpha)
            self._camps(target, view, units, rid, share, colour, a)
            if route.style == "advance":
                _arrow(target, drawn, units.px(TAIL_W), units.px(NECK_W), colour, a, units)
            elif route.style == "retreat":
                for dash in _dashes(drawn, units.px(DASH), units.px(GAP))[:-1]:
                    _quad(target, dash, units.px(RETREAT_TAIL_W), colour, a, units)
                last = _dashes(drawn, units.px(DASH), units.px(GAP))[-1]
                w = units.px(RETREAT_NECK_W)
                _arrow(target, last, w, w, colour, a, units)
            else:
                _hollow(target, drawn, units.px(NECK_W), colour, a, units)
            text = self.labels.get(rid)
            if text and alpha >= 0.99:
                out.append(self._label(text, drawn, colour, units, rid))
        return out

    def _camps(self, target, view, units, rid, share, colour, alpha) -> None:
        line = self.lines[rid]
        total = _arc(line)[-1]
        for at_km in self.camps[rid]:
            if at_km > total * share + 1e-6:
                continue
            x, y = _point_at(line, at_km)
            sx, sy = view.to_screen(x, y)
            s = units.px(9)
            tent = [(sx - s, sy + s * 0.7), (sx + s, sy + s * 0.7), (sx, sy - s)]
            pygame.gfxdraw.filled_polygon(target, _ints(tent), (*colour, alpha))
            pygame.gfxdraw.aapolygon(target, _ints(tent), (*CASING, alpha))

    def _label(self, text, drawn, colour, units, rid) -> LabelRequest:
        """The route's name by its head, beside it."""
        surf = halo_label(self.fonts, text, units.text(LABEL_SIZE), colour)
        w, h = surf.get_size()
        hx, hy = drawn[-1]
        d = units.px(18)
        cands = ((d, -h / 2), (-w - d, -h / 2), (-w / 2, -h - d), (-w / 2, d), (d, d))
        return LabelRequest(f"campaign.route.{rid}", surf, (hx, hy), cands, 70)


def _arc(pts: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(pts, axis=0).T))])


def _cut(pts: np.ndarray, arc: np.ndarray, length: float) -> np.ndarray:
    """The polyline up to arc length `length`."""
    k = int(np.searchsorted(arc, length))
    if k >= len(pts):
        return pts
    if k == 0:
        return pts[:1]
    t = (length - arc[k - 1]) / max(arc[k] - arc[k - 1], 1e-9)
    end = pts[k - 1] + (pts[k] - pts[k - 1]) * t
    return np.vstack([pts[:k], end])


def _point_at(line: np.ndarray, at: float) -> tuple[float, float]:
    arc = _arc(line)
    return (float(np.interp(at, arc, line[:, 0])), float(np.interp(at, arc, line[:, 1])))


def _normals(pts: np.ndarray) -> np.ndarray:
    d = np.gradient(pts, axis=0)
    n = np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)[:, None]
    d = d / n
    return np.stack([-d[:, 1], d[:, 0]], axis=1)


def _dashes(pts: np.ndarray, dash: float, gap: float) -> list[np.ndarray]:
    arc = _arc(pts)
    out, s = [], 0.0
    while s < arc[-1]:
        e = min(s + dash, arc[-1])
        seg = _cut(pts, arc, e)
        k = int(np.searchsorted(arc, s))
        start = np.array(_point_at(pts, s))
        out.append(np.vstack([start, seg[k:]]) if k < len(seg) else np.vstack([start, seg[-1]]))
        s = e + gap
    return out or [pts]


def _outline(pts: np.ndarray, tail: float, neck: float, head: bool):
    """(shaft polygon, head triangle or None) of a tapered arrow along `pts`."""
    arc = _arc(pts)
    total = arc[-1]
    head_l = min(HEAD_L * neck, total * 0.5) if head else 0.0
    keep = arc <= total - head_l
    if keep.sum() < 2:
        keep[:2] = True
    c = pts[keep]
    w = tail + (neck - tail) * (arc[keep] / max(total - head_l, 1e-6))
    nrm = _normals(pts)[keep]
    left = c + nrm * (w / 2)[:, None]
    right = c - nrm * (w / 2)[:, None]
    shaft = np.vstack([left, right[::-1]])
    if not head:
        return shaft, None
    base, tip = c[-1], pts[-1]
    d = (tip - base) / max(float(np.hypot(*(tip - base))), 1e-6)
    side = np.array([-d[1], d[0]]) * HEAD_W * neck / 2
    return shaft, np.array([base + side, tip, base - side])


def _arrow(target, pts, tail, neck, colour, alpha, units) -> None:
    shaft, head = _outline(pts, tail, neck, True)
    cas = units.px(CASING_PX) * 2
    c_shaft, c_head = _outline(pts, tail + cas, neck + cas, True)
    for poly in (c_shaft, c_head):
        _fill(target, poly, CASING, min(alpha, 200))
    for poly in (shaft, head):
        _fill(target, poly, colour, min(alpha, FILL_ALPHA))


def _quad(target, pts, width, colour, alpha, units) -> None:
    shaft, _ = _outline(pts, width, width, False)
    cas, _ = _outline(pts, width + units.px(CASING_PX) * 2, width + units.px(CASING_PX) * 2, False)
    _fill(target, cas, CASING, min(alpha, 200))
    _fill(target, shaft, colour, min(alpha, FILL_ALPHA))


def _hollow(target, pts, neck, colour, alpha, units) -> None:
    """An aim: the arrow's outline only, dashed, in the side's colour on a thin casing."""
    shaft, head = _outline(pts, neck, neck, True)
    n = len(shaft) // 2
    edges = [shaft[:n], shaft[n:][::-1]]
    for edge in edges:
        for dash in _dashes(edge, units.px(DASH * 0.7), units.px(GAP)):
            if len(dash) > 1:
                pygame.draw.lines(target, CASING, False, _ints(dash), units.px(5))
                pygame.draw.lines(target, colour, False, _ints(dash), units.px(3))
    if head is not None:
        pygame.draw.polygon(target, CASING, _ints(head), units.px(5))
        pygame.draw.polygon(target, colour, _ints(head), units.px(3))


def _fill(target, poly: np.ndarray, colour, alpha: int) -> None:
    poly = _clipped(poly, target.get_rect().inflate(2 * CLIP, 2 * CLIP))
    if len(poly) < 3:
        return
    pts = _ints(poly)
    pygame.gfxdraw.filled_polygon(target, pts, (*colour, alpha))
    pygame.gfxdraw.aapolygon(target, pts, (*colour, alpha))


def _clipped(poly: np.ndarray, rect: pygame.Rect) -> np.ndarray:
    """`poly` clipped to `rect` (Sutherland-Hodgman): a zoomed-in route's far vertices would
    overflow SDL's 16-bit coordinates."""
    if (
        poly[:, 0].min() >= rect.left
        and poly[:, 0].max() <= rect.right
        and poly[:, 1].min() >= rect.top
        and poly[:, 1].max() <= rect.bottom
    ):
        return poly
    out = [tuple(p) for p in poly]
    for axis, bound, below in (
        (0, rect.left, False),
        (0, rect.right, True),
        (1, rect.top, False),
        (1, rect.bottom, True),
    ):
        src, out = out, []
        for k, cur in enumerate(src):
            prev = src[k - 1]
            cin = cur[axis] <= bound if below else cur[axis] >= bound
            pin = prev[axis] <= bound if below else prev[axis] >= bound
            if cin != pin:
                t = (bound - prev[axis]) / (cur[axis] - prev[axis])
                out.append((prev[0] + (cur[0] - prev[0]) * t, prev[1] + (cur[1] - prev[1]) * t))
            if cin:
                out.append(cur)
        if not out:
            break
    return np.array(out, np.float64).reshape(-1, 2)


def _ints(pts) -> list[tuple[int, int]]:
    return [(round(float(x)), round(float(y))) for x, y in pts]
