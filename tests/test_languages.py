"""Seven languages, every word (issue #17 sections 1-2): every catalogue has every message the
code marks, every language has every scenario text, a damaged or incomplete file is one line
naming file, line and key, and large text still fits at 1920x1080 and 1280x720 in each language."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from conftest import REAL_SCENARIO

from game.app.languages import Languages, available
from game.lang.languages import LANGUAGES, SOURCE_LANGUAGE
from game.lang.words import LOCALE_DIR, catalogue_path, load_words, read_catalogue
from game.scenario.campaign import PARTS, PROLOGUE, load_campaign_for
from game.scenario.errors import DataError
from game.scenario.geography import bundled_region
from game.scenario.load import load_scenario
from game.scenario.translations import load_texts, texts_path

GAME = Path(__file__).resolve().parents[1] / "game"
OTHERS = tuple(c for c in LANGUAGES if c != SOURCE_LANGUAGE)
PLACEHOLDER = re.compile(r"\{[^}]*\}")
WARS_I_18 = [
    ("de", "Prokop, Perserkriege I 18"), ("fr", "Procope, Guerres, I, 18"),
    ("el", "Προκόπιος, Πόλεμοι Α΄ 18"), ("tr", "Prokopios, Savaşlar I.18"),
    ("fa", "پروکوپیوس، جنگ‌ها ۱.۱۸"), ("ar", "بروكوبيوس، الحروب ١: ١٨"),
]  # fmt: skip
"""Procopius, Wars I.18, as each language cites it (its usual form)."""


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(REAL_SCENARIO)


@pytest.fixture(scope="module")
def marked() -> set[str]:
    """Every message the code marks with N_ now (what `pybabel extract -k N_` would find)."""
    found = extract_from_dir(str(GAME), [("**.py", "python")], keywords={"N_": None})
    return {message for _, _, message, _, _ in found}


def test_the_template_holds_exactly_what_the_code_marks(marked):
    """A string marked in the code but missing from the .pot (run pybabel extract) fails."""
    template = {m.id for m in read_catalogue(LOCALE_DIR / "callinicum531.pot") if m.id}
    assert marked - template == set(), "marked in the code, not extracted"
    assert template - marked == set(), "extracted once, no longer in the code"


@pytest.mark.parametrize("code", OTHERS)
def test_every_catalogue_translates_every_message_with_its_placeholders(code, marked):
    catalogue = read_catalogue(catalogue_path(code))
    got = {m.id: m for m in catalogue if m.id}
    assert sorted(marked - set(got)) == [], f"{code}: messages missing"
    for msgid in marked:
        m = got[msgid]
        assert m.string and not m.fuzzy, f"{code}: {msgid!r} untranslated or fuzzy"
        assert sorted(PLACEHOLDER.findall(m.string)) == sorted(PLACEHOLDER.findall(msgid)), (
            f"{code}: {msgid!r} -> {m.string!r} changes its placeholders"
        )


@pytest.mark.parametrize("code", OTHERS)
def test_a_catalogue_shows_its_own_words(code):
    words = load_words(code)
    assert words.t("Paused") != "Paused"
    assert words.t("Who tells us: {author}").count("{author}") == 1


def test_every_language_has_a_complete_scenario_file(scenario):
    """All seven are offered for the bundled battle: each file has every key (a missing one
    would refuse to load, see below)."""
    assert available(scenario) == tuple(LANGUAGES)
    Languages(scenario)  # loads and checks all seven


@pytest.mark.parametrize("code", OTHERS)
def test_every_visitor_read_text_of_the_scenario_is_translated(code, scenario):
    """Not left in English: names, notes, captions, commanders, citations, Who tells us."""
    shown, place = Languages(scenario, (SOURCE_LANGUAGE, code)).shown(code)
    pairs = [(scenario.name, shown.name), (scenario.date, shown.date)]
    for en, tr in zip(scenario.formations, shown.formations, strict=True):
        pairs += [(en.about, tr.about), (en.strength_note, tr.strength_note), (en.arms, tr.arms)]
        pairs += [(a.note, b.note) for a, b in zip(en.commanders, tr.commanders, strict=True)]
        pairs += [(a.title, b.title) for a, b in zip(en.commanders, tr.commanders, strict=True)]
    for en, tr in zip(scenario.phases, shown.phases, strict=True):
        pairs += [(en.caption, tr.caption), (en.name, tr.name)]
        assert tr.citation.ref != en.citation.ref, f"{code}: {en.id} cites in English"
    pairs += [(scenario.tellers.emphasis, shown.tellers.emphasis)]
    pairs += [(scenario.tellers.date, shown.tellers.date)]
    for a, b in zip(scenario.tellers.differences, shown.tellers.differences, strict=True):
        pairs += [
            (a.topic, b.topic),
            *zip(dict(a.told).values(), dict(b.told).values(), strict=True),
        ]
    pairs += [(e.stresses, t.stresses) for (_, e), (_, t) in zip(
        scenario.tellers.by_account, shown.tellers.by_account, strict=True)]  # fmt: skip
    same = [en for en, tr in pairs if en == tr]
    assert same == [], f"{code}: still in English: {same[:3]}"
    assert place("Euphrates") != "Euphrates"


@pytest.mark.parametrize(("code", "cited"), WARS_I_18)
def test_procopius_is_cited_in_each_languages_usual_form(code, cited, scenario):
    shown, _ = Languages(scenario, (SOURCE_LANGUAGE, code)).shown(code)
    assert shown.accounts["procopius"].startswith(cited)


# -- a damaged file: one line naming file, line and key ---------------------------------------
@pytest.fixture
def copy(tmp_path, scenario) -> Path:
    """The battle's folder copied, so its German file can be damaged."""
    folder = tmp_path / "callinicum"
    shutil.copytree(REAL_SCENARIO.parent, folder)
    return folder


