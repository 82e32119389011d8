"""The timeline bar's buttons, drawn: play/pause, one chip per speed, the accounts, the
language button and its menu, and the campaign's Skip. Where they are is `bar_layout`'s; a chip
is a rounded button, gold when it is the one in force."""

from __future__ import annotations

import pygame

from game.timeline.clock import SPEEDS
from game.view import theme
from game.view.bar_layout import CHIP_SIZE, BarLayout, speed_label
from game.view.bar_marks import DARK, fit_text
from game.view.fonts import Fonts
from game.view.units import Units


def draw_chip(
    target: pygame.Surface,
    fonts: Fonts,
    units: Units,
    chip: pygame.Rect,
    text: str,
    on: bool,
    fit: bool = False,
) -> None:
    """A rounded button: gold when it is the one in force, dark with a gold edge if not."""
    radius = units.px(10)
    pygame.draw.rect(target, theme.GOLD if on else DARK, chip, border_radius=radius)
    pygame.draw.rect(target, theme.GOLD, chip, width=2, border_radius=radius)
    colour = DARK if on else theme.INK
    size = units.text(CHIP_SIZE)
    if fit:
        label = fit_text(fonts, text, "sans-bold", size, colour, chip.width - units.px(16))
    else:
        label = fonts.render(text, "sans-bold", size, colour)
    target.blit(label, label.get_rect(center=chip.center))


def draw_play(target: pygame.Surface, lay: BarLayout, playing: bool) -> None:
    """The big disc: it shows what a tap does (play when paused, pause when playing)."""
    r = lay.play
    c = r.center
    rim = max(2, r.width // 24)
    pygame.draw.circle(target, theme.GOLD, c, r.width // 2)
    pygame.draw.circle(target, DARK, c, r.width // 2 - rim)
    pygame.draw.circle(target, theme.GOLD, c, r.width // 2 - 2 * rim - 1)
    s = r.width // 5
    if not playing:
        k = r.width / 96
        pts = [
            (c[0] - s + 5 * k, c[1] - s - 2 * k),
            (c[0] - s + 5 * k, c[1] + s + 2 * k),
            (c[0] + s + 6 * k, c[1]),
        ]
        pygame.draw.polygon(target, DARK, pts)
    else:
        for dx in (-s // 2 - s // 5, s // 2 + s // 5):
            bar = pygame.Rect(0, 0, s // 2 + s // 6, 2 * s + 2)
            bar.center = (c[0] + dx, c[1])
            pygame.draw.rect(target, DARK, bar, border_radius=2)


def draw_speeds(target: pygame.Surface, fonts: Fonts, lay: BarLayout, speed: float) -> None:
    for sp, chip in zip(SPEEDS, lay.chips(), strict=True):
        draw_chip(target, fonts, lay.units, chip, fonts.words.digits(speed_label(sp)), sp == speed)


def draw_accounts(target: pygame.Surface, fonts: Fonts, lay: BarLayout, ids, account: str) -> None:
    """One chip per account (`ids`, named by `lay.accounts`), the shown one gold."""
    for aid, name, chip in zip(ids, lay.accounts, lay.account_chips(), strict=True):
        draw_chip(target, fonts, lay.units, chip, name, aid == account, fit=True)


def draw_languages(
    target: pygame.Surface, fonts: Fonts, lay: BarLayout, languages, shown: str, large: bool
) -> None:
    """The language button (the shown language, in itself) and, open, one per language and
    the large-text toggle."""
    chip = lay.language_chip()
    if chip is None:
        return
    name = next((lang.name for lang in languages if lang.code == shown), "")
    draw_chip(target, fonts, lay.units, chip, name, lay.languages_open, fit=True)
    menu = lay.language_menu()
    for lang, r in zip(languages, menu, strict=False):
        draw_chip(target, fonts, lay.units, r, lang.name, lang.code == shown, fit=True)
    if menu:
        draw_chip(target, fonts, lay.units, menu[-1], lay.large_text_label, large, fit=True)
