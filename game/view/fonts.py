"""Fonts and rendered text, cached and bounded.

Fonts are the bundled DejaVu faces (Latin and Greek, open licence in `assets/fonts/`), each read
and checked once when `Fonts` is made; fonts are made once per (face, size) from those bytes;
rendered strings go through a bounded LRU so a day of captions cannot grow memory.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from pathlib import Path

import pygame

from game.scenario.errors import DataError
from game.scenario.reading import read_limited

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


FONT_BYTES = 8_000_000
"""A DejaVu face is under 1 MB; a font file is read whole, once, and never past this."""
PROBE = "Callinicum 531 Ἑλληνικά"  # Latin and Greek: the faces must draw both


class Fonts:
    """The bundled faces, each read and checked once, at construction (start-up).

    A damaged, missing or oversized face is a one-line `DataError` naming it; with `fallback`
    (the kiosk, which must come up) pygame's own font stands in for it and the line is kept in
    `problems` for the staff log. Fonts are then made from the checked bytes in memory, so no
    later size a visitor's zoom or a small screen asks for reads the disk again (and no live
    font holds a file descriptor)."""

    def __init__(self, folder: Path = FONT_DIR, *, fallback: bool = False):
        self.folder = folder
        self._fonts: dict[tuple[str, int], pygame.font.Font] = {}
        self._text: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        if not pygame.font.get_init():
            pygame.font.init()
        self._faces: dict[str, bytes | None] = {}
        self.problems: list[str] = []
        for face, name in FACES.items():
            try:
                self._faces[face] = _checked_face(folder / name)
            except DataError as err:
                if not fallback:
                    raise
                self._faces[face] = None  # pygame's default font
                self.problems.append(str(err))

    def font(self, face: str, size: int) -> pygame.font.Font:
        key = (face, size)
        if key not in self._fonts:
            data = self._faces[face]
            self._fonts[key] = pygame.font.Font(None if data is None else io.BytesIO(data), size)
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


def _checked_face(path: Path) -> bytes:
    """The bytes of a font file that pygame can open and draw Latin and Greek with."""
    data = read_limited(path, FONT_BYTES)
    try:
        font = pygame.font.Font(io.BytesIO(data), 16)
        drawn = font.render(PROBE, True, (0, 0, 0))
    except (pygame.error, ValueError, OSError, RuntimeError) as err:
        raise DataError(
            path, 0, 0, "(font)", f"damaged font, pygame cannot read it ({err})"
        ) from None
    if drawn.get_width() < 8 * len(PROBE) // 2:
        raise DataError(path, 0, 0, "(font)", "damaged font: it draws nothing")
    return data
