"""Archery as the sources tell it, on small worlds with the real bows and kinds.

Procopius (Wars I.18): Persian arrows many but weak against armour, Roman arrows fewer but
deadly; each Persian horseman carried some 30 arrows. And a line shoots at what stands
opposite it, so the fall of arrows does not change with the scale of the simulation.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from conftest import REAL_SCENARIO, formation, write_scenario

from game.scenario.codes import Side
from game.scenario.load import load_scenario
from game.sim.tick import run_until
from game.sim.world import World, build_world

REAL = yaml.safe_load(REAL_SCENARIO.read_text())
BOWS = {side: REAL["sides"][side]["bow"] for side in ("roman", "persian")}
BIG_MAP = {"cols": 100, "rows": 80}  # 1 km x 800 m, the river along the north edge


def _world(tmp_path: Path, formations: list[dict], scale: int = 1, end: float = 200) -> World:
    hold = [{"at": 0, "formation": f["id"], "order": "stand_fast"} for f in formations]
    path = write_scenario(
        tmp_path, formations, hold, end=end, kinds=REAL["kinds"], bows=BOWS, **BIG_MAP
    )
    return build_world(load_scenario(path), scale=scale)


def _persian_arrows(world: World, seconds: int) -> tuple[np.ndarray, np.ndarray]:
    """Start and end points (2, n) of every drawn Persian arrow launched in `seconds`."""
    m = world.missiles
    starts, ends = [], []
    for _ in range(seconds):
        before = world.tick
        run_until(world, world.tick + world.scenario.clock.tick_rate)
        new = (m.launch >= before) & (m.launch < world.tick) & (m.side == Side.PERSIAN)
        starts.append(m.start[:, new].copy())
        ends.append(m.end[:, new].copy())
    return np.concatenate(starts, axis=1), np.concatenate(ends, axis=1)


# A Persian line 450 m long (y 175-625) faces two Roman bodies 120 m off: a wide armoured block
# (y 190-490) and, off its end, a narrow block of light foot (y 515-605) standing 5 m nearer.
def _line_and_two_blocks() -> list[dict]:
    return [
        formation("wide", "roman", "infantry", 1500, (480, 340), "east", 330),
        formation("narrow", "roman", "light_infantry", 400, (485, 560), "east", 100),
        formation("line", "persian", "horse_archer", 1200, (600, 400), "west", 300),
    ]


@pytest.mark.parametrize("scale", [1, 10])
def test_a_long_line_shares_its_arrows_among_the_enemies_opposite(tmp_path, scale):
    world = _world(tmp_path, _line_and_two_blocks(), scale=scale)
    _, ends = _persian_arrows(world, 20)
    on_narrow = (ends[1] > 505).mean()
    # it faces ~90 of the ~390 m of Roman front opposite the line: about a quarter of the
    # arrows, not all of them for standing a few metres nearer, at every scale
    assert 0.1 < on_narrow < 0.4, on_narrow


def test_arrows_fly_across_from_the_stretch_of_line_that_faces_their_target(tmp_path):
    world = _world(tmp_path, _line_and_two_blocks())
    starts, ends = _persian_arrows(world, 20)
    at_narrow = ends[1] > 505
    assert at_narrow.any() and (~at_narrow).any()
    # straight across the 120 m gap, not slanting in from the far end of the line
    assert (starts[1, at_narrow] > 505).all()
    assert (starts[1, ~at_narrow] < 500).all()


def _duel(tmp_path: Path, seconds: int) -> tuple[World, np.ndarray]:
    """Equal bodies of Roman and Persian horse 130 m apart; returns arrows shot per side."""
    world = _world(
        tmp_path,
        [
            formation("romans", "roman", "cavalry", 1000, (450, 400), "east", 200),
            formation("persians", "persian", "horse_archer", 1000, (580, 400), "west", 200),
        ],
    )
    f = world.formations
    full = f.arrows.copy()
    run_until(world, seconds * world.scenario.clock.tick_rate)
    return world, full - f.arrows


def test_persian_arrows_are_many_and_roman_arrows_pierce_armour(tmp_path):
    world, shot = _duel(tmp_path, 40)
    killed = world.formations.killed  # [romans, persians]
    assert shot[1] > 3 * shot[0] > 0  # "they shot far more arrows"
    # "...but the Roman bows were stronger and the Persians' shafts broke on armour"
    assert killed[1] / shot[0] > 5 * killed[0] / shot[1]


def test_archers_stop_shooting_when_their_arrows_are_spent(tmp_path):
    world, shot = _duel(tmp_path, 130)  # Persians: 30 arrows at 0.25 a second, spent by 120 s
    assert world.formations.arrows[1] == 0
    assert shot[1] == pytest.approx(30 * 1000, rel=0.01)
    _, ends = _persian_arrows(world, 5)
    assert ends.shape[1] == 0  # the sky is empty of Persian arrows
