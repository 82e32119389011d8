"""The hover label: a formation's name next to the mouse pointer (mouse only; taps open the
panel instead), as a request to the frame's placement pass: beside the pointer, never under
its hot spot, slid back onto the screen at an edge, and never over the panel or the HUD."""

from __future__ import annotations

import pygame

from game.view import theme
from game.view.fonts import Fonts
from game.view.placement import LabelRequest, around

GAP = 24  # px from the pointer's hot spot: clear of a standard arrow pointer
HOVER_PRIORITY = 1e9
"""Above every banner and tag: what the visitor points at is named first."""


def hover_surface(
    fonts: Fonts, text: str, colour: tuple[int, int, int], size: int = theme.LABEL_SIZE
) -> pygame.Surface:
    ink = fonts.render(text, "sans-bold", size, theme.INK)
    pad = max(4, round(size * 0.32))
    swatch = max(8, round(size * 0.64))
    surf = pygame.Surface(
        (ink.get_width() + swatch + 4 * pad, ink.get_height() + 2 * pad), pygame.SRCALPHA
    )
    surf.fill((*theme.PANEL, theme.TOOLTIP_ALPHA))
    pygame.draw.rect(surf, theme.PANEL_EDGE, surf.get_rect(), width=1, border_radius=3)
    pygame.draw.rect(surf, colour, (pad, pad, swatch, surf.get_height() - 2 * pad))
    surf.blit(ink, (2 * pad + swatch, pad))
    return surf


def hover_request(
    key: str,
    fonts: Fonts,
    text: str,
    colour: tuple[int, int, int],
    at: tuple[int, int],
    size: int = theme.LABEL_SIZE,
    gap: int = GAP,
) -> LabelRequest:
    """The hover label for what is under the pointer at `at`; `key` is the thing's own label
    key, so its banner or tag steps aside instead of showing the same name twice."""
    surf = hover_surface(fonts, text, colour, size)
    w, h = surf.get_size()
    return LabelRequest(key, surf, at, around(w, h, gap), HOVER_PRIORITY, clamp=True)
