"""The programme where a visitor meets it: the window opens on the prologue, the bar shows the
campaign and can skip it, seeks across the three parts land exactly, and the kiosk's attract
loop plays the prologue, the battle and the epilogue, then begins again."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest

from game.app.cli import parse_options
from game.sim.world import build_world
from game.timeline.programme import BATTLE, EPILOGUE, PROLOGUE


@pytest.fixture(scope="module")
def scenario(battles):
    """The real scenario, the session's shared straight runs' own (tests/support/battles.py)."""
    return battles.scenario


@pytest.fixture(scope="module")
def app(scenario):
    from game.app.window import WindowApp

    a = WindowApp(scenario, scale=100, precompute=False, start="prologue", size=(1920, 1080))
    yield a
    a.close()


def _settle(app) -> None:
    app.frame(0.0)
    while app.playback.seeking:
        app.frame(0.0)


def _click(app, pos) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    _settle(app)


def _release_at(app, tick) -> None:
    """A visitor drags the playhead to `tick` and lets go there."""
    lay = app.bar_layout()
    x, y = lay.x_at(tick), lay.track.centery
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(x, y), button=1))
    _settle(app)


def test_python_main_opens_on_the_prologue_and_start_battle_at_0930():
    assert parse_options([]).start == "prologue"
    assert parse_options(["--start", "battle"]).start == "battle"


def test_the_window_opens_on_the_campaign_map_with_campaign_on_the_bar_before_the_phases(app):
    app.programme.seek(app.programme.segments.first)
    _settle(app)
    lay = app.layout
    assert app.programme.part == PROLOGUE and lay.get("campaign.map") is not None
    campaign, approach = lay.get("bar.phase.campaign"), lay.get("bar.phase.approach")
    assert campaign is not None and approach is not None and campaign.x < approach.x
    assert lay.get("caption") is not None and lay.get("bar.skip") is not None


def test_skip_on_the_bar_goes_from_the_prologue_to_the_battle(app):
    app.programme.seek(app.programme.segments.first + 200)
    _settle(app)
    _click(app, app.layout.get("bar.skip").center)
    assert app.programme.part == BATTLE and app.playback.world.tick == 0
    assert app.layout.get("campaign.map") is None and app.layout.get("bar.skip") is None


def test_a_drag_back_from_the_epilogue_lands_exactly_in_the_campaign_and_the_battle(
    app, scenario, battles
):
    """Each landing is the straight run's state at its tick (the session's shared straight run
    from tick 0, tests/support/battles.py). The playback holds the keyframes its worker would
    have made by then, from which it simulates on: one three seconds before the battle's end
    (a seek restores the latest keyframe *before* its tick, `KeyframeCache.start_for`) and one
    a minute before 2400; without them the window would catch up on the whole day, a frame
    drawn a slice."""
    seg = app.programme.segments
    battles.give_keyframe(app.playback, seg.battle - 60)
    battles.give_keyframe(app.playback, 2340)
    _release_at(app, seg.last - 100)
    assert app.programme.part == EPILOGUE and app.playback.world.tick == seg.battle
    assert app.playback.world.state_hash() == battles.world_at(seg.battle).state_hash()
    _release_at(app, seg.first + 300)
    assert app.programme.part == PROLOGUE
    fresh = build_world(scenario, scale=100)
    assert app.playback.world.state_hash() == fresh.state_hash()  # the battle at its tick 0
    _release_at(app, 2400)
    tick = app.playback.world.tick
    assert app.programme.part == BATTLE and abs(tick - 2400) <= 15  # a pixel's worth of ticks
    assert app.playback.world.state_hash() == battles.world_at(tick).state_hash()


def _map_and_interface(app):
    """The frame's pixels, and where its interface (every box of its layout but the map) is."""
    import numpy as np

    w, h = app.screen.get_size()
    ui = np.zeros((w, h), bool)
    for _name, r in app.layout.items():
        if r.w * r.h < w * h / 2:  # a box, not the map under everything
            r = r.clip(app.screen.get_rect())
            ui[r.left : r.right, r.top : r.bottom] = True
    return pygame.surfarray.array3d(app.screen).astype(np.int16), ui


def _shown_at(app, tick):
    """The frame (map and interface) the window shows once it has gone to `tick`."""
    app.programme.seek(tick)
    _settle(app)
    app.draw()
    return _map_and_interface(app)


