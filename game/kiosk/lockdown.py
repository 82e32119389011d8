"""Lockdown: a visitor cannot leave the kiosk; staff can (goal G5).

Closing the window, Alt+F4 and every key are ignored (the window's controls are built with
`can_quit=False`), a minimised window is restored at once, and a fullscreen window is told not
to minimise when something else takes the focus. The only way out is the staff gate: taps in
the hidden corner, then the PIN (`game.kiosk.admin`).
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Callable

import pygame

from game.kiosk.admin import AdminGate, CornerTaps
from game.kiosk.config import AdminConfig
from game.kiosk.input import press_pos
from game.kiosk.pin import check_pin

KIOSK_ENV = {"SDL_VIDEO_MINIMIZE_ON_FOCUS_LOSS": "0"}
"""SDL hints set before the display opens: a fullscreen window must not minimise when
something else takes the focus (libsdl-org/SDL#3656)."""

LEAVE_EVENTS = frozenset({pygame.QUIT, pygame.WINDOWCLOSE})


def lock_display_env() -> None:
    """Set `KIOSK_ENV`; call before the display opens."""
    for key, value in KIOSK_ENV.items():
        os.environ[key] = value


class Lockdown:
    """Swallows every way out but the staff gate, which it holds (`gate`)."""

    def __init__(
        self,
        admin: AdminConfig,
        canvas_size: tuple[int, int],
        log: logging.Logger,
        cancel_press: Callable[[], None],
    ):
        """`cancel_press` drops the press the controls had begun when the gate takes a tap."""
        self.log = log
        self.cancel_press = cancel_press
        self.gate = AdminGate(
            lambda pin: check_pin(pin, admin.pin_hash),
            corner=CornerTaps(admin.corner_px, admin.corner_taps, admin.corner_window_s),
            max_wrong=admin.max_wrong,
            lockout_s=admin.lockout_s,
            canvas_size=canvas_size,
        )

    @property
    def staff_left(self) -> bool:
        return self.gate.exit_requested

    def window_event(self, event: pygame.event.Event) -> bool:
        """Take a request to close or a minimise (True); other events are not ours."""
        if event.type in LEAVE_EVENTS:
            self.log.info("window close request ignored (kiosk)")
            return True
        if event.type == pygame.WINDOWMINIMIZED:
            self._restore_window()
            return True
        return False

    def to_gate(self, event: pygame.event.Event, now: float, size: tuple[int, int]) -> bool:
        """Feed the staff gate; True if it took the event (the PIN pad is modal)."""
        if event.type == pygame.KEYDOWN:
            return self.gate.key(event.key, getattr(event, "unicode", ""), now)
        pos = press_pos(event, size)
        if pos is not None:
            took = self.gate.tap(pos, now)
            if took:
                self.cancel_press()
            return took
        return self.gate.is_open

    def _restore_window(self) -> None:
        try:
            # pygame-ce 2.5 has no other handle on the display module's window; the warning is
            # about drawing through that handle, which this does not do
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                window = pygame.Window.from_display_module()
            window.restore()
        except (pygame.error, AttributeError) as err:
            self.log.warning("could not restore the minimised window: %s", err)
