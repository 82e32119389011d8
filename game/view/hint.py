"""The key hint keeps off the armies: moved along the top, or narrowed, off the formations' blocks.

The hint ("Space pause · ←/→ 15 min · …") sits at the top, centred between the title and the
clock (`hud.layout_hud`). At the blow the Roman line runs up the screen under it, and a hint
over the top of a formation hides what the visitor is there to see. So, as the caption does at
the screen's foot (`aside.step_aside`), the hint tries its place, then others along the top
between the title and the clock, then narrower widths (more lines, never more than
`hud.HINT_MAX_LINES`), and takes the first clear of every block, else the one covering least.
Its text stays the same size: it is read from two metres (`test_screens`).

Like the caption, a hint that moved stays where it went while that place is clear, and a hint
narrowed once stays narrow for the rest of the phase: the formations move a little each frame,
and a hint that jumped back and forth with them would draw the eye from the map.
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.view import theme
from game.view.aside import covered
from game.view.fonts import Fonts
from game.view.hud import HINT_MAX_LINES, HINT_MIN_WIDTH, Block, hint_box, moved
from game.view.units import Units

NARROWER = (1.0, 0.72, 0.56, 0.44)
"""The hint's widths, as shares of the room between the title and the clock, tried in turn."""
STEP = 24  # design px between the places tried along the top
SIDE_LINES = 4
"""Lines the hint may take in the column under the clock (and the Story button), where it goes
when no place along the top is clear of the blocks: the map's edge, away from the action."""


class HintPlacer:
    """Places the hint off the blocks, remembering where it went (see the module's doc)."""

    def __init__(self, fonts: Fonts):
        self.fonts = fonts
        self._wrapped: dict[tuple, Block | None] = {}  # (text, units, width) -> at (0, 0)
        self._x: int | None = None  # where the hint went last frame
        self._narrow: tuple[tuple, int] = ((), 0)  # (text, phase, screen) and its width's step

    def state(self) -> tuple:
        """Where the hint went and how narrow (what the next frame's placing reads)."""
        return (self._x, self._narrow)

    def restore(self, state: tuple) -> None:
        self._x, self._narrow = state

    def place(
        self,
        blocks: list[Block],
        crowd: Sequence[pygame.Rect],
        units: Units,
        text: str,
        phase: str,
        size: tuple[int, int],
        keep_clear: Sequence[pygame.Rect] = (),
        bottom: int = 0,
    ) -> list[Block]:
        """The HUD's blocks with its hint moved or narrowed off the `crowd` (unchanged when
        there is no hint, no crowd, or the hint is not at the top between title and clock);
        in the column under the clock, above `bottom` and clear of `keep_clear` (the Story
        button, the minimap), if no place at the top is clear."""
        k = next((n for n, b in enumerate(blocks) if b.name == "hint"), None)
        names = {b.name: b.box for b in blocks}
        if k is None or "title" not in names or "clock" not in names:
            self._x = None
            return blocks
        hint, title, clock = blocks[k], names["title"], names["clock"]
        if hint.box.y != title.y:  # (down at the foot, as a fallback: left there)
            return blocks
        m = units.px(theme.MARGIN)
        grown = [c.inflate(2 * m, 2 * m) for c in crowd]
        said = (text, phase, size)
        start = self._narrow[1] if self._narrow[0] == said else 0
        if start >= len(NARROWER):  # in the side column: it stays there while that is clear
            side = self._side(text, units, clock, keep_clear, bottom, grown)
            if side is not None:
                return [side[1] if n == k else b for n, b in enumerate(blocks)]
            start = 0
        if start == 0 and covered(hint.box, grown) == 0:  # centred while nothing is under it
            self._narrow, self._x = (said, 0), None
            return blocks
        left, right = title.right + m, clock.x - m
        home = (title.right + clock.x) // 2
        if self._x is not None:  # where it went last frame, while that is still clear
            last = self._shape(hint, text, units, start, right - left)
            if last is not None and left <= self._x <= right - last.box.width:
                there = moved(last, self._x, title.y)
                if covered(there.box, grown) == 0:
                    return [there if n == k else b for n, b in enumerate(blocks)]
        best: tuple[tuple, Block, int] | None = None
        for step in range(start, len(NARROWER)):
            shape = self._shape(hint, text, units, step, right - left)
            if shape is None or (shape.box.width < units.px(HINT_MIN_WIDTH) and step > 0):
                continue
            w = shape.box.width
            xs = sorted({*range(left, right - w + 1, max(1, units.px(STEP))), right - w})
            xs += [home - w // 2] + ([self._x] if self._x is not None else [])
            for x in xs:
                if x < left or x + w > right:
                    continue
                box = pygame.Rect(x, title.y, w, shape.box.height)
                prefer = self._x if self._x is not None else home - w // 2
                rank = (covered(box, grown), step, abs(x - prefer))
                if best is None or rank < best[0]:
                    best = (rank, moved(shape, x, title.y), step)
            if best is not None and best[0][0] == 0:
                break
        if best is None or best[0][0] > 0:
            side = self._side(text, units, clock, keep_clear, bottom, grown)
            best = side if side is not None else best
        if best is None:
            return blocks
        self._narrow = (said, best[2])
        self._x = best[1].box.x
        out = list(blocks)
        out[k] = best[1]
        return out

    def _shape(self, hint: Block, text: str, units: Units, step: int, room: int) -> Block | None:
        """The hint at width step `step` (0: as laid out)."""
        return hint if step == 0 else self._wrap(text, units, round(room * NARROWER[step]))

    def _side(
        self,
        text: str,
        units: Units,
        clock: pygame.Rect,
        keep_clear: Sequence[pygame.Rect],
        bottom: int,
        grown: list[pygame.Rect],
    ) -> tuple[tuple, Block, int] | None:
        """The hint in the column under the clock, right-aligned with it, below whatever of
        `keep_clear` lies under the clock: if it fits above `bottom` and is clear of blocks."""
        shape = self._wrap(text, units, clock.width, SIDE_LINES)
        if shape is None:
            return None
        m = units.px(theme.MARGIN) // 2
        w, h = shape.box.size
        column = pygame.Rect(clock.right - w, clock.bottom, w, 2 * m)
        under = [r.bottom for r in keep_clear if r.colliderect(column)]  # the Story button
        top = max([clock.bottom, *under]) + m
        box = pygame.Rect(clock.right - w, top, w, h)
        if box.bottom > bottom or box.collidelist(list(keep_clear)) >= 0:
            return None
        if covered(box, grown) > 0:
            return None
        return ((0, len(NARROWER), 0), moved(shape, box.x, box.y), len(NARROWER))

    def _wrap(
        self, text: str, units: Units, width: int, max_lines: int = HINT_MAX_LINES
    ) -> Block | None:
        key = (text, units, width, max_lines, id(self.fonts.words))
        if key not in self._wrapped:
            if len(self._wrapped) > 16:
                self._wrapped.clear()
            self._wrapped[key] = hint_box(self.fonts, text, units, width, max_lines)
        return self._wrapped[key]