def _difference(a, b) -> float:
    """Mean difference (of 255) of two frames where neither draws its interface."""
    (pa, ua), (pb, ub) = a, b
    seen = ~(ua | ub)
    return float(abs(pa - pb).max(axis=2)[seen].mean())


@pytest.mark.parametrize("story", [True, False], ids=["story-camera", "camera-taken"])
def test_the_fly_down_lands_on_the_battles_first_picture(app, story):
    """The prologue's last moment is the battle's first frame (its map, same camera): the
    hand-over is not a cut, whether the battle opens on the story camera's first shot or, the
    visitor having taken the camera, on the whole battle. Its first moment, 600 km of Syria, is
    nothing like it."""

    from game.view.options import ViewOptions

    app.options = ViewOptions(hint="", captions=False, banners=False, places=False)
    app.story.active = story
    seg = app.programme.segments
    try:
        app.programme.seek(-1)  # the prologue's last tick: the fly-down's end
        app.programme.pause()
        _settle(app)
        app.draw()
        assert app.programme.part == PROLOGUE and app.layout.get("campaign.map") is not None
        end = _map_and_interface(app)
        field = _shown_at(app, 0)  # one tick on: the battle, in the window's own camera
        assert app.programme.part == BATTLE and app.layout.get("campaign.map") is None
        assert app.options.story is story  # (the story camera's button says which)
        landed = _difference(end, field)
        away = _difference(_shown_at(app, seg.first), field)
    finally:
        app.options = ViewOptions()
        app.story.active = True
    assert landed < 2.0 < away, (landed, away)  # under 2 levels of 255: no visible cut


@pytest.mark.parametrize("story", [True, False], ids=["story-camera", "camera-taken"])
def test_the_epilogue_rises_from_the_battles_last_picture(app, story):
    """The battle's last frame (nightfall, where the story camera left it, or wherever the
    visitor took the camera) is the epilogue's first: it rises from there, no cut. Its last
    moment, 560 km of Syria, is nothing like it."""
    from game.view.options import ViewOptions

    app.options = ViewOptions(hint="", captions=False, banners=False, places=False)
    app.story.active = True
    seg = app.programme.segments
    try:
        app.programme.seek(seg.battle)  # the battle's last tick: nightfall
        app.programme.pause()
        _settle(app)
        if not story:  # the visitor pans and zooms in on the island
            app.story.active = False
            app.camera.centre_x += 300.0
            app.camera.scale *= 1.5
        for _ in range(40):  # a while at nightfall: the window has painted the ground in full
            _settle(app)
            app.draw()
        assert app.programme.part == BATTLE
        end = _map_and_interface(app)
        field = _shown_at(app, seg.battle + 1)  # one tick on: the epilogue's first moment
        assert app.programme.part == EPILOGUE and app.layout.get("campaign.map") is not None
        risen = _difference(end, field)
        away = _difference(_shown_at(app, seg.last), field)
    finally:
        app.options = ViewOptions()
        app.story.active = True
    assert risen < 2.0 < away, (risen, away)  # under 2 levels of 255: no visible cut


def test_the_window_can_start_at_the_battles_first_moment(scenario):
    from game.app.window import WindowApp

    a = WindowApp(scenario, scale=100, precompute=False, start="battle", size=(1280, 720))
    try:
        a.frame(0.0)
        assert a.programme.part == BATTLE and a.playback.world.tick == 0
        assert a.layout.get("campaign.map") is None and a.layout.get("clock") is not None
    finally:
        a.close()


# -- the kiosk --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def kiosk(tmp_path_factory, scenario):
    from bench.kiosk_harness import VirtualClock
    from game.kiosk.app import KioskApp
    from game.kiosk.config import KioskConfig, LogConfig

    cfg = replace(KioskConfig(), log=LogConfig(folder=tmp_path_factory.mktemp("log")))
    k = KioskApp(scenario, cfg, scale=100, precompute=False, clock=VirtualClock(5000.0))
    yield k
    k.close()


def _frames(k, until, limit=4000, wall=0.25) -> list[str]:
    seen = []
    for _ in range(limit):
        k.clock.t += wall
        k.frame(wall)
        part = k.window.programme.part
        if not seen or seen[-1] != part:
            seen.append(part)
        if until():
            return seen
    raise AssertionError(f"never got there: {seen}")


