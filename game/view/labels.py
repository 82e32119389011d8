"""Banners: each formation's name (and men now) floating behind it, as label requests.

Positions come from the interpolated soldier positions. Each banner asks to sit behind its
formation (so the ground between the armies, where the action is, stays clear), at three
distances; the frame's one placement pass (`game.view.placement`) decides which are shown,
bigger formations first. A formation down to its last figure on the field has no banner: a
label over a lone dot names nothing a visitor can see.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pygame

from game.view import strokes, theme
from game.view.camera import Camera
from game.view.fonts import Fonts
from game.view.patterns import SOLID, paint_swatch
from game.view.placement import LabelRequest, Placed
from game.view.units import UNSCALED, Units

MIN_FIGURES = 2
"""Figures a formation needs on the field to keep its banner."""
HOUSEHOLD_FIRST = 1e7
"""Added to a general's household's label priority: the generals' bodies are what the story
names, so they win a crowded place over minor bodies (below inspect's tags, 1e8)."""
MAIN_BODY_FIRST = 5e6
"""Added to the label priority of each side's biggest formation on screen: a visitor must see
who is attacking whom, so neither side goes unnamed (after the households, before the rest)."""
FAR_STEPS = 4
"""Rings of further places tried round a crowded formation (each a label's height further
out), before it goes unnamed; a label placed there has a leader line to its formation."""
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
        self._rings: dict[tuple, list[tuple[float, float]]] = {}  # far offsets, by size

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

    def requests(
        self,
        banners: list[Banner],
        units: Units = UNSCALED,
        avoid: Sequence[pygame.Rect] = (),
        screen: pygame.Rect | None = None,
        covering: Sequence[pygame.Rect] = (),
    ) -> list[LabelRequest]:
        """Each banner as a request: behind its formation, then further back, twice; where the
        rear is taken (the panel, another banner), above, below, in front of it, then beside
        its centre; then, in a crowd (the stand, its assailants all round it), on rings
        further out in eight directions, with a leader line (`leaders`), before no banner.
        No place across any of `avoid` (the arrows: a name over an arrow hides where it runs);
        no far rings round a body too far off the `screen` for any of them to be on it, nor
        round one whose centre lies under a `covering` box (an open legend or panel: a leader
        line to a body hidden there named it over the river, where the Euphrates' name goes)."""
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
            key = banner_key(b.index)
            reach = b.gap + near + FAR_STEPS * (h + near) + w
            ring = pygame.Rect(round(b.x - reach), round(b.y - reach), 2 * reach, 2 * reach)
            close = tuple(avoid[k] for k in ring.collidelistall(avoid)) if avoid else ()
            n = len(cands)  # from here on, with a leader line
            seen = screen is None or ring.colliderect(
                screen
            )  # (off screen: no ring would be on it)
            if seen and not any(c.collidepoint(b.x, b.y) for c in covering):
                cands += self._far(w, h, b.gap + near, near)
            out.append(
                LabelRequest(
                    key, surf, (b.x, b.y), tuple(cands), b.weight, avoid=close, leader_from=n
                )
            )
        return out

    def _far(self, w: int, h: int, inner: float, gap: float) -> list[tuple[float, float]]:
        """`far_offsets`, kept (a still camera asks for the same rings each frame)."""
        key = (w, h, round(inner), gap)
        hit = self._rings.get(key)
        if hit is None:
            if len(self._rings) > SURFACE_CACHE:
                self._rings.clear()
            hit = self._rings[key] = far_offsets(w, h, round(inner), gap)
        return hit

    def leaders(self, target: pygame.Surface, placed: Iterable[Placed]) -> None:
        """A hairline from each banner the placement put on a far ring (it gave it a leader
        line) to its formation's centre, so a visitor knows whose name it is."""
        for p in placed:
            if p.line is None or not p.request.key.startswith("formation."):
                continue
            (ax, ay), end = p.line
            strokes.line(target, LEADER, 255, (ax, ay), end, 2)
            pygame.draw.circle(target, LEADER, (round(ax), round(ay)), 3)


LEADER = (24, 22, 20)  # the event markers' leader ink


def far_offsets(w: int, h: int, inner: float, gap: float) -> list[tuple[float, float]]:
    """Top-left offsets of a `w` x `h` label on FAR_STEPS rings round a point, from `inner`
    px out, a label's height (and `gap`) further each ring: right, left, above, below, then
    the four corners on each ring."""
    out = []
    for k in range(FAR_STEPS):
        r = inner + k * (h + gap)
        out += [(r, -h / 2), (-r - w, -h / 2), (-w / 2, -r - h), (-w / 2, r)]
        out += [(r * 0.7, -r * 0.7 - h), (-r * 0.7 - w, -r * 0.7 - h)]
        out += [(r * 0.7, r * 0.7), (-r * 0.7 - w, r * 0.7)]
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
    sides: list[object] | None = None,
) -> list[Banner]:
    """Banner data for each formation on the field; `facing` is (2, F), `depth_m` (F,),
    `figures` (F,) the soldiers of each formation on the field (fewer than two: no banner);
    `households` (F,) which are generals' households (their labels placed first); `sides`
    (F,) each one's side (each side's biggest on screen placed next: `MAIN_BODY_FIRST`)."""
    out = []
    main: dict[object, tuple[float, int]] = {}  # side -> (men, index) of its biggest in view
    for i, name in enumerate(names):
        if men[i] < 0.5 or (figures is not None and figures[i] < MIN_FIGURES):
            continue
        sx, sy = camera.point_to_screen(float(xs[i]), float(ys[i]))
        seen = sides is not None and 0 <= sx < camera.width and 0 <= sy < camera.height
        if seen and float(men[i]) > main.get(sides[i], (0.0, -1))[0]:
            main[sides[i]] = (float(men[i]), i)
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
    first = {i for _, i in main.values()}
    return [replace(b, weight=b.weight + MAIN_BODY_FIRST) if b.index in first else b for b in out]
