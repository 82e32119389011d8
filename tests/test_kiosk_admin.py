"""The staff exit (G5): a hidden corner gesture, then a PIN pad with a lockout.

Every test drives an injected clock; nothing sleeps and no display is needed except for drawing.
"""

from __future__ import annotations

import itertools

import pygame
import pytest

from game.kiosk.admin import MAX_ENTRY, AdminGate, CornerTaps
from game.kiosk.pad import KEY_BACK, KEY_CANCEL, KEY_OK, pad_layout

PIN = "2468"
CORNER = (20.0, 30.0)
MIDDLE = (960.0, 540.0)
CANVAS = (1920, 1080)


def make_gate(**kw) -> AdminGate:
    return AdminGate(lambda p: p == PIN, corner=CornerTaps(), **kw)


def open_pad(gate: AdminGate, now: float = 0.0) -> float:
    """Five corner taps, 0.3 s apart; returns the time of the last."""
    for k in range(5):
        gate.tap(CORNER, now + 0.3 * k)
    assert gate.is_open
    return now + 1.2


def press(gate: AdminGate, label: str, now: float) -> bool:
    return gate.tap(pad_layout(CANVAS)[label].center, now)


def enter(gate: AdminGate, pin: str, now: float) -> None:
    for d in pin:
        press(gate, d, now)
    press(gate, KEY_OK, now)


def lock(gate: AdminGate, now: float) -> None:
    for _ in range(5):
        enter(gate, "1111", now)


# --- corner gesture -------------------------------------------------------------------------------


def test_five_corner_taps_within_three_seconds_fire():
    c = CornerTaps()
    assert [c.tap(CORNER, t) for t in (0.0, 0.5, 1.0, 1.5, 2.0)] == [False] * 4 + [True]


def test_four_corner_taps_do_not_fire():
    c = CornerTaps()
    assert not any(c.tap(CORNER, t) for t in (0.0, 0.5, 1.0, 1.5))


def test_taps_spread_over_more_than_three_seconds_do_not_fire():
    c = CornerTaps()
    assert not any(c.tap(CORNER, t) for t in (0.0, 0.9, 1.8, 2.7, 3.6, 4.5, 5.4))


def test_a_tap_outside_the_corner_resets_the_count():
    c = CornerTaps()
    for t in (0.0, 0.2, 0.4, 0.6):
        c.tap(CORNER, t)
    c.tap((200.0, 30.0), 0.8)
    assert not c.tap(CORNER, 1.0)


def test_a_pause_longer_than_the_gap_resets_the_count():
    c = CornerTaps()
    for t in (0.0, 0.1, 0.2, 0.3):
        c.tap(CORNER, t)
    assert not c.tap(CORNER, 2.4)
    assert c.count == 1


def test_the_corner_is_the_top_left_96_px_square():
    c = CornerTaps()
    assert c.in_corner((95.9, 95.9))
    assert not c.in_corner((96.0, 10.0))
    assert not c.in_corner((10.0, 96.0))
    assert not c.in_corner((float("nan"), 10.0))


def test_gate_opens_on_five_corner_taps_and_consumes_only_the_opening_tap():
    gate = make_gate()
    consumed = [gate.tap(CORNER, 0.2 * k) for k in range(5)]
    assert consumed == [False] * 4 + [True]
    assert gate.is_open


def test_gate_stays_closed_after_four_corner_taps():
    gate = make_gate()
    for k in range(4):
        gate.tap(CORNER, 0.2 * k)
    assert not gate.is_open


def test_ordinary_taps_pass_through_a_closed_gate():
    assert not make_gate().tap(MIDDLE, 0.0)


# --- PIN ------------------------------------------------------------------------------------------


def test_correct_pin_requests_exit():
    gate = make_gate()
    enter(gate, PIN, open_pad(gate))
    assert gate.exit_requested


def test_wrong_pin_does_not_exit_and_says_so():
    gate = make_gate()
    enter(gate, "1357", open_pad(gate))
    assert not gate.exit_requested
    assert gate.status == "Wrong PIN"
    assert gate.entry_length == 0


def test_ok_on_an_empty_entry_is_not_a_guess():
    gate = make_gate()
    press(gate, KEY_OK, open_pad(gate))
    assert gate.wrong_count == 0


