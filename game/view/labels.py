"""Banners: each formation's name (and men now) floating above it, decluttered.

Positions come from the interpolated soldier positions; labels that would overlap a label
already placed are nudged upwards once, then dropped (bigger formations are placed first), so
the melee never turns into a pile of text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pygame

from game.view import theme
from game.view.camera import Camera
from game.view.fonts import Fonts


@dataclass(frozen=True)
class Banner:
    text: str
    colour: tuple[int, int, int]  # the side's colour, as a swatch
    x: float  # screen position of the formation's centre
    y: float
    back_x: float  # unit vector pointing behind the formation (its rear), on screen
    back_y: float
    gap: float  # px from the centre to the formation's rear edge
    weight: float  # placement priority
    index: int = -1  # formation row (a tap on the banner selects it)


def place(
    banners: list[Banner],
    fonts: Fonts,
    bounds: pygame.Rect,
    avoid: Sequence[pygame.Rect] = (),
) -> list[tuple[Banner, pygame.Rect]]:
    """Choose which banners to show and where: behind their formation, never overlapping.

    Behind, so the ground between the armies (where the action is) stays clear. Bigger
    formations are placed first; a banner that collides is tried further back, then dropped.
    """
    placed: list[tuple[Banner, pygame.Rect]] = []
    for b in sorted(banners, key=lambda b: -b.weight):
        surf = fonts.render(b.text, "sans-bold", theme.LABEL_SIZE, theme.INK)
        w, h = surf.get_width() + 34, surf.get_height() + 10
        for extra in (14, 14 + h, 14 + 2 * h):
            # distance from centre to the label's centre along the rear direction
            along = b.gap + extra + abs(b.back_x) * w / 2 + abs(b.back_y) * h / 2
            cx = b.x + b.back_x * along
            cy = b.y + b.back_y * along
            rect = pygame.Rect(int(cx - w / 2), int(cy - h / 2), w, h)
            if (
                bounds.contains(rect)
                and rect.collidelist(avoid) < 0
                and all(not rect.colliderect(r) for _, r in placed)
            ):
                placed.append((b, rect))
                break
    return placed


def draw_banners(
    target: pygame.Surface,
    fonts: Fonts,
    banners: list[Banner],
    avoid: Sequence[pygame.Rect] = (),
) -> list[tuple[Banner, pygame.Rect]]:
    """Draw the banners that fit (clear of each other and of `avoid`); return them placed."""
    placed = place(banners, fonts, target.get_rect(), avoid)
    for b, rect in placed:
        shade = pygame.Surface(rect.size, pygame.SRCALPHA)
        shade.fill((*theme.LABEL_BG, theme.LABEL_ALPHA))
        target.blit(shade, rect.topleft)
        pygame.draw.rect(target, b.colour, (rect.x + 6, rect.y + 6, 14, rect.height - 12))
        surf = fonts.render(b.text, "sans-bold", theme.LABEL_SIZE, theme.INK)
        target.blit(surf, (rect.x + 26, rect.y + 5))
    return placed


def banners_for(
    camera: Camera,
    names: list[str],
    side_colours: list[tuple[int, int, int]],
    xs: np.ndarray,
    ys: np.ndarray,
    men: np.ndarray,
    facing: np.ndarray,
    depth_m: np.ndarray,
) -> list[Banner]:
    """Banner data for each formation on the field; `facing` is (2, F), `depth_m` (F,)."""
    out = []
    for i, name in enumerate(names):
        if men[i] < 0.5:
            continue
        sx, sy = camera.point_to_screen(float(xs[i]), float(ys[i]))
        out.append(
            Banner(
                text=f"{name} · {round(men[i]):,}",
                colour=side_colours[i],
                x=sx,
                y=sy,
                back_x=-float(facing[0, i]),
                back_y=-float(facing[1, i]),
                gap=float(depth_m[i]) * camera.scale / 2,
                weight=float(men[i]),
                index=i,
            )
        )
    return out
