"""The frame rate follows what a visitor can see move: a frame for every pixel the fastest man
in view or the story camera moves, never a rate that steps more than a pixel a frame, the full
rate for the visitor's own camera and just after input; and a slow frame ends at the first
input (fake clocks, fake battles: no timing)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from game.app.frameclock import POLL_SECONDS, FrameClock
from game.app.pacing import (
    FPS,
    MIN_FPS,
    RATES,
    SETTLE_FRAMES,
    STEP_PX,
    Pacing,
    StillFrames,
    View,
    rate_for,
)
from game.timeline.programme import BATTLE
from game.view.camera import Camera


def test_each_rate_divides_the_displays_sixty_hertz():
    assert all(FPS % fps == 0 for fps in RATES)  # every frame held for as many refreshes


def test_the_rate_is_the_lowest_at_which_nothing_steps_more_than_a_pixel():
    for px_per_s in (0.0, 3.0, 9.9, 11.0, 14.5, 19.0, 25.0, 45.0, 59.0):
        fps = rate_for(px_per_s)
        assert px_per_s / fps <= STEP_PX, (px_per_s, fps)  # no visible step
        lower = [r for r in RATES if r < fps]
        assert not lower or px_per_s / lower[-1] > STEP_PX, (px_per_s, fps)  # none wasted
    assert rate_for(500.0) == FPS  # faster than a pixel at 60: every frame still


def _battle(speeds: list[float], xs: list[float], speed: float = 1.0, playing: bool = True):
    """A fake battle: men at (x, 500) m moving along x at `speeds` m/s."""
    pos = np.array([xs, [500.0] * len(xs)], np.float32)
    vel = np.array([speeds, [0.0] * len(xs)], np.float32)
    world = SimpleNamespace(tick=100, soldiers=SimpleNamespace(pos=pos, vel=vel))
    return SimpleNamespace(
        world=world, playing=playing, at_end=False, clock=SimpleNamespace(speed=speed)
    )


def _fps(pb, camera: Camera, still: StillFrames | None = None, eased=None) -> int:
    pacing = Pacing(SimpleNamespace(part=BATTLE), pb, camera)
    still = still or _quiet()
    pacing.target_fps(still)  # (the first frame has no last view to compare with)
    return pacing.target_fps(still, eased)


def _quiet() -> StillFrames:
    still = StillFrames()
    for _ in range(SETTLE_FRAMES + 1):
        still.changed(("same",), events=False)
    assert still.quiet
    return still


def test_men_marching_at_a_close_shot_draw_a_frame_a_pixel():
    close = Camera(500.0, 500.0, 4.0, 1920, 1080)  # a story shot at 4 px/m
    marching = _battle([1.3, 1.1, 0.0], [480.0, 500.0, 520.0])  # 5.2 px/s at most
    assert _fps(marching, close) == MIN_FPS
    charge = _battle([1.3, 7.0], [480.0, 520.0])  # a rider at the charge: 28 px/s
    fps = _fps(charge, close)
    assert 28.0 / fps <= STEP_PX and fps < FPS
    far = _battle([1.3, 7.0], [480.0, 900.0])  # the same rider off screen (240 m each side)
    assert _fps(far, close) == MIN_FPS
    assert _fps(_battle([1.3, 7.0], [480.0, 520.0], speed=4.0), close) == FPS  # 112 px/s


def test_a_paused_battle_idles_at_the_floor_and_input_or_a_visitors_pan_keep_the_full_rate():
    cam = Camera(500.0, 500.0, 4.0, 1920, 1080)
    assert _fps(_battle([7.0], [500.0], playing=False), cam) == MIN_FPS  # nothing moves
    fresh = StillFrames()
    fresh.changed(("x",), events=True)  # a tap a frame ago: the answer comes at full rate
    assert _fps(_battle([0.0], [500.0]), cam, still=fresh) == FPS
    pb = _battle([0.0], [500.0])
    pacing = Pacing(SimpleNamespace(part=BATTLE), pb, cam)
    still = _quiet()
    assert pacing.target_fps(still) == FPS  # (first frame)
    assert pacing.target_fps(still) == MIN_FPS
    cam.pan_pixels(0.2, 0)  # the visitor's own pan, a fraction of a pixel
    assert pacing.target_fps(still) == FPS


def test_the_story_cameras_ease_sets_the_rate_by_the_pixels_it_moves():
    cam = Camera(500.0, 500.0, 4.0, 1920, 1080)
    pb = _battle([0.0], [500.0])
    before = View.of(cam)
    cam.centre_x += 0.01  # the story camera eased the picture 0.04 px this frame...
    after = View.of(cam)
    pacing = Pacing(SimpleNamespace(part=BATTLE), pb, cam)
    still = _quiet()
    pacing._last_view = before
    assert pacing.target_fps(still, (before, after, 18.0)) == 20  # ...at 18 px/s: 0.9 px
    pacing._last_view = before
    assert pacing.target_fps(still, (before, after, 400.0)) == FPS  # a new shot: every frame


class _FakeTime:
    def __init__(self):
        self.t = 0.0
        self.events_at: float | None = None

    def now(self) -> float:
        return self.t

    def sleep(self, s: float) -> None:
        self.t += s

    def pending(self) -> bool:
        return self.events_at is not None and self.t >= self.events_at


def test_a_slow_frame_waits_its_time_but_ends_at_the_first_input():
    ft = _FakeTime()
    clock = FrameClock(ft.now, ft.sleep, ft.pending)
    assert clock.tick(MIN_FPS) == 0.0
    assert abs(clock.tick(MIN_FPS) - 1 / MIN_FPS) < 1e-9  # nothing queued: the whole 0.1 s
    ft.events_at = ft.t + 0.03  # a tap 30 ms into the next frame
    waited = clock.tick(MIN_FPS)
    assert 0.03 <= waited <= 0.03 + POLL_SECONDS  # answered within a 60 FPS frame
    ft.events_at = ft.t  # a storm of events: still no faster than 60 FPS
    assert abs(clock.tick(MIN_FPS) - 1 / 60) < 1e-9
    assert abs(clock.tick(FPS) - 1 / 60) < 1e-9