def _refusal(folder: Path, scenario, code: str = "de") -> str:
    path = folder / "lang" / f"{code}.yaml"
    with pytest.raises(DataError) as err:
        load_texts(path, code, scenario, bundled_region())
    return str(err.value)


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


@pytest.mark.parametrize(
    ("cut", "upto", "mapping"),
    [
        ("    blow_malalas:\n", "    collapse:\n", "    approach:"),
        ("    prologue.terror:\n", "    prologue.gabbula:\n", "    prologue.spring:"),
    ],
    ids=["phase", "campaign"],
)
def test_a_missing_caption_is_named_with_its_file_line_and_key(copy, scenario, cut, upto, mapping):
    """A phase's caption, or one of the prologue's: named at the line of the mapping that
    lacks it (its first key)."""
    path = copy / "lang" / "de.yaml"
    text = path.read_text()
    path.write_text(text[: text.index(cut)] + text[text.index(upto) :])
    line = _line_of(path, mapping)
    msg = _refusal(copy, scenario)
    assert msg.startswith(f"{path}:{line}:") and cut.strip(" :\n") in msg
    assert "\n" not in msg


def test_an_unknown_key_is_named_at_its_own_line(copy, scenario):
    path = copy / "lang" / "de.yaml"
    text = path.read_text().replace("    approach:\n", "    approch:\n", 1)
    path.write_text(text)
    msg = _refusal(copy, scenario)
    assert msg.startswith(f"{path}:{_line_of(path, 'approch:')}:") and "approch" in msg


def test_a_missing_source_reference_and_a_missing_teller_are_named(copy, scenario):
    path = copy / "lang" / "de.yaml"
    original = path.read_text()
    ref = '  "Procopius, Wars I.17": "Prokop, Perserkriege I 17"\n'
    path.write_text(original.replace(ref, ""))
    assert "Procopius, Wars I.17" in _refusal(copy, scenario)
    path.write_text(original.replace("    The river: {", "    The rivers: {"))
    msg = _refusal(copy, scenario)
    assert "The rivers" in msg and msg.startswith(f"{path}:{_line_of(path, 'The rivers')}:")


def test_a_language_file_refused_at_start_up_exits_2_in_one_line(copy, capsys):
    from game.start import main

    path = copy / "lang" / "fr.yaml"
    path.write_text(path.read_text().replace("    nightfall:\n", "    nightfal:\n", 1))
    code = main(["--headless", "--scenario", str(copy / "scenario.yaml"), "--language", "fr",
                 "--scale", "100", "--until", "0"])  # fmt: skip
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.count("\n") == 0 and str(path) in err and "nightfal" in err


def test_a_damaged_campaign_block_stops_a_prologue_screenshot_in_one_line(copy, capsys, tmp_path):
    from game.start import main

    path = copy / "lang" / "ar.yaml"
    path.write_text(path.read_text().replace("    prologue.sura:\n", "    prologue.sur:\n", 1))
    shot = tmp_path / "ar.png"
    code = main(["--headless", "--scenario", str(copy / "scenario.yaml"), "--language", "ar",
                 "--scale", "100", "--until", "prologue:5", "--screenshot", str(shot)])  # fmt: skip
    err = capsys.readouterr().err.strip()
    assert code == 2 and not shot.exists()
    assert err.count("\n") == 0 and f"{path}:{_line_of(path, 'prologue.sur:')}:" in err


def test_the_scenario_file_of_each_language_is_where_the_scenario_is(scenario):
    for code in OTHERS:
        assert texts_path(scenario, code).is_file(), code


# -- the prologue and epilogue ---------------------------------------------------------------
@pytest.fixture(scope="module")
def campaign(scenario):
    got = load_campaign_for(scenario, bundled_region())
    assert got is not None
    return got


