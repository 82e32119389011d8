"""Legible at two metres: contrast, hit targets, colour-blind-safe sides, uncluttered labels."""

from __future__ import annotations

import itertools

import pygame
import pytest
from conftest import REAL_SCENARIO

from game.scenario.load import load_scenario
from game.view import theme
from game.view.colours import (
    contrast_ratio,
    delta_e,
    deuteranopia,
    protanopia,
    tritanopia,
    worst_ground,
)
from game.view.fonts import Fonts
from game.view.labels import Banner, BannerPainter
from game.view.placement import place

# (text colour, ground colour, ground alpha) for every text the interface draws
TEXT_PAIRS = [
    *((ink, theme.PANEL, theme.PANEL_ALPHA) for ink in (theme.INK, theme.INK_DIM, theme.GOLD)),
    *((ink, theme.PANEL, theme.INSPECT_ALPHA) for ink in (theme.INK, theme.INK_DIM, theme.GOLD)),
    *((ink, theme.PANEL, theme.TOOLTIP_ALPHA) for ink in (theme.INK, theme.INK_DIM)),
    (theme.INK, theme.LABEL_BG, theme.LABEL_ALPHA),
    (theme.INK, theme.BUTTON_GROUND, 255),
    (theme.BUTTON_ACTIVE_INK, theme.BUTTON_ACTIVE, 255),
]


@pytest.mark.parametrize(("ink", "ground", "alpha"), TEXT_PAIRS)
def test_every_text_and_ground_pair_has_contrast_of_at_least_4_5(ink, ground, alpha):
    bg = worst_ground(ink, ground, alpha)
    assert contrast_ratio(ink, bg) >= 4.5, (ink, ground, alpha, bg)


def test_contrast_ratio_matches_wcag_for_black_on_white():
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(REAL_SCENARIO)


COLOUR_BLIND = {"deuteranope": deuteranopia, "protanope": protanopia, "tritanope": tritanopia}
"""The three dichromacies (Machado 2009): red-green twice (about 5% and 1% of men), blue-yellow."""
seen_by = pytest.mark.parametrize("seen", list(COLOUR_BLIND.values()), ids=list(COLOUR_BLIND))


@seen_by
def test_side_colours_stay_distinct_for_a_colour_blind_visitor(scenario, seen):
    roman, persian = (scenario.sides[k].colour for k in sorted(scenario.sides))
    assert delta_e(seen(roman), seen(persian)) > 40


@seen_by
def test_every_roman_contingent_differs_from_every_persian_one_when_colour_blind(scenario, seen):
    sides = {}
    for f in scenario.formations:
        sides.setdefault(int(f.side), []).append(f.palette[0])
    for a, b in itertools.product(*sides.values()):
        assert delta_e(seen(a), seen(b)) > 12, (a, b)


@seen_by
def test_the_highlight_stands_out_from_both_sides_when_colour_blind(scenario, seen):
    for side in scenario.sides.values():
        assert delta_e(seen(theme.HIGHLIGHT), seen(side.colour)) > 25


@pytest.fixture
def app(scenario):
    from game.app.window import WindowApp

    a = WindowApp(scenario, scale=50, precompute=False)
    yield a
    a.close()


def test_every_button_is_at_least_64_px_with_8_px_gaps(app):
    app.inspect.select(app.scenario.formation_index("belisarius"))
    app.frame(0.0)
    targets = app.inspect.hit_targets()
    assert len(targets) == 3
    for r in targets:
        assert r.width >= 64 and r.height >= 64, r
    for a, b in itertools.combinations(targets, 2):
        assert not a.inflate(8, 8).colliderect(b), (a, b)


def test_panel_type_is_large(app):
    assert theme.SMALL_SIZE >= 18 and theme.BODY_SIZE >= 22 and theme.PANEL_NAME_SIZE >= 32


def test_banners_in_a_melee_never_overlap_and_keep_off_the_panel():
    pygame.font.init()
    fonts = Fonts()
    banners = [
        Banner(f"Contingent {k} · 5,000", (200, 40, 40), 900 + k * 7, 500 + k * 5, -1, 0, 20, k, k)
        for k in range(10)
    ]
    panel = pygame.Rect(1200, 196, 700, 600)
    requests = BannerPainter(fonts).requests(banners)
    placed = place(requests, [panel], pygame.Rect(0, 0, 1920, 1080))
    assert placed  # crowded: stacked round them, further out on rings (leader lines), or dropped
    rects = [p.rect for p in placed]
    for a, b in itertools.combinations(rects, 2):
        assert not a.colliderect(b)
    assert all(not r.colliderect(panel) for r in rects)


def test_every_string_of_the_scenario_has_its_glyphs_in_the_bundled_font(scenario):
    pygame.font.init()
    fonts = Fonts()
    texts = [scenario.name, scenario.date]
    for f in scenario.formations:
        texts += [f.name, f.arms, f.about, f.citation.ref, f.strength_note]
        texts += [t for c in f.commanders for t in (c.name, c.title, c.note)]
    texts += ["— ✕ · –", "Ἀρέθας Βελισάριος"]  # panel symbols; Greek for names to come
    for face in ("sans", "sans-bold", "serif", "serif-italic"):
        font = fonts.font(face, 20)
        for t in texts:
            metrics = font.metrics(t)
            missing = [ch for ch, m in zip(t, metrics, strict=True) if m is None]
            assert not missing, (face, t, missing)


def test_each_side_and_each_ally_carries_its_own_pattern(scenario):
    """Beside its colour: Romans solid, their Ghassanid allies upright stripes, Persians
    slanting stripes, their Lakhmid allies dots (the story's `allied` flag marks the allies)."""
    from game.view.patterns import DOTTED, SLANTED, SOLID, UPRIGHT, formation_patterns

    got = dict(zip((f.id for f in scenario.formations), formation_patterns(scenario), strict=True))
    assert got["harith"] == got["harith_guard"] == UPRIGHT
    assert got["mundhir"] == DOTTED
    assert {got[k] for k in ("persian_right", "persian_centre", "persian_reserve")} == {SLANTED}
    assert {got[k] for k in ("peter", "sunicas", "belisarius", "ascan", "lycaonians")} == {SOLID}


def test_the_four_patterns_differ_even_in_one_colour():
    """A visitor who sees no colour at all still tells the four marks apart: painted in the
    same colour, no two swatches (nor two banners) are alike."""
    import numpy as np

    from game.view.patterns import PATTERNS, paint_swatch

    pygame.init()
    fonts = Fonts()
    painter = BannerPainter(fonts)
    swatches, banners = [], []
    for pattern in PATTERNS.values():
        s = pygame.Surface((24, 36))
        paint_swatch(s, s.get_rect(), (200, 60, 50), pattern)
        swatches.append(pygame.surfarray.array3d(s))
        banner = painter.surface("Ghassanid Arabs · 3,000", (200, 60, 50), 28, pattern)
        banners.append(pygame.surfarray.array3d(banner))
    for a, b in itertools.combinations(range(len(swatches)), 2):
        assert not np.array_equal(swatches[a], swatches[b]), (a, b)
        assert not np.array_equal(banners[a], banners[b]), (a, b)
