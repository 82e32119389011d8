"""The one text module: every word on screen is measured, wrapped and rendered here.

pygame draws one run of one font in one direction, with no fallback and no bidi. So a line is
cut into pieces (`game.view.runs`: bidi runs by python-bidi, then by the face that has the
glyphs), each piece shaped by HarfBuzz through pygame-ce (`set_script`, `set_direction`), and
the pieces put side by side on one baseline. The paragraph's direction is the language's
(`set_language`): "531", "14:32" and "(Procopius)" then read in order inside Arabic and
Persian. Lines are wrapped in logical order first and reordered after, as UAX #9 asks.

Faces are the bundled DejaVu faces (Latin, Greek) and Noto Naskh Arabic (Arabic and Persian),
each read and checked once when `Fonts` is made, each with its licence in `assets/fonts/`.
Rendered lines go through a bounded LRU so a day of captions cannot grow memory.
"""

from __future__ import annotations

import io
import math
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pygame

from game.lang.words import ENGLISH, Words
from game.scenario.errors import DataError
from game.scenario.reading import read_limited
from game.view.runs import ARABIC, LATIN, Piece, visual_pieces

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FACES = {
    "sans": "DejaVuSans.ttf",
    "sans-bold": "DejaVuSans-Bold.ttf",
    "serif": "DejaVuSerif.ttf",
    "serif-bold": "DejaVuSerif-Bold.ttf",
    "serif-italic": "DejaVuSerif-Italic.ttf",
    "naskh": "NotoNaskhArabic-Regular.ttf",
    "naskh-bold": "NotoNaskhArabic-Bold.ttf",
}
ARABIC_FACE = {
    "sans": "naskh",
    "sans-bold": "naskh-bold",
    "serif": "naskh",
    "serif-bold": "naskh-bold",
    "serif-italic": "naskh",  # Arabic has no italic
}
"""The face that draws the Arabic pieces of a line set in each Latin face. Naskh at the same
pixel size matches DejaVu (measured at 100 px: alef 0.76 em against DejaVu's H 0.73, the
teeth 0.59 against x 0.55), so no size factor is applied."""
ARABIC_DESCENT = 0.5
"""Naskh's ink reaches 0.44 em below the baseline (DejaVu's 0.23): a line with Arabic in it is
this much deeper, instead of taking Naskh's own 1.7 em line box."""
TEXT_CACHE_ENTRIES = 512
"""Rendered strings kept; a frame shows < 100, so 512 covers panning without re-rendering."""

FONT_BYTES = 8_000_000
"""A face is under 1 MB; a font file is read whole, once, and never past this."""
PROBES = {LATIN: "Callinicum 531 Ἑλληνικά", ARABIC: "قالينيقوس کالینیکوس ٥٣١"}
"""Each face must draw its own scripts: Latin and Greek, or Arabic and Persian."""


