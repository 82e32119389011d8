"""The column schema of the entity tables: what a built world holds, and what codes name."""

from __future__ import annotations

import numpy as np

from game.scenario.load import load_scenario
from game.sim.codes import FormationState
from game.sim.tables import TABLES, Formations, allocate, flagged, label, rows, schema
from game.sim.world import build_world


def test_every_column_of_a_built_world_has_the_shape_and_type_the_schema_declares(two_blocks):
    world = build_world(load_scenario(two_blocks))
    for name, _ in TABLES:
        table = getattr(world, name)
        n = len(getattr(table, schema(table)[0][0])[-1])
        for column, spec in schema(table):
            arr = getattr(table, column)
            assert arr.shape == ((2, n) if spec.pair else (n,)), f"{name}.{column}"
            assert arr.dtype == np.dtype(spec.dtype), f"{name}.{column}"


def test_a_new_row_starts_at_the_declared_value():
    f = allocate(Formations, 3)
    assert (f.state == FormationState.WAITING).all() and (f.target_formation == -1).all()
    assert (f.morale == 1.0).all() and f.anchor.shape == (2, 3)


def test_a_code_is_named_by_its_column(two_blocks):
    f = build_world(load_scenario(two_blocks)).formations
    f.state[1] = FormationState.ROUTING
    assert label(f, "state", 1) == "routing"
    assert label(f, "side", 1) == "persian"
    assert label(f, "order", 0) == "hold"


def test_a_formations_rows_are_its_men_and_only_its(two_blocks):
    world = build_world(load_scenario(two_blocks), scale=1)
    f, s = world.formations, world.soldiers
    for i in range(len(f)):
        assert (s.formation[rows(f, i)] == i).all()
        assert np.count_nonzero(s.formation == i) == rows(f, i).stop - rows(f, i).start


def test_keyframes_leave_out_the_push_and_a_drag_skips_velocity():
    assert flagged(lambda c: c.recomputed) == (("soldiers", "push"),)
    assert flagged(lambda c: not c.drawn) == (("soldiers", "vel"),)


def test_a_formation_column_per_soldier_is_each_soldiers_own_formations_value(two_blocks):
    from game.sim.tables import per_soldier

    world = build_world(load_scenario(two_blocks))
    s, f = world.soldiers, world.formations
    f.facing[0] = np.arange(len(f), dtype=np.float32) + 0.5
    assert np.array_equal(per_soldier(f, s, f.facing[0]), f.facing[0][s.formation])
    s.formation[:] = s.formation[::-1]  # rows not in formation order: still each one's own
    f.first[:] = f.first[::-1]
    assert np.array_equal(per_soldier(f, s, f.facing[0]), f.facing[0][s.formation])
