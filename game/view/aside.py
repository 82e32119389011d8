"""The caption moved aside along the screen's foot, off the formations' blocks and the arrows
(`step_aside`; `interface.Interface` tries it at narrower widths), and the cover sum the key
hint uses too (`game.view.hint`)."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.view import theme
from game.view.hud import Block, free_span, moved
from game.view.units import Units


def covered(box: pygame.Rect, crowd: Sequence[pygame.Rect]) -> int:
    """Px² of the `crowd` under `box`."""
    return sum(a.width * a.height for a in (box.clip(c) for c in crowd))


HUD_CLASH = 1 << 40
"""What `step_aside` reports covered when the caption cannot sit clear of the rest of the HUD
(more than any crowd of blocks could cover)."""


def step_aside(
    blocks: list[Block],
    crowd: tuple[pygame.Rect, ...],
    width: int,
    units: Units,
    keep_clear: tuple[pygame.Rect, ...] = (),
    bottom_reserved: int = 0,
    height: int = 0,
    prefer: int | None = None,
    soft: tuple[pygame.Rect, ...] = (),
) -> tuple[list[Block], int]:
    """The caption moved sideways, within the free stretch of the screen's foot, to where it
    covers the least of the `crowd` (the formations' blocks), then of the `soft` (the arrows):
    centred while nothing lies under it, else the place covering the least (nearest `prefer`,
    the last frame's x, then the centre). The other blocks as they were; and the px² of the
    crowd it still covers (the arrows not counted: the caller narrows it for blocks only)."""
    k = next((n for n, b in enumerate(blocks) if b.name == "caption"), None)
    if k is None or not (crowd or soft):
        return blocks, 0
    box = blocks[k].box
    m = units.px(theme.MARGIN)
    left, right = free_span(width, m, height - bottom_reserved - m, keep_clear)
    right = max(left, right - box.width)

    crowd = tuple(c.inflate(2 * m, 2 * m) for c in crowd)  # a block touching it is under it

    def under(x: int, boxes: tuple[pygame.Rect, ...] = crowd) -> int:
        return covered(box.move(x - box.x, 0), boxes)

    fixed = (*(b.box for n, b in enumerate(blocks) if n != k), *keep_clear)

    def clear_of_hud(x: int) -> bool:  # (a narrowed caption is taller: it may reach a button)
        return box.move(x - box.x, 0).collidelist(fixed) < 0

    if under(box.x) == 0 and under(box.x, soft) == 0 and clear_of_hud(box.x):
        return blocks, 0
    grid = sorted({box.x, *range(left, right + 1, max(1, units.px(24))), right})
    xs = [x for x in grid if clear_of_hud(x)]
    if not xs:  # nowhere clear of the HUD at this width: the caller tries another
        return blocks, HUD_CLASH
    home = box.x if prefer is None else prefer
    best = min(xs, key=lambda x: (under(x), under(x, soft), abs(x - home), abs(x - box.x)))
    out = list(blocks)
    out[k] = moved(blocks[k], best, box.y)
    return out, under(best)
