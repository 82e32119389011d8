"""Outcome sweeps: the grid, the cache and resuming, failures, Dask against the pool, output.

Every sweep here fights a tiny battle (two small blocks, 20 battle seconds, ~0.2 s a run) so the
file stays cheap; the real battle's sweep figures come from `bench/bench_sweep.py`.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, formation, write_scenario

import game as game_package
from game.scenario.load import load_scenario
from game.sweep import executors
from game.sweep.cache import RunCache
from game.sweep.cli import main
from game.sweep.digest import code_version, package_digest, scenario_digest
from game.sweep.grid import RunSpec
from game.sweep.run import run_battle
from game.sweep.sweep import Sweep, Where, run_sweep, write_outputs
from tests.support.extras import import_extra


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """A Persian charge on a Roman block: a few men fall, the horse breaks (seed-dependent)."""
    return write_scenario(
        tmp_path_factory.mktemp("tiny"),
        [
            formation("foot", "roman", "infantry", 120, (260, 200), "east", 30, commanders=1),
            formation("horse", "persian", "cavalry", 80, (330, 200), "west", 20),
        ],
        [{"at": 1, "formation": "horse", "order": "charge", "target": "foot"}],
        end=20,
    )


def sweep_args(scenario: Path, tmp: Path, *extra: str, seeds: str = "1-2") -> list[str]:
    return [
        "--scenario",
        str(scenario),
        "--seeds",
        seeds,
        "--scale",
        "1",
        "--out",
        str(tmp / "out"),
        "--cache",
        str(tmp / "cache"),
        "--quiet",
        *extra,
    ]


def runs(out: Path) -> list[dict]:
    return json.loads((out / "summary.json").read_text())["runs"]


def outcome_only(entries: list[dict]) -> list[dict]:
    """The entries less what depends on the machine (wall time) or on the cache."""
    return [{k: v for k, v in e.items() if k not in ("seconds", "cached")} for e in entries]


def plan(scenario_path: Path, seeds, accounts=("procopius",)) -> Sweep:
    scenario = load_scenario(scenario_path)
    digest = scenario_digest(scenario)
    specs = [RunSpec("", a, "default", 1, s, digest) for a in accounts for s in seeds]
    return Sweep(specs, {digest: scenario})


# -- the grid and its output -------------------------------------------------------------------
def test_a_sweep_writes_one_entry_per_run_in_json_and_csv(tiny, tmp_path, capsys):
    assert main(sweep_args(tiny, tmp_path, "--workers", "2")) == 0
    entries = runs(tmp_path / "out")
    grid = [(e["account"], e["seed"]) for e in entries]
    assert grid == [("procopius", 1), ("procopius", 2), ("malalas", 1), ("malalas", 2)]
    for e in entries:
        assert e["status"] == "ok" and e["strengths"] == "default" and e["scale"] == 1
        foot, horse = e["formations"]["foot"], e["formations"]["horse"]
        assert foot["men_start"] == 120 and horse["men_start"] == 80
        assert e["sides"]["roman"]["killed"] == foot["killed"] > 0
    rows = list(csv.DictReader((tmp_path / "out" / "summary.csv").open()))
    assert [(r["account"], int(r["seed"])) for r in rows] == grid
    assert [int(r["horse_killed"]) for r in rows] == [
        e["formations"]["horse"]["killed"] for e in entries
    ]
    printed = capsys.readouterr().out
    assert "4 runs: 0 from the cache, 4 to run on 2 local workers" in printed
    assert "runs a minute" in printed


def test_each_seed_is_its_own_battle_and_the_same_seed_the_same_battle(tiny, tmp_path):
    assert main(sweep_args(tiny, tmp_path, "--workers", "1", seeds="1-3")) == 0
    hashes = [e["final_hash"] for e in runs(tmp_path / "out") if e["account"] == "procopius"]
    assert len(set(hashes)) == 3
    # a straight headless run of seed 2 is the sweep's seed 2
    report = run_battle(plan(tiny, [2]).specs[0], load_scenario(tiny))["report"]
    assert report["final_hash"] == hashes[1]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--seeds", "9-3"], "--seeds: '9-3' runs backwards"),
        (["--seeds", "one"], "--seeds: 'one' is not a seed"),
        (["--accounts", "procopius,zonaras"], "--accounts: no 'zonaras'"),
        (["--strengths", "huge"], "--strengths: no 'huge'"),
        (["--scale", "0"], "--scale: 0 men per agent"),
        (["--workers", "two"], "--workers: 'two' is not a whole number"),
        (["--timeout", "-1"], "--timeout: '-1' must be above 0"),
        (["--scheduler", "8786"], "--scheduler: '8786' is not an address"),
        (["--seeds", "1-200000"], "--seeds: '1-200000' is more than 100,000 seeds"),
        (["--frobnicate"], "unrecognized arguments: --frobnicate"),
    ],
)
def test_bad_grid_input_is_one_line_and_exit_2(tiny, tmp_path, capsys, args, says):
    assert main([*sweep_args(tiny, tmp_path), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err, err
    assert not (tmp_path / "out" / "summary.json").exists()


# -- what-ifs ----------------------------------------------------------------------------------
def test_a_what_if_changes_the_battle_and_is_named_in_the_summary(tiny, tmp_path):
    patch = tmp_path / "more_horse.yaml"
    patch.write_text(
        "what_if: What if the Persians had brought more horse?\n"
        "scenario:\n"
        "  formations:\n"
        "    horse: {strength: 110, strength_range: [110, 110]}\n"
    )
    assert main(sweep_args(tiny, tmp_path, "--patch", str(patch), "--accounts", "procopius")) == 0
    entries = runs(tmp_path / "out")
    assert {e["what_if"] for e in entries} == {"more_horse"}
    assert all(e["formations"]["horse"]["men_start"] == 110 for e in entries)
    header = json.loads((tmp_path / "out" / "summary.json").read_text())["sweep"]
    assert header["what_ifs"] == {"more_horse": "What if the Persians had brought more horse?"}
    assert entries[0]["scenario"] != scenario_digest(load_scenario(tiny))


@pytest.mark.parametrize("name", ["ghassanids_stand", "romans_outnumber", "ghassanids_left"])
def test_the_shipped_what_ifs_load_and_change_the_battle(real_scenario, name):
    from game.sweep.whatif import load_what_if

    folder = ROOT / "maps" / "callinicum"
    w = load_what_if(folder / "what-ifs" / f"{name}.yaml", folder / "scenario.yaml")
    assert w.question.endswith("?") and w.note
    assert scenario_digest(w.scenario) != scenario_digest(real_scenario)


def test_the_ghassanids_left_what_if_stands_them_on_the_roman_left(real_scenario):
    """Procopius' line faces east with the river to the north (the Roman left): in the what-if
    al-Harith's Ghassanids deploy and march north of Belisarius' centre, Sunicas and Simmas
    south of it; the scenario has them the other way round. Malalas' line is untouched."""
    from game.sim.world import build_world
    from game.sweep.whatif import load_what_if

    folder = ROOT / "maps" / "callinicum"
    w = load_what_if(folder / "what-ifs" / "ghassanids_left.yaml", folder / "scenario.yaml")

    def mean_y(scenario, account: str) -> dict[str, float]:
        world = build_world(scenario, scale=100, account=account)
        ids = [f.id for f in scenario.formations]
        s = world.soldiers
        return {fid: float(s.pos[1, s.formation == ids.index(fid)].mean()) for fid in ids}

    base, moved = mean_y(real_scenario, "procopius"), mean_y(w.scenario, "procopius")
    for fid in ("harith", "harith_guard"):
        assert base[fid] > base["belisarius"] > moved[fid] > base["peter"], fid
    assert base["sunicas"] < base["belisarius"] < moved["sunicas"]
    assert mean_y(w.scenario, "malalas") == mean_y(real_scenario, "malalas")


