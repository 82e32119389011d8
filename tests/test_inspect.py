"""Pause and inspect: picking, the unit panel, the minimap, the tooltip, the keys."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from conftest import REAL_SCENARIO, formation, write_scenario

from game.scenario.codes import Kind
from game.scenario.load import load_scenario
from game.sim.codes import State
from game.sim.world import build_world
from game.timeline.playback import Playback
from game.view.camera import Camera
from game.view.history import StrengthHistory
from game.view.panel_data import panel_data
from game.view.picking import pick_formation, pick_soldier
from game.view.soldiers import SPRITE_MIN_SCALE
from tests.support.windows import as_opened

COMMANDERS = (
    "Belisarius",
    "Peter",
    "Sunicas",
    "Simmas",
    "Ascan",
    "al-Harith",
    "Azarethes",
    "al-Mundhir",
    "Longinus",
    "Stephanacius",
)


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(REAL_SCENARIO)


@pytest.fixture(scope="module")
def window(scenario):
    from game.app.window import WindowApp

    a = WindowApp(scenario, scale=50, precompute=False)
    a.story.active = False  # these tests place the camera by hand
    yield a
    a.close()


@pytest.fixture
def app(window):
    return as_opened(window)


def _click(pos) -> None:
    pos = (int(pos[0]), int(pos[1]))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))


def _key(key: int, mod: int = 0) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))


def _body_on_screen(app, row: int) -> tuple[float, float]:
    """Where soldier `row` is drawn: his position, lifted to the body when sprites show."""
    cam = app.camera
    pos = app.playback.positions()
    sx, sy = cam.point_to_screen(float(pos[0, row]), float(pos[1, row]))
    if cam.scale >= SPRITE_MIN_SCALE:
        sy -= 0.9 * cam.scale
    return sx, sy


def _inner_soldier(app, i: int) -> int:
    """A trooper near the middle of formation `i` (not at an edge, not a commander)."""
    s = app.playback.world.soldiers
    rows = np.flatnonzero((s.formation == i) & (s.commander < 0))
    pos = app.playback.positions()[:, rows]
    centre = pos.mean(axis=1, keepdims=True)
    return int(rows[np.argmin(((pos - centre) ** 2).sum(axis=0))])


# -- picking ------------------------------------------------------------------------------------
@pytest.mark.parametrize("scale", [0.3, 2.0, 8.0])
def test_clicking_a_rendered_soldier_selects_its_formation_at_three_zoom_levels(app, scale):
    app.frame(0.05)  # mid-tick: the interpolated positions are what is drawn
    for fid in ("peter", "harith", "persian_centre"):
        i = app.scenario.formation_index(fid)
        row = _inner_soldier(app, i)
        pos = app.playback.positions()
        app.camera.scale = scale
        app.camera.centre_x, app.camera.centre_y = float(pos[0, row]), float(pos[1, row])
        app.camera.clamp_to(*app.controls.map_size)  # as every input event does
        app.inspect.close()
        app.frame(0.0)
        _click(_body_on_screen(app, row))
        app.frame(0.0)
        assert app.inspect.selected == i, f"{fid} at {scale} px/m"
        assert app.playback.clock.paused


def test_a_tap_near_a_commander_picks_the_commander_over_his_men(scenario):
    world = build_world(scenario, scale=50)
    s = world.soldiers
    i = scenario.formation_index("belisarius")
    chief = int(np.flatnonzero((s.formation == i) & (s.commander == 0))[0])
    cam = Camera(float(s.pos[0, chief]), float(s.pos[1, chief]), 1.0, 1920, 1080)
    sx, sy = cam.point_to_screen(float(s.pos[0, chief]) + 25, float(s.pos[1, chief]))
    got = pick_soldier(cam, s.pos, s.state, s.commander, sx, sy)
    assert got == chief


def test_nothing_is_picked_far_from_every_soldier(scenario):
    world = build_world(scenario, scale=50)
    s = world.soldiers
    cam = Camera(7000, 500, 1.0, 1920, 1080)
    assert pick_formation(cam, s.pos, s.state, s.commander, s.formation, 960, 540) == -1


def test_the_dead_cannot_be_picked(scenario):
    world = build_world(scenario, scale=50)
    s = world.soldiers
    s.state[:] = State.DEAD
    cam = Camera(float(s.pos[0, 0]), float(s.pos[1, 0]), 2.0, 1920, 1080)
    assert pick_soldier(cam, s.pos, s.state, s.commander, 960, 540) == -1


def test_every_named_commander_is_a_commander_figure(scenario):
    world = build_world(scenario, scale=50)
    s = world.soldiers
    names = {}
    for i, spec in enumerate(scenario.formations):
        rows = np.flatnonzero((s.formation == i) & (s.commander >= 0))
        assert len(rows) == len(spec.commanders)
        assert (s.kind[rows] == Kind.COMMANDER).all()
        for c in spec.commanders:
            names[c.name] = i
    for name in COMMANDERS:
        assert any(n.startswith(name) for n in names), name


# -- the panel's numbers ------------------------------------------------------------------------
@pytest.fixture
def clash(tmp_path):
    """Horse charging foot on a small plain: men are killed within a minute."""
    path = write_scenario(
        tmp_path,
        [
            formation("foot", "roman", "infantry", 200, (200, 200), "east", 40, commanders=1),
            formation("horse", "persian", "cavalry", 150, (320, 200), "west", 30, commanders=1),
        ],
        orders=[
            {
                "at": 0,
                "formation": "horse",
                "order": "march",
                "to": [200, 200],
                "facing": "west",
                "pace": "charge",
            }
        ],
        end=120,
    )
    return load_scenario(path)


def _check_panel(scenario, world) -> None:
    now = world.men_now()
    f = world.formations
    for i in range(len(f)):
        d = panel_data(scenario, world, i)
        assert d.men_start == round(float(f.men_start[i]))
        assert d.men_now == round(float(now[i]))
        assert d.killed == round(float(f.killed[i]))
        assert d.fled == round(float(f.fled[i]))
        assert abs(d.killed + d.fled + d.men_now - d.men_start) <= 1
        assert abs(float(f.killed[i] + f.fled[i] + now[i] - f.men_start[i])) < 0.5


def test_panel_numbers_equal_the_simulation_at_several_times_and_after_seeking_back(clash):
    pb = Playback(build_world(clash, scale=1))
    history = StrengthHistory.for_world(pb.world)
    for tick in (0, 200, 400, 800, 1200):
        pb.run_to(tick)
        history.observe(pb.world)
        _check_panel(clash, pb.world)
    assert pb.world.formations.killed.sum() > 0  # the numbers were checked with losses on
    for back in (400, 200):
        pb.seek(back)
        assert pb.world.tick == back
        history.observe(pb.world)
        _check_panel(clash, pb.world)
        secs, _ = history.series([0])
        assert secs.max() <= back / 20, "the chart shows a future that was undone"


def test_history_forgets_the_future_after_a_seek_back_and_everything_on_a_new_account(clash):
    pb = Playback(build_world(clash, scale=1))
    h = StrengthHistory.for_world(pb.world)
    for t in range(0, 401, 20):
        pb.run_to(t)
        h.observe(pb.world)
    assert len(h.series([0])[0]) == 21
    snap_200 = None
    pb2 = Playback(build_world(clash, scale=1))
    pb2.run_to(200)
    snap_200 = pb2.world.snapshot()
    pb.world.restore(snap_200)
    h.observe(pb.world)
    assert h.series([0])[0].max() == 10
    pb.world.account = "malalas"
    h.observe(pb.world)
    assert len(h.series([0])[0]) == 1


def test_after_a_jump_forward_the_chart_fills_in_from_keyframes_with_the_true_numbers(clash):
    straight = Playback(build_world(clash, scale=1))
    truth = {}
    for tick in range(1, 801):
        straight.run_to(tick)
        straight.keyframes.put(straight.world.snapshot())  # as the background worker does
        truth[tick] = straight.world.men_now()
    pb = Playback(build_world(clash, scale=1), keyframes=straight.keyframes)
    h = StrengthHistory.for_world(pb.world)
    h.observe(pb.world)
    pb.seek(800)  # a visitor drags the playhead forward: seconds 1-39 were never shown
    h.observe(pb.world)
    assert len(h.series([0])[0]) == 2
    while h.backfill(pb.keyframes, pb.world):
        pass
    secs, _ = h.series([0])
    assert len(secs) > 10 and secs.max() == 40
    for sec in secs.astype(int)[1:]:  # each filled second holds the men at one of its ticks
        assert any(np.allclose(h.men[sec], truth[t]) for t in range(20 * sec, 20 * sec + 20)), sec
    assert h.men[:, 1][secs.astype(int)].min() < h.men[0, 1]  # the curve shows the losses


def test_every_formation_has_source_text_and_a_citation(scenario):
    for spec in scenario.formations:
        assert len(spec.about.split()) >= 5, spec.id
        assert spec.citation.ref.strip(), spec.id
        assert spec.strength_citation.ref.strip(), spec.id
        for c in spec.commanders:
            assert c.note.strip() and c.citation.ref.strip(), c.name
        d = panel_data(scenario, build_world_once(scenario), scenario.formation_index(spec.id))
        assert d.about and d.citation


_WORLDS: dict = {}


def build_world_once(scenario):
    if id(scenario) not in _WORLDS:
        _WORLDS[id(scenario)] = build_world(scenario, scale=200)
    return _WORLDS[id(scenario)]


def test_a_number_of_our_own_is_flagged_as_reconstruction(scenario):
    world = build_world_once(scenario)
    d = panel_data(scenario, world, scenario.formation_index("peter"))
    assert d.reconstruction and (d.range_lo, d.range_hi) == (2000, 6000)
    d = panel_data(scenario, world, scenario.formation_index("lycaonians"))
    assert not d.reconstruction


# -- closing, keys, follow, minimap, tooltip ----------------------------------------------------
def _open(app, fid="peter") -> int:
    i = app.scenario.formation_index(fid)
    app.inspect.select(i)
    app.frame(0.0)
    return i


def test_the_close_button_closes_the_panel(app):
    _open(app)
    _click(app.layout["panel.close"].center)
    app.frame(0.0)
    assert not app.inspect.is_open


def test_tapping_empty_ground_closes_the_panel(app):
    _open(app)
    app.camera.centre_x, app.camera.centre_y = 7500, 300  # the far bank, nobody there
    app.frame(0.0)
    panel = app.layout.box("panel")  # (as wide as its chart needs: tap beside it)
    _click((panel.x // 2 if panel.x > 0 else (panel.right + 1920) // 2, 540))
    app.frame(0.0)
    assert not app.inspect.is_open


def test_esc_closes_the_panel_and_only_then_quits(app):
    _open(app)
    _key(pygame.K_ESCAPE)
    app.frame(0.0)
    assert not app.inspect.is_open and app.running
    _key(pygame.K_ESCAPE)
    app.frame(0.0)
    assert not app.running


def test_tab_cycles_formations_and_shift_tab_goes_back(app):
    _key(pygame.K_TAB)
    app.frame(0.0)
    assert app.inspect.selected == 0
    _key(pygame.K_TAB)
    app.frame(0.0)
    assert app.inspect.selected == 1
    _key(pygame.K_TAB, pygame.KMOD_LSHIFT)
    app.frame(0.0)
    assert app.inspect.selected == 0


def test_c_toggles_captions(app):
    on = app.options.captions
    _key(pygame.K_c)
    app.frame(0.0)
    assert app.options.captions is not on


def test_follow_keeps_the_formation_on_screen_clear_of_the_panel(app):
    i = _open(app, "harith")
    _click(app.layout["panel.follow"].center)
    app.frame(0.0)
    assert app.inspect.follow
    app.playback.play()
    for _ in range(5):
        app.frame(0.5)
    cx, cy = app.inspect._centre(i)
    sx, sy = app.camera.point_to_screen(cx, cy)
    x0, x1 = app.inspect.free_span()
    assert x0 < sx < x1 and 0 < sy < app.camera.height


def test_a_click_on_the_minimap_moves_the_camera_there(app):
    app.camera.scale = 2.0  # zoomed in, so the view is free to go anywhere on the map
    app.frame(0.0)
    r = app.layout["minimap"]
    _click((r.x + r.width * 3 // 4, r.y + r.height // 4))
    app.frame(0.0)
    assert abs(app.camera.centre_x - 0.75 * app.scenario.map.width_m) < 400
    assert not app.inspect.is_open


def test_hover_names_the_formation_in_a_tooltip(app):
    app.frame(0.0)
    i = app.scenario.formation_index("sunicas")
    row = _inner_soldier(app, i)
    pos = _body_on_screen(app, row)
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0))
    )
    app.frame(0.0)
    assert app.scene.interface.inspect.hover_text == app.scenario.formations[i].name
    assert app.layout.get(f"label.formation.{i}") is not None  # the hover label, once


def test_headless_screenshot_with_the_panel_open(app, tmp_path):
    i = _open(app, "belisarius")
    app.frame(0.0)
    shot = tmp_path / "panel.png"
    pygame.image.save(app.screen, str(shot))
    img = pygame.surfarray.array3d(pygame.image.load(str(shot)))
    r = app.inspect.panel_rect
    inside = img[r.x + 10 : r.right - 10, r.y + 10 : r.bottom - 10]
    dark = (inside.astype(int).sum(axis=-1) < 150).mean()
    assert dark > 0.5, "the panel is not drawn"
    gold = (np.abs(inside.astype(int) - np.array((232, 196, 120))).sum(axis=-1) < 30).sum()
    assert gold > 300, "no gold heading in the panel"
    assert app.inspect.selected == i


def test_the_panel_dates_the_order_and_says_when_a_march_has_arrived(battles):
    """Mid-battle the infantry's last order is still the dawn march to its place: the panel gives
    that order's time and says it was reached, so it does not read as what the men do now. (The
    world at 5000 is the session's straight run's, scale 100: tests/support/battles.py.)"""
    from game.view.panel_data import panel_data

    scenario = battles.scenario
    world = battles.world_at(5000)  # the archery duel
    clock, rate = scenario.clock, scenario.clock.tick_rate
    now = clock.time_of_day(world.tick / rate)
    d = panel_data(scenario, world, scenario.formation_index("peter"))
    assert d.doing == "holding its ground"
    when = d.order.split(",", 1)[1].split(":", 2)
    given = f"{when[0].strip()}:{when[1][:2]}"
    assert d.order.startswith("Orders, ") and given < now, d.order
    assert d.order.endswith("march to its position (reached)"), d.order