def test_backspace_removes_the_last_digit():
    gate = make_gate()
    now = open_pad(gate)
    for label in ("2", "4", "9", KEY_BACK, "6", "8", KEY_OK):
        press(gate, label, now)
    assert gate.exit_requested


def test_entry_stops_at_twelve_digits():
    gate = make_gate()
    now = open_pad(gate)
    for _ in range(MAX_ENTRY + 5):
        press(gate, "7", now)
    assert gate.entry_length == MAX_ENTRY


def test_a_pin_check_that_raises_counts_as_wrong():
    def broken(_pin: str) -> bool:
        raise ValueError("malformed stored hash")

    gate = AdminGate(broken, corner=CornerTaps())
    enter(gate, PIN, open_pad(gate))
    assert not gate.exit_requested
    assert gate.wrong_count == 1


def test_five_wrong_pins_lock_the_pad():
    gate = make_gate()
    lock(gate, open_pad(gate))
    assert gate.locked_until is not None
    assert gate.status == "Locked – try again in 5:00"


def test_correct_pin_during_lockout_does_not_exit():
    gate = make_gate()
    now = open_pad(gate)
    lock(gate, now)
    enter(gate, PIN, now + 10)
    assert not gate.exit_requested


def test_correct_pin_after_lockout_exits():
    gate = make_gate()
    now = open_pad(gate)
    lock(gate, now)
    later = now + 300.0
    gate.update(later)
    enter(gate, PIN, open_pad(gate, later))
    assert gate.exit_requested


def test_lockout_survives_closing_and_reopening_the_pad():
    gate = make_gate()
    now = open_pad(gate)
    lock(gate, now)
    press(gate, KEY_CANCEL, now + 1)
    enter(gate, PIN, open_pad(gate, now + 5))
    assert not gate.exit_requested


def test_idle_reset_keeps_the_lockout():
    gate = make_gate()
    lock(gate, open_pad(gate))
    gate.reset()
    assert not gate.is_open
    assert gate.locked_until is not None


def test_wrong_count_resets_after_a_correct_pin():
    gate = make_gate()
    now = open_pad(gate)
    for _ in range(4):
        enter(gate, "1111", now)
    enter(gate, PIN, now)
    assert gate.wrong_count == 0


def test_wrong_pins_in_a_row_survive_an_idle_reset():
    gate = make_gate()
    now = open_pad(gate)
    for _ in range(4):
        enter(gate, "1111", now)
    gate.reset()
    enter(gate, "1111", open_pad(gate, now + 10))
    assert gate.locked_until is not None


# --- closing --------------------------------------------------------------------------------------


def test_pad_times_out_without_input():
    gate = make_gate()
    now = open_pad(gate)
    gate.update(now + 29.9)
    assert gate.is_open
    gate.update(now + 30.0)
    assert not gate.is_open


def test_pad_input_keeps_the_pad_open():
    gate = make_gate()
    now = open_pad(gate)
    press(gate, "1", now + 20)
    gate.update(now + 40)
    assert gate.is_open


def test_cancel_closes_the_pad_and_forgets_the_entry():
    gate = make_gate()
    now = open_pad(gate)
    press(gate, "2", now)
    press(gate, KEY_CANCEL, now)
    assert not gate.is_open
    assert gate.entry_length == 0


def test_taps_beside_the_keys_are_swallowed_while_open():
    gate = make_gate()
    now = open_pad(gate)
    assert gate.tap((5.0, 1070.0), now)
    assert gate.is_open


# --- keyboard -------------------------------------------------------------------------------------

ALL_KEYS = sorted({v for k, v in vars(pygame).items() if k.startswith("K_")})


def test_no_key_opens_the_pad():
    gate = make_gate()
    for now, key in enumerate(ALL_KEYS):
        assert not gate.key(key, "", float(now))
    assert not gate.is_open


def test_keys_after_four_corner_taps_do_not_open_the_pad():
    gate = make_gate()
    for k in range(4):
        gate.tap(CORNER, 0.1 * k)
    for key in (pygame.K_RETURN, pygame.K_5, pygame.K_ESCAPE):
        gate.key(key, "", 0.5)
    assert not gate.is_open


