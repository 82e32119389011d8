"""The frame's layout: the named leaf rectangles of everything the interface shows.

One `Layout` per drawn frame: the HUD, the bar, the panel, the minimap and every placed label
add their rectangles here as they are laid out, drawing and hit-testing read them back, and the
report's `layout` and the tests read the same rectangles. Leaves only: a box is listed or its
parts are, never both, so "no two rectangles overlap" is a check of the whole screen.

Names are dotted paths: `title`, `clock`, `caption`, `hint`, `minimap`, `bar.track`,
`bar.play`, `bar.speed.2x`, `bar.account.malalas`, `panel.close`, `label.formation.3`...
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pygame


class Layout:
    def __init__(self, size: tuple[int, int]):
        self.size = (int(size[0]), int(size[1]))
        self._rects: dict[str, pygame.Rect] = {}
        self._boxes: dict[str, pygame.Rect] = {}  # containers: for hit tests, not the report

    @property
    def screen(self) -> pygame.Rect:
        return pygame.Rect(0, 0, *self.size)

    def add(self, name: str, rect: pygame.Rect) -> pygame.Rect:
        """Record a leaf; a name is used once a frame (a label shown twice is a bug)."""
        if name in self._rects:
            raise ValueError(f"layout: '{name}' laid out twice in one frame")
        self._rects[name] = pygame.Rect(rect)
        return self._rects[name]

    def add_box(self, name: str, rect: pygame.Rect) -> pygame.Rect:
        """Record a container (the panel's ground, the bar's): it is hit-tested and kept clear
        of labels, but it is not a leaf, so it is not in the report or the overlap check."""
        self._boxes[name] = pygame.Rect(rect)
        return self._boxes[name]

    def box(self, name: str) -> pygame.Rect | None:
        return self._boxes.get(name)

    def get(self, name: str) -> pygame.Rect | None:
        return self._rects.get(name)

    def __getitem__(self, name: str) -> pygame.Rect:
        return self._rects[name]

    def __contains__(self, name: str) -> bool:
        return name in self._rects

    def __iter__(self) -> Iterator[str]:
        return iter(self._rects)

    def items(self) -> list[tuple[str, pygame.Rect]]:
        return list(self._rects.items())

    def under(self, prefix: str) -> list[tuple[str, pygame.Rect]]:
        """Every leaf whose name starts with `prefix` (e.g. "label.", "bar.speed.")."""
        return [(n, r) for n, r in self._rects.items() if n.startswith(prefix)]

    def hit(self, pos: tuple[float, float], prefix: str = "") -> str | None:
        """The last-added leaf under `pos` among those starting with `prefix` (later is on top)."""
        for name in reversed(self._rects):
            if name.startswith(prefix) and self._rects[name].collidepoint(pos):
                return name
        return None

    def report(self) -> dict[str, list[int]]:
        """For the JSON report: name -> [x, y, w, h] in screen px."""
        return {n: [r.x, r.y, r.width, r.height] for n, r in self._rects.items()}

    def overlaps(self) -> list[tuple[str, str]]:
        """Pairs of leaves that overlap (should be none)."""
        return [
            (a, b)
            for (a, ra), (b, rb) in itertools.combinations(self._rects.items(), 2)
            if ra.colliderect(rb)
        ]

    def off_screen(self) -> list[str]:
        """Leaves not wholly on the screen (should be none)."""
        screen = self.screen
        return [n for n, r in self._rects.items() if not screen.contains(r)]
