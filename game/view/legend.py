"""The legend: what every mark on the map means, collected from the layers that draw them.

Each layer module that draws marks offers `legend_entries(context) -> list[LegendEntry]` (a
swatch painter and a label, under a group heading): the terrain gives places, water and
relief, the men give what one dot stands for, the story layers give blocks, arrows, ghosts and
event numbers, the reconstruction layer its hatching. `Legend` only gathers them, in the order
the sources are given, and draws them as one collapsible panel; it knows no mark itself.

The panel is painted once per (entries, open) and cached, so a frame costs one blit. Closed,
it is a single button ("Legend") the size of a thumb; the L key and a tap on it toggle it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame

from game.view import theme
from game.view.fonts import Fonts
from game.view.hud import panel

STRINGS = {
    "button_closed": "Legend  ▸",
    "button_open": "Legend  ▾",
}
"""Every visible string of this module, in one place (for a catalogue later)."""

SWATCH = (48, 24)
"""A swatch is 48 x 24 px: wide enough for a line sign, a tuft or a bar with its ends."""
ROW_GAP = 8
PAD = 18
WIDTH = 400
BUTTON_HEIGHT = 52
"""The closed legend's button: as tall as the timeline's speed chips, a thumb's width."""

Swatch = Callable[[pygame.Surface, pygame.Rect], None]


@dataclass(frozen=True)
class LegendContext:
    """What a layer may need to word its entries for the frame shown."""

    men_per_dot: int  # men each simulated soldier stands for (the run's --scale)
    px_per_m: float  # the camera's scale
    dark: bool = False  # the map is in its night light


@dataclass(frozen=True)
class LegendEntry:
    label: str
    swatch: Swatch
    group: str = ""
    key: str = ""  # identifies the entry across frames (cache key); defaults to the label

    @property
    def ident(self) -> str:
        return self.key or self.label


EntrySource = Callable[[LegendContext], Sequence[LegendEntry]]


