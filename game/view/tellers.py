"""The "Who tells us" panel: the account on screen, its author, and how the two accounts differ.

No peer shows its doubt: here a visitor reads who wrote the account being shown, where and when,
what he stresses, how he and the other author differ (each point is also marked on the timeline,
`divergence.py`), the seed's sentence on their emphasis, why the date is Easter Saturday, and a
short bibliography. Opened by its button beside the legend's, or the W key; data from the
scenario's `tellers:` block (`game/scenario/tellers.py`).
"""

from __future__ import annotations

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


class _Column:
    """Lines top to bottom within a width; `y` is where the next goes."""

    def __init__(self, target, fonts, x: int, y: int, width: int, bottom: int, u: Units):
        self.t, self.fonts, self.x, self.y, self.w, self.bottom, self.u = (
            target, fonts, x, y, width, bottom, u
        )  # fmt: skip

    def text(self, text: str, face: str, size: int, colour, after: int = 6, indent: int = 0):
        for line in self.fonts.wrap(text, face, size, self.w - indent):
            surf = self.fonts.render(line, face, size, colour)
            if self.y + surf.get_height() <= self.bottom:  # right to left: set from the right
                x = (
                    self.x + self.w - indent - surf.get_width()
                    if self.fonts.rtl
                    else self.x + indent
                )
                self.t.blit(surf, (x, self.y))
            self.y += surf.get_height()
        self.y += self.u.px(after)

    def heading(self, text: str) -> None:
        self.y += self.u.px(6)
        self.text(text, "sans-bold", self.u.text(theme.SMALL_SIZE), theme.GOLD, after=2)


def draw_tellers(
    target: pygame.Surface,
    fonts,
    scenario: Scenario,
    account: str,
    bottom_reserved: int = 0,
    u: Units = UNSCALED,
) -> dict[str, pygame.Rect]:
    """Draw the panel for `account`; returns its rectangles ("tellers.panel", ".close")."""
    tellers = scenario.tellers
    teller = tellers.of(account)
    screen = target.get_rect()
    rect = panel_rect(screen, bottom_reserved, u)
    shade = pygame.Surface(rect.size, pygame.SRCALPHA)
    shade.fill((*theme.PANEL, PANEL_ALPHA))
    target.blit(shade, rect.topleft)
    pygame.draw.rect(target, theme.PANEL_EDGE, rect, width=2, border_radius=4)
    pad, gap = u.px(PAD), u.px(GAP)
    body, small = u.text(theme.BODY_SIZE), u.text(theme.SMALL_SIZE)
    close = pygame.Rect(0, 0, u.px(theme.BUTTON_SIZE), u.px(theme.BUTTON_SIZE))
    close.topright = (rect.right - pad // 2, rect.y + pad // 2)
    pygame.draw.rect(target, theme.BUTTON_GROUND, close, border_radius=8)
    pygame.draw.rect(target, theme.GOLD, close, width=2, border_radius=8)
    x_mark = fonts.render(STRINGS["close"], "sans-bold", body, theme.INK)
    target.blit(x_mark, x_mark.get_rect(center=close.center))
    author = teller.author if teller else scenario.accounts.get(account, account)
    heading = fonts.t(STRINGS["title"]).format(author=author)
    title = fonts.render(heading, "serif-bold", u.text(theme.PANEL_NAME_SIZE), theme.GOLD)
    at = rect.x + pad if not fonts.rtl else close.x - pad - title.get_width()
    target.blit(title, (at, rect.y + pad))
    top = rect.y + pad + title.get_height() + u.px(10)
    pygame.draw.line(target, theme.PANEL_EDGE, (rect.x + pad, top), (rect.right - pad, top))
    col_w = (rect.width - 2 * pad - gap) // 2
    bottom = rect.bottom - pad
    first, second = rect.x + pad, rect.x + pad + col_w + gap
    if fonts.rtl:  # mirrored: the author's column on the right
        first, second = second, first
    left = _Column(target, fonts, first, top + u.px(10), col_w, bottom, u)
    right = _Column(target, fonts, second, top + u.px(10), col_w, bottom, u)
    if teller is not None:
        left.heading(fonts.t(STRINGS["wrote"]))
        left.text(teller.wrote, "sans", body, theme.INK)
        left.heading(fonts.t(STRINGS["stresses"]))
        left.text(teller.stresses, "sans", body, theme.INK)
    left.heading(fonts.t(STRINGS["emphasis"]))
    left.text(f"“{tellers.emphasis}”", "serif-italic", small, theme.INK)
    left.text(f"— {fonts.t(STRINGS['seed'])}", "sans", small, theme.INK_DIM)
    left.heading(fonts.t(STRINGS["date"]))
    left.text(tellers.date, "sans", small, theme.INK)
    right.heading(fonts.t(STRINGS["differ"]))
    for d in tellers.differences:
        right.text(d.topic, "sans-bold", small, theme.INK, after=0)
        for a, said in d.told:
            mark = ("◀ " if fonts.rtl else "▶ ") if a == account else "   "
            colour = theme.INK if a == account else theme.INK_DIM
            who = fonts.t(SHORT[a]) if a in SHORT else a
            right.text(f"{mark}{who}: {said}", "sans", small, colour, after=0)
        right.y += u.px(6)
    right.heading(fonts.t(STRINGS["read"]))
    for entry in tellers.bibliography:
        right.text(entry, "sans", small, theme.INK_DIM, after=2, indent=u.px(12))
    return {"tellers.panel": rect, "tellers.close": close}
