"""Finger gestures: tap, one-finger pan, two-finger pinch, built from SDL finger events.

Touch has one path: FINGER events (the mouse copies SDL makes of touches are dropped by
`game.app.controls`). Positions here are logical canvas pixels, already scaled from SDL's
0..1 window coordinates and clamped. Thresholds are in millimetres of screen, because a pixel
is 0.28 mm on a 24" panel and 0.5 mm on a 43" one and fingers do not scale.

A tap is one finger down and up without moving past the slop and with no other finger joining
in the meantime, so a palm or ten fingers on the glass never select anything. Two fingers
pinch: zoom by the ratio of their spread about their midpoint, pan by the midpoint's movement.
Fingers beyond the first two are tracked but ignored.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

TAP_SLOP_MM = 4.0
"""A finger that moves less than this between down and up tapped; more, and it drags."""
DEFAULT_SCREEN_INCHES = 24.0
"""The screen assumed when none is configured: a 24" 1080p panel, as the kiosk notes (G9)."""
MIN_SPREAD_PX = 8.0
"""Below this two fingers are one blob: no zoom from their spread, which would be noise."""


def px_per_mm(diagonal_inches: float, size: tuple[int, int] = (1920, 1080)) -> float:
    """Logical pixels per millimetre of a canvas shown on a screen of this diagonal."""
    return math.hypot(*size) / (diagonal_inches * 25.4)


DEFAULT_PX_PER_MM = px_per_mm(DEFAULT_SCREEN_INCHES)
"""About 3.6 logical px per mm: a 4 mm tap slop is ~14 px."""


@dataclass(frozen=True)
class Pan:
    dx: float
    dy: float


@dataclass(frozen=True)
class Pinch:
    """Zoom by `factor` about (cx, cy) after panning by (dx, dy), all in canvas px."""

    cx: float
    cy: float
    factor: float
    dx: float
    dy: float


@dataclass
class _Finger:
    start: tuple[float, float]
    last: tuple[float, float]
    pans: bool  # False for a finger that went down on a panel: it may tap, never pan
    moved: bool = False
    crowded: bool = False  # another finger touched while this one was down: not a tap


@dataclass
class Gestures:
    slop_px: float = TAP_SLOP_MM * DEFAULT_PX_PER_MM
    _fingers: dict[int, _Finger] = field(default_factory=dict)  # insertion order = touch order

    @property
    def count(self) -> int:
        return len(self._fingers)

    def down(self, finger: int, x: float, y: float, pans: bool = True) -> None:
        for other in self._fingers.values():
            other.crowded = True
        self._fingers[finger] = _Finger((x, y), (x, y), pans, crowded=bool(self._fingers))
        self._rebase()

    def move(self, finger: int, x: float, y: float) -> Pan | Pinch | None:
        f = self._fingers.get(finger)
        if f is None:
            return None
        before = f.last
        if not f.moved and math.dist(f.start, (x, y)) >= self.slop_px:
            f.moved = True
            before = f.start  # the drag starts where the finger went down
        f.last = (x, y)
        pair = self._pair()
        if pair is not None and finger in pair:
            return self._pinch(pair, finger, before)
        if pair is None and f.pans and f.moved:
            return Pan(x - before[0], y - before[1])
        return None

    def up(self, finger: int, x: float, y: float) -> tuple[float, float] | None:
        """Lift a finger; its position if this was a tap."""
        f = self._fingers.pop(finger, None)
        self._rebase()
        if f is None:
            return None
        tapped = not f.crowded and math.dist(f.start, (x, y)) < self.slop_px and not f.moved
        return (x, y) if tapped else None

    def cancel(self) -> None:
        """Forget every finger (focus lost, kiosk reset): no gesture survives."""
        self._fingers.clear()

    def _pair(self) -> tuple[int, int] | None:
        ids = [i for i, f in self._fingers.items() if f.pans]
        return (ids[0], ids[1]) if len(ids) >= 2 else None

    def _pinch(self, pair: tuple[int, int], finger: int, before: tuple[float, float]) -> Pinch:
        a, b = (self._fingers[i].last for i in pair)
        other = b if finger == pair[0] else a
        old_mid = ((before[0] + other[0]) / 2, (before[1] + other[1]) / 2)
        new_mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        old, new = math.dist(before, other), math.dist(a, b)
        factor = new / old if old >= MIN_SPREAD_PX and new >= MIN_SPREAD_PX else 1.0
        return Pinch(
            new_mid[0], new_mid[1], factor, new_mid[0] - old_mid[0], new_mid[1] - old_mid[1]
        )

    def _rebase(self) -> None:
        """When fingers join or leave, the ones left continue as a drag from where they are."""
        if len(self._fingers) != 1:
            for f in self._fingers.values():
                f.moved = True
