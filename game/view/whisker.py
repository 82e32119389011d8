"""The strength whisker in the unit panel: how many men the evidence allows, and this run's.

No source counts the armies: each formation carries the range its evidence allows
(`strength_range`) and a default. The panel draws the range as a whisker (a line from the low
end to the high end, capped), the men this run started with as a gold dot on it (the
`--strengths` variant picks low, default or high), and says what the number is: from a source,
a modern inference, or our reconstruction.
"""

from __future__ import annotations

import pygame

from game.lang.words import ENGLISH, N_, Words
from game.view import theme

STRINGS = {
    "title": N_("Strength: {range} men ({tag})"),
    "one": "{value}",
    "this_run": N_("this run {value}"),
    "tags": {
        "procopius": N_("from Procopius"),
        "malalas": N_("from Malalas"),
        "zacharias": N_("from Zacharias"),
        "modern": N_("a modern inference"),
        "reconstruction": N_("our reconstruction"),
    },
}
"""Every visible string of this module, in one place (for a catalogue later)."""


def strength_tag(source: str) -> str:  # (translated where shown)
    """What a strength is, in words: 'from Procopius', 'a modern inference', 'our
    reconstruction'."""
    return STRINGS["tags"].get(source, source)


def whisker_title(lo: int, hi: int, tag: str, words: Words = ENGLISH) -> str:
    n = words.number
    rng = n(lo) if lo == hi else f"{n(lo)}–{n(hi)}"
    return words.t(STRINGS["title"]).format(range=rng, tag=tag)


def draw_whisker(
    target: pygame.Surface, rect: pygame.Rect, lo: int, hi: int, value: int, fonts, size: int
) -> pygame.Rect:
    """The range as a capped line across `rect`, this run's men as a gold dot with its number;
    returns the dot's rectangle (for tests). The scale runs from 0 to a little past `hi`, so
    ranges of different formations read alike."""
    top = max(hi, value, 1) * 1.08
    y = rect.y + rect.height // 3

    def x_at(v: float) -> int:
        return rect.x + round(rect.width * v / top)

    x0, x1 = x_at(lo), x_at(hi)
    pygame.draw.line(target, theme.INK_DIM, (rect.x, y), (rect.right, y), 1)  # the axis from 0
    pygame.draw.line(target, theme.INK, (x0, y), (x1, y), 4)
    for x in (x0, x1):
        pygame.draw.line(target, theme.INK, (x, y - 8), (x, y + 8), 3)
    xv = x_at(value)
    dot = pygame.Rect(0, 0, 14, 14)
    dot.center = (xv, y)
    pygame.draw.circle(target, theme.GOLD, dot.center, 7)
    pygame.draw.circle(target, theme.PANEL, dot.center, 7, 2)
    this_run = fonts.t(STRINGS["this_run"]).format(value=fonts.words.number(value))
    label = fonts.render(this_run, "sans", size, theme.GOLD)
    lx = min(max(xv - label.get_width() // 2, rect.x), rect.right - label.get_width())
    target.blit(label, (lx, y + 10))
    return dot
