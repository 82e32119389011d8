"""Playing ahead of the live world: fast playback from keyframe to keyframe.

At `FAST_SPEED` and above, the moment shown moves on by the frame's battle time, and the world
jumps to the next keyframe while one is close ahead (the view interpolates the men between the
two) instead of simulating every tick; it simulates only where no keyframe is close ahead.
Pausing or slowing down brings the exact world up (`Playback` seeks to the moment shown), so a
16x play then pause lands on the straight run's state.

Even frames: a jump goes straight to the first sparse keyframe at or past the moment shown
(dense keyframes in between would cost a decode each, up to two a frame), so at 16x one frame
in three restores a keyframe; and `Lookahead` decodes the next one in a thread while the frames
in between are drawn (zlib and numpy let go of the interpreter lock), so the frame that jumps
finds it decoded instead of decoding one, or an anchor and one, itself (~5-15 ms at 1:1).
"""

from __future__ import annotations

import math
import threading
from typing import TYPE_CHECKING

import numpy as np

from game.timeline.clock import MAX_FRAME_SECONDS

if TYPE_CHECKING:
    from game.timeline.cache import Keyframes
    from game.timeline.playback import Playback

TICK_BUDGET_SECONDS = 0.012
"""Wall time a frame may spend simulating. If ticks cost more than playback needs, playback
slows down rather than the frame rate dropping under 50 FPS (`reached_speed` says so)."""

FAST_SPEED = 4.0
"""From this speed on, play from keyframes: 16x is 320 ticks a second, ~1.8 s of CPU a second
at 1:1, where decoding a keyframe every 15 ticks costs ~0.1 s."""

MAX_JUMPS = 2
"""Keyframes a fast frame may decode (a few ms each)."""


class Lookahead:
    """The next sparse keyframe of fast playback, decoded in a thread of its own ahead of the
    frame that jumps to it (`Keyframes.get` remembers it among its decoded copies)."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._for: tuple[int, int] | None = None  # (cache, tick) being decoded or done
        self.decoded = 0  # keyframes decoded ahead (tests)

    def prefetch(self, kf: Keyframes, tick: int) -> None:
        """Start decoding the keyframe at `tick` (if held and not being decoded already)."""
        key = (id(kf), tick)
        if key == self._for or tick not in kf:
            return
        self.wait()
        self._for = key
        self._thread = threading.Thread(
            target=self._decode, args=(kf, tick), name="lookahead", daemon=True
        )
        self._thread.start()

    def wait(self) -> None:
        """Let the decode under way finish (the frame that needs it waits only what is left)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _decode(self, kf: Keyframes, tick: int) -> None:
        try:
            kf.get(tick)
            self.decoded += 1
        except KeyError:  # evicted meanwhile: the frame decodes what it finds
            pass


def jump_target(kf: Keyframes, tick: int, goal: float) -> int | None:
    """The keyframe a fast frame jumps to from `tick` to show `goal`: the first sparse one at
    or past `goal`, if held and within a sparse interval; else the next one close ahead."""
    sp = kf.sparse_every
    first = math.ceil(goal / sp) * sp
    if first in kf and first - tick <= sp:
        return first
    ahead = kf.next_tick(tick)
    return ahead if ahead is not None and ahead - tick <= sp else None


def advance_ahead(pb: Playback, wall_seconds: float, lookahead: Lookahead | None = None) -> int:
    """Move the moment shown on by the frame's battle time: jump the world to the keyframe
    close ahead (`jump_target`), else simulate (within the frame's budget), and have the next
    sparse keyframe decoded meanwhile. Returns the ticks simulated."""
    rate = pb.clock.tick_rate
    step_s = min(max(wall_seconds, 0.0), MAX_FRAME_SECONDS) * pb.clock.speed * rate
    goal = min(pb.shown_tick + step_s, float(pb.end_tick))
    kf, w = pb.keyframes, pb.world
    started = pb._wall()
    jumps = done = 0
    while w.tick < goal:
        ahead = jump_target(kf, w.tick, goal)
        if ahead is not None:
            if jumps >= MAX_JUMPS:
                break
            if lookahead is not None:
                lookahead.wait()
            try:
                snap = kf.get(ahead)
            except KeyError:  # evicted since: simulate instead
                continue
            np.copyto(pb.prev_pos, w.soldiers.pos)
            pb.prev_tick = w.tick
            w.restore(snap)
            pb.partial, pb.previewed = True, False
            jumps += 1
        else:
            if pb._wall() - started > TICK_BUDGET_SECONDS:
                break
            pb.step_once()
            done += 1
    if lookahead is not None:
        lookahead.prefetch(kf, (w.tick // kf.sparse_every + 1) * kf.sparse_every)
    span = w.tick - pb.prev_tick
    alpha = 1.0 if span <= 0 else min(max((goal - pb.prev_tick) / span, 0.0), 1.0)
    pb.clock.accumulator = 0.0 if pb.at_end else alpha / rate
    return done
