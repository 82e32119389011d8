"""The one text module: right-to-left lines read in order, the right face draws each script,
and wrapping happens before reordering (issue #17 section 1)."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.lang.words import load_words
from game.view.fonts import FACES, FONT_DIR, Fonts
from game.view.runs import ARABIC, LATIN, visual_pieces

WHITE = (255, 255, 255)
CAPTION = "هزم الفرس الرومان قرب قالينيقوس سنة 531 (Procopius) عند الساعة 14:32"
"""An Arabic caption with a year, a source in Latin letters and a time of day in it."""


@pytest.fixture(scope="module")
def fonts() -> Fonts:
    pygame.init()
    out = Fonts()
    out.set_language(load_words("ar"))
    return out


def alpha(surf: pygame.Surface) -> np.ndarray:
    return pygame.surfarray.array_alpha(surf).astype(int)


def reference(text: str, size: int = 30) -> pygame.Surface:
    """`text` rendered left to right by a DejaVu font of its own (not the module's)."""
    return pygame.font.Font(str(FONT_DIR / FACES["sans"]), size).render(text, True, WHITE)


def found_at(line: pygame.Surface, ref: pygame.Surface) -> int | None:
    """The x where `ref` (a reference rendering) appears, pixel for pixel, inside `line`."""
    hay, needle = alpha(line), alpha(ref)
    w, h = needle.shape
    for y in range(hay.shape[1] - h + 1):
        for x in range(hay.shape[0] - w + 1):
            if np.array_equal(hay[x : x + w, y : y + h], needle):
                return x
    return None


def test_an_arabic_caption_keeps_its_digits_brackets_and_time_in_order(fonts):
    """Each Latin part of the line is found in it exactly as the Latin face renders it alone
    ("531", not "135"; "(Procopius)", not ")suipocorP("; "14:32", not "23:41"), and they stand
    from right to left in the caption's reading order, the Arabic starting at the right."""
    line = fonts.render(CAPTION, "sans", 30, WHITE)
    at = {}
    for part in ("531", "(Procopius)", "14:32"):
        at[part] = found_at(line, reference(part))
        assert at[part] is not None, f"{part!r} is not drawn as it reads"
    # reading right to left: ... 531, then (Procopius), then ... 14:32 at the far left
    assert at["14:32"] < at["(Procopius)"] < at["531"]
    assert at["14:32"] < 4, "the line's last words (the time) end at its left edge"
    # the Arabic, which opens the sentence, fills the right end
    arabic = [p for p in fonts.pieces(CAPTION) if p.family == ARABIC]
    assert arabic[-1].text.startswith("هزم"), "the first Arabic words are drawn rightmost"


def test_a_reversed_rendering_is_told_apart(fonts):
    """The reference check fails on what pygame draws without a bidi pass: the whole line
    shaped right to left turns the digits and the Latin round."""
    raw = fonts.font("naskh", 30)
    raw.set_script("Arab")
    raw.set_direction(pygame.DIRECTION_RTL)
    wrong = raw.render(CAPTION, True, WHITE)
    raw.set_direction(pygame.DIRECTION_LTR)
    assert found_at(wrong, reference("(Procopius)")) is None


def test_shared_fonts_are_left_drawing_left_to_right(fonts):
    """After a right-to-left line, a caller drawing Latin with `font()` still gets it in order."""
    fonts.render(CAPTION, "sans", 30, WHITE)
    again = fonts.font("sans", 30).render("(Procopius)", True, WHITE)
    assert np.array_equal(alpha(again), alpha(reference("(Procopius)")))


def test_each_script_is_drawn_by_a_face_that_has_it(fonts):
    """Arabic letters go to Naskh; Latin, Greek and brackets to DejaVu (pygame has no
    fallback: the wrong face would draw boxes)."""
    pieces = fonts.pieces("قالينيقوس (Καλλίνικος) Callinicum")
    faces = {w.strip("()"): p.family for p in pieces for w in p.text.split() if w.strip("()")}
    assert faces == {"قالينيقوس": ARABIC, "Καλλίνικος": LATIN, "Callinicum": LATIN}


def test_persian_digits_and_half_spaces_stay_in_the_arabic_run():
    pieces = visual_pieces("می‌دهد ۵۳۱", True)
    assert any("\u200c" in p.text and p.family == ARABIC for p in pieces)
    assert any(p.text == "۵۳۱" and not p.rtl for p in pieces), "digits run left to right"


def test_english_is_drawn_exactly_as_before():
    """A left-to-right Latin line takes pygame's own path, pixel for pixel."""
    pygame.init()
    fonts = Fonts()
    text = "The blow on the Roman right (Procopius, Wars I.18), 14:10"
    ours = fonts.render(text, "sans", 24, WHITE)
    theirs = fonts.font("sans", 24).render(text, True, WHITE)
    assert ours.get_size() == theirs.get_size()
    assert np.array_equal(alpha(ours), alpha(theirs))


def test_lines_are_wrapped_in_reading_order_before_reordering(fonts):
    """Wrapped Arabic keeps the sentence's first words on the first line."""
    lines = fonts.wrap(CAPTION, "sans", 24, 320)
    assert len(lines) >= 3
    assert lines[0].startswith("هزم")
    assert " ".join(lines) == CAPTION
    for line in lines:
        assert fonts.size(line, "sans", 24)[0] <= 320 or " " not in line


def test_a_line_with_arabic_is_deep_enough_for_naskh(fonts):
    """Naskh reaches far below the baseline: nothing is cut at the bottom of the line."""
    line = fonts.render("يوحنا ملالا، الحولية ١٨", "sans", 40, WHITE)
    ink = alpha(line)
    assert ink[:, -1].max() < 128, "ink reaches the line's bottom edge: the descent is cut"
    assert line.get_height() == fonts.size("يوحنا ملالا، الحولية ١٨", "sans", 40)[1]
