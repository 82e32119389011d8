"""Fits every screen: at 1024x600, 1280x720, 1366x768, 1920x1080 and 3840x2160 every control is
on screen, no two rectangles of the interface overlap, text keeps its physical minimum, and the
window reflows when resized; the window opens inside the screen; the kiosk fills any aspect."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest
from conftest import REAL_SCENARIO

from game.app.display import FRAME_GUESS, fit_window, minimum_size
from game.scenario.load import load_scenario
from game.timeline.clock import SPEEDS
from game.view.units import MIN_CAP_ARCMIN, Units, cap_arcmin, units_for

SCREENS = {
    # size: px per mm of a screen that size is typically shown on
    (1024, 600): 1024 / 222.0,  # a 10.1-inch netbook
    (1280, 720): 96 / 25.4,  # a window on an ordinary 96-dpi desktop
    (1366, 768): 1366 / 309.0,  # a 14-inch laptop
    (1920, 1080): 1920 / 527.0,  # a 24-inch monitor
    (3840, 2160): 3840 / 597.0,  # a 27-inch 4K monitor
}
DISTANCE_M = 0.6


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(REAL_SCENARIO)


MAP_LETTERING = frozenset(
    {"game.view.locator", "game.view.marginalia", "game.view.legend", "game.view.places"}
)
"""The map's own lettering (inset locator, scale bar, legend, place names): checked apart."""


class Recorder:
    """Wraps `Fonts.render` to note every (module, text, font size) drawn on this screen so far
    (cached labels are rendered once, so the record is kept from the window's first frame)."""

    def __init__(self, fonts):
        self.seen: set[tuple[str, str, int]] = set()
        self._render = fonts.render
        fonts.render = self.render

    def render(self, text, face, size, colour):
        caller = sys._getframe(1).f_globals.get("__name__", "?")
        if caller == "game.view.lettering":  # the map's halo helper: whoever asked for it
            caller = "game.view.places"
        self.seen.add((caller, text, size))
        return self._render(text, face, size, colour)

    def too_small(self, units: Units, lettering: bool = False) -> list[tuple[str, str, int]]:
        """What was drawn under 16 arcmin at 0.6 m: the interface's (or the map's) text."""
        return sorted(
            (m, t, px)
            for m, t, px in self.seen
            if (m in MAP_LETTERING) == lettering
            and cap_arcmin(px, units.px_per_mm, DISTANCE_M) < MIN_CAP_ARCMIN - 0.05
        )


MID = 5000
"""The mid-battle tick the states with captions and the panel are drawn at (13:08)."""


@pytest.fixture(scope="module", params=list(SCREENS), ids=lambda s: f"{s[0]}x{s[1]}")
def screen(request, battles):
    from game.app.window import WindowApp

    size = request.param
    app = WindowApp(
        battles.scenario, scale=100, size=size, px_per_mm=SCREENS[size], precompute=False
    )
    app.recorder = Recorder(app.scene.fonts)
    battles.give_keyframe(app.playback, MID - MID % 60)  # as its worker would: no re-simulation
    yield app
    app.close()


def _frames(app, n: int = 2) -> None:
    for _ in range(n):
        app.frame(0.0)


def _check(app, *, panel: bool = False) -> None:
    """What must hold of every frame, at every size."""
    lay = app.layout
    assert lay.size == app.screen.get_size()
    assert lay.off_screen() == [], f"off screen: {lay.off_screen()}"
    assert lay.overlaps() == [], f"overlapping: {lay.overlaps()}"
    controls = ["title", "clock", "minimap", "bar.play", "bar.track"]
    controls += [f"bar.speed.{s:g}x" for s in SPEEDS]
    controls += [f"bar.account.{a}" for a in app.scenario.accounts]
    controls += ["panel.close", "panel.follow", "panel.heading", "panel.body"] if panel else []
    missing = [n for n in controls if n not in lay]
    assert missing == [], f"not on screen: {missing}"
    units = app.units
    for name in ["bar.play", *[n for n in controls if n.startswith(("bar.speed", "panel.c"))]]:
        r = lay[name]
        assert min(r.size) >= units.min_target_px, (name, r.size, units.min_target_px)
    from game.view.interface import label_edge

    edge = label_edge(units)
    inside = app.screen.get_rect().inflate(-2 * edge, -2 * edge)
    flush = [n for n, r in lay.under("label.") if not inside.contains(r)]
    assert flush == [], f"labels flush with the screen's edge: {flush}"
    assert app.recorder.seen, "no text drawn?"
    assert app.recorder.too_small(units) == [], f"under {units.min_text_px} px"


