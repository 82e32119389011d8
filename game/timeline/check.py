"""Determinism check: play the battle straight, then seek at random, and name the first tick
whose state hash differs from the straight run's (the 0 A.D. replayer's idea, as a product
feature: `python main.py --check-determinism`).

The straight run hashes every tick and fills a keyframe cache, as the background worker would;
then a second world seeks through that cache to random ticks (backwards and forwards), plays a
random stretch on from each, and compares every tick's hash. No pygame, no threads.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from game.scenario.specs import Scenario
from game.sim.tick import step
from game.sim.world import build_world
from game.timeline.cache import Keyframes
from game.timeline.playback import Playback


@dataclass(frozen=True)
class Divergence:
    tick: int
    expected: str
    got: str
    after_seek_to: int

    def __str__(self) -> str:
        return (
            f"first divergence at tick {self.tick} (after a seek to tick {self.after_seek_to}): "
            f"straight run {self.expected}, after seeking {self.got}"
        )


def check_determinism(
    scenario: Scenario,
    *,
    seed: int | None = None,
    scale: int = 1,
    account: str | None = None,
    strengths: str = "default",
    until_tick: int | None = None,
    seeks: int = 40,
    play_ticks: int = 120,
    rng_seed: int = 0,
    say: Callable[[str], None] = print,
) -> Divergence | None:
    """Return the first divergence found, or None. `say` reports progress, one line each."""
    end = (
        scenario.clock.end_tick if until_tick is None else min(until_tick, scenario.clock.end_tick)
    )
    world = build_world(scenario, seed=seed, scale=scale, account=account, strengths=strengths)
    keyframes = Keyframes.for_world(world)
    straight = [world.state_hash()]
    while world.tick < end:
        step(world)
        keyframes.put(world.snapshot())
        straight.append(world.state_hash())
    say(
        f"straight run: {end} ticks hashed; {len(keyframes)} keyframes, "
        f"{keyframes.nbytes / 2**20:.1f} MB"
    )

    other = build_world(scenario, seed=seed, scale=scale, account=account, strengths=strengths)
    playback = Playback(other, keyframes=keyframes)
    rng = random.Random(rng_seed)
    compared = 0
    for _ in range(seeks):
        target = rng.randrange(0, end + 1)
        playback.seek(target)
        for _ in range(rng.randrange(0, play_ticks + 1)):
            compared += 1
            if other.state_hash() != straight[other.tick] or other.tick >= end:
                break
            playback.step_once()
        got = other.state_hash()
        if got != straight[other.tick]:
            # name the first differing tick from the seek on
            playback.seek(target)
            while other.state_hash() == straight[other.tick] and other.tick < end:
                playback.step_once()
            return Divergence(other.tick, straight[other.tick], other.state_hash(), target)
    say(f"{seeks} random seeks, {compared} ticks compared with the straight run")
    return None
