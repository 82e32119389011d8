"""Finger gestures: a tap is a tap within 4 mm wherever the screen's size; more is a drag;
two fingers pinch about their midpoint; extra fingers and crowded presses never tap."""

from __future__ import annotations

import pytest

from game.app.gestures import TAP_SLOP_MM, Gestures, Pan, Pinch, px_per_mm


def test_a_1080p_canvas_has_about_3_6_px_a_mm_on_24_inches_and_2_on_43():
    assert px_per_mm(24.0) == pytest.approx(3.61, abs=0.01)
    assert px_per_mm(43.0) == pytest.approx(2.02, abs=0.01)


@pytest.mark.parametrize("inches", [24.0, 43.0, 65.0])
def test_a_wobble_under_4_mm_taps_and_a_move_over_it_drags_on_any_screen(inches):
    mm = px_per_mm(inches)
    g = Gestures(slop_px=TAP_SLOP_MM * mm)
    g.down(1, 500, 500)
    assert g.move(1, 500 + 3.5 * mm, 500) is None  # a finger's wobble: nothing moves yet
    assert g.up(1, 500 + 3.5 * mm, 500) == (500 + 3.5 * mm, 500)
    g.down(2, 500, 500)
    pan = g.move(2, 500 + 4.5 * mm, 500)
    assert isinstance(pan, Pan)
    assert (pan.dx, pan.dy) == pytest.approx((4.5 * mm, 0.0))  # from where the finger went down
    assert g.up(2, 500 + 4.5 * mm, 500) is None


def test_two_fingers_spreading_zoom_about_their_midpoint():
    g = Gestures(slop_px=10)
    g.down(1, 900, 500)
    g.down(2, 1100, 500)
    pinch = g.move(2, 1300, 500)
    assert isinstance(pinch, Pinch)
    assert pinch.factor == pytest.approx(2.0)
    assert (pinch.cx, pinch.cy) == (1100, 500)
    assert (pinch.dx, pinch.dy) == (100, 0)  # the midpoint moved with the finger


def test_two_fingers_moving_together_pan_without_zoom():
    g = Gestures(slop_px=10)
    g.down(1, 900, 500)
    g.down(2, 1100, 500)
    moves = [g.move(1, 900, 560), g.move(2, 1100, 560)]
    assert moves[0].factor * moves[1].factor == pytest.approx(1.0)  # same spread in the end
    assert [m.dy for m in moves] == pytest.approx([30, 30])  # each moves the midpoint by half


def test_fingers_beyond_two_are_ignored_and_none_of_a_crowd_taps():
    g = Gestures(slop_px=10)
    for i in range(10):
        g.down(i, 100 + 50 * i, 300)
    assert g.count == 10
    assert g.move(7, 600, 400) is None  # not one of the pinching pair
    assert [g.up(i, 100 + 50 * i, 300) for i in range(10)] == [None] * 10
    assert g.count == 0


def test_a_finger_on_a_panel_may_tap_but_never_pans():
    g = Gestures(slop_px=10)
    g.down(1, 100, 100, pans=False)
    assert g.move(1, 300, 100) is None
    g.down(2, 100, 100, pans=False)
    assert g.up(2, 102, 100) is None  # crowded by the first finger


def test_cancel_forgets_every_finger_so_a_late_up_does_not_tap():
    g = Gestures(slop_px=10)
    g.down(1, 100, 100)
    g.cancel()
    assert g.count == 0
    assert g.up(1, 100, 100) is None