def test_the_attract_loop_plays_prologue_battle_and_epilogue_then_begins_again(kiosk, battles):
    from game.kiosk.session import END_HOLD_S

    prog = kiosk.window.programme
    assert prog.part == PROLOGUE and prog.playing and kiosk.state == "attract"
    assert prog.shown_tick == prog.segments.first and kiosk.window.playback.world.tick == 0
    prog.set_speed(16.0)  # (the loop itself plays at 1x; the test need not take 12 minutes)
    seen = _frames(kiosk, lambda: prog.part == BATTLE)
    end = prog.segments.battle
    battles.give_keyframe(kiosk.window.playback, end - 60)  # as the worker would have
    prog.seek(end - 40)  # the day passes (its last 20 ticks simulated, not the whole day)
    seen += _frames(kiosk, lambda: prog.at_end)[1:]
    assert seen == [PROLOGUE, BATTLE, EPILOGUE]
    _frames(kiosk, lambda: prog.part == PROLOGUE, limit=round(END_HOLD_S * 4) + 8)
    assert prog.shown_tick <= prog.segments.first + 5 and prog.playing  # the loop began again
    assert prog.clock.speed == 1.0 and kiosk.session.attract


def _attract_hand_over(k) -> float:
    """How far apart the kiosk's last frame of the prologue and its first of the battle are,
    played by its own loop at 1x (the tour's first shot on)."""
    prog = k.window.programme
    k.reset(k.clock(), loop=True)
    prog.seek(-12)  # a few frames before the fly-down's end, still playing
    frames = []
    for _ in range(200):
        k.clock.t += 1 / 30
        k.frame(1 / 30)
        frames.append((prog.part, _map_and_interface(k.window)))
        if prog.part == BATTLE:
            break
    (before, end), (after, field) = frames[-2], frames[-1]
    assert (before, after) == (PROLOGUE, BATTLE) and k.window.story.active
    assert k.window.playback.world.tick <= 2 and k.session.attract
    return _difference(end, field)


def test_the_attract_loops_fly_down_lands_on_the_tours_first_picture(kiosk):
    """The prologue's last frame and the battle's first (the tour's first shot) show the same
    map: no cut. (Leaves the kiosk in the battle.)"""
    landed = _attract_hand_over(kiosk)
    assert landed < 2.0, landed  # under 2 levels of 255: no visible cut


def test_with_reduced_motion_the_fly_down_lands_on_the_tours_still_view(tmp_path, scenario):
    """With reduced motion the tour is one still view: the fly-down lands on that."""
    from bench.kiosk_harness import VirtualClock
    from game.kiosk.app import KioskApp
    from game.kiosk.config import KioskConfig, LogConfig

    cfg = replace(KioskConfig(), log=LogConfig(folder=tmp_path / "log"), reduced_motion=True)
    k = KioskApp(scenario, cfg, scale=100, precompute=False, clock=VirtualClock(5000.0))
    try:
        landed = _attract_hand_over(k)
        assert k.window.options.still, "the map's markers keep their places too"
    finally:
        k.close()
    assert landed < 2.0, landed


def test_a_kiosk_set_to_start_at_the_battle_begins_its_loop_at_0930(tmp_path, scenario):
    from bench.kiosk_harness import VirtualClock
    from game.kiosk.app import KioskApp
    from game.kiosk.config import KioskConfig, LogConfig

    cfg = replace(KioskConfig(), log=LogConfig(folder=tmp_path / "log"), start="battle")
    k = KioskApp(scenario, cfg, scale=100, precompute=False, clock=VirtualClock(5000.0))
    try:
        k.frame(0.0)
        prog = k.window.programme
        assert prog.part == BATTLE and k.window.playback.world.tick <= 1 and prog.playing
    finally:
        k.close()


def test_the_kiosk_start_setting_is_read_and_checked(tmp_path):
    from game.kiosk.config import load_kiosk_config
    from game.scenario.yamlsafe import DataError

    path = tmp_path / "kiosk.yaml"
    path.write_text("start: battle\n")
    assert load_kiosk_config(path).start == "battle"
    path.write_text("captions: true\nstart: noon\n")
    with pytest.raises(DataError) as err:
        load_kiosk_config(path)
    assert str(err.value).startswith(f"{path}:2:") and ": start: " in str(err.value)
