"""The blocks stand where the men do in every frame, though the sums behind them are made once
per tick (`FootprintMeter`): a frame between two ticks puts each block where its men are
drawn, and when the men are moved, killed or thinned in place (a seek's restore, a preview),
the next frame's blocks follow them."""

from __future__ import annotations

import numpy as np
import pytest

from game.scenario.load import load_scenario
from game.sim.codes import State
from game.sim.world import build_world
from game.timeline.playback import Playback
from game.view.footprints import FootprintMeter, Footprints

FIELDS = ("x", "y", "front", "depth", "men", "figures", "commanded")


@pytest.fixture
def marching(two_blocks) -> Playback:
    """Two blocks a few ticks into the battle, the horse riding 4 m in the last tick."""
    pb = Playback(build_world(load_scenario(two_blocks)))
    for _ in range(10):
        pb.step_once()
    s = pb.world.soldiers
    s.pos[0, s.formation == 1] -= 4.0
    return pb


def _frame(meter: FootprintMeter, pb: Playback, alpha: float) -> Footprints:
    pb.clock.accumulator = alpha / pb.clock.tick_rate
    a = float(np.float32(pb.clock.alpha))
    return meter.measure(pb.world, pb.prev_pos, pb.world.soldiers.pos, a)


def _direct(pb: Playback) -> Footprints:
    return Footprints.measure(pb.world, pb.positions())


def test_on_a_tick_the_blocks_are_those_of_the_men_drawn_bit_for_bit(marching):
    got, want = _frame(FootprintMeter(), marching, 0.0), _direct(marching)
    for name in FIELDS:
        assert np.array_equal(getattr(got, name), getattr(want, name)), name


def test_between_two_ticks_each_block_stands_where_its_men_are_drawn(marching):
    meter = FootprintMeter()
    for alpha in (0.25, 0.5, 0.9):
        got, want = _frame(meter, marching, alpha), _direct(marching)
        for name in FIELDS:
            np.testing.assert_allclose(getattr(got, name), getattr(want, name), atol=1e-3)
    start, end = _frame(meter, marching, 0.0), _frame(meter, marching, 0.9)
    moved = np.hypot(end.x - start.x, end.y - start.y)
    assert moved[1] > 3.0, "a block moves between the ticks"


def test_men_moved_in_place_move_their_block(marching):
    meter = FootprintMeter()
    before = _frame(meter, marching, 0.5)
    rows = marching.world.soldiers.formation == 0
    marching.world.soldiers.pos[0, rows] += 50.0  # as a restore writes them: in place
    marching.prev_pos[0, rows] += 50.0
    after = _frame(meter, marching, 0.5)
    assert after.x[0] == pytest.approx(before.x[0] + 50.0, abs=1e-3)
    assert after.x[1] == pytest.approx(before.x[1])


def test_men_killed_in_place_thin_their_block(marching):
    meter = FootprintMeter()
    before = _frame(meter, marching, 0.5)
    s = marching.world.soldiers
    dead = np.flatnonzero(s.formation == 0)[::2]
    s.state[dead] = State.DEAD
    after = _frame(meter, marching, 0.5)
    assert after.figures[0] == before.figures[0] - len(dead)
    assert after.men[0] < before.men[0]
    assert after.figures[1] == before.figures[1]


def test_men_lost_from_a_file_shorten_its_strength(marching):
    meter = FootprintMeter()
    before = _frame(meter, marching, 0.5)
    s = marching.world.soldiers
    s.men[s.formation == 1] *= 0.5  # (a soldier stands for fewer men after losses)
    after = _frame(meter, marching, 0.5)
    assert after.men[1] == pytest.approx(before.men[1] * 0.5)


def _sums_agree(a, b) -> None:
    for name in ("count", "men", "commanded", "mean_p", "mean_d"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    for name in ("c0", "c1", "c2"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=1e-9, atol=1e-9)


def test_the_sums_run_over_each_formations_rows_and_agree_with_gathering_its_men(marching):
    from game.view.footprints import Runs, TickSums

    w, s = marching.world, marching.world.soldiers
    s.state[::3] = State.DEAD  # (men off the field weigh nothing)
    assert Runs.of(s.formation, len(w.formations)) is not None  # as build_world stores them
    _sums_agree(
        TickSums.of(w, marching.prev_pos, s.pos), TickSums.scattered(w, marching.prev_pos, s.pos)
    )


def test_soldiers_out_of_formation_order_are_summed_by_gathering(marching):
    from game.view.footprints import Runs, TickSums

    w, s = marching.world, marching.world.soldiers
    before = TickSums.of(w, marching.prev_pos, s.pos)
    order = np.argsort(-s.formation.astype(int), kind="stable")  # the formations reversed
    for name in ("pos", "state", "formation", "commander", "men"):
        col = getattr(s, name)
        col[...] = col[..., order]
    prev = marching.prev_pos[:, order]
    assert Runs.of(s.formation, len(w.formations)) is None
    _sums_agree(TickSums.of(w, prev, s.pos), before)
