"""Place names and marginalia on the real battlefield: where they go, and that nothing overlaps."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.sim.world import build_world
from game.timeline.playback import Playback
from game.view.camera import Camera
from game.view.colours import contrast_ratio
from game.view.options import ViewOptions
from game.view.placement import place
from game.view.places import STYLES
from game.view.scene import Scene

SCALE = 10


@pytest.fixture(scope="module")
def scene(real_scenario) -> Scene:
    pygame.display.init()
    pygame.display.set_mode((1920, 1080))
    return Scene(real_scenario)


@pytest.fixture(scope="module")
def playback(real_scenario) -> Playback:
    return Playback(build_world(real_scenario, scale=SCALE))


def overview(size=(1920, 1080)) -> Camera:
    cam = Camera(0, 0, 1.0, *size)
    cam.fit(0, 0, 8000, 6000, margin=0.0)
    return cam


def names_placed(scene: Scene, cam: Camera, dark: bool = False) -> dict[str, pygame.Rect]:
    placed = place(scene.places.requests(cam, dark), [], pygame.Rect(0, 0, cam.width, cam.height))
    features = scene.scenario.map.features
    return {features[int(p.request.key.split(".")[1])].name: p.rect for p in placed}


def test_every_place_is_named_on_the_overview(scene):
    got = names_placed(scene, overview())
    for name in (
        "Euphrates",
        "Callinicum",
        "Persian camp",
        "Island",
        "Road to Sura",
        "Rising ground",
    ):
        assert name in got


def test_the_euphrates_is_named_on_its_water_in_a_darker_blue(scene):
    cam = overview()
    rect = names_placed(scene, cam)["Euphrates"]
    ground = pygame.Surface((cam.width, cam.height))
    scene.terrain.draw(ground, cam, max_new_bands=None)
    row = pygame.surfarray.array3d(ground)[rect.left : rect.right, rect.centery].astype(int)
    assert (row[:, 2] > row[:, 0] + 20).all(), "the whole name lies on water"
    water = np.median(row, 0)
    ink = np.array(STYLES["river"].ink)
    assert ink[2] > ink[0] and ink.sum() < water.sum() * 0.6  # blue, and darker than the water
    assert STYLES["river"].face == "serif-italic"


def test_names_follow_the_river_when_the_camera_is_in_close(scene):
    """At 2 px/m over the channel south of the islands the name is still on the water."""
    cam = Camera(3000, 1500, 2.0, 1920, 1080)
    rect = names_placed(scene, cam)["Euphrates"]
    ground = pygame.Surface((cam.width, cam.height))
    scene.terrain.draw(ground, cam, max_new_bands=None)
    row = pygame.surfarray.array3d(ground)[rect.left : rect.right, rect.centery].astype(int)
    assert (row[:, 2] > row[:, 0] + 20).all()


def test_night_names_keep_their_letters_apart_from_their_halo(scene):
    """Each name's letters against its own halo: WCAG 4.5:1, in day and night styles."""
    for style in STYLES.values():
        for dark in (False, True):
            ink, halo = style.colours(dark)
            assert contrast_ratio(ink, halo) >= 4.5, (style, dark)


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
@pytest.mark.parametrize("legend", [False, True])
def test_labels_marginalia_and_the_hud_never_overlap(scene, playback, size, legend):
    target = pygame.Surface(size)
    for n, cam in enumerate(
        (overview(size), Camera(2600, 2300, 0.45, *size), Camera(3000, 1450, 2.0, *size))
    ):
        layout = scene.draw(target, cam, playback, ViewOptions(legend=legend), bottom_reserved=150)
        assert layout.overlaps() == []
        assert layout.off_screen() == []
        shown = {n for n in layout if n.startswith(("scale", "legend", "locator"))}
        assert "legend.button" in shown
        assert "scale" in shown or (legend and size[1] < 1000)  # gives way to an open legend
        assert ("legend.panel" in shown) == legend
        if n == 0:  # the whole map: the river and the town are named, whatever else is open
            features = scene.scenario.map.features
            named = {
                features[int(k.split(".")[2])].name for k in layout if k.startswith("label.place.")
            }
            assert {"Euphrates", "Callinicum"} <= named


def _offered(requests) -> list:
    """What the placement pass is offered: each name's places and its letters' pixels."""
    return [
        (
            r.key,
            tuple(r.rect_at(c).topleft for c in r.candidates),
            pygame.image.tobytes(r.surface, "RGBA"),
        )
        for r in requests
    ]


def test_names_worked_out_once_a_view_are_offered_as_if_afresh(real_scenario, scene):
    """The letters along the river and road are worked out once per view (`PlaceNames._once`)
    while the boxes to keep off change (a block's mark moving a pixel): what is offered is what
    a fresh painter offers, frame by frame, for boxes over the river's places, another view,
    the night."""
    from game.view.places import PlaceNames

    kept = scene.places
    cam = overview()
    first = kept.requests(cam)
    features = real_scenario.map.features
    river = next(r for r in first if features[int(r.key.split(".")[1])].kind == "river")
    spot = river.rect_at(river.candidates[0])
    views = [(cam, False, ())]
    for dx in (0, 1, 2, 400):  # a box over the river's first place, moving, then away
        views.append((cam, False, (spot.move(dx, 0),)))
    views.append((cam, False, ()))
    closer = overview()
    closer.zoom_about(960, 540, 1.6)
    views += [(closer, False, (spot,)), (closer, False, ()), (closer, True, ()), (cam, False, ())]
    offers = set()
    for camera, dark, avoid in views:
        fresh = PlaceNames(real_scenario.map, scene.terrain.fields, scene.fonts)
        want = _offered(fresh.requests(camera, dark, avoid))
        assert _offered(kept.requests(camera, dark, avoid)) == want, (camera.scale, dark, avoid)
        offers.add(repr(want))
    assert len(offers) >= 4, "the boxes and views changed what is offered"
