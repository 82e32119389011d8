"""Numbered event markers: a disc in the acting side's colour holding the event's number.

The same number keys the map, the caption ("② 14:16 The Ghassanid Arabs break and run.") and
the timeline's event icon, as the numbered events of a West Point or Osprey plate are keyed to
their text. On the map the current phase's events are marked where they happened (the acting
formation's centre at that battle second), each through the frame's placement pass, joined to
its spot by a short leader line.
"""

from __future__ import annotations

import math
from collections import OrderedDict

import pygame

from game.scenario.codes import Side
from game.scenario.specs import Scenario
from game.view import strokes
from game.view.camera import Camera
from game.view.fonts import Fonts
from game.view.layout import Layout
from game.view.moment import Moment, Numbered
from game.view.placement import LabelRequest
from game.view.units import UNSCALED, Units

DISC = 34  # px across on the map
NUMBER_SIZE = 22
RING = (24, 22, 20)
WHITE = (255, 255, 255)
LEADER = (24, 22, 20)
PRIORITY = 1e9  # above every banner: a marker is the caption's key
CACHE = 64


def marker_key(number: int) -> str:
    return f"event.{number}"


class MarkerPainter:
    """Composes and caches the discs; turns a moment's events into placement requests."""

    def __init__(self, scenario: Scenario, fonts: Fonts):
        self.fonts = fonts
        self.side_of = [f.side for f in scenario.formations]
        self.colours = {s: spec.colour for s, spec in scenario.sides.items()}
        self._discs: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._anchors: dict[str, tuple[float, float]] = {}  # this frame's marker spots
        self._kept: dict[str, tuple[float, float]] = {}  # each marker's offset as last placed

    def colour(self, n: Numbered) -> tuple[int, int, int]:
        side = self.side_of[n.event.formation] if n.event.formation >= 0 else Side.ROMAN
        return self.colours[side]

    def disc(
        self,
        number: int,
        colour: tuple[int, int, int],
        size: int = DISC,
        units: Units = UNSCALED,
    ) -> pygame.Surface:
        """A disc `size` px across (screen px) holding `number` in white, in the shown
        language's digits (the map's ٢ is the caption's and the bar's)."""
        label = self.fonts.words.digits(str(number))
        key = (label, colour, size, units.text(NUMBER_SIZE))
        hit = self._discs.get(key)
        if hit is not None:
            self._discs.move_to_end(key)
            return hit
        size = max(size, round(1.5 * units.text(NUMBER_SIZE)))  # the number fits, read at any size
        surf = pygame.Surface((size, size), pygame.SRCALPHA)
        r = size // 2
        pygame.draw.circle(surf, RING, (r, r), r)
        pygame.draw.circle(surf, colour, (r, r), r - 2)
        text = self.fonts.render(label, "sans-bold", units.text(NUMBER_SIZE), WHITE)
        surf.blit(text, text.get_rect(center=(r, r + 1)))
        self._discs[key] = surf
        if len(self._discs) > CACHE:
            self._discs.popitem(last=False)
        return surf

    def requests(
        self, camera: Camera, m: Moment, units: Units = UNSCALED, still: bool = False
    ) -> list[LabelRequest]:
        """A request per numbered event of the phase, near where it happened. `still` (reduced
        motion): a marker keeps the place it was last put in while that stays free, instead of
        hopping to a nearer spot as the blocks and banners round it move."""
        out = []
        self._anchors = {}
        for n in m.marked:
            if math.isnan(n.x):
                continue
            surf = self.disc(n.number, self.colour(n), units.px(DISC), units)
            anchor = camera.point_to_screen(n.x, n.y)
            self._anchors[marker_key(n.number)] = anchor
            out.append(
                LabelRequest(
                    marker_key(n.number),
                    surf,
                    anchor,
                    self._offsets(marker_key(n.number), surf.get_width(), units, still),
                    PRIORITY + n.number,  # the newest first, if they crowd
                )
            )
        return out

    def _offsets(
        self, key: str, size: int, units: Units, still: bool
    ) -> tuple[tuple[float, float], ...]:
        around = _around(size, units)
        kept = self._kept.get(key) if still else None
        return around if kept is None else (kept, *around)

    def draw_leaders(
        self, target: pygame.Surface, layout: Layout, obstacles: list[pygame.Rect]
    ) -> None:
        """A thin line from each placed marker to its spot, and a dot on the spot (not where
        the spot is under the interface); notes where each marker went (see `requests`)."""
        for name, rect in layout.under("label.event."):
            anchor = self._anchors.get(name[len("label.") :])
            if anchor is not None:
                self._kept[name[len("label.") :]] = (rect.x - anchor[0], rect.y - anchor[1])
            if anchor is None or any(o.collidepoint(anchor) for o in obstacles):
                continue
            ax, ay = anchor
            edge = _edge_towards(rect, anchor)
            strokes.line(target, LEADER, 255, (ax, ay), edge, 2)
            pygame.draw.circle(target, LEADER, (round(ax), round(ay)), 4)
            pygame.draw.circle(target, WHITE, (round(ax), round(ay)), 2)


def _edge_towards(rect: pygame.Rect, point: tuple[float, float]) -> tuple[float, float]:
    """Where the line from the disc's centre to `point` leaves the disc."""
    cx, cy = rect.center
    dx, dy = point[0] - cx, point[1] - cy
    d = max(math.hypot(dx, dy), 1e-6)
    r = rect.width / 2
    return (cx + dx / d * r, cy + dy / d * r)


def _around(size: int, units: Units) -> tuple[tuple[float, float], ...]:
    """Top-left offsets that put a disc 26 px off its spot in eight directions, then 52 px."""
    out = []
    for dist in (units.px(26), units.px(52)):
        for k in range(8):
            a = math.radians(-45 - 45 * k)  # up-right first, round anticlockwise
            out.append((dist * math.cos(a) - size / 2, dist * math.sin(a) - size / 2))
    return tuple(out)
