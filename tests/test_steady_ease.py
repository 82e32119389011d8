"""The story camera's ease holds the zoom steady between deliberate moves and, while it holds,
puts the picture on whole pixels (game/view/steady.py): a shot whose men shift a little keeps
the very same camera frame after frame, so the kept map, names and sprites stay good."""

from __future__ import annotations

import itertools
import math

import pytest

from game.view.camera import Camera
from game.view.steady import ZOOM_HOLD, SteadyEase

K = 1 - math.exp(-3 / 60 / 4)  # a 60 FPS frame of a 4 s ease


def _clamp(camera: Camera) -> None:
    camera.clamp_to(8000.0, 6000.0)


def _run(ease: SteadyEase, camera: Camera, targets) -> list[tuple[float, float, float]]:
    out = []
    for at in targets:
        ease.step(camera, at, K, _clamp)
        out.append((camera.centre_x, camera.centre_y, camera.scale))
    return out


def test_a_shot_drifting_less_than_the_hold_keeps_the_zoom_exactly():
    camera = Camera(3000.0, 3000.0, 0.5, 1920, 1080)
    ease = SteadyEase()
    _run(ease, camera, [(3000.0, 3000.0, 0.5)] * 5)  # on its shot: landed
    assert ease.holding
    drift = [(3000.0, 3000.0, 0.5 * math.exp(ZOOM_HOLD * k / 700)) for k in range(600)]
    scales = {s for _, _, s in _run(ease, camera, drift)}
    assert scales == {0.5}, "the zoom crept after a shot that drifted less than the hold"


def test_a_shot_that_moves_on_is_zoomed_to_and_landed_on_exactly():
    camera = Camera(3000.0, 3000.0, 0.5, 1920, 1080)
    ease = SteadyEase()
    views = _run(ease, camera, [(3000.0, 3000.0, 0.6)] * 600)  # ten seconds
    scales = [s for _, _, s in views]
    assert all(b >= a for a, b in itertools.pairwise(scales))  # a glide, one way
    assert scales[1] > 0.5 and scales[-1] == 0.6  # it moved at once, and landed exactly
    assert ease.holding


def test_while_holding_a_slow_pan_steps_whole_pixels_and_reports_its_glide():
    camera = Camera(3000.0, 3000.0, 0.5, 1920, 1080)
    ease = SteadyEase()
    _run(ease, camera, [(3000.0, 3000.0, 0.5)] * 5)
    glide = []
    seen = []
    for k in range(120):  # the shot's centre walks 0.05 px a frame
        moved = ease.step(camera, (3000.0 + 0.1 * k / 0.5, 3000.0, 0.5), K, _clamp)
        glide.append(moved)
        ox, oy = camera.origin
        assert abs(ox * camera.scale - round(ox * camera.scale)) < 1e-6
        assert abs(oy * camera.scale - round(oy * camera.scale)) < 1e-6
        seen.append((camera.centre_x, camera.centre_y))
    assert len(set(seen)) < len(seen) / 4, "the picture changed nearly every frame"
    assert len(set(seen)) > 1 and min(glide[10:]) > 0  # it moves, and says so every frame


def test_a_camera_moved_by_someone_else_is_eased_from_where_it_was_put():
    camera = Camera(3000.0, 3000.0, 0.5, 1920, 1080)
    ease = SteadyEase()
    _run(ease, camera, [(3000.0, 3000.0, 0.5)] * 5)
    camera.scale *= 1.001  # the visitor (or a test) nudged the zoom: the ease follows on
    before = camera.scale
    _run(ease, camera, [(3000.0, 3000.0, 0.5)])
    assert 0.5 < camera.scale < before


def test_a_shot_that_keeps_drifting_is_followed_smoothly_as_the_ease_always_did():
    """Once the drift has passed the hold, the zoom follows the shot as the plain ease does
    (frame for frame), not in surges from one held goal to the next."""
    camera = Camera(3000.0, 3000.0, 0.5, 1920, 1080)
    ease = SteadyEase()
    _run(ease, camera, [(3000.0, 3000.0, 0.5)] * 5)
    plain = 0.5
    for k in range(1, 600):  # the shot widens 1 % a second, for ten seconds
        shot = 0.5 * math.exp(-0.01 * k / 60)
        ease.step(camera, (3000.0, 3000.0, shot), K, _clamp)
        plain = math.exp(math.log(plain) + (math.log(shot) - math.log(plain)) * K)
        if k == 200:  # (past the hold, following: from here the plain ease's frames)
            plain = camera.scale
        elif k > 200:
            assert camera.scale == pytest.approx(plain, rel=1e-12)
