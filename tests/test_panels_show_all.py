"""Every panel shows all it has, in every language, at every size, in normal and large text:
the "Who tells us" page (every book of its bibliography, paged with a visible control where it
needs more than one page), the timeline's speed chips (each holds its label with its padding),
the unit panel (its side's swatch mirrored right to left)."""

from __future__ import annotations

import pygame
import pytest

from game.lang.languages import LANGUAGES
from game.timeline.clock import SPEEDS
from game.view.bar_layout import CHIP_PAD, CHIP_SIZE, speed_label

SCREENS = {
    (1920, 1080): 1920 / 527.0,  # a 24-inch monitor
    (1366, 768): 1366 / 309.0,  # a 14-inch laptop
    (1280, 720): 96 / 25.4,  # a window on an ordinary 96-dpi desktop
    (1024, 600): 1024 / 222.0,  # a 10.1-inch netbook
}
MID = 5000  # 13:08, mid-battle (a keyframe of the shared run)
AFTER_THE_BLOW = 6180  # the blow's numbered events on the map and the bar (a shared keyframe)
TEXT = {"normal": False, "large": True}


@pytest.fixture(scope="module", params=list(SCREENS), ids=lambda s: f"{s[0]}x{s[1]}")
def screen(request, battles):
    from game.app.window import WindowApp

    size = request.param
    app = WindowApp(
        battles.scenario, scale=100, size=size, px_per_mm=SCREENS[size], precompute=False
    )
    battles.give_keyframe(app.playback, MID - MID % 60)
    app.playback.seek(MID)
    yield app
    app.close()


def _shown(app, code: str, large: bool) -> None:
    app.set_language(code)
    if (app.text_scale != 1.0) != large:
        app.toggle_large_text()


class _Drawn:
    """Every string `Fonts.render` is asked for while it is on (what the frame draws)."""

    def __init__(self, fonts):
        self.fonts, self.texts = fonts, []

    def __enter__(self):
        render = self.render = self.fonts.render
        self.fonts.render = lambda text, *a: self.texts.append(text) or render(text, *a)
        return self

    def __exit__(self, *exc):
        self.fonts.render = self.render


def _tellers_pages(app) -> list[tuple[dict, list[str]]]:
    """Each page of the open "Who tells us" panel: its layout leaves and the strings drawn."""
    pages, first = [], None
    for page in range(12):
        app.options.tellers_page = page
        with _Drawn(app.scene.fonts) as drawn:
            app.frame(0.0)
        leaves = dict(app.layout.under("tellers."))
        blocks = sorted(n for n in leaves if n not in ("tellers.close", "tellers.more"))
        if page and blocks == first:
            break  # back at the first page
        first = first or blocks
        pages.append((leaves, drawn.texts))
        if "tellers.more" not in leaves:
            break
    return pages


@pytest.mark.parametrize("text", list(TEXT))
def test_who_tells_us_shows_every_book_in_every_language(screen, text):
    """Arabic and Persian showed 3 of its 5 books: every book (and every other part) is drawn
    whole inside the panel on one of its pages, and the pages have a button."""
    app = screen
    app.inspect.close()
    app.options.tellers = True
    try:
        for code in LANGUAGES:
            _shown(app, code, TEXT[text])
            shown, _ = app.languages.shown(code)
            tellers = shown.tellers
            pages = _tellers_pages(app)
            panel = app.layout.box("tellers.panel")
            assert panel is not None and app.layout.screen.contains(panel)
            found: dict[str, int] = {}
            for k, (leaves, texts) in enumerate(pages):
                if len(pages) > 1:
                    assert "tellers.more" in leaves, f"{code}: pages but no button to turn them"
                words = " ".join(texts).split()
                for name, rect in leaves.items():
                    assert panel.contains(rect), f"{code} {text}: {name} {rect} outside {panel}"
                    found.setdefault(name.rstrip("+"), k)
                for i, book in enumerate(tellers.bibliography):
                    if f"tellers.book.{i}" in leaves:
                        missing = [w for w in book.split() if w not in words]
                        assert missing == [], f"{code}: book {i} not whole: {missing}"
            books = [f"tellers.book.{i}" for i in range(len(tellers.bibliography))]
            parts = [f"tellers.differ.{i}" for i in range(len(tellers.differences))]
            parts += ["tellers.title", "tellers.emphasis", "tellers.date"]
            parts += ["tellers.wrote", "tellers.stresses"] if tellers.of("procopius") else []
            missing = [n for n in books + parts if n not in found]
            assert missing == [], f"{code} {text} ({len(pages)} pages): not shown {missing}"
    finally:
        app.options.tellers, app.options.tellers_page = False, 0
        _shown(app, "en", False)


