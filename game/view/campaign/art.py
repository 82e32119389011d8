"""The campaign map's lines and names: coast, rivers, frontier, towns, areas.

Drawn over the wash (`basemap`) at screen resolution for any view, from the region data the
battle's inset locator uses, in its palette and lettering (halo text, spaced italic capitals for
areas, water in blue italic along the river), so the locator is this map in small. Rivers widen
with the zoom towards their true width (the Euphrates ~450 m at Callinicum, as on the battle
map), so the fly-down meets the battlefield's river. Names go to the frame's one placement
pass as `LabelRequest`s; the town signs are drawn here and returned as obstacles.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
import pygame

from game.scenario.geography import Place
from game.view import theme
from game.view.campaign.plane import Plane, View
from game.view.curves import catmull_rom
from game.view.fonts import Fonts
from game.view.lettering import Lettering, TypeStyle, halo_text
from game.view.locator import BATTLE, FRONTIER, HALO, INK, dashed_line
from game.view.placement import LabelRequest
from game.view.places import STYLES
from game.view.units import Units

COAST = (74, 112, 138)
RIVER_INK = (66, 112, 146)  # a river as a line (the locator's blue)
RIVER_BANK = (74, 112, 138)
RIVER_WATER = (122, 160, 182)  # the battle map's deep water, once the river has a width
BANKED_PX = 9  # wider than this on screen, a river is drawn as water between banks
MARK = theme.GOLD
GRATICULE = (196, 186, 160)
AREA_INK = (128, 110, 88)
RIVER_WIDTH_KM = {"Euphrates": 0.45, "Tigris": 0.4}
"""True widths, reached when zoomed in; every river is at least a few px wide."""
MIN_RIVER_PX = {"Euphrates": 6.0, "Tigris": 5.0}
MINOR_RIVER_PX = 3.0
NAMED_RIVERS = ("Euphrates", "Tigris", "Khabur", "Balikh", "Orontes")
SAMPLES = 8  # points per data segment of a smoothed line
BOX = 3000  # px round the screen that lines are clipped to (SDL takes 16-bit coordinates)

PLACE_STYLE = replace(STYLES["place"], size=24)
BATTLE_STYLE = replace(STYLES["town"], size=24, ink=BATTLE)
AREA_STYLE = TypeStyle("serif-italic", 24, AREA_INK, HALO, AREA_INK, HALO, tracking=0.45)
RIVER_STYLE = replace(STYLES["river"], size=24, tracking=0.3)

RANKS_BY_WIDTH = ((700.0, 1), (300.0, 2), (0.0, 3))
"""Views wider than 700 km name rank-1 places only, wider than 300 km rank 2 too, closer all of
them; a place the caption marks is always named."""


def smooth(points: np.ndarray, samples: int = SAMPLES) -> np.ndarray:
    """A Catmull-Rom curve through `points` (the data's few points make a river too angular):
    the battlefield's arrows' own curve."""
    return catmull_rom(points, samples)


def on_screen(view: View, km: np.ndarray) -> np.ndarray:
    """(N, 2) km -> (N, 2) screen px."""
    out = np.empty_like(km, dtype=np.float64)
    out[:, 0] = (km[:, 0] - view.x) * view.px_per_km + view.width / 2
    out[:, 1] = (km[:, 1] - view.y) * view.px_per_km + view.height / 2
    return out


def runs(pts: np.ndarray, size: tuple[int, int]) -> list[list[tuple[float, float]]]:
    """The parts of a screen polyline near the screen, each clipped to a box round it."""
    box = pygame.Rect(-BOX, -BOX, size[0] + 2 * BOX, size[1] + 2 * BOX)
    out: list[list[tuple[float, float]]] = []
    cur: list[tuple[float, float]] = []
    for a, b in itertools.pairwise(pts):
        seg = box.clipline(tuple(a), tuple(b))
        if not seg:
            if len(cur) > 1:
                out.append(cur)
            cur = []
            continue
        (x0, y0), (x1, y1) = seg
        if not cur or cur[-1] != (x0, y0):
            if len(cur) > 1:
                out.append(cur)
            cur = [(x0, y0)]
        cur.append((x1, y1))
    if len(cur) > 1:
        out.append(cur)
    return out


def thick(target: pygame.Surface, colour, pts: Sequence[tuple[float, float]], width: float):
    """A polyline `width` px wide with round joins (no notches where a river bends)."""
    w = max(1, round(width))
    if w <= 2:
        pygame.draw.aalines(target, colour, False, pts)
        if w == 2:
            pygame.draw.lines(target, colour, False, pts, 2)
        return
    pygame.draw.lines(target, colour, False, pts, w)
    r = w / 2
    for x, y in pts:
        pygame.draw.circle(target, colour, (x, y), r)


class RegionArt:
    def __init__(self, plane: Plane, fonts: Fonts):
        self.plane = plane
        self.fonts = fonts
        self.lettering = Lettering(fonts)
        self.name_of: Callable[[str], str] = str  # a place's name in the shown language
        r = plane.region

        def km(points) -> np.ndarray:
            return np.array([plane.km(*p) for p in points], np.float64)

        self.coast = [smooth(km(c.points), 4) for c in r.coast]
        self.rivers = [(river.name, smooth(km(river.points))) for river in r.rivers]
        self.frontier = km(r.frontier.points)

    def use_names(self, name_of: Callable[[str], str]) -> None:
        """Name the map's places, areas and rivers by `name_of` (English name -> shown one)."""
        self.name_of = name_of

    # -- lines ----------------------------------------------------------------------------------
    def draw_lines(self, target: pygame.Surface, view: View, units: Units) -> None:
        size = target.get_size()
        self._graticule(target, view)
        for line in self.coast:
            for run in runs(on_screen(view, line), size):
                thick(target, COAST, run, units.px(2))
        for name, line in self.rivers:
            true = RIVER_WIDTH_KM.get(name, 0.0) * view.px_per_km
            floor = MIN_RIVER_PX.get(name, MINOR_RIVER_PX)
            width = max(units.px(floor), true)
            for run in runs(on_screen(view, line), size):
                if width > BANKED_PX:
                    thick(target, RIVER_BANK, run, width + units.px(2))
                    thick(target, RIVER_WATER, run, width)
                else:
                    thick(target, RIVER_INK, run, width)
        for run in runs(on_screen(view, self.frontier), size):
            dashed_line(target, FRONTIER, run, units.px(3), units.px(16), units.px(9))

    def _graticule(self, target: pygame.Surface, view: View) -> None:
        """Faint lines every whole degree of longitude and latitude, as on a printed map."""
        r = self.plane.region
        w, h = target.get_size()
        for lon in range(math.ceil(r.west), math.floor(r.east) + 1):
            a = view.to_screen(*self.plane.km(lon, r.north))
            b = view.to_screen(*self.plane.km(lon, r.south))
            if -1 <= a[0] <= w + 1:
                pygame.draw.line(target, GRATICULE, (a[0], max(a[1], 0)), (b[0], min(b[1], h)))
        for lat in range(math.ceil(r.south), math.floor(r.north) + 1):
            a = view.to_screen(*self.plane.km(r.west, lat))
            b = view.to_screen(*self.plane.km(r.east, lat))
            if -1 <= a[1] <= h + 1:
                pygame.draw.line(target, GRATICULE, (max(a[0], 0), a[1]), (min(b[0], w), b[1]))

    # -- towns ----------------------------------------------------------------------------------
    def places_in_view(self, view: View, marked: Sequence[str]) -> list[Place]:
        """The places named at this zoom (by rank), and every place the caption marks."""
        rank = next(r for w, r in RANKS_BY_WIDTH if view.width_km > w)
        out = []
        for p in self.plane.region.places:
            if p.rank > rank and p.name not in marked:
                continue
            sx, sy = view.to_screen(*self.plane.km(p.lon, p.lat))
            if -50 < sx < view.width + 50 and -50 < sy < view.height + 50:
                out.append(p)
        return out

    def draw_places(
        self,
        target: pygame.Surface,
        view: View,
        units: Units,
        marked: Sequence[str],
        battle: str,
        fade: float = 1.0,
    ) -> tuple[list[LabelRequest], list[pygame.Rect]]:
        """Each town's sign (a ring for the battle, gold rings for the caption's places) and its
        name as a label request; returns (requests, the signs' rects)."""
        requests, signs = [], []
        for p in self.places_in_view(view, marked):
            sx, sy = view.to_screen(*self.plane.km(p.lon, p.lat))
            c = (round(sx), round(sy))
            mine, mark = p.name == battle, p.name in marked
            r = units.px(5 if p.kind in ("city", "battle") else 4)
            if mark:
                pygame.draw.circle(target, MARK, c, r + units.px(9), units.px(4))
            if mine:
                pygame.draw.circle(target, BATTLE, c, r + units.px(5), units.px(3))
                pygame.draw.circle(target, BATTLE, c, r)
            elif p.kind == "fortress":
                box = pygame.Rect(0, 0, 2 * r, 2 * r)
                box.center = c
                pygame.draw.rect(target, HALO, box.inflate(4, 4))
                pygame.draw.rect(target, INK, box)
            else:
                pygame.draw.circle(target, HALO, c, r + 2)
                pygame.draw.circle(target, INK if p.kind == "city" else (96, 84, 70), c, r)
            sign = pygame.Rect(0, 0, 2 * r + units.px(8), 2 * r + units.px(8))
            sign.center = c
            signs.append(sign)
            style = BATTLE_STYLE if mine else PLACE_STYLE
            style = replace(style, size=units.text(style.size + (4 if mark or mine else 0)))
            surf = self.lettering.straight(self.name_of(p.name), style, False)
            if fade < 1.0:
                surf = surf.copy()
                surf.set_alpha(round(255 * fade))
            w, h = surf.get_size()
            gap = r + units.px(6 if not mark else 14)
            cands = ((gap, -h / 2), (-gap - w, -h / 2), (-w / 2, -gap - h), (-w / 2, gap))
            prio = 90 if mine else 80 if mark else 60 - 10 * p.rank
            requests.append(LabelRequest(f"campaign.place.{p.name}", surf, c, cands, prio))
        return requests, signs

    # -- names of areas and rivers --------------------------------------------------------------
    def area_requests(self, view: View, units: Units) -> list[LabelRequest]:
        rank = next(r for w, r in RANKS_BY_WIDTH if view.width_km > w)
        style = replace(AREA_STYLE, size=units.text(AREA_STYLE.size))
        out = []
        for a in self.plane.region.areas:
            if a.rank > max(rank, 2) or view.width_km < 120:
                continue
            surf = self.lettering.straight(self.name_of(a.name), style, False)
            sx, sy = view.to_screen(*self.plane.km(a.lon, a.lat))
            w, h = surf.get_size()
            out.append(
                LabelRequest(f"campaign.area.{a.name}", surf, (sx, sy), ((-w / 2, -h / 2),), 10)
            )
        return out

    def river_requests(self, view: View, units: Units) -> list[LabelRequest]:
        """The rivers' names along their curves, where a long enough stretch is in view."""
        style = replace(RIVER_STYLE, size=units.text(RIVER_STYLE.size))
        out = []
        for name, line in self.rivers:
            if name not in NAMED_RIVERS:
                continue
            pts = on_screen(view, line)
            inside = (pts[:, 0] > 0) & (pts[:, 0] < view.width)
            inside &= (pts[:, 1] > 0) & (pts[:, 1] < view.height)
            if inside.sum() < 4:
                continue
            idx = np.flatnonzero(inside)
            part = pts[idx[0] : idx[-1] + 1]
            if part[0, 0] > part[-1, 0]:
                part = part[::-1]  # letters run left to right
            arc = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(part, axis=0).T))])
            lift = -(RIVER_WIDTH_KM.get(name, 0.0) * view.px_per_km / 2 + units.px(12))
            for k, share in enumerate((0.5, 0.3, 0.7)):
                got = self.lettering.along(
                    self.name_of(name), style, False, part, arc[-1] * share, lift=lift
                )
                if got is None:
                    continue
                surf, topleft = got
                prio = 40 - k * 0.1 if name == "Euphrates" else 20 - k * 0.1
                out.append(LabelRequest(f"campaign.river.{name}", surf, topleft, ((0, 0),), prio))
        return out


def halo_label(fonts: Fonts, text: str, size: int, ink, face: str = "sans-bold") -> pygame.Surface:
    """A short label in halo type (a route's name at its head)."""
    return halo_text(fonts, face, size, text, ink, HALO)