@pytest.mark.parametrize("code", OTHERS)
def test_every_language_has_every_campaign_key(code, scenario, campaign):
    """Titles, the map's name, every scene, every caption, every named route: no more, no
    less (a file lacking one refuses to load, naming it: see below)."""
    told = load_texts(texts_path(scenario, code), code, scenario, bundled_region()).campaign
    assert told is not None, f"{code}: no campaign block"
    assert set(told.titles) == set(PARTS)
    assert set(told.scenes) == {s.id for part in PARTS for s in campaign.scenes(part)}
    assert set(told.captions) == set(campaign.captions)
    assert set(told.routes) == {rid for rid, r in campaign.routes.items() if r.label}


@pytest.mark.parametrize("code", OTHERS)
def test_every_visitor_read_text_of_the_campaign_is_translated(code, scenario, campaign):
    """Not left in English: titles, the map's name, scene names and dates, every caption and
    its source, the routes' names (a name of a place or a person may be spelt the same)."""
    languages = Languages(scenario, (SOURCE_LANGUAGE, code))
    told, (_, place) = languages.campaign(code), languages.shown(code)
    words = languages.words(code)
    region = bundled_region()
    towns = {p.name for p in region.places}
    pairs = [(campaign.titles[p], told.titles[p]) for p in PARTS] + [(region.name, told.map_name)]
    for part in PARTS:
        for en, tr in zip(campaign.scenes(part), told.scenes(part), strict=True):
            assert tr.id == en.id and tr.seconds == en.seconds and tr.view == en.view
            if en.name not in towns or place(en.name) != en.name:  # (Gabbula in German)
                pairs.append((en.name, tr.name))
            if en.date.isdigit():  # a year: in the locale's digits
                assert tr.date == words.digits(en.date), f"{code}: {en.id}'s date"
            else:
                pairs.append((en.date, tr.date))
    for cid, en in campaign.captions.items():
        tr = told.captions[cid]
        pairs += [(en.text, tr.text), (en.source.ref, tr.source.ref)]
        assert tr.source.source == en.source.source  # who it is (ours, modern, an account)
    people = {w for f in scenario.formations for c in f.commanders for w in c.name.split()}
    for rid, route in campaign.routes.items():
        if route.label and not set(route.label.replace(",", " ").split()) <= people:
            pairs.append((route.label, told.routes[rid].label))
    same = [en for en, tr in pairs if en == tr]
    assert same == [], f"{code}: still in English: {same[:3]}"


@pytest.mark.parametrize(("code", "cited"), WARS_I_18)
def test_the_campaign_cites_procopius_and_flags_our_reconstruction_in_each_language(
    code, cited, scenario, campaign
):
    """Each caption citing Wars I.18 cites it in the language's usual form, and each that says
    a line or a stage is ours still says so: the flag is translated, not dropped."""
    languages = Languages(scenario, (SOURCE_LANGUAGE, code))
    told = languages.campaign(code)
    ours = _ours(code)
    for cid, en in campaign.captions.items():
        ref = told.captions[cid].source.ref
        if "Wars I.18" in en.source.ref:
            assert cited in ref, f"{code}: {cid} cites {ref!r}"
        if "our reconstruction" in en.source.ref:
            assert ours in ref, f"{code}: {cid} drops the flag: {ref!r}"


def _ours(code: str) -> str:
    """How each language's scenario file says "our reconstruction" (the stem: it declines)."""
    return {"de": "Rekonstruktion", "fr": "notre reconstitution", "el": "ανασύνθεσ",
            "tr": "yeniden kurgu", "fa": "بازسازی ما", "ar": "إعادة بنائنا"}[code]  # fmt: skip


def test_an_unknown_scene_and_a_missing_route_name_are_named(copy, scenario):
    path = copy / "lang" / "de.yaml"
    original = path.read_text()
    path.write_text(original.replace("    sura: {name: Die Nacht", "    surra: {name: Die Nacht"))
    msg = _refusal(copy, scenario)
    assert msg.startswith(f"{path}:{_line_of(path, 'surra:')}:") and "surra" in msg
    path.write_text(original.replace("    persian_home: heim nach Persien\n", ""))
    msg = _refusal(copy, scenario)
    assert msg.startswith(f"{path}:{_line_of(path, 'persian_invasion: Azarethes')}:")
    assert "persian_home" in msg and "\n" not in msg


def test_a_campaign_caption_that_drops_the_runs_figures_is_refused(copy, scenario):
    path = copy / "lang" / "de.yaml"
    path.write_text(path.read_text().replace("{persian_killed} Perser", "viele Perser"))
    msg = _refusal(copy, scenario)
    text_line = _line_of(path, "Die Perser behaupten das Feld") - 1  # its `text: >-`
    assert msg.startswith(f"{path}:{text_line}:")
    assert "persian_killed" in msg


