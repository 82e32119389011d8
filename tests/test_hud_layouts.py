"""The HUD's layout is kept between frames (`hud.HudLayouts`) but never shows a stale word: a
new clock time, caption or event, another screen size, or a change of language's direction
is laid out afresh at once, exactly as a fresh layout would be."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest

from game.view.fonts import Fonts
from game.view.hud import HudLayouts, HudState, layout_hud
from game.view.units import units_for

SIZE = (1920, 1080)
HUD = HudState(
    title="The Battle of Callinicum",
    date="19 April 531",
    time_of_day="14:40",
    phase="The collapse",
    caption="The Persians ride behind the Roman cavalry. Tired and fasting, many Romans flee.",
    source="Procopius, Wars I.18",
    speed=1.0,
    paused=False,
    hint="Space pause · F fit",
)


@pytest.fixture(scope="module")
def fonts() -> Fonts:
    pygame.font.init()
    return Fonts()


def _shown(blocks) -> list:
    """What the visitor sees of a layout: each panel's box and its text's pixels and places."""
    return [
        (b.name, tuple(b.box), [(pygame.image.tobytes(s, "RGBA"), p) for s, p in b.items])
        for b in blocks
    ]


def _same_as_fresh(kept: HudLayouts, fonts: Fonts, hud: HudState, size=SIZE) -> list:
    units = units_for(size)
    got = kept.layout(fonts, hud, size, 120, (0, 0), units, ())
    assert _shown(got) == _shown(layout_hud(fonts, hud, size, 120, (0, 0), units))
    return _shown(got)


@pytest.mark.parametrize(
    "change",
    [
        {"time_of_day": "14:41"},
        {"caption": "The Lycaonians are cut down; Ascan's men fight on."},
        {"event": "14:38  The Lycaonians break and run."},
        {"paused": True},
        {"show_caption": False},
    ],
)
def test_a_changed_hud_state_is_shown_at_once(fonts, change):
    kept = HudLayouts()
    before = _same_as_fresh(kept, fonts, HUD)
    assert _same_as_fresh(kept, fonts, HUD) == before  # the kept layout, unchanged
    after = _same_as_fresh(kept, fonts, replace(HUD, **change))
    assert after != before


def test_another_screen_size_is_laid_out_afresh(fonts):
    kept = HudLayouts()
    before = _same_as_fresh(kept, fonts, HUD)
    assert _same_as_fresh(kept, fonts, HUD, (1024, 600)) != before


def test_a_right_to_left_language_mirrors_the_kept_layout(fonts):
    kept = HudLayouts()
    before = _same_as_fresh(kept, fonts, HUD)
    fonts.rtl = True
    try:
        assert _same_as_fresh(kept, fonts, HUD) != before
    finally:
        fonts.rtl = False


def test_the_scene_may_add_to_its_copy_of_the_kept_layout(fonts):
    kept = HudLayouts()
    units = units_for(SIZE)
    first = kept.layout(fonts, HUD, SIZE, 120, (0, 0), units, ())
    first.clear()  # (a frame with the HUD switched off)
    assert kept.layout(fonts, HUD, SIZE, 120, (0, 0), units, ()), "the kept layout is whole"
