"""Phases: the start of each phase of the account shown goes into the event log.

The captions, the timeline's markers and the report read that log (`game.sim.events`).
"""

from __future__ import annotations

from game.sim.events import Event
from game.sim.scratch import Scratch
from game.sim.world import World


def announce_phases(world: World, t: Scratch, seconds: float) -> None:
    """Log the start of each phase of the account being shown (captions read the log)."""
    for phase in world.scenario.phases_for(world.account):
        if phase.tick == world.tick if phase.after is None else _anchored_due(world, phase):
            # an account may tell nightfall its own way ("nightfall_malalas"); it is still nightfall
            night = phase.id == "nightfall" or phase.id.startswith("nightfall_")
            kind = "nightfall" if night else "phase"
            cite = phase.citation
            world.events.append(
                Event(world.tick, kind, -1, phase.name, cite.ref, cite.source, key=phase.id)
            )


def _anchored_due(world: World, phase) -> bool:
    """A phase told when an event happens (`Phase.after`): due once that event is in the log,
    not before its start, and only once. (A handful of comparisons: two phases wait, the log
    holds ~40 events.)"""
    if world.tick < phase.tick:
        return False
    kind, formation = phase.after
    events = world.events
    if any(e.kind in ("phase", "nightfall") and e.text == phase.name for e in events):
        return False
    return any(e.kind == kind and e.formation == formation for e in events)