def test_the_who_tells_us_pages_turn_with_a_tap_on_their_button(battles):
    """Arabic, large text, on a netbook: a tap on "More" shows the next page; W closes it, and
    it opens again on its first page."""
    from game.app.window import WindowApp

    app = WindowApp(battles.scenario, scale=100, size=(1024, 600), precompute=False)
    try:
        _shown(app, "ar", True)
        app.options.tellers = True
        app.frame(0.0)
        first = sorted(app.layout.under("tellers.book."))
        more = app.layout.get("tellers.more")
        assert more is not None
        for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            pygame.event.post(pygame.event.Event(kind, pos=more.center, button=1))
        app.frame(0.0)
        assert app.options.tellers and app.options.tellers_page == 1
        assert sorted(app.layout.under("tellers.book.")) != first or not first
        for _ in range(2):  # closed, then open again: from the first page
            pygame.event.post(
                pygame.event.Event(pygame.KEYDOWN, key=pygame.K_w, mod=0, unicode="w", scancode=0)
            )
            app.frame(0.0)
        assert app.options.tellers and app.options.tellers_page == 0
    finally:
        app.close()


@pytest.mark.parametrize("text", list(TEXT))
def test_every_speed_chip_holds_its_label_with_its_padding(screen, text):
    """With large text "16x" touched its chip's edge: every chip keeps CHIP_PAD each side."""
    app = screen
    try:
        for code in LANGUAGES:
            _shown(app, code, TEXT[text])
            app.bar._chips = type(
                app.bar._chips
            )()  # drawn afresh: the kept chips hold no text calls
            with _Drawn(app.scene.fonts) as drawn:
                app.frame(0.0)
            units, fonts = app.units, app.scene.fonts
            pad = units.px(CHIP_PAD)
            for sp in SPEEDS:
                chip = app.layout[f"bar.speed.{sp:g}x"]
                label = fonts.words.digits(speed_label(sp))  # in the locale's digits
                assert label in drawn.texts, f"{code}: {label!r} not drawn"
                if code == "ar" and sp == 16:
                    assert label == "١٦×", f"ar writes 16x {label!r}"
                w, h = fonts.size(label, "sans-bold", units.text(CHIP_SIZE))
                assert chip.width >= w + 2 * pad, f"{code} {text}: {sp:g}x {w} px in {chip}"
                assert chip.height >= h, f"{code} {text}: {sp:g}x {h} px high in {chip}"
            assert app.layout.overlaps() == [], f"{code} {text}: {app.layout.overlaps()}"
            assert app.layout.off_screen() == [], f"{code} {text}: {app.layout.off_screen()}"
    finally:
        _shown(app, "en", False)


def _belisarius_panel_in_each_language(app):
    """Belisarius' panel open, drawn in each language in turn (yields its code); English and
    no panel afterwards."""
    app.inspect.select(app.scenario.formation_index("belisarius"))
    try:
        for code in LANGUAGES:
            _shown(app, code, False)
            app.frame(0.0)
            yield code
    finally:
        app.inspect.close()
        _shown(app, "en", False)


def test_the_unit_panels_swatch_is_beside_the_name_on_the_reading_side(screen):
    """Left of the name in left-to-right languages, right of it in Arabic and Persian."""
    app = screen
    for code in _belisarius_panel_in_each_language(app):
        swatch, name = app.layout["panel.swatch"], app.layout["panel.heading"]
        if code in ("ar", "fa"):
            assert swatch.x >= name.right, f"{code}: swatch {swatch} not right of {name}"
        else:
            assert swatch.right <= name.x, f"{code}: swatch {swatch} not left of {name}"


