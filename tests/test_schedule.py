"""The declared tick: each system changes only what it says it writes, and rates are in battle
seconds, so a battle at another tick rate the loader accepts shoots and tires just as often."""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pytest
import yaml
from conftest import REAL_SCENARIO, formation, write_scenario

from game.scenario.load import load_scenario
from game.sim.neighbours import Pairs
from game.sim.schedule import SCHEDULE, System
from game.sim.scratch import Scratch
from game.sim.tables import TABLES, schema
from game.sim.tick import run_until, step
from game.sim.world import World, build_world
from game.timeline.check import check_determinism
from tests.support.battles import EVERY

REAL = yaml.safe_load(REAL_SCENARIO.read_text())
BOWS = {side: REAL["sides"][side]["bow"] for side in ("roman", "persian")}


TABLE_COLUMNS = {name: tuple(column for column, _ in schema(t)) for name, t in TABLES}
SCRATCH_FIELDS = tuple(f.name for f in fields(Scratch))


def _copy(value: object) -> object:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, Pairs):
        return tuple(getattr(value, f.name).copy() for f in fields(value))
    return value


def _parts(world: World, scratch: Scratch) -> dict[str, object]:
    """Everything a system could change, under the names the schedule declares, copied."""
    out: dict[str, object] = {}
    for name, cols in TABLE_COLUMNS.items():
        table = getattr(world, name)
        for column in cols:
            out[f"{name}.{column}"] = getattr(table, column).copy()
    for name in SCRATCH_FIELDS:
        out[f"scratch.{name}"] = _copy(getattr(scratch, name))
    out["events"] = tuple(world.events)
    out["rng"] = world.rng.bit_generator.state
    out["order_cursor"] = world.order_cursor
    out["track"] = world.track.copy()
    return out


def _same(a: object, b: object) -> bool:
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, tuple) and a and isinstance(a[0], np.ndarray):  # Pairs
        return all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _changed(before: dict[str, object], after: dict[str, object]) -> set[str]:
    return {k for k in before if not _same(before[k], after[k])}


def _changes(system: System, world: World, scratch: Scratch, every: int) -> set[str]:
    """Run `system` and return the parts of the world and the scratch that it changed."""
    before = _parts(world, scratch)
    system.run(world, scratch, every * world.dt)
    return _changed(before, _parts(world, scratch))


# The whole real battle is checked at every battle second of both accounts, from the shared
# straight run's snapshots (tests/support/battles.py, one every `EVERY` ticks): every system runs
# at a second, the neighbour pass (every 3 ticks) at every third, so each is checked hundreds of
# times through every phase of the day, and a once-a-second system at every one of its runs.
@pytest.fixture(scope="module")
def written(battles):
    """What each system changed, and how many times it was checked, over both accounts' whole
    battles (scale 100): each battle second's tick of the shared straight run is stepped as
    `step` does, comparing the world and the scratch before and after each system."""
    scenario = battles.scenario
    rate = scenario.clock.tick_rate
    seen: dict[str, set[str]] = {s.name: set() for s in SCHEDULE}
    checked: dict[str, int] = {s.name: 0 for s in SCHEDULE}
    for account in scenario.accounts:
        world = battles.world_at(0, account)
        for start in range(0, scenario.clock.end_tick, EVERY):
            world.restore(battles.snapshot_at(start, account))
            scratch = Scratch(tempo=scenario.clock.tempo(world.seconds))
            before = _parts(world, scratch)
            for system in SCHEDULE:
                every = system.period(rate)
                if world.tick % every:
                    continue
                system.run(world, scratch, every * world.dt)
                after = _parts(world, scratch)  # what the next system starts from
                seen[system.name] |= _changed(before, after)
                checked[system.name] += 1
                before = after
    return seen, checked


@pytest.mark.parametrize("system", SCHEDULE, ids=lambda s: s.name)
def test_a_system_changes_only_what_it_declares_it_writes(written, system):
    seen, checked = written
    assert checked[system.name] >= 100, f"{system.name} checked {checked[system.name]} times"
    undeclared = sorted(seen[system.name] - set(system.writes))
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
