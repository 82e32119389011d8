"""One tick of the battle: run the systems of `SCHEDULE` that are due, in order.

A tick is a pure function of the world's state: no wall clock, no dict or set order, no
threads; randomness only from `world.rng`. The per-tick scratch (slots, pairs, forces) lives in
`Scratch` and dies with the tick.
"""

from __future__ import annotations

from game.sim.schedule import SCHEDULE
from game.sim.scratch import Scratch
from game.sim.world import World


def step(world: World) -> None:
    """Advance the world by exactly one tick."""
    rate = world.scenario.clock.tick_rate
    scratch = Scratch(tempo=world.scenario.clock.tempo(world.seconds))
    for system in SCHEDULE:
        every = system.period(rate)
        if world.tick % every == 0:
            system.run(world, scratch, every * world.dt)
    world.tick += 1


def run_until(world: World, tick: int) -> None:
    while world.tick < tick:
        step(world)
