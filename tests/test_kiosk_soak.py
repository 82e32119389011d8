"""A short soak (goal G1's CI part): three attract loops on a virtual clock must leave every cache
at or under its cap, the keyframe store within its budget, the same fds and threads, and the
kiosk back at the start of the attract loop after each nightfall. Memory figures come from
`bench/soak.py`; this checks bounds only, never timing.

A small battle (10 battle seconds on a 600 x 400 m plain, then the 20 s rest at nightfall) on a
960 x 540 canvas keeps a cycle to 120 frames.
"""

from __future__ import annotations

import threading

import pytest
from conftest import formation, write_scenario

from bench.kiosk_harness import Kiosk, open_kiosk, resources
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
    first_frame_ticks = round(FRAME_S * pb.clock.tick_rate)  # the restarting frame plays on
    attract_cycle(soak, FRAME_S)  # the first loop fills fonts, sprites and keyframes
    before = resources()
    py_threads = threading.active_count()
    fonts = len(app.window.scene.fonts._fonts)
    for cycle in (2, 3):
        cycles = app.session.cycles
        attract_cycle(soak, FRAME_S)
        assert app.session.cycles == cycles + 1
        assert app.session.attract and app.state == "attract", f"cycle {cycle}"
        assert pb.world.tick <= first_frame_ticks and not pb.clock.paused and pb.clock.speed == 1.0
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
