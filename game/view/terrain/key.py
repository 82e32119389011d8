"""The terrain's entries in the legend: places, water and relief, in the map's own colours.

Each swatch is drawn with the painter's washes and inks (not a second palette), so the legend
shows exactly the marks a visitor finds on the map.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.lang.words import N_
from game.view.legend import LegendContext, LegendEntry
from game.view.terrain.fields import TerrainFields
from game.view.terrain.relief import CONTOUR_INK
from game.view.terrain.water import BANK_INK
from game.view.terrain.works import ROAD_INK, STONE_EDGE, TOWN_HATCH

STRINGS = {
    "places": N_("Places"),
    "water": N_("Water"),
    "relief": N_("Relief"),
    "town": N_("walled town, with towers"),
    "camp": N_("Persian camp: ditch and tents"),
    "road": N_("road or track"),
    "field": N_("irrigated fields"),
    "orchard": N_("gardens and orchards"),
    "reeds": N_("reed beds"),
    "scrub": N_("scrub (tamarisk, thorn)"),
    "sand": N_("sand banks"),
    "river": N_("river; the dark line is the bank"),
    "shallows": N_("shallows (wading depth)"),
    "contour": N_("contour line every 5 m"),
    "index": N_("index contour every 25 m"),
    "shade": N_("slopes lit from the north-west; higher ground browner"),
}
"""Every visible string of this module, in one place (for a catalogue later)."""


def _rgb(a: np.ndarray) -> tuple[int, int, int]:
    return tuple(int(v) for v in np.clip(a, 0, 255))  # type: ignore[return-value]


def _dark(a: np.ndarray, k: float) -> tuple[int, int, int]:
    return _rgb(np.asarray(a) * k)


def terrain_legend(fields: TerrainFields):
    """An entry source for `Legend`: the terrain's marks, given the map's colours."""
    col = fields.colours
    grass = col.get("grass", np.array([210, 206, 178]))

    def wash(name: str, fallback=grass):
        return col.get(name, fallback)

    def town(s: pygame.Surface, r: pygame.Rect) -> None:
        pygame.draw.rect(s, _rgb(wash("town")), r)
        for x in range(r.left - r.height, r.right, 5):
            pygame.draw.aaline(s, _rgb(TOWN_HATCH), (x, r.bottom - 1), (x + r.height, r.top))
        pygame.draw.rect(s, _rgb(STONE_EDGE), r, width=3)
        for x, y in (
            (r.left, r.top),
            (r.right - 1, r.top),
            (r.left, r.bottom - 1),
            (r.right - 1, r.bottom - 1),
            (r.centerx, r.top),
            (r.centerx, r.bottom - 1),
        ):
            pygame.draw.rect(s, _rgb(STONE_EDGE), (x - 3, y - 3, 7, 7))

    def camp(s: pygame.Surface, r: pygame.Rect) -> None:
        c = wash("camp")
        pygame.draw.rect(s, _rgb(c), r, border_radius=8)
        pygame.draw.rect(s, _dark(c, 0.5), r, width=2, border_radius=8)
        for k in range(4):
            x, y = r.x + 8 + 11 * k, r.centery + 3
            pygame.draw.polygon(s, _dark(c, 0.52), [(x, y - 7), (x - 4, y + 1), (x + 4, y + 1)])

    def road(s: pygame.Surface, r: pygame.Rect) -> None:
        pygame.draw.rect(s, _rgb(grass), r)
        pygame.draw.line(s, _rgb(ROAD_INK), (r.left, r.centery), (r.right, r.centery), 6)
        pygame.draw.line(s, _rgb(wash("road")), (r.left, r.centery), (r.right, r.centery), 2)

    def field(s: pygame.Surface, r: pygame.Rect) -> None:
        c = wash("field")
        pygame.draw.rect(s, _rgb(grass), r)
        inner = r.inflate(-4, -4)
        pygame.draw.rect(s, _rgb(c), inner)
        pygame.draw.line(
            s, _dark(c, 0.84), (inner.centerx, inner.top), (inner.centerx, inner.bottom)
        )
        pygame.draw.rect(s, _dark(c, 0.78), inner, width=1)

    def orchard(s: pygame.Surface, r: pygame.Rect) -> None:
        c = wash("orchard")
        pygame.draw.rect(s, _rgb(c), r)
        for x in range(r.left + 5, r.right, 9):
            for y in range(r.top + 5, r.bottom, 9):
                pygame.draw.circle(s, _dark(c, 0.78), (x, y), 2)

    def reeds(s: pygame.Surface, r: pygame.Rect) -> None:
        c = wash("reeds")
        pygame.draw.rect(s, _rgb(c), r)
        ink = _dark(c, 0.5)
        for cx in (r.x + 12, r.x + 34):
            by = r.centery + 5
            pygame.draw.aaline(s, ink, (cx - 5, by), (cx + 5, by))
            for dx, tx in ((0, 0), (-2, -4), (2, 4)):
                pygame.draw.aaline(s, ink, (cx + dx, by), (cx + tx, by - 7))

    def scrub(s: pygame.Surface, r: pygame.Rect) -> None:
        c = wash("scrub")
        pygame.draw.rect(s, _rgb(c), r)
        for x, y in ((10, 8), (24, 15), (38, 9)):
            pygame.draw.circle(s, _dark(c, 0.66), (r.x + x, r.y + y), 3, 1)

    def sand(s: pygame.Surface, r: pygame.Rect) -> None:
        c = wash("sand")
        pygame.draw.rect(s, _rgb(c), r)
        for k in range(14):
            pygame.draw.circle(
                s, _dark(c, 0.72), (r.x + 3 + (k * 7) % 44, r.y + 4 + (k * 5) % 17), 1
            )

    def river(s: pygame.Surface, r: pygame.Rect) -> None:
        deep, shallow = wash("deep_water"), wash("shallows")
        pygame.draw.rect(s, _rgb(shallow), r)
        pygame.draw.rect(s, _rgb(deep), (r.x, r.y, r.width, r.height * 2 // 3))
        pygame.draw.line(s, _rgb(BANK_INK), (r.left, r.bottom - 2), (r.right, r.bottom - 2), 2)

    def shallows(s: pygame.Surface, r: pygame.Rect) -> None:
        pygame.draw.rect(s, _rgb(wash("shallows")), r)

    def contour(width: int, alpha: float):
        def paint(s: pygame.Surface, r: pygame.Rect) -> None:
            pygame.draw.rect(s, _rgb(grass), r)
            ink = _rgb(np.asarray(grass) + (CONTOUR_INK - grass) * alpha)
            pts = [(r.x + x, r.centery + 5 * np.sin(x / 8)) for x in range(0, r.width, 2)]
            pygame.draw.lines(s, ink, False, pts, width)

        return paint

    def shade(s: pygame.Surface, r: pygame.Rect) -> None:
        for x in range(r.width):
            k = 1.1 - 0.35 * x / r.width
            pygame.draw.line(s, _dark(grass, k), (r.x + x, r.y), (r.x + x, r.bottom - 1))

    places = [
        ("town", town, "town"),
        ("camp", camp, "camp"),
        ("road", road, None),
        ("field", field, "field"),
        ("orchard", orchard, "orchard"),
        ("reeds", reeds, "reeds"),
        ("scrub", scrub, "scrub"),
        ("sand", sand, "sand"),
    ]

    def entries(ctx: LegendContext) -> list[LegendEntry]:
        out = [
            LegendEntry(STRINGS[name], paint, STRINGS["places"], key=f"terrain.{name}")
            for name, paint, mask in places
            if mask is None or fields.present.get(mask, False)
        ]
        out += [
            LegendEntry(STRINGS["river"], river, STRINGS["water"], key="terrain.river"),
            LegendEntry(STRINGS["shallows"], shallows, STRINGS["water"], key="terrain.shallows"),
            LegendEntry(
                STRINGS["contour"], contour(1, 0.45), STRINGS["relief"], key="terrain.contour"
            ),
            LegendEntry(STRINGS["index"], contour(2, 0.7), STRINGS["relief"], key="terrain.index"),
            LegendEntry(STRINGS["shade"], shade, STRINGS["relief"], key="terrain.shade"),
        ]
        return out

    return entries
