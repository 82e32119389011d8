"""The timeline bar's buttons, drawn: play/pause, one chip per speed, the accounts, the
language button and its menu, and the campaign's Skip. Where they are is `bar_layout`'s; a chip
is a rounded button, gold when it is the one in force.

A chip is opaque (a filled rounded rectangle, its edge and its label over the fill; pygame's
rounded rectangles are not anti-aliased), so what it shows is the same over any ground: each
is drawn once onto a colour-keyed surface and copied (`Chips`), byte for byte what drawing it
in place gives."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pygame

from game.timeline.clock import SPEEDS
from game.view import theme
from game.view.bar_layout import CHIP_SIZE, BarLayout, speed_label
from game.view.bar_marks import DARK, fit_text
from game.view.fonts import Fonts
from game.view.units import Units

KEY = (255, 0, 255)  # a chip's see-through colour: no fill, edge or label is drawn in it
CHIPS_KEPT = 64  # speeds, accounts, languages, on and off, at a size or two


class Chips:
    """Drawn chips, by what they show (size, label, state, type size), bounded."""

    def __init__(self, kept: int = CHIPS_KEPT):
        self.kept = kept
        self._by: OrderedDict[tuple, pygame.Surface | None] = OrderedDict()

    def get(
        self, fonts: Fonts, units: Units, size: tuple[int, int], text: str, on: bool, fit: bool
    ) -> pygame.Surface | None:
        """The chip on a colour-keyed surface; None if its label would reach outside its
        rounded shape or hold the key colour (then it is drawn in place, as before)."""
        key = (id(fonts), units, size, text, on, fit)
        if key in self._by:
            self._by.move_to_end(key)
            return self._by[key]
        made = _keyed(fonts, units, size, text, on, fit)
        self._by[key] = made
        if len(self._by) > self.kept:
            self._by.popitem(last=False)
        return made


def _keyed(
    fonts: Fonts, units: Units, size: tuple[int, int], text: str, on: bool, fit: bool
) -> pygame.Surface | None:
    box = pygame.Rect((0, 0), size)
    surf, shape = pygame.Surface(size), pygame.Surface(size)
    for s in (surf, shape):
        s.fill(KEY)
    label = paint_chip(surf, fonts, units, box, text, on, fit)
    paint_chip(shape, fonts, units, box, None, on, fit)
    if label is not None and not box.contains(label):
        return None  # a label wider than its chip runs over the ground beside it
    key = surf.map_rgb(KEY)
    clear = pygame.surfarray.array2d(surf) == key
    if not np.array_equal(clear, pygame.surfarray.array2d(shape) == key):
        return None
    surf.set_colorkey(KEY)
    return surf


def draw_chip(
    target: pygame.Surface,
    fonts: Fonts,
    units: Units,
    chip: pygame.Rect,
    text: str,
    on: bool,
    fit: bool = False,
    chips: Chips | None = None,
) -> None:
    """A rounded button: gold when it is the one in force, dark with a gold edge if not
    (copied from `chips` when given)."""
    kept = chips.get(fonts, units, chip.size, text, on, fit) if chips is not None else None
    if kept is not None:
        target.blit(kept, chip.topleft)
    else:
        paint_chip(target, fonts, units, chip, text, on, fit)


def paint_chip(
    target: pygame.Surface,
    fonts: Fonts,
    units: Units,
    chip: pygame.Rect,
    text: str | None,
    on: bool,
    fit: bool = False,
) -> pygame.Rect | None:
    """Draw a chip in place (`text` None: its shape alone); returns its label's box."""
    radius = units.px(10)
    pygame.draw.rect(target, theme.GOLD if on else DARK, chip, border_radius=radius)
    pygame.draw.rect(target, theme.GOLD, chip, width=2, border_radius=radius)
    if text is None:
        return None
    colour = DARK if on else theme.INK
    size = units.text(CHIP_SIZE)
    if fit:
        label = fit_text(fonts, text, "sans-bold", size, colour, chip.width - units.px(16))
    else:
        label = fonts.render(text, "sans-bold", size, colour)
    at = label.get_rect(center=chip.center)
    target.blit(label, at)
    return at


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


def draw_speeds(
    target: pygame.Surface, fonts: Fonts, lay: BarLayout, speed: float, chips: Chips | None = None
) -> None:
    for sp, chip in zip(SPEEDS, lay.chips(), strict=True):
        label = fonts.words.digits(speed_label(sp))
        draw_chip(target, fonts, lay.units, chip, label, sp == speed, chips=chips)


def draw_accounts(
    target: pygame.Surface, fonts: Fonts, lay: BarLayout, ids, account: str, chips=None
) -> None:
    """One chip per account (`ids`, named by `lay.accounts`), the shown one gold."""
    for aid, name, chip in zip(ids, lay.accounts, lay.account_chips(), strict=True):
        draw_chip(target, fonts, lay.units, chip, name, aid == account, True, chips)


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
