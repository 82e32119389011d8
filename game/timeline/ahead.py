"""Playing ahead of the live world: fast playback from keyframe to keyframe.

At `FAST_SPEED` and above, the moment shown moves on by the frame's battle time, and the world
jumps to the next keyframe while one is close ahead (the view interpolates the men between the
two) instead of simulating every tick; it simulates only where no keyframe is close ahead.
Pausing or slowing down brings the exact world up (`Playback` seeks to the moment shown), so a
16x play then pause lands on the straight run's state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.timeline.clock import MAX_FRAME_SECONDS

if TYPE_CHECKING:
    from game.timeline.playback import Playback

TICK_BUDGET_SECONDS = 0.012
"""Wall time a frame may spend simulating. If ticks cost more than playback needs, playback
slows down rather than the frame rate dropping under 50 FPS (`reached_speed` says so)."""

FAST_SPEED = 4.0
"""From this speed on, play from keyframes: 16x is 320 ticks a second, ~1.8 s of CPU a second
at 1:1, where decoding a keyframe every 15 ticks costs ~0.1 s."""

MAX_JUMPS = 2
"""Keyframes a fast frame may decode (a few ms each)."""


def advance_ahead(pb: Playback, wall_seconds: float) -> int:
    """Move the moment shown on by the frame's battle time: jump the world to the next
    keyframe while one is close ahead, else simulate (within the frame's budget). Returns the
    ticks simulated."""
    rate = pb.clock.tick_rate
    step_s = min(max(wall_seconds, 0.0), MAX_FRAME_SECONDS) * pb.clock.speed * rate
    goal = min(pb.shown_tick + step_s, float(pb.end_tick))
    kf, w = pb.keyframes, pb.world
    started = pb._wall()
    jumps = done = 0
    while w.tick < goal:
        ahead = kf.next_tick(w.tick)
        if ahead is not None and ahead - w.tick <= kf.sparse_every:
            if jumps >= MAX_JUMPS:
                break
            try:
                snap = kf.get(ahead)
            except KeyError:  # evicted since next_tick: simulate instead
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
    span = w.tick - pb.prev_tick
    alpha = 1.0 if span <= 0 else min(max((goal - pb.prev_tick) / span, 0.0), 1.0)
    pb.clock.accumulator = 0.0 if pb.at_end else alpha / rate
    return done
