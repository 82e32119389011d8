"""Quiet when idle: a still window is not drawn again, and wakes on the first event; a calm
picture (1x over the whole battle, the story camera easing slowly) is drawn at the lowest rate
at which nothing on screen moves more than a pixel a frame."""

from __future__ import annotations

import pygame
import pytest
from conftest import REAL_SCENARIO

from game.scenario.load import load_scenario


@pytest.fixture(scope="module")
def app():
    """One window for the module, 960x540: the pacing is judged in the window's own pixels
    (`_smooth`, the men's and the camera's px a frame), whatever its size, and a quarter of
    1080p's pixels is a quarter of the drawing (~14 CPU-s for the module, ~22 at 1920x1080)."""
    from game.app.window import WindowApp

    now = [100.0]  # the story camera's clock, moved by hand
    a = WindowApp(
        load_scenario(REAL_SCENARIO),
        scale=100,
        precompute=False,
        clock=lambda: now[0],
        size=(960, 540),
    )
    a.now = now
    yield a
    a.close()


def _draws(app, frames: int) -> int:
    count = 0
    real = app.draw

    def counted(*args):
        nonlocal count
        count += 1
        real(*args)

    app.draw = counted
    try:
        for _ in range(frames):
            app.frame(1 / 60)
    finally:
        del app.draw
    return count


def test_a_paused_window_stops_drawing_and_wakes_on_input(app):
    from game.app.pacing import SETTLE_FRAMES

    app.playback.pause()
    pygame.event.clear()
    _draws(app, SETTLE_FRAMES + 5)  # what was changing settles (terrain chunks, chart)
    assert _draws(app, 120) == 0  # two seconds at rest: nothing drawn
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=(500, 400), rel=(1, 0), buttons=(0, 0, 0))
    )
    assert _draws(app, 1) == 1  # the first event draws at once
    app.playback.play()
    assert _draws(app, 60) == 60  # a playing battle is drawn every frame


def _smooth(app, fps: int) -> bool:
    """Neither the fastest man in view nor the story camera moves more than a pixel a frame at
    `fps` (or it is the full rate)."""
    from game.app.pacing import FPS, STEP_PX, fastest_px_per_s

    eased = app.storyline.eased[2] if app.storyline.eased else 0.0
    fastest = max(eased, fastest_px_per_s(app.playback, app.camera))
    return fps == FPS or fastest / fps <= STEP_PX


def test_calm_playback_paces_low_and_a_moving_camera_at_sixty(app):
    from game.app.pacing import FPS, MIN_FPS, SETTLE_FRAMES

    pb = app.playback
    app.controls.fit()  # the whole battle: men move a fraction of a pixel a frame at 1x
    pb.set_speed(1.0)
    pb.play()
    pygame.event.clear()
    for _ in range(SETTLE_FRAMES + 2):
        app.frame(1 / 60)
        app.target_fps()
    assert app.target_fps() == MIN_FPS  # men cross the screen at a few px a second
    pb.set_speed(16.0)
    fps = app.target_fps()
    assert fps > MIN_FPS and _smooth(app, fps)  # 16 times as fast: more frames, each smooth
    pb.set_speed(1.0)
    app.camera.pan_pixels(5, 0)
    assert app.target_fps() == FPS  # a moving camera (the kiosk's tour) too


def _eased(app, seconds: float, wall: float = 1 / 60) -> int:
    """Frames over `seconds` of the story camera's clock (the battle held still: only the
    camera moves); the frame rate the loop would pace the next frame at."""
    fps = 0
    for _ in range(round(seconds / wall)):
        app.now[0] += wall
        app.frame(0.0)
        fps = app.target_fps()  # as the loop asks after every frame
    return fps


def test_a_slow_story_camera_ease_paces_calm_and_a_fast_one_at_full_rate(app):
    from game.app.pacing import FPS

    pb = app.playback
    pb.seek(800)  # the approach: one shot, every man (no new shot comes by itself)
    pb.set_speed(1.0)
    pb.play()
    app.story.active = True
    pygame.event.clear()
    fps = _eased(app, 40.0, 0.25)  # arrived on its shot: only the men move
    assert fps < FPS and _smooth(app, fps)
    app.camera.scale *= 1.001  # the shot's men spread a little: it eases after them...
    fps = _eased(app, 2 / 60)  # ...at ~12 px a second: calm, and smooth
    assert fps < FPS and _smooth(app, fps)
    app.camera.scale *= 1.5  # a new shot, closer: the screen's edges move ~420 px a second
    assert _eased(app, 2 / 60) == FPS  # every frame drawn: at 30 FPS it would step 14 px
    fps = _eased(app, 6.0)  # its slow end is calm again
    assert fps < FPS and _smooth(app, fps)


