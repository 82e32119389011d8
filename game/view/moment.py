"""The moment a frame shows: its phase, where each formation stands, what the caption names.

Built once a frame and read by the story's layers (ghosts, arrows, blocks, event markers) and
the HUD, so that they agree: the numbered event on the map is the one the caption keys, and
the formations the caption names are the ones the spotlight keeps bright.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.scenario.specs import Phase, Scenario
from game.sim.events import Event
from game.sim.track import X, Y
from game.sim.world import World
from game.timeline.playback import Playback
from game.view.footprints import FootprintMeter, Footprints
from game.view.phases import phase_spans
from game.view.story_camera import StorySpec

NUMBERED = frozenset(
    {
        "rout",
        "rally",
        "commander_falls",
        "commander_leaves",
        "stand_formed",
        "crossing",
        "dismount",
        "charge",
    }
)
"""Events with a number on the map, in the caption and on the timeline (phases have names)."""
EVENT_SHOWN_SECONDS = 12
"""Battle seconds an event stays in the caption (and in the spotlight)."""
DIM = 0.62
"""Brightness of the formations the caption does not name, while it names some."""


@dataclass(frozen=True)
class Numbered:
    number: int  # 1, 2, ... in the order the battle plays them, per account
    event: Event
    x: float  # where it happened: the formation's centre at that battle second (metres)
    y: float


def numbered_events(world: World) -> list[Numbered]:
    """Every numbered event so far. The log is exact after any seek, so the numbers are too."""
    rate = world.scenario.clock.tick_rate
    out = []
    for e in world.events:
        if e.kind not in NUMBERED:
            continue
        second = min(e.tick // rate, world.track.shape[0] - 1)
        row = world.track[second, e.formation] if e.formation >= 0 else None
        x, y = (float(row[X]), float(row[Y])) if row is not None else (np.nan, np.nan)
        out.append(Numbered(len(out) + 1, e, x, y))
    return out


@dataclass(frozen=True)
class Moment:
    phase: Phase
    start: int  # the tick the phase began (a phase told after an event starts with it)
    before: Phase | None  # the phase before (its moves are the ghosts)
    before_start: int
    second: float  # battle seconds shown (interpolated)
    feet: Footprints
    numbered: tuple[Numbered, ...]  # every numbered event so far
    latest: Numbered | None  # the one the caption shows, if any
    dim: np.ndarray  # (F,) brightness: 1 for the formations the caption names, DIM for others

    @property
    def marked(self) -> tuple[Numbered, ...]:
        """The events with a marker on the map: the current phase's, and the caption's."""
        return tuple(n for n in self.numbered if n.event.tick >= self.start or n is self.latest)


def moment(
    playback: Playback, pos: np.ndarray, story: StorySpec, meter: FootprintMeter | None = None
) -> Moment:
    """The moment on screen (the playback's `shown_tick`), its men at `pos`; with a `meter`
    (which keeps the tick's sums), `pos` is the playback's `positions()`."""
    world = playback.world
    scenario: Scenario = world.scenario
    phases = scenario.phases_for(world.account)
    shown = float(playback.shown_tick)
    tick = int(shown)
    (phase, start), before = phase_spans(phases, tick, world.events)
    numbered = tuple(n for n in numbered_events(world) if n.event.tick <= tick)
    recent = tick - EVENT_SHOWN_SECONDS * scenario.clock.tick_rate
    latest = next((n for n in reversed(numbered) if n.event.tick >= recent), None)
    named: set[int] = set()
    told = story.phases.get(phase.id)
    if told is not None:
        named.update(told.spotlight)
    if latest is not None:
        named.update(i for i in (latest.event.formation, latest.event.target) if i >= 0)
    n = len(scenario.formations)
    dim = np.ones(n)
    if named:
        dim[:] = DIM
        dim[sorted(named)] = 1.0
    return Moment(
        phase=phase,
        start=start,
        before=None if before is None else before[0],
        before_start=start if before is None else before[1],
        second=shown / scenario.clock.tick_rate,
        feet=Footprints.measure(world, pos)
        if meter is None
        else meter.measure(world, playback.prev_pos, world.soldiers.pos, _alpha(playback)),
        numbered=numbered,
        latest=latest,
        dim=dim,
    )


def shown_spread(playback: Playback, meter: FootprintMeter, world: World) -> np.ndarray | None:
    """The formations' `track.spread` in the frame on screen, from the tick's sums the frame's
    moment reads too (`meter`): the story camera frames them without measuring every man again
    (~1 ms a tick at 1:1). None for a world that is not the playback's."""
    if world is not playback.world:
        return None
    sums = meter.sums(world, playback.prev_pos, world.soldiers.pos)
    return sums.spread(world, _alpha(playback))


def _alpha(playback: Playback) -> float:
    """How far the frame stands between the last two ticks, as `Playback.positions` reads it."""
    return float(np.float32(playback.clock.alpha))
