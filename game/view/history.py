"""Strength over battle time, for the panel's chart: a bounded, view-side record.

One row per battle second (the battle lasts ~570 s, so ~570 x F floats: a few tens of kB), NaN
where nothing has been seen. The view calls `observe(world)` once a frame:

- moving forwards, the current second's row is written (several seconds pass per frame at high
  speed; the rows in between stay NaN and the chart bridges them);
- after a seek back (the tick went down), every row after the playhead is forgotten, so the
  chart never shows a future the visitor has just undone;
- after a switch of account the whole record is forgotten: the same second is another battle;
- seconds skipped by a jump forwards are filled from the timeline's keyframes (`backfill`), one
  keyframe a frame while the panel is open, so the curve up to the playhead is there to read.

It is a cache of what the simulation said, never a source of truth: the panel's numbers always
come from the world itself.
"""

from __future__ import annotations

import numpy as np

from game.sim.world import World, men_on_field
from game.timeline.cache import Keyframes


class StrengthHistory:
    def __init__(self, seconds: float, formations: int, tick_rate: int):
        self.rows = int(np.ceil(seconds)) + 1
        self.tick_rate = int(tick_rate)
        self.men = np.full((self.rows, formations), np.nan, np.float32)
        self.last_tick = -1
        self.account: str | None = None

    @classmethod
    def for_world(cls, world: World) -> StrengthHistory:
        clock = world.scenario.clock
        return cls(clock.end_seconds, len(world.formations), clock.tick_rate)

    def clear(self) -> None:
        self.men[:] = np.nan
        self.last_tick = -1

    def second_of(self, tick: int) -> int:
        return min(tick // self.tick_rate, self.rows - 1)

    def observe(self, world: World) -> None:
        """Record the world's strength now; forget the future after a seek back."""
        if world.account != self.account:
            self.clear()
            self.account = world.account
        tick = world.tick
        if tick < self.last_tick:
            self.truncate(tick)
        if tick != self.last_tick or np.isnan(self.men[self.second_of(tick), 0]):
            self.men[self.second_of(tick)] = world.men_now()
        self.last_tick = tick

    def backfill(self, keyframes: Keyframes, world: World) -> bool:
        """Fill one unseen second before the playhead from a keyframe; True if one was read.

        One decode a call (a few ms) keeps the frame smooth; the chart fills in over a second."""
        if world.account != self.account:
            return False
        playhead = self.second_of(world.tick)
        for tick in keyframes.ticks():
            second = self.second_of(tick)
            if second >= playhead:
                return False
            if np.isnan(self.men[second, 0]):
                try:
                    snap = keyframes.get(tick)
                except KeyError:  # evicted by the worker since `ticks()`: next frame
                    return False
                if snap["account"] != self.account:
                    return False
                s = snap["soldiers"]
                self.men[second] = men_on_field(
                    s["formation"], s["men"], s["state"], self.men.shape[1]
                )
                return True
        return False

    def truncate(self, tick: int) -> None:
        """Forget every second after the one holding `tick`."""
        self.men[self.second_of(tick) + 1 :] = np.nan

    def series(self, columns: np.ndarray | list[int]) -> tuple[np.ndarray, np.ndarray]:
        """(seconds, men) of the recorded rows, men summed over `columns`."""
        known = ~np.isnan(self.men[:, 0])
        secs = np.flatnonzero(known).astype(np.float32)
        return secs, self.men[known][:, columns].sum(axis=1)
