"""Quiet when idle: a still window is not drawn again, and wakes on the first event."""

from __future__ import annotations

import pygame
import pytest
from conftest import REAL_SCENARIO

from game.scenario.load import load_scenario


@pytest.fixture(scope="module")
def app():
    from game.app.window import WindowApp

    a = WindowApp(load_scenario(REAL_SCENARIO), scale=100, precompute=False)
    yield a
    a.close()


def _draws(app, frames: int) -> int:
    count = 0
    real = app.draw

    def counted():
        nonlocal count
        count += 1
        real()

    app.draw = counted
    try:
        for _ in range(frames):
            app.frame(1 / 60)
    finally:
        del app.draw
    return count


def test_a_paused_window_stops_drawing_and_wakes_on_input(app):
    from game.app.window import SETTLE_FRAMES

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


def test_calm_playback_paces_at_thirty_frames_and_anything_else_at_sixty(app):
    from game.app.window import CALM_FPS, FPS, SETTLE_FRAMES

    pb = app.playback
    app.controls.fit()  # the whole battle: men move a fraction of a pixel a frame at 1x
    pb.set_speed(1.0)
    pb.play()
    pygame.event.clear()
    for _ in range(SETTLE_FRAMES + 2):
        app.frame(1 / 60)
        app.target_fps()
    assert app.target_fps() == CALM_FPS
    pb.set_speed(16.0)
    assert app.target_fps() == FPS  # fast playback keeps every frame
    pb.set_speed(1.0)
    app.camera.pan_pixels(5, 0)
    assert app.target_fps() == FPS  # a moving camera (the kiosk's tour) too
