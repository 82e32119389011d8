"""A line of text cut into runs that one font can draw in one direction, in visual order.

pygame has no bidi algorithm and no font fallback: HarfBuzz shapes one run in one font and one
direction. So a line that mixes Arabic with "531", "14:32" or "(Procopius)" is cut here into
bidi runs by python-bidi's implementation of the Unicode Bidirectional Algorithm (UAX #9; its
legacy pure-Python module, whose resolved levels we read instead of its display string: the
Rust `bidi.get_display` did not mirror brackets, and a display string loses which characters
belong to which run), and each run into pieces by the face that has the glyphs (Arabic letters
in Noto Naskh Arabic, everything else in DejaVu). A right-to-left piece keeps its logical order
and is shaped right to left by HarfBuzz, which also mirrors its brackets. Pure Python, no
pygame: the face is named, not opened.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from bidi import algorithm as uba

LATIN = "latin"  # DejaVu: Latin, Greek, punctuation, arrows
ARABIC = "arabic"  # Noto Naskh Arabic: Arabic and Persian letters, Arabic digits
ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
JOINERS = "\u200c\u200d"  # ZWNJ (Persian's half-space) and ZWJ belong to the Arabic run
STRONG_RTL = frozenset(("R", "AL", "RLE", "RLO", "RLI"))


@dataclass(frozen=True)
class Piece:
    """Characters drawn by one face in one direction, in logical (typed) order."""

    text: str
    family: str  # LATIN or ARABIC
    rtl: bool


def is_arabic(ch: str) -> bool:
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in ARABIC_BLOCKS)


@lru_cache(maxsize=4096)
def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in STRONG_RTL for ch in text)


def visual_pieces(
    line: str, rtl_base: bool, covers: Callable[[str, str], bool] | None = None
) -> tuple[Piece, ...]:
    """`line` (one line, already wrapped) as pieces from left to right on the screen.

    `rtl_base` is the paragraph's direction (the language's), so a line of Arabic that opens
    with "531" still starts at the right. `covers(family, ch)` says whether a face has a glyph:
    a character the Latin face lacks is tried in the Arabic one."""
    if not line:
        return ()
    if not rtl_base and not has_rtl(line):
        return tuple(_by_face(line, False, covers))
    levels, order = _resolved(line, rtl_base)
    out: list[Piece] = []
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and levels[order[j + 1]] == levels[order[i]]:
            j += 1
        run = order[i : j + 1]
        rtl = levels[run[0]] % 2 == 1
        logical = "".join(line[k] for k in (reversed(run) if rtl else run))
        pieces = _by_face(logical, rtl, covers)
        out.extend(reversed(pieces) if rtl else pieces)
        i = j + 1
    return tuple(out)


def _resolved(line: str, rtl_base: bool) -> tuple[list[int], list[int]]:
    """Each character's resolved embedding level, and the visual order of character indices
    (rules X1-X10, W, N, I and L1-L2 by python-bidi; L4 mirroring is left to HarfBuzz)."""
    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl_base else 0
    storage["base_dir"] = "R" if rtl_base else "L"
    uba.get_embedding_levels(_typed(line), storage)
    for k, ch in enumerate(storage["chars"]):
        ch["index"] = k
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    levels = [0] * len(storage["chars"])
    for ch in storage["chars"]:  # after L1, which resets trailing spaces to the base level
        levels[ch["index"]] = ch["level"]
    return levels, [ch["index"] for ch in storage["chars"]]


def _typed(line: str) -> str:
    """`line` with each boundary-neutral character (Persian's ZWNJ, ZWJ, soft hyphen) replaced
    by the character before it: rule X9 would drop them from the algorithm's character list,
    and the drawn text needs them back at their places (each takes its neighbour's level, as
    X9 intends)."""
    out = []
    for k, ch in enumerate(line):
        out.append((out[k - 1] if k else " ") if unicodedata.bidirectional(ch) == "BN" else ch)
    return "".join(out)


def _by_face(text: str, rtl: bool, covers: Callable[[str, str], bool] | None) -> list[Piece]:
    """`text` (logical order, one direction) cut where the face that draws it changes; spaces
    and joiners stay with the piece they are in."""
    pieces: list[Piece] = []
    start, family = 0, None
    for k, ch in enumerate(text):
        if ch.isspace() or ch in JOINERS:
            want = family or _family(ch, covers)
        else:
            want = _family(ch, covers)
        if family is None:
            family = want
        elif want != family:
            pieces.append(Piece(text[start:k], family, rtl))
            start, family = k, want
    pieces.append(Piece(text[start:], family or LATIN, rtl))
    return pieces


def _family(ch: str, covers: Callable[[str, str], bool] | None) -> str:
    if is_arabic(ch) or ch in JOINERS:
        return ARABIC
    if covers is not None and not covers(LATIN, ch) and covers(ARABIC, ch):
        return ARABIC
    return LATIN
