"""The inset locator: where Callinicum lies, between Antioch and the Persian frontier.

A small map of northern Syria and upper Mesopotamia in a corner of the screen: the coast, the
Euphrates and Tigris, the frontier (dashed), the chief towns, and Callinicum ringed. Drawn from
the same data (`maps/region/geography.yaml`) as the campaign map, painted once per size and
kept, so a frame pays one blit. It is marginalia: never tinted by the light of the day.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import pygame

from game.lang.words import N_
from game.scenario.geography import Region
from game.view import theme
from game.view.fonts import Fonts
from game.view.lettering import halo_text, joined
from game.view.units import UNSCALED, Units

LAND = (214, 204, 178)
SEA = (150, 180, 196)
RIVER = (70, 118, 150)
FRONTIER = (150, 52, 48)
INK = (52, 44, 36)
HALO = (236, 228, 208)
BATTLE = (176, 38, 40)
AREA_INK = (120, 104, 84)

STRINGS = {"scale": N_("100 km"), "frontier": N_("frontier")}
"""Every visible string of this module beyond the region's own names."""

KM_PER_DEGREE = 111.2  # of latitude
NAME_TEXT = 15
"""The towns' names in design px (the areas and rivers a point smaller, the scale two)."""


class Locator:
    def __init__(self, region: Region, fonts: Fonts, battle: str = "Callinicum"):
        self.region = region
        self.fonts = fonts
        self.battle = battle
        self._cache: dict[tuple[int, int], pygame.Surface] = {}
        self.name_of: Callable[[str], str] = str  # a place's name in the shown language

    def use_names(self, name_of: Callable[[str], str]) -> None:
        self.name_of, self._cache = name_of, {}

    def size_for(self, width: int) -> tuple[int, int]:
        return (width, round(width / self.region.aspect))

    def surface(self, size: tuple[int, int], units: Units = UNSCALED) -> pygame.Surface:
        """The inset at `size`, its lettering sized for the screen's `units`."""
        key = (size, units)
        if key not in self._cache:
            self._cache = {key: self._paint(size, units)}  # a window is one size at a time
        return self._cache[key]

    # -- painting -------------------------------------------------------------------------------
    def _paint(self, size: tuple[int, int], u: Units) -> pygame.Surface:
        w, _h = size
        r = self.region
        k = w / r.project(r.east, r.south)[0]  # px per degree of latitude

        def px(lon: float, lat: float) -> tuple[float, float]:
            x, y = r.project(lon, lat)
            return (x * k, y * k)

        surf = pygame.Surface(size)
        surf.fill(LAND)
        for coast in r.coast:  # the sea lies west of the coast
            pts = [px(*p) for p in coast.points]
            poly = [(0, pts[0][1]), *pts, (0, pts[-1][1])]
            pygame.draw.polygon(surf, SEA, poly)
            pygame.draw.aalines(surf, RIVER, False, pts)
        small = u.text(NAME_TEXT - 1)
        for area in (a for a in r.areas if a.rank == 1):
            text = self._spaced(self.name_of(area.name), "serif-italic", small, AREA_INK)
            x, y = px(area.lon, area.lat)
            inside = surf.get_rect().inflate(-2 * u.px(6), -2 * u.px(6))
            surf.blit(text, text.get_rect(center=(round(x), round(y))).clamp(inside))
        for river in r.rivers:
            pts = [px(*p) for p in river.points]
            width = 2 if river.name in ("Euphrates", "Tigris") else 1
            pygame.draw.lines(surf, RIVER, False, pts, width)
            pygame.draw.aalines(surf, RIVER, False, pts)
        dashed_line(surf, FRONTIER, [px(*p) for p in r.frontier.points], 2, 7, 5)
        for river in r.rivers:
            if river.name not in ("Euphrates", "Tigris"):
                continue
            a, b = river.points[len(river.points) // 2 - 1 : len(river.points) // 2 + 1]
            (x0, y0), (x1, y1) = px(*a), px(*b)
            text = self.fonts.render(self.name_of(river.name), "serif-italic", small, RIVER)
            angle = -math.degrees(math.atan2(y1 - y0, x1 - x0))
            if abs(angle) > 90:
                angle -= math.copysign(180, angle)
            rot = pygame.transform.rotozoom(text, angle, 1.0)
            mid = (round((x0 + x1) / 2 + u.px(8)), round((y0 + y1) / 2))
            surf.blit(rot, rot.get_rect(center=mid))
        label = u.text(NAME_TEXT)
        dot = u.px(3)
        taken: list[pygame.Rect] = []
        battle_first = sorted(
            (p for p in r.places if p.rank == 1), key=lambda p: (p.name != self.battle, -p.lon)
        )
        for place in battle_first:
            x, y = px(place.lon, place.lat)
            c = (round(x), round(y))
            mine = place.name == self.battle
            if mine:
                pygame.draw.circle(surf, BATTLE, c, max(6, w // 40), max(2, u.px(2)))
                pygame.draw.circle(surf, BATTLE, c, dot)
            else:
                pygame.draw.circle(surf, INK, c, dot)
            text = self._halo(
                self.name_of(place.name),
                "sans-bold" if mine else "sans",
                label,
                BATTLE if mine else INK,
            )
            tw, th = text.get_size()
            gap = max(6, w // 40) + u.px(3) if mine else u.px(6)
            for dx, dy in (
                (gap, -th // 2),
                (-gap - tw, -th // 2),
                (-tw // 2, -gap - th),
                (-tw // 2, gap),
            ):
                rect = pygame.Rect(c[0] + dx, c[1] + dy, tw, th)
                if surf.get_rect().contains(rect) and rect.collidelist(taken) < 0:
                    break
            taken.append(rect)
            surf.blit(text, rect.topleft)
        self._scale_bar(surf, k, u)
        pygame.draw.rect(surf, theme.PANEL_EDGE, surf.get_rect(), width=max(2, u.px(2)))
        return surf

    def _scale_bar(self, surf: pygame.Surface, k: float, u: Units) -> None:
        length = 100 / KM_PER_DEGREE * k
        w, h = surf.get_size()
        x0, y0 = u.px(12) + w * 0.06, h - u.px(12)
        tick, width = u.px(4), max(2, u.px(2))
        pygame.draw.line(surf, INK, (x0, y0), (x0 + length, y0), width)
        for x in (x0, x0 + length):
            pygame.draw.line(surf, INK, (x, y0 - tick), (x, y0), width)
        scale = self.fonts.t(STRINGS["scale"])
        text = self.fonts.render(scale, "sans", u.text(NAME_TEXT - 2), INK)
        at = (round(x0 + length / 2 - text.get_width() / 2), y0 - tick - text.get_height())
        surf.blit(text, at)

    def _spaced(self, text: str, face: str, size: int, colour) -> pygame.Surface:
        """Letter-spaced text (area names spread across the area)."""
        letters = [text] if joined(text) else list(text)  # joined letters are never spaced
        glyphs = [self.fonts.render(ch, face, size, colour) for ch in letters]
        gap = size * 0.12
        width = round(sum(g.get_width() for g in glyphs) + gap * (len(glyphs) - 1))
        out = pygame.Surface((max(1, width), glyphs[0].get_height()), pygame.SRCALPHA)
        x = 0.0
        for g in glyphs:
            out.blit(g, (round(x), 0))
            x += g.get_width() + gap
        return out

    def _halo(self, text: str, face: str, size: int, colour) -> pygame.Surface:
        return halo_text(self.fonts, face, size, text, colour, HALO)


def frontier_swatch(surf: pygame.Surface, rect: pygame.Rect) -> None:
    """The inset's frontier sign, for the legend."""
    pygame.draw.rect(surf, LAND, rect)
    dashed_line(
        surf, FRONTIER, [(rect.left + 2, rect.centery), (rect.right - 2, rect.centery)], 2, 7, 5
    )


def battle_swatch(surf: pygame.Surface, rect: pygame.Rect) -> None:
    """The inset's ring round Callinicum, for the legend."""
    pygame.draw.rect(surf, LAND, rect)
    pygame.draw.circle(surf, BATTLE, rect.center, 8, 2)
    pygame.draw.circle(surf, BATTLE, rect.center, 3)


def dashed_line(surf, colour, pts, width: int, dash: float, gap: float) -> None:
    """A dashed polyline; the pattern runs on across vertices."""
    on, left = True, dash
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        seg = math.hypot(x1 - x0, y1 - y0)
        t = 0.0
        while t < seg:
            step = min(left, seg - t)
            if on:
                a, b = t / seg, (t + step) / seg
                pygame.draw.line(
                    surf,
                    colour,
                    (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                    (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b),
                    width,
                )
            t += step
            left -= step
            if left <= 1e-9:
                on = not on
                left = dash if on else gap