class Fonts:
    """The bundled faces, each read and checked once, at construction (start-up).

    A damaged, missing or oversized face is a one-line `DataError` naming it; with `fallback`
    (the kiosk, which must come up) pygame's own font stands in for it and the line is kept in
    `problems` for the staff log. Fonts are then made from the checked bytes in memory, so no
    later size a visitor's zoom or a small screen asks for reads the disk again (and no live
    font holds a file descriptor)."""

    def __init__(self, folder: Path = FONT_DIR, *, fallback: bool = False):
        self.folder = folder
        self.words = ENGLISH  # the shown language: its messages, numbers and direction
        self.rtl = False  # the paragraph direction: the shown language's
        self._fonts: dict[tuple[str, int], pygame.font.Font] = {}
        self._text: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._sizes: OrderedDict[tuple, tuple[int, int]] = OrderedDict()
        self._covers: dict[tuple[str, str], bool] = {}
        if not pygame.font.get_init():
            pygame.font.init()
        self._faces: dict[str, bytes | None] = {}
        self.problems: list[str] = []
        for face, name in FACES.items():
            probe = PROBES[ARABIC if face in ARABIC_FACE.values() else LATIN]
            try:
                self._faces[face] = _checked_face(folder / name, probe)
            except DataError as err:
                if not fallback:
                    raise
                self._faces[face] = None  # pygame's default font
                self.problems.append(str(err))

    def set_language(self, words: Words) -> None:
        """Words and lines in `words`' language from now on (right to left for Arabic and
        Persian). Cached lines stay valid: their key holds the direction."""
        self.words = words
        self.rtl = words.rtl

    def t(self, message: str) -> str:
        """`message` (English, marked with `N_`) in the shown language."""
        return self.words.t(message)

    def line_x(self, x: int, width: int, line_width: int, indent: int = 0) -> int:
        """Where a line `line_width` px wide starts in the box from `x`, `width` wide: at the
        indent in left-to-right languages; right to left (Arabic, Persian), flush right with
        the indent there."""
        if self.rtl:
            return x + width - indent - line_width
        return x + indent

    def font(self, face: str, size: int) -> pygame.font.Font:
        """The pygame font of `face` (DejaVu, or Naskh for `naskh*`): for drawing one known
        Latin string only; language text goes through `render`, `size` and `wrap`."""
        key = (face, size)
        if key not in self._fonts:
            data = self._faces[face]
            self._fonts[key] = pygame.font.Font(None if data is None else io.BytesIO(data), size)
        return self._fonts[key]

    def render(
        self, text: str, face: str, size: int, colour: tuple[int, int, int]
    ) -> pygame.Surface:
        """One line of `text` (not wrapped), shaped and in reading order."""
        key = (text, face, size, colour, self.rtl)
        surf = self._text.get(key)
        if surf is None:
            surf = self._draw(text, face, size, colour)
            self._text[key] = surf
            if len(self._text) > TEXT_CACHE_ENTRIES:
                self._text.popitem(last=False)
        else:
            self._text.move_to_end(key)
        return surf

    def size(self, text: str, face: str, size: int) -> tuple[int, int]:
        """The (width, height) `render` would give, without rendering."""
        key = (text, face, size, self.rtl)
        got = self._sizes.get(key)
        if got is None:
            pieces = self.pieces(text)
            if _plain(pieces):
                got = self.font(face, size).size(text)
            else:
                width = 0
                for p in pieces:
                    with self._shaper(p, face, size) as font:
                        width += font.size(p.text)[0]
                got = (width, self._box(pieces, face, size)[2])
            self._sizes[key] = got
            if len(self._sizes) > TEXT_CACHE_ENTRIES:
                self._sizes.popitem(last=False)
        return got

    def line_height(self, face: str, size: int) -> int:
        """The distance between two lines of this face: deeper when the language is written
        in Arabic script."""
        base = self.font(face, size).get_linesize()
        if not self.rtl:
            return base
        return base + max(0, math.ceil(ARABIC_DESCENT * size) + self.font(face, size).get_descent())

    def cached_strings(self) -> int:
        return len(self._text)

    def wrap(self, text: str, face: str, size: int, width: int) -> list[str]:
        """Greedy word wrap to a pixel width, in logical order (each line reordered later)."""
        lines: list[str] = []
        line = ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if line and self.size(trial, face, size)[0] > width:
                lines.append(line)
                line = word
            else:
                line = trial
        if line:
            lines.append(line)
        return lines

    def pieces(self, text: str) -> tuple[Piece, ...]:
        """`text` cut into what one face draws in one direction, left to right on screen."""
        return visual_pieces(text, self.rtl, self._covered)

    def _covered(self, family: str, ch: str) -> bool:
        key = (family, ch)
        got = self._covers.get(key)
        if got is None:
            font = self.font("sans" if family == LATIN else "naskh", 16)
            got = self._covers[key] = font.metrics(ch)[0] is not None
        return got

    @contextmanager
    def _shaper(self, piece: Piece, face: str, size: int) -> Iterator[pygame.font.Font]:
        """The font for `piece`, set to its script and direction, and set back to left to
        right after (fonts are shared: `font()`'s callers draw Latin with them)."""
        arabic = piece.family == ARABIC
        font = self.font(ARABIC_FACE.get(face, face) if arabic else face, size)
        if arabic:
            font.set_script("Arab")
        font.set_direction(pygame.DIRECTION_RTL if piece.rtl else pygame.DIRECTION_LTR)
        try:
            yield font
        finally:
            font.set_direction(pygame.DIRECTION_LTR)

    def _box(self, pieces: tuple[Piece, ...], face: str, size: int) -> tuple[int, int, int]:
        """(ascent, descent, height) of a line: the Latin face's ascent, and Naskh's depth
        when an Arabic piece is in it."""
        latin = self.font(face, size)
        ascent, descent = latin.get_ascent(), -latin.get_descent()
        if any(p.family == ARABIC for p in pieces):
            descent = max(descent, math.ceil(ARABIC_DESCENT * size))
        return ascent, descent, ascent + descent

    def _draw(
        self, text: str, face: str, size: int, colour: tuple[int, int, int]
    ) -> pygame.Surface:
        pieces = self.pieces(text)
        if _plain(pieces):
            return self.font(face, size).render(text, True, colour)
        ascent, _, height = self._box(pieces, face, size)
        drawn = []
        for p in pieces:
            with self._shaper(p, face, size) as font:
                drawn.append((font.render(p.text, True, colour), font.get_ascent()))
        out = pygame.Surface(
            (max(1, sum(s.get_width() for s, _ in drawn)), height), pygame.SRCALPHA
        )
        out.fill((*colour, 0))  # antialiased edges blend into the ink, not into black
        x = 0
        for surf, above in drawn:
            out.blit(surf, (x, ascent - above))
            x += surf.get_width()
        return out


def _plain(pieces: tuple[Piece, ...]) -> bool:
    """A single left-to-right Latin piece: drawn exactly as pygame always drew it."""
    return len(pieces) <= 1 and all(p.family == LATIN and not p.rtl for p in pieces)


def _checked_face(path: Path, probe: str) -> bytes:
    """The bytes of a font file that pygame can open and draw its scripts with."""
    data = read_limited(path, FONT_BYTES)
    try:
        font = pygame.font.Font(io.BytesIO(data), 16)
        drawn = font.render(probe, True, (0, 0, 0))
        missing = [ch for ch, m in zip(probe, font.metrics(probe), strict=True) if m is None]
    except (pygame.error, ValueError, OSError, RuntimeError) as err:
        raise DataError(
            path, 0, 0, "(font)", f"damaged font, pygame cannot read it ({err})"
        ) from None
    if drawn.get_width() < 8 * len(probe) // 2:
        raise DataError(path, 0, 0, "(font)", "damaged font: it draws nothing")
    if missing:
        raise DataError(path, 0, 0, "(font)", f"wrong font: it has no {''.join(missing)!r}")
    return data
