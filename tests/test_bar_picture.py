"""The timeline bar's picture is kept while nothing it shows changes (`game/view/bar_picture.py`):
whatever a visitor would see change on it (the playhead moving, play or pause, the speed, an
unfinished seek, the account, a right-to-left language, a resize) is drawn afresh,
byte for byte the picture a fresh bar draws, over whatever map is under it (it is opaque)."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.app.languages import Languages
from game.sim.world import build_world
from game.timeline.playback import Playback
from game.view.fonts import Fonts
from game.view.layout import Layout
from game.view.timeline_bar import TimelineBar
from game.view.units import units_for

SIZE = (1920, 1080)


def _map(size, seed: int) -> pygame.Surface:
    """A different busy map under the bar each frame (men moving under it)."""
    surf = pygame.Surface(size)
    rng = np.random.default_rng(seed)
    pygame.surfarray.blit_array(surf, rng.integers(0, 256, (*size, 3), dtype=np.uint8))
    return surf


@pytest.fixture(scope="module")
def fonts() -> Fonts:
    pygame.display.init()
    pygame.font.init()
    return Fonts()


@pytest.fixture(scope="module")
def playbacks(real_scenario):
    return {
        a: Playback(build_world(real_scenario, scale=100, account=a))
        for a in real_scenario.accounts
    }


class Bars:
    def __init__(self, scenario, fonts):
        self.scenario, self.fonts = scenario, fonts
        self.kept = TimelineBar(scenario, fonts)
        self.frames = 0
        self.shown: tuple | None = None  # (scenario worded, language code) of `show`

    def show(self, shown, code: str) -> None:
        self.shown = (shown, code)
        self.kept.show(shown, code)

    def same(self, pb: Playback, size=SIZE) -> tuple:
        """Draw the kept bar and a fresh one (set alike) over two different maps: the same
        pixels and leaves. Returns what the kept one drew."""
        self.frames += 1
        fresh = TimelineBar(self.scenario, self.fonts)
        fresh.large_text = self.kept.large_text
        if self.shown is not None:
            fresh.show(*self.shown)
        got = []
        for k, bar in enumerate((self.kept, fresh)):
            target, layout = _map(size, self.frames * 2 + k), Layout(size)
            lay = bar.draw(target, pb, (0, 0), units_for(size), layout)
            pixels = pygame.image.tobytes(target.subsurface(lay.panel), "RGB")
            got.append((pixels, sorted((n, tuple(r)) for n, r in layout.items())))
        assert got[0] == got[1], "the kept bar's picture differs from a fresh bar's"
        return got[0]


def test_a_still_bar_is_drawn_once_and_what_changes_on_it_is_drawn_afresh(
    real_scenario, fonts, playbacks
):
    bars = Bars(real_scenario, fonts)
    pb = playbacks["procopius"]
    pb.pause()
    first = bars.same(pb)
    drawn = bars.kept.picture.drawn
    assert bars.same(pb) == first
    assert bars.kept.picture.drawn == drawn, "a still bar was drawn again"
    seen = {first[0]}
    for change in (
        lambda: pb.step_once(),  # a tick on: the playhead moves (a px, sooner or later)
        lambda: [pb.step_once() for _ in range(400)],
        lambda: pb.play(),
        lambda: pb.set_speed(4.0),
        lambda: pb.pause(),
        lambda: pb.seek(pb.world.tick + 3000, budget_seconds=0.0),  # an unfinished seek
        lambda: pb.seek(pb.world.tick),
    ):
        change()
        seen.add(bars.same(pb)[0])
    assert len(seen) >= 6, "the changes showed"


def test_the_other_account_and_another_language_are_drawn_afresh(real_scenario, fonts, playbacks):
    bars = Bars(real_scenario, fonts)
    pb, mal = playbacks["procopius"], playbacks["malalas"]
    before = bars.same(pb)
    assert bars.same(mal) != before
    english = bars.same(mal)
    languages = Languages(real_scenario, offered=("en", "ar"))
    try:
        for code in ("ar", "en"):  # as the language row switches: words, direction, names
            fonts.set_language(languages.words(code))
            bars.show(languages.shown(code)[0], code)
            assert (bars.same(mal) == english) == (code == "en")
    finally:
        fonts.set_language(languages.words("en"))
    assert bars.same(pb) == before
    bars.same(pb, (1024, 600))


def test_nothing_of_the_bar_is_drawn_outside_its_panel(real_scenario, fonts, playbacks):
    """Its picture is its panel's pixels: were anything drawn outside it, it would be lost."""
    bar, pb = TimelineBar(real_scenario, fonts), playbacks["procopius"]
    target = _map(SIZE, 1)
    before = pygame.surfarray.array3d(target)
    lay = bar.draw(target, pb, (0, 0), units_for(SIZE), None)
    after = pygame.surfarray.array3d(target)
    after[lay.panel.left : lay.panel.right, lay.panel.top : lay.panel.bottom] = before[
        lay.panel.left : lay.panel.right, lay.panel.top : lay.panel.bottom
    ]
    assert np.array_equal(after, before)
