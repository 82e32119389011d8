"""Fixtures: small worlds built from small, hand-made data files, plus the real scenario.

Small worlds keep each test to one observable fact and a fraction of a second.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import yaml

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
# The sweeps' run cache (game/sweep): the unit panel reads it, so a developer's own sweeps
# must not change what the tests see, nor the tests fill the developer's cache.
os.environ["CALLINICUM_CACHE"] = tempfile.mkdtemp(prefix="callinicum531-test-cache-")

ROOT = Path(__file__).resolve().parents[1]
REAL_SCENARIO = ROOT / "maps" / "callinicum" / "scenario.yaml"

LONGEST_FIRST = (
    "test_timeline_bar",
    "test_battle",
    "test_facts",
    "test_sweep",
    "test_idle",
    "test_timeline",
    "test_app",
    "test_hostile",
    "test_panels_show_all",
    "test_campaign_app",
    "test_languages",
    "test_kiosk_monkey",
    "test_export",
    "test_schedule",
    "test_one_time",
    "test_frame_caches",
    "test_worker",
    "test_inspect",
    "test_campaign",
    "test_story_camera",
    "test_kiosk",
    "test_story_view",
)
"""Under pytest-xdist (the README's `-n 2 --dist loadfile --no-loadscope-reorder`) these files,
the dearest in CPU with their worker processes (13-75 CPU-s each, measured 2026-12-03 with a
plugin summing each file's CPU, its children's included), are handed out first, so that no
worker is left alone with one at the end while the other has finished; the other files keep
their order. test_timeline_bar comes first: it makes the scale-100 straight runs of both
accounts that the window tests share, then mostly waits for its window's worker (which runs
lower than the tests, `WORKER_NICE`) while the other pytest worker has a core for
test_battle, whose reports are the scale-10 straight runs (tests/support/battles.py) that
test_story_view, last, draws. test_one_time and the others that are handed keyframes come
after test_timeline_bar has shelved the scale-100 days."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under xdist, hand out the dearest files first (LONGEST_FIRST); a test's own order in its
    file stays as written. A plain run keeps the collection order."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    rank = {name: k for k, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))


LEGEND = {
    "~": {
        "name": "deep water",
        "look": "deep_water",
        "passable": False,
        "speed": 0.0,
        "swim_speed": 0.4,
        "colour": [40, 90, 110],
    },
    "-": {
        "name": "shallows",
        "look": "shallows",
        "passable": True,
        "speed": 0.35,
        "colour": [80, 130, 130],
    },
    ".": {
        "name": "plain",
        "look": "grass",
        "passable": True,
        "speed": 1.0,
        "colour": [150, 150, 100],
    },
    "#": {
        "name": "wall",
        "look": "wall",
        "passable": False,
        "speed": 0.0,
        "colour": [120, 110, 100],
    },
}

KINDS = {
    "infantry": {
        "paces": {"slow": 0.4, "march": 1.3, "quick": 1.55, "charge": 3.5},
        "max_force": 2.0,
        "spacing": [0.9, 2.0],
        "radius": 0.45,
    },
    "cavalry": {
        "paces": {"slow": 1.7, "march": 4.3, "quick": 6.0, "charge": 9.0},
        "max_force": 4.0,
        "spacing": [1.5, 3.0],
        "radius": 0.7,
    },
    "commander": {
        "paces": {"slow": 1.7, "march": 4.3, "quick": 6.0, "charge": 9.0},
        "max_force": 4.0,
        "spacing": [3.0, 3.0],
        "radius": 0.7,
    },
}

COMBAT = {
    "melee_kill": 0.12,
    "charge_bonus": 2.0,
    "flank_bonus": 1.6,
    "rear_bonus": 2.5,
    "height_bonus": 0.1,
    "routed_vulnerability": 4.0,
    "shield_wall_defence": 0.3,
    "shield_wall_spacing": [0.6, 1.0],
    "rout_below": 0.35,
    "loss_weight": 4.0,
    "flank_weight": 2.0,
    "friend_rout": 0.15,
    "friend_rout_range": 900,
    "commander_lost": 0.25,
    "recovery": 0.01,
    "fatigue_from": "11:00",
    "fatigue_per_second": 0.0,
    "pursuit": 150,
    "flee_safe": 40,
    "flee_clear": 400,
    "ride_down": 0.1,
    "ride_down_reach": 10,
    "assault_contact_minutes": 8,  # the test clock: a minute a battle second
    "assault_recoil": 60,
    "assault_rest_minutes": 8,
    "turned_away": 0.5,
    "falls_breaking": 0.3,
    "falls_standing": 0.35,
    "arrows_front": 0.3,
}

