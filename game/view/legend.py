"""The legend: what every mark on the map means, collected from the layers that draw them.

Each layer module that draws marks offers `legend_entries(context) -> list[LegendEntry]` (a
swatch painter and a label, under a group heading): the terrain gives places, water and
relief, the men give what one dot stands for, the story layers give blocks, arrows, ghosts and
event numbers, the reconstruction layer its hatching. `Legend` only gathers them, in the order
the sources are given, and draws them as one collapsible panel; it knows no mark itself.

Sized for the screen (`Units`): the text at its design size scaled, never under the physical
minimum. An open legend always finds room if it can: in more columns, then with a group carried
on into the next column (its heading repeated), then in smaller type down to the minimum, and
only then over pages, turned by a "More" button under the panel. Swatches are painted at their
design size and scaled, so a layer's painter never needs to know the screen. The panel is
painted once per (entries, room, units) and cached, so a frame costs one blit. Closed, it is a
single button ("Legend") at least a fingertip tall; the L key and a tap on it toggle it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame

from game.lang.words import N_
from game.view import theme
from game.view.fonts import Fonts
from game.view.hud import Shades, panel
from game.view.units import UNSCALED, Units

STRINGS = {
    "button_closed": N_("Legend  ▸"),
    "button_open": N_("Legend  ▾"),
    "more": N_("More  {page}/{pages}  ▸"),
}
"""Every visible string of this module, in one place (for a catalogue later)."""

SWATCH = (48, 24)
"""A swatch is 48 x 24 design px: wide enough for a line sign, a tuft or a bar with its ends."""
ROW_GAP = 8
PAD = 18
WIDTH = 400
"""One column's width in design px at the design text size (it narrows with smaller type)."""
MOST_COLUMNS = 4
BUTTON_HEIGHT = 52
"""The closed legend's button: as tall as the timeline's speed chips, a thumb's width."""
BUTTON_WIDTH = 200

Swatch = Callable[[pygame.Surface, pygame.Rect], None]
Room = int | Callable[[int], int]
"""The height a panel may take: a number, or a function of the panel's width."""


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


@dataclass(frozen=True)
class Metrics:
    """The panel's sizes for one text size (everything else scales with it)."""

    text: int
    heading: int
    pad: int
    gap: int
    width: int
    swatch: tuple[int, int]

    @classmethod
    def at(cls, text: int) -> Metrics:
        f = text / theme.SMALL_SIZE
        return cls(
            text,
            max(text, round((theme.SMALL_SIZE + 3) * f)),
            round(PAD * f),
            max(2, round(ROW_GAP * f)),
            round(WIDTH * f),
            (round(SWATCH[0] * f), round(SWATCH[1] * f)),
        )


@dataclass(frozen=True)
class Row:
    """One entry as set: its group's index, its label's lines and its height."""

    group: int
    entry: LegendEntry
    lines: tuple[str, ...]
    height: int


