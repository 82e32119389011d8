"""The hover tooltip: a formation's name next to the mouse pointer (mouse only; taps open the
panel instead). Kept inside the screen and clear of the pointer."""

from __future__ import annotations

import pygame

from game.view import theme
from game.view.fonts import Fonts

OFFSET = (22, 26)  # px from the pointer's hot spot: below and right of a standard arrow


def tooltip_rect(fonts: Fonts, text: str, at: tuple[int, int], bounds: pygame.Rect) -> pygame.Rect:
    surf = fonts.render(text, "sans-bold", theme.LABEL_SIZE, theme.INK)
    rect = pygame.Rect(
        at[0] + OFFSET[0], at[1] + OFFSET[1], surf.get_width() + 40, surf.get_height() + 14
    )
    if rect.right > bounds.right:
        rect.right = at[0] - 8
    if rect.bottom > bounds.bottom:
        rect.bottom = at[1] - 8
    return rect.clamp(bounds)


def draw_tooltip(
    target: pygame.Surface,
    fonts: Fonts,
    text: str,
    colour: tuple[int, int, int],
    at: tuple[int, int],
) -> pygame.Rect:
    rect = tooltip_rect(fonts, text, at, target.get_rect())
    shade = pygame.Surface(rect.size, pygame.SRCALPHA)
    shade.fill((*theme.PANEL, theme.TOOLTIP_ALPHA))
    target.blit(shade, rect.topleft)
    pygame.draw.rect(target, theme.PANEL_EDGE, rect, width=1, border_radius=3)
    pygame.draw.rect(target, colour, (rect.x + 8, rect.y + 7, 14, rect.height - 14))
    surf = fonts.render(text, "sans-bold", theme.LABEL_SIZE, theme.INK)
    target.blit(surf, (rect.x + 30, rect.y + 7))
    return rect
