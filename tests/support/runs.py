"""Straight runs the timeline tests compare against."""

from __future__ import annotations

from game.scenario.specs import Scenario
from game.sim.tick import step
from game.sim.world import build_world


def straight_hashes(scenario: Scenario, end: int) -> list[str]:
    """The state hash of every tick of a straight run, 0..`end`."""
    world = build_world(scenario)
    out = [world.state_hash()]
    while world.tick < end:
        step(world)
        out.append(world.state_hash())
    return out
