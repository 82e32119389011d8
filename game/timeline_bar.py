"""The timeline bar along the bottom of the screen: the whole battle, from approach to nightfall.

What it shows: phase markers with their names (on two staggered rows, so close phases keep
readable names), event icons from the battle's event log (a formation routs or rallies, a
commander falls or leaves, the stand forms...), the part of the battle already computed (a
lighter band: seeking there is instant), the part played (gold), the playhead with the time of
day under it, a big play/pause button and one button per playback speed, each >= 64 logical px
so a finger finds it on a kiosk.

It draws from plain reads of the playback (never writes it) and answers hit tests
(`BarLayout.hit`) for the controls. Sizes are logical pixels at 1920x1080, like `theme`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from game.scenario.specs import Scenario
from game.timeline.clock import SPEEDS
from game.timeline.playback import Playback
from game.view import theme
from game.view.fonts import Fonts

BAR_HEIGHT = 152
"""Logical px the bar takes at the bottom: two rows of phase names, icons, track, clock."""

BUTTON = 96  # play/pause: a 96 px disc, a thumb's width at 1920x1080 on a 43-55" screen
CHIP_W, CHIP_H, CHIP_GAP = 64, 64, 6  # speed buttons: >= 64 px each way
PAD = 24
TRACK_H = 16
KNOB_R = 17
NAME_SIZE = 22
CLOCK_LABEL_SIZE = 28
CHIP_SIZE = 24
ACCOUNT_W, ACCOUNT_GAP = 168, 8  # account buttons: stacked, 168 x 64 px
ICON = 9  # half-size of an event icon

TRACK_BG = (46, 48, 54)
COMPUTED = (150, 136, 108)
PLAYED = theme.GOLD
RED = (214, 84, 70)
GREEN = (120, 190, 120)
BLUE = (120, 170, 220)
DARK = theme.PANEL
BAR_ALPHA = 246  # more opaque than other panels: banners must not show through the bar


def short_account_name(title: str) -> str:
    """ "John Malalas, Chronicle 18" -> "Malalas": the author's name fits a button."""
    return title.split(",")[0].split()[-1]


def speed_label(speed: float) -> str:
    return {0.25: "¼×", 0.5: "½×"}.get(speed, f"{speed:g}×")