def test_a_visitors_own_camera_moves_keep_the_full_rate_however_slow(app):
    from game.app.pacing import FPS

    pb = app.playback
    pb.set_speed(1.0)
    pb.play()
    app.story.active = False  # the visitor has the camera (or the unit panel follows)
    pygame.event.clear()
    _eased(app, 3.0)
    for _ in range(3):
        app.camera.pan_pixels(0.2, 0)  # moved a fraction of a pixel a frame, not by the story
        app.frame(1 / 60)
        assert app.target_fps() == FPS


def test_a_paused_window_stops_drawing_once_the_story_camera_has_all_but_arrived(app):
    app.playback.seek(800)
    app.playback.pause()
    app.story.active = True
    pygame.event.clear()
    _eased(app, 40.0, 0.25)  # arrived on its shot
    app.camera.scale *= 1.01  # some pixels to ease back (0.1 %, under a pixel, lands at once)
    assert _draws(app, 1) == 1
    for _ in range(300):  # ten seconds: the picture eases back, and lands on its last pixel
        app.now[0] += 1 / 30
        app.frame(0.0)
    drawn = 0
    for _ in range(60):
        app.now[0] += 1 / 30
        drawn += _draws(app, 1)
    assert drawn == 0, "a sub-pixel crawl of the camera redraws a paused battle"
    assert app.story.active


def test_a_paused_story_camera_keeps_the_shot_in_view(app):
    """The deployment has four shots, each held `dwell_s` of wall time while the battle plays.
    Paused, the shot in view stays: the picture stands still and is not drawn again (a paused
    window walked from shot to shot by itself, each ease two seconds of full-rate frames)."""
    from game.app.pacing import SETTLE_FRAMES, View

    scenario = app.scenario
    deployment = next(
        p for p in scenario.phases_for(app.playback.world.account) if p.id == "deployment"
    )
    app.playback.seek(deployment.tick + 20)
    app.playback.pause()
    app.story.active = True
    pygame.event.clear()
    dwell = app.story.spec.dwell_s
    _eased(app, dwell / 2, 0.25)  # arrived on its shot
    _draws(app, SETTLE_FRAMES + 5)  # what was changing settles (terrain chunks, chart)
    view, key = View.of(app.camera), app.frame_key()
    for _ in range(round(3 * dwell / 0.25)):  # three dwells of the clock
        app.now[0] += 0.25
        app.frame(1 / 60)
        assert View.of(app.camera) == view, "a paused story camera moved on to another shot"
    assert app.frame_key() == key  # nothing to draw again (an event of another test's may)


def test_playing_measures_the_formations_once_a_tick_for_the_camera_and_the_frame(app, monkeypatch):
    """The story camera frames the formations' blocks and the frame draws them: both read one
    measure of the tick (at 1:1, 1x, ~1 ms a tick saved), and the camera's shot is the one a
    measure of the men's own positions gives (to a millimetre)."""
    from game.sim import track
    from game.view import footprints
    from game.view.framing import block_rects, formations_rect

    pb = app.playback
    pb.set_speed(1.0)
    pb.play()
    app.story.active = True
    for _ in range(4):
        app.frame(1 / 60)
    made, spread = [], []
    real_of, real_spread = footprints.TickSums.of, track.spread
    monkeypatch.setattr(
        footprints.TickSums, "of", classmethod(lambda cls, *a: made.append(1) or real_of(*a))
    )
    monkeypatch.setattr(track, "spread", lambda *a: spread.append(1) or real_spread(*a))
    monkeypatch.setattr("game.view.framing.spread", track.spread)
    t0 = pb.world.tick
    for _ in range(30):  # 1x at 60 FPS: a tick every third frame
        app.now[0] += 1 / 60
        app.frame(1 / 60)
    ticks = pb.world.tick - t0
    assert ticks >= 8
    assert len(made) <= ticks + 1, (len(made), ticks)
    assert spread == []
    monkeypatch.undo()
    shot = app.story._shots(app.story._phase_of(pb.world))[0]
    mine = app.story._measure(pb.world, pb.positions(), shot)[0]
    rects = block_rects(pb.world, pb.positions())
    direct = formations_rect(rects, shot.formations)
    if shot.water:
        direct = app.story._with_water(direct)
    assert max(abs(a - b) for a, b in zip(mine, direct, strict=True)) < 1e-3
