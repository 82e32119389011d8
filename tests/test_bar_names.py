"""The phase names on the timeline bar, as a visitor reads them: at 1920x1080 every phase is
named whole (its name, or its short name where the whole one has no room), the one being shown
by its whole name; on a small screen names may be cut, but never run into one another or past
the buttons."""

from __future__ import annotations

import pygame
import pytest

from game.view.bar_layout import NAME_SIZE
from game.view.bar_names import pack_whole, whole_names
from game.view.fonts import Fonts
from game.view.timeline_bar import TimelineBar
from game.view.units import units_for


@pytest.fixture(scope="module")
def fonts() -> Fonts:
    pygame.font.init()
    return Fonts()


def _names(real_scenario, fonts, size, account, current):
    """The bar's phases and the rectangles of the names it draws, with the phase `current`."""
    bar = TimelineBar(real_scenario, fonts)
    units = units_for(size)
    lay = bar.layout(size, (0, 0), units)
    phases = bar.marks(account)
    _, names = bar._draw_static(lay, phases, current, ())
    return phases, dict(names), lay, units.text(NAME_SIZE)


@pytest.mark.parametrize("account", ["procopius", "malalas"])
def test_at_1920_every_phase_is_named_whole(real_scenario, fonts, account):
    """ "Council and deploym…" was cut at 14:13, and the blow unnamed at the stand."""
    for current in range(len(real_scenario.phases_for(account))):
        phases, names, _, size = _names(real_scenario, fonts, (1920, 1080), account, current)
        for k, ph in enumerate(phases):
            rect = names.get(f"bar.phase.{ph.id}")
            assert rect is not None, (account, phases[current].id, ph.id, "unnamed")
            whole = {fonts.size(t, "sans", size)[0] for t in (ph.name, ph.short) if t}
            if k == current:
                whole = {fonts.size(ph.name, "sans", size)[0]}
            assert rect.width in whole, (account, phases[current].id, ph.name, rect.width, whole)


@pytest.mark.parametrize("size", [(1280, 720), (1024, 600), (800, 480)])
def test_on_a_small_screen_the_names_keep_apart_and_short_of_the_buttons(
    real_scenario, fonts, size
):
    for account in real_scenario.accounts:
        for current in range(len(real_scenario.phases_for(account))):
            phases, names, lay, _ = _names(real_scenario, fonts, size, account, current)
            rects = list(names.values())
            for i, r in enumerate(rects):
                assert r.collidelist(rects[i + 1 :]) < 0, (size, account, current)
                assert r.right <= lay.names_right, (size, account, current)
            assert f"bar.phase.{phases[current].id}" in names, "the phase shown is named"


def test_a_whole_packing_is_found_where_the_first_fit_cuts_a_name():
    """Three names round two close markers on one row: the first fit puts the middle one
    after its marker and leaves no room for the last; whole, it goes before its marker."""
    xs, widths = [0, 150, 160], [60, 60, 60]
    spots = pack_whole(widths, xs, rows=1, right=300, gap=4, indent=2)
    assert spots is not None
    texts, got = whole_names(
        ["a", "b", "c"],
        ["", "", ""],
        lambda t: widths["abc".index(t)],
        0,
        lambda ws: [(0, 2, 60), (0, 152, 60), None],  # (the first fit's answer)
        lambda ws: pack_whole(ws, xs, 1, 300, 4, 2),
    )
    assert texts == ["a", "b", "c"] and got == spots
    assert spots[1][1] + 60 <= 150, "the middle name before its marker"


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720), (1024, 600), (800, 480)])
def test_two_names_back_to_back_do_not_read_as_one_phrase(real_scenario, fonts, size):
    """At 1024x600 "The collapse" (after its marker) and "Nightfall" (before its own) stood a
    word's space apart with no dot between, and read "The collapse Nightfall"."""
    for account in real_scenario.accounts:
        for current in range(len(real_scenario.phases_for(account))):
            phases, names, lay, em = _names(real_scenario, fonts, size, account, current)
            placed = []  # (row top, left, right, dot at left)
            for ph in phases:
                r = names.get(f"bar.phase.{ph.id}")
                if r is not None:
                    placed.append((r.y, r.x, r.right, r.x > lay.x_at(ph.tick)))
            for y, _, b, dot_left in placed:
                for y2, a2, _, dot_left2 in placed:
                    if y2 == y and a2 >= b and dot_left and not dot_left2:
                        assert a2 - b >= em, (size, account, current, a2 - b)