class Legend:
    def __init__(self, fonts: Fonts, sources: Sequence[EntrySource] = ()):
        self.fonts = fonts
        self.sources: list[EntrySource] = list(sources)
        self.open = False
        self.page = 0  # the page shown when the legend needs more than one (any int: wraps)
        self.pages = 1  # how many it needs this frame (set by `panel_size`)
        self.units: Units = UNSCALED  # the screen's, set by the layout each frame
        self._cache: tuple[tuple, list[pygame.Surface]] | None = None
        self._shown: pygame.Surface | None = None
        self._shades = Shades(8)  # the panel's and buttons' grounds, by size

    def entries(self, ctx: LegendContext) -> list[LegendEntry]:
        out: list[LegendEntry] = []
        for source in self.sources:
            out.extend(source(ctx))
        return out

    def toggle(self) -> None:
        self.open = not self.open

    # -- layout and drawing ---------------------------------------------------------------------
    def button_size(self) -> tuple[int, int]:
        u = self.units
        text = self._button_text()
        return (
            max(u.px(BUTTON_WIDTH), text.get_width() + 2 * u.px(PAD)),
            max(u.target(BUTTON_HEIGHT), text.get_height() + u.px(12)),
        )

    def more_size(self) -> tuple[int, int]:
        """The "More" button under a legend of several pages."""
        u = self.units
        text = self._more_text()
        return (text.get_width() + 2 * u.px(PAD), max(u.target(BUTTON_HEIGHT), text.get_height()))

    def panel_size(
        self, ctx: LegendContext, room: Room, max_width: int | None = None
    ) -> tuple[int, int] | None:
        """The open panel's size within `room` (a height, or a function of the width) and
        `max_width`, or None if it fits nowhere even in the smallest readable type. When it
        needs pages (`pages` > 1), the room keeps the "More" button's height free below it."""
        pages = self.panel_pages(ctx, room, max_width)
        self.pages = max(1, len(pages))
        if not pages:
            return None
        self._shown = pages[self.page % len(pages)]  # what `draw` shows in the rect laid out
        return self._shown.get_size()

    def panel_pages(
        self, ctx: LegendContext, room: Room, max_width: int | None = None
    ) -> list[pygame.Surface]:
        """The open panel set to fit (a surface a page), cached while the entries, the room
        and the units stay the same."""
        entries = self.entries(ctx)
        most = max_width if max_width is not None else MOST_COLUMNS * self.units.px(WIDTH)
        heights = room if isinstance(room, int) else tuple(room(w) for w in self._widths(most))
        entry_keys = tuple((e.group, e.ident, e.label) for e in entries)
        key = (entry_keys, heights, most, self.units, self.fonts.words.code)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        fit = self._fit(entries, room, most)
        pages = [] if fit is None else [self._paint(fit[0], fit[1], cols) for cols in fit[2]]
        self._cache = (key, pages)
        return pages

    def draw(
        self,
        target: pygame.Surface,
        ctx: LegendContext,
        button: pygame.Rect,
        panel_rect: pygame.Rect | None,
        more: pygame.Rect | None = None,
    ) -> dict[str, pygame.Rect]:
        """Draw the button and, when open, the panel in `panel_rect` (from `panel_size`) and
        the "More" button in `more` if it has pages. Returns the rects drawn, by layout name."""
        rects = {"legend.button": button}
        if self.open and panel_rect is not None and self._shown is not None:
            panel(target, panel_rect, self._shades)
            target.blit(self._shown, panel_rect.topleft)
            rects["legend.panel"] = panel_rect
            if more is not None and self.pages > 1:
                self._draw_button(target, more, self._more_text())
                rects["legend.more"] = more
        self._draw_button(target, button, self._button_text())
        return rects

    # -- fitting --------------------------------------------------------------------------------
    def _sizes(self) -> range:
        """Text sizes to try, largest first: the design size scaled down to the minimum."""
        u = self.units
        return range(u.text(theme.SMALL_SIZE), u.min_text_px - 1, -1)

    def _widths(self, most: int) -> list[int]:
        """Every panel width `_fit` may ask the room for."""
        out = []
        for t in self._sizes():
            w = Metrics.at(t).width
            out += [k * w for k in range(1, MOST_COLUMNS + 1) if k * w <= most]
        return sorted(set(out))

    def _fit(self, entries: list[LegendEntry], room: Room, most: int):
        """(metrics, rows, pages of columns) of the largest type that fits on one page: whole
        groups to a column before a group is carried on, fewest columns first; else pages in
        the smallest type, as many columns a page as the width takes. None if nothing fits."""
        for t in self._sizes():
            m = Metrics.at(t)
            rows = self._rows(entries, m)
            head = self.fonts.line_height("serif-italic", m.heading) + 2
            for whole in (True, False):
                for k in range(1, MOST_COLUMNS + 1):
                    width = k * m.width
                    if width > most:
                        break
                    height = room if isinstance(room, int) else room(width)
                    cols = _columns(rows, head, height - 2 * m.pad + m.gap, k, whole)
                    if cols is not None:
                        return m, rows, [cols]
        k = min(MOST_COLUMNS, most // m.width)
        width_room = room if isinstance(room, int) else room(max(1, k) * m.width)
        height = width_room - self._more_room() - 2 * m.pad + m.gap
        if k == 0 or height <= 0:
            return None
        for whole in (True, False):
            cols = _columns(rows, head, height, len(rows), whole)
            if cols is not None:
                return m, rows, [cols[i : i + k] for i in range(0, len(cols), k)]
        return None

    def _more_room(self) -> int:
        return self.more_size()[1] + self.units.px(6)

    def _rows(self, entries: list[LegendEntry], m: Metrics) -> list[Row]:
        line_h = self.fonts.line_height("sans", m.text)
        text_w = m.width - 3 * m.pad - m.swatch[0]
        rows, groups = [], []
        for e in entries:
            if not groups or groups[-1] != e.group:
                groups.append(e.group)
            lines = tuple(self.fonts.wrap(self.fonts.t(e.label), "sans", m.text, text_w)[:3])
            rows.append(
                Row(len(groups) - 1, e, lines, max(m.swatch[1], len(lines) * line_h) + m.gap)
            )
        return rows

    # -- painting -------------------------------------------------------------------------------
    def _more_text(self) -> pygame.Surface:
        words = self.fonts.words
        label = self.fonts.t(STRINGS["more"]).format(
            page=words.number(self.page % self.pages + 1), pages=words.number(self.pages)
        )
        return self.fonts.render(label, "sans-bold", self.units.text(theme.SMALL_SIZE), theme.INK)

    def _button_text(self) -> pygame.Surface:
        label = self.fonts.t(STRINGS["button_open" if self.open else "button_closed"])
        return self.fonts.render(
            label, "sans-bold", self.units.text(theme.SMALL_SIZE + 3), theme.INK
        )

    def _draw_button(self, target: pygame.Surface, rect: pygame.Rect, text: pygame.Surface) -> None:
        panel(target, rect, self._shades)
        pygame.draw.rect(
            target,
            theme.GOLD if self.open else theme.PANEL_EDGE,
            rect,
            width=max(2, self.units.px(2)),
            border_radius=self.units.px(6),
        )
        target.blit(text, text.get_rect(center=rect.center))

    def _paint(self, m: Metrics, rows: list[Row], columns: list[range]) -> pygame.Surface:
        head_h = self.fonts.line_height("serif-italic", m.heading) + 2
        line_h = self.fonts.line_height("sans", m.text)
        tall = max(_height(rows, c, head_h) for c in columns)
        surf = pygame.Surface((m.width * len(columns), tall + 2 * m.pad - m.gap), pygame.SRCALPHA)
        for c, col in enumerate(columns):
            x0, y = c * m.width, m.pad
            for i in col:
                row = rows[i]
                if _heads(rows, col, i) and row.entry.group:
                    heading = self.fonts.render(
                        self.fonts.t(row.entry.group), "serif-italic", m.heading, theme.GOLD
                    )
                    surf.blit(heading, (x0 + m.pad, y))
                    y += head_h
                sw = pygame.Rect(x0 + m.pad, y + 1, *m.swatch)
                surf.blit(_swatch(row.entry.swatch, m.swatch), sw)
                for k, line in enumerate(row.lines):
                    text = self.fonts.render(line, "sans", m.text, theme.INK)
                    surf.blit(text, (sw.right + m.pad, y + k * line_h))
                y += row.height

        return surf


def _swatch(painter: Swatch, size: tuple[int, int]) -> pygame.Surface:
    """A layer's swatch painted at its design size, then scaled to this screen's."""
    design = pygame.Surface(SWATCH, pygame.SRCALPHA)
    painter(design, design.get_rect())
    return design if size == SWATCH else pygame.transform.smoothscale(design, size)


def _heads(rows: list[Row], col: range, i: int) -> bool:
    """Whether row `i` opens a group in its column (a new group, or one carried on)."""
    return i == col.start or rows[i - 1].group != rows[i].group


def _height(rows: list[Row], col: range, head_h: int) -> int:
    return sum(
        rows[i].height + (head_h if rows[i].entry.group and _heads(rows, col, i) else 0)
        for i in col
    )


def _columns(rows: list[Row], head_h: int, room: int, most: int, whole: bool) -> list[range] | None:
    """Split the rows (in order) into at most `most` columns no taller than `room`, as even as
    can be: the least height they fit into, by bisection over a greedy fill (which needs the
    fewest columns for a height). `whole`: cut only where a group begins."""
    n = len(rows)
    if n == 0:
        return [range(0)]
    opens = [i == 0 or rows[i].group != rows[i - 1].group for i in range(n)]
    cuts = [i for i in range(1, n) if opens[i] or not whole] + [n]
    base, heads = [0], [0]
    for i, r in enumerate(rows):
        base.append(base[-1] + r.height)
        heads.append(heads[-1] + (head_h if opens[i] and r.entry.group else 0))

    def tall(s: int, e: int) -> int:
        carried = head_h if rows[s].entry.group and not opens[s] else 0
        return base[e] - base[s] + heads[e] - heads[s] + carried

    def fill(limit: int) -> list[range] | None:
        cols, start = [], 0
        while start < n:
            fits = [e for e in cuts if e > start and tall(start, e) <= limit]
            if not fits or len(cols) == most:
                return None
            cols.append(range(start, fits[-1]))
            start = fits[-1]
        return cols

    fewest = fill(room)
    if fewest is None:
        return None
    most = len(fewest)  # as many as needed, no more: then as even as they can be
    lo, hi = 1, room
    while lo < hi:
        mid = (lo + hi) // 2
        if fill(mid) is None:
            lo = mid + 1
        else:
            hi = mid
    return fill(lo)
