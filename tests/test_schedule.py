"""The declared tick: each system changes only what it says it writes, and rates are in battle
seconds, so a battle at another tick rate the loader accepts shoots and tires just as often."""

from __future__ import annotations

import copy
from dataclasses import fields

import numpy as np
import pytest
import yaml
from conftest import REAL_SCENARIO, formation, write_scenario

from game.scenario.load import load_scenario
from game.sim.schedule import SCHEDULE, System
from game.sim.scratch import Scratch
from game.sim.tables import TABLES, columns
from game.sim.tick import run_until, step
from game.sim.world import World, build_world
from game.timeline.check import check_determinism

REAL = yaml.safe_load(REAL_SCENARIO.read_text())
BOWS = {side: REAL["sides"][side]["bow"] for side in ("roman", "persian")}
SAMPLE_EVERY = 7
"""Ticks between checks over the whole real battle: prime to the 3 and 20 tick periods, so
every system is checked on many of the ticks it runs, through every phase of the day."""


def _parts(world: World, scratch: Scratch) -> dict[str, object]:
    """Everything a system could change, under the names the schedule declares, copied."""
    out: dict[str, object] = {}
    for name, _ in TABLES:
        for column, arr in columns(getattr(world, name)):
            out[f"{name}.{column}"] = arr.copy()
    for f in fields(scratch):
        out[f"scratch.{f.name}"] = copy.deepcopy(getattr(scratch, f.name))
    out["events"] = tuple(world.events)
    out["rng"] = world.rng.bit_generator.state
    out["order_cursor"] = world.order_cursor
    out["track"] = world.track.copy()
    return out


def _same(a: object, b: object) -> bool:
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and a.tobytes() == b.tobytes()
    if hasattr(a, "__dataclass_fields__"):  # Pairs
        return all(_same(getattr(a, f.name), getattr(b, f.name)) for f in fields(a))
    return a == b


def _changes(system: System, world: World, scratch: Scratch, every: int) -> set[str]:
    """Run `system` and return the parts of the world and the scratch that it changed."""
    before = _parts(world, scratch)
    system.run(world, scratch, every * world.dt)
    after = _parts(world, scratch)
    return {k for k in before if not _same(before[k], after[k])}


@pytest.fixture(scope="module")
def written():
    """What each system changed, checked every `SAMPLE_EVERY` ticks and every battle second of
    both accounts (scale 100): the world is stepped as `step` does, a checked tick compares the
    world and the scratch before and after each system."""
    scenario = load_scenario(REAL_SCENARIO)
    rate = scenario.clock.tick_rate
    seen: dict[str, set[str]] = {s.name: set() for s in SCHEDULE}
    for account in scenario.accounts:
        world = build_world(scenario, scale=100, account=account)
        while world.tick < scenario.clock.end_tick:
            scratch = Scratch(tempo=scenario.clock.tempo(world.seconds))
            check = world.tick % SAMPLE_EVERY == 0 or world.tick % rate == 0
            for system in SCHEDULE:
                every = system.period(rate)
                if world.tick % every:
                    continue
                if check:
                    seen[system.name] |= _changes(system, world, scratch, every)
                else:
                    system.run(world, scratch, every * world.dt)
            world.tick += 1
    return seen


@pytest.mark.parametrize("system", SCHEDULE, ids=lambda s: s.name)
def test_a_system_changes_only_what_it_declares_it_writes(written, system):
    undeclared = sorted(written[system.name] - set(system.writes))
    assert not undeclared, f"{system.name} writes {undeclared} without declaring them"


def test_the_check_catches_a_write_to_a_column_and_to_the_scratch(two_blocks):
    def sloppy(world, t, seconds):
        world.formations.morale[0] -= 0.1
        t.slots = np.ones((2, 3), np.float32)

    system = System("sloppy", sloppy, None, reads=(), writes=())
    world = build_world(load_scenario(two_blocks))
    assert _changes(system, world, Scratch(), 1) == {"formations.morale", "scratch.slots"}


def test_names_are_unique_and_declarations_name_real_parts(two_blocks):
    world = build_world(load_scenario(two_blocks))
    known = set(_parts(world, Scratch()))
    assert len({s.name for s in SCHEDULE}) == len(SCHEDULE)
    for system in SCHEDULE:
        unknown = (set(system.reads) | set(system.writes)) - known - {"scratch.tempo"}
        assert not unknown, (system.name, unknown)


def _archers(tmp_path, tick_rate: int):
    """Persian horse archers (the real bows and kinds) in range of a Roman block; both stand
    fast, so nothing but the volleys and the day's fatigue changes them."""
    forms = [
        formation("foot", "roman", "infantry", 400, (480, 340), "east", 40),
        formation("bows", "persian", "horse_archer", 200, (600, 340), "west", 20),
    ]
    hold = [{"at": 0, "formation": f["id"], "order": "stand_fast"} for f in forms]
    tired = {"fatigue_from": "10:00", "fatigue_per_second": 0.01}
    path = write_scenario(
        tmp_path / str(tick_rate),
        forms,
        hold,
        kinds=REAL["kinds"],
        bows=BOWS,
        combat=tired,
        tick_rate=tick_rate,
        cols=100,
        rows=80,
    )
    return build_world(load_scenario(path))


@pytest.mark.parametrize("tick_rate", [10, 40])
def test_archers_shoot_once_a_battle_second_at_any_tick_rate(tmp_path, tick_rate):
    arrows_left = []
    for rate in (20, tick_rate):
        world = _archers(tmp_path, rate)
        run_until(world, 10 * rate + 1)  # ten battle seconds, and the volley at 10 s
        arrows_left.append(float(world.formations.arrows[1]))
    assert arrows_left[0] < _archers(tmp_path, 20).formations.arrows[1]  # they did shoot
    assert arrows_left[1] == pytest.approx(arrows_left[0], rel=1e-6)


@pytest.mark.parametrize("tick_rate", [10, 40])
def test_fatigue_tells_once_a_battle_second_at_any_tick_rate(tmp_path, tick_rate):
    tired = []
    for rate in (20, tick_rate):
        world = _archers(tmp_path, rate)
        for _ in range(30 * rate):
            step(world)
        tired.append(float(world.formations.fatigue[0]))
    assert tired[0] > 0
    assert tired[1] == pytest.approx(tired[0], rel=1e-5)


@pytest.mark.parametrize("tick_rate", [10, 30])
def test_at_another_tick_rate_any_seek_lands_on_the_straight_runs_state(tmp_path, tick_rate):
    """Keyframes leave out the push, which only a neighbour pass refreshes: at 10 or 30 ticks a
    second the passes fall on other ticks, and the keyframes' spacing must follow them."""
    path = write_scenario(
        tmp_path,
        [
            formation("foot", "roman", "infantry", 160, (200, 200), "east", 32, commanders=1),
            formation("horse", "persian", "cavalry", 120, (330, 200), "west", 24),
        ],
        orders=[
            {"at": 0, "formation": "horse", "order": "march", "to": [230, 200], "pace": "quick"}
        ],
        end=30,
        tick_rate=tick_rate,
    )
    found = check_determinism(load_scenario(path), seeks=30, play_ticks=40, say=lambda _: None)
    assert found is None, str(found)
