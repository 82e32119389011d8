"""The staff exit: a hidden corner gesture, then a PIN pad (goal G5: visitors cannot get out).

In kiosk mode nothing a visitor presses leaves the app. Staff tap the top-left corner five times
within three seconds (a pause over two seconds starts the count again, so stray taps never add
up; the pattern is Polaris' "5 taps in a 96 pt corner"), then type a PIN on an on-screen pad.
Five wrong PINs in a row lock the pad for five minutes; the lock survives closing the pad and an
idle reset. No key ever opens the pad: visitors sometimes have keyboards.

The logic is plain Python with an injected monotonic clock (`now`, seconds), so tests never sleep;
pygame is used only for key constants; the pad is drawn by `game.kiosk.pad`. The PIN check is
injected too: the app passes `lambda p: check_pin(p, cfg.admin.pin_hash)` from `game.kiosk.pin`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pygame

from game.kiosk.pad import KEY_BACK, KEY_CANCEL, KEY_OK, draw_pad, pad_layout
from game.kiosk.stafflog import staff_logger
from game.view.fonts import Fonts

log = staff_logger("admin")  # a child of the staff log: lock-outs reach its file

MAX_ENTRY = 12
"""Digits kept; longer than any sane staff PIN, short enough that the dots fit one row."""

DIGIT_KEYS = {getattr(pygame, f"K_{d}"): str(d) for d in range(10)} | {
    getattr(pygame, f"K_KP{d}"): str(d) for d in range(10)
}
BACK_KEYS = frozenset({pygame.K_BACKSPACE, pygame.K_DELETE})
OK_KEYS = frozenset({pygame.K_RETURN, pygame.K_KP_ENTER})
CANCEL_KEYS = frozenset({pygame.K_ESCAPE})

PROMPT = "Enter the staff PIN"
WRONG = "Wrong PIN"


class CornerTaps:
    """Counts taps in the top-left corner; fires on the `taps`-th within `window_s`.

    A tap outside the corner, or a pause over `gap_reset_s`, empties the count, so a visitor who
    leans on the corner now and then never adds up to an exit. Positions are logical canvas
    pixels; anything left of or above the canvas (unclamped touch) still counts as the corner.
    """

    def __init__(
        self,
        corner_px: float = 96,
        taps: int = 5,
        window_s: float = 3.0,
        gap_reset_s: float = 2.0,
    ):
        if corner_px <= 0 or taps < 1 or window_s <= 0 or gap_reset_s <= 0:
            raise ValueError(
                f"CornerTaps(corner_px={corner_px}, taps={taps}, window_s={window_s}, "
                f"gap_reset_s={gap_reset_s}): all must be positive (taps >= 1)"
            )
        self.corner_px = corner_px
        self.taps = taps
        self.window_s = window_s
        self.gap_reset_s = gap_reset_s
        self._times: list[float] = []

    @property
    def count(self) -> int:
        """Taps counted so far (for tests and a debug overlay)."""
        return len(self._times)

    def reset(self) -> None:
        self._times.clear()

    def in_corner(self, pos: tuple[float, float]) -> bool:
        x, y = pos
        return math.isfinite(x) and math.isfinite(y) and x < self.corner_px and y < self.corner_px

    def tap(self, pos: tuple[float, float], now: float) -> bool:
        """Feed one tap; True when this tap completes the gesture (the count then restarts)."""
        if not self.in_corner(pos):
            self.reset()
            return False
        if self._times and not 0.0 <= now - self._times[-1] <= self.gap_reset_s:
            self.reset()  # a long pause, or a clock that went backwards
        self._times.append(now)
        # Slide the window: only the last `taps` taps within `window_s` can complete it.
        self._times = [t for t in self._times[-self.taps :] if now - t <= self.window_s]
        if len(self._times) >= self.taps:
            self.reset()
            return True
        return False


class AdminGate:
    """The hidden staff exit: corner gesture -> PIN pad -> `exit_requested`.

    While the pad is open it is modal: every tap and key goes to it. While closed it only watches
    taps for the corner gesture and lets them through to the app. Hit-testing uses the layout of
    the canvas last drawn (1920x1080 until the first `draw`).
    """

    def __init__(
        self,
        check: Callable[[str], bool],
        *,
        corner: CornerTaps,
        max_wrong: int = 5,
        lockout_s: float = 300.0,
        pad_timeout_s: float = 30.0,
        canvas_size: tuple[int, int] = (1920, 1080),
    ):
        if max_wrong < 1 or lockout_s < 0 or pad_timeout_s <= 0:
            raise ValueError(
                f"AdminGate(max_wrong={max_wrong}, lockout_s={lockout_s}, "
                f"pad_timeout_s={pad_timeout_s}): need max_wrong >= 1, lockout_s >= 0, "
                "pad_timeout_s > 0"
            )
        self._check = check
        self.corner = corner
        self.max_wrong = max_wrong
        self.lockout_s = lockout_s
        self.pad_timeout_s = pad_timeout_s
        self.canvas_size = canvas_size
        self.is_open = False
        self.locked_until: float | None = None
        self._exit = False
        self._entry = ""
        self._wrong = 0
        self._show_wrong = False
        self._last_input = 0.0
        self._now = 0.0

    # --- state seen by the app and tests -------------------------------------------------------

    @property
    def exit_requested(self) -> bool:
        """True once a correct PIN was entered outside a lockout; the app then quits."""
        return self._exit

    @property
    def entry_length(self) -> int:
        """Digits typed so far; the digits themselves are never exposed or drawn."""
        return len(self._entry)

    @property
    def wrong_count(self) -> int:
        return self._wrong

    @property
    def status(self) -> str:
        """The pad's status line."""
        if self.locked_until is not None:
            left = max(0, math.ceil(self.locked_until - self._now))
            return f"Locked – try again in {left // 60}:{left % 60:02d}"
        return WRONG if self._show_wrong else PROMPT

    # --- input ---------------------------------------------------------------------------------

    def tap(self, pos: tuple[float, float], now: float) -> bool:
        """Route one tap; True if the gate consumed it (pad open, or this tap opened it)."""
        self._advance(now)
        if not self.is_open:
            if self.corner.tap(pos, now):
                self._open(now)
                return True
            return False
        label = self._key_at(pos)
        if label is not None:
            self._press(label, now)
        return True  # modal: taps beside the keys do nothing, and do not keep the pad open

    def key(self, key: int, unicode: str, now: float) -> bool:
        """Route one key press; consumed (True) only while the pad is open. Never opens it."""
        self._advance(now)
        if not self.is_open:
            return False
        label = _key_label(key, unicode)
        if label is not None:
            self._press(label, now)
        return True

    def update(self, now: float) -> None:
        """Per frame: end a lockout that has run out; close a pad left alone too long."""
        self._advance(now)

    def reset(self) -> None:
        """Idle reset: close the pad and forget the entry, but keep any lockout and the count of
        wrong PINs, so waiting for the idle reset is no way round the lockout."""
        self._close()

    # --- internals -----------------------------------------------------------------------------

    def _advance(self, now: float) -> None:
        self._now = now
        if self.locked_until is not None and now >= self.locked_until:
            self.locked_until = None
            self._wrong = 0
            self._show_wrong = False
        if self.is_open and now - self._last_input >= self.pad_timeout_s:
            self._close()

    def _open(self, now: float) -> None:
        self.is_open = True
        self._entry = ""
        self._show_wrong = False
        self._last_input = now

    def _close(self) -> None:
        self.is_open = False
        self._entry = ""
        self._show_wrong = False
        self.corner.reset()

    def _key_at(self, pos: tuple[float, float]) -> str | None:
        for label, rect in pad_layout(self.canvas_size).items():
            if rect.collidepoint(pos):
                return label
        return None

    def _press(self, label: str, now: float) -> None:
        """One pad action, from a tap or a key."""
        self._last_input = now
        if label == KEY_CANCEL:
            self._close()
        elif self.locked_until is not None:
            return  # refused: nothing is typed or checked while locked
        elif label == KEY_BACK:
            self._entry = self._entry[:-1]
        elif label == KEY_OK:
            self._submit(now)
        elif label.isdigit() and len(self._entry) < MAX_ENTRY:
            self._entry += label
            self._show_wrong = False

    def _submit(self, now: float) -> None:
        if not self._entry:
            return  # a stray OK on an empty pad is not a guess
        entry, self._entry = self._entry, ""
        if self._matches(entry):
            self._wrong = 0
            self._exit = True
            self._close()
            return
        self._wrong += 1
        self._show_wrong = True
        if self._wrong >= self.max_wrong:
            self.locked_until = now + self.lockout_s
            log.warning(
                "staff exit locked for %.0f s after %d wrong PINs", self.lockout_s, self._wrong
            )

    def _matches(self, entry: str) -> bool:
        """The injected check; if it fails (e.g. a malformed stored hash) the PIN is wrong, the
        kiosk stays up, and the reason goes to the staff log."""
        try:
            return bool(self._check(entry))
        except Exception:
            log.exception("staff PIN check failed; treating the PIN as wrong")
            return False

    # --- drawing -------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, fonts: Fonts) -> None:
        """Draw the open pad (nothing when closed) over a dimmed screen; also records the canvas
        size so taps are hit-tested against what is on screen."""
        self.canvas_size = surface.get_size()
        if not self.is_open:
            return
        draw_pad(
            surface,
            fonts,
            entry_length=len(self._entry),
            status=self.status,
            warn=self.locked_until is not None or self._show_wrong,
            locked=self.locked_until is not None,
        )


def _key_label(key: int, unicode: str) -> str | None:
    """The pad action for a key press: digits by character first (AZERTY's top row needs
    Shift), then by key code (the keypad with Num Lock off sends no character)."""
    if len(unicode) == 1 and unicode in "0123456789":
        return unicode
    if key in DIGIT_KEYS:
        return DIGIT_KEYS[key]
    if key in BACK_KEYS:
        return KEY_BACK
    if key in OK_KEYS:
        return KEY_OK
    if key in CANCEL_KEYS:
        return KEY_CANCEL
    return None
