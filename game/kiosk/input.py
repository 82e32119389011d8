"""A kiosk's raw input, trimmed before the ordinary controls see it.

A public touch screen meets input no desk does: storms of ten fingers, SDL's full queue after a
stall, fingers whose lift was lost, and SDL's mouse copy of every touch. This module keeps a loop
turn's work bounded (motion merged per finger, floods shed, lifts always kept), remembers which
fingers are down so a phantom one can be let go, and watches for a real trackball's pointer.
"""

from __future__ import annotations

import logging

import pygame

INPUT_EVENTS = frozenset(
    {
        pygame.FINGERDOWN,
        pygame.FINGERMOTION,
        pygame.FINGERUP,
        pygame.MOUSEBUTTONDOWN,
        pygame.MOUSEBUTTONUP,
        pygame.MOUSEMOTION,
        pygame.MOUSEWHEEL,
        pygame.KEYDOWN,
    }
)
PRESSES = frozenset({pygame.FINGERDOWN, pygame.MOUSEBUTTONDOWN, pygame.KEYDOWN})
MOUSE_EVENTS = frozenset(
    {pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION, pygame.MOUSEWHEEL}
)
LIFTS = frozenset({pygame.FINGERUP, pygame.MOUSEBUTTONUP})

MAX_INPUT_PER_FRAME = 1000
"""Presses, motions, wheel turns and keys handled in one loop turn; the rest of a flood is
dropped. Ten fingers at 240 Hz are ~40 events a frame (motion is merged per finger), so only a
runaway device or a full SDL queue (65,535 events after a stall) reaches it; handling such a
queue whole took 13 s of CPU, past the 10 s systemd watchdog."""
FLOOD_LOG_EVERY_S = 60.0

STALE_FINGER_S = 10.0
"""A finger silent this long is taken as lifted. SDL can lose a finger-up (libsdl-org/SDL#1558),
and a phantom finger would make every later tap a crowded non-tap until the next reset."""


def coalesce_motion(events: list[pygame.event.Event]) -> list[pygame.event.Event]:
    """Keep only the last FINGERMOTION of each finger between presses and lifts.

    A finger on glass reports ~100 motions a second and a storm of ten fingers can fill SDL's
    queue; positions are absolute, so the last one carries all the information.
    """
    out: list[pygame.event.Event] = []
    pending: dict[int, int] = {}  # finger -> index in out of its latest motion
    for e in events:
        if e.type == pygame.FINGERMOTION:
            fid = int(e.finger_id)
            if fid in pending:
                out[pending[fid]] = e
                continue
            pending[fid] = len(out)
        elif e.type in (pygame.FINGERDOWN, pygame.FINGERUP):
            pending.clear()
        out.append(e)
    return out


def shed_flood(
    events: list[pygame.event.Event], limit: int = MAX_INPUT_PER_FRAME
) -> tuple[list[pygame.event.Event], int]:
    """The events a loop turn handles, and how many it drops: input beyond `limit`, except lifts.

    Lifts (finger up, button up) and window events are always kept, so a flood never leaves a
    finger, a drag or the playhead held down: a lift whose press was dropped does nothing."""
    kept: list[pygame.event.Event] = []
    taken = dropped = 0
    for e in events:
        if e.type in INPUT_EVENTS and e.type not in LIFTS:
            if taken >= limit:
                dropped += 1
                continue
            taken += 1
        kept.append(e)
    return kept, dropped


def press_pos(event: pygame.event.Event, size: tuple[int, int]) -> tuple[float, float] | None:
    """Where a finger or the left button went down, in canvas px; None for anything else."""
    w, h = size
    if event.type == pygame.FINGERDOWN:
        return (min(max(float(event.x), 0.0), 1.0) * w, min(max(float(event.y), 0.0), 1.0) * h)
    if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
        return (float(event.pos[0]), float(event.pos[1]))
    return None


class KioskInput:
    """One loop turn's events, trimmed; the fingers down; where a trackball's pointer was seen."""

    def __init__(self, log: logging.Logger):
        self.log = log
        self.dropped_events = 0  # input dropped by `shed_flood` since start
        self.pointer_seen = -1e9  # when a real mouse/trackball last moved
        self.pointer_pos = (0, 0)
        self._fingers: dict[int, float] = {}  # fingers down -> when last heard of
        self._flood_logged = -1e9  # when a dropped flood of input was last logged

    def take(self, events: list[pygame.event.Event], now: float) -> list[pygame.event.Event]:
        """The events this turn handles: motion merged, a flood shed (and logged once a minute)."""
        events, dropped = shed_flood(coalesce_motion(events))
        if dropped:
            self.dropped_events += dropped
            if now - self._flood_logged >= FLOOD_LOG_EVERY_S:
                self._flood_logged = now
                self.log.warning(
                    "input flood: dropped %d events this frame (%d since start)",
                    dropped,
                    self.dropped_events,
                )
        return events

    def note(self, event: pygame.event.Event, now: float) -> bool:
        """Track fingers and the pointer; False for SDL's mouse copy of a touch (fingers act)."""
        t = event.type
        finger = getattr(event, "finger_id", None)
        if t == pygame.FINGERUP:
            self._fingers.pop(finger, None)
        elif t in (pygame.FINGERDOWN, pygame.FINGERMOTION):
            self._fingers[finger] = now
        if t in MOUSE_EVENTS:
            if getattr(event, "touch", False):
                return False
            self.pointer_seen = now
            if hasattr(event, "pos"):
                self.pointer_pos = event.pos
        return True

    def stale_finger(self, now: float) -> bool:
        """A finger has been down and silent past `STALE_FINGER_S` (its lift was lost)."""
        if self._fingers and now - min(self._fingers.values()) > STALE_FINGER_S:
            self.log.info("a finger silent for %.0f s taken as lifted", STALE_FINGER_S)
            return True
        return False

    def lift_all(self) -> None:
        self._fingers.clear()

    def pointer_visible(self, now: float, pointer: str, hide_after_s: float) -> bool:
        """A trackball's pointer shows while it moves and hides after a few still seconds."""
        return pointer != "touch" and now - self.pointer_seen < hide_after_s
