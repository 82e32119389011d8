"""Bad data files are refused with one line naming file, line, column and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import formation, write_map, write_scenario

from game.scenario.battlemap import load_map
from game.scenario.load import load_scenario
from game.scenario.yamlsafe import DataError, load_yaml

ONE_LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<field>[^:\n]+): .+$")


def refused(call, *args) -> DataError:
    with pytest.raises(DataError) as info:
        call(*args)
    text = str(info.value)
    assert ONE_LINE.match(text), f"not a one-line path:line:col: field: message -> {text!r}"
    return info.value


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write_scenario(
        tmp_path,
        [
            formation("foot", "roman", "infantry", 200, (200, 200), "east", 40),
            formation("horse", "persian", "cavalry", 150, (420, 200), "west", 30),
        ],
    )


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


def line_of(path: Path, needle: str) -> int:
    return next(i for i, ln in enumerate(path.read_text().splitlines(), 1) if needle in ln)


def test_the_good_fixture_loads(good: Path):
    assert len(load_scenario(good).formations) == 2


def test_malformed_yaml_names_the_line_of_the_fault(good: Path):
    edit(good, "name: test battle", "name: [test battle")
    err = refused(load_scenario, good)
    assert err.path == str(good) and err.field == "(syntax)"
    assert err.line >= 1


def test_unknown_unit_type_names_the_field_and_line(good: Path):
    edit(good, "kind: cavalry", "kind: elephants")
    err = refused(load_scenario, good)
    assert err.field == "formations[1].kind"
    assert "elephants" in err.message
    assert err.line == line_of(good, "kind: elephants")


def test_unknown_key_is_an_error_not_ignored(good: Path):
    edit(good, "  strength: 200\n", "  strength: 200\n  strenght: 300\n")
    err = refused(load_scenario, good)
    assert err.field == "formations[0].strenght"
    assert err.line == line_of(good, "strenght")


def test_duplicate_key_is_an_error(good: Path):
    edit(good, "  strength: 200\n", "  strength: 200\n  strength: 300\n")
    err = refused(load_scenario, good)
    assert "duplicate" in err.message
    assert err.line == line_of(good, "strength: 300")


@pytest.mark.parametrize("value", ["-5", "1e12", ".nan", "'many'", "true"])
def test_absurd_strength_is_refused(good: Path, value: str):
    edit(good, "strength: 200", f"strength: {value}")
    err = refused(load_scenario, good)
    assert err.field == "formations[0].strength"


def test_deployment_off_the_map_is_refused(good: Path):
    edit(good, "- 200\n    - 200", "- 90000\n    - 200")
    err = refused(load_scenario, good)
    assert err.field == "formations[0].deploy.at"
    assert "outside the map" in err.message


def _with_override(tmp_path: Path, override: object) -> Path:
    foot = formation("foot", "roman", "infantry", 200, (200, 200), "east", 40)
    foot["by_account"] = override
    horse = formation("horse", "persian", "cavalry", 150, (420, 200), "west", 30)
    return write_scenario(tmp_path, [foot, horse])


def test_a_per_account_deployment_and_retreat_load_and_place_the_men(tmp_path: Path):
    from game.sim.world import build_world

    moved = {"deploy": {"at": [300, 150], "facing": "south", "files": 20}, "retreat": [300, 20]}
    scenario = load_scenario(_with_override(tmp_path, {"malalas": moved}))
    spec = scenario.formations[0]
    assert spec.deploy_for("procopius").at == (200.0, 200.0)
    assert spec.deploy_for("malalas").at == (300.0, 150.0)
    assert spec.retreat_for("procopius") is None and spec.retreat_for("malalas") == (300.0, 20.0)
    for account, at, facing in (("procopius", (200, 200), (1, 0)), ("malalas", (300, 150), (0, 1))):
        f = build_world(scenario, account=account).formations
        assert tuple(f.anchor[:, 0]) == at and tuple(f.facing[:, 0]) == facing
    assert tuple(build_world(scenario, account="malalas").formations.retreat[:, 0]) == (300, 20)


def test_a_per_account_override_for_an_unknown_account_is_refused(tmp_path: Path):
    path = _with_override(tmp_path, {"tacitus": {"retreat": [300, 20]}})
    err = refused(load_scenario, path)
    assert err.field == "formations[0].by_account.tacitus"
    assert err.line == line_of(path, "tacitus:")


def test_a_per_account_deployment_off_the_map_is_refused(tmp_path: Path):
    override = {"malalas": {"deploy": {"at": [90000, 150], "facing": "south", "files": 20}}}
    path = _with_override(tmp_path, override)
    err = refused(load_scenario, path)
    assert err.field == "formations[0].by_account.malalas.deploy.at"
    assert "outside the map" in err.message


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"malalas": {}}, "formations[0].by_account.malalas"),
        ({"malalas": {"deploy": {"at": [300, 150], "facing": "up", "files": 20}}}, "facing"),
        ({"malalas": {"retreat": [300, 20], "swim": True}}, "by_account.malalas.swim"),
        ({}, "formations[0].by_account"),
    ],
)
def test_a_malformed_per_account_override_is_refused(tmp_path: Path, override, field):
    err = refused(load_scenario, _with_override(tmp_path, override))
    assert err.field.endswith(field)


def test_order_for_an_unknown_formation_is_refused(tmp_path: Path):
    path = write_scenario(
        tmp_path,
        [
            formation("foot", "roman", "infantry", 200, (200, 200), "east", 40),
            formation("horse", "persian", "cavalry", 150, (420, 200), "west", 30),
        ],
        orders=[{"at": 1, "formation": "ghosts", "order": "hold"}],
    )
    err = refused(load_scenario, path)
    assert err.field == "orders[0].formation"


def test_time_of_day_outside_the_clock_is_refused(tmp_path: Path):
    path = write_scenario(
        tmp_path,
        [
            formation("foot", "roman", "infantry", 200, (200, 200), "east", 40),
            formation("horse", "persian", "cavalry", 150, (420, 200), "west", 30),
        ],
        orders=[{"at": "23:00", "formation": "foot", "order": "hold"}],
    )
    err = refused(load_scenario, path)
    assert "outside the battle's clock" in err.message


def test_missing_map_file_is_named(good: Path):
    edit(good, "map: map.yaml", "map: nowhere.yaml")
    err = refused(load_scenario, good)
    assert err.path.endswith("nowhere.yaml")
    assert "not found" in err.message


def test_bad_tile_in_the_terrain_grid_names_row_and_column(tmp_path: Path):
    path = write_map(tmp_path)
    grid = tmp_path / "terrain.txt"
    rows = grid.read_text().splitlines()
    rows[10] = rows[10][:17] + "X" + rows[10][18:]
    grid.write_text("\n".join(rows) + "\n")
    err = refused(load_map, path)
    assert (err.path, err.line, err.column, err.field) == (str(grid), 11, 18, "terrain")


def test_short_grid_row_is_refused(tmp_path: Path):
    path = write_map(tmp_path)
    grid = tmp_path / "elevation.txt"
    rows = grid.read_text().splitlines()
    rows[3] = rows[3][:-2]
    grid.write_text("\n".join(rows) + "\n")
    err = refused(load_map, path)
    assert (err.line, err.field) == (4, "elevation")


def test_python_tags_are_refused_not_executed(tmp_path: Path):
    path = tmp_path / "evil.yaml"
    path.write_text("name: !!python/object/apply:os.system ['echo pwned']\n")
    err = refused(load_yaml, path)
    assert err.line == 1


def test_alias_bomb_is_refused(tmp_path: Path):
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    for k in range(1, 12):
        prev = f"*a{k - 1}"
        lines.append(f"a{k}: &a{k} [{', '.join([prev] * 9)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    err = refused(load_yaml, path)
    assert "aliases" in err.message


def test_empty_and_binary_files_are_refused(tmp_path: Path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    refused(load_yaml, empty)
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    refused(load_yaml, binary)


def test_the_command_line_prints_one_line_and_exits_2(good: Path, capsys):
    from game.start import main

    edit(good, "kind: cavalry", "kind: elephants")
    assert main(["--headless", "--scenario", str(good), "--until", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "formations[1].kind" in err[0] and str(good) in err[0]
