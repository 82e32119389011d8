"""What a frame keeps from the frames before it must never show: after a seek, an account
switch, a resize or a change of options, the window's next frame is byte for byte the frame
the same window draws with nothing kept under the men.

The real battle at scale 100 (the shared straight runs give the keyframes), the whole battle
in view, every layer on. Each window first draws a few frames with its camera still, so that
the map under the men is kept (`game/view/underlay.py`); the tests check that it was. The
reference is the same scene shown the same frames, its kept map cleared before each (a scene
of its own: the terrain's first frame after a zoom or a contour toggle is not a fresh window's
either, with or without this cache).
"""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest

from game.app.still import fitted_camera
from game.sim.world import build_world
from game.timeline.playback import Playback
from game.view.camera import Camera
from game.view.hud import Shades
from game.view.inspect import InspectState
from game.view.minimap import TickCells
from game.view.options import ViewOptions
from game.view.scene import Scene
from game.view.units import units_for

SCALE = 100
BLOW, COLLAPSE = (14, 16), (14, 38)  # Procopius: the blow on the Roman right, then its collapse
EVERY = ViewOptions(story=True)
KEYFRAMES = 60  # ticks between the keyframes a seek restores
SIZE = (960, 540)
"""The windows' size: what a frame keeps, and when it must draw afresh, is the same at any size
(`game/view/underlay.py` keys the kept map on what its layers read and on its picture's size),
and a quarter of 1080p's pixels is a quarter of each frame's drawing (each test draws at least
four frames in each of two scenes)."""


def _tick(scenario, hm: tuple[int, int]) -> int:
    t = round(scenario.clock.seconds_at(hm[0] * 60 + hm[1]) * scenario.clock.tick_rate)
    return t - t % KEYFRAMES


def _playback(battles, scenario, account: str) -> Playback:
    return Playback(build_world(scenario, scale=SCALE, account=account))


def _seek(battles, pb: Playback, tick: int) -> None:
    """Seek as a window does (the worker's keyframe restored), then play two ticks on and
    stop between ticks (an interpolated moment)."""
    battles.ready_to_seek(pb, tick)
    pb.seek(tick)
    assert pb.world.tick == tick
    pb.step_once()
    pb.step_once()
    pb.clock.accumulator = 0.4 / pb.clock.tick_rate


def forget(scene: Scene) -> None:
    """Drop everything a scene keeps from frame to frame to draw faster: the map under the
    men, the blocks' sprites, the HUD's boxes and panels, the place names' workings, the
    minimap's tick (not what it remembers of where the caption and hint went: that is what
    it shows)."""
    scene.underlay.clear()
    scene.blocks.sprites.clear()
    scene.interface._placed = None
    scene.interface.shades = Shades()
    scene.places._view = None
    scene.places._last = None
    scene.interface.inspect.minimap._ticks = TickCells()


class Window:
    """A window's scene, and beside it the same scene drawing every frame with nothing kept
    (`forget`; the reference): both are shown the same frames."""

    def __init__(self, scenario):
        self.scene = Scene(scenario)
        self.ref = Scene(scenario)

    def frame(self, pb: Playback, camera: Camera, options=EVERY, size=SIZE):
        """(the window's frame, the reference's) as RGB bytes."""
        out = []
        for scene in (self.scene, self.ref):
            if scene is self.ref:
                forget(scene)
            canvas = pygame.Surface(size)
            units = units_for(size)
            scene.draw(canvas, camera, pb, options, 120, True, ui=InspectState(), units=units)
            out.append(pygame.image.tobytes(canvas, "RGB"))
        return tuple(out)

    def same(self, pb: Playback, camera: Camera, options=EVERY, size=SIZE) -> bytes:
        got, want = self.frame(pb, camera, options, size)
        assert got == want, "the window's frame differs from the one drawn with nothing kept"
        return got


def _kept(scenario, battles, account="procopius", at=COLLAPSE):
    """A window at `at` whose camera has been still a few frames (the map under the men kept)."""
    pb = _playback(battles, scenario, account)
    _seek(battles, pb, _tick(scenario, at))
    camera = fitted_camera(pb, SIZE)
    window = Window(scenario)
    frames = {window.same(pb, camera) for _ in range(3)}
    assert len(frames) == 1, "frames of one moment and camera differ"
    assert window.scene.underlay.holding, "the still camera's map under the men was not kept"
    return pb, camera, window


