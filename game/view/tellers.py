"""The "Who tells us" panel: the account on screen, its author, and how the two accounts differ.

No peer shows its doubt: here a visitor reads who wrote the account being shown, where and when,
what he stresses, how he and the other author differ (each point is also marked on the timeline,
`divergence.py`), the seed's sentence on their emphasis, why the date is Easter Saturday, and a
short bibliography. Opened by its button beside the legend's, or the W key; data from the
scenario's `tellers:` block (`game/scenario/tellers.py`).

Everything is always shown: its parts flow into two columns (mirrored right to left), and where
they do not fit on one page (a netbook, large text, Arabic's deeper lines) into pages turned
by its "More" button.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.lang.words import N_
from game.scenario.specs import Scenario
from game.view import theme
from game.view.units import UNSCALED, Units

STRINGS = {
    "button_closed": N_("Who tells us  ▸"),
    "button_open": N_("Who tells us  ▾"),
    "title": N_("Who tells us: {author}"),
    "wrote": N_("Who he was, where and when he wrote"),
    "stresses": N_("What he stresses"),
    "differ": N_("Where the two accounts differ (marked ◆ on the timeline)"),
    "emphasis": N_("In a sentence"),
    "date": N_("The date"),
    "read": N_("Read further"),
    "seed": N_("the seed (after the modern literature)"),
    "close": "✕",
    "more": N_("More  {page}/{pages}  ▸"),  # the next page, where it needs more than one
}
"""Every visible string of this module, in one place (for a catalogue later)."""

WIDTH, HEIGHT = 1560, 860  # design px: a card over the map, under the HUD's title
BUTTON = (250, 52)  # as tall as the legend's button, a thumb's width
PAD = 28
GAP = 28
SHORT = {"procopius": N_("Procopius"), "malalas": N_("Malalas")}
PANEL_ALPHA = 248  # read, not looked through: the banners under it must not show


def button_rect(
    legend_button: pygame.Rect | None, screen: pygame.Rect, u: Units, fonts=None
) -> pygame.Rect:
    """Beside the legend's button (to its right), or top left under the title if none; wide
    enough for its words (`fonts`) where their type is held at the physical minimum."""
    w, h = u.px(BUTTON[0]), u.px(BUTTON[1])
    if fonts is not None:
        size = u.text(theme.SMALL_SIZE + 1)
        words = max(fonts.size(STRINGS[k], "sans-bold", size)[0] for k in STRINGS if "button" in k)
        w = max(w, words + 2 * u.px(PAD))
    if legend_button is not None:
        r = pygame.Rect(legend_button.right + u.px(12), legend_button.y, w, legend_button.height)
    else:
        r = pygame.Rect(u.px(theme.MARGIN), u.px(140), w, h)
    return r.clamp(screen)


def draw_button(target: pygame.Surface, fonts, rect: pygame.Rect, is_open: bool, u: Units) -> None:
    pygame.draw.rect(target, theme.BUTTON_ACTIVE if is_open else theme.PANEL, rect, border_radius=8)
    pygame.draw.rect(target, theme.GOLD, rect, width=2, border_radius=8)
    ink = theme.BUTTON_ACTIVE_INK if is_open else theme.INK
    label = fonts.t(STRINGS["button_open" if is_open else "button_closed"])
    surf = fonts.render(label, "sans-bold", u.text(theme.SMALL_SIZE + 1), ink)
    target.blit(surf, surf.get_rect(center=rect.center))


def panel_rect(screen: pygame.Rect, bottom_reserved: int, u: Units) -> pygame.Rect:
    w = min(u.px(WIDTH), screen.width - 2 * u.px(theme.MARGIN))
    h = min(u.px(HEIGHT), screen.height - bottom_reserved - 2 * u.px(theme.MARGIN))
    r = pygame.Rect(0, 0, w, h)
    r.center = (screen.centerx, (screen.height - bottom_reserved) // 2)
    return r


@dataclass(frozen=True)
class _Block:
    """Lines that belong together (a heading, a paragraph, one difference, one book): set in
    one column where they fit whole; `keep` holds a heading to the block after it."""

    key: str
    lines: tuple[
        tuple[str, str, int, tuple[int, int, int], int], ...
    ]  # text, face, size, ink, indent
    after: int = 0
    before: int = 0
    keep: bool = False
    column_break: bool = False  # starts a new column (the accounts' differences do)


@dataclass(frozen=True)
class _Set:
    """A line set: its page, column, y from the column's top, and what it says."""

    page: int
    column: int
    y: int
    key: str
    line: tuple[str, str, int, tuple[int, int, int], int]


