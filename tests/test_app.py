"""The program as a user meets it: headless screenshot and report, the window's controls."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pygame
import pytest
from conftest import REAL_SCENARIO

from game.start import main
from tests.support.windows import as_opened


@pytest.fixture(scope="module")
def noon(tmp_path_factory) -> tuple[Path, dict]:
    """The headless screenshot and report at 12:00, simulated from tick 0 (one agent per 100
    men: the window tests' scale, ~3 CPU-s against ~11 at 20)."""
    out = tmp_path_factory.mktemp("noon")
    shot, report = out / "noon.png", out / "noon.json"
    assert (
        main(
            [
                "--headless",
                "--until",
                "180",
                "--scale",
                "100",
                "--screenshot",
                str(shot),
                "--report",
                str(report),
            ]
        )
        == 0
    )
    return shot, json.loads(report.read_text())


def _near(pixels: np.ndarray, rgb: tuple[int, int, int], tol: int = 40) -> int:
    return int((np.abs(pixels.astype(int) - np.array(rgb)).sum(axis=-1) < tol).sum())


def test_headless_screenshot_shows_the_field_and_both_armies(noon):
    shot, _ = noon
    img = pygame.surfarray.array3d(pygame.image.load(str(shot)))
    assert img.shape[:2] == (1920, 1080)
    assert len(np.unique(img.reshape(-1, 3), axis=0)) > 500  # a painted field, not a blank
    reds = (img[..., 0] > 120) & (img[..., 0] > img[..., 2] * 2) & (img[..., 1] < 90)
    blues = (img[..., 2] > 100) & (img[..., 2] > img[..., 0] * 2)
    assert reds.sum() > 200, "no Roman crimson on screen"
    assert blues.sum() > 200, "no Persian blue on screen"


def test_a_small_headless_screenshot_is_the_frame_its_report_lays_out(
    tmp_path, battles, monkeypatch
):
    """At 1024x600 the screenshot is the window's frame at that size, bar and all: the play
    disc is drawn, in gold, where the report's layout puts it. (The run starts from the
    session's straight run 30 battle seconds before 12:00, `Battles.headless_playback`: the
    frame is the subject, not the day before it.)"""
    import game.app.headless as headless

    monkeypatch.setattr(headless, "Playback", battles.headless_playback(180 * 20))
    shot, report = tmp_path / "small.png", tmp_path / "small.json"
    run = ["--headless", "--until", "180", "--scale", "100", "--size", "1024x600"]
    assert main([*run, "--screenshot", str(shot), "--report", str(report)]) == 0
    img = pygame.surfarray.array3d(pygame.image.load(str(shot)))
    assert img.shape[:2] == (1024, 600)
    x, y, w, h = json.loads(report.read_text())["layout"]["bar.play"]
    assert _near(img[x : x + w, y : y + h], (232, 196, 120), 30) > 0.2 * w * h


def test_report_has_the_promised_fields(noon):
    _, r = noon
    assert r["seed"] == 531 and r["scale"] == 100 and r["tick_rate"] == 20
    assert r["ticks_run"] == 180 * 20
    assert [h["second"] for h in r["hashes"]] == list(range(181))
    ids = [f["id"] for f in r["formations"]]
    assert ids[:2] == ["peter", "sunicas"] and "mundhir" in ids
    for f in r["formations"]:
        assert set(f) == {
            "id",
            "name",
            "side",
            "men_start",
            "men_now",
            "killed",
            "fled",
            "state",
            "centre",
            "commanders",
        }
        assert f["killed"] + f["fled"] + f["men_now"] == f["men_start"]
    assert sum(f["men_start"] for f in r["formations"] if f["side"] == "roman") == 20_000
    assert sum(f["men_start"] for f in r["formations"] if f["side"] == "persian") == 20_000


def test_until_past_the_end_means_the_end(two_blocks: Path, tmp_path: Path):
    report = tmp_path / "end.json"
    run = ["--headless", "--scenario", str(two_blocks), "--until", "99999", "--report"]
    assert main([*run, str(report)]) == 0
    r = json.loads(report.read_text())
    assert r["ticks_run"] == 120 * 20  # the small battle's whole 120 s, and not a tick more


def test_help_lists_every_option(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    for opt in (
        "--seed",
        "--scale",
        "--headless",
        "--until",
        "--screenshot",
        "--report",
        "--scenario",
        "--speed",
        "--size",
    ):
        assert opt in text


@pytest.mark.parametrize(
    "argv",
    [
        ["--scale", "0"],
        ["--seed", "-1"],
        ["--headless", "--until", "soon"],
        ["--size", "1x1"],
        ["--speed", "nan"],
        ["--speed", "3"],
    ],
)
def test_absurd_arguments_are_refused_in_one_line_naming_the_option(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"{[a for a in argv if a[:2] == '--'][-1]}: ")


# -- the window, driven by posted events (headless, dummy video driver) ------------------------
@pytest.fixture(scope="module")
def window():
    from game.app.window import WindowApp
    from game.scenario.load import load_scenario

    a = WindowApp(load_scenario(REAL_SCENARIO), scale=50, precompute=False)
    yield a
    a.close()


@pytest.fixture
def app(window):
    return as_opened(window)


def _key(key: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))


def test_space_pauses_and_resumes(app):
    app.frame(0.1)
    t0 = app.playback.world.tick
    _key(pygame.K_SPACE)
    app.frame(0.1)
    app.frame(0.1)
    assert app.playback.clock.paused and app.playback.world.tick == t0
    _key(pygame.K_SPACE)
    app.frame(0.1)
    assert app.playback.world.tick > t0


def test_plus_and_minus_change_speed_between_a_quarter_and_sixteen(app):
    for _ in range(10):
        _key(pygame.K_PLUS)
    app.frame(0.0)
    assert app.playback.clock.speed == 16
    for _ in range(10):
        _key(pygame.K_MINUS)
    app.frame(0.0)
    assert app.playback.clock.speed == 0.25


def test_wheel_zooms_about_the_cursor(app, monkeypatch):
    cam = app.camera
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: (400, 300))
    before = cam.screen_to_world(400, 300)
    scale = cam.scale
    pygame.event.post(
        pygame.event.Event(
            pygame.MOUSEWHEEL, x=0, y=2, precise_x=0.0, precise_y=2.0, flipped=False, which=0
        )
    )
    app.frame(0.0)
    assert cam.scale > scale * 1.3
    after = cam.screen_to_world(400, 300)
    assert abs(after[0] - before[0]) < 1 and abs(after[1] - before[1]) < 1


