"""Same scenario + seed -> identical state, tick for tick, in one process and across two."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
from conftest import REAL_SCENARIO, ROOT

from game.app.report import first_divergence
from game.scenario.load import load_scenario
from game.sim.tick import step
from game.sim.world import build_world

SCALE = 20  # 2,000 agents: the real battle, quickly


def hashes(scenario, ticks: int, seed: int | None = None) -> list[str]:
    world = build_world(scenario, scale=SCALE, seed=seed)
    out = []
    for _ in range(ticks):
        step(world)
        out.append(world.state_hash())
    return out


def test_same_seed_gives_identical_hashes_every_tick(real_scenario):
    assert hashes(real_scenario, 200) == hashes(real_scenario, 200)


def _men_after(scenario, ticks: int, seed: int) -> np.ndarray:
    """Where the men stand after `ticks` ticks (not the hash: it holds the RNG state itself)."""
    world = build_world(scenario, scale=SCALE, seed=seed)
    for _ in range(ticks):
        step(world)
    return world.soldiers.pos


def test_a_different_seed_gives_a_different_battle(real_scenario):
    assert np.array_equal(
        _men_after(real_scenario, 3, seed=1), _men_after(real_scenario, 3, seed=1)
    )
    assert not np.array_equal(
        _men_after(real_scenario, 3, seed=1), _men_after(real_scenario, 3, seed=2)
    )


def test_snapshot_restore_resumes_exactly(real_scenario):
    world = build_world(real_scenario, scale=SCALE)
    for _ in range(61):  # between neighbour passes: the stored separation must be in the snapshot
        step(world)
    snap = world.snapshot()
    for _ in range(40):
        step(world)
    straight = world.state_hash()
    world.restore(snap)
    for _ in range(40):
        step(world)
    assert world.state_hash() == straight


def test_two_processes_write_identical_reports(tmp_path: Path):
    reports = []
    for k in range(2):
        out = tmp_path / f"r{k}.json"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "--headless",
                "--until",
                "30",
                "--scale",
                str(SCALE),
                "--report",
                str(out),
                "--scenario",
                str(REAL_SCENARIO),
            ],
            check=True,
            cwd=tmp_path,
            timeout=240,
        )
        reports.append(json.loads(out.read_text()))
    assert len(reports[0]["hashes"]) == 31
    assert first_divergence(reports[0], reports[1]) is None
    assert reports[0]["final_hash"] == reports[1]["final_hash"]


def test_the_loader_is_pure(real_scenario):
    again = load_scenario(real_scenario.path)
    assert hashes(again, 5) == hashes(real_scenario, 5)


def test_worlds_that_would_draw_differently_next_do_not_hash_equal(two_blocks):
    """A float32 draw keeps half a 64-bit draw for the next one: that half is state too."""
    a = build_world(load_scenario(two_blocks))
    b = build_world(load_scenario(two_blocks))
    state = a.rng.bit_generator.state
    b.rng.bit_generator.state = dict(state, has_uint32=1, uinteger=12345)
    assert a.rng.bit_generator.state["state"] == b.rng.bit_generator.state["state"]
    assert a.state_hash() != b.state_hash()
    draws = [np.random.Generator(np.random.PCG64()) for _ in range(2)]
    draws[0].bit_generator.state = a.rng.bit_generator.state
    draws[1].bit_generator.state = b.rng.bit_generator.state
    assert draws[0].random(dtype=np.float32) != draws[1].random(dtype=np.float32)
