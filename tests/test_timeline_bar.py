"""The timeline bar in the window: mouse and touch drags, buttons, keys (headless, events)."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.timeline.clock import SPEEDS
from game.view.bar_layout import BAR_HEIGHT
from tests.support.battles import EVERY
from tests.support.waits import wait_for_worker, wait_sparse


@pytest.fixture(scope="module")
def app(battles):
    """One window for the module (scale 100), with sparse keyframes over the whole battle. It
    is handed the shown account's (Procopius') and the other's keystones (Malalas', one every
    `keystone_every` ticks) from the session's straight runs (tests/support/battles.py), as its
    worker would have made them (tests/test_worker.py: byte for byte), so that its worker goes
    on at once to what the switch tests at the end of this module are about, the other
    account's keyframes round the playhead and its sparse tier in the worker's archive, instead
    of simulating each day once more first."""
    from game.app.window import WindowApp

    scenario, end = battles.scenario, battles.scenario.clock.end_tick
    for account in scenario.accounts:  # the days, before the worker starts
        battles.snapshot_at(end - end % EVERY, account)
    a = WindowApp(scenario, scale=100)
    shown, other = a.caches[scenario.default_account], a.caches["malalas"]
    for tick in range(shown.sparse_every, end + 1, shown.sparse_every):
        battles.give_keyframe(shown, tick)
    for tick in range(other.keystone_every, end + 1, other.keystone_every):
        battles.give_keyframe(other, tick)
    assert wait_sparse(a)  # the worker's progress, not the clock: a loaded machine is slow
    yield a
    a.close()
    assert not a.precomputer.alive


@pytest.fixture
def bar(app):
    app.playback.seek(0)
    app.playback.pause()
    pygame.event.clear()
    return app.bar_layout()


def _post(kind: int, **kw) -> None:
    pygame.event.post(pygame.event.Event(kind, **kw))


def _key(key: int) -> None:
    _post(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)


def _settle(app) -> None:
    app.frame(0.0)
    while app.playback.seeking:
        app.frame(0.0)


def test_dragging_the_playhead_with_the_mouse_moves_the_battle(app, bar):
    y = bar.track.centery
    x0, x1, x2 = bar.x_at(1000), bar.x_at(6000), bar.x_at(4000)
    _post(pygame.MOUSEBUTTONDOWN, pos=(x0, y), button=1)
    _post(pygame.MOUSEMOTION, pos=(x1, y), rel=(x1 - x0, 0), buttons=(1, 0, 0))
    app.frame(0.0)
    assert app.playback.scrubbing
    near = app.playback.keyframes.sparse_every  # the nearest keyframe at or before, at once
    assert abs(app.playback.world.tick - bar.tick_at(x1)) <= near

    _post(pygame.MOUSEMOTION, pos=(x2, y), rel=(x2 - x1, 0), buttons=(1, 0, 0))
    _post(pygame.MOUSEBUTTONUP, pos=(x2, y), button=1)
    _settle(app)
    assert not app.playback.scrubbing
    assert app.playback.world.tick == bar.tick_at(x2)  # exactly, on release


@pytest.mark.parametrize("playing", [False, True], ids=["paused", "playing"])
def test_letting_go_of_the_playhead_keeps_playing_or_paused_as_before_the_drag(app, bar, playing):
    if playing:
        app.playback.play()
    y = bar.track.centery
    x0, x1 = bar.x_at(1000), bar.x_at(3000)
    _post(pygame.MOUSEBUTTONDOWN, pos=(x0, y), button=1)
    _post(pygame.MOUSEMOTION, pos=(x1, y), rel=(x1 - x0, 0), buttons=(1, 0, 0))
    _post(pygame.MOUSEBUTTONUP, pos=(x1, y), button=1)
    _settle(app)
    assert app.playback.playing is playing
    assert (app.playback.world.tick == bar.tick_at(x1)) or playing  # paused: exactly there


def test_dragging_the_playhead_with_a_finger_moves_the_battle(app, bar):
    w, h = app.screen.get_size()
    y = bar.track.centery / h
    xs = [bar.x_at(t) / w for t in (2000, 9000, 7000)]
    _post(pygame.FINGERDOWN, x=xs[0], y=y, dx=0.0, dy=0.0, finger_id=3, touch_id=1, pressure=1.0)
    # SDL's synthesised mouse copy of the touch must not act a second time
    _post(pygame.MOUSEBUTTONDOWN, pos=(int(xs[0] * w), bar.track.centery), button=1, touch=True)
    _post(pygame.FINGERMOTION, x=xs[1], y=y, dx=0.3, dy=0.0, finger_id=3, touch_id=1, pressure=1.0)
    app.frame(0.0)
    assert app.playback.scrubbing
    near = app.playback.keyframes.sparse_every
    assert abs(app.playback.world.tick - bar.tick_at(xs[1] * w)) <= near
    _post(pygame.FINGERMOTION, x=xs[2], y=y, dx=-0.1, dy=0.0, finger_id=3, touch_id=1, pressure=1)
    _post(pygame.FINGERUP, x=xs[2], y=y, dx=0.0, dy=0.0, finger_id=3, touch_id=1, pressure=0.0)
    _settle(app)
    assert app.playback.world.tick == bar.tick_at(xs[2] * w)


def test_a_finger_outside_the_window_is_clamped_to_the_bars_end(app, bar):
    h = app.screen.get_height()
    y = bar.track.centery / h
    _post(pygame.FINGERDOWN, x=0.5, y=y, dx=0.0, dy=0.0, finger_id=1, touch_id=1, pressure=1.0)
    _post(pygame.FINGERUP, x=-0.4, y=y, dx=0.0, dy=0.0, finger_id=1, touch_id=1, pressure=0.0)
    _settle(app)
    assert app.playback.world.tick == 0


def test_a_click_on_the_track_jumps_there(app, bar):
    x = bar.x_at(5000)
    _post(pygame.MOUSEBUTTONDOWN, pos=(x, bar.track.centery), button=1)
    _post(pygame.MOUSEBUTTONUP, pos=(x, bar.track.centery), button=1)
    _settle(app)
    assert app.playback.world.tick == bar.tick_at(x)


def test_the_play_button_toggles_and_the_speed_buttons_set_the_speed(app, bar):
    _post(pygame.MOUSEBUTTONDOWN, pos=bar.play.center, button=1)
    app.frame(0.0)
    assert not app.playback.clock.paused
    for speed, chip in zip(SPEEDS, bar.chips(), strict=True):
        _post(pygame.FINGERDOWN, x=chip.centerx / bar.width, y=chip.centery / bar.height,
              dx=0.0, dy=0.0, finger_id=2, touch_id=1, pressure=1.0)  # fmt: skip
        _post(pygame.FINGERUP, x=chip.centerx / bar.width, y=chip.centery / bar.height,
              dx=0.0, dy=0.0, finger_id=2, touch_id=1, pressure=0.0)  # fmt: skip
        app.frame(0.0)
        assert app.playback.clock.speed == speed


def test_buttons_are_big_enough_for_a_finger(bar):
    assert bar.width == 1920
    assert bar.play.width >= 64 and bar.play.height >= 64
    for chip in bar.chips():
        assert chip.width >= 64 and chip.height >= 64
    assert bar.track.width > bar.width // 2  # the battle gets most of the bar


def test_a_press_on_the_bar_never_pans_the_map(app, bar):
    app.story.active = False  # the story camera follows the battle: only the press is tested
    cam = (app.camera.centre_x, app.camera.centre_y)
    _post(pygame.MOUSEBUTTONDOWN, pos=(bar.play.right + 8, bar.panel.y + 4), button=1)
    _post(pygame.MOUSEMOTION, pos=(700, 300), rel=(400, -700), buttons=(1, 0, 0))
    _post(pygame.MOUSEBUTTONUP, pos=(700, 300), button=1)
    _settle(app)
    assert (app.camera.centre_x, app.camera.centre_y) == cam


def test_left_and_right_step_fifteen_minutes_on_the_clock(app, bar):
    clock, rate = app.scenario.clock, app.scenario.clock.tick_rate

    def minutes() -> float:
        return clock.minutes_of_day(app.playback.world.tick / rate)

    for start in (1000, 4000, 6200):  # the clock runs at a different pace at each of these
        app.playback.seek(start)
        before = minutes()
        _key(pygame.K_RIGHT)
        _settle(app)
        assert abs(minutes() - before - 15) < 0.1, (start, before, minutes())
        _key(pygame.K_LEFT)
        _key(pygame.K_LEFT)
        _settle(app)
        assert abs(minutes() - before + 15) < 0.1
    app.playback.seek(0)
    _key(pygame.K_LEFT)
    _settle(app)
    assert app.playback.world.tick == 0  # not before the battle


def test_brackets_jump_between_phases(app, bar):
    starts = app.playback.phase_ticks()
    app.playback.seek(starts[2] + 50)
    _key(pygame.K_RIGHTBRACKET)
    _settle(app)
    assert app.playback.world.tick == starts[3]
    _key(pygame.K_LEFTBRACKET)
    _key(pygame.K_LEFTBRACKET)
    _settle(app)
    assert app.playback.world.tick == starts[1]


def test_the_bar_is_drawn_with_gold_and_the_computed_part(app, bar):
    app.playback.seek(5700)
    app.frame(0.0)
    img = pygame.surfarray.array3d(app.screen)  # (w, h, 3)
    band = img[:, -BAR_HEIGHT:]
    gold = (np.abs(band.astype(int) - np.array([232, 196, 120])).sum(axis=-1) < 30).sum()
    assert gold > 2000  # playhead, played part, active speed, play disc
    above = img[:, -BAR_HEIGHT - 40 : -BAR_HEIGHT - 20]
    assert band.mean() < above.mean()  # a dark panel over the lighter field
    assert app.playback.keyframes.coverage() == [(0, app.playback.end_tick)]


def test_an_account_switch_at_1420_shows_1420_of_the_other_account_at_once(app, battles):
    pb = app.playback
    clock = app.scenario.clock
    t = next(k for k in range(0, clock.end_tick, 20) if clock.time_of_day(k / 20) == "14:20")
    assert pb.world.account == "procopius"
    pb.seek(t)
    pb.pause()
    other = app.caches["malalas"]

    def near() -> bool:  # the worker computes the other account around the playhead
        app.frame(1 / 60)  # (into the window, or its archive: a switch fetches from there)
        held = [k for k in {*other.ticks(), *app.precomputer.archived("malalas")} if k < t]
        return t - max(held) <= other.sparse_every

    wait_for_worker(app, near)
    assert near()  # a switch re-simulates a seek's worth
    app.switch_account("malalas")
    assert not pb.seeking  # landed within the one seek the switch made
    assert pb.world.account == "malalas" and pb.world.tick == t
    straight = battles.world_at(t, "malalas")  # the state a straight run from tick 0 has there
    assert pb.world.state_hash() == straight.state_hash()
    assert app.scene.hud_state(pb, app.options).time_of_day == "14:20"
    app.switch_account("procopius")  # and back, as fast: its keyframes were kept
    assert not pb.seeking and pb.world.tick == t and pb.world.account == "procopius"


def test_what_the_worker_archived_of_the_other_account_it_does_not_copy_into_the_window(app):
    """A full window at 1:1 played at 1x: the other account's keyframes round the playhead,
    copied in from the archive, evicted the shown account's dense ones, which the worker then
    re-simulated, ~20 % of a core round and round. A switch fetches them from the archive."""
    from game.timeline.precompute import Precomputer

    pb, pc = app.playback, app.precomputer
    other = app.caches["malalas"]
    sparse = set(range(0, pb.end_tick + 1, other.sparse_every))
    wait_for_worker(app, lambda: sparse <= set(other.ticks()) | pc.archived("malalas"))
    plan = Precomputer(app.scenario, app.caches, seed=pb.world.seed, scale=pb.world.scale)
    try:
        for account in app.caches:  # (the plan's view of the same archive)
            plan._archived[account].update(pc.archived(account))
        for t in range(0, pb.end_tick, pb.end_tick // 25):
            pb.seek(t)
            pb.pause()
            job = plan.next_job()
            assert job is None or job.account == "procopius", (t, job.emit[:4])
    finally:
        for account, cache in app.caches.items():
            cache.elsewhere = pc._archived[account]


def test_once_precomputed_a_switch_anywhere_lands_on_the_same_moment_at_once(
    app, battles, monkeypatch
):
    import game.app.window as window
    import game.timeline.playback as playback

    # A machine too slow for any budget (the switch's wait for the worker, a seek's): a switch
    # still lands at once, re-simulating no more than a sparse interval from the keyframe the
    # seek fetches from the worker's archive before it starts.
    monkeypatch.setattr(window, "SWITCH_WAIT_SECONDS", 0.0)
    monkeypatch.setattr(playback, "SEEK_BUDGET_SECONDS", 0.0)
    pb, pc = app.playback, app.precomputer
    other = app.caches["malalas"]
    sparse = range(0, pb.end_tick + 1, other.sparse_every)

    def missing() -> list[int]:
        held = set(other.ticks()) | pc.archived("malalas")
        return [t for t in sparse if t not in held]

    wait_for_worker(app, lambda: not missing())  # after the shown account's sparse tier
    assert not missing()  # the other account's sparse tier: in the window or the worker's archive
    clock = app.scenario.clock
    at_1420 = next(k for k in range(0, clock.end_tick, 20) if clock.time_of_day(k / 20) == "14:20")
    for t in (2345, at_1420, 8765):  # far from the playhead until now and from the keystones
        pb.seek(t)  # and a switch at once, before the worker has done anything round it
        pb.pause()
        app.switch_account("malalas")
        assert not pb.seeking and pb.world.tick == t and pb.world.account == "malalas"
        assert t - other.start_for(t) <= other.sparse_every  # one seek's worth re-simulated
        assert pb.world.state_hash() == battles.world_at(t, "malalas").state_hash()
        back = (t + 4321) % pb.end_tick  # then elsewhere, and back to the first account
        pb.seek(back)
        app.switch_account("procopius")
        assert not pb.seeking and pb.world.tick == back and pb.world.account == "procopius"
        assert pb.world.state_hash() == battles.world_at(back, "procopius").state_hash()