class Legend:
    def __init__(self, fonts: Fonts, sources: Sequence[EntrySource] = ()):
        self.fonts = fonts
        self.max_columns = 3  # how many columns the panel may spread over (set by the layout)
        self.sources: list[EntrySource] = list(sources)
        self.open = False
        self._cache: tuple[tuple, pygame.Surface] | None = None
        self._shown: pygame.Surface | None = None
        self._button: tuple[tuple, pygame.Surface] | None = None

    def entries(self, ctx: LegendContext) -> list[LegendEntry]:
        out: list[LegendEntry] = []
        for source in self.sources:
            out.extend(source(ctx))
        return out

    def toggle(self) -> None:
        self.open = not self.open

    # -- layout and drawing ---------------------------------------------------------------------
    def button_size(self) -> tuple[int, int]:
        text = self._button_text()
        return (max(200, text.get_width() + 2 * PAD), BUTTON_HEIGHT)

    def panel_surface(self, ctx: LegendContext, max_height: int) -> pygame.Surface:
        """The open panel (entries under their headings, in as many columns as `max_height`
        needs), cached while the entries and the room stay the same."""
        entries = self.entries(ctx)
        key = (tuple((e.group, e.ident, e.label) for e in entries), max_height, self.max_columns)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        surf = self._paint(entries, max_height)
        self._cache = (key, surf)
        return surf

    def draw(
        self,
        target: pygame.Surface,
        ctx: LegendContext,
        button: pygame.Rect,
        panel_rect: pygame.Rect | None,
    ) -> dict[str, pygame.Rect]:
        """Draw the button and, when open, the panel in `panel_rect` (from `panel_size`).
        Returns the rects drawn, by layout name."""
        rects = {"legend.button": button}
        if self.open and panel_rect is not None:
            body = self._shown if self._shown is not None else self.panel_surface(ctx, 10**6)
            panel(target, panel_rect)
            target.blit(body, panel_rect.topleft)
            rects["legend.panel"] = panel_rect
        self._draw_button(target, button)
        return rects

    def panel_size(self, ctx: LegendContext, max_height: int) -> tuple[int, int] | None:
        """The open panel's size within `max_height`, or None if even two columns won't do."""
        if max_height < 4 * PAD:
            return None
        surf = self.panel_surface(ctx, max_height)
        if surf.get_height() > max_height:
            return None
        self._shown = surf  # what `draw` will show in the rect laid out from this size
        return surf.get_size()

    def _button_text(self) -> pygame.Surface:
        label = STRINGS["button_open" if self.open else "button_closed"]
        return self.fonts.render(label, "sans-bold", theme.SMALL_SIZE + 3, theme.INK)

    def _draw_button(self, target: pygame.Surface, rect: pygame.Rect) -> None:
        panel(target, rect)
        pygame.draw.rect(
            target, theme.GOLD if self.open else theme.PANEL_EDGE, rect, width=2, border_radius=6
        )
        text = self._button_text()
        target.blit(text, text.get_rect(center=rect.center))

    def _paint(self, entries: list[LegendEntry], max_height: int) -> pygame.Surface:
        heading_font = ("serif-italic", theme.SMALL_SIZE + 3)
        label_font = ("sans", theme.SMALL_SIZE)
        line_h = self.fonts.line_height(*label_font)
        head_h = self.fonts.line_height(*heading_font) + 2
        text_w = WIDTH - 3 * PAD - SWATCH[0]
        # Blocks: a heading with its entries, kept together in one column.
        blocks: list[list[tuple[str, object, int]]] = []
        group = None
        for e in entries:
            if e.group != group or not blocks:
                group = e.group
                blocks.append([("heading", group, head_h)] if group else [])
            lines = self.fonts.wrap(e.label, *label_font, text_w)[:3]
            h = max(SWATCH[1], len(lines) * line_h) + ROW_GAP
            blocks[-1].append(("entry", (e, lines), h))
        heights = [sum(h for *_, h in b) for b in blocks]
        room = max_height - 2 * PAD
        columns = _columns(heights, room, self.max_columns)
        tall = max(sum(heights[n] for n in col) for col in columns)
        surf = pygame.Surface((WIDTH * len(columns), tall + 2 * PAD - ROW_GAP), pygame.SRCALPHA)
        for c, col in enumerate(columns):
            x0, y = c * WIDTH, PAD
            for n in col:
                for kind, item, h in blocks[n]:
                    if kind == "heading":
                        surf.blit(
                            self.fonts.render(str(item), *heading_font, theme.GOLD), (x0 + PAD, y)
                        )
                    else:
                        e, lines = item  # type: ignore[misc]
                        sw = pygame.Rect(x0 + PAD, y + 1, *SWATCH)
                        surf.set_clip(sw)
                        e.swatch(surf, sw)
                        surf.set_clip(None)
                        for k, line in enumerate(lines):
                            text = self.fonts.render(line, *label_font, theme.INK)
                            surf.blit(text, (sw.right + PAD, y + k * line_h))
                    y += h
        return surf


def _columns(heights: list[int], room: int, most: int) -> list[list[int]]:
    """Split blocks (in order) into the fewest columns, up to `most`, whose tallest fits
    `room`; among splits into that many, the most even. If none fits, the most even in `most`."""
    n = len(heights)
    best: list[list[int]] | None = None
    for k in range(1, min(most, max(n, 1)) + 1):
        splits = itertools.combinations(range(1, n), k - 1)
        options = []
        for cut in splits:
            bounds = (0, *cut, n)
            cols = [list(range(a, b)) for a, b in itertools.pairwise(bounds)]
            options.append((max(sum(heights[i] for i in c) for c in cols), cols))
        if not options:
            continue
        tall, cols = min(options, key=lambda o: o[0])
        best = cols
        if tall <= room:
            return cols
    return best or [list(range(n))]
