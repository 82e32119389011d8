"""The session's shared straight runs (tests/support/battles.py) give what a run of one's own
would: a dozen tests take their moments of the real battle from them."""

from __future__ import annotations

import pytest

from game.sim.tick import run_until
from game.sim.world import build_world
from game.timeline.playback import Playback


def test_a_world_at_a_tick_is_a_straight_runs_and_its_own(battles, real_scenario):
    own = build_world(real_scenario, scale=100, account="malalas")
    run_until(own, 130)  # between two kept snapshots
    shared = battles.world_at(130, "malalas")
    assert shared.tick == 130 and shared.state_hash() == own.state_hash()
    shared.soldiers.pos += 1.0  # a test may change its world: the next one is untouched
    assert battles.world_at(130, "malalas").state_hash() == own.state_hash()


def test_a_handed_keyframe_lands_a_seek_exactly(battles, real_scenario):
    pb = Playback(build_world(real_scenario, scale=100))
    battles.give_keyframe(pb, 120)
    pb.seek(125)
    assert pb.keyframes.nearest_tick(125) == 120 and not pb.seeking
    assert pb.world.state_hash() == battles.world_at(125).state_hash()
    with pytest.raises(ValueError):
        battles.give_keyframe(Playback(build_world(real_scenario, scale=100, seed=1)), 120)