def test_the_unit_panels_buttons_start_on_the_reading_side(screen):
    """Follow (then More, then the keys' hint) from the left in left-to-right languages, from
    the right in Arabic and Persian: the panel's row is mirrored like its text."""
    app = screen
    for code in _belisarius_panel_in_each_language(app):
        follow, body = app.layout["panel.follow"], app.layout["panel.body"]
        if code in ("ar", "fa"):
            assert follow.right == body.right, f"{code}: Follow {follow} not at {body.right}"
        else:
            assert follow.x == body.x, f"{code}: Follow {follow} not at {body.x}"


@pytest.mark.parametrize("text", list(TEXT))
def test_every_line_of_the_fullest_unit_panel_shows_at_every_size(screen, text):
    """Belisarius' panel (two commanders, their notes, the whisker): nothing is cut, in any
    language; where it fits in no way whole (a netbook, large text) its columns are paged and
    every page shows whole, turned by its "More" button."""
    app = screen
    view = app.scene.interface.inspect
    try:
        for code in LANGUAGES:
            _shown(app, code, TEXT[text])
            app.inspect.select(app.scenario.formation_index("belisarius"))
            app.frame(0.0)
            pages = view.drawn.pages
            for page in range(pages):
                assert view.drawn.hidden == 0, f"{code} {text} page {page + 1}: lines cut"
                assert app.layout.overlaps() == [], f"{code}: {app.layout.overlaps()}"
                if pages > 1:
                    more = app.layout["panel.more"]
                    assert app.inspect.click(more.center)
                    app.frame(0.0)
            assert app.inspect.panel_page == (pages if pages > 1 else 0)
    finally:
        app.inspect.close()
        _shown(app, "en", False)


def test_on_a_1080p_screen_belisarius_panel_has_room_for_its_chart(battles):
    """Since the whisker came in, the strength chart was dropped at 1920x1080 (the density
    a headless screenshot assumes): a wider panel now gives it a column of its own, in every
    left-to-right language (Arabic and Persian, whose lines are deeper, keep their
    commanders' notes without it)."""
    from game.app.window import WindowApp

    app = WindowApp(battles.scenario, scale=100, size=(1920, 1080), precompute=False)
    try:
        battles.give_keyframe(app.playback, MID - MID % 60)
        app.playback.seek(MID)
        app.inspect.select(app.scenario.formation_index("belisarius"))
        view = app.scene.interface.inspect
        for code in LANGUAGES:
            _shown(app, code, False)
            app.frame(0.0)
            if code not in ("ar", "fa"):
                assert view.chart, f"{code}: no chart"
            assert view.drawn.hidden == 0 and view.notes, f"{code}: lines or notes left out"
    finally:
        app.close()


def test_arabic_and_persian_write_every_number_in_their_own_digits(screen, battles):
    """The event numbers on the map's discs and under the bar were "2" and "12" beside an
    Arabic clock "١٤:١٠": in Arabic and Persian no string drawn is a number in European digits,
    and the event numbers are there, in the locale's (at 14:38, after the blow's events)."""
    app = screen
    battles.ready_to_seek(app.playback, AFTER_THE_BLOW)
    app.playback.seek(AFTER_THE_BLOW)
    try:
        for code in ("ar", "fa"):
            _shown(app, code, False)
            with _Drawn(app.scene.fonts) as drawn:
                app.frame(0.0)
            european = [t for t in drawn.texts if any(c in "0123456789" for c in t)]
            assert european == [], f"{code}: drawn in European digits: {european}"
            numbers = [t for t in drawn.texts if t and all(ord(c) > 127 and c.isdigit() for c in t)]
            assert len(numbers) >= 3, f"{code}: no event numbers in its digits: {drawn.texts}"
    finally:
        _shown(app, "en", False)
        battles.give_keyframe(app.playback, MID - MID % 60)
        app.playback.seek(MID)