@dataclass(frozen=True)
class BarLayout:
    """Where everything on the bar is, for a canvas size. Pure geometry: drawing and input
    both use it, so what you see is what you hit."""

    width: int
    height: int
    end_tick: int
    accounts: tuple[str, ...] = ()  # short names of the accounts, one button each
    dx: int = 0  # burn-in drift of everything on the bar but its ground
    dy: int = 0

    @property
    def panel(self) -> pygame.Rect:
        """The bar's ground: fixed to the screen's bottom edge (it does not drift)."""
        return pygame.Rect(0, self.height - BAR_HEIGHT, self.width, BAR_HEIGHT)

    @property
    def inner(self) -> pygame.Rect:
        """The ground moved by the drift: where the buttons, track and names are laid out."""
        return self.panel.move(self.dx, self.dy)

    @property
    def play(self) -> pygame.Rect:
        p = self.inner
        return pygame.Rect(p.x + PAD, p.y + (BAR_HEIGHT - BUTTON) // 2, BUTTON, BUTTON)

    def chips(self) -> list[pygame.Rect]:
        p = self.inner
        total = len(SPEEDS) * CHIP_W + (len(SPEEDS) - 1) * CHIP_GAP
        x0 = p.right - PAD - total
        y = p.y + (BAR_HEIGHT - CHIP_H) // 2
        return [
            pygame.Rect(x0 + i * (CHIP_W + CHIP_GAP), y, CHIP_W, CHIP_H) for i in range(len(SPEEDS))
        ]

    def account_chips(self) -> list[pygame.Rect]:
        """One button per account of the battle, stacked left of the speed buttons."""
        n = len(self.accounts)
        if n == 0:
            return []
        p = self.inner
        h = min(CHIP_H, (BAR_HEIGHT - 2 * ACCOUNT_GAP) // n - ACCOUNT_GAP)
        total = n * h + (n - 1) * ACCOUNT_GAP
        x = self.chips()[0].x - PAD - ACCOUNT_W
        y0 = p.y + (BAR_HEIGHT - total) // 2
        return [pygame.Rect(x, y0 + i * (h + ACCOUNT_GAP), ACCOUNT_W, h) for i in range(n)]

    @property
    def track(self) -> pygame.Rect:
        """The band the playhead runs along (the hit zone is the bar's whole height)."""
        p = self.inner
        x0 = self.play.right + 2 * PAD
        right = self.account_chips()[0].x if self.accounts else self.chips()[0].x
        x1 = right - 2 * PAD
        return pygame.Rect(x0, p.y + 86, max(x1 - x0, 1), TRACK_H)

    def x_at(self, tick: float) -> int:
        t = self.track
        return t.x + round(t.width * min(max(tick / max(self.end_tick, 1), 0.0), 1.0))

    def tick_at(self, x: float) -> int:
        t = self.track
        f = min(max((x - t.x) / t.width, 0.0), 1.0)
        return round(f * self.end_tick)

    def leaves(self, account_ids: tuple[str, ...] = ()) -> list[tuple[str, pygame.Rect]]:
        """The bar's parts for the frame's layout: play disc, track, each button."""
        out = [("bar.play", self.play), ("bar.track", self.track)]
        out += [(f"bar.speed.{sp:g}x", r) for sp, r in zip(SPEEDS, self.chips(), strict=True)]
        ids = account_ids or self.accounts
        out += [(f"bar.account.{a}", r) for a, r in zip(ids, self.account_chips(), strict=True)]
        return out

    def contains(self, pos: tuple[float, float]) -> bool:
        return self.panel.collidepoint(pos)

    def hit(self, pos: tuple[float, float]) -> tuple[str, float | None] | None:
        """What a press at `pos` touches: ("play", None), ("speed", x), ("account", index),
        ("track", None) or None (outside the bar). Anywhere on the bar between the buttons
        grabs the playhead."""
        if not self.contains(pos):
            return None
        if self.play.inflate(PAD, PAD).collidepoint(pos):
            return ("play", None)
        for speed, chip in zip(SPEEDS, self.chips(), strict=True):
            if chip.inflate(CHIP_GAP, PAD).collidepoint(pos):
                return ("speed", speed)
        for i, chip in enumerate(self.account_chips()):
            if chip.inflate(PAD, ACCOUNT_GAP).collidepoint(pos):
                return ("account", i)
        if self.track.x - PAD <= pos[0] <= self.track.right + PAD:
            return ("track", None)
        return ("panel", None)  # on the bar, on nothing: swallowed, never pans the map


class TimelineBar:
    """Draws the bar. Keeps a cache of its static layer (panel, phase names), keyed by size and
    account, and of the event icons, keyed by the length of the event log."""

    def __init__(self, scenario: Scenario, fonts: Fonts | None = None):
        self.scenario = scenario
        self.fonts = fonts or Fonts()
        self._static: tuple[tuple, pygame.Surface] | None = None
        self.account_names = tuple(short_account_name(t) for t in scenario.accounts.values())

    def layout(self, size: tuple[int, int], offset: tuple[int, int] = (0, 0)) -> BarLayout:
        return BarLayout(
            size[0], size[1], self.scenario.clock.end_tick, self.account_names, *offset
        )

    def draw(
        self, target: pygame.Surface, playback: Playback, offset: tuple[int, int] = (0, 0)
    ) -> BarLayout:
        lay = self.layout(target.get_size(), offset)
        account = playback.world.account
        key = (target.get_size(), account, offset)
        if self._static is None or self._static[0] != key:
            self._static = (key, self._draw_static(lay, account))
        target.blit(self._static[1], lay.panel.topleft)
        self._draw_track(target, lay, playback)
        self._draw_icons(target, lay, playback)
        self._draw_playhead(target, lay, playback)
        self._draw_buttons(target, lay, playback)
        self._draw_accounts(target, lay, account)
        return lay

    def _draw_accounts(self, target: pygame.Surface, lay: BarLayout, account: str) -> None:
        for aid, name, chip in zip(
            self.scenario.accounts, lay.accounts, lay.account_chips(), strict=True
        ):
            self._draw_chip(target, chip, name, aid == account, fit_width=chip.width - 16)

    def _draw_chip(
        self,
        target: pygame.Surface,
        chip: pygame.Rect,
        text: str,
        on: bool,
        fit_width: int | None = None,
    ) -> None:
        """A rounded button: gold when it is the one in force, dark with a gold edge if not."""
        pygame.draw.rect(target, theme.GOLD if on else DARK, chip, border_radius=10)
        pygame.draw.rect(target, theme.GOLD, chip, width=2, border_radius=10)
        colour = DARK if on else theme.INK
        if fit_width is None:
            label = self.fonts.render(text, "sans-bold", CHIP_SIZE, colour)
        else:
            label = fit_text(self.fonts, text, "sans-bold", CHIP_SIZE, colour, fit_width)
        target.blit(label, label.get_rect(center=chip.center))

    # -- layers ------------------------------------------------------------------------------------
    def _draw_static(self, lay: BarLayout, account: str) -> pygame.Surface:
        p = lay.panel
        surf = pygame.Surface(p.size, pygame.SRCALPHA)
        surf.fill((*theme.PANEL, BAR_ALPHA))
        pygame.draw.line(surf, theme.PANEL_EDGE, (0, 0), (p.width, 0), 2)
        track = lay.track.move(0, -p.y)
        first_button = (lay.account_chips() or lay.chips())[0].x
        phases = self.scenario.phases_for(account)
        xs = [lay.x_at(ph.tick) for ph in phases]
        for i, ph in enumerate(phases):
            x = xs[i]
            row = i % 2
            y = 6 + row * 28 + lay.dy
            # a name may run to the next marker on its own row, less a gap
            nxt = next((xs[j] for j in range(i + 2, len(xs), 2)), first_button - 8)
            room = nxt - x - 10
            pygame.draw.line(surf, theme.PANEL_EDGE, (x, y + 4), (x, track.bottom + 4), 2)
            pygame.draw.circle(surf, theme.GOLD, (x, y + 12), 4)
            if room >= 48:
                name = fit_text(self.fonts, ph.name, "sans", NAME_SIZE, theme.INK, room)
                surf.blit(name, (x + 8, y))
        # the day's start and end under the track's ends
        clock = self.scenario.clock
        for tick, align in ((0, "left"), (lay.end_tick, "right")):
            label = self.fonts.render(
                clock.time_of_day(tick / clock.tick_rate), "sans", NAME_SIZE, theme.INK_DIM
            )
            x = lay.x_at(tick) - (label.get_width() if align == "right" else 0)
            surf.blit(label, (x, track.bottom + 14))
        return surf

    def _draw_track(self, target: pygame.Surface, lay: BarLayout, playback: Playback) -> None:
        t = lay.track
        pygame.draw.rect(target, TRACK_BG, t, border_radius=TRACK_H // 2)
        for a, b in playback.keyframes.coverage():
            x0, x1 = lay.x_at(a), lay.x_at(b)
            if x1 - x0 >= 2:
                r = pygame.Rect(x0, t.y, x1 - x0, t.height)
                pygame.draw.rect(target, COMPUTED, r, border_radius=TRACK_H // 2)
        x = lay.x_at(playback.playhead_tick)
        if x > t.x:
            played = pygame.Rect(t.x, t.y + 4, x - t.x, t.height - 8)
            pygame.draw.rect(target, PLAYED, played, border_radius=4)

    def _draw_icons(self, target: pygame.Surface, lay: BarLayout, playback: Playback) -> None:
        events = playback.keyframes.events()
        if len(playback.world.events) > len(events):
            events = tuple(playback.world.events)
        y = lay.track.y - 13
        for ev in events:
            if ev.kind == "phase":
                continue  # phases have their own markers
            draw_icon(target, ev.kind, lay.x_at(ev.tick), y)

    def _draw_playhead(self, target: pygame.Surface, lay: BarLayout, playback: Playback) -> None:
        tick = playback.playhead_tick
        x = lay.x_at(tick)
        t = lay.track
        pygame.draw.line(target, theme.GOLD, (x, t.y - 22), (x, t.bottom + 6), 3)
        pygame.draw.circle(target, DARK, (x, t.centery), KNOB_R + 3)
        pygame.draw.circle(target, theme.GOLD, (x, t.centery), KNOB_R)
        if playback.seeking and playback.target is not None:
            draw_progress_ring(target, (lay.x_at(playback.target), t.centery), playback)
        text = self.label_text(playback)
        label = self.fonts.render(text, "sans-bold", CLOCK_LABEL_SIZE, theme.GOLD)
        box = label.get_rect(midtop=(x, t.bottom + 8)).inflate(16, 2)
        box.clamp_ip(pygame.Rect(t.x - PAD, box.y, t.width + 2 * PAD, box.height))
        pygame.draw.rect(target, DARK, box, border_radius=6)
        pygame.draw.rect(target, theme.PANEL_EDGE, box, width=1, border_radius=6)
        target.blit(label, label.get_rect(center=box.center))

    def label_text(self, playback: Playback) -> str:
        """The playhead's time: the moment shown, as the big clock has it (one time)."""
        return self.scenario.clock.time_of_day(playback.display_seconds)

    def _draw_buttons(self, target: pygame.Surface, lay: BarLayout, playback: Playback) -> None:
        r = lay.play
        c = r.center
        paused = not playback.playing
        pygame.draw.circle(target, theme.GOLD, c, r.width // 2)
        pygame.draw.circle(target, DARK, c, r.width // 2 - 4)
        pygame.draw.circle(target, theme.GOLD, c, r.width // 2 - 9)
        s = r.width // 5
        if paused:  # show what a tap does: play
            pts = [(c[0] - s + 5, c[1] - s - 2), (c[0] - s + 5, c[1] + s + 2), (c[0] + s + 6, c[1])]
            pygame.draw.polygon(target, DARK, pts)
        else:
            for dx in (-s // 2 - 4, s // 2 + 4):
                bar = pygame.Rect(0, 0, s // 2 + 3, 2 * s + 2)
                bar.center = (c[0] + dx, c[1])
                pygame.draw.rect(target, DARK, bar, border_radius=2)
        speed = playback.clock.speed
        for sp, chip in zip(SPEEDS, lay.chips(), strict=True):
            self._draw_chip(target, chip, speed_label(sp), sp == speed)


def draw_progress_ring(target: pygame.Surface, centre: tuple[int, int], playback: Playback) -> None:
    """Where an unfinished seek is going: a hollow knob, its ring filling as it catches up."""
    r = KNOB_R
    pygame.draw.circle(target, DARK, centre, r + 3)
    pygame.draw.circle(target, theme.INK_DIM, centre, r, width=3)
    done = playback.seek_progress
    if done > 0:
        box = pygame.Rect(0, 0, 2 * r, 2 * r)
        box.center = centre
        top = math.pi / 2
        pygame.draw.arc(target, theme.GOLD, box, top - 2 * math.pi * done, top, 5)


def draw_icon(target: pygame.Surface, kind: str, x: int, y: int) -> None:
    """A small glyph per event kind, drawn with shapes (no font needed), centred at (x, y)."""
    s = ICON
    if kind == "rout":  # a red arrow down: a formation breaks
        pts = [(x - s, y - s + 2), (x + s, y - s + 2), (x, y + s)]
        pygame.draw.polygon(target, RED, pts)
        pygame.draw.polygon(target, DARK, pts, 1)
    elif kind == "rally":  # green arrow up
        pts = [(x - s, y + s - 2), (x + s, y + s - 2), (x, y - s)]
        pygame.draw.polygon(target, GREEN, pts)
        pygame.draw.polygon(target, DARK, pts, 1)
    elif kind == "commander_falls":  # a red cross
        pygame.draw.line(target, RED, (x - s, y - s), (x + s, y + s), 4)
        pygame.draw.line(target, RED, (x - s, y + s), (x + s, y - s), 4)
    elif kind == "commander_leaves":  # a gold arrow leaving to the right
        pygame.draw.line(target, theme.GOLD, (x - s, y), (x + s - 2, y), 3)
        pygame.draw.polygon(target, theme.GOLD, [(x + s, y), (x + 2, y - 6), (x + 2, y + 6)])
    elif kind == "stand_formed":  # a shield
        pts = [(x - s, y - s), (x + s, y - s), (x + s, y), (x, y + s + 2), (x - s, y)]
        pygame.draw.polygon(target, theme.GOLD, pts)
        pygame.draw.polygon(target, DARK, pts, 2)
    elif kind == "nightfall":  # a moon
        pygame.draw.circle(target, theme.INK, (x, y), s)
        pygame.draw.circle(target, DARK, (x + 4, y - 3), s - 1)
    elif kind == "crossing":  # water
        pygame.draw.lines(
            target, BLUE, False, [(x - s, y), (x - 3, y - 4), (x + 3, y + 4), (x + s, y)], 3
        )
    elif kind == "charge":  # a chevron
        pygame.draw.lines(target, theme.GOLD, False, [(x - s, y - s), (x, y), (x - s, y + s)], 3)
        pygame.draw.lines(target, theme.GOLD, False, [(x, y - s), (x + s, y), (x, y + s)], 3)
    else:  # dismount and anything new: a dot
        pygame.draw.circle(target, theme.INK_DIM, (x, y), s // 2 + 1)


def fit_text(
    fonts: Fonts, text: str, face: str, size: int, colour: tuple[int, int, int], width: int
) -> pygame.Surface:
    """Render `text`, shortened with an ellipsis until it fits `width` px."""
    surf = fonts.render(text, face, size, colour)
    if surf.get_width() <= width:
        return surf
    font = fonts.font(face, size)
    words = text
    while len(words) > 1 and font.size(words + "…")[0] > width:
        words = words[:-1].rstrip()
    return fonts.render(words + "…", face, size, colour)
