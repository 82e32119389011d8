"""The light of the day: the map darkens into dusk and moonlit night; text stays legible."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pygame
import pytest
import yaml

from game.scenario.load import load_scenario
from game.scenario.yamlsafe import DataError
from game.sim.world import build_world
from game.timeline.playback import Playback
from game.view import theme
from game.view.camera import Camera
from game.view.colours import contrast_ratio
from game.view.light import load_light
from game.view.options import ViewOptions
from game.view.scene import Scene
from tests.conftest import ROOT, formation, write_scenario

LIGHT = ROOT / "maps" / "callinicum" / "light.yaml"
SIZE = (1280, 720)


def relative_luminance(rgb: np.ndarray) -> np.ndarray:
    c = rgb / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722])


@pytest.fixture(scope="module")
def day_to_night(tmp_path_factory) -> dict[str, tuple[pygame.Surface, object]]:
    """One small battle whose clock runs from noon to 19:30, with the real light file beside
    its map: frames at noon and at the end (moonlit night)."""
    folder = tmp_path_factory.mktemp("light")
    path = write_scenario(
        folder,
        [
            formation("foot", "roman", "infantry", 200, (200, 200), "east", 40, commanders=1),
            formation("horse", "persian", "cavalry", 150, (420, 200), "west", 30),
        ],
        end=20,
    )
    doc = yaml.safe_load(path.read_text())
    doc["time"]["clock"] = [[0, "12:00"], [20, "19:30"]]
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    shutil.copy(LIGHT, folder / "light.yaml")
    scenario = load_scenario(path)
    assert scenario.clock.minutes_of_day(20) == 19 * 60 + 30
    pygame.display.init()
    pygame.display.set_mode(SIZE)
    scene = Scene(scenario)
    playback = Playback(build_world(scenario))
    frames = {}
    for name, tick in (("noon", 0), ("night", scenario.clock.end_tick)):
        playback.run_to(tick)
        camera = Camera(300, 200, 2.0, *SIZE)
        target = pygame.Surface(SIZE)
        layout = scene.draw(target, camera, playback, ViewOptions(hint=""), complete=True)
        frames[name] = (target.copy(), layout)
    return frames


def map_pixels(frame: pygame.Surface, layout) -> np.ndarray:
    """The frame's pixels outside every laid-out box (the map itself)."""
    rgb = pygame.surfarray.array3d(frame).transpose(1, 0, 2).astype(np.float64)
    keep = np.ones(rgb.shape[:2], bool)
    for _, r in layout.items():
        keep[max(r.top, 0) : r.bottom, max(r.left, 0) : r.right] = False
    return rgb[keep]


def test_the_night_frame_is_far_darker_than_noon(day_to_night):
    noon = relative_luminance(map_pixels(*day_to_night["noon"])).mean()
    night = relative_luminance(map_pixels(*day_to_night["night"])).mean()
    assert night < 0.35 * noon


def test_captions_keep_wcag_contrast_by_day_and_by_night(day_to_night):
    """The caption's letters against the panel behind them, measured on the drawn frame."""
    for name in ("noon", "night"):
        frame, layout = day_to_night[name]
        box = layout["caption"]
        px = pygame.surfarray.array3d(frame.subsurface(box)).reshape(-1, 3).astype(np.float64)
        lum = relative_luminance(px)
        ground = px[lum <= np.percentile(lum, 50)].mean(0)
        letters = px[lum >= np.percentile(lum, 99)].mean(0)
        assert contrast_ratio(tuple(letters), tuple(ground)) >= 4.5, name


def test_the_light_leaves_the_hud_alone(day_to_night):
    """The clock's gold figures are the same gold at night: the tint stops at the map."""
    counts = []
    for name in ("noon", "night"):
        frame, layout = day_to_night[name]
        px = pygame.surfarray.array3d(frame.subsurface(layout["clock"])).reshape(-1, 3)
        counts.append(int((np.abs(px.astype(int) - theme.GOLD).max(1) <= 2).sum()))
    assert counts[0] > 500
    assert counts[1] == pytest.approx(counts[0], rel=0.05)


def test_dusk_comes_after_sunset_and_night_after_dusk():
    light = load_light(LIGHT)

    def at(hhmm: str) -> float:
        h, m = hhmm.split(":")
        return light.level(int(h) * 60 + int(m))

    assert at("12:00") == pytest.approx(1.0)
    assert at("12:00") > at("18:40") > at("19:00") > at("19:30")
    assert not light.is_dark(18 * 60 + 40) and light.is_dark(19 * 60 + 20)


def test_a_bad_time_in_the_light_file_is_one_clear_line(tmp_path: Path):
    bad = tmp_path / "light.yaml"
    bad.write_text(LIGHT.read_text().replace('at: "19:00"', 'at: "7 pm"'))
    with pytest.raises(DataError) as err:
        load_light(bad)
    assert "light.yaml" in str(err.value) and "at" in str(err.value)
