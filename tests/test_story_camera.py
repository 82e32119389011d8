"""The story camera in the window: it frames the story until the visitor takes the camera, and
a key or the Story button gives it back. The headless screenshot is what the visitor sees."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pygame
import pytest
from conftest import REAL_SCENARIO

from game.start import main
from game.view.bar_layout import BAR_HEIGHT

BLOW = 6300  # the blow: the story camera goes to the Roman right
STAND = 8400  # 420 s: the stand


@pytest.fixture(scope="module")
def app(battles):
    """A window without a worker, holding the keyframes its seeks start from, as its worker
    would (the session's straight run, tests/support/battles.py)."""
    from game.app.window import WindowApp
    from game.scenario.load import load_scenario

    now = [100.0]
    a = WindowApp(load_scenario(REAL_SCENARIO), scale=100, precompute=False, clock=lambda: now[0])
    a.now = now
    for tick in (BLOW, STAND):
        battles.ready_to_seek(a.playback, tick)
    yield a
    a.close()


def _post(kind: int, **kw) -> None:
    pygame.event.post(pygame.event.Event(kind, **kw))


def _frames(app, n: int = 20, wall: float = 0.25) -> None:
    for _ in range(n):
        app.now[0] += wall
        app.frame(0.0)


def _view(app) -> tuple[float, float, float]:
    c = app.camera
    return (round(c.centre_x, 3), round(c.centre_y, 3), round(c.scale, 6))


def test_the_story_camera_follows_the_battle_until_the_visitor_zooms(app):
    pygame.event.clear()
    app.story.active = True
    app.playback.seek(BLOW)  # the blow: the camera goes to the Roman right
    before = _view(app)
    _frames(app)
    assert _view(app) != before, "the story camera moves to the phase's shot"
    _post(pygame.MOUSEWHEEL, x=0, y=1, precise_x=0.0, precise_y=1.0, flipped=False)
    _frames(app, 1)
    assert not app.story.active
    held = _view(app)
    app.playback.seek(STAND)  # the stand: a new shot, but the camera is the visitor's now
    _frames(app)
    assert _view(app) == held


def test_the_s_key_gives_the_camera_back_to_the_story(app):
    pygame.event.clear()
    app.story.active = False
    app.playback.seek(STAND)
    held = _view(app)
    _post(pygame.KEYDOWN, key=pygame.K_s, mod=0, unicode="s", scancode=0)
    _frames(app)
    assert app.story.active and _view(app) != held


def test_the_story_button_gives_it_back_and_shows_whose_camera_it_is(app):
    pygame.event.clear()
    app.story.active = False
    _frames(app, 1)
    button = app.layout["story"]
    held = _view(app)
    _post(pygame.MOUSEBUTTONDOWN, pos=button.center, button=1)
    _post(pygame.MOUSEBUTTONUP, pos=button.center, button=1)
    _frames(app)
    assert app.story.active and _view(app) != held
    assert not app.layout["story"].colliderect(app.layout["clock"])


def test_a_drag_on_the_map_takes_the_camera(app):
    pygame.event.clear()
    app.story.active = True
    _frames(app, 2)
    _post(pygame.MOUSEBUTTONDOWN, pos=(900, 400), button=1)
    _post(pygame.MOUSEMOTION, pos=(1000, 400), rel=(100, 0), buttons=(1, 0, 0))
    _post(pygame.MOUSEBUTTONUP, pos=(1000, 400), button=1)
    _frames(app, 1)
    assert not app.story.active


@pytest.fixture(scope="module")
def headless(tmp_path_factory, battles) -> tuple[Path, Path, dict]:
    """Headless screenshots (and a report) at 420 s, the stand, and at 30 s with --no-ui; the
    first starts from the session's straight run 30 battle seconds before its stop instead of
    at tick 0 (`Battles.headless_playback`)."""
    import game.app.headless as headless

    out = tmp_path_factory.mktemp("story")
    shot, bare, report = out / "shot.png", out / "bare.png", out / "r.json"
    base = ["--headless", "--scale", "100", "--until"]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(headless, "Playback", battles.headless_playback(STAND))
        assert main([*base, "420", "--screenshot", str(shot), "--report", str(report)]) == 0
    assert main([*base, "30", "--screenshot", str(bare), "--no-ui"]) == 0
    return shot, bare, json.loads(report.read_text())


def test_the_screenshot_shows_the_timeline_bar_and_the_flag_hides_it(headless):
    shot, bare, _ = headless
    a = pygame.surfarray.array3d(pygame.image.load(str(shot))).astype(int)
    b = pygame.surfarray.array3d(pygame.image.load(str(bare))).astype(int)
    bar_a, bar_b = a[:, -BAR_HEIGHT + 10 :], b[:, -BAR_HEIGHT + 10 :]
    gold = (np.abs(bar_a - np.array((232, 196, 120))).sum(axis=-1) < 40).sum()
    assert gold > 2000, "the bar's gold playhead, played band and buttons"
    assert bar_a.mean() < 70, "the bar's dark ground"
    assert bar_b.mean() > bar_a.mean() + 20, "--no-ui: the map runs to the bottom edge"


def test_the_report_gives_each_formations_centre_commanders_and_the_camera(headless):
    _, _, r = headless
    for f in r["formations"]:
        assert isinstance(f["commanders"], list)
        if f["men_now"] > 0:
            x, y = f["centre"]
            assert 0 <= x <= 8000 and 0 <= y <= 6000
    by_id = {f["id"]: f for f in r["formations"]}
    assert by_id["belisarius"]["commanders"] == ["Belisarius", "Hermogenes"]
    x0, y0, x1, y1 = r["camera"]["view"]
    assert 0 <= x0 < x1 <= 8000 and 0 <= y0 < y1 <= 6000 and r["camera"]["size"] == [1920, 1080]
    k = r["camera"]["scale"]
    assert abs((x1 - x0) * k - 1920) < 2 and abs((y1 - y0) * k - 1080) < 2
    # each banner on the screenshot sits by the men it names. Measured to the box of its men
    # (the report's track at the screenshot's tick), not to their centre: the placement puts a
    # banner behind the formation's rear rank, at most two banner heights and a margin further
    # back (game/view/labels.py, its third candidate), and along the formation's facing. At
    # --scale 100, 420 s is the stand: the Persians face the wall diagonally, so a banner 400 px
    # wide set behind them on the diagonal lies 46 px aside and 128 px below their centre while
    # its corner is 28 px from their men; counted from the centre, legs added, that read as 174
    # px, farther than any candidate is from the men it labels. The bound, three banner heights:
    # the farthest candidate's two and its margin (14 px), measured from a rear rank that may
    # stand a little outside the box of the men (Belisarius' here: 90.3 px).
    banners = {n: v for n, v in r["layout"].items() if n.startswith("label.formation.")}
    assert banners, "the screenshot names some formations"
    t = r["track"]
    assert t["ticks"][-1] == r["ticks_run"], "the track's last sample is the screenshot's moment"
    for name, (bx, by, bw, bh) in banners.items():
        fid = r["formations"][int(name.rsplit(".", 1)[1])]["id"]
        mx0, my0, mx1, my1 = t["formations"][fid]["box"][-1]
        sx0, sy0, sx1, sy1 = (mx0 - x0) * k, (my0 - y0) * k, (mx1 - x0) * k, (my1 - y0) * k
        gap_x = max(0.0, bx - sx1, sx0 - (bx + bw))
        gap_y = max(0.0, by - sy1, sy0 - (by + bh))
        assert (gap_x**2 + gap_y**2) ** 0.5 <= 3 * bh, (name, fid, (sx0, sy0, sx1, sy1), (bx, by))
