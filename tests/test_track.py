"""The per-second record of where each formation was: what the map's arrows are drawn from."""

from __future__ import annotations

import numpy as np

from game.scenario.load import load_scenario
from game.sim.track import MEN, STATE, X, Y
from game.sim.world import build_world, on_field
from game.timeline.cache import Keyframes
from game.timeline.playback import Playback


def test_each_second_records_the_centre_of_the_men_then_on_the_field(two_blocks):
    world = build_world(load_scenario(two_blocks))
    pb = Playback(world)
    rate = world.scenario.clock.tick_rate
    for second in (0, 1, 5):
        pb.run_to(second * rate)
        s = world.soldiers
        on = on_field(s.state)
        expected = [s.pos[:, on & (s.formation == i)].mean(axis=1) for i in range(2)]
        pb.step_once()  # the record is written at the first tick of the second
        row = world.track[second]
        np.testing.assert_allclose(row[:, [X, Y]], expected, atol=1e-3)
        assert row[0, MEN] == 200 and row[1, MEN] == 150
    assert np.isnan(world.track[7:, :, X]).all(), "seconds not yet played are empty"


def test_after_a_seek_the_record_is_exactly_a_straight_runs(two_blocks):
    scenario = load_scenario(two_blocks)
    straight = Playback(build_world(scenario))
    straight.run_to(30 * 20 + 7)
    seeker_world = build_world(scenario)
    keyframes = Keyframes.for_world(seeker_world)
    seeker = Playback(seeker_world, keyframes=keyframes)
    while seeker_world.tick < 60 * 20:  # past the target, keeping keyframes as the worker does
        seeker.step_once()
        keyframes.put(seeker_world.snapshot())
    seeker.seek(30 * 20 + 7)  # back: restored from the keyframe at 600, then re-simulated
    a, b = straight.world.track, seeker.world.track
    assert np.array_equal(np.isnan(a), np.isnan(b))
    assert np.array_equal(a[~np.isnan(a)], b[~np.isnan(b)])
    assert np.isnan(b[31:]).all(), "nothing from the run beyond the playhead survives the seek"
    assert (b[:31, :, STATE] >= 0).all()