def test_the_ghassanids_left_what_if_keeps_malalas_battle_in_step_with_the_scenario(
    real_scenario,
):
    """The what-if replaces every order of six formations, Malalas' with them: every order
    Malalas' telling gives must be the scenario's (the file's comment says to keep them in
    step; this fails when the scenario's orders change and the what-if does not)."""
    from dataclasses import replace

    from game.scenario.specs import told_in
    from game.sweep.whatif import load_what_if

    folder = ROOT / "maps" / "callinicum"
    w = load_what_if(folder / "what-ifs" / "ghassanids_left.yaml", folder / "scenario.yaml")

    def told(scenario) -> list[str]:
        return sorted(repr(replace(o, accounts=())) for o in told_in(scenario.orders, "malalas"))

    assert told(w.scenario) == told(real_scenario)


def test_a_malformed_ghassanids_left_is_refused_with_file_line_and_field(
    real_scenario, tmp_path, capsys
):
    good = (ROOT / "maps" / "callinicum" / "what-ifs" / "ghassanids_left.yaml").read_text()
    line = good.splitlines().index("      deploy: {at: [1500, 2335], facing: east, files: 40}")
    bad = tmp_path / "ghassanids_left.yaml"
    bad.write_text(good.replace("facing: east, files: 40}", "facing: east, files: -40}", 1))
    argv = ["--scenario", str(real_scenario.path), "--patch", str(bad), "--seeds", "1"]
    assert main([*argv, "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "c")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert f"{bad}:{line + 1}:" in err and "scenario.formations.harith.deploy.files" in err, err
    assert not (tmp_path / "out" / "summary.json").exists()


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (
            "scenario:\n  formations:\n    horse: {strength: -5}\n",
            ":4:23: scenario.formations.horse.strength: -5 is below",
        ),
        (
            "scenario:\n  formations:\n    hors: {strength: 90}\n",
            ":4:5: scenario.formations.hors: no item",
        ),
        ("scenario:\n  map: other.yaml\n", ":3:3: scenario.map: a what-if cannot change 'map'"),
        ("scenario:\n  orders:\n    horse:\n      - {at: 1, order: chrage}\n", ":5:24:"),
        ("scenario: {}\nscenario: {}\n", ":3:1: scenario: duplicate key"),
    ],
)
def test_a_bad_what_if_names_its_file_line_and_field(tiny, tmp_path, capsys, body, where):
    patch = tmp_path / "bad.yaml"
    patch.write_text("what_if: A broken question\n" + body)
    assert main(sweep_args(tiny, tmp_path, "--patch", str(patch))) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{patch}{where}" in err, err


