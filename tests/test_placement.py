"""One label-placement pass: no two labels overlap, none is cut off, none lies on the interface,
none is shown twice, the hover label wins its place and never covers the panel."""

from __future__ import annotations

import itertools

import pygame
import pytest

from game.view.placement import LabelRequest, around, place

SCREEN = pygame.Rect(0, 0, 800, 600)


def _req(key: str, at, size=(100, 20), priority=0.0, cands=((0, 0),), clamp=False):
    return LabelRequest(key, pygame.Surface(size), at, cands, priority, clamp)


def test_higher_priority_takes_the_spot_and_the_other_tries_its_next_candidate():
    low = _req("low", (100, 100), priority=1, cands=((0, 0), (0, 40)))
    high = _req("high", (100, 100), priority=2)
    placed = {p.request.key: p.rect for p in place([low, high], [], SCREEN)}
    assert placed["high"].topleft == (100, 100)
    assert placed["low"].topleft == (100, 140)


def test_a_label_that_fits_nowhere_is_dropped():
    a = _req("a", (100, 100), priority=2)
    b = _req("b", (110, 105), priority=1)
    assert [p.request.key for p in place([a, b], [], SCREEN)] == ["a"]


def test_one_key_is_shown_once_the_higher_priority_request_wins():
    banner = _req("formation.7", (300, 300), priority=5)
    hover = _req("formation.7", (50, 50), priority=100)
    placed = place([banner, hover], [], SCREEN)
    assert len(placed) == 1 and placed[0].request is hover


def test_no_label_on_an_obstacle_or_across_the_screen_edge():
    panel = pygame.Rect(400, 0, 400, 600)
    on_panel = _req("p", (450, 100))
    at_edge = _req("e", (-30, 100))
    below = _req("b", (100, 590))
    assert place([on_panel, at_edge, below], [panel], SCREEN) == []


def test_a_clamped_label_slides_back_onto_the_screen_but_never_onto_an_obstacle():
    w, h = 500, 30  # too wide for either side of a pointer in the middle
    hover = _req("hover", (400, 300), (w, h), cands=around(w, h, 20), clamp=True)
    (p,) = place([hover], [], SCREEN)
    assert SCREEN.contains(p.rect) and not p.rect.collidepoint(400, 300)
    w = 120
    panel = pygame.Rect(500, 0, 300, 600)  # the pointer beside an open panel
    hover = _req("hover", (495, 300), (w, h), cands=around(w, h, 20), clamp=True)
    (p,) = place([hover], [panel], SCREEN)
    assert not p.rect.colliderect(panel) and p.rect.right <= 495


def test_placed_labels_keep_a_gap_between_them():
    cands = tuple((0, 21 * n) for n in range(20))
    reqs = [_req(f"k{i}", (100, 100), cands=cands) for i in range(5)]
    rects = [p.rect for p in place(reqs, [], SCREEN)]
    for a, b in itertools.combinations(rects, 2):
        assert not a.inflate(4, 4).colliderect(b)


def test_a_label_far_from_its_formation_takes_a_place_its_leader_line_crosses_no_label():
    """At the stand a far ring's first free spot put the Persian centre's name above two Roman
    labels, its leader line running through both (1024x600, 15:34)."""
    roman = _req("roman", (300, 250), priority=2)  # placed first, between the body and above
    up, right = (-50, -200), (150, -10)  # up: free, but its line runs through "roman"
    far = LabelRequest(
        "far", pygame.Surface((100, 20)), (350, 300), ((0, 0), up, right), 1, leader_from=1
    )
    taken = _req("near", (350, 300), priority=3)  # the near spot is taken
    placed = {p.request.key: p.rect for p in place([roman, far, taken], [], SCREEN)}
    assert placed["far"].topleft == (500, 290)  # beside, not above across the Roman label
    # where no spot is clear of every line, the name is still shown (its line passes under)
    far = LabelRequest("far", pygame.Surface((100, 20)), (350, 300), ((0, 0), up), 1, leader_from=1)
    placed = {p.request.key: p.rect for p in place([roman, far, taken], [], SCREEN)}
    assert placed["far"].topleft == (300, 100)


def test_no_later_label_lies_on_a_leader_line_where_it_has_another_place():
    far = LabelRequest(
        "far", pygame.Surface((100, 20)), (400, 400), ((0, 0), (-50, -300)), 2, leader_from=1
    )
    blocker = _req("blocker", (400, 400), priority=3)
    late = _req("late", (380, 250), priority=1, cands=((0, 0), (200, 0)))  # (0, 0): on the line
    placed = {p.request.key: p.rect for p in place([far, blocker, late], [], SCREEN)}
    assert placed["far"].topleft == (350, 100)
    assert placed["late"].topleft == (580, 250)


def test_leader_lines_are_drawn_under_the_labels(real_scenario, monkeypatch):
    """A line that must cross a label passes beneath it, not through its words."""
    from game.sim.world import build_world
    from game.timeline.playback import Playback
    from game.view import interface
    from game.view.camera import Camera
    from game.view.options import ViewOptions
    from game.view.scene import Scene

    pygame.display.init()
    target = pygame.Surface((1280, 720))
    scene = Scene(real_scenario)
    drawn: list[str] = []
    blit = interface.blit_placed
    monkeypatch.setattr(interface, "blit_placed", lambda t, p: (drawn.append("labels"), blit(t, p)))
    leaders = scene.banners.leaders
    monkeypatch.setattr(
        scene.banners, "leaders", lambda t, p: (drawn.append("leaders"), leaders(t, p))
    )
    cam = Camera(0, 0, 1.0, *target.get_size())
    cam.fit(0, 0, 8000, 6000, margin=0.0)
    scene.draw(target, cam, Playback(build_world(real_scenario, scale=10)), ViewOptions())
    assert drawn == ["leaders", "labels"]


