"""The timeline bar along the bottom of the screen: the whole battle, from approach to nightfall.

What it shows: phase markers with their names (on two rows, the current phase's whole, as many
others whole as fit), event icons from the battle's event log (a formation routs or rallies, a
commander falls or leaves, the stand forms...), the part of the battle already computed (a
lighter band: seeking there is instant), the part played (gold), the playhead with the time of
day under it, a big play/pause button and one button per playback speed, each at least a
fingertip wide on any screen.

It draws from plain reads of the playback (never writes it); where things are is
`game.view.bar_layout` (which also answers the controls' hit tests), the icons and colours
`game.view.bar_marks`.
"""

from __future__ import annotations

from dataclasses import replace

import pygame

from game.lang.languages import Language
from game.lang.words import N_
from game.scenario.specs import Scenario
from game.timeline.clock import SPEEDS
from game.timeline.playback import Playback
from game.view import theme
from game.view.bar_buttons import (
    Chips,
    draw_accounts,
    draw_chip,
    draw_languages,
    draw_play,
    draw_speeds,
)
from game.view.bar_layout import (
    CHIP_SIZE,
    CLOCK_LABEL_SIZE,
    ICON,
    KNOB_R,
    NAME_SIZE,
    PAD,
    BarLayout,
    short_account_name,
    speed_label,
)
from game.view.bar_marks import (
    BAR_ALPHA,
    COMPUTED,
    DARK,
    PLAYED,
    TRACK_BG,
    draw_icon,
    draw_progress_ring,
    fit_text,
)
from game.view.bar_names import pack_names, pack_whole, whole_names
from game.view.bar_numbers import draw_event_numbers, known_events
from game.view.bar_picture import BarPicture, shown_state
from game.view.chapters import Chapters, Mark
from game.view.divergence import HALF as DIVERGE_HALF
from game.view.divergence import draw_divergences
from game.view.fonts import Fonts
from game.view.layout import Layout
from game.view.telling import phase_log
from game.view.units import UNSCALED, Units

CAMPAIGN_TRACK = (70, 78, 92)  # the campaign's stretches of the track: the battle's is warmer
ICON_KEY = (255, 0, 255)  # the icon band's see-through colour: no icon is drawn in it
BARE_GAP_EM = 1.0
"""Space between two phase names whose dotless ends face each other, in ems of their type: at
a word's space they read as one phrase ("The collapse Nightfall", 1024x600)."""
LARGE_TEXT_LABEL = N_("Large text")


