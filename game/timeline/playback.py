"""Playback: the world, the clock, and the last two ticks the view interpolates between.

The timeline owns time. The view reads from here and changes things only through the command
methods (play, pause, toggle, faster, slower, set_speed, seek, skip, jump_phase, scrub,
release); nothing else writes the world.

Seeking restores the latest keyframe before the target (`Keyframes.start_for`: a keyframe is
exact from the tick after it) and re-simulates the rest, so the state reached is exactly the
one a straight run reaches. Dragging the playhead (`scrub`) shows the nearest keyframe at or
before the finger at once and no more; letting go (`release`) lands on the exact tick. A seek
that would take long (its stretch is not pre-computed yet) finishes over the next frames
(`seeking`): the worker computes towards it first (`assist`), and the world shows each keyframe
it makes on the way; without a worker, a slice of simulation each frame.

At `FAST_SPEED` and above, playback goes from keyframe to keyframe ahead of the world
(`game.timeline.ahead`); pausing or slowing down brings the exact world up (a seek to the
moment shown). `shown_tick` is the one time of the moment on screen: the clock, the
playhead and the caption all read it.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import numpy as np

from game.sim.tick import step
from game.sim.world import World
from game.timeline.ahead import FAST_SPEED, TICK_BUDGET_SECONDS, Lookahead, advance_ahead
from game.timeline.cache import Keyframes
from game.timeline.clock import MAX_FRAME_SECONDS, PlaybackClock

ASSIST_TICKS = 30
"""A seek with more ticks than this to re-simulate waits for the worker's keyframes instead."""

SEEK_BUDGET_SECONDS = 0.150
"""Wall time an interactive seek may block a frame (the exact-seek target); a long one goes on."""

CATCH_UP_BUDGET_SECONDS = 0.040
"""Wall time per frame spent finishing a long seek: ~25 frames a second while it catches up."""

FETCH_GAIN_TICKS = 4
"""An exact seek asks the worker's archive for a closer keyframe (`fetch`) only when it would
re-simulate more than this (a tick costs about what the fetch does)."""

SKIP_SECONDS = 15.0
"""What the step keys (left/right) move, in battle seconds."""


