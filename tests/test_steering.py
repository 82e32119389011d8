"""Steering and terrain: men reach their slots, keep apart, stay out of the river, climb slower."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import formation, write_scenario

from game.scenario.load import load_scenario
from game.scenario.specs import PACES
from game.sim.codes import FormationState, State
from game.sim.formation import slot_positions
from game.sim.neighbours import close_pairs
from game.sim.tick import run_until, step
from game.sim.world import build_world


def world_of(tmp_path: Path, forms: list[dict], orders: list[dict] | None = None, **kw):
    return build_world(load_scenario(write_scenario(tmp_path, forms, orders, **kw)))


def test_arrive_brings_scattered_men_to_their_slots(tmp_path: Path):
    w = world_of(
        tmp_path,
        [
            formation("foot", "roman", "infantry", 120, (300, 200), "east", 20),
            formation("far", "persian", "cavalry", 10, (550, 350), "west", 5),
        ],
    )
    rng = np.random.default_rng(0)
    w.soldiers.pos[:, :120] += rng.uniform(-15, 15, (2, 120)).astype(np.float32)
    before = np.abs(slot_positions(w.soldiers, w.formations) - w.soldiers.pos)[:, :120].max()
    run_until(w, 20 * 30)
    after = np.abs(slot_positions(w.soldiers, w.formations) - w.soldiers.pos)[:, :120].max()
    assert before > 10
    assert after < 0.5


def test_separation_pushes_men_standing_on_each_other_apart(tmp_path: Path):
    w = world_of(
        tmp_path,
        [
            formation("foot", "roman", "infantry", 40, (300, 200), "east", 40),
            formation("far", "persian", "cavalry", 10, (550, 350), "west", 5),
        ],
    )
    s = w.soldiers
    s.pos[:, :40] = np.array([[300.0], [200.0]], np.float32)  # a crowd in one spot
    s.pos[:, :40] += np.random.default_rng(1).normal(0, 0.05, (2, 40)).astype(np.float32)
    run_until(w, 20 * 20)
    p = close_pairs(s.pos[0, :40].copy(), s.pos[1, :40].copy(), 0.9)
    assert p.dist.size == 0 or p.dist.min() > 0.6  # infantry keep ~0.9 m (2 x 0.45 m)


def test_no_soldier_ends_in_deep_water_even_when_ordered_across_it(tmp_path: Path):
    # The river is the northern 6 rows (60 m); order the block to a point inside it.
    w = world_of(
        tmp_path,
        [
            formation("foot", "roman", "infantry", 200, (300, 150), "north", 40),
            formation("far", "persian", "cavalry", 10, (550, 350), "west", 5),
        ],
        orders=[{"at": 0, "formation": "foot", "order": "march", "to": [300, 80], "pace": "quick"}],
    )
    for _ in range(20 * 60):
        step(w)
        assert w.terrain.is_passable(w.soldiers.pos).all()
    assert w.soldiers.pos[1].min() >= 60.0


def test_men_ordered_to_swim_cross_deep_water_at_a_swimming_pace(tmp_path: Path):
    # The river is the northern 6 rows (60 m): swim from the bank towards its far side.
    w = world_of(
        tmp_path,
        [
            formation("foot", "roman", "infantry", 40, (300, 66), "north", 20),
            formation("far", "persian", "cavalry", 10, (550, 350), "west", 5),
        ],
        orders=[{"at": 0, "formation": "foot", "order": "swim", "to": [300, 10], "pace": "march"}],
    )
    s = w.soldiers
    run_until(w, 20 * 20)
    wet = s.pos[1, :40] < 60
    assert wet.any()  # into the water...
    depth = float(s.pos[1, :40].min())
    run_until(w, 20 * 40)
    assert float(s.pos[1, :40].min()) < depth - 3  # ...and on through it, not stuck at the edge
    speed = np.hypot(*s.vel[:, :40][:, s.pos[1, :40] < 55])
    fastest = float(w.tables.paces[int(s.kind[0]), PACES.index("charge")])  # catching up
    assert 0 < speed.max() <= 0.4 * fastest * 1.001  # a swimming pace, whatever the order


@pytest.mark.parametrize("kind", ["infantry", "cavalry"])
def test_the_slope_slows_men_going_uphill(tmp_path: Path, kind: str):
    # Rows 20+ rise 3 m per 10 m tile (a 30 % grade): one block marches south (uphill) from
    # row 20, the other west on the flat, the same distance ordered for both.
    forms = [
        formation("up", "roman", kind, 20, (150, 205), "south", 5),
        formation("flat", "roman", kind, 20, (450, 100), "west", 5),
        formation("far", "persian", "cavalry", 10, (550, 380), "west", 5),
    ]
    orders = [
        {"at": 0, "formation": "up", "order": "march", "to": [150, 395], "pace": "march"},
        {"at": 0, "formation": "flat", "order": "march", "to": [260, 100], "pace": "march"},
    ]
    w = world_of(tmp_path, forms, orders, slope_from=20, slope_step=3)
    run_until(w, 20 * 10)
    up = w.formations.first[0]
    flat = w.formations.first[1]
    climbed = float(w.soldiers.pos[1, up : up + 20].mean() - 205)
    walked = float(450 - w.soldiers.pos[0, flat : flat + 20].mean())
    assert 0 < climbed < 0.8 * walked


def test_lines_that_meet_stop_instead_of_passing_through(tmp_path: Path):
    w = world_of(
        tmp_path,
        [
            formation("foot", "roman", "infantry", 200, (250, 200), "east", 100),  # 90 m front
            formation("horse", "persian", "cavalry", 150, (400, 200), "west", 30),  # 45 m front
        ],
        orders=[
            {
                "at": 0,
                "formation": "horse",
                "order": "march",
                "to": [100, 200],
                "facing": "west",
                "pace": "march",
            }
        ],
        combat={"melee_kill": 0.0},  # contact alone: combat is tested on its own
    )
    run_until(w, 20 * 60)
    f = w.formations
    assert f.state[1] == FormationState.HALTED
    # The Roman line is two ranks deep, at x = 250 and 248: no rider got past its rear rank.
    persians_west = w.soldiers.pos[0, 201:].min()
    assert persians_west > 247.5
    assert (w.soldiers.state == State.ENGAGED).any()


def test_a_column_marches_facing_its_route_and_deploys_facing_the_order(tmp_path: Path):
    w = world_of(
        tmp_path,
        [
            formation("col", "roman", "infantry", 200, (100, 300), "east", 5),
            formation("far", "persian", "cavalry", 10, (550, 80), "west", 5),
        ],
        orders=[
            {
                "at": 0,
                "formation": "col",
                "order": "march",
                "to": [200, 250],
                "facing": "south",
                "pace": "quick",
            },
            {"at": 40, "formation": "col", "order": "form", "files": 50},
        ],
    )
    run_until(w, 20 * 5)
    fx, fy = w.formations.facing[:, 0]
    assert fx > 0.8 and fy < 0  # heading north-east along the route
    run_until(w, 20 * 119)
    fx, fy = w.formations.facing[:, 0]
    assert fy > 0.99  # at the end: the ordered facing, south
    assert w.formations.state[0] == FormationState.HOLDING