# -- large text fits ---------------------------------------------------------------------------
LARGE_SCREENS = {(1920, 1080): 1920 / 527.0, (1280, 720): 96 / 25.4}
MID_BATTLE = 5000


@pytest.fixture(scope="module", params=list(LARGE_SCREENS), ids=lambda s: f"{s[0]}x{s[1]}")
def large(request, scenario, battles):
    """A window with text 1.4 times larger, holding the keyframe its seek to MID_BATTLE starts
    from, as its worker would (the session's straight run, tests/support/battles.py: the day to
    there was simulated afresh for each screen size). Scale 100, the other window tests': their
    straight run is the one shelved (at 50 it was a run of this module's alone)."""
    from game.app.window import WindowApp

    size, mm = request.param, LARGE_SCREENS[request.param]
    app = WindowApp(scenario, scale=100, size=size, px_per_mm=mm, precompute=False)
    battles.ready_to_seek(app.playback, MID_BATTLE)
    app.toggle_large_text()
    yield app
    app.close()


def _fits(app) -> None:
    for _ in range(2):
        app.frame(0.0)
    lay = app.layout
    assert lay.off_screen() == [], f"{app.language}: off screen: {lay.off_screen()}"
    assert lay.overlaps() == [], f"{app.language}: overlapping: {lay.overlaps()}"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_large_text_fits_in_every_language(large, code):
    """Text 1.4 times larger: mid-battle with its caption, then a unit's panel open, then the
    language menu open; no two rectangles overlap and none leaves the screen."""
    app = large
    app.set_language(code)
    assert app.units.text_scale == pytest.approx(1.4)
    app.inspect.close()
    app.options.captions = True
    app.playback.seek(MID_BATTLE)
    _fits(app)
    assert "caption" in app.layout
    app.inspect.select(app.scenario.formation_index("belisarius"))
    _fits(app)
    assert "panel.body" in app.layout
    app.inspect.close()
    app.toggle_languages()
    _fits(app)
    app.toggle_languages()
    # the "Who tells us" page, in this language too: its author and his words as translated
    fonts, drawn = app.scene.fonts, []
    render = fonts.render
    fonts.render = lambda text, *a: drawn.append(text) or render(text, *a)
    try:
        app.options.tellers = True  # a page over the map (it covers the rest by design)
        for page in range(8):  # each of its pages, where it needs more than one
            app.options.tellers_page = page
            for _ in range(2):
                app.frame(0.0)
            assert app.layout.off_screen() == [], f"{code}: off screen: {app.layout.off_screen()}"
            if "tellers.more" not in app.layout:
                break
    finally:
        fonts.render = render
        app.options.tellers, app.options.tellers_page = False, 0
    shown, _ = app.languages.shown(code)
    teller = shown.tellers.of(app.playback.world.account)
    assert any(teller.author in text for text in drawn), f"{code}: {teller.author} not drawn"
    assert any(shown.tellers.differences[0].topic == text for text in drawn)


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_the_prologue_is_worded_in_every_language_and_fits_in_large_text(large, code):
    """20 s into the prologue, in the window's language: the part's title, the scene's name,
    its caption, the route's name and the map's places are the language's own; with text 1.4 times
    larger no two rectangles overlap and none leaves the screen."""
    app = large
    app.set_language(code)
    told = app.languages.campaign(code)
    _, place = app.languages.shown(code)
    fonts, drawn = app.scene.fonts, []
    render = fonts.render
    fonts.render = lambda text, *a: drawn.append(text) or render(text, *a)
    try:
        app.programme.seek(app.programme.segments.at(PROLOGUE, 20.0))
        for _ in range(2):
            app.frame(0.0)
    finally:
        fonts.render = render
    lay = app.layout
    assert lay.off_screen() == [], f"{code}: off screen: {lay.off_screen()}"
    over = [pair for pair in lay.overlaps() if "campaign.map" not in pair]  # (the map's own)
    assert over == [], f"{code}: overlapping: {over}"
    scene = told.prologue[told.scene_at(PROLOGUE, 20.0)[0]]
    caption = told.caption(scene, app.playback.world.account)
    assert told.titles[PROLOGUE] in drawn, f"{code}: title not drawn"
    assert scene.name in drawn, f"{code}: {scene.name} not drawn"
    first = next(t for t in drawn if len(t) > 12 and caption.text.startswith(t))
    assert first, f"{code}: caption not drawn"
    assert told.routes["persian_invasion"].label in drawn, f"{code}: the invaders not named"
    art = app.stage.view.art  # (its names are set letter by letter: asked, not spied on)
    assert art.name_of("Antioch") == place("Antioch"), f"{code}: the map's places in English"
