"""A blow's weight: what a charge's shock and a broken man's exposure add to it.

Four hundred horsemen each stand 1.3 m from one enemy, in pairs 10 m apart (no pair touches
another), and one pass of `resolve_melee` (two battle seconds of blows) is struck with the
world's seeded dice; the pairs differ between two worlds only in the one thing a test changes,
so the dead count compares the chance of a blow (issue #14: at 1:1 a body that fled at once
lost 24 %).
"""

from __future__ import annotations

import numpy as np
from conftest import formation, write_scenario

from game.scenario.load import load_scenario
from game.sim.codes import Mode, State
from game.sim.combat import resolve_melee
from game.sim.neighbours import close_pairs
from game.sim.tick import step
from game.sim.world import build_world

PAIRS = 400
BLOWS_FOR = 2.0
"""Battle seconds of blows in the one pass: a few score dead to compare, and no pair's chance
near certainty (a tenth of the routers fall at most)."""


def _struck(tmp_path, fugitive_vx: float, fugitive_faces_x: float, routing: bool = True) -> int:
    """Men of the Roman horse killed in one tick of blows from the Persians east of them, who
    ride west at the charge."""
    fugitives = formation("fugitives", "roman", "cavalry", PAIRS, (200, 200), "west", 20)
    pursuers = formation("pursuers", "persian", "cavalry", PAIRS, (220, 200), "west", 20)
    w = build_world(load_scenario(write_scenario(tmp_path, [fugitives, pursuers])))
    s = w.soldiers
    gx, gy = np.meshgrid(np.arange(20), np.arange(20))
    x = (100 + 10 * gx.ravel()).astype(np.float32)
    y = (100 + 10 * gy.ravel()).astype(np.float32)
    s.pos[0, :PAIRS], s.pos[1, :PAIRS] = x, y
    s.pos[0, PAIRS:], s.pos[1, PAIRS:] = x + 1.3, y
    charge = float(w.tables.paces[int(s.kind[PAIRS]), -1])
    s.vel[:, :] = 0
    s.vel[0, PAIRS:] = -charge
    s.vel[0, :PAIRS] = fugitive_vx * charge
    s.facing[:, :PAIRS] = np.array([[fugitive_faces_x], [0.0]], np.float32)
    s.facing[:, PAIRS:] = np.array([[-1.0], [0.0]], np.float32)
    s.state[:PAIRS] = State.ROUTING if routing else State.FORMED
    resolve_melee(w, close_pairs(s.pos[0], s.pos[1], 1.6), BLOWS_FOR)
    if routing:  # a router does not strike back
        assert int((s.state[PAIRS:] == State.DEAD).sum()) == 0
    return int((s.state[:PAIRS] == State.DEAD).sum())


def test_a_pursuer_no_faster_than_the_fugitive_strikes_without_a_charges_shock(tmp_path):
    standing = _struck(tmp_path / "standing", fugitive_vx=0.0, fugitive_faces_x=-1.0)
    fleeing = _struck(tmp_path / "fleeing", fugitive_vx=-1.0, fugitive_faces_x=-1.0)
    # charge_bonus 2: a charge at a man standing weighs up to three blows; at a man riding
    # away as fast, one
    assert fleeing < standing * 0.6, (fleeing, standing)


def test_a_router_is_as_exposed_facing_his_pursuer_as_with_his_back_to_him(tmp_path):
    back = _struck(tmp_path / "back", fugitive_vx=0.0, fugitive_faces_x=-1.0)
    face = _struck(tmp_path / "face", fugitive_vx=0.0, fugitive_faces_x=1.0)
    # routed_vulnerability is all of a broken man's exposure; the rear bonus is not added to it
    assert back == face > 0, (back, face)


def test_a_man_in_ranks_struck_from_behind_is_still_worse_off_than_from_the_front(tmp_path):
    back = _struck(tmp_path / "back", 0.0, fugitive_faces_x=-1.0, routing=False)
    face = _struck(tmp_path / "face", 0.0, fugitive_faces_x=1.0, routing=False)
    assert back > face * 1.5, (back, face)


def _contact_seconds(tmp_path, end: float) -> float:
    """Battle seconds the horse's first charge of an assault stays in contact with a shield
    wall, on a test clock of 120 minutes over `end` battle seconds."""
    foot = formation("foot", "roman", "infantry", 200, (300, 200), "east", 40)
    horse = formation("horse", "persian", "cavalry", 100, (400, 200), "west", 20)
    orders = [
        {"at": 0, "formation": "foot", "order": "shield_wall", "files": 40, "facing": "east"},
        {"at": 0, "formation": "foot", "order": "stand_fast"},
        {"at": 0, "formation": "horse", "order": "stand_fast"},
        {"at": 1, "formation": "horse", "order": "assault", "target": "foot"},
    ]
    w = build_world(load_scenario(write_scenario(tmp_path, [foot, horse], orders, end=end)))
    f = w.formations
    began = None
    while w.tick < w.scenario.clock.end_tick:
        step(w)
        if began is None and f.mode[1] == Mode.ASSAULT_CONTACT:
            began = w.seconds
        if began is not None and f.mode[1] == Mode.ASSAULT_RECOIL:
            return w.seconds - began
    raise AssertionError("the assault never recoiled")


def test_an_assaults_contact_lasts_its_minutes_of_the_clock_however_compressed(tmp_path):
    """The charge cycle is given in minutes of the day (history brief section 6): at the stand
    the clock runs five times faster from 15:40 than from 15:00, and a contact of fixed battle
    seconds lasted a quarter of an hour there (issue #14)."""
    fast = _contact_seconds(tmp_path / "fast", end=60)  # 2 minutes a battle second
    slow = _contact_seconds(tmp_path / "slow", end=240)  # half a minute a battle second
    # 8 minutes of contact (the test combat block): 4 and 16 battle seconds, to a neighbour pass
    assert abs(fast - 4) <= 0.3 and abs(slow - 16) <= 0.3, (fast, slow)