# -- the cache ---------------------------------------------------------------------------------
def test_a_repeated_sweep_comes_from_the_cache(tiny, tmp_path, capsys):
    assert main(sweep_args(tiny, tmp_path)) == 0
    first = runs(tmp_path / "out")
    capsys.readouterr()
    assert main(sweep_args(tiny, tmp_path, "--out", str(tmp_path / "again"))) == 0
    assert "4 runs: 4 from the cache, 0 to run" in capsys.readouterr().out
    again = runs(tmp_path / "again")
    assert all(e["cached"] for e in again)
    assert outcome_only(again) == outcome_only(first)


def test_the_code_version_changes_with_any_edit_to_the_simulation(tmp_path):
    game = Path(game_package.__file__).parent
    copy = tmp_path / "game"
    shutil.copytree(game, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert package_digest(copy) == package_digest(game) == code_version()
    combat = copy / "sim" / "combat.py"
    combat.write_text(combat.read_text() + "\n# a comment is an edit too\n")
    assert package_digest(copy) != package_digest(game)


def test_a_run_cached_under_other_code_or_another_scenario_is_not_reused(tiny, tmp_path):
    sweep = plan(tiny, [1])
    cache = RunCache(tmp_path, code="code-a")
    run_sweep(sweep, cache, Where(workers=1), progress=False, log=lambda _: None)
    assert cache.get(sweep.specs[0]) is not None
    assert RunCache(tmp_path, code="code-b").get(sweep.specs[0]) is None
    other = RunSpec("", "procopius", "default", 1, 1, "another-scenario")
    assert cache.get(other) is None
    # a half-written or hand-edited file is a miss, not a crash
    cache.path(sweep.specs[0]).write_text('{"key": ')
    assert cache.get(sweep.specs[0]) is None


def test_a_sweep_interrupted_resumes_with_the_runs_it_finished(tiny, tmp_path):
    args = [
        sys.executable,
        "-m",
        "game.sweep",
        *sweep_args(tiny, tmp_path, "--workers", "1", "--accounts", "procopius", seeds="1-12"),
    ]
    folder = tmp_path / "cache" / "runs"
    proc = subprocess.Popen(
        args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    while not list(folder.rglob("seed-*.json")) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert "interrupted; the finished runs are cached" in err
    done = {p: p.stat().st_mtime_ns for p in folder.rglob("seed-*.json")}
    assert 1 <= len(done) < 12
    again = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"12 runs: {len(done)} from the cache, {12 - len(done)} to run" in again.stdout
    assert all(p.stat().st_mtime_ns == t for p, t in done.items())  # not fought again
    entries = runs(tmp_path / "out")
    assert sum(e["cached"] for e in entries) == len(done)
    assert all(e["status"] == "ok" for e in entries)


# -- failures ----------------------------------------------------------------------------------
def test_a_failing_run_is_reported_and_the_sweep_completes(tiny, tmp_path, capsys):
    import sweep_runners

    sweep = plan(tiny, [1, 2, 3, 4])
    cache = RunCache(tmp_path, code_version())
    result = run_sweep(
        sweep, cache, Where(workers=2), runner=sweep_runners.raise_on_seed_2, log=lambda _: None
    )
    write_outputs(tmp_path / "out", cache, sweep, result)
    status = {e["seed"]: e["status"] for e in result.entries}
    assert status == {1: "ok", 2: "failed", 3: "ok", 4: "ok"}
    failed = result.entries[1]
    assert "RuntimeError: a deliberate failure at seed 2" in failed["error"]
    assert (failed["account"], failed["strengths"], failed["scale"]) == ("procopius", "default", 1)
    assert "procopius, strengths default, seed 2, scale 1" in capsys.readouterr().err
    rows = list(csv.DictReader((tmp_path / "out" / "summary.csv").open()))
    assert [r["status"] for r in rows] == ["ok", "failed", "ok", "ok"]
    assert cache.get(sweep.specs[1]) is None  # a failure is tried again next time


def test_a_run_that_kills_its_worker_is_reported_and_the_others_finish(tiny, tmp_path):
    import sweep_runners

    sweep = plan(tiny, [1, 2, 3, 4])
    result = run_sweep(
        sweep,
        RunCache(tmp_path, code_version()),
        Where(workers=2),
        runner=sweep_runners.die_on_seed_3,
        progress=False,
        log=lambda _: None,
    )
    status = {e["seed"]: e["status"] for e in result.entries}
    assert status == {1: "ok", 2: "ok", 3: "failed", 4: "ok"}
    assert "worker process died" in result.entries[2]["error"]


def test_a_battle_that_raises_inside_is_a_failed_result_not_an_exception(tiny):
    import dataclasses

    broken = dataclasses.replace(load_scenario(tiny), formations=())
    result = run_battle(plan(tiny, [1]).specs[0], broken)
    assert result["status"] == "failed" and "Traceback" in result["traceback"]


def test_runs_over_their_time_limit_are_reported_and_the_sweep_ends(tiny, tmp_path, capsys):
    assert main(sweep_args(tiny, tmp_path, "--timeout", "0.001", "--accounts", "procopius")) == 1
    entries = runs(tmp_path / "out")
    assert [e["status"] for e in entries] == ["timeout", "timeout"]
    assert all("timed out after 0.001 s" in e["error"] for e in entries)
    assert "run timeout: procopius, strengths default, seed 1, scale 1" in capsys.readouterr().err


# -- Dask --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cluster():
    with import_extra("distributed", "cluster").LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as c:
        yield c


def test_a_dask_cluster_gives_bit_for_bit_the_pools_results(tiny, tmp_path, cluster):
    dask, pool = tmp_path / "dask", tmp_path / "pool"
    address = cluster.scheduler_address
    assert main(sweep_args(tiny, dask, "--scheduler", address)) == 0
    assert main(sweep_args(tiny, pool, "--workers", "2")) == 0
    on_dask, on_pool = runs(dask / "out"), runs(pool / "out")
    assert len(on_dask) == 4 and not any(e["cached"] for e in on_dask + on_pool)
    assert outcome_only(on_dask) == outcome_only(on_pool)
    # and the whole reports, a state hash every battle-second, byte for byte
    for a, b in zip(
        sorted((dask / "cache").rglob("seed-*.json")),
        sorted((pool / "cache").rglob("seed-*.json")),
        strict=True,
    ):
        assert json.loads(a.read_text())["report"] == json.loads(b.read_text())["report"]


def test_a_failing_run_on_dask_is_reported_and_the_sweep_completes(tiny, tmp_path, cluster):
    import sweep_runners

    sweep = plan(tiny, [1, 2, 3])
    where = Where(scheduler=cluster.scheduler_address)
    result = run_sweep(
        sweep,
        RunCache(tmp_path, code_version()),
        where,
        runner=sweep_runners.raise_on_seed_2,
        progress=False,
        log=lambda _: None,
    )
    assert [e["status"] for e in result.entries] == ["ok", "failed", "ok"]
    assert "a deliberate failure at seed 2" in result.entries[1]["error"]


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tiny, tmp_path, capsys, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", "1s")
    assert main(sweep_args(tiny, tmp_path, "--scheduler", "tcp://127.0.0.1:9")) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot reach tcp://127.0.0.1:9" in err, err


# -- reading a sweep: spreads, differences, the report image, the unit panel ---------------------
def _entry(account: str, seed: int, killed: dict, broke: dict, facts: dict) -> dict:
    return {
        "what_if": "",
        "account": account,
        "strengths": "default",
        "scale": 10,
        "seed": seed,
        "status": "ok",
        "formations": {
            fid: {"men_start": 1000, "killed": k, "fled": 0, "rout_minute": broke.get(fid)}
            for fid, k in killed.items()
        },
        "facts": facts,
    }


def test_the_accounts_differ_only_where_the_middle_halves_of_the_runs_part():
    from game.sweep.compare import account_pairs, differences
    from game.sweep.summary import groups

    entries = [
        # "a" loses ~500 in one account and ~100 in the other: a difference;
        # "b" loses 300 to 370 in both, seed by seed in another order: not a difference;
        # "c" loses 0 to 700 in one, 100 to 800 in the other: medians 100 apart (over 5 % of
        # 1,000 men), but the middle halves overlap: noise, not a difference
        _entry(
            "procopius",
            s,
            {"a": 500 + s, "b": 300 + 10 * s, "c": 100 * s},
            {"a": 855 + s},
            {"f": True},
        )
        for s in range(8)
    ] + [
        _entry(
            "malalas", s, {"a": 100 + s, "b": 370 - 10 * s, "c": 100 + 100 * s}, {}, {"f": s < 2}
        )
        for s in range(8)
    ]
    (pair,) = account_pairs(groups(entries))
    found = differences(*pair, {"a": "Unit A", "b": "Unit B", "c": "Unit C"}, ["f"])
    assert {(d.formation, d.what) for d in found} == {
        ("a", "killed"),
        ("a", "breaks"),
        ("", "fact"),
    }
    sentences = " / ".join(d.sentence for d in found)
    assert "Unit A: killed 504 (Procopius) against 104 (Malalas)" in sentences
    assert "Unit A break in 8 of 8 runs (Procopius), 0 of 8 (Malalas)" in sentences
    assert "'f' holds in 8 of 8 runs (Procopius), 2 of 8 (Malalas)" in sentences


@pytest.fixture(scope="module")
def tiny_sweep(tiny, tmp_path_factory) -> Path:
    """Both accounts, three seeds each, fought once for the tests below."""
    folder = tmp_path_factory.mktemp("tiny-sweep")
    assert main(sweep_args(tiny, folder, "--workers", "2", seeds="1-3")) == 0
    return folder


def test_the_report_image_is_one_page_with_a_strip_per_account(tiny_sweep):
    import pygame

    from game.sweep.figure import ARMS, HEIGHT, WIDTH

    page = pygame.image.load(str(tiny_sweep / "out" / "report.png"))
    assert page.get_size() == (WIDTH, HEIGHT)
    pixels = pygame.surfarray.array3d(page).reshape(-1, 3)
    for colour in ARMS[:2]:  # Procopius' and Malalas' strips are both drawn
        assert (np.abs(pixels.astype(int) - colour).sum(axis=1) < 12).sum() > 200, colour
    assert (np.abs(pixels.astype(int) - ARMS[2]).sum(axis=1) < 12).sum() == 0  # no third arm


class FullDisk:
    """`os` as game.app.writing sees it, on a disk that is full: every fsync fails."""

    def __getattr__(self, name):
        return getattr(os, name)

    @staticmethod
    def fsync(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_summary_on_a_full_disk_is_one_line_exit_2_and_the_old_one_stays(
    tiny, tiny_sweep, tmp_path, capsys, monkeypatch
):
    from game.app import writing

    shutil.copytree(tiny_sweep / "cache", tmp_path / "cache")  # every run cached: no battles
    argv = sweep_args(tiny, tmp_path, "--workers", "1", "--no-image", seeds="1-3")
    assert main(argv) == 0
    out = tmp_path / "out"
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    capsys.readouterr()
    monkeypatch.setattr(writing, "os", FullDisk())
    assert main([*argv, "--seeds", "1-2"]) == 2  # a smaller grid: a different summary
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert f"--out: {out / 'summary.json'}: cannot write: No space left on device" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temporary either


def test_a_report_page_that_cannot_be_written_is_one_line_and_exit_2(
    tiny, tiny_sweep, tmp_path, capsys
):
    shutil.copytree(tiny_sweep / "cache", tmp_path / "cache")
    (tmp_path / "out" / "report.png").mkdir(parents=True)  # something in the page's way
    assert main(sweep_args(tiny, tmp_path, "--workers", "1", seeds="1-3")) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert f"--out: {tmp_path / 'out' / 'report.png'}: is a folder, not a file" in err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "report.png",
        "summary.csv",
        "summary.json",
    ]


def test_the_spread_the_panel_reads_is_the_sweeps_runs(tiny, tiny_sweep):
    from game.sweep.spread import SweepSpreads

    entries = [e for e in runs(tiny_sweep / "out") if e["account"] == "malalas"]
    killed = sorted(e["formations"]["horse"]["killed"] for e in entries)
    spreads = SweepSpreads(load_scenario(tiny), cache_root=tiny_sweep / "cache")
    sp = spreads.of("horse", "malalas", "default", 1)
    assert (sp.runs, sp.scale) == (3, 1)
    assert (sp.killed.low, sp.killed.median, sp.killed.high) == tuple(killed)
    assert spreads.of("horse", "malalas", "high", 1) is None  # no sweep at those strengths
    other = SweepSpreads(load_scenario(tiny), cache_root=tiny_sweep / "cache", code="other")
    assert other.of("horse", "malalas", "default", 1) is None  # nor of other code


def _panel_height(app, i: int) -> int:
    """The unit panel's height at its design width, for formation `i` now."""
    from game.view.panel import panel_height

    view = app.scene.interface.inspect
    app.inspect.selected = i
    content = view._content(app.playback.world, app.inspect.state(), app.playback)
    return panel_height(app.scene.fonts, content)


def test_the_unit_panel_shows_the_spread_of_a_cached_sweep(tmp_path, monkeypatch):
    import pygame

    from game.app.window import WindowApp
    from game.sweep.cache import RunCache, default_cache_dir
    from game.sweep.spread import SweepSpreads
    from game.view.panel_data import spread_text

    monkeypatch.setenv("CALLINICUM_CACHE", str(tmp_path))
    scenario = load_scenario(ROOT / "maps" / "callinicum" / "scenario.yaml")
    cache = RunCache(default_cache_dir(), code_version())
    folder = cache.folder(scenario_digest(scenario), "procopius", "default", 10)
    cache.put_outcomes(
        folder,
        {str(s): {"ascan": {"killed": k, "fled": 5 * s}} for s, k in enumerate((1050, 1240, 1430))},
    )
    app = WindowApp(scenario, scale=50, precompute=False)
    try:
        i = scenario.formation_index("ascan")
        app.inspect.select(i)
        view = app.scene.interface.inspect
        sp = view.spread(app.playback.world, i)
        assert spread_text(sp, 50) == (
            "By nightfall in 3 runs at 1 figure for 10 men: killed 1,050–1,430 (median 1,240), "
            "fled 0–10"
        )
        assert spread_text(sp, 10).startswith("By nightfall in 3 runs: killed 1,050–1,430")
        app.frame(0.0)
        drawn = app.layout["panel.body"]
        with_spread = _panel_height(app, i)
        peter = scenario.formation_index("peter")
        assert view.spread(app.playback.world, peter) is None  # no runs of Peter's men cached
        view.spreads = SweepSpreads(scenario, cache_root=tmp_path / "empty")  # nor of Ascan's
        assert _panel_height(app, i) < with_spread  # the line is laid out, and takes room
        assert drawn.height > 0
    finally:
        getattr(app, "close", pygame.display.quit)()
