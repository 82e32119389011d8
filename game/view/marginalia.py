"""Marginalia: the scale bar (metres and Roman miles), the north arrow, the legend and the
inset locator, laid out round the HUD and drawn over the map (never under the light's tint).

Where they go (at 1920 x 1080): the locator under the title, the legend's button under the
locator (its panel opens downwards), the scale bar and north arrow in the bottom-left corner
above the timeline bar. Each takes the first of its candidate places that is on screen and
clear of the HUD and of the others; one that fits nowhere is left out (a small screen keeps
the scale bar before the locator). Every rect is handed back for the frame's layout, and the
label pass keeps names and banners off them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pygame

from game.lang.words import ENGLISH, N_, Words
from game.scenario.geography import Region
from game.view import theme
from game.view.camera import Camera
from game.view.fonts import Fonts
from game.view.legend import EntrySource, Legend, LegendContext, LegendEntry
from game.view.locator import NAME_TEXT as LOCATOR_TEXT
from game.view.locator import Locator, battle_swatch, frontier_swatch
from game.view.units import UNSCALED, Units

ROMAN_MILE_M = 1480.0
"""1,000 paces (passus) of five Roman feet (pes ~0.296 m): ~1,480 m (history brief section 6:
Vegetius' 20 Roman miles in 5 summer hours at 1.3 m/s; cartography notes G) [W]."""
ROMAN_PACE_M = ROMAN_MILE_M / 1000

STRINGS = {
    "metres": N_("{n} m"),
    "km": N_("{n} km"),
    "mile": N_("{n} Roman mile"),
    "miles": N_("{n} Roman miles"),
    "paces": N_("{n} Roman paces"),
    "north": N_("N"),
    "group_scale": N_("Scale"),
    "dot_one": N_("one dot is one man"),
    "dot_many": N_("one dot stands for {n} men"),
    "scale_entry": N_("scale: metres; Roman miles of 1,480 m"),
    "group_inset": N_("Inset map"),
    "frontier_entry": N_("Roman-Persian frontier (approximate)"),
    "battle_entry": N_("Callinicum, where the battle was fought"),
}
"""Every visible string of this module, in one place (for a catalogue later)."""

BAR_MAX_PX = 300
"""The scale bar is at most 300 px: long enough to judge a kilometre, short enough for a corner."""
LOCATOR_WIDTH = 300


def nice_length(max_units: float) -> float:
    """The longest 'round' length (1, 2, 2.5 or 5 times a power of ten) not above max_units."""
    if max_units <= 0:
        return 0.0
    p = 10 ** math.floor(math.log10(max_units))
    if p > max_units:  # log10 rounded up to a whole number (e.g. 99.99999999999999)
        p /= 10
    return max(m * p for m in (1, 2, 2.5, 5) if m * p <= max_units)


def scale_steps(
    px_per_m: float, max_px: int = BAR_MAX_PX, words: Words = ENGLISH
) -> tuple[tuple[float, str], tuple[float, str]]:
    """The two bars for a scale: (px, label) in metres and in Roman miles (or paces close up),
    worded in `words`' language."""

    def said(key: str, n: float) -> str:
        return words.t(STRINGS[key]).format(n=words.digits(_num(n)))

    metres = nice_length(max_px / px_per_m)
    m_label = said("km", metres / 1000) if metres >= 1000 else said("metres", metres)
    miles = max_px / px_per_m / ROMAN_MILE_M
    if miles >= 0.25:
        n = max(k for k in (0.25, 0.5, 1, 2, 3, 5, 10, 20, 25, 50, 100, 200) if k <= miles)
        label = said("mile" if n <= 1 else "miles", n)
        r_px = n * ROMAN_MILE_M * px_per_m
    else:
        paces = nice_length(max_px / px_per_m / ROMAN_PACE_M)
        label = said("paces", paces)
        r_px = paces * ROMAN_PACE_M * px_per_m
    return (metres * px_per_m, m_label), (r_px, label)


def _num(x: float) -> str:
    if abs(x - round(x)) < 1e-6:
        return f"{round(x):,}"
    return {0.5: "½", 0.25: "¼"}.get(x, f"{x:g}")


class Marginalia:
    def __init__(
        self,
        fonts: Fonts,
        region: Region | None,
        legend_sources: Sequence[EntrySource] = (),
        side_colours: Sequence[tuple[int, int, int]] = (),
    ):
        self.fonts = fonts
        self.locator = Locator(region, fonts) if region is not None else None
        self.legend = Legend(fonts, [self.legend_entries, *legend_sources])
        self.side_colours = list(side_colours)
        self._scale_cache: tuple[tuple, pygame.Surface] | None = None
        self.units: Units = UNSCALED  # the screen's, set by `layout` each frame

    # -- layout ---------------------------------------------------------------------------------
    def layout(
        self,
        size: tuple[int, int],
        avoid: Sequence[pygame.Rect],
        bottom_reserved: int,
        ctx: LegendContext,
        offset: tuple[int, int] = (0, 0),
        units: Units = UNSCALED,
        spare: Sequence[pygame.Rect] = (),
    ) -> dict[str, pygame.Rect]:
        """Where each piece goes this frame, clear of `avoid` (the HUD, the bar, the panel),
        sized for the screen's `units` (lettering never under its physical minimum); the scale
        bar spares `spare` (places and their names) if any free corner does.

        Under the title: the locator and the legend's button, or, with the legend open, the
        button and its panel (the open legend is asked for, so it comes first, down to
        whatever lies below it, in columns and type that fit). The scale bar takes the
        bottom-left corner, or the next free corner."""
        u = self.units = self.legend.units = units
        w, h = size
        m = u.px(theme.MARGIN)
        ox, oy = offset
        screen = pygame.Rect(0, 0, w, h - bottom_reserved)
        taken = list(avoid)
        rects: dict[str, pygame.Rect] = {}
        lw = self._locator_width(w)
        bw, bh = self.legend.button_size()
        top = max(  # under the title (a unit's panel beside the column does not push it down)
            (r.bottom for r in avoid if r.left < m + ox + bw and r.top < h / 3),
            default=m - u.px(14),
        )
        y = top + u.px(14)
        sw, shh = self._scale_size(ctx.px_per_m)
        gap = u.px(12)
        below = h - bottom_reserved - m - shh + oy
        corners = [(m + ox, below), (w - m - sw + ox, below)]
        corners += [(x, r.top - gap - shh) for r in avoid for x in (m + ox, w - m - sw + ox)]

        def scale_bar() -> None:
            for clear in (spare, ()):
                for x, yy in corners:
                    rect = pygame.Rect(x, yy, sw, shh)
                    free = rect.collidelist(taken) < 0 and rect.collidelist(clear) < 0
                    if screen.contains(rect) and free:
                        rects["scale"] = rect
                        taken.append(rect)
                        return

        if self.legend.open:
            button = pygame.Rect(m + ox, y, bw, bh)
            if screen.contains(button) and button.collidelist(taken) < 0:
                rects["legend.button"] = button
                taken.append(button)
                panel_top = button.bottom + u.px(6)

                def room(width: int) -> int:
                    """How tall a panel of `width` may be under the button: down to whatever
                    lies below it across that width (nothing, if something is beside it)."""
                    floor = screen.bottom - m
                    for r in taken:
                        if r is button or r.right <= m + ox or r.left >= m + ox + width:
                            continue
                        if r.bottom > panel_top:
                            floor = min(floor, r.top - gap if r.top > panel_top else panel_top)
                    return floor - panel_top

                got = self.legend.panel_size(ctx, room, w - 2 * m)
                if got is not None:
                    panel_rect = pygame.Rect((m + ox, panel_top), got)
                    more = pygame.Rect(
                        (m + ox, panel_rect.bottom + u.px(6)), self.legend.more_size()
                    )
                    shown = [panel_rect] + ([more] if self.legend.pages > 1 else [])
                    if all(screen.contains(r) and r.collidelist(taken) < 0 for r in shown):
                        rects["legend.panel"] = panel_rect
                        if self.legend.pages > 1:
                            rects["legend.more"] = more
                        taken += shown
            scale_bar()
            return rects
        scale_bar()
        floor = rects["scale"].top - gap if "scale" in rects else screen.bottom - m
        if self.locator is not None:
            loc = pygame.Rect(m + ox, y, *self.locator.size_for(lw))
            if loc.bottom + gap + bh <= floor and loc.collidelist(taken) < 0:
                rects["locator"] = loc
                taken.append(loc)
                y = loc.bottom + gap
        button = pygame.Rect(m + ox, y, bw, bh)
        if screen.contains(button) and button.collidelist(taken) < 0:
            rects["legend.button"] = button
        return rects

    def _locator_width(self, screen_width: int) -> int:
        """The inset's width: its design width scaled, or wider where its names are held at
        their physical minimum (the map must stay legible round them)."""
        u = self.units
        design = min(LOCATOR_WIDTH, max(180, round(screen_width / u.scale * 0.16)))
        return max(u.px(design), round(design * u.text(LOCATOR_TEXT) / LOCATOR_TEXT))

    def _scale_size(self, px_per_m: float) -> tuple[int, int]:
        u = self.units
        text = u.text(theme.SMALL_SIZE)
        line = self.fonts.line_height("sans", text)
        (mpx, ml), (rpx, rl) = scale_steps(px_per_m, u.px(BAR_MAX_PX), self.fonts.words)
        label = max(self.fonts.size(t, "sans", text)[0] for t in (ml, rl))
        return (u.px(74) + round(max(mpx, rpx, label)), 2 * (line + u.px(12)) + u.px(20))

    # -- drawing --------------------------------------------------------------------------------
    def draw(
        self,
        target: pygame.Surface,
        camera: Camera,
        ctx: LegendContext,
        rects: dict[str, pygame.Rect],
    ) -> dict[str, pygame.Rect]:
        """Draw what `layout` placed; returns every rect drawn (by layout name)."""
        out: dict[str, pygame.Rect] = {}
        if "locator" in rects and self.locator is not None:
            loc = self.locator.surface(rects["locator"].size, self.units)
            target.blit(loc, rects["locator"].topleft)
            out["locator"] = rects["locator"]
        if "scale" in rects:
            self._draw_scale(target, camera.scale, rects["scale"])
            out["scale"] = rects["scale"]
        if "legend.button" in rects:
            out.update(
                self.legend.draw(
                    target,
                    ctx,
                    rects["legend.button"],
                    rects.get("legend.panel"),
                    rects.get("legend.more"),
                )
            )
        return out

    def _draw_scale(self, target: pygame.Surface, px_per_m: float, rect: pygame.Rect) -> None:
        steps = scale_steps(px_per_m, self.units.px(BAR_MAX_PX), self.fonts.words)
        key = (steps, rect.size, self.units)
        if self._scale_cache is None or self._scale_cache[0] != key:
            self._scale_cache = (key, self._paint_scale(steps, rect.size))
        target.blit(self._scale_cache[1], rect.topleft)

    def _paint_scale(self, steps, size: tuple[int, int]) -> pygame.Surface:
        """The scale bar and north arrow on their translucent panel (cached per scale)."""
        u = self.units
        surf = pygame.Surface(size, pygame.SRCALPHA)
        surf.fill((*theme.PANEL, theme.PANEL_ALPHA))
        rect = surf.get_rect()
        pygame.draw.rect(surf, theme.PANEL_EDGE, rect, width=u.px(1), border_radius=u.px(2))
        # The north arrow: the map's north is straight up.
        text = u.text(theme.SMALL_SIZE)
        n = self.fonts.render(self.fonts.t(STRINGS["north"]), "serif-bold", text, theme.GOLD)
        ax, ay, half = u.px(30), u.px(16), u.px(10)
        ah = rect.height - ay - n.get_height() - u.px(4)
        pygame.draw.polygon(surf, theme.INK, [(ax, ay), (ax - half, ay + ah), (ax, ay + ah - half)])
        pygame.draw.polygon(
            surf, theme.INK, [(ax, ay), (ax + half, ay + ah), (ax, ay + ah - half)], width=u.px(2)
        )
        surf.blit(n, n.get_rect(midtop=(ax, ay + ah + u.px(2))))
        line = self.fonts.line_height("sans", text)
        x, y = u.px(56), u.px(12)
        for length, label in steps:
            _bar(surf, x, y + line + u.px(2), length, u.px(8))
            surf.blit(self.fonts.render(label, "sans", text, theme.INK), (x, y))
            y += line + u.px(18)
        return surf

    # -- the legend's scale block ---------------------------------------------------------------
    def legend_entries(self, ctx: LegendContext) -> list[LegendEntry]:
        n = ctx.men_per_dot
        t = self.fonts.t
        label = (
            t(STRINGS["dot_one"])
            if n == 1
            else t(STRINGS["dot_many"]).format(n=self.fonts.words.number(n))
        )
        colours = self.side_colours or [theme.INK]

        def dots(surf: pygame.Surface, rect: pygame.Rect) -> None:
            for k, c in enumerate(colours[:2]):
                for j in range(3):
                    pygame.draw.circle(surf, c, (rect.x + 8 + 12 * j, rect.y + 7 + 10 * k), 3)

        def bar(surf: pygame.Surface, rect: pygame.Rect) -> None:
            _bar(surf, rect.x + 2, rect.y + 8, rect.width - 4)

        out = [
            LegendEntry(label, dots, STRINGS["group_scale"], key="scale.dot"),
            LegendEntry(STRINGS["scale_entry"], bar, STRINGS["group_scale"], key="scale.bar"),
        ]
        if self.locator is not None:
            out += [
                LegendEntry(
                    STRINGS["frontier_entry"],
                    frontier_swatch,
                    STRINGS["group_inset"],
                    key="inset.frontier",
                ),
                LegendEntry(
                    STRINGS["battle_entry"],
                    battle_swatch,
                    STRINGS["group_inset"],
                    key="inset.battle",
                ),
            ]
        return out


def _bar(target: pygame.Surface, x: float, y: float, length: float, height: int = 8) -> None:
    """A chequered bar in quarters, dark and light, with end ticks: reads on any ground."""
    x, y, length = round(x), round(y), max(4, round(length))
    for k in range(4):
        a = x + round(length * k / 4)
        b = x + round(length * (k + 1) / 4)
        pygame.draw.rect(target, theme.INK if k % 2 == 0 else (60, 58, 54), (a, y, b - a, height))
    pygame.draw.rect(target, theme.INK, (x, y, length, height), width=1)