class TimelineBar:
    """Draws the bar. Keeps a cache of its static layer (ground, phase markers and names), keyed
    by size, units, account and the current phase (whose name is always shown whole)."""

    def __init__(
        self, scenario: Scenario, fonts: Fonts | None = None, chapters: Chapters | None = None
    ):
        """`chapters`: the campaign before the battle and the aftermath after it, when the
        bar spans the whole programme (`game.timeline.programme`)."""
        self.scenario = scenario
        self.fonts = fonts or Fonts()
        self.chapters = chapters
        self._static: tuple[tuple, pygame.Surface, tuple] | None = None
        self._icons: tuple[tuple, pygame.Surface, tuple[int, int]] | None = None
        self._lay: BarLayout | None = None  # the last frame's layout
        self._chips = Chips()  # the speed and account chips, drawn once each
        self.picture = BarPicture()  # the whole bar, kept while nothing it shows changes
        self.divergence_marks: list[pygame.Rect] = []  # drawn last frame, on the track
        self.account_names = tuple(short_account_name(t) for t in scenario.accounts.values())
        self.languages: tuple[Language, ...] = ()  # offered on the bar (none: no button)
        self.language = ""  # the shown one's code
        self.languages_open = False
        self.large_text = False

    def show(self, shown: Scenario, language: str) -> None:
        """Name the phases and accounts from `shown` (the scenario in `language`)."""
        self.scenario = shown
        self.account_names = tuple(short_account_name(t) for t in shown.accounts.values())
        self.language = language
        self._static = None

    def layout(
        self,
        size: tuple[int, int],
        offset: tuple[int, int] = (0, 0),
        units: Units = UNSCALED,
        at: float | None = None,
    ) -> BarLayout:
        """The bar's geometry; `at` (the playhead's tick) decides whether Skip shows."""
        c = self.chapters
        if c is None:
            return BarLayout(
                size[0],
                size[1],
                self.scenario.clock.end_tick,
                self.account_names,
                *offset,
                units,
                **self._language_fields(units),
            )
        text = c.skip(at) if at is not None else None
        text = self.fonts.t(text) if text else text
        skip_w = 0
        if text:
            skip_w = self.fonts.size(text, "sans-bold", units.text(CHIP_SIZE))[0] + units.px(44)
        return BarLayout(
            size[0],
            size[1],
            c.end_tick,
            self.account_names,
            *offset,
            units,
            start_tick=c.start_tick,
            skip_w=skip_w,
            **self._language_fields(units),
        )

    def _language_fields(self, units: Units) -> dict:
        """The bar's language button and row, in the shown language's words and depth."""
        return {
            "languages": tuple(lang.name for lang in self.languages),
            "languages_open": self.languages_open,
            "large_text_label": self.fonts.t(LARGE_TEXT_LABEL),
            "line_depth": self.fonts.line_height("sans", 100)
            / self.fonts.font("sans", 100).get_linesize(),
            "speed_text_w": max(
                self.fonts.size(
                    self.fonts.words.digits(speed_label(sp)), "sans-bold", units.text(CHIP_SIZE)
                )[0]
                for sp in SPEEDS
            ),
        }

    def marks(self, account: str, events=()) -> tuple[Mark, ...]:
        """Every named mark on the bar, in order: the campaign, the phases (where the event log
        has them begin), the aftermath."""
        told = self.scenario.phases_for(account)
        phases = tuple(
            Mark(t, ph.id, ph.name, ph.short)
            for ph, t in zip(told, phase_starts(told, events), strict=True)
        )
        if self.chapters is None:
            return phases
        chapters = tuple(replace(m, name=self.fonts.t(m.name)) for m in self.chapters.marks)
        return tuple(sorted((*chapters, *phases), key=lambda m: m.tick))

    def draw(
        self,
        target: pygame.Surface,
        playback: Playback,
        offset: tuple[int, int] = (0, 0),
        units: Units = UNSCALED,
        layout: Layout | None = None,
    ) -> BarLayout:
        """Draw the bar; its leaves (buttons, track, names, times) go into `layout`."""
        lay = self.layout(target.get_size(), offset, units, playback.playhead_tick)
        lay = self._lay = self._lay if lay == self._lay else lay  # (its numbers worked out)
        account = playback.world.account
        phases = self.marks(account, playback.world.events)
        starts = tuple(m.tick for m in phases)
        current = sum(1 for t in starts if t <= playback.playhead_tick) - 1
        key = (target.get_size(), account, offset, units, current, starts, self.language)
        events = known_events(playback)
        skip = self.chapters.skip(playback.playhead_tick) if self.chapters is not None else None
        shown = shown_state(lay, playback, events, self.label_text(playback), skip)
        words = (id(self.fonts.words), self.fonts.rtl, self.large_text, self.languages)
        picture = (lay, key, shown, words, id(self.scenario))
        kept = self.picture.reuse(target, picture)
        if kept is None:
            leaves, self.divergence_marks = self._draw_parts(target, lay, playback, phases, key)
            inside = lay.skip is None and not lay.languages_open
            self.picture.keep(target, picture, lay.panel, leaves, self.divergence_marks, inside)
        else:
            leaves, self.divergence_marks = kept
        if layout is not None:
            for name, rect in leaves:
                layout.add(name, rect.move(0, 0))
        return lay

    def _draw_parts(
        self, target: pygame.Surface, lay: BarLayout, playback: Playback, phases, key: tuple
    ) -> tuple[tuple[tuple[str, pygame.Rect], ...], list[pygame.Rect]]:
        """Draw every part of the bar; its leaves (buttons, track, names, times) and the
        divergence marks drawn on its track."""
        units, account, current, starts = lay.units, key[1], key[4], key[5]
        if self._static is None or self._static[0] != key:
            self._static = (key, *self._draw_static(lay, phases, max(current, 0), starts))
        _, ground, names = self._static
        target.blit(ground, lay.panel.topleft)
        self._draw_track(target, lay, playback)
        # on the track, where the two accounts tell it differently ("Who tells us" says how)
        ticks = tuple(d.tick for d in self.scenario.tellers.differences)
        half = max(lay.track.height // 2 + 2, units.px(DIVERGE_HALF))
        marks = draw_divergences(target, lay.x_at, ticks, lay.track.centery, half)
        label, head = self._playhead_label(lay, playback)
        numbers = self._draw_icons(target, lay, playback, head)
        self._draw_playhead(target, lay, playback, label, head)
        ends = self._draw_ends(target, lay, head)
        draw_play(target, lay, playback.playing)
        draw_speeds(target, self.fonts, lay, playback.clock.speed, self._chips)
        draw_accounts(target, self.fonts, lay, self.scenario.accounts, account, self._chips)
        self._draw_skip(target, lay, playback)
        draw_languages(target, self.fonts, lay, self.languages, self.language, self.large_text)
        leaves = lay.leaves(tuple(self.scenario.accounts))
        leaves += [*names, ("bar.playhead", head), *ends, *numbers]
        return tuple(leaves), marks

    def _draw_skip(self, target: pygame.Surface, lay: BarLayout, playback: Playback) -> None:
        if lay.skip is None or self.chapters is None:
            return
        skip = self.chapters.skip(playback.playhead_tick)
        text = self.fonts.t(skip) if skip else ""
        draw_chip(target, self.fonts, lay.units, lay.skip, text, False)

    # -- layers ------------------------------------------------------------------------------------
    def _draw_static(
        self, lay: BarLayout, phases: tuple, current: int, starts: tuple[int, ...] = ()
    ) -> tuple[pygame.Surface, tuple[tuple[str, pygame.Rect], ...]]:
        """The ground with every phase's marker and as many names as fit (screen rects)."""
        p, u = lay.panel, lay.units
        surf = pygame.Surface(p.size, pygame.SRCALPHA)
        surf.fill((*theme.PANEL, BAR_ALPHA))  # (opaque: its picture is kept, `bar_picture`)
        pygame.draw.line(surf, theme.PANEL_EDGE, (0, 0), (p.width, 0), 2)
        track = lay.track.move(0, -p.y)
        size = u.text(NAME_SIZE)
        xs = [lay.x_at(t) for t in (starts or tuple(ph.tick for ph in phases))]
        top = u.px(6) + lay.dy
        least = self.fonts.size("Th…", "sans", size)[0]
        gap, indent = u.px(10), u.px(8)
        bare = round(BARE_GAP_EM * size)
        texts, spots = whole_names(
            [ph.name for ph in phases],
            [ph.short for ph in phases],
            lambda t: self.fonts.size(t, "sans", size)[0],
            current,
            lambda ws: pack_names(ws, xs, current, 2, lay.names_right, gap, indent, least, bare),
            lambda ws: pack_whole(ws, xs, 2, lay.names_right, gap, indent, bare),
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
            text = fit_text(self.fonts, texts[i], "sans", size, theme.INK, room)
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
        end = clock.end_tick  # the day's end, also when the aftermath follows it on the bar
        for name, tick, align in (("bar.start", 0, "left"), ("bar.end", end, "right")):
            text = self.fonts.words.clock(clock.time_of_day(tick / clock.tick_rate))
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
        if self.chapters is not None:  # the campaign's stretches, before and after the day
            end = self.scenario.clock.end_tick
            for a, b in ((lay.start_tick, 0), (end, lay.end_tick)):
                x0, x1 = lay.x_at(a), lay.x_at(b)
                if x1 - x0 >= 2:
                    r = pygame.Rect(x0, t.y, x1 - x0, t.height)
                    pygame.draw.rect(target, CAMPAIGN_TRACK, r, border_radius=t.height // 2)
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

    def _draw_icons(
        self, target: pygame.Surface, lay: BarLayout, playback: Playback, head: pygame.Rect
    ) -> list[tuple[str, pygame.Rect]]:
        events = known_events(playback)
        marks = tuple((ev.kind, ev.tick) for ev in events if ev.kind != "phase")  # (phases: own)
        key = (lay, marks)
        if self._icons is None or self._icons[0] != key:
            self._icons = (key, *self._icon_layer(lay, marks))
        _, layer, at = self._icons
        target.blit(layer, at)
        return draw_event_numbers(target, lay, playback, events, self.fonts, head)

    @staticmethod
    def _icon_layer(
        lay: BarLayout, marks: tuple[tuple[str, int], ...]
    ) -> tuple[pygame.Surface, tuple[int, int]]:
        """The event icons along the track, drawn once on a colour-keyed band (copied exactly
        onto the bar: the same pixels as drawing them there); redrawn when an event is added
        or the bar's geometry changes. A hundred icons drawn each frame cost ~0.3 ms."""
        u, t = lay.units, lay.track
        s = u.px(ICON)
        y = t.y - u.px(13)
        margin = s + 8  # the widest glyph (the moon, a 4 px cross) reaches s + 4 from its centre
        at = (t.x - margin, y - margin)
        band = pygame.Surface((t.width + 2 * margin, 2 * margin + 1))
        band.fill(ICON_KEY)
        band.set_colorkey(ICON_KEY)
        for kind, tick in marks:
            draw_icon(band, kind, lay.x_at(tick) - at[0], y - at[1], s)
        return band, at

    def _playhead_label(
        self, lay: BarLayout, playback: Playback
    ) -> tuple[pygame.Surface, pygame.Rect]:
        """The time under the playhead and its box (worked out first: the event numbers keep
        off it)."""
        t, u = lay.track, lay.units
        knob = u.px(KNOB_R)
        text = self.label_text(playback)
        label = self.fonts.render(text, "sans-bold", u.text(CLOCK_LABEL_SIZE), theme.GOLD)
        top = t.bottom + max(u.px(8), knob - t.height // 2 + 3)
        box = label.get_rect(midtop=(lay.x_at(playback.playhead_tick), top)).inflate(u.px(16), 2)
        pad = u.px(PAD)
        box.clamp_ip(pygame.Rect(t.x - pad, box.y, t.width + 2 * pad, box.height))
        return label, box

    def _draw_playhead(
        self,
        target: pygame.Surface,
        lay: BarLayout,
        playback: Playback,
        label: pygame.Surface,
        box: pygame.Rect,
    ) -> None:
        """The knob on the track and the time under it, in its box."""
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
        pygame.draw.rect(target, DARK, box, border_radius=u.px(6))
        pygame.draw.rect(target, theme.PANEL_EDGE, box, width=1, border_radius=u.px(6))
        target.blit(label, label.get_rect(center=box.center))

    def label_text(self, playback: Playback) -> str:
        """The playhead's time: the moment shown, as the big clock has it (one time); in the
        campaign, the day the map shows."""
        tick = playback.playhead_tick
        if self.chapters is not None and not 0 <= tick <= self.scenario.clock.end_tick:
            return self.fonts.words.digits(self.chapters.label(tick))
        return self.fonts.words.clock(self.scenario.clock.time_of_day(playback.display_seconds))


def phase_starts(phases, events) -> tuple[int, ...]:
    """Where each phase begins on the bar: its start, or, for a phase told when an event
    happens (`Phase.after`), where the event log has it once it has happened."""
    logged = phase_log(events)
    return tuple(p.tick if p.after is None else logged.get(p.id, p.tick) for p in phases)
