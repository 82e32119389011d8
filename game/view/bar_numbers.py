"""The numbers of the numbered events on the timeline bar, under its track.

The same numbers as on the map and in the caption (`game.view.moment.NUMBERED`, counted in
the order the battle plays them). Where events crowd (the half hour of the collapse) only the
numbers that fit are written; the event in the caption now always is, on a gold disc, unless
the playhead's time is there (a number half under it read as another: "16 1" for 18).
"""

from __future__ import annotations

import pygame

from game.timeline.playback import Playback
from game.view import theme
from game.view.fonts import Fonts
from game.view.moment import EVENT_SHOWN_SECONDS, NUMBERED

NUMBER_SIZE = 16  # design px


def known_events(playback: Playback) -> tuple:
    """The day's events as far as known: the keyframes', or the live world's if it is ahead
    (`playback` a Playback or the Programme round it)."""
    logged = playback.keyframes.events()
    return tuple(playback.world.events) if len(playback.world.events) > len(logged) else logged


def caption_number(playback: Playback, numbered: list) -> int | None:
    """The index among the `numbered` events of the one the caption tells (the latest of the
    last few battle seconds), or None: it is on a gold disc under the track."""
    tick = int(playback.shown_tick)
    recent = tick - EVENT_SHOWN_SECONDS * playback.world.scenario.clock.tick_rate
    shown = [k for k, e in enumerate(numbered) if recent <= e.tick <= tick]
    return shown[-1] if shown else None


def draw_event_numbers(
    target: pygame.Surface,
    lay,
    playback: Playback,
    events: tuple,
    fonts: Fonts,
    head: pygame.Rect | None = None,
) -> list[tuple[str, pygame.Rect]]:
    """Under the bar's track (`lay`, a BarLayout), each numbered event's number where it has
    room, clear of the playhead's time (`head`); the caption's event (the latest of the last
    few battle seconds) on a gold disc. Returns each number's name and box (the layout's)."""
    u = lay.units
    numbered = [e for e in events if e.kind in NUMBERED]
    current = caption_number(playback, numbered)
    y = lay.track.bottom + u.px(4)
    size = u.text(NUMBER_SIZE)
    taken: list[pygame.Rect] = [] if head is None else [head]
    out = []
    if current is not None:
        ev = numbered[current]
        label = fonts.render(fonts.words.digits(str(current + 1)), "sans-bold", size, theme.PANEL)
        c = (lay.x_at(ev.tick), y + label.get_height() // 2)
        r = label.get_height() // 2 + u.px(3)
        disc = pygame.Rect(c[0] - r, c[1] - r, 2 * r, 2 * r)
        if disc.collidelist(taken) < 0:
            pygame.draw.circle(target, theme.GOLD, c, r)
            target.blit(label, label.get_rect(center=c))
            taken.append(disc)
            out.append((f"bar.event.{current + 1}", disc))
    for k, ev in enumerate(numbered):
        if k == current:
            continue
        label = fonts.render(fonts.words.digits(str(k + 1)), "sans-bold", size, theme.INK_DIM)
        rect = label.get_rect(midtop=(lay.x_at(ev.tick), y))
        # half a digit's height clear each side: "1" and "5" two px apart read "15"
        if rect.inflate(rect.height, 0).collidelist(taken) < 0:
            target.blit(label, rect)
            taken.append(rect)
            out.append((f"bar.event.{k + 1}", rect))
    return out