class _Flow:
    """Blocks top to bottom in columns of one height, two columns a page: a block that does
    not fit goes whole to the next column (a heading with it), one taller than a column is
    split between lines."""

    def __init__(self, fonts, height: int):
        self.fonts, self.height = fonts, height
        self.set: list[_Set] = []
        self.column, self.y = 0, 0

    def _line_h(self, line) -> int:
        return self.fonts.size(line[0], line[1], line[2])[1]

    def _h(self, block: _Block) -> int:
        return sum(self._line_h(line) for line in block.lines)

    def _next_column(self) -> None:
        self.column, self.y = self.column + 1, 0

    def add(self, blocks: list[_Block], breaks: bool = True) -> _Flow:
        """Set `blocks`; `breaks` False ignores their column breaks (one stream)."""
        for k, b in enumerate(blocks):
            if breaks and b.column_break and self.y > 0:
                self._next_column()
            need = self._h(b) + (b.before if self.y else 0)
            if b.keep and k + 1 < len(blocks) and blocks[k + 1].lines:  # and what it heads
                nxt = blocks[k + 1]
                whole = self._h(nxt)
                need += nxt.before + (whole if whole <= self.height else self._line_h(nxt.lines[0]))
            if self.y > 0 and self.y + need > self.height:
                self._next_column()
            if self.y > 0:
                self.y += b.before
            for line in b.lines:
                h = self._line_h(line)
                if self.y > 0 and self.y + h > self.height:  # taller than a column: split
                    self._next_column()
                self.set.append(_Set(self.column // 2, self.column % 2, self.y, b.key, line))
                self.y += h
            self.y += b.after
        return self

    @property
    def pages(self) -> int:
        return max(1, max((s.page for s in self.set), default=0) + 1)


def _blocks(fonts, scenario: Scenario, account: str, u: Units, width: int) -> list[_Block]:
    """What the panel says, in reading order: the author's column, then the differences and
    the books from a new column."""
    tellers = scenario.tellers
    teller = tellers.of(account)
    body, small = u.text(theme.BODY_SIZE), u.text(theme.SMALL_SIZE)
    t = fonts.t

    def lines(text: str, face: str, size: int, ink, indent: int = 0) -> tuple:
        return tuple(
            (ln, face, size, ink, indent) for ln in fonts.wrap(text, face, size, width - indent)
        )

    def heading(key: str, brk: bool = False) -> _Block:
        got = lines(t(STRINGS[key]), "sans-bold", small, theme.GOLD)
        return _Block(f"heading.{key}", got, u.px(2), u.px(12), keep=True, column_break=brk)

    out = []
    if teller is not None:
        out.append(heading("wrote"))
        out.append(_Block("wrote", lines(teller.wrote, "sans", body, theme.INK), u.px(6)))
        out.append(heading("stresses"))
        out.append(_Block("stresses", lines(teller.stresses, "sans", body, theme.INK), u.px(6)))
    out.append(heading("emphasis"))
    said = lines(f"“{tellers.emphasis}”", "serif-italic", small, theme.INK)
    said += lines(f"— {t(STRINGS['seed'])}", "sans", small, theme.INK_DIM)
    out.append(_Block("emphasis", said, u.px(6)))
    out.append(heading("date"))
    out.append(_Block("date", lines(tellers.date, "sans", small, theme.INK), u.px(6)))
    out.append(heading("differ", brk=True))
    for k, d in enumerate(tellers.differences):
        told = lines(d.topic, "sans-bold", small, theme.INK)
        for a, text in d.told:
            mark = ("◀ " if fonts.rtl else "▶ ") if a == account else "   "
            ink = theme.INK if a == account else theme.INK_DIM
            who = t(SHORT[a]) if a in SHORT else a
            told += lines(f"{mark}{who}: {text}", "sans", small, ink)
        out.append(_Block(f"differ.{k}", told, u.px(6)))
    out.append(heading("read"))
    for k, entry in enumerate(tellers.bibliography):
        book = lines(entry, "sans", small, theme.INK_DIM, indent=u.px(12))
        out.append(_Block(f"book.{k}", book, u.px(2)))
    return out


def draw_tellers(
    target: pygame.Surface,
    fonts,
    scenario: Scenario,
    account: str,
    bottom_reserved: int = 0,
    u: Units = UNSCALED,
    page: int = 0,
) -> dict[str, pygame.Rect]:
    """Draw page `page` (any int: it wraps) of the panel for `account`; returns its
    rectangles: "tellers.panel" (the box), its close button, title, each block drawn
    ("tellers.book.2", "tellers.wrote"...) and, when it needs more than one page, its
    "tellers.more" button."""
    tellers = scenario.tellers
    teller = tellers.of(account)
    screen = target.get_rect()
    rect = panel_rect(screen, bottom_reserved, u)
    shade = pygame.Surface(rect.size, pygame.SRCALPHA)
    shade.fill((*theme.PANEL, PANEL_ALPHA))
    target.blit(shade, rect.topleft)
    pygame.draw.rect(target, theme.PANEL_EDGE, rect, width=2, border_radius=4)
    pad, gap = u.px(PAD), u.px(GAP)
    body = u.text(theme.BODY_SIZE)
    close = pygame.Rect(0, 0, u.px(theme.BUTTON_SIZE), u.px(theme.BUTTON_SIZE))
    close.topright = (rect.right - pad // 2, rect.y + pad // 2)
    pygame.draw.rect(target, theme.BUTTON_GROUND, close, border_radius=8)
    pygame.draw.rect(target, theme.GOLD, close, width=2, border_radius=8)
    x_mark = fonts.render(STRINGS["close"], "sans-bold", body, theme.INK)
    target.blit(x_mark, x_mark.get_rect(center=close.center))
    out = {"tellers.close": close}
    author = teller.author if teller else scenario.accounts.get(account, account)
    heading = fonts.t(STRINGS["title"]).format(author=author)
    name = u.text(theme.PANEL_NAME_SIZE)
    room = close.x - pad - (rect.x + pad)
    y = rect.y + pad
    title = None
    for line in fonts.wrap(heading, "serif-bold", name, room):
        surf = fonts.render(line, "serif-bold", name, theme.GOLD)
        at = pygame.Rect(fonts.line_x(rect.x + pad, room, surf.get_width()), y, *surf.get_size())
        target.blit(surf, at)
        title = at if title is None else title.union(at)
        y += surf.get_height()
    if title is not None:
        out["tellers.title"] = title
    top = max(y, close.bottom - pad // 2) + u.px(10)
    pygame.draw.line(target, theme.PANEL_EDGE, (rect.x + pad, top), (rect.right - pad, top))
    top += u.px(10)
    col_w = (rect.width - 2 * pad - gap) // 2
    blocks = _blocks(fonts, scenario, account, u, col_w)
    flow = _Flow(fonts, rect.bottom - pad - top).add(blocks)
    if flow.pages > 1:  # the differences follow on in the author's column, on one page
        flow = _Flow(fonts, rect.bottom - pad - top).add(blocks, breaks=False)
        flow = _Flow(fonts, flow.height).add(blocks) if flow.pages > 1 else flow
    more = None
    if flow.pages > 1:  # pages, turned by a button at the reading's end of the bottom edge
        pages = flow.pages
        label = _more_label(fonts, page % pages, pages, u)
        for _ in range(3):  # (its width depends on the count, the count on its height)
            h = max(u.target(theme.BUTTON_SIZE), label.get_height())
            flow = _Flow(fonts, rect.bottom - pad // 2 - h - u.px(10) - top).add(blocks)
            if flow.pages == pages:
                break
            pages = flow.pages
            label = _more_label(fonts, page % pages, pages, u)
        w = label.get_width() + 2 * u.px(PAD)
        x = rect.x + pad if fonts.rtl else rect.right - pad - w
        more = pygame.Rect(x, rect.bottom - pad // 2 - h, w, h)
    shown = page % flow.pages
    first, second = rect.x + pad, rect.x + pad + col_w + gap
    if fonts.rtl:  # mirrored: the first column on the right
        first, second = second, first
    drawn: dict[str, pygame.Rect] = {}
    begun: dict[str, int] = {}  # each block's first column (a block split between two: "+")
    for s in flow.set:
        if s.page != shown:
            continue
        text, face, size, ink, indent = s.line
        surf = fonts.render(text, face, size, ink)
        x0 = first if s.column == 0 else second
        at = pygame.Rect(
            fonts.line_x(x0, col_w, surf.get_width(), indent), top + s.y, *surf.get_size()
        )
        target.blit(surf, at)
        key = f"tellers.{s.key}" + ("" if begun.setdefault(s.key, s.column) == s.column else "+")
        drawn[key] = drawn[key].union(at) if key in drawn else at
    out.update(drawn)
    if more is not None:
        pygame.draw.rect(target, theme.BUTTON_GROUND, more, border_radius=8)
        pygame.draw.rect(target, theme.GOLD, more, width=2, border_radius=8)
        label = _more_label(fonts, shown, flow.pages, u)
        target.blit(label, label.get_rect(center=more.center))
        out["tellers.more"] = more
    out["tellers.panel"] = rect
    return out


def _more_label(fonts, shown: int, pages: int, u: Units) -> pygame.Surface:
    words = fonts.words
    text = fonts.t(STRINGS["more"]).format(page=words.number(shown + 1), pages=words.number(pages))
    return fonts.render(text, "sans-bold", u.text(theme.SMALL_SIZE), theme.INK)
