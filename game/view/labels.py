"""Banners: each formation's name (and men now) floating behind it, as label requests.

Positions come from the interpolated soldier positions. Each banner asks to sit behind its
formation (so the ground between the armies, where the action is, stays clear), at three
distances; the frame's one placement pass (`game.view.placement`) decides which are shown,
bigger formations first. A formation down to its last figure on the field has no banner: a
label over a lone dot names nothing a visitor can see.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pygame

from game.view import theme
from game.view.camera import Camera
from game.view.fonts import Fonts
from game.view.patterns import SOLID, paint_swatch
from game.view.placement import LabelRequest
from game.view.units import UNSCALED, Units

MIN_FIGURES = 2
"""Figures a formation needs on the field to keep its banner."""
HOUSEHOLD_FIRST = 1e7
"""Added to a general's household's label priority: the generals' bodies are what the story
names, so they win a crowded place over minor bodies (below inspect's tags, 1e8)."""
SURFACE_CACHE = 128  # composed banners kept (text changes as men fall, so bounded)


@dataclass(frozen=True)
class Banner:
    text: str
    colour: tuple[int, int, int]  # the side's colour, as a swatch
    x: float  # screen position of the formation's centre
    y: float
    back_x: float  # unit vector pointing behind the formation (its rear), on screen
    back_y: float
    gap: float  # px from the centre to the formation's rear edge
    weight: float  # placement priority
    index: int = -1  # formation row (a tap on the banner selects it)
    pattern: str = SOLID  # the side's (or its allies') pattern in the swatch (game.view.patterns)


def banner_key(index: int) -> str:
    """The placement key of a formation's label: its banner and its hover label share it."""
    return f"formation.{index}"


class BannerPainter:
    """Composes banner surfaces (ground, swatch, text), cached and bounded."""

    def __init__(self, fonts: Fonts):
        self.fonts = fonts
        self._cache: OrderedDict[tuple, pygame.Surface] = OrderedDict()

    def surface(
        self, text: str, colour: tuple[int, int, int], size: int, pattern: str = SOLID
    ) -> pygame.Surface:
        """A banner for `text` at font `size` px, its swatch in `colour` and `pattern`."""
        key = (text, colour, size, pattern)
        surf = self._cache.get(key)
        if surf is not None:
            self._cache.move_to_end(key)
            return surf
        ink = self.fonts.render(text, "sans-bold", size, theme.INK)
        pad = max(3, round(size * 0.25))
        swatch = max(8, round(size * 0.64))
        surf = pygame.Surface(
            (ink.get_width() + swatch + 3 * pad + pad, ink.get_height() + 2 * pad), pygame.SRCALPHA
        )
        surf.fill((*theme.LABEL_BG, theme.LABEL_ALPHA))
        box = pygame.Rect(pad + 1, pad + 1, swatch, surf.get_height() - 2 * pad - 2)
        paint_swatch(surf, box, colour, pattern)
        surf.blit(ink, (2 * pad + swatch + 2, pad))
        self._cache[key] = surf
        if len(self._cache) > SURFACE_CACHE:
            self._cache.popitem(last=False)
        return surf

    def requests(self, banners: list[Banner], units: Units = UNSCALED) -> list[LabelRequest]:
        """Each banner as a request: behind its formation, then further back, twice; where the
        rear is taken (the panel, another banner), above, below, in front of it, then beside
        its centre (over its men, the last resort before no banner at all)."""
        out = []
        size, near = units.text(theme.LABEL_SIZE), units.px(14)
        for b in banners:
            surf = self.surface(b.text, b.colour, size, b.pattern)
            w, h = surf.get_size()
            cands = []
            for extra in (near, near + h, near + 2 * h):
                along = b.gap + extra + abs(b.back_x) * w / 2 + abs(b.back_y) * h / 2
                cands.append((b.back_x * along - w / 2, b.back_y * along - h / 2))
            cands += [(-w / 2, -b.gap - near - h), (-w / 2, b.gap + near)]
            along = b.gap + near + abs(b.back_x) * w / 2 + abs(b.back_y) * h / 2
            cands.append((-b.back_x * along - w / 2, -b.back_y * along - h / 2))
            cands += [(near, -h / 2), (-w - near, -h / 2)]
            out.append(LabelRequest(banner_key(b.index), surf, (b.x, b.y), tuple(cands), b.weight))
        return out


def banners_for(
    camera: Camera,
    names: list[str],
    side_colours: list[tuple[int, int, int]],
    xs: np.ndarray,
    ys: np.ndarray,
    men: np.ndarray,
    facing: np.ndarray,
    depth_m: np.ndarray,
    figures: np.ndarray | None = None,
    number: Callable[[float], str] = "{:,.0f}".format,
    patterns: list[str] | None = None,
    households: list[bool] | None = None,
) -> list[Banner]:
    """Banner data for each formation on the field; `facing` is (2, F), `depth_m` (F,),
    `figures` (F,) the soldiers of each formation on the field (fewer than two: no banner);
    `households` (F,) which are generals' households (their labels placed first)."""
    out = []
    for i, name in enumerate(names):
        if men[i] < 0.5 or (figures is not None and figures[i] < MIN_FIGURES):
            continue
        sx, sy = camera.point_to_screen(float(xs[i]), float(ys[i]))
        out.append(
            Banner(
                text=f"{name} · {number(round(men[i]))}",
                colour=side_colours[i],
                x=sx,
                y=sy,
                back_x=-float(facing[0, i]),
                back_y=-float(facing[1, i]),
                gap=float(depth_m[i]) * camera.scale / 2,
                weight=float(men[i]) + (HOUSEHOLD_FIRST if households and households[i] else 0),
                index=i,
                pattern=patterns[i] if patterns else SOLID,
            )
        )
    return out
