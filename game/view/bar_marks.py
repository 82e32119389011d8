"""What the timeline bar draws besides its layout: event icons, the catching-up ring, and text
shortened to fit. Shapes only, no font for the icons; colours of the bar in one place."""

from __future__ import annotations

import math

import pygame

from game.timeline.playback import Playback
from game.view import theme
from game.view.bar_layout import ICON, KNOB_R
from game.view.fonts import Fonts

TRACK_BG = (46, 48, 54)
COMPUTED = (150, 136, 108)
PLAYED = theme.GOLD
RED = (214, 84, 70)
GREEN = (120, 190, 120)
BLUE = (120, 170, 220)
DARK = theme.PANEL
BAR_ALPHA = 255  # opaque: nothing shows through the bar (it was 246, a 4 % glimpse of the
# map), so its picture is kept while nothing on it changes (`bar_picture`)


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
    words = text
    while len(words) > 1 and fonts.size(words + "…", face, size)[0] > width:
        words = words[:-1].rstrip()
    return fonts.render(words + "…", face, size, colour)
