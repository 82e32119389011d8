"""The programme: a prologue before the battle and an epilogue after it, on one timeline.

One axis of "show ticks" at the battle's own tick rate: the prologue runs from -P to 0, the
battle keeps its own ticks 0..end_tick, the epilogue runs from end_tick to end_tick + E. The
battle's tick 0 stays tick 0, so state hashes, keyframes, reports and `--until` count as
before. The prologue and epilogue are presentation, not simulation: what they show is a pure
function of their own clock, so a seek into them is exact by construction. While one plays,
the battle world sits still, at tick 0 during the prologue and at its last tick during the
epilogue (restored or sought exactly by `Playback.seek`).

`Programme` offers the playback's commands (play, pause, toggle, faster, slower, set_speed,
seek, skip, jump_phase, scrub, release, restart, update) over the whole axis: inside the battle
it hands them to the `Playback` unchanged; outside, it moves its own clock. One speed for all
three (the playback's clock), one pause state as the visitor sees it. Whoever seeks the
playback itself (a test, a tool) takes the programme into the battle: outside it, the battle
only ever stands where that part keeps it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.timeline.clock import MAX_FRAME_SECONDS
from game.timeline.playback import Playback

PROLOGUE, BATTLE, EPILOGUE = "prologue", "battle", "epilogue"
STARTS = (PROLOGUE, BATTLE)
"""Where a window or a kiosk starts: the campaign's first moment, or the battle's (09:30)."""


@dataclass(frozen=True)
class Segments:
    """Where each part lies on the show axis (all in ticks at `tick_rate`)."""

    tick_rate: int
    prologue: int  # ticks of prologue (0: none)
    battle: int  # the battle's end tick
    epilogue: int  # ticks of epilogue (0: none)
    marks: tuple[int, ...] = ()  # chapter starts inside the prologue and epilogue (phase jumps)

    @classmethod
    def of(
        cls,
        tick_rate: int,
        end_tick: int,
        prologue_s: float = 0.0,
        epilogue_s: float = 0.0,
        prologue_starts: Sequence[float] = (),
        epilogue_starts: Sequence[float] = (),
    ) -> Segments:
        """From seconds at 1x: the parts' lengths and their scenes' starts."""
        p, e = round(prologue_s * tick_rate), round(epilogue_s * tick_rate)
        marks = [round(s * tick_rate) - p for s in prologue_starts]
        marks += [end_tick + 1 + round(s * tick_rate) for s in epilogue_starts]
        return cls(tick_rate, p, end_tick, e, tuple(sorted(set(marks))))

    @property
    def first(self) -> int:
        return -self.prologue

    @property
    def last(self) -> int:
        return self.battle + self.epilogue

    def clamp(self, tick: float) -> float:
        return min(max(tick, float(self.first)), float(self.last))

    def part(self, tick: float) -> str:
        if tick < 0:
            return PROLOGUE
        return BATTLE if tick <= self.battle else EPILOGUE

    def battle_tick(self, tick: float) -> int:
        """The battle's tick at a moment of the show: 0 before it, its end after it."""
        return int(min(max(tick, 0), self.battle))

    def seconds_into(self, tick: float) -> float:
        """Seconds since the start of the part `tick` falls in."""
        part = self.part(tick)
        if part == PROLOGUE:
            return (tick + self.prologue) / self.tick_rate
        if part == EPILOGUE:
            return (tick - self.battle) / self.tick_rate
        return tick / self.tick_rate

    def at(self, part: str, seconds: float) -> int:
        """The show tick `seconds` into `part` (clamped to it)."""
        t = round(seconds * self.tick_rate)
        if part == PROLOGUE:
            return min(max(t - self.prologue, self.first), -1 if self.prologue else 0)
        if part == EPILOGUE:
            return (
                min(max(self.battle + t, self.battle + 1), self.last)
                if self.epilogue
                else self.battle
            )
        return min(max(t, 0), self.battle)