@pytest.mark.parametrize("seed", range(3))
def test_a_random_crowd_never_overlaps(seed):
    import random

    rnd = random.Random(seed)
    reqs = [
        _req(
            f"k{i % 40}",
            (rnd.uniform(-50, 850), rnd.uniform(-50, 650)),
            (rnd.randint(30, 200), rnd.randint(14, 40)),
            rnd.random(),
            tuple((rnd.uniform(-100, 100), rnd.uniform(-100, 100)) for _ in range(4)),
            rnd.random() < 0.3,
        )
        for i in range(120)
    ]
    hud = [pygame.Rect(0, 0, 300, 80), pygame.Rect(0, 520, 800, 80)]
    placed = place(reqs, hud, SCREEN)
    assert len({p.request.key for p in placed}) == len(placed)
    for p in placed:
        assert SCREEN.contains(p.rect) and p.rect.collidelist(hud) < 0
    for a, b in itertools.combinations([p.rect for p in placed], 2):
        assert not a.colliderect(b)


# -- the real battle: a crowded stand ------------------------------------------------------------
@pytest.fixture(scope="module")
def stand(battles):
    """The window at the stand by the river, zoomed onto it, the panel open on the Roman
    infantry and the pointer on one of its men: every kind of label competes for room."""
    from game.app.window import WindowApp

    scenario = battles.scenario
    app = WindowApp(scenario, scale=100, precompute=False)
    pb = app.playback
    stand_phase = next(p for p in scenario.phases_for(pb.world.account) if p.id == "stand")
    tick = stand_phase.tick + 60 * scenario.clock.tick_rate
    tick -= tick % 60  # a keyframe of the session's straight run (a second, and dense)
    battles.ready_to_seek(pb, tick)
    pb.seek(tick)
    yield app
    app.close()


def _crowd_view(app, formation: str):
    import numpy as np

    from game.sim.world import on_field

    pb = app.playback
    i = app.scenario.formation_index(formation)
    s = pb.world.soldiers
    pos = pb.positions()
    rows = (s.formation == i) & on_field(s.state)
    app.camera.centre_x = float(pos[0, rows].mean())
    app.camera.centre_y = float(pos[1, rows].mean())
    app.camera.scale = 0.5
    app.story.active = False  # the camera is set by hand, as a visitor's pan and zoom would
    app.inspect.select(i)
    app.inspect.follow = False
    app.camera.clamp_to(app.scenario.map.width_m, app.scenario.map.height_m)
    trooper = int(np.flatnonzero(rows & (s.commander < 0))[0])
    return i, app.camera.point_to_screen(float(pos[0, trooper]), float(pos[1, trooper]))


def test_a_crowded_stand_shows_each_label_once_clear_of_everything(stand):
    i, at = _crowd_view(stand, "peter")
    stand.inspect.hover((int(at[0]), int(at[1])))
    stand.frame(0.0)
    lay = stand.layout
    labels = lay.under("label.")
    assert len(labels) >= 3, labels  # a crowd, not an empty screen
    assert lay.overlaps() == [], lay.overlaps()
    assert lay.off_screen() == []
    panel = lay.box("panel")
    assert all(not r.colliderect(panel) for _, r in labels)
    # the pointer's own formation is named once: by its hover label, not also by its banner
    assert stand.scene.interface.inspect.hover_text
    assert sum(1 for n, _ in labels if n == f"label.formation.{i}") == 1


def test_a_formation_down_to_one_figure_has_no_banner():
    import numpy as np

    from game.view.camera import Camera
    from game.view.labels import banners_for

    cam = Camera(0, 0, 1.0, 800, 600)
    xs, ys = np.array([0.0, 50.0]), np.array([0.0, 50.0])
    men = np.array([10.0, 400.0])  # one figure of ten men (scale 10), forty figures
    facing = np.array([[0.0, 0.0], [1.0, 1.0]])
    banners = banners_for(
        cam,
        ["Last man", "Many"],
        [(200, 0, 0)] * 2,
        xs,
        ys,
        men,
        facing,
        np.ones(2),
        np.array([1, 40]),
    )
    assert [b.text.split(" ·")[0] for b in banners] == ["Many"]


def test_no_event_number_under_the_bar_is_half_hidden_by_the_playheads_time(real_scenario):
    """At the stand at 1024x600 the numbers under the bar read "16 1": an 18 half under the
    playhead's time. Each number is whole and clear of the time and of the next, or not there;
    and the layout lists them."""
    from game.sim.events import Event
    from game.sim.world import build_world
    from game.timeline.playback import Playback
    from game.view.fonts import Fonts
    from game.view.layout import Layout
    from game.view.timeline_bar import TimelineBar
    from game.view.units import units_for

    pygame.display.init()
    size = (1024, 600)
    target = pygame.Surface(size)
    playback = Playback(build_world(real_scenario, scale=100))
    bar = TimelineBar(real_scenario, Fonts())
    events = tuple(Event(t, "rout", 0, "", "") for t in range(0, 3000, 60))  # from the head on
    playback.world.events.extend(events)
    layout = Layout(size)
    bar.draw(target, playback, units=units_for(size), layout=layout)
    time_box = layout["bar.playhead"]
    numbers = [r for _, r in layout.under("bar.event.")]
    assert numbers, "no event number drawn"
    for i, a in enumerate(numbers):
        assert not a.colliderect(time_box), a
        for b in numbers[i + 1 :]:
            assert not a.inflate(8, 0).colliderect(b), (a, b)  # "1" and "5" are not "15"
