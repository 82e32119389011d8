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
        if phase.tick == world.tick:
            # an account may tell nightfall its own way ("nightfall_malalas"); it is still nightfall
            night = phase.id == "nightfall" or phase.id.startswith("nightfall_")
            kind = "nightfall" if night else "phase"
            cite = phase.citation
            world.events.append(Event(world.tick, kind, -1, phase.name, cite.ref, cite.source))
