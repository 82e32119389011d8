"""The bar's chips are drawn once and copied (`bar_buttons.Chips`); what a visitor sees is the
chip drawn in place, over any ground, and a chip whose speed, account or language changes
shows the change at once."""

from __future__ import annotations

import pygame
import pytest

from game.view.bar_buttons import Chips, draw_chip, paint_chip
from game.view.fonts import Fonts
from game.view.units import units_for

CHIP = pygame.Rect(40, 30, 120, 64)


@pytest.fixture(scope="module")
def fonts() -> Fonts:
    pygame.font.init()
    return Fonts()


def _ground(k: int) -> pygame.Surface:
    """A ground of stripes: whatever shows round a chip's rounded corners is the ground's."""
    surf = pygame.Surface((200, 120))
    for x in range(0, 200, 3):
        pygame.draw.line(surf, ((40 * k + 7 * x) % 256, (90 + x) % 256, 60), (x, 0), (x, 119))
    return surf


def _shown(fonts, chips, text, on, ground=0, fit=False) -> bytes:
    surf = _ground(ground)
    units = units_for((1920, 1080))
    if chips is None:
        paint_chip(surf, fonts, units, CHIP, text, on, fit)
    else:
        draw_chip(surf, fonts, units, CHIP, text, on, fit, chips)
    return pygame.image.tobytes(surf, "RGB")


@pytest.mark.parametrize("fit", [False, True])
def test_a_kept_chip_is_the_chip_drawn_in_place_over_any_ground(fonts, fit):
    chips = Chips()
    for ground in (0, 1, 2):
        for on in (False, True):
            want = _shown(fonts, None, "4×", on, ground, fit)
            assert _shown(fonts, chips, "4×", on, ground, fit) == want
    assert any(s is not None for s in chips._by.values()), "the chips were kept"


def test_a_chip_shows_a_change_of_state_or_label_at_once(fonts):
    chips = Chips()
    off = _shown(fonts, chips, "Procopius", False, fit=True)
    on = _shown(fonts, chips, "Procopius", True, fit=True)  # the visitor chose this account
    assert on != off
    assert on == _shown(fonts, None, "Procopius", True, fit=True)
    other = _shown(fonts, chips, "Malalas", True, fit=True)
    assert other == _shown(fonts, None, "Malalas", True, fit=True) and other != on
    assert all(s is not None for s in chips._by.values()), "the chips were kept"


def test_a_label_wider_than_its_chip_runs_over_the_ground_as_drawn_in_place(fonts):
    chips = Chips()
    wide = "Zacharias of Mytilene"
    assert _shown(fonts, chips, wide, True) == _shown(fonts, None, wide, True)


def test_the_kept_chips_are_bounded(fonts):
    chips = Chips(kept=4)
    for k in range(10):
        _shown(fonts, chips, f"{k}×", k % 2 == 0)
    assert len(chips._by) == 4