class Programme:
    """The playback's commands over the prologue, the battle and the epilogue."""

    def __init__(self, playback: Playback, segments: Segments, start: int | None = None):
        self.playback = playback
        self.segments = segments
        self._part = BATTLE
        self._show = 0.0  # the moment shown while outside the battle, in show ticks
        self._paused = playback.clock.paused  # the visitor's pause, outside the battle
        self._scrubbing = False
        self._resume_after_scrub = False
        if start is None:
            start = segments.first
        if start != 0 or playback.world.tick != 0:
            self.seek(start)

    @property
    def part(self) -> str:
        """PROLOGUE, BATTLE or EPILOGUE: the part on screen."""
        self._sync()
        return self._part

    def _sync(self) -> None:
        """If the playback was sought directly (not through the programme), it is the battle
        that is being shown."""
        if self._part == BATTLE or self._scrubbing:
            return
        pb = self.playback
        held = 0 if self._part == PROLOGUE else self.segments.battle
        aim = pb.target if pb.target is not None else pb.world.tick
        if aim != held and not pb.scrubbing:
            self._part = BATTLE
            pb.clock.paused = self._paused

    # -- what is shown ----------------------------------------------------------------------------
    @property
    def world(self):
        return self.playback.world

    @property
    def clock(self):
        """The one playback clock: its speed is the programme's; its pause is the battle's."""
        return self.playback.clock

    @property
    def paused(self) -> bool:
        return self.playback.clock.paused if self.part == BATTLE else self._paused

    @property
    def scrubbing(self) -> bool:
        return self._scrubbing

    @property
    def playing(self) -> bool:
        return not self.paused and not self._scrubbing

    @property
    def shown_tick(self) -> float:
        """The moment on screen, on the show axis."""
        return self.playback.shown_tick if self.part == BATTLE else self._show

    @property
    def playhead_tick(self) -> int:
        return self.playback.playhead_tick if self.part == BATTLE else int(self._show)

    @property
    def aim_tick(self) -> int:
        return self.playback.aim_tick if self.part == BATTLE else int(self._show)

    @property
    def seconds_into_part(self) -> float:
        return self.segments.seconds_into(self.shown_tick)

    @property
    def seeking(self) -> bool:
        return self.playback.seeking

    # What the timeline bar reads of a playback, the battle's own:
    @property
    def keyframes(self):
        return self.playback.keyframes

    @property
    def target(self) -> int | None:
        return self.playback.target

    @property
    def seek_progress(self) -> float:
        return self.playback.seek_progress

    @property
    def display_seconds(self) -> float:
        return self.playback.display_seconds

    @property
    def at_end(self) -> bool:
        """Nothing more to play: the epilogue's last moment (the battle's, with no epilogue)."""
        if self.segments.epilogue == 0:
            return self.part == BATTLE and self.playback.at_end
        return self.part == EPILOGUE and self._show >= self.segments.last

    # -- commands ----------------------------------------------------------------------------------
    def play(self) -> None:
        self._sync()
        if self.part == BATTLE:
            self.playback.play()
        else:
            self._paused = False

    def pause(self) -> None:
        self._sync()
        if self.part == BATTLE:
            self.playback.pause()
        else:
            self._paused = True

    def toggle(self) -> None:
        if self.paused:
            self.play()
        else:
            self.pause()

    def faster(self) -> None:
        self.playback.faster()

    def slower(self) -> None:
        self.playback.slower()

    def set_speed(self, speed: float) -> None:
        self.playback.set_speed(speed)

    def seek(self, tick: float, budget_seconds: float | None = None) -> None:
        """Go to exactly `tick` of the show: in the battle a playback seek; outside it, the
        moment itself, with the battle world put where that part keeps it."""
        self._sync()
        paused = self.paused
        tick = self.segments.clamp(tick)
        part = self.segments.part(tick)
        if part == BATTLE:
            self._part = BATTLE
            self.playback.seek(int(tick), budget_seconds)
            self.playback.clock.paused = paused
            return
        self._leave_battle(part, paused)
        self._show = float(tick)
        self._hold_world(budget_seconds)

    def _leave_battle(self, part: str, paused: bool) -> None:
        self._part = part
        self._paused = paused
        self.playback.clock.paused = True  # the battle does not move while the story is told

    def _hold_world(self, budget_seconds: float | None) -> None:
        """The world where this part keeps it: tick 0 (prologue) or the end (epilogue)."""
        pb = self.playback
        tick = 0 if self._part == PROLOGUE else self.segments.battle
        if pb.world.tick != tick or pb.seeking or pb.previewed or pb.scrubbing:
            pb.seek(tick, budget_seconds)

    def skip(self, seconds: float, budget_seconds: float | None = None) -> None:
        self._sync()
        self.seek(self.aim_tick + round(seconds * self.segments.tick_rate), budget_seconds)

    def chapter_ticks(self) -> list[int]:
        """Every place a phase jump stops: the parts' starts, their scenes, the battle's phases."""
        s = self.segments
        ticks = {s.first, 0, *s.marks, *self.playback.phase_ticks()}
        if s.epilogue:
            ticks.add(s.battle + 1)
        return sorted(t for t in ticks if s.first <= t <= s.last)

    def jump_phase(self, direction: int, budget_seconds: float | None = None) -> None:
        """To the next chapter (direction > 0) or the previous one; back from just inside a
        chapter (under 2 s) goes to the one before, like a CD player."""
        self._sync()
        here = self.aim_tick
        starts = self.chapter_ticks()
        if direction > 0:
            later = [t for t in starts if t > here]
            target = later[0] if later else self.segments.last
        else:
            grace = 2 * self.segments.tick_rate
            earlier = [t for t in starts if t < here - grace]
            target = earlier[-1] if earlier else self.segments.first
        self.seek(target, budget_seconds)

    def skip_part(self, budget_seconds: float | None = None) -> None:
        """The bar's Skip: past the prologue to the battle's first tick, past the epilogue to
        the programme's end."""
        self._sync()
        if self.part == PROLOGUE:
            self.seek(0, budget_seconds)
        elif self.part == EPILOGUE:
            self.seek(self.segments.last, budget_seconds)

    def scrub(self, tick: float) -> None:
        """The playhead is dragged to `tick`: show that moment at once (a keyframe's preview
        in the battle), paused until `release`."""
        self._sync()
        if not self._scrubbing:
            self._scrubbing = True
            self._resume_after_scrub = not self.paused
        tick = self.segments.clamp(tick)
        part = self.segments.part(tick)
        if part == BATTLE:
            self._part = BATTLE
            self.playback.scrub(int(tick))
            return
        self._leave_battle(part, True)
        self._show = float(tick)
        self.playback.scrub(self.segments.battle_tick(tick))

    def release(self, tick: float, budget_seconds: float | None = None) -> None:
        """The playhead is let go at `tick`: land there exactly, playing on as before."""
        resume = self._resume_after_scrub if self._scrubbing else not self.paused
        self._scrubbing = False
        pb = self.playback
        tick = self.segments.clamp(tick)
        part = self.segments.part(tick)
        if part == BATTLE:
            self._part = BATTLE
            if pb.scrubbing:
                pb.release(int(tick), budget_seconds)
            else:
                pb.seek(int(tick), budget_seconds)
        else:
            if pb.scrubbing:
                pb.release(self.segments.battle_tick(tick), budget_seconds)
            self._leave_battle(part, True)
            self._show = float(tick)
            self._hold_world(budget_seconds)
        if resume:
            self.play()
        else:
            self.pause()

    def restart(self, speed: float = 1.0, start: int | None = None) -> None:
        """Back to the beginning (or `start`), playing at `speed` (a kiosk's reset)."""
        self._scrubbing = False
        self.playback.restart(speed)
        self.seek(self.segments.first if start is None else start)
        self.play()

    # -- time --------------------------------------------------------------------------------------
    def update(self, wall_seconds: float) -> int:
        """Advance by a frame's wall time; return the battle ticks simulated."""
        self._sync()
        pb = self.playback
        if self.part == BATTLE:
            done = pb.update(wall_seconds)
            if self.segments.epilogue and pb.at_end and pb.playing and not pb.seeking:
                self._leave_battle(EPILOGUE, False)
                self._show = float(self.segments.battle)
            return done
        done = pb.update(wall_seconds) if pb.seeking else 0  # an unfinished hold (paused)
        if not self.playing:
            return done
        step = min(max(wall_seconds, 0.0), MAX_FRAME_SECONDS) * pb.clock.speed
        self._show = min(self._show + step * self.segments.tick_rate, float(self.segments.last))
        if self.part == PROLOGUE and self._show >= 0:
            self._part = BATTLE  # the world is at tick 0 already (held there)
            if pb.world.tick != 0 or pb.seeking:
                pb.seek(0)
            pb.play()
        return done