class Playback:
    def __init__(
        self,
        world: World,
        *,
        speed: float = 1.0,
        wall_clock: Callable[[], float] = time.perf_counter,
        keyframes: Keyframes | None = None,
    ):
        self.world = world
        self.clock = PlaybackClock(world.scenario.clock.tick_rate, speed=speed)
        self.prev_pos = world.soldiers.pos.copy()
        self.prev_tick = world.tick  # the tick `prev_pos` is of
        self._wall = wall_clock
        if keyframes is None:
            if world.tick != 0:
                raise ValueError("pass the keyframes of a world that is not at tick 0")
            keyframes = Keyframes.for_world(world)
        self.keyframes = keyframes
        self.target: int | None = None  # a seek still being finished
        self.partial = False
        """The world was restored from a keyframe and not stepped since: exact but for the
        columns keyframes leave out (`keyframes.RECOMPUTED`), which its next tick recomputes."""
        self.previewed = False
        """The world shows a drag's preview (`Keyframes.preview`): what is not drawn is stale,
        so nothing exact may go on from it."""
        self.scrubbing = False
        self.scrub_tick: int | None = None  # where the finger is while dragging
        self._resume_after_scrub = False
        # The worker's side (`Precomputer`): whether it computes keyframes (a long seek then
        # waits for them); fetch from its archive the latest keyframe before a tick, if later
        # than the given tick and the cache's; hold its traffic while a seek re-simulates.
        self.assist: Callable[[], bool] | None = None
        self.fetch: Callable[[Keyframes, int, int], bool] | None = None
        self.quiet: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext
        self.reached_speed: float | None = None  # battle time per wall time lately, playing
        self._seek_from = 0  # where the unfinished seek's world started (its progress)
        self.lookahead = Lookahead()  # fast playback's next keyframe, decoded in a thread

    # -- commands ----------------------------------------------------------------------------------
    def play(self) -> None:
        self.clock.paused = False

    def pause(self) -> None:
        self.clock.paused = True
        self._bring_up_exact()

    def toggle(self) -> None:
        if self.clock.paused:
            self.play()
        else:
            self.pause()

    def faster(self) -> None:
        self.clock.faster()

    def slower(self) -> None:
        self.clock.slower()
        self._bring_up_exact()

    def set_speed(self, speed: float) -> None:
        self.clock.set_speed(speed)
        self._bring_up_exact()

    def _bring_up_exact(self) -> None:
        """Leaving fast playback (paused, or slower than `FAST_SPEED`): the world holds the
        keyframe ahead of the moment shown; land exactly on that moment."""
        fast = self.world.tick - self.prev_tick > 1
        if fast and (self.clock.paused or self.clock.speed < FAST_SPEED) and not self.seeking:
            self.seek(int(self.shown_tick), SEEK_BUDGET_SECONDS)

    def restart(self, speed: float = 1.0) -> None:
        """Back to the first tick, playing at `speed`, as a fresh playback would be (a kiosk's
        idle reset): any drag or unfinished seek is dropped."""
        self.scrubbing = False
        self.scrub_tick = None
        self._resume_after_scrub = False
        self.seek(0)
        self.clock.accumulator = 0.0
        self.clock.set_speed(speed)
        self.play()

    def adopt(self, world: World, keyframes: Keyframes) -> None:
        """Carry on from the same moment in another world (the other account of the battle):
        the clock, speed and pause state stay; the new world is sought to the current tick, at
        once where its keyframes are within a sparse interval (at most that many ticks to
        re-simulate, whatever else loads the machine), else within the seek budget."""
        tick = self.aim_tick
        self.world = world
        self.keyframes = keyframes
        self.prev_pos = world.soldiers.pos.copy()
        self.prev_tick = world.tick
        self.target = None
        self.partial = False
        self.previewed = True  # whatever it last showed: only a keyframe is sure to be exact
        self.scrubbing = False
        self.scrub_tick = None
        self._fetch_closer(tick)  # (the archive's keyframe counts as near: it is in after this)
        near = tick - keyframes.start_for(tick) <= keyframes.sparse_every
        self.seek(tick, None if near else SEEK_BUDGET_SECONDS)  # bounded work: land at once

    # -- time --------------------------------------------------------------------------------------
    @property
    def end_tick(self) -> int:
        return self.world.scenario.clock.end_tick

    @property
    def at_end(self) -> bool:
        return self.world.tick >= self.end_tick

    def update(self, wall_seconds: float) -> int:
        """Advance by a frame's wall time; return the ticks simulated."""
        self.keyframes.playhead = self.aim_tick
        if self.scrubbing or self.clock.paused:
            self.reached_speed = None
            return 0 if self.target is None else self._continue_seek(CATCH_UP_BUDGET_SECONDS)
        if self.target is not None:
            self.reached_speed = None
            return self._continue_seek(CATCH_UP_BUDGET_SECONDS)
        before = self.shown_tick
        if self.clock.speed >= FAST_SPEED:
            done = advance_ahead(self, wall_seconds, self.lookahead)
        else:
            done = self._advance_live(wall_seconds)
        self._note_speed(self.shown_tick - before, wall_seconds)
        return done

    def _note_speed(self, ticks: float, wall_seconds: float) -> None:
        """Battle time shown per wall time, smoothed over about half a second."""
        if wall_seconds <= 0:
            return
        now = ticks / self.clock.tick_rate / min(wall_seconds, MAX_FRAME_SECONDS)
        k = min(1.0, wall_seconds / 0.5)
        r = self.reached_speed
        self.reached_speed = now if r is None else r + (now - r) * k

    def _advance_live(self, wall_seconds: float) -> int:
        due = self.clock.advance(wall_seconds)
        started = self._wall()
        done = 0
        while done < due and not self.at_end:
            self.step_once()
            done += 1
            if self._wall() - started > TICK_BUDGET_SECONDS:
                break
        if done < due:
            self.clock.drop_backlog()
        if self.at_end:
            self.clock.accumulator = 0.0
        return done

    def step_once(self) -> None:
        np.copyto(self.prev_pos, self.world.soldiers.pos)
        self.prev_tick = self.world.tick
        self._step()

    def _step(self) -> None:
        step(self.world)
        self.partial = False  # (a previewed world stays previewed: its stale columns were read)

    def run_to(self, tick: int) -> None:
        """Simulate straight to `tick` (clamped to the battle's end), as headless runs do."""
        tick = min(tick, self.end_tick)
        while self.world.tick < tick:
            self.step_once()
        self.clock.accumulator = 0.0
        self.prev_tick = self.world.tick - 1 if self.world.tick else 0

    # -- seeking -----------------------------------------------------------------------------------
    def seek(self, tick: int, budget_seconds: float | None = None) -> None:
        """Go to exactly `tick` (clamped to the battle). With a budget, return after about that
        much wall time and finish over the next frames (see `seeking`); without, finish now."""
        tick = min(max(int(tick), 0), self.end_tick)
        self.target = tick
        self.keyframes.playhead = tick
        self._fetch_closer(tick)
        self._restore_nearest(tick)
        self._seek_from = self.world.tick
        self._continue_seek(budget_seconds)

    @property
    def seeking(self) -> bool:
        """A seek is still being finished (its stretch was not pre-computed)."""
        return self.target is not None

    @property
    def seek_from(self) -> int:
        """The tick the last seek's world was restored to: how much it had to re-simulate
        (the cache may hold closer keyframes by the time anyone asks)."""
        return self._seek_from

    @property
    def seek_progress(self) -> float:
        """How far an unfinished seek has come, 0..1 (1 when there is none)."""
        if self.target is None:
            return 1.0
        span = self.target - self._seek_from
        return 1.0 if span <= 0 else min(max((self.world.tick - self._seek_from) / span, 0), 1)

    @property
    def playhead_tick(self) -> int:
        """Where the timeline's playhead stands: the finger while dragging, else the moment
        shown (`shown_tick`)."""
        if self.scrubbing and self.scrub_tick is not None:
            return self.scrub_tick
        return int(self.shown_tick)

    @property
    def aim_tick(self) -> int:
        """Where the visitor asked to be: an unfinished seek's target, else the playhead.
        Steps and phase jumps go on from here, so five presses add up."""
        return self.target if self.target is not None else self.playhead_tick

    @property
    def shown_tick(self) -> float:
        """The moment on screen, in ticks: between the tick of `prev_pos` and the world's."""
        return self.prev_tick + self.clock.alpha * (self.world.tick - self.prev_tick)

    @property
    def playing(self) -> bool:
        """Whether the battle moves on by itself (not paused, not held by a drag)."""
        return not self.clock.paused and not self.scrubbing

    def skip(self, seconds: float, budget_seconds: float | None = None) -> None:
        """Seek by `seconds` of battle time from the playhead (negative: back)."""
        rate = self.clock.tick_rate
        self.seek(self.aim_tick + round(seconds * rate), budget_seconds)

    def phase_ticks(self) -> list[int]:
        return sorted({p.tick for p in self.world.scenario.phases_for(self.world.account)})

    def jump_phase(self, direction: int, budget_seconds: float | None = None) -> None:
        """Go to the start of the next phase (direction > 0) or the previous one (< 0). Back
        from just inside a phase (under 2 battle s) goes to the phase before, like a CD player."""
        here = self.aim_tick
        starts = [t for t in self.phase_ticks() if t <= self.end_tick] or [0]
        if direction > 0:
            later = [t for t in starts if t > here]
            target = later[0] if later else self.end_tick
        else:
            grace = 2 * self.clock.tick_rate
            earlier = [t for t in starts if t < here - grace]
            target = earlier[-1] if earlier else 0
        self.seek(target, budget_seconds)

    def scrub(self, tick: int) -> None:
        """The playhead is being dragged to `tick`: show the nearest keyframe at or before it at
        once (no simulation), and pause until `release`."""
        if not self.scrubbing:
            self.scrubbing = True
            self._resume_after_scrub = not self.clock.paused
            self.clock.paused = True
        tick = min(max(int(tick), 0), self.end_tick)
        self.scrub_tick = tick
        self.target = None
        self.keyframes.playhead = tick
        self._restore_nearest(tick, exact=False)

    def release(self, tick: int, budget_seconds: float | None = None) -> None:
        """The playhead is let go at `tick`: land there exactly and play on as before the drag."""
        resume = self._resume_after_scrub if self.scrubbing else not self.clock.paused
        self.scrubbing = False
        self.scrub_tick = None
        self.seek(tick, budget_seconds)
        self.clock.paused = not resume

    def _fetch_closer(self, tick: int) -> None:
        """Before an exact seek: if the worker's archive holds a keyframe closer to `tick` than
        the cache's and the world's, fetch it (the sparse tier of an account not shown lately,
        the promoted keyframes of the melee, which the window's bound leaves out)."""
        if self.fetch is None:
            return
        w = self.world
        start = self.keyframes.start_for(tick)
        if not self.previewed and start <= w.tick <= tick:
            start = w.tick
        if tick - start > FETCH_GAIN_TICKS:
            self.fetch(self.keyframes, tick, start)

    def _restore_nearest(self, tick: int, *, exact: bool = True) -> None:
        """Restore the latest keyframe from which `tick` can be reached exactly (`exact`), or
        the latest at or before it (a drag's preview), unless the world already stands between
        it and `tick` (then going on from the world is as exact, and cheaper)."""
        w = self.world
        kf = self.keyframes
        k = kf.start_for(tick) if exact else kf.nearest_tick(tick)
        usable = k <= w.tick <= tick and not (exact and self.partial and w.tick == tick)
        if exact and self.previewed:
            usable = False
        if not usable:
            w.restore(kf.at_or_before(k, exact))
            k = w.tick  # the one restored (an older one if the worker evicted the choice)
            self.partial = k != 0
            self.previewed = not exact and k != 0
        np.copyto(self.prev_pos, w.soldiers.pos)
        self.prev_tick = w.tick
        self.clock.accumulator = 0.0

    def _continue_seek(self, budget_seconds: float | None) -> int:
        target = self.target
        if target is None:
            return 0
        stale = self.previewed or (self.partial and self.world.tick == target)
        if self.world.tick > target or stale:
            self._restore_nearest(target)
        elif self.keyframes.start_for(target) > self.world.tick:
            self._restore_nearest(target)  # the worker got there first
        if target - self.world.tick > ASSIST_TICKS and self.assist is not None and self.assist():
            return 0  # the worker is faster; its keyframes are restored above as they come
        started = self._wall()
        done = 0
        with self.quiet():
            while self.world.tick < target:
                self._step()
                done += 1
                if budget_seconds is not None and self._wall() - started > budget_seconds:
                    break
        np.copyto(self.prev_pos, self.world.soldiers.pos)
        self.prev_tick = self.world.tick
        self.clock.accumulator = 0.0
        if self.world.tick >= target:
            self.target = None
        return done

    def positions(self) -> np.ndarray:
        """Soldier positions (2, N) as the view should draw them now: between the last two ticks."""
        a = np.float32(self.clock.alpha)
        cur = self.world.soldiers.pos
        return self.prev_pos + (cur - self.prev_pos) * a

    @property
    def seconds(self) -> float:
        return self.world.seconds

    def time_of_day(self) -> str:
        return self.world.scenario.clock.time_of_day(self.display_seconds)

    @property
    def display_seconds(self) -> float:
        return self.shown_tick / self.clock.tick_rate
