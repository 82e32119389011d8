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
from game.view.layout import Layout
from game.view.units import UNSCALED, Units

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
    both use it, so what you see is what you hit. Sizes are design px scaled by `units`."""

    width: int
    height: int
    end_tick: int
    accounts: tuple[str, ...] = ()  # short names of the accounts, one button each
    dx: int = 0  # burn-in drift of everything on the bar but its ground
    dy: int = 0
    units: Units = UNSCALED

    @property
    def bar_height(self) -> int:
        """The bar's height on this screen: two rows of phase names, icons, track, clock."""
        u = self.units
        names = 2 * self.name_line
        knob = u.px(KNOB_R) - u.px(TRACK_H) // 2 + 3  # the time sits clear of the knob
        below = max(u.px(8), knob) + self.label_line
        track_part = u.px(6) + names + u.px(24) + u.px(TRACK_H) + below + u.px(6)
        return max(track_part, u.target(BUTTON) + 2 * u.px(PAD) // 2, u.px(BAR_HEIGHT))

    @property
    def name_line(self) -> int:
        return round(self.units.text(NAME_SIZE) * 1.27)

    @property
    def label_line(self) -> int:
        """The playhead's time box: a bold line (about 1.17 em) and its frame."""
        return round(self.units.text(CLOCK_LABEL_SIZE) * 1.2) + 4

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
        c, gap = u.target(CHIP_W), max(u.px(CHIP_GAP), 4)
        total = len(SPEEDS) * c + (len(SPEEDS) - 1) * gap
        x0 = p.right - u.px(PAD) - total
        y = p.y + (p.height - c) // 2
        return [pygame.Rect(x0 + i * (c + gap), y, c, c) for i in range(len(SPEEDS))]

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

    @property
    def account_text_width(self) -> int:
        """Widest account name at the chip's size (about 0.62 em a letter, bold)."""
        longest = max((len(a) for a in self.accounts), default=0)
        return round(longest * self.units.text(CHIP_SIZE) * 0.62)

    @property
    def track(self) -> pygame.Rect:
        """The band the playhead runs along (the hit zone is the bar's whole height)."""
        p, u = self.inner, self.units
        x0 = self.play.right + 2 * u.px(PAD)
        right = self.account_chips()[0].x if self.accounts else self.chips()[0].x
        x1 = right - 2 * u.px(PAD)
        y = p.y + u.px(6) + 2 * self.name_line + u.px(24)
        return pygame.Rect(x0, y, max(x1 - x0, 1), u.px(TRACK_H))

    @property
    def names_right(self) -> int:
        """Where phase names must stop: short of the first button."""
        return (self.account_chips() or self.chips())[0].x - self.units.px(8)

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
        pad, gap = self.units.px(PAD), self.units.px(CHIP_GAP)
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


class TimelineBar:
    """Draws the bar. Keeps a cache of its static layer (ground, phase markers and names), keyed
    by size, units, account and the current phase (whose name is always shown whole)."""

    def __init__(self, scenario: Scenario, fonts: Fonts | None = None):
        self.scenario = scenario
        self.fonts = fonts or Fonts()
        self._static: tuple[tuple, pygame.Surface, tuple] | None = None
        self.account_names = tuple(short_account_name(t) for t in scenario.accounts.values())

    def layout(
        self, size: tuple[int, int], offset: tuple[int, int] = (0, 0), units: Units = UNSCALED
    ) -> BarLayout:
        return BarLayout(
            size[0], size[1], self.scenario.clock.end_tick, self.account_names, *offset, units
        )

    def draw(
        self,
        target: pygame.Surface,
        playback: Playback,
        offset: tuple[int, int] = (0, 0),
        units: Units = UNSCALED,
        layout: Layout | None = None,
    ) -> BarLayout:
        """Draw the bar; its leaves (buttons, track, names, times) go into `layout`."""
        lay = self.layout(target.get_size(), offset, units)
        account = playback.world.account
        phases = self.scenario.phases_for(account)
        starts = phase_starts(phases, playback.world.events)
        current = sum(1 for t in starts if t <= playback.playhead_tick) - 1
        key = (target.get_size(), account, offset, units, current, starts)
        if self._static is None or self._static[0] != key:
            self._static = (key, *self._draw_static(lay, phases, max(current, 0), starts))
        _, ground, names = self._static
        target.blit(ground, lay.panel.topleft)
        self._draw_track(target, lay, playback)
        self._draw_icons(target, lay, playback)
        head = self._draw_playhead(target, lay, playback)
        ends = self._draw_ends(target, lay, head)
        self._draw_buttons(target, lay, playback)
        self._draw_accounts(target, lay, account)
        if layout is not None:
            for name, rect in lay.leaves(tuple(self.scenario.accounts)):
                layout.add(name, rect)
            for name, rect in (*names, ("bar.playhead", head), *ends):
                layout.add(name, rect.move(0, 0))
        return lay

    def _draw_accounts(self, target: pygame.Surface, lay: BarLayout, account: str) -> None:
        for aid, name, chip in zip(
            self.scenario.accounts, lay.accounts, lay.account_chips(), strict=True
        ):
            self._draw_chip(target, lay.units, chip, name, aid == account, fit=True)

    def _draw_chip(
        self,
        target: pygame.Surface,
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
            label = fit_text(self.fonts, text, "sans-bold", size, colour, chip.width - units.px(16))
        else:
            label = self.fonts.render(text, "sans-bold", size, colour)
        target.blit(label, label.get_rect(center=chip.center))

    # -- layers ------------------------------------------------------------------------------------
    def _draw_static(
        self, lay: BarLayout, phases: tuple, current: int, starts: tuple[int, ...] = ()
    ) -> tuple[pygame.Surface, tuple[tuple[str, pygame.Rect], ...]]:
        """The ground with every phase's marker and as many names as fit (screen rects)."""
        p, u = lay.panel, lay.units
        surf = pygame.Surface(p.size, pygame.SRCALPHA)
        surf.fill((*theme.PANEL, BAR_ALPHA))
        pygame.draw.line(surf, theme.PANEL_EDGE, (0, 0), (p.width, 0), 2)
        track = lay.track.move(0, -p.y)
        size = u.text(NAME_SIZE)
        font = self.fonts.font("sans", size)
        xs = [lay.x_at(t) for t in (starts or tuple(ph.tick for ph in phases))]
        top = u.px(6) + lay.dy
        spots = pack_names(
            [font.size(ph.name)[0] for ph in phases],
            xs,
            current,
            2,
            lay.names_right,
            u.px(10),
            u.px(8),
            font.size("Th…")[0],
        )
        names = []
        below = top + 2 * lay.name_line  # marker lines run from under the names to the track
        for i, (ph, x) in enumerate(zip(phases, xs, strict=True)):
            pygame.draw.line(surf, theme.PANEL_EDGE, (x, below), (x, track.bottom + 4), 2)
            spot = spots[i]
            if spot is None:
                continue
            row, x0, room = spot
            y = top + row * lay.name_line
            pygame.draw.circle(surf, theme.GOLD, (x, y + lay.name_line // 2), max(2, u.px(4)))
            text = fit_text(self.fonts, ph.name, "sans", size, theme.INK, room)
            surf.blit(text, (x0, y))
            names.append((f"bar.phase.{ph.id}", text.get_rect(topleft=(x0, y + p.y))))
        return surf, tuple(names)

    def _draw_ends(
        self, target: pygame.Surface, lay: BarLayout, head: pygame.Rect
    ) -> list[tuple[str, pygame.Rect]]:
        """The day's start and end times under the track's ends, unless the playhead's own time
        is there (it is the one that matters, and two times must never overprint)."""
        clock, u = self.scenario.clock, lay.units
        out = []
        for name, tick, align in (("bar.start", 0, "left"), ("bar.end", lay.end_tick, "right")):
            text = clock.time_of_day(tick / clock.tick_rate)
            label = self.fonts.render(text, "sans", u.text(NAME_SIZE), theme.INK_DIM)
            x = lay.x_at(tick) - (label.get_width() if align == "right" else 0)
            r = label.get_rect(topleft=(x, lay.track.bottom + u.px(14)))
            if r.inflate(u.px(8), 0).colliderect(head):
                continue
            target.blit(label, r)
            out.append((name, r))
        return out

    def _draw_track(self, target: pygame.Surface, lay: BarLayout, playback: Playback) -> None:
        t = lay.track
        pygame.draw.rect(target, TRACK_BG, t, border_radius=t.height // 2)
        for a, b in playback.keyframes.coverage():
            x0, x1 = lay.x_at(a), lay.x_at(b)
            if x1 - x0 >= 2:
                r = pygame.Rect(x0, t.y, x1 - x0, t.height)
                pygame.draw.rect(target, COMPUTED, r, border_radius=t.height // 2)
        x = lay.x_at(playback.playhead_tick)
        if x > t.x:
            inset = t.height // 4
            played = pygame.Rect(t.x, t.y + inset, x - t.x, t.height - 2 * inset)
            pygame.draw.rect(target, PLAYED, played, border_radius=inset)

    def _draw_icons(self, target: pygame.Surface, lay: BarLayout, playback: Playback) -> None:
        events = playback.keyframes.events()
        if len(playback.world.events) > len(events):
            events = tuple(playback.world.events)
        u = lay.units
        y = lay.track.y - u.px(13)
        for ev in events:
            if ev.kind == "phase":
                continue  # phases have their own markers
            draw_icon(target, ev.kind, lay.x_at(ev.tick), y, u.px(ICON))

    def _draw_playhead(
        self, target: pygame.Surface, lay: BarLayout, playback: Playback
    ) -> pygame.Rect:
        """The knob on the track and the time under it; returns the time's box."""
        tick = playback.playhead_tick
        x = lay.x_at(tick)
        t, u = lay.track, lay.units
        knob = u.px(KNOB_R)
        pygame.draw.line(target, theme.GOLD, (x, t.y - u.px(22)), (x, t.bottom + u.px(6)), 3)
        pygame.draw.circle(target, DARK, (x, t.centery), knob + 3)
        pygame.draw.circle(target, theme.GOLD, (x, t.centery), knob)
        if playback.seeking and playback.target is not None:
            centre = (lay.x_at(playback.target), t.centery)
            draw_progress_ring(target, centre, playback, knob, max(2, u.px(5)))
        text = self.label_text(playback)
        label = self.fonts.render(text, "sans-bold", u.text(CLOCK_LABEL_SIZE), theme.GOLD)
        top = t.bottom + max(u.px(8), knob - t.height // 2 + 3)
        box = label.get_rect(midtop=(x, top)).inflate(u.px(16), 2)
        pad = u.px(PAD)
        box.clamp_ip(pygame.Rect(t.x - pad, box.y, t.width + 2 * pad, box.height))
        pygame.draw.rect(target, DARK, box, border_radius=u.px(6))
        pygame.draw.rect(target, theme.PANEL_EDGE, box, width=1, border_radius=u.px(6))
        target.blit(label, label.get_rect(center=box.center))
        return box

    def label_text(self, playback: Playback) -> str:
        """The playhead's time: the moment shown, as the big clock has it (one time)."""
        return self.scenario.clock.time_of_day(playback.display_seconds)

    def _draw_buttons(self, target: pygame.Surface, lay: BarLayout, playback: Playback) -> None:
        r = lay.play
        c = r.center
        paused = not playback.playing
        rim = max(2, r.width // 24)
        pygame.draw.circle(target, theme.GOLD, c, r.width // 2)
        pygame.draw.circle(target, DARK, c, r.width // 2 - rim)
        pygame.draw.circle(target, theme.GOLD, c, r.width // 2 - 2 * rim - 1)
        s = r.width // 5
        if paused:  # show what a tap does: play
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
        speed = playback.clock.speed
        for sp, chip in zip(SPEEDS, lay.chips(), strict=True):
            self._draw_chip(target, lay.units, chip, speed_label(sp), sp == speed)


def draw_progress_ring(
    target: pygame.Surface,
    centre: tuple[int, int],
    playback: Playback,
    r: int = KNOB_R,
    width: int = 5,
) -> None:
    """Where an unfinished seek is going: a hollow knob, its ring filling as it catches up."""
    pygame.draw.circle(target, DARK, centre, r + 3)
    pygame.draw.circle(target, theme.INK_DIM, centre, r, width=max(2, width * 3 // 5))
    done = playback.seek_progress
    if done > 0:
        box = pygame.Rect(0, 0, 2 * r, 2 * r)
        box.center = centre
        top = math.pi / 2
        pygame.draw.arc(target, theme.GOLD, box, top - 2 * math.pi * done, top, width)


def pack_names(
    widths: list[int],
    xs: list[int],
    current: int,
    rows: int,
    right: int,
    gap: int,
    indent: int,
    least: int,
) -> list[tuple[int, int, int] | None]:
    """Rows and places for phase names along the bar: (row, x, width px) or None (a marker
    without a name). A name starts `indent` px right of its marker at `xs[i]`, or, if it fits
    only that way (near the bar's end), ends `indent` px left of it.

    The current phase is placed first, whole; then the others, shortest first (so as many
    phases as possible keep their whole name), each whole in the first row where it fits, else
    shortened (an ellipsis) in the row with the most room, if at least `least` px; a name never
    runs into another nor past `right` or the bar's left end (`xs[0]`)."""
    taken: list[list[tuple[int, int]]] = [[] for _ in range(rows)]
    out: list[tuple[int, int, int] | None] = [None] * len(xs)
    left = xs[0] if xs else 0

    def free(row: int, a: int, b: int) -> bool:
        return (
            a >= left
            and b <= right
            and all(b + gap <= x0 or a >= x1 + gap for x0, x1 in taken[row])
        )

    def room(row: int, x0: int) -> int:
        """Free px from x0 rightwards in `row` (0 if x0 itself is taken)."""
        end = right
        for a, b in taken[row]:
            if a <= x0 < b + gap:
                return 0
            if a >= x0:
                end = min(end, a - gap)
        return max(end - x0, 0)

    rest = sorted((i for i in range(len(xs)) if i != current), key=lambda i: (widths[i], i))
    order = ([current] if 0 <= current < len(xs) else []) + rest
    for i in order:
        w = widths[i]
        after, before = xs[i] + indent, xs[i] - indent - w
        spot = next(
            ((r, x0, w) for x0 in (after, before) for r in range(rows) if free(r, x0, x0 + w)),
            None,
        )
        if spot is None:
            rooms = [room(r, after) for r in range(rows)]
            r = max(range(rows), key=lambda k: rooms[k])
            if rooms[r] < least:
                continue
            spot = (r, after, rooms[r])
        taken[spot[0]].append((spot[1], spot[1] + spot[2]))
        out[i] = spot
    return out


def phase_starts(phases, events) -> tuple[int, ...]:
    """Where each phase begins on the bar: its start, or, for a phase told when an event
    happens (`Phase.after`), where the event log has it once it has happened."""
    logged = {e.text: e.tick for e in events if e.kind in ("phase", "nightfall")}
    return tuple(p.tick if p.after is None else logged.get(p.name, p.tick) for p in phases)


def draw_icon(target: pygame.Surface, kind: str, x: int, y: int, s: int = ICON) -> None:
    """A small glyph per event kind, drawn with shapes (no font needed), centred at (x, y);
    `s` is its half-size."""
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