def test_drag_pans_and_f_fits_again(app):
    cam = app.camera
    for _ in range(3):
        pygame.event.post(
            pygame.event.Event(
                pygame.MOUSEWHEEL, x=0, y=3, precise_x=0.0, precise_y=3.0, flipped=False, which=0
            )
        )
    app.frame(0.0)
    start = (cam.centre_x, cam.centre_y)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(900, 500), button=1))
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=(800, 500), rel=(-100, 0), buttons=(1, 0, 0))
    )
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(800, 500), button=1))
    app.frame(0.0)
    assert cam.centre_x > start[0] + 10  # dragging left moves the view east
    zoomed = cam.scale
    _key(pygame.K_f)
    app.frame(0.0)
    assert cam.scale < zoomed


def test_pan_keys_pan(app):  # left/right step the timeline now (tests/test_timeline_bar.py)
    for _ in range(3):
        pygame.event.post(
            pygame.event.Event(
                pygame.MOUSEWHEEL, x=0, y=3, precise_x=0.0, precise_y=3.0, flipped=False, which=0
            )
        )
    app.frame(0.0)
    x = app.camera.centre_x
    pygame.event.post(
        pygame.event.Event(
            pygame.KEYDOWN, key=pygame.K_RIGHT, mod=pygame.KMOD_SHIFT, unicode="", scancode=0
        )
    )
    app.frame(0.0)
    assert app.camera.centre_x > x


def test_a_switches_the_account_at_the_same_moment(app):
    app.playback.seek(20 * 30)
    assert app.playback.world.account == "procopius"
    _key(pygame.K_a)
    for _ in range(200):
        app.frame(0.0)
        if not app.playback.seeking:
            break
    assert app.playback.world.account == "malalas"
    assert app.playback.world.tick == 20 * 30


def test_the_report_lays_out_the_frame_it_describes(noon):
    """The report's `layout`: the leaves of the interface a window of `--size` would show at
    `--until`, each on screen, none overlapping another."""
    import itertools

    import pygame

    _, r = noon
    w, h = r["layout_size"]
    lay = {name: pygame.Rect(*xywh) for name, xywh in r["layout"].items()}
    expected = ["title", "clock", "caption", "minimap", "bar.track", "bar.play", "bar.speed.16x"]
    expected += [f"bar.account.{a}" for a in ("procopius", "malalas")]
    assert [n for n in expected if n not in lay] == []
    assert any(n.startswith("label.formation.") for n in lay)  # the banners, each a leaf
    screen = pygame.Rect(0, 0, w, h)
    assert [n for n, rect in lay.items() if not screen.contains(rect)] == []
    clash = [
        (a, b) for (a, ra), (b, rb) in itertools.combinations(lay.items(), 2) if ra.colliderect(rb)
    ]
    assert clash == []
