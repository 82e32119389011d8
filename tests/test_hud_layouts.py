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


CROWDS = [
    (),
    ((900, 850, 220, 60),),  # a block under the caption: it steps aside
    ((900, 850, 220, 60),),  # the same frame again (the kept boxes)
    ((901, 850, 220, 60),),  # a pixel on
    ((600, 840, 700, 80), (880, 20, 260, 50)),  # under the caption and the hint
    ((600, 840, 700, 80), (880, 20, 260, 50)),
    ((1500, 840, 300, 80), (300, 30, 400, 40)),  # moved away
    ((1500, 840, 300, 80), (300, 30, 400, 40)),
    (),
]


def _boxes(interface, hud, crowd, arrows=()) -> list:
    from game.view.interface import Frame

    frame = Frame(120, None, (0, 0), units_for(SIZE), (), crowd, arrows)
    blocks = interface.arrange(SIZE, None, hud, frame).blocks
    return [(b.name, tuple(b.box), tuple(p for _, p in b.items)) for b in blocks]


def test_the_kept_hud_boxes_are_those_placed_afresh_frame_by_frame(real_scenario, fonts):
    """The HUD's boxes, kept while all they are placed from is the same (`Interface._hud`),
    follow the blocks under the caption and hint as placing them afresh each frame does (the
    same interface's memory of where they went, nothing else kept)."""
    from game.view.interface import Interface
    from game.view.terrain import TerrainPainter

    painter = TerrainPainter(real_scenario.map)
    kept, fresh = (Interface(real_scenario, fonts, painter) for _ in range(2))
    shown = set()
    for crowd in CROWDS:
        rects = tuple(pygame.Rect(r) for r in crowd)
        fresh._placed = None
        want = _boxes(fresh, HUD, rects)
        assert _boxes(kept, HUD, rects) == want, crowd
        shown.add(tuple(want))
    assert len(shown) >= 3, "the blocks moved the caption and the hint"
    for change in ({"caption": "The Lycaonians are cut down."}, {"show_caption": False}):
        fresh._placed = None
        hud = replace(HUD, **change)
        assert _boxes(kept, hud, ()) == _boxes(fresh, hud, ())
    fresh._placed = None
    before = _boxes(kept, HUD, ())
    assert _boxes(kept, HUD, ()) == before  # (settled: the same frame again)
    arrows = (pygame.Rect(380, 860, 120, 30),)  # an arrow under the caption, the blocks still
    fresh._placed = None
    moved = _boxes(fresh, HUD, (), arrows)
    assert moved != before, "the caption moves off the arrow"
    assert _boxes(kept, HUD, (), arrows) == moved
    assert _boxes(kept, HUD, (), arrows) == moved  # (settled)
    fonts.rtl = True  # a right-to-left language: the caption's lines from the right
    try:
        fresh._placed = None
        mirrored = _boxes(fresh, HUD, (), arrows)
        assert mirrored != moved
        assert _boxes(kept, HUD, (), arrows) == mirrored
    finally:
        fonts.rtl = False


def _noise_map(size) -> pygame.Surface:
    import numpy as np

    surf = pygame.Surface(size)
    rng = np.random.default_rng(531)
    pygame.surfarray.blit_array(surf, rng.integers(0, 256, (*size, 3), dtype=np.uint8))
    return surf


def test_the_hud_panels_kept_as_pictures_show_their_new_text_at_once(fonts):
    """Each panel with its text is one kept picture (`Shades.composed`): over a busy map it
    looks as the panel and its lines drawn in turn do (within two levels), and a new clock
    time, caption or pause shows at once, byte for byte as a fresh cache draws it."""
    import numpy as np

    from game.view.hud import Shades, draw_blocks

    kept = Shades()
    units = units_for(SIZE)
    for hud in (
        HUD,
        HUD,
        replace(HUD, time_of_day="14:41"),
        replace(HUD, paused=True),
        replace(HUD, caption="The Lycaonians are cut down."),
    ):
        blocks = layout_hud(fonts, hud, SIZE, 120, (0, 0), units)
        got, fresh, direct = (_noise_map(SIZE) for _ in range(3))
        draw_blocks(got, blocks, kept)
        draw_blocks(fresh, blocks, Shades())
        draw_blocks(direct, blocks)  # (no cache: the ground, its edge, each line)
        assert pygame.image.tobytes(got, "RGB") == pygame.image.tobytes(fresh, "RGB"), hud
        a = pygame.surfarray.array3d(got).astype(int)
        b = pygame.surfarray.array3d(direct).astype(int)
        assert np.abs(a - b).max() <= 2
