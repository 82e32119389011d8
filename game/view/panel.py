"""The unit panel, drawn: a header, then who these men are and what the sources say on the left,
the numbers, bars and strength chart on the right, and its buttons.

The values come from `game.view.panel_data`; `draw_panel` lays them out in a box and returns
its parts for the frame's layout. Sizes are design px scaled by `units` (see `theme`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.lang.words import N_
from game.view import theme
from game.view.chart import Series, draw_chart
from game.view.fonts import Fonts
from game.view.history import StrengthHistory
from game.view.panel_data import PanelData
from game.view.patterns import paint_swatch
from game.view.units import UNSCALED, Units
from game.view.whisker import draw_whisker, whisker_title

MODEL_KILLED = N_("Killed (model)")
MORE = N_("More  {page}/{pages}  ▸")  # the next page of a panel paged on a small screen
MODEL_NOTE = N_("Killed and fled are this run's count by the model, not figures from the sources.")
WHISKER_HEIGHT = 52

PANEL_WIDTH = 1000
COLUMN_GAP = 36
PAD = 24
GAP = 8  # G9: >= 8 px between hit targets
CHART_HEIGHT = 150
BESIDE = "beside"  # `chart`: in a third column (True: under the numbers)


@dataclass(frozen=True)
class PanelContent:
    """Everything the panel shows: its values, the strength history and the chart's series over
    the day (`end_seconds`, up to `playhead`, with the day's first and last times)."""

    data: PanelData
    history: StrengthHistory
    series: list[Series]
    end_seconds: float
    playhead: float
    time_labels: tuple[str, str]


@dataclass
class PanelButtons:
    """The panel's parts on screen: its two buttons, and the leaves of the frame's layout."""

    close: pygame.Rect
    follow: pygame.Rect
    heading: pygame.Rect | None = None
    body: pygame.Rect | None = None
    keys: pygame.Rect | None = None
    swatch: pygame.Rect | None = None  # the side's colour beside the name
    more: pygame.Rect | None = None  # the next page's button, where the columns are paged
    hidden: int = 0  # lines and parts cut for want of room (none, where the panel fits)
    pages: int = 1

    def leaves(self) -> list[tuple[str, pygame.Rect]]:
        parts = (
            ("panel.heading", self.heading),
            ("panel.close", self.close),
            ("panel.body", self.body),
            ("panel.follow", self.follow),
            ("panel.keys", self.keys),
            ("panel.swatch", self.swatch),
            ("panel.more", self.more),
        )
        return [(n, r) for n, r in parts if r is not None]


class _Cursor:
    """Lays out lines top to bottom; `draw=False` only measures."""

    def __init__(
        self,
        target: pygame.Surface,
        fonts: Fonts,
        x: int,
        y: int,
        width: int,
        draw: bool,
        units: Units = UNSCALED,
    ):
        self.t, self.fonts, self.x, self.y, self.w, self.draw = target, fonts, x, y, width, draw
        self.u = units
        self.swatch: pygame.Rect | None = None  # the header's side colour, where drawn
        self.head_span = (x, width)  # the header's text: its x and width

        self.top, self.page_h = y, None  # a page's height (None: all on one page)
        self.page = self.on_page = 0  # the page drawn; the page the next part goes on
        self.hidden = 0  # lines and parts drawn but cut for want of room (should be none)
        self.pages = 1  # the pages the columns under the header take

    def part(self, h: int) -> bool:
        """Make room for a part `h` px high (a line, the numbers, a bar): on the next page if
        this one is full. True if it is drawn (on the page shown) whole; a part cut by the
        panel's bottom is counted in `hidden`."""
        if self.page_h is not None and self.y > self.top and self.y + h > self.top + self.page_h:
            self.on_page, self.y = self.on_page + 1, self.top
        if not self.draw or self.on_page != self.page:
            return False
        if self.y + h > self.t.get_clip().bottom:
            self.hidden += 1
            return False
        return True

    def text(
        self, text: str, face: str, size: int, colour, indent: int = 0, after: int = 2
    ) -> None:
        for line in self.fonts.wrap(text, face, size, self.w - indent):
            surf = self.fonts.render(line, face, size, colour)
            if self.part(surf.get_height()):  # whole lines, never cut
                x = self.fonts.line_x(self.x, self.w, surf.get_width(), indent)
                self.t.blit(surf, (x, self.y))
            self.y += surf.get_height()
        self.y += after

    def rule(self) -> None:
        if self.part(self.u.px(16)) and self.y > self.top:
            y = self.y + self.u.px(6)
            pygame.draw.line(self.t, theme.PANEL_EDGE, (self.x, y), (self.x + self.w, y))
        self.y += self.u.px(16)


def _pct(v: float) -> str:
    return f"{round(v * 100):d}%"


def _bar(target, rect: pygame.Rect, frac: float, colour, from_right: bool = False) -> None:
    """A gauge filled to `frac`: from the reading side (the right in Arabic and Persian)."""
    pygame.draw.rect(target, theme.BAR_GROUND, rect, border_radius=4)
    fill = rect.copy()
    fill.width = round(rect.width * min(max(frac, 0.0), 1.0))
    if from_right:
        fill.right = rect.right
    if fill.width > 0:
        pygame.draw.rect(target, colour, fill, border_radius=4)
    pygame.draw.rect(target, theme.PANEL_EDGE, rect, width=1, border_radius=4)


def button(
    target: pygame.Surface,
    fonts: Fonts,
    rect: pygame.Rect,
    label: str,
    active: bool = False,
    units: Units = UNSCALED,
) -> None:
    """A flat, high-contrast button; an active toggle is gold with dark ink."""
    ground = theme.BUTTON_ACTIVE if active else theme.BUTTON_GROUND
    ink = theme.BUTTON_ACTIVE_INK if active else theme.INK
    pygame.draw.rect(target, ground, rect, border_radius=units.px(8))
    pygame.draw.rect(target, theme.GOLD, rect, width=2, border_radius=units.px(8))
    surf = fonts.render(label, "sans-bold", units.text(theme.BODY_SIZE), ink)
    target.blit(surf, surf.get_rect(center=rect.center))


def _content(
    c: _Cursor,
    content: PanelContent,
    highlight_commander: int,
    chart: bool | str,
    notes: bool = True,
    page: int | None = None,
) -> int:
    """Header across the top; then who they are and what the sources say on the left, the
    numbers, the bars and the chart on the right (`chart`, the commanders' `notes`: left out
    where the screen is too small). `page`: the columns are paged to the target's clip, and
    this page of them is drawn. Leaves `c.y` under the taller column (`c.pages` the pages
    they take); returns the header's bottom."""
    fonts, u, d = c.fonts, c.u, content.data
    t = fonts.t
    body, small = u.text(theme.BODY_SIZE), u.text(theme.SMALL_SIZE)
    # Header: name and side (the close button sits to the right)
    b = u.target(theme.BUTTON_SIZE)
    swatch = u.px(26)  # the side's colour, before the name: right of it in Arabic and Persian
    room = c.w - swatch - b - u.px(GAP)
    head = _Cursor(c.t, fonts, c.x if fonts.rtl else c.x + swatch, c.y, room, c.draw, u)
    if c.draw:
        bar = pygame.Rect(
            fonts.line_x(c.x, room + swatch, u.px(14)), c.y + u.px(6), u.px(14), u.px(34)
        )
        paint_swatch(c.t, bar, d.side_colour, d.side_pattern)
        c.swatch = bar
    c.head_span = (head.x, head.w)
    head.text(d.name, "serif-bold", u.text(theme.PANEL_NAME_SIZE), theme.GOLD, after=0)
    if notes:
        head.text(f"{d.side} · {d.troops}", "sans", body, theme.INK_DIM)
    else:  # a netbook: what they are doing now goes up where it is always seen
        now = t(N_("Now: {doing}")).format(doing=d.doing)
        head.text(f"{d.side} · {now}", "sans-bold", body, theme.INK)
    c.y = max(head.y, c.y + b)
    heading_bottom = c.y
    c.rule()
    top = c.y
    gap = u.px(COLUMN_GAP)
    n_cols = 3 if chart == BESIDE else 2  # (a wide panel: the chart in a column of its own)
    col_w = (c.w - (n_cols - 1) * gap) // n_cols
    # who they are first, where a reader starts: on the right in Arabic and Persian
    xs = [fonts.line_x(c.x, c.w, col_w, k * (col_w + gap)) for k in range(n_cols)]
    left = _Cursor(c.t, fonts, xs[0], top, col_w, c.draw, u)
    right = _Cursor(c.t, fonts, xs[1], top, col_w, c.draw, u)
    if page is not None:  # a page of each column at a time, as deep as the panel's body
        for col in (left, right):
            col.page, col.page_h = page, c.t.get_clip().bottom - top

    # Left: arms, commanders, what the sources say
    left.text(d.arms, "sans", body, theme.INK, after=u.px(4))
    left.rule()
    if d.commanders:
        for k, cm in enumerate(d.commanders):
            colour = theme.GOLD if k == highlight_commander else theme.INK
            fallen = cm.name if cm.on_field else t(N_("{name} (fallen or gone)"))
            left.text(fallen.format(name=cm.name), "sans-bold", body, colour, after=0)
            left.text(cm.title, "sans", small, theme.INK_DIM, after=0 if notes else u.px(8))
            if notes:
                left.text(cm.note, "sans", small, theme.INK, indent=u.px(18), after=u.px(8))
    else:
        left.text(t(N_("No commander is named in the sources.")), "sans", body, theme.INK_DIM)
    left.rule()
    left.text(d.about, "serif", u.text(theme.BODY_SIZE - 1), theme.INK, after=u.px(4))
    left.text(f"— {d.citation}", "serif-italic", small, theme.INK_DIM, after=0)

    # Right: start (with the sources' range), now, killed, fled
    n = fonts.words.number
    cols = (
        (t(N_("At the start")), n(d.men_start)),
        (t(N_("On the field")), n(d.men_now)),
        (t(MODEL_KILLED), n(d.killed)),
        (t(N_("Fled")), n(d.fled)),
    )
    cell = right.w // 2
    number = u.text(theme.NUMBER_SIZE)
    row_h = fonts.line_height("sans", small) + fonts.line_height("sans-bold", number)
    for row in range(2):  # two rows of two cells, each row a part (a page may end between)
        on = right.part(row_h + u.px(4))
        for k in (2 * row, 2 * row + 1):
            lab = fonts.render(cols[k][0], "sans", small, theme.INK_DIM)
            val = fonts.render(cols[k][1], "sans-bold", number, theme.INK)
            x = fonts.line_x(right.x, right.w, cell, (k % 2) * cell)  # mirrored right to left
            if on:
                c.t.blit(lab, (fonts.line_x(x, cell, lab.get_width()), right.y))
                c.t.blit(
                    val,
                    (fonts.line_x(x + 2, cell - 4, val.get_width()), right.y + lab.get_height()),
                )
        right.y += row_h + u.px(4)
    if notes:  # (a netbook's panel keeps the "(model)" in the label for it)
        right.text(t(MODEL_NOTE), "sans", small, theme.INK_DIM, after=u.px(6))
    plain = N_("our reconstruction") if d.reconstruction else N_("from the sources")
    tag = d.strength_tag or t(plain)
    title = whisker_title(d.range_lo, d.range_hi, tag, fonts.words)
    right.text(title, "sans", small, theme.INK, after=0)
    # the line a third down, its "this run" label 10 px under: room for the label's type
    whisker_h = max(u.px(WHISKER_HEIGHT), round(1.5 * (fonts.line_height("sans", small) + 10)))
    if right.part(whisker_h):
        box = pygame.Rect(right.x, right.y, right.w, whisker_h)
        draw_whisker(c.t, box, d.range_lo, d.range_hi, d.men_start, fonts, small)
    right.y += whisker_h + u.px(4)
    if d.spread:
        right.text(d.spread, "sans", small, theme.INK, after=u.px(10))
    else:
        right.y += u.px(6)

    # Morale and fatigue bars, side by side
    half = (right.w - u.px(20)) // 2
    on = right.part(fonts.line_height("sans", small) + u.px(18))
    for k, (label, frac, colour) in enumerate(
        ((N_("Morale"), d.morale, theme.GOLD), (N_("Fatigue"), d.fatigue, theme.INK_DIM))
    ):
        lab = fonts.render(f"{t(label)} {fonts.words.percent(frac)}", "sans", small, theme.INK)
        x = fonts.line_x(right.x, right.w, half, k * (half + u.px(20)))  # mirrored right to left
        if on:
            c.t.blit(lab, (fonts.line_x(x, half, lab.get_width()), right.y))
            bar = pygame.Rect(x, right.y + lab.get_height() + 2, half, u.px(16))
            _bar(c.t, bar, frac, colour, from_right=fonts.rtl)
    right.y += fonts.line_height("sans", small) + u.px(28)
    if notes:
        right.text(
            t(N_("Now: {doing}")).format(doing=d.doing), "sans-bold", body, theme.INK, after=0
        )
    right.text(d.order, "sans", small, theme.INK_DIM, after=u.px(10) if chart is True else 0)

    # Strength over time, up to the playhead: under the numbers, or beside them in a third
    # column (`chart` BESIDE); left out where the screen is too small for it
    if chart:
        under = _Cursor(c.t, fonts, xs[2], top, col_w, c.draw, u) if chart == BESIDE else right
        under.text(t(N_("Men on the field")), "sans", small, theme.INK_DIM, after=0)
        chart_h = max(u.px(CHART_HEIGHT), 7 * round(small * 1.2))  # 3 scale marks, times, legend
        if under.part(chart_h + u.px(4)):
            draw_chart(
                c.t,
                pygame.Rect(under.x, under.y + u.px(4), under.w, chart_h),
                fonts,
                content.history,
                content.series,
                content.end_seconds,
                content.playhead,
                content.time_labels,
                u,
            )
        under.y += chart_h + u.px(8)
        c.y = max(c.y, under.y)
    c.y = max(c.y, left.y, right.y)
    c.pages = max(left.on_page, right.on_page) + 1
    c.hidden += left.hidden + right.hidden + head.hidden
    return heading_bottom


def panel_width(units: Units, room: int) -> int:
    """The panel's width: its design width scaled, within `room` (the screen less margins)."""
    return min(units.px(PANEL_WIDTH), room)


def panel_height(
    fonts: Fonts,
    content: PanelContent,
    units: Units = UNSCALED,
    width: int | None = None,
    chart: bool | str = True,
    notes: bool = True,
) -> int:
    """The height the panel's content needs at `width` (default: its design width)."""
    width = units.px(PANEL_WIDTH) if width is None else width
    pad = units.px(PAD)
    dummy = pygame.Surface((1, 1))
    c = _Cursor(dummy, fonts, 0, pad, width - 2 * pad, draw=False, units=units)
    _content(c, content, -1, chart, notes)
    return c.y + units.px(GAP) + units.target(theme.BUTTON_SIZE) + pad


def draw_panel(
    target: pygame.Surface,
    fonts: Fonts,
    rect: pygame.Rect,
    content: PanelContent,
    follow: bool,
    highlight_commander: int = -1,
    units: Units = UNSCALED,
    chart: bool | str = True,
    notes: bool = True,
    page: int | None = None,
) -> PanelButtons:
    """Draw the panel in `rect` (height from `panel_height`); return its buttons and parts.
    Content that does not fit is cut at the buttons' row, never drawn over them (and counted
    in `hidden`); with `page` (any int: it wraps) the columns are paged to fit instead, this
    one drawn, and a "More" button turns them."""
    u = units
    pad, gap, b = u.px(PAD), u.px(GAP), u.target(theme.BUTTON_SIZE)
    shade = pygame.Surface(rect.size, pygame.SRCALPHA)
    shade.fill((*theme.PANEL, theme.INSPECT_ALPHA))
    target.blit(shade, rect.topleft)
    pygame.draw.rect(target, theme.PANEL_EDGE, rect, width=2, border_radius=4)
    c = _Cursor(target, fonts, rect.x + pad, rect.y + pad, rect.width - 2 * pad, True, u)
    clip = target.get_clip()
    body_h = rect.height - pad - b - gap - 2
    target.set_clip(pygame.Rect(rect.x + 2, rect.y + 2, rect.width - 4, body_h))  # never overflow
    head_bottom = _content(c, content, highlight_commander, chart, notes, page)
    target.set_clip(clip)
    close = pygame.Rect(rect.right - pad - b + u.px(8), rect.y + pad - u.px(8), b, b)
    button(target, fonts, close, "✕", units=u)
    # The buttons' row, from the reading side: Follow, More, the keys' hint
    row = pygame.Rect(rect.x + pad, rect.bottom - pad - b, rect.width - 2 * pad, b)
    at = 0  # how far along the row from the reading side
    follow_w = max(u.px(260), b * 3)
    follow_r = pygame.Rect(fonts.line_x(row.x, row.w, follow_w), row.y, follow_w, b)
    at += follow_w + u.px(20)
    following = fonts.t(N_("Following") if follow else N_("Follow"))
    button(target, fonts, follow_r, following, active=follow, units=u)
    more = None
    if c.pages > 1:  # the next page of the columns
        words = fonts.words
        label = fonts.t(MORE).format(
            page=words.number((page or 0) % c.pages + 1), pages=words.number(c.pages)
        )
        w = fonts.size(label, "sans-bold", u.text(theme.BODY_SIZE))[0] + 2 * u.px(PAD)
        more = pygame.Rect(fonts.line_x(row.x, row.w, w, at), row.y, w, b)
        at += w + u.px(20)
        button(target, fonts, more, label, units=u)
    hint = fonts.render(
        fonts.t(N_("Tab: next unit · Esc: close")), "sans", u.text(theme.SMALL_SIZE), theme.INK_DIM
    )
    keys = hint.get_rect(midleft=(fonts.line_x(row.x, row.w, hint.get_width(), at), row.centery))
    if at + keys.width <= row.width:
        target.blit(hint, keys)
    else:
        keys = None
    heading = pygame.Rect(c.head_span[0], rect.y + pad, c.head_span[1], 0)
    heading.height = max(1, min(head_bottom, rect.y + body_h) - heading.y)
    body_top = heading.bottom + 1
    body = pygame.Rect(rect.x + pad, body_top, rect.width - 2 * pad, 0)
    body.height = max(1, follow_r.y - gap - body_top)
    return PanelButtons(close, follow_r, heading, body, keys, c.swatch, more, c.hidden, c.pages)
