"""Where everything on the timeline bar is, for a screen: pure geometry, shared by drawing and
hit tests (what you see is what you hit), (the packing of phase names along the track: `bar_names`).

Sizes are design px (the 1920x1080 layout) scaled by `units`; buttons keep a fingertip's size
(`Units.target`) and text its physical minimum (`Units.text`) on any screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import pygame

from game.timeline.clock import SPEEDS
from game.view.units import UNSCALED, Units

BAR_HEIGHT = 152
"""Logical px the bar takes at the bottom: two rows of phase names, icons, track, clock."""

BUTTON = 96  # play/pause: a 96 px disc, a thumb's width at 1920x1080 on a 43-55" screen
CHIP_W, CHIP_H, CHIP_GAP = 64, 64, 6  # speed buttons: >= 64 px each way
CHIP_PAD = 8  # a speed button's label keeps this much from its edges, each side
PAD = 24
TRACK_H = 16
KNOB_R = 17
NAME_SIZE = 22
CLOCK_LABEL_SIZE = 28
CHIP_SIZE = 24
ACCOUNT_W, ACCOUNT_GAP = 168, 8  # account buttons: stacked, 168 x 64 px
ICON = 9  # half-size of an event icon


def short_account_name(title: str) -> str:
    """ "John Malalas, Chronicle 18" -> "Malalas": the author's name fits a button (Arabic and
    Persian write their comma "،")."""
    return re.split("[,،]", title)[0].split()[-1]


def speed_label(speed: float) -> str:
    """A speed as the bar and the clock write it: "¼×", "4×" (digits localised by the caller)."""
    return {0.25: "¼×", 0.5: "½×"}.get(speed, f"{speed:g}×")


@dataclass(frozen=True)
class BarLayout:
    """Where everything on the bar is, for a canvas size. Pure geometry: drawing and input
    both use it, so what you see is what you hit. Sizes are design px scaled by `units`.

    Its numbers are worked out once per layout (`cached_property`): a frame asks for the
    track's x of every event icon and number, a few hundred times."""

    width: int
    height: int
    end_tick: int
    accounts: tuple[str, ...] = ()  # short names of the accounts, one button each
    dx: int = 0  # burn-in drift of everything on the bar but its ground
    dy: int = 0
    units: Units = UNSCALED
    start_tick: int = 0  # the prologue's first tick (negative), when the bar spans the campaign
    skip_w: int = 0  # the Skip chip's width (0: none shown)
    # the languages offered, each by its own name ("العربية"), and whether their menu is open
    languages: tuple[str, ...] = ()
    languages_open: bool = False
    large_text_label: str = "Large text"  # the menu's last button, in the shown language
    line_depth: float = 1.0  # the shown language's line height / the Latin one (Naskh: deeper)
    speed_text_w: int = 0  # the widest speed label ("16×") at the chip's size, measured

    @cached_property
    def chip_w(self) -> int:
        """A speed button's width: a fingertip, or its widest label and its padding (large
        text)."""
        u = self.units
        return max(u.target(CHIP_W), self.speed_text_w + 2 * u.px(CHIP_PAD))

    @cached_property
    def bar_height(self) -> int:
        """The bar's height on this screen: two rows of phase names, icons, track, clock."""
        u = self.units
        names = 2 * self.name_line
        knob = u.px(KNOB_R) - u.px(TRACK_H) // 2 + 3  # the time sits clear of the knob
        below = max(u.px(8), knob) + self.label_line
        track_part = u.px(6) + names + u.px(24) + u.px(TRACK_H) + below + u.px(6)
        return max(track_part, u.target(BUTTON) + 2 * u.px(PAD) // 2, u.px(BAR_HEIGHT))

    @cached_property
    def name_line(self) -> int:
        return round(self.units.text(NAME_SIZE) * 1.27 * self.line_depth)

    @cached_property
    def label_line(self) -> int:
        """The playhead's time box: a bold line (about 1.17 em) and its frame."""
        return round(self.units.text(CLOCK_LABEL_SIZE) * 1.2 * self.line_depth) + 4

    @property
    def panel(self) -> pygame.Rect:
        """The bar's ground: fixed to the screen's bottom edge (it does not drift)."""
        h = self.bar_height
        return pygame.Rect(0, self.height - h, self.width, h)

    @property
    def inner(self) -> pygame.Rect:
        """The ground moved by the drift: where the buttons, track and names are laid out."""
        return self.panel.move(self.dx, self.dy)

    @property
    def play(self) -> pygame.Rect:
        p, u = self.inner, self.units
        b = u.target(BUTTON)
        return pygame.Rect(p.x + u.px(PAD), p.y + (p.height - b) // 2, b, b)

    def chips(self) -> list[pygame.Rect]:
        p, u = self.inner, self.units
        c, gap, w = u.target(CHIP_W), max(u.px(CHIP_GAP), 4), self.chip_w
        total = len(SPEEDS) * w + (len(SPEEDS) - 1) * gap
        x0 = p.right - u.px(PAD) - total
        y = p.y + (p.height - c) // 2
        if self._language_above_speeds():  # the language button rides on top of them
            y = p.y + (p.height - 2 * c - gap) // 2 + c + gap
        return [pygame.Rect(x0 + i * (w + gap), y, w, c) for i in range(len(SPEEDS))]

    def account_chips(self) -> list[pygame.Rect]:
        """One button per account of the battle, stacked left of the speed buttons."""
        n = len(self.accounts)
        if n == 0:
            return []
        p, u = self.inner, self.units
        gap = u.px(ACCOUNT_GAP)
        h = min(u.target(CHIP_H), (p.height - 2 * gap) // n - gap)
        total = n * h + (n - 1) * gap
        w = max(u.px(ACCOUNT_W), self.account_text_width + 2 * u.px(16))
        x = self.chips()[0].x - u.px(PAD) - w
        y0 = p.y + (p.height - total) // 2
        return [pygame.Rect(x, y0 + i * (h + gap), w, h) for i in range(n)]

    def _language_above_speeds(self) -> bool:
        """Whether the language button fits above the speed buttons (the bar holds two rows of
        them): then the battle's track keeps its length."""
        if len(self.languages) < 2:
            return False
        u = self.units
        c, gap = u.target(CHIP_W), max(u.px(CHIP_GAP), 4)
        return 2 * c + gap <= self.inner.height

    def language_chip(self) -> pygame.Rect | None:
        """The button that opens the languages: above the speed buttons, right-aligned with
        them, or left of the accounts on a bar too low for two rows (None: one language)."""
        if len(self.languages) < 2:
            return None
        u, p = self.units, self.inner
        w = max(u.target(CHIP_H), self._text_width(self.languages) + 2 * u.px(16))
        if self._language_above_speeds():
            c, gap = u.target(CHIP_W), max(u.px(CHIP_GAP), 4)
            top = p.y + (p.height - 2 * c - gap) // 2
            return pygame.Rect(p.right - u.px(PAD) - w, top, w, c)
        right = (self.account_chips() or self.chips())[0].x - u.px(PAD)
        h = u.target(CHIP_H)
        return pygame.Rect(right - w, p.y + (p.height - h) // 2, w, h)

    def _first_button(self) -> pygame.Rect:
        """The leftmost button right of the track."""
        beside = None if self._language_above_speeds() else self.language_chip()
        return beside or (self.account_chips() or self.chips())[0]

    def language_menu(self) -> list[pygame.Rect]:
        """One button per language, each named in itself, then the large-text button, in rows
        just above the bar's right end while the menu is open (the last row nearest the bar)."""
        if not self.languages_open or self.language_chip() is None:
            return []
        u = self.units
        labels = (*self.languages, self.large_text_label)
        h, gap = u.target(CHIP_H), u.px(ACCOUNT_GAP)
        w = max(u.target(CHIP_H), self._text_width(labels) + 2 * u.px(16))
        per_row = max(1, (self.width - 2 * u.px(PAD) + gap) // (w + gap))
        rows = -(-len(labels) // per_row)
        right = self.inner.right - u.px(PAD)
        out = []
        for i in range(len(labels)):
            row, col = divmod(i, per_row)
            in_row = min(per_row, len(labels) - row * per_row)
            x = right - (in_row - col) * (w + gap) + gap
            y = self.panel.y - gap - (rows - row) * (h + gap)
            out.append(pygame.Rect(x, y, w, h))
        return out

    def _text_width(self, names: tuple[str, ...]) -> int:
        """Widest of `names` at the chip's size (about 0.62 em a letter, bold)."""
        return round(max((len(a) for a in names), default=0) * self.units.text(CHIP_SIZE) * 0.62)

    @property
    def account_text_width(self) -> int:
        """Widest account name at the chip's size (about 0.62 em a letter, bold)."""
        longest = max((len(a) for a in self.accounts), default=0)
        return round(longest * self.units.text(CHIP_SIZE) * 0.62)

    @property
    def track(self) -> pygame.Rect:
        """The band the playhead runs along (the hit zone is the bar's whole height)."""
        return pygame.Rect(self._track_box)

    @cached_property
    def _track_box(self) -> tuple[int, int, int, int]:
        p, u = self.inner, self.units
        x0 = self.play.right + 2 * u.px(PAD)
        x1 = self._first_button().x - 2 * u.px(PAD)
        y = p.y + u.px(6) + 2 * self.name_line + u.px(24)
        return (x0, y, max(x1 - x0, 1), u.px(TRACK_H))

    @property
    def names_right(self) -> int:
        """Where phase names must stop: short of the first button."""
        return self._first_button().x - self.units.px(8)

    def x_at(self, tick: float) -> int:
        x, _, width, _ = self._track_box
        span = max(self.end_tick - self.start_tick, 1)
        return x + round(width * min(max((tick - self.start_tick) / span, 0.0), 1.0))

    def tick_at(self, x: float) -> int:
        x0, _, width, _ = self._track_box
        f = min(max((x - x0) / width, 0.0), 1.0)
        return round(self.start_tick + f * (self.end_tick - self.start_tick))

    @property
    def skip(self) -> pygame.Rect | None:
        """The Skip chip, just above the bar's right end (over the speed buttons), while a
        prologue or epilogue plays: where a video puts "Skip intro"."""
        if not self.skip_w:
            return None
        u = self.units
        h = u.target(CHIP_H)
        top = self.panel.y - h - u.px(14)
        return pygame.Rect(self.inner.right - u.px(PAD) - self.skip_w, top, self.skip_w, h)

    def leaves(self, account_ids: tuple[str, ...] = ()) -> list[tuple[str, pygame.Rect]]:
        """The bar's parts for the frame's layout: play disc, track, each button."""
        out = [("bar.play", self.play), ("bar.track", self.track)]
        out += [(f"bar.speed.{sp:g}x", r) for sp, r in zip(SPEEDS, self.chips(), strict=True)]
        ids = account_ids or self.accounts
        out += [(f"bar.account.{a}", r) for a, r in zip(ids, self.account_chips(), strict=True)]
        if self.skip is not None:
            out.append(("bar.skip", self.skip))
        chip = self.language_chip()
        if chip is not None:
            out.append(("bar.language", chip))
        return out  # the open menu is above the bar: its window reserves it (`reserved`)

    def contains(self, pos: tuple[float, float]) -> bool:
        return self.panel.collidepoint(pos)

    def hit(self, pos: tuple[float, float]) -> tuple[str, float | None] | None:
        """What a press at `pos` touches: ("play", None), ("speed", x), ("account", index),
        ("language", None) (the menu's button), ("language", index) (a language in the menu),
        ("track", None) or None (outside the bar). Anywhere on the bar between the buttons
        grabs the playhead. ("skip", None): the Skip chip above the bar."""
        if self.skip is not None and self.skip.inflate(self.units.px(8), 0).collidepoint(pos):
            return ("skip", None)
        menu = self.language_menu()
        for i, r in enumerate(menu):
            if r.collidepoint(pos):
                return ("large_text", None) if i == len(menu) - 1 else ("language", i)
        if not self.contains(pos):
            return None
        pad, gap = self.units.px(PAD), self.units.px(CHIP_GAP)
        chip = self.language_chip()
        if chip is not None and chip.inflate(pad, pad).collidepoint(pos):
            return ("language", None)
        if self.play.inflate(pad, pad).collidepoint(pos):
            return ("play", None)
        for speed, chip in zip(SPEEDS, self.chips(), strict=True):
            if chip.inflate(gap, pad).collidepoint(pos):
                return ("speed", speed)
        for i, chip in enumerate(self.account_chips()):
            if chip.inflate(pad, self.units.px(ACCOUNT_GAP)).collidepoint(pos):
                return ("account", i)
        if self.track.x - pad <= pos[0] <= self.track.right + pad:
            return ("track", None)
        return ("panel", None)  # on the bar, on nothing: swallowed, never pans the map
