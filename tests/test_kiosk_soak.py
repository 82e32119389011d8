"""A short soak (goal G1's CI part): three attract loops on a virtual clock must leave every cache
at or under its cap, the keyframe store within its budget, the same fds and threads, and the
kiosk back at the start of the attract loop (the prologue, playing at 1x) after each rest on the
epilogue's end. Memory figures come from `bench/soak.py`; this checks bounds only, never timing.

A small battle (a 5 s prologue on the region map flying down to it, 10 battle seconds on a
600 x 400 m plain, a 5 s epilogue rising from it, then the 20 s rest) keeps a cycle to 160
frames.
"""

from __future__ import annotations

import shutil
import threading

import pytest
from conftest import formation, write_scenario

from bench.kiosk_harness import SCENARIO, Kiosk, open_kiosk, resources
from bench.monkey import assert_fresh_attract
from bench.soak import attract_cycle
from game.view.fonts import TEXT_CACHE_ENTRIES
from game.view.sprites import SCALED_CACHE_CAP, TINTED_CACHE_CAP

TOUR = """\
ease_s: 2
dwell_s: 6
margin: 0.1
max_scale: 4
still_view: [50, 100, 550, 300]
phases:
  all: [all, [foot], [horse]]
"""
CAMPAIGN = """\
titles: {prologue: Before, epilogue: After}
move_s: 1.0
prologue:
  - {id: road, name: The road, date: April, seconds: 3, view: {centre: [39.0, 36.0], width_km: 300},
     caption: road, grow: [persian_invasion], mark: [Callinicum]}
  - {id: descent, name: The field, date: Morning, seconds: 2, view: battle, caption: descent}
epilogue:
  - {id: field, name: Who held it, date: Night, seconds: 2, view: field, caption: field}
  - {id: home, name: Home, date: Later, seconds: 3, view: {centre: [39.0, 36.0], width_km: 300},
     caption: home}
captions:
  road: {text: They ride south., source: {source: modern, ref: test}}
  descent: {text: They meet., source: {source: modern, ref: test}}
  field: {text: "{roman_killed} Romans fell.", source: {source: modern, ref: test}}
  home: {text: They go home., source: {source: modern, ref: test}}
"""
CALLINICUM = SCENARIO.parent
KEYFRAME_BUDGET_MB = 1.45  # ~0.15 MB for encoded keyframes: the store must evict to fit
FRAME_S = 0.25


@pytest.fixture(scope="module")
def soak(tmp_path_factory) -> Kiosk:
    folder = tmp_path_factory.mktemp("soak")
    scenario = write_scenario(
        folder / "battle",
        [
            formation("foot", "roman", "infantry", 400, (250, 200), "east", 40, commanders=1),
            formation("horse", "persian", "cavalry", 300, (300, 200), "west", 30),
        ],
        end=10,
    )
    (scenario.parent / "tour.yaml").write_text(TOUR)
    (scenario.parent / "campaign.yaml").write_text(CAMPAIGN)  # the attract loop's prologue...
    shutil.copy(CALLINICUM / "routes.yaml", scenario.parent)  # ...and epilogue, on the region
    kiosk = open_kiosk(folder, scenario=scenario, scale=1, keyframe_budget_mb=KEYFRAME_BUDGET_MB)
    yield kiosk
    kiosk.close()


def cache_fill(kiosk: Kiosk) -> dict[str, tuple[int, int]]:
    """Every bounded cache of the kiosk: (held, cap)."""
    w = kiosk.app.window
    terrain = w.scene.terrain
    kf = w.playback.keyframes
    sheets = w.scene.soldiers.sheets
    fill = {
        "text": (w.scene.fonts.cached_strings(), TEXT_CACHE_ENTRIES),
        "terrain chunks": (terrain.cache_bytes, terrain.cache_cap),
        "terrain scaled": (terrain.scaled_cache_bytes, terrain.scaled_cache_cap),
        "keyframes": (kf.nbytes, kf.budget_bytes),
        "keyframes peak": (kf.peak_bytes, kf.budget_bytes),
    }
    if sheets is not None:
        fill["sprites scaled"] = (sheets.scaled_cache_len, SCALED_CACHE_CAP)
        fill["sprites tinted"] = (sheets.tinted_cache_len, TINTED_CACHE_CAP)
    return fill


def test_three_attract_loops_stay_within_every_cap_and_leak_no_fds_or_threads(soak):
    app = soak.app
    pb = app.window.playback
    assert app.window.programme.segments.prologue > 0, "the loop has no prologue to soak"
    attract_cycle(soak, FRAME_S)  # the first loop fills fonts, sprites and keyframes
    before = resources()
    py_threads = threading.active_count()
    fonts = len(app.window.scene.fonts._fonts)
    for cycle in (2, 3):
        cycles = app.session.cycles
        attract_cycle(soak, FRAME_S)
        assert app.session.cycles == cycles + 1
        assert_fresh_attract(soak)  # the prologue's start, playing at 1x
        assert app.session.resets == 0, "an attract loop counted as an idle reset"
        for name, (held, cap) in cache_fill(soak).items():
            assert held <= cap, f"cycle {cycle}: {name} holds {held} > cap {cap}"
        after = resources()
        assert after["fds"] == before["fds"], f"cycle {cycle}: fds {before} -> {after}"
        assert after["threads"] == before["threads"], f"cycle {cycle}: {before} -> {after}"
        assert threading.active_count() == py_threads
        assert len(app.window.scene.fonts._fonts) == fonts
    assert app.window.precomputer.alive, "the keyframe worker died"
    assert pb.keyframes.full(), "the keyframe budget was never reached: the test proves nothing"
