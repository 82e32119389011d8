"""Marginalia: the scale bar, the legend, the inset locator and the region data behind it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame
import pytest

from game.scenario.geography import REGION_FILE, load_region
from game.scenario.yamlsafe import DataError
from game.view.fonts import Fonts
from game.view.legend import Legend, LegendContext, LegendEntry
from game.view.locator import BATTLE, Locator
from game.view.marginalia import ROMAN_MILE_M, Marginalia, scale_steps

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def fonts() -> Fonts:
    pygame.init()
    return Fonts()


@pytest.fixture(scope="module")
def region():
    return load_region()


# -- the scale bar --------------------------------------------------------------------------
@pytest.mark.parametrize("px_per_m", [0.16, 0.25, 0.5, 1.0, 2.8, 8.0, 16.0])
def test_the_scale_bar_is_true_to_the_camera_in_metres_and_roman_miles(px_per_m):
    (mpx, mlabel), (rpx, rlabel) = scale_steps(px_per_m)
    metres = float(mlabel.split()[0].replace(",", "")) * (1000 if mlabel.endswith("km") else 1)
    assert mpx == pytest.approx(metres * px_per_m)
    assert 60 <= mpx <= 300 and 60 <= rpx <= 300  # long enough to judge, short for a corner
    fractions = {"½": 0.5, "¼": 0.25}
    n = rlabel.split()[0]
    n = fractions.get(n) or float(n.replace(",", ""))
    unit = ROMAN_MILE_M if "mile" in rlabel else ROMAN_MILE_M / 1000
    assert rpx == pytest.approx(n * unit * px_per_m)


def test_a_roman_mile_is_a_thousand_paces_of_about_1480_m():
    """History brief section 6: 20 Roman miles in 5 summer hours at 1.3 m/s (~1.48 km/mile)."""
    summer_hour_s = 15 * 3600 / 12  # a twelfth of a 15-hour April-May day
    assert 20 * ROMAN_MILE_M / (5 * summer_hour_s) == pytest.approx(1.3, abs=0.05)


# -- the legend -----------------------------------------------------------------------------
def test_the_legend_lists_every_layer_s_entries_and_folds_away(fonts):
    def paint(surf, rect):
        pygame.draw.rect(surf, (200, 0, 0), rect)

    def terrain(ctx):
        return [LegendEntry("reed beds", paint, "Places")]

    def men(ctx):
        return [LegendEntry(f"one dot stands for {ctx.men_per_dot} men", paint, "Armies")]

    legend = Legend(fonts, [terrain, men])
    ctx = LegendContext(men_per_dot=10, px_per_m=0.5)
    assert [e.label for e in legend.entries(ctx)] == ["reed beds", "one dot stands for 10 men"]
    target = pygame.Surface((1920, 1080))
    button = pygame.Rect((28, 400), legend.button_size())
    closed = legend.draw(target, ctx, button, None)
    assert set(closed) == {"legend.button"}
    legend.toggle()
    panel = pygame.Rect((28, button.bottom + 6), legend.panel_size(ctx, 600))
    opened = legend.draw(target, ctx, button, panel)
    assert opened["legend.panel"] == panel
    # Each entry's swatch is drawn in the panel.
    px = pygame.surfarray.array3d(target.subsurface(panel))
    assert ((px[..., 0] == 200) & (px[..., 1] == 0)).sum() >= 2 * 40 * 20


def test_the_terrain_legend_names_the_marks_the_map_draws(fonts):
    from game.scenario.battlemap import load_map
    from game.view.terrain import TerrainPainter
    from game.view.terrain.key import terrain_legend

    painter = TerrainPainter(load_map(ROOT / "maps" / "callinicum" / "map.yaml"))
    labels = " ".join(e.label for e in terrain_legend(painter.fields)(LegendContext(1, 1.0)))
    for mark in ("walled town", "camp", "road", "fields", "reed", "scrub", "river", "contour"):
        assert mark in labels


def test_the_legend_says_what_one_dot_stands_for_at_the_run_s_scale(fonts):
    m = Marginalia(fonts, None)
    assert "10 men" in m.legend_entries(LegendContext(10, 0.4))[0].label
    assert "one man" in m.legend_entries(LegendContext(1, 0.4))[0].label


# -- the locator and its data ---------------------------------------------------------------
def test_the_locator_marks_callinicum_between_antioch_and_the_frontier(region, fonts):
    loc = Locator(region, fonts)
    size = loc.size_for(320)
    surf = loc.surface(size)
    k = size[0] / region.project(region.east, region.south)[0]

    def at(name):
        p = region.place(name)
        x, y = region.project(p.lon, p.lat)
        return round(x * k), round(y * k)

    cx, cy = at("Callinicum")
    ring = max(6, size[0] // 40) - 1  # inside the 2 px stroke
    hits = [
        surf.get_at((cx + dx, cy + dy))[:3] == BATTLE
        for dx, dy in ((ring, 0), (-ring, 0), (0, ring), (0, -ring))
    ]
    assert sum(hits) >= 3, "Callinicum is ringed in red where it lies"
    ax, _ = at("Antioch")
    dx, _ = at("Dara")
    assert ax < cx < dx  # west to east: Antioch, Callinicum, Dara
    # The frontier runs east of Callinicum and between Dara and Nisibis.
    fx = np.interp(
        37.1, *zip(*sorted((lat, lon) for lon, lat in region.frontier.points), strict=False)
    )
    assert region.place("Dara").lon < fx < region.place("Nisibis").lon
    assert region.place("Callinicum").lon < min(lon for lon, _ in region.frontier.points)


def test_callinicum_in_the_region_file_is_where_the_history_brief_puts_it(region):
    p = region.place("Callinicum")
    assert (p.lat, p.lon) == pytest.approx((35.95, 39.02), abs=0.02)  # brief section 1


def test_a_bad_place_in_the_region_file_is_one_clear_line(tmp_path):
    text = REGION_FILE.read_text().replace("lon: 36.16, lat: 36.20", "lon: 136.16, lat: 36.20")
    bad = tmp_path / "geography.yaml"
    bad.write_text(text)
    with pytest.raises(DataError) as err:
        load_region(bad)
    message = str(err.value)
    assert "geography.yaml" in message and "lon" in message and "\n" not in message