CITE = {"source": "reconstruction", "ref": "test fixture"}


def write_map(
    folder: Path,
    cols: int = 60,
    rows: int = 40,
    tile: float = 10.0,
    river_rows: int = 6,
    slope_from: int | None = None,
    slope_step: int = 1,
) -> Path:
    """A plain with deep water along the north edge and, optionally, a slope to the south."""
    folder.mkdir(parents=True, exist_ok=True)
    terrain = ["~" * cols if r < river_rows else "." * cols for r in range(rows)]
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    elevation = []
    for r in range(rows):
        h = 0 if slope_from is None or r < slope_from else min(35, (r - slope_from) * slope_step)
        elevation.append(digits[h] * cols)
    (folder / "terrain.txt").write_text("\n".join(terrain) + "\n")
    (folder / "elevation.txt").write_text("\n".join(elevation) + "\n")
    doc = {
        "name": "test plain",
        "tile_size": tile,
        "width": cols,
        "height": rows,
        "terrain": "terrain.txt",
        "elevation": "elevation.txt",
        "elevation_step": 1.0,
        "legend": LEGEND,
    }
    path = folder / "map.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def formation(
    fid: str, side: str, kind: str, strength: int, at, facing, files: int, commanders: int = 0
) -> dict:
    return {
        "id": fid,
        "name": fid.title(),
        "side": side,
        "kind": kind,
        "strength": strength,
        "strength_range": [strength, strength],
        "strength_note": "test",
        "strength_source": CITE,
        "commanders": [
            {"name": f"{fid} leader {k}", "title": "general", "note": "test", "source": CITE}
            for k in range(commanders)
        ],
        "arms": "test",
        "palette": [[200, 40, 40], [240, 220, 120]]
        if side == "roman"
        else [[40, 90, 160], [220, 220, 220]],
        "deploy": {"at": list(at), "facing": facing, "files": files},
        "about": "test",
        "source": CITE,
    }


def write_scenario(
    folder: Path,
    formations: list[dict],
    orders: list[dict] | None = None,
    end: float = 120,
    tempo: float = 1.0,
    combat: dict | None = None,
    kinds: dict | None = None,
    bows: dict | None = None,
    tick_rate: int = 20,
    **map_kw,
) -> Path:
    write_map(folder, **map_kw)
    doc = {
        "name": "test battle",
        "date": "today",
        "map": "map.yaml",
        "seed": 7,
        "accounts": {"procopius": "P", "malalas": "M"},
        "default_account": "procopius",
        "time": {
            "tick_rate": tick_rate,
            "end": end,
            "clock": [[0, "10:00"], [end, "12:00"]],
            "tempo": [[0, tempo]],
        },
        "kinds": kinds or KINDS,
        "combat": {**COMBAT, **(combat or {})},
        "sides": {
            "roman": {"name": "Romans", "colour": [176, 48, 52], "retreat": [10, 100]},
            "persian": {"name": "Persians", "colour": [40, 110, 160], "retreat": [590, 100]},
        },
        "formations": formations,
        "orders": orders or [],
        "phases": [{"id": "all", "name": "All", "start": 0, "caption": "A test.", "source": CITE}],
    }
    for side, bow in (bows or {}).items():
        doc["sides"][side]["bow"] = bow
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


@pytest.fixture
def two_blocks(tmp_path: Path) -> Path:
    """A Roman infantry block and a Persian cavalry block facing each other on a plain."""
    return write_scenario(
        tmp_path,
        [
            formation("foot", "roman", "infantry", 200, (200, 200), "east", 40, commanders=1),
            formation("horse", "persian", "cavalry", 150, (420, 200), "west", 30),
        ],
    )


@pytest.fixture(scope="session")
def real_scenario():
    from game.scenario.load import load_scenario

    return load_scenario(REAL_SCENARIO)


@pytest.fixture(scope="session")
def battles(real_scenario, tmp_path_factory):
    """The real battle's straight runs, shared by the session (tests/support/battles.py):
    `battles.world_at(tick, account, scale)` is a fresh world at that tick. Under pytest-xdist
    the workers share them through a folder beside their own temporary folders."""
    from tests.support.battles import Battles

    shelf = None
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shelf = tmp_path_factory.getbasetemp().parent / "battles"
    return Battles(real_scenario, shelf=shelf)