def test_top_row_digits_and_return_enter_the_pin():
    gate = make_gate()
    now = open_pad(gate)
    for d in PIN:
        assert gate.key(getattr(pygame, f"K_{d}"), d, now)
    gate.key(pygame.K_RETURN, "\r", now)
    assert gate.exit_requested


def test_keypad_digits_and_keypad_enter_enter_the_pin():
    gate = make_gate()
    now = open_pad(gate)
    for d in PIN:
        gate.key(getattr(pygame, f"K_KP{d}"), "", now)
    gate.key(pygame.K_KP_ENTER, "", now)
    assert gate.exit_requested


def test_escape_closes_the_pad():
    gate = make_gate()
    gate.key(pygame.K_ESCAPE, "\x1b", open_pad(gate))
    assert not gate.is_open


def test_keyboard_backspace_removes_a_digit():
    gate = make_gate()
    now = open_pad(gate)
    gate.key(pygame.K_1, "1", now)
    gate.key(pygame.K_BACKSPACE, "\b", now)
    assert gate.entry_length == 0


# --- layout and drawing ---------------------------------------------------------------------------


def test_pad_has_twelve_keys_and_a_cancel():
    assert set(pad_layout(CANVAS)) == {*"0123456789", KEY_BACK, KEY_OK, KEY_CANCEL}


def test_every_key_is_at_least_96_px_and_inside_the_canvas():
    canvas = pygame.Rect((0, 0), CANVAS)
    for rect in pad_layout(CANVAS).values():
        assert rect.width >= 96 and rect.height >= 96
        assert canvas.contains(rect)


def test_keys_are_at_least_12_px_apart():
    for a, b in itertools.combinations(pad_layout(CANVAS).values(), 2):
        gap_x = max(b.left - a.right, a.left - b.right)
        gap_y = max(b.top - a.bottom, a.top - b.bottom)
        assert max(gap_x, gap_y) >= 12


@pytest.mark.parametrize("size", [(1, 1), (320, 200), (0, 0)])
def test_layout_at_tiny_sizes_does_not_fail(size):
    assert len(pad_layout(size)) == 13


@pytest.fixture
def fonts():
    from game.view.fonts import Fonts

    pygame.font.init()
    return Fonts()


@pytest.mark.parametrize("size", [(1920, 1080), (1, 1), (320, 200)])
def test_open_pad_draws_at_any_canvas_size(fonts, size):
    gate = make_gate()
    now = open_pad(gate)
    press(gate, "1", now)
    surface = pygame.Surface(size)
    gate.draw(surface, fonts)
    assert gate.canvas_size == size


def _ink(surface: pygame.Surface, rect: pygame.Rect) -> int:
    """How much a part of the drawing stands out from its darkest pixel (0 for a flat patch)."""
    px = pygame.surfarray.array3d(surface.subsurface(rect)).astype(int).sum(axis=2)
    return int(px.max() - px.min())


def test_a_locked_pad_shows_its_digits_faint_and_the_time_left(fonts):
    """Refused keys are drawn faint during a lockout; cancel stays as it was; the status says
    how long the lockout lasts."""
    free, locked = make_gate(), make_gate()
    open_pad(free)
    lock(locked, open_pad(locked))
    drawn = {}
    for name, gate in (("free", free), ("locked", locked)):
        drawn[name] = pygame.Surface(CANVAS)
        gate.draw(drawn[name], fonts)
    keys = pad_layout(CANVAS)
    for digit in "0123456789":
        assert _ink(drawn["locked"], keys[digit]) < _ink(drawn["free"], keys[digit]), digit
    cancel = keys[KEY_CANCEL]
    same = drawn["free"].subsurface(cancel), drawn["locked"].subsurface(cancel)
    assert pygame.image.tobytes(same[0], "RGB") == pygame.image.tobytes(same[1], "RGB")
    assert locked.status == "Locked – try again in 5:00"


def test_digits_are_never_drawn(fonts):
    """The pad shows dots: the same drawing whichever digits were typed."""
    shots = []
    for pin in ("1111", "9876"):
        gate = make_gate()
        now = open_pad(gate)
        for d in pin:
            press(gate, d, now)
        surface = pygame.Surface(CANVAS)
        gate.draw(surface, fonts)
        shots.append(pygame.image.tobytes(surface, "RGB"))
    assert shots[0] == shots[1]
