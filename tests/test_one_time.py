"""One time, one truth: the clock, the playhead's label, the disc and the line under the clock
agree on every frame, whatever the visitor did (seeks, phase jumps, account switches, drags,
speeds), and an unfinished seek says so instead of showing two times."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.timeline.playback import SEEK_BUDGET_SECONDS
from game.view.hud import playback_state

KEYFRAMES_EVERY = 60
"""The spacing of the keyframes the window is handed (the shared runs' snapshots that are also
keyframe ticks): a seek re-simulates at most this many ticks, ~50 ms at scale 100, so some
land at once and some, on a loaded machine, finish over frames ("Catching up")."""


@pytest.fixture(scope="module")
def app(battles):
    """One window for the module (scale 100), without its worker: it is handed both accounts'
    keyframes over the whole battle from the session's straight runs (tests/support/battles.py),
    as a worker would have made them (tests/test_worker.py: byte for byte), so a seek, a phase
    jump or a switch lands within a keyframe's interval. What a worker does while the visitor
    acts is tests/test_timeline_bar.py's; the times shown are the subject here."""
    from game.app.window import WindowApp

    a = WindowApp(battles.scenario, scale=100, precompute=False, size=(1280, 720))
    for account, cache in a.caches.items():
        a.switch_account(account)
        for tick in range(KEYFRAMES_EVERY, a.playback.end_tick + 1, KEYFRAMES_EVERY):
            battles.give_keyframe(a.playback, tick)
        assert len(cache) > a.playback.end_tick // KEYFRAMES_EVERY
    a.switch_account(battles.scenario.default_account)
    yield a
    a.close()


END = 11400
ops = st.one_of(
    st.tuples(st.just("seek"), st.integers(0, END)),
    st.tuples(st.just("phase"), st.sampled_from([-1, 1])),
    st.tuples(st.just("switch"), st.just(0)),
    st.tuples(st.just("drag"), st.integers(0, END)),
    st.tuples(st.just("speed"), st.sampled_from([0.25, 1.0, 4.0, 16.0])),
    st.tuples(st.just("toggle"), st.just(0)),
)


def _agree(app) -> None:
    pb = app.playback
    hud = app.scene.hud_state(pb, app.options)
    assert hud.time_of_day == app.bar.label_text(pb)  # the clock and the playhead's label
    assert hud.paused == (not pb.playing)  # the line under the clock and the disc
    if pb.seeking:
        assert playback_state(hud).startswith("Catching up")
    else:
        assert hud.catching_up is None
    if not pb.scrubbing:  # the playhead stands at the moment shown
        assert pb.playhead_tick == int(pb.shown_tick)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(ops, min_size=1, max_size=8))
def test_the_clock_and_the_playhead_agree_on_every_frame(app, steps):
    pb = app.playback
    for what, value in steps:
        if what == "seek":
            pb.seek(value, SEEK_BUDGET_SECONDS)
        elif what == "phase":
            pb.jump_phase(value, SEEK_BUDGET_SECONDS)
        elif what == "switch":
            app.switch_account()
        elif what == "drag":
            pb.scrub(value)
        elif what == "speed":
            pb.set_speed(value)
        else:
            pb.toggle()
        _agree(app)
        for _ in range(3):
            app.frame(1 / 60)
            _agree(app)
    if pb.scrubbing:
        pb.release(pb.playhead_tick, SEEK_BUDGET_SECONDS)
        _agree(app)
