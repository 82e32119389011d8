"""Marks on the timeline bar where Procopius and Malalas tell the battle differently.

A small diamond, half crimson, half parchment, sits under the track at each point of the
scenario's `tellers: differences:` (why they fought, where the river was, the Arabs, Belisarius,
who saved the army, the named dead); the "Who tells us" panel says what each account has there.
"""

from __future__ import annotations

import pygame

from game.view import theme

HALF = 10  # design px: half the diamond's width
LEFT = (176, 48, 52)  # one account's half (imperial crimson, as the Romans' colour)
RIGHT = theme.INK


def draw_divergences(
    target: pygame.Surface, x_at, ticks: tuple[int, ...], y: int, half: int = HALF
) -> list[pygame.Rect]:
    """Draw a diamond at each tick (x from `x_at(tick)`), centred on `y`; return their rects."""
    out = []
    for tick in ticks:
        x = x_at(tick)
        top, bottom = (x, y - half), (x, y + half)
        pygame.draw.polygon(target, LEFT, [top, (x - half, y), bottom])
        pygame.draw.polygon(target, RIGHT, [top, (x + half, y), bottom])
        pygame.draw.polygon(target, theme.PANEL, [top, (x - half, y), bottom, (x + half, y)], 2)
        out.append(pygame.Rect(x - half, y - half, 2 * half + 1, 2 * half + 1))
    return out