def test_at_the_start_everything_fits_and_the_first_time_is_not_overprinted(screen):
    screen.playback.seek(0)
    _frames(screen)
    _check(screen)
    lay = screen.layout
    assert "bar.start" not in lay  # 09:30 is the playhead's own time now: shown once
    # the current phase's name is whole on the bar (not "The ap...")
    phase = screen.scenario.phases_for(screen.playback.world.account)[0]
    shown = lay[f"bar.phase.{phase.id}"]
    font = screen.scene.fonts.font("sans", screen.units.text(22))
    assert shown.width >= font.size(phase.name)[0]


def test_mid_battle_with_captions_everything_fits(screen):
    screen.inspect.close()
    screen.options.captions = True
    screen.playback.seek(MID)
    _frames(screen)
    _check(screen)
    assert (
        "caption" in screen.layout and "bar.start" in screen.layout and "bar.end" in screen.layout
    )


def test_with_the_panel_open_and_the_pointer_on_a_unit_everything_fits(screen):
    app = screen
    app.playback.seek(MID)
    app.inspect.select(app.scenario.formation_index("belisarius"))
    _frames(app)
    s = app.playback.world.soldiers
    rows = np.flatnonzero(s.formation == app.scenario.formation_index("persian_right"))
    x, y = app.camera.point_to_screen(*app.playback.positions()[:, rows[len(rows) // 2]])
    app.inspect.hover((int(x), int(y)))
    _frames(app)
    _check(app, panel=True)
    panel = app.layout.box("panel")
    for name, rect in app.layout.under("label."):
        assert not rect.colliderect(panel), name  # the hover label never covers the panel
    app.inspect.close()


def test_with_captions_off_the_key_hint_fits_too(screen):
    screen.options.captions = False
    _frames(screen)
    _check(screen)
    assert "hint" in screen.layout
    screen.options.captions = True


def test_a_name_at_the_screens_edge_keeps_its_margin_from_it(screen):
    """The town's name, its point put so near the right edge that its label centred on it
    would end 3 px from the edge: it is set the other way round (or left out), at least
    2.5 mm from the edge, as every label is (without the margin it would be flush)."""
    app = screen
    app.inspect.close()
    was = (app.story.active, app.camera.centre_x, app.camera.centre_y, app.camera.scale)
    app.story.active = False  # a visitor's own view: the story camera lets go
    app.options.captions = False
    try:
        _town_at_the_edge(app)
    finally:
        app.options.captions = True
        app.story.active = was[0]
        app.camera.centre_x, app.camera.centre_y, app.camera.scale = was[1:]


def _town_at_the_edge(app) -> None:
    town = next(n for n, f in enumerate(app.scene.places.features) if f.kind == "town")
    cam, (wx, wy) = app.camera, app.scene.places.features[town].at
    w, h = app.screen.get_size()
    cam.centre_x, cam.centre_y = wx, wy  # the town at the middle: its label centred on it
    _frames(app)
    label = app.layout[f"label.place.{town}"]
    sx, sy = cam.point_to_screen(wx, wy)
    assert abs(label.centerx - sx) <= 1  # (centred, its first choice)
    near = w - label.width / 2 - 3  # centred, it would end 3 px from the right edge
    cam.centre_x += (sx - near) / cam.scale
    cam.centre_y += (sy - h * 0.42) / cam.scale  # mid-height: clear of the clock and minimap
    _frames(app)
    _check(app)
    got = app.layout.get(f"label.place.{town}")
    margin = max(app.units.px(10), round(2.5 * app.units.px_per_mm))
    assert got is None or got.right <= w - margin, (got, w, margin)


def test_the_maps_lettering_keeps_its_physical_minimum_too(screen):
    from game.view import theme

    screen.options.captions = False
    _frames(screen)
    assert screen.recorder.too_small(screen.units, lettering=True) == []
    # ...and is sized for the screen: the scale bar's figures shrink at 1280x720, grow at 4K
    scale_text = {px for m, t, px in screen.recorder.seen if m == "game.view.marginalia"}
    assert screen.units.text(theme.SMALL_SIZE) in scale_text, scale_text
    screen.options.captions = True


def test_the_open_legend_shows_every_entry_on_every_screen(screen):
    """L opens the legend below its button at every size, whole on one page on a monitor;
    where it cannot be (a laptop, a netbook), on pages its "More" button turns, round to the
    first again. Its type keeps the physical minimum, and nothing overlaps."""
    import pygame

    app = screen
    app.options.captions = True
    app.options.legend, app.options.legend_page = True, 0
    legend = app.scene.marginalia.legend
    try:
        _frames(app)
        _check(app)
        assert "legend.panel" in app.layout
        assert app.recorder.too_small(app.units, lettering=True) == []
        pages = legend.pages
        assert pages == 1 or app.screen.get_size()[1] < 1080, pages  # whole on a monitor
        assert ("legend.more" in app.layout) == (pages > 1)
        seen = []
        for _ in range(pages):
            seen.append(legend._shown)
            if pages > 1:
                at = app.layout["legend.more"].center
                for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
                    app.controls.handle(pygame.event.Event(kind, pos=at, button=1))
                _frames(app)
                _check(app)
                assert "legend.panel" in app.layout
        assert len({id(s) for s in seen}) == pages  # each tap showed another page
        assert legend._shown is seen[0]  # ...and the last led back to the first
    finally:
        app.options.legend, app.options.legend_page = False, 0


def test_a_resized_window_is_laid_out_afresh_not_cropped(scenario):
    from game.app.display import display_window
    from game.app.window import WindowApp

    app = WindowApp(scenario, scale=50, size=(1920, 1080), precompute=False)
    app.recorder = Recorder(app.scene.fonts)
    try:
        _frames(app)
        for size in ((1024, 600), (1366, 768), (2560, 1080)):
            display_window().size = size
            _frames(app)
            assert app.screen.get_size() == size
            _check(app)
            bar = app.layout["bar.play"]
            assert size[1] - bar.bottom < 0.2 * size[1]  # the bar at this window's bottom
    finally:
        app.close()


# -- the window on a real screen --------------------------------------------------------------
@pytest.mark.parametrize(
    "usable",
    [(0, 0, 1366, 740), (0, 27, 1920, 1053), (0, 0, 1280, 1024), (1920, 0, 2560, 1400)],
    ids=["laptop", "1080p-with-panel", "5:4", "second-screen"],
)
def test_the_window_opens_inside_the_screen_as_large_as_fits_at_16_9_or_wider(usable):
    (w, h), (x, y) = fit_window(usable, FRAME_GUESS)
    ux, uy, uw, uh = usable
    top, left, bottom, right = FRAME_GUESS
    assert x - left >= ux and y - top >= uy  # never off the screen's top or left
    assert x + w + right <= ux + uw and y + h + bottom <= uy + uh
    assert w / h >= 16 / 9 - 0.01
    assert w == uw - left - right or h == uh - top - bottom  # as large as fits


def test_a_requested_size_larger_than_the_screen_is_shrunk_to_fit():
    (w, h), (x, y) = fit_window((0, 0, 1366, 768), FRAME_GUESS, wanted=(1920, 1080))
    assert x >= 0 and y >= 0 and x + w <= 1366 and y + h <= 768
    assert abs(w / h - 16 / 9) < 0.01
    assert minimum_size((0, 0, 800, 480)) == (800, 480)  # a small screen can hold the window


# -- the kiosk: map to every edge -------------------------------------------------------------
@pytest.mark.parametrize("size", [(1920, 1080), (1920, 1200), (2560, 1080), (1280, 1024)])
def test_the_attract_tour_fills_any_aspect_with_map(battles, size):
    from game.kiosk.app import tour_path
    from game.kiosk.tour import Tour, load_tour
    from game.view.camera import Camera

    scenario = battles.scenario  # the day's straight run, shared by the session (scale 100)
    tour = Tour(load_tour(tour_path(scenario), scenario), scenario, round(152 * size[1] / 1080))
    camera = Camera(0, 0, 1.0, *size)
    w_m, h_m = scenario.map.width_m, scenario.map.height_m
    world = battles.world_at(0)
    tour.restart(camera, world, world.soldiers.pos, 0.0)
    now = 0.0
    end = scenario.clock.end_tick
    for tick in range(0, end, end // 12):
        world = battles.world_at(tick)
        for _ in range(8):
            now += 0.5
            tour.update(camera, world, world.soldiers.pos, now)
        x0, y0, x1, y1 = camera.visible_world_rect()
        assert x0 >= -0.5 and y0 >= -0.5 and x1 <= w_m + 0.5 and y1 <= h_m + 0.5, (
            f"ground runs out at {tick}: view {x0:.0f},{y0:.0f}..{x1:.0f},{y1:.0f}"
        )


# -- sizes ------------------------------------------------------------------------------------
def test_the_key_hint_reads_from_two_metres_on_the_museum_panel():
    from game.view import theme

    px_per_mm = math.hypot(1920, 1080) / (43 * 25.4)  # a 43-inch 1080p panel
    assert cap_arcmin(theme.HINT_SIZE, px_per_mm, 2.0) >= MIN_CAP_ARCMIN


def test_text_never_shrinks_below_its_physical_minimum():
    dense = units_for((1024, 600), px_per_mm=1024 / 222.0)
    assert dense.text(19) >= dense.min_text_px > round(19 * dense.scale)  # floored, not scaled
    assert cap_arcmin(dense.min_text_px, dense.px_per_mm, 0.6) >= MIN_CAP_ARCMIN
    big = Units(2.0)
    assert big.text(19) == 38  # a 4K window: the 1080p design, twice over
