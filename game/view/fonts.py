"""Fonts and rendered text, cached and bounded.

Fonts are the bundled DejaVu faces (Latin and Greek, open licence in `assets/fonts/`). A live
`pygame.font.Font` holds a file descriptor, so fonts are made once per (face, size); rendered
strings go through a bounded LRU so a day of captions cannot grow memory.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import pygame

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FACES = {
    "sans": "DejaVuSans.ttf",
    "sans-bold": "DejaVuSans-Bold.ttf",
    "serif": "DejaVuSerif.ttf",
    "serif-bold": "DejaVuSerif-Bold.ttf",
    "serif-italic": "DejaVuSerif-Italic.ttf",
}
TEXT_CACHE_ENTRIES = 512
"""Rendered strings kept; a frame shows < 100, so 512 covers panning without re-rendering."""


class MissingAsset(RuntimeError):
    """A bundled file is missing; the message names it in one line."""


class Fonts:
    def __init__(self, folder: Path = FONT_DIR):
        self.folder = folder
        self._fonts: dict[tuple[str, int], pygame.font.Font] = {}
        self._text: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        if not pygame.font.get_init():
            pygame.font.init()

    def font(self, face: str, size: int) -> pygame.font.Font:
        key = (face, size)
        if key not in self._fonts:
            path = self.folder / FACES[face]
            if not path.is_file():
                raise MissingAsset(f"{path}: missing font file (reinstall or restore assets/)")
            self._fonts[key] = pygame.font.Font(path, size)
        return self._fonts[key]

    def render(
        self, text: str, face: str, size: int, colour: tuple[int, int, int]
    ) -> pygame.Surface:
        key = (text, face, size, colour)
        surf = self._text.get(key)
        if surf is None:
            surf = self.font(face, size).render(text, True, colour)
            self._text[key] = surf
            if len(self._text) > TEXT_CACHE_ENTRIES:
                self._text.popitem(last=False)
        else:
            self._text.move_to_end(key)
        return surf

    def cached_strings(self) -> int:
        return len(self._text)

    def wrap(self, text: str, face: str, size: int, width: int) -> list[str]:
        """Greedy word wrap to a pixel width."""
        font = self.font(face, size)
        lines: list[str] = []
        line = ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if line and font.size(trial)[0] > width:
                lines.append(line)
                line = word
            else:
                line = trial
        if line:
            lines.append(line)
        return lines