@pytest.fixture(scope="module")
def scenario(real_scenario):
    pygame.display.init()
    pygame.font.init()
    if pygame.display.get_surface() is None:
        pygame.display.set_mode((1920, 1080))
    return real_scenario


def test_after_a_seek_the_frame_is_drawn_afresh(scenario, battles):
    pb, camera, window = _kept(scenario, battles, at=BLOW)
    kept = window.same(pb, camera)
    _seek(battles, pb, _tick(scenario, COLLAPSE))  # the same camera, twenty minutes on
    assert window.same(pb, camera) != kept


def test_between_two_ticks_the_men_move_over_the_kept_map(scenario, battles):
    pb, camera, window = _kept(scenario, battles)
    pb.clock.accumulator = 0.9 / pb.clock.tick_rate  # later between the same two ticks
    window.same(pb, camera)
    pb.step_once()  # and on to the next tick
    window.same(pb, camera)


def test_after_an_account_switch_the_frame_is_drawn_afresh(scenario, battles):
    _, camera, window = _kept(scenario, battles)
    mal = _playback(battles, scenario, "malalas")  # the same moment as Malalas tells it
    _seek(battles, mal, _tick(scenario, COLLAPSE))
    window.same(mal, camera)


def test_after_a_resize_the_frame_is_drawn_afresh(scenario, battles):
    pb, _, window = _kept(scenario, battles)
    small = fitted_camera(pb, (1024, 600))
    window.same(pb, small, size=(1024, 600))
    window.same(pb, small, size=(1024, 600))


@pytest.mark.parametrize("change", [{"contours": False}, {"story_layers": False}])
def test_after_an_option_changes_the_frame_is_drawn_afresh(scenario, battles, change):
    pb, camera, window = _kept(scenario, battles)
    window.same(pb, camera, replace(EVERY, **change))


def test_a_moving_camera_keeps_nothing_and_draws_afresh(scenario, battles):
    pb, camera, window = _kept(scenario, battles)
    camera.pan_pixels(37, 0)
    window.same(pb, camera)
    pb.step_once()
    camera.pan_pixels(-37, 0)  # back where the kept picture was made, a tick later
    window.same(pb, camera)


def test_the_hud_panels_grounds_are_made_once(scenario, battles):
    """A translucent ground per HUD panel, made once per size and kept (making and filling
    them every frame cost about 1 ms)."""
    pb, camera, window = _kept(scenario, battles)
    shades = window.scene.interface.shades
    assert len(shades) >= 3  # title, clock, caption at least (an empty Shades kept none)
    made = {size: shades.ground(size) for size in list(shades._by_size)}
    window.same(pb, camera)
    assert all(shades.ground(size) is surf for size, surf in made.items())


def test_after_a_zoom_the_frame_is_drawn_afresh(scenario, battles):
    pb, camera, window = _kept(scenario, battles)
    kept = window.same(pb, camera)
    camera.zoom_about(700, 400, 1.7)  # the blocks bigger, the names and HUD elsewhere
    assert window.same(pb, camera) != kept
    window.same(pb, camera)
    camera.zoom_about(700, 400, 1 / 1.7)  # and back
    window.same(pb, camera)


def test_after_the_light_of_the_day_changes_the_frame_is_drawn_afresh(scenario, battles):
    pb, camera, window = _kept(scenario, battles)
    kept = window.same(pb, camera)
    dusk = replace(EVERY, daylight=19 * 60 + 20)  # moonlit: the names in their night ink
    assert window.same(pb, camera, dusk) != kept
    window.same(pb, camera, dusk)
    assert window.same(pb, camera) == kept


def test_after_a_language_switch_the_frame_is_drawn_afresh(scenario, battles):
    from game.app.languages import Languages

    pb, camera, window = _kept(scenario, battles)
    kept = window.same(pb, camera)
    languages = Languages(scenario, offered=("en", "ar"))
    fonts = {window.scene.fonts, window.ref.fonts}

    def switch(code: str) -> None:
        shown, places = languages.shown(code)
        for f in fonts:
            f.set_language(languages.words(code))
        for scene in (window.scene, window.ref):
            scene.show(shown, places)

    try:
        switch("ar")
        assert window.same(pb, camera) != kept
        window.same(pb, camera)
    finally:
        switch("en")
    window.same(pb, camera)  # (not byte for byte the frame before: the HUD remembers where
    # its caption and hint went while they were in Arabic)
