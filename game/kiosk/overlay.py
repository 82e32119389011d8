"""What the kiosk draws over the battle: the "touch to explore" hint, the idle warning with its
countdown, and the large trackball pointer.

Calm by design: no blinking (WCAG 2.3.1 allows at most three flashes a second; we use none),
the hint breathes slowly instead, and every text meets the project's contrast pairs.
"""

from __future__ import annotations

import math

import pygame

from game.lang.words import N_
from game.view import theme
from game.view.fonts import Fonts
from game.view.hud import panel
from game.view.units import UNSCALED, Units

TOUCH_HINT = N_("Touch to explore")
VISITOR_HINT = N_("Tap a unit to learn about it · drag to move · pinch to zoom")
HINT_BREATH_S = 6.0  # one slow swell of the hint's edge, in seconds
WARNING_TITLE = N_("Are you still there?")
WARNING_LINE = N_("The battle starts again when the count reaches zero.")
WARNING_BODY = N_("Touch anywhere to keep exploring.")
POINTER_SIZE = 44  # px: a trackball pointer seen from two metres
HINT_TOP = 34  # design px from the top: the hint sits between the title and clock boxes


def touch_hint_rect(
    fonts: Fonts,
    size: tuple[int, int],
    offset: tuple[int, int],
    units: Units = UNSCALED,
    below: tuple[pygame.Rect, ...] = (),
) -> pygame.Rect:
    """Where the "touch to explore" pill goes: top centre, or under any of `below` (the title
    and clock boxes) it would touch on a narrow screen."""
    m = units.px(theme.MARGIN)
    text = fonts.render(fonts.t(TOUCH_HINT), "sans-bold", units.text(theme.PHASE_SIZE), theme.INK)
    box = text.get_rect().inflate(2 * m + units.px(48), units.px(28))
    box.midtop = (size[0] // 2 + offset[0], units.px(HINT_TOP) + offset[1])
    clash = [r for r in below if r.inflate(m, m).colliderect(box)]
    if clash:
        box.top = max(r.bottom for r in clash) + m
    return box


def draw_touch_hint(
    target: pygame.Surface,
    fonts: Fonts,
    now: float,
    box: pygame.Rect,
    units: Units = UNSCALED,
    still: bool = False,
) -> pygame.Rect:
    """The pill inviting a touch, in `box`; its edge swells slowly, it never blinks (`still`,
    for reduced motion: its edge stays gold)."""
    m = units.px(theme.MARGIN)
    text = fonts.render(fonts.t(TOUCH_HINT), "sans-bold", units.text(theme.PHASE_SIZE), theme.INK)
    panel(target, box)
    breath = 1.0
    if not still:
        breath = 0.5 + 0.5 * math.sin(2 * math.pi * (now % HINT_BREATH_S) / HINT_BREATH_S)
    edge = tuple(
        round(a + (b - a) * breath) for a, b in zip(theme.PANEL_EDGE, theme.GOLD, strict=True)
    )
    pygame.draw.rect(target, edge, box, width=max(2, units.px(3)), border_radius=units.px(6))
    _hand(target, (box.x + m + units.px(10), box.centery), units)
    target.blit(text, text.get_rect(midleft=(box.x + m + units.px(40), box.centery)))
    return box


def _hand(target: pygame.Surface, at: tuple[int, int], units: Units) -> None:
    """A fingertip touching a surface: a disc with two rings."""
    x, y = at
    pygame.draw.circle(target, theme.GOLD, (x, y), units.px(8))
    pygame.draw.circle(target, theme.GOLD, (x, y), units.px(15), width=max(1, units.px(2)))


def draw_idle_warning(target: pygame.Surface, fonts: Fonts, seconds_left: float) -> pygame.Rect:
    """A centred card with the countdown in large figures."""
    w, h = target.get_size()
    shade = pygame.Surface((w, h), pygame.SRCALPHA)
    shade.fill((*theme.PANEL, 150))
    target.blit(shade, (0, 0))
    t = fonts.t
    title = fonts.render(t(WARNING_TITLE), "serif-bold", theme.TITLE_SIZE, theme.GOLD)
    secs = max(0, math.ceil(seconds_left))
    count = fonts.render(fonts.words.number(secs), "serif-bold", 2 * theme.CLOCK_SIZE, theme.INK)
    line = fonts.render(t(WARNING_LINE), "sans", theme.CAPTION_SIZE, theme.INK)
    body = fonts.render(t(WARNING_BODY), "sans-bold", theme.CAPTION_SIZE, theme.INK)
    items = (title, count, line, body)
    bw = max(s.get_width() for s in items) + 4 * theme.MARGIN
    bh = sum(s.get_height() for s in items) + 5 * theme.MARGIN
    box = pygame.Rect(0, 0, min(bw, w), min(bh, h))
    box.center = (w // 2, h // 2)
    panel(target, box)
    pygame.draw.rect(target, theme.GOLD, box, width=2, border_radius=4)
    y = box.y + theme.MARGIN
    for surf in items:
        target.blit(surf, surf.get_rect(midtop=(box.centerx, y)))
        y += surf.get_height() + theme.MARGIN
    return box


def draw_pointer(target: pygame.Surface, pos: tuple[int, int]) -> None:
    """A large arrow pointer, dark-edged so it shows on sand and on water alike."""
    x, y = pos
    s = POINTER_SIZE
    shape = ((0, 0), (0, 1), (0.28, 0.74), (0.5, 1.1), (0.64, 1.03), (0.43, 0.68), (0.75, 0.68))
    pts = [(x + s * u, y + s * v) for u, v in shape]
    pygame.draw.polygon(target, theme.INK, pts)
    pygame.draw.polygon(target, theme.PANEL, pts, width=3)
