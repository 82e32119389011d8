"""The campaign before the battle and what came of it: its data, its captions and sources, its
refusals, what the report lists, and the campaign map (pure in its clock, one world with the
battle's locator)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pygame
import pytest
from conftest import REAL_SCENARIO

from game.analysis.source_rules import AUTHORS, fits
from game.app.languages import Languages
from game.scenario.campaign import EPILOGUE, PROLOGUE, load_campaign_for
from game.scenario.geography import bundled_region
from game.scenario.specs import SOURCES
from game.start import main
from game.view.hud import credit

ONE_LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<field>[^:\n]+): .+$")
ROUTES = REAL_SCENARIO.parent / "routes.yaml"


@pytest.fixture(scope="module")
def campaign(real_scenario):
    got = load_campaign_for(real_scenario, bundled_region())
    assert got is not None
    return got


def shown(campaign, account):
    for part in (PROLOGUE, EPILOGUE):
        for scene in campaign.scenes(part):
            yield part, scene, campaign.caption(scene, account)


@pytest.mark.parametrize("account", ["procopius", "malalas"])
def test_every_prologue_and_epilogue_caption_cites_a_source(campaign, account):
    for _part, scene, caption in shown(campaign, account):
        assert caption.source.source in SOURCES, scene.id
        assert caption.source.ref.strip(), scene.id
        line = credit(caption.source)
        if caption.source.source in ("reconstruction", "modern"):
            assert "reconstruction" in line or "modern" in line, line  # flagged as ours/modern


@pytest.mark.parametrize("account", ["procopius", "malalas"])
def test_every_prologue_and_epilogue_caption_cites_the_account_shown(campaign, account):
    """Issue #14: a caption one author tells and the other's account shows says it is borrowed
    ("Not from Malalas; after Procopius, ...") in that account, as the battle's captions do."""
    wrong = [
        f"{c.id}: {c.source.ref}"
        for _, _, c in shown(campaign, account)
        if not fits(account, c.source.source, c.source.ref)
    ]
    assert not wrong, wrong


def test_a_borrowed_caption_still_cites_its_author_plainly_in_his_own_account(campaign):
    mine = {c.id: c.source for _, _, c in shown(campaign, "procopius")}
    theirs = {c.id: c.source for _, _, c in shown(campaign, "malalas")}
    arrows = "epilogue.arrows"
    assert mine[arrows].ref == "Procopius, Wars I.18 (end)"
    assert theirs[arrows].ref == "Not from Malalas; after Procopius, Wars I.18 (end)"
    assert theirs[arrows].source == "procopius"  # who tells it: still Procopius


@pytest.mark.parametrize("code", ["de", "ar"])
def test_a_translation_cites_a_borrowed_caption_per_account_too(real_scenario, code):
    told = Languages(real_scenario, offered=("en", code)).campaign(code)
    cited = {a: told.caption(told.epilogue[2], a).source.ref for a in AUTHORS}
    assert cited["procopius"] != cited["malalas"]
    assert cited["procopius"] in cited["malalas"]  # the same passage, said to be borrowed


def test_every_route_says_its_line_is_our_reconstruction(campaign):
    """The sources name places, never roads: each line between them is ours, and says so."""
    for route in campaign.routes.values():
        assert "reconstruction" in route.basis.ref, route.id


def test_malalas_preliminaries_are_told_in_his_account_and_cite_him(campaign):
    texts = {
        a: " ".join(c.text for _, _, c in shown(campaign, a)) for a in ("procopius", "malalas")
    }
    for words in ("Sunicas", "Hermogenes", "walls of Gabbula", "slip away by night"):
        assert words in texts["malalas"] and words not in texts["procopius"], words
    by_id = {c.id: c for _, _, c in shown(campaign, "malalas")}
    assert by_id["prologue.sunicas"].source.source == "malalas"
    assert "Holmes (modern)" in by_id["prologue.sunicas"].source.ref  # the name via a summary
    assert by_id["prologue.gabbula"].source.ref.startswith("Malalas, Chronicle 18")


def test_the_epilogue_says_who_held_the_field_and_at_what_cost_with_the_runs_figures(campaign):
    field = campaign.caption(campaign.epilogue[0], "procopius")
    figures = {"roman_killed": 4321, "roman_fled": 1234, "persian_killed": 3210, "persian_fled": 5}
    text = field.say(figures)
    assert "The Persians hold the field" in text
    assert "4,321 Romans" in text and "3,210 Persians" in text and "our model" in text
    assert "{" not in field.say(None)  # still computing: no raw placeholders on screen
    words = " ".join(c.text for _, _, c in shown(campaign, "procopius"))
    for needed in ("ferry the Romans", "arrow", "Azarethes", "relieved", "recalled", "Peace"):
        assert needed in words, needed


def _copy_scenario(tmp_path: Path) -> Path:
    folder = tmp_path / "callinicum"
    shutil.copytree(REAL_SCENARIO.parent, folder)
    return folder / "scenario.yaml"


def _refusal(capsys, scenario: Path) -> str:
    assert main(["--headless", "--scenario", str(scenario), "--until", "0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err.strip()


@pytest.mark.parametrize(
    "old, new, field",
    [
        ("    style: retreat\n", "    style: zigzag\n", "routes.persian_retreat.style"),
        ("[Dara, Constantina, Edessa,", "[Dara, Babylon, Edessa,", "routes.roman_march.points[1]"),
        (
            "      - [41.45, 34.52]",
            "      - [141.45, 34.52]",
            "routes.persian_invasion.points[0][0]",
        ),
        (
            "  roman_march:\n    label: Belisarius\n    side: roman\n",
            "  roman_march:\n",
            "routes.roman_march.side",
        ),
    ],
)
def test_a_malformed_route_file_is_refused_in_one_line_naming_file_line_and_field(
    tmp_path, capsys, old, new, field
):
    scenario = _copy_scenario(tmp_path)
    routes = scenario.parent / "routes.yaml"
    text = routes.read_text()
    assert old in text
    routes.write_text(text.replace(old, new, 1))
    err = _refusal(capsys, scenario)
    m = ONE_LINE.match(err)
    assert m, err
    assert Path(m["path"]) == routes and m["field"] == field
    line = int(m["line"])
    changed = next(
        i for i, ln in enumerate(routes.read_text().splitlines(), 1) if new.split("\n")[0] in ln
    )
    assert abs(line - changed) <= 1  # the line of the fault (a missing key: its mapping's)


def test_a_campaign_caption_quoting_an_unknown_figure_is_refused(tmp_path, capsys):
    scenario = _copy_scenario(tmp_path)
    path = scenario.parent / "campaign.yaml"
    path.write_text(
        path.read_text().replace(
            "and {persian_killed} Persians", "and {persians_captured} Persians"
        )
    )
    err = _refusal(capsys, scenario)
    assert "campaign.yaml:" in err and "captions.epilogue.field.text" in err
    assert "persians_captured" in err


def test_a_translation_giving_one_reference_where_the_english_gives_one_per_account_is_refused(
    tmp_path, capsys
):
    scenario = _copy_scenario(tmp_path)
    path = scenario.parent / "lang" / "de.yaml"
    one = re.compile(
        r'(    epilogue\.arrows:\n(?:.*\n)*?      source:)\n        procopius: (".*")\n.*\n'
    )
    text, n = one.subn(r"\1 \2\n", path.read_text(), count=1)
    assert n == 1
    path.write_text(text)
    argv = ["--headless", "--scenario", str(scenario), "--until", "0", "--language", "de"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "de.yaml:" in err and "epilogue.arrows.source" in err and "per account" in err


# -- the report --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def reports(tmp_path_factory, battles):
    """Headless reports at scale 100: the whole programme, and stopped in each part. The runs
    that go into the battle start from the session's straight run 30 battle seconds before the
    tick they should stop at (`Battles.headless_playback`), not from tick 0 again (the day was
    a whole scale-100 day of its own here): the captions and figures of the day are the
    world's own (its events, its counts), and a run that stops elsewhere shows it by its
    tick and its final hash, the straight run's from tick 0 only if it stopped at that tick."""
    import game.app.headless as headless

    out = {}
    folder = tmp_path_factory.mktemp("reports")
    end = battles.scenario.clock.end_tick
    for name, until, stop in (
        ("all", None, end),
        ("pro", "prologue:20", None),  # the battle's first tick: nothing to simulate
        ("battle", "200", 200 * battles.scenario.clock.tick_rate),
        ("epi", "epilogue:15", end),
    ):
        path = folder / f"{name}.json"
        argv = ["--headless", "--scale", "100", "--report", str(path)]
        argv += [] if until is None else ["--until", until]
        with pytest.MonkeyPatch.context() as mp:
            if stop is not None:
                mp.setattr(headless, "Playback", battles.headless_playback(stop))
            assert main(argv) == 0
        out[name] = json.loads(path.read_text())
    return out


def test_the_report_lists_every_caption_of_the_run_with_time_text_and_source(reports, campaign):
    caps = reports["all"]["captions"]
    parts = [c["part"] for c in caps]
    assert parts == sorted(parts, key=["prologue", "battle", "epilogue"].index)  # in that order
    assert parts.count("prologue") == len(campaign.prologue)
    assert parts.count("epilogue") == len(campaign.epilogue)
    phases = [c for c in caps if c["id"].startswith("phase.")]
    assert len(phases) == len(reports["all"]["phases"])
    assert any(c["id"].startswith("event.") for c in caps)  # the battle's worded events too
    assert [c["time"] for c in caps] == sorted(c["time"] for c in caps)
    for c in caps:
        assert c["text"] and c["source"] and "{" not in c["text"], c
    assert caps[0]["time"] == 0 and caps[-1]["time"] > campaign.seconds(PROLOGUE) + 570


def test_the_citation_rule_reads_the_prologues_and_epilogues_captions_in_the_report(reports):
    from game.analysis.run import Run
    from game.analysis.source_rules import _cited

    report = json.loads(json.dumps(reports["all"]))
    assert _cited(Run(report))[0]
    arrows = next(c for c in report["captions"] if c["id"] == "epilogue.arrows")
    arrows.update(basis="malalas", source="Malalas, Chronicle 18")  # not the account shown
    ok, said = _cited(Run(report))
    assert not ok and "epilogue.arrows" in said


def test_the_reports_figures_in_the_epilogue_are_the_runs_own(reports):
    rep = reports["all"]
    killed = sum(f["killed"] for f in rep["formations"] if f["side"] == "roman")
    field = next(c for c in rep["captions"] if c["id"] == "epilogue.field")
    assert f"{killed:,} Romans" in field["text"] and "our model" in field["text"]


def test_a_run_stopped_in_a_part_lists_the_captions_up_to_there_and_keeps_the_battles_count(
    reports, battles
):
    pro, battle, epi = reports["pro"], reports["battle"], reports["epi"]
    assert {c["part"] for c in pro["captions"]} == {"prologue"}
    assert max(c["time"] for c in pro["captions"]) <= 20
    assert pro["ticks_run"] == 0 and len(pro["hashes"]) == 1  # the battle at its first tick
    assert max(c["time"] for c in battle["captions"]) <= battle["programme"]["prologue_s"] + 200
    assert battle["ticks_run"] == 200 * battle["tick_rate"]  # --until counts battle seconds
    assert epi["ticks_run"] == reports["all"]["ticks_run"]  # the epilogue: at the battle's end
    assert epi["final_hash"] == reports["all"]["final_hash"]
    end = battles.scenario.clock.end_tick  # the straight run's from tick 0, at the battle's end
    assert reports["all"]["final_hash"] == battles.world_at(end).state_hash()
    assert [c["id"] for c in epi["captions"] if c["part"] == "epilogue"][-1] == "epilogue.ferry"
    assert "tick 0" in epi["programme"]["counting"]


# -- the map ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def view(real_scenario, campaign):
    from game.view.campaign.screen import CampaignView
    from game.view.fonts import Fonts

    pygame.init()
    return CampaignView(real_scenario, campaign, bundled_region(), Fonts())


def _frame(view, campaign, part, seconds, size=(960, 540)):
    from game.view.campaign.moment import moment
    from game.view.campaign.plane import battle_view
    from game.view.campaign.screen import Playing

    home = battle_view(view.plane, (3500, 3000), size[0] / 7000, size)
    surf = pygame.Surface(size)
    m = moment(campaign, part, seconds, "procopius")
    view.draw(surf, m, Playing(1.0, False), lambda name: home, bottom_reserved=80)
    return pygame.surfarray.array3d(surf)


def test_a_moment_of_the_campaign_draws_the_same_however_it_is_reached(view, campaign):
    played = [_frame(view, campaign, PROLOGUE, t) for t in np.arange(30, 47.01, 0.5)][-1]
    sought = _frame(view, campaign, PROLOGUE, 47.0)
    assert np.array_equal(played, sought)
    assert not np.array_equal(sought, _frame(view, campaign, PROLOGUE, 48.0))  # it moves


def test_the_routes_grow_over_their_scene(view, campaign):
    from game.view.campaign.moment import moment

    share = [
        dict((rid, s) for rid, s, _ in moment(campaign, PROLOGUE, t, "procopius").routes)[
            "persian_invasion"
        ]
        for t in (8.5, 12.0, 16.0, 18.9)
    ]
    assert share == sorted(share) and share[0] < 0.1 and share[-1] == 1.0


def test_the_battles_inset_locator_is_the_campaign_map_in_small(view):
    """The ring the inset draws round Callinicum lies where the campaign map puts it."""
    from game.view.fonts import Fonts
    from game.view.locator import BATTLE, Locator

    loc = Locator(view.region, Fonts())
    surf = loc.surface(loc.size_for(300))
    rgb = pygame.surfarray.array3d(surf).astype(int)
    ring = np.argwhere(np.abs(rgb - np.array(BATTLE)).sum(axis=2) < 30)
    ring = ring[ring[:, 0] <= ring[:, 0].min() + 16]  # the ring, not the name to its right
    x_km, y_km = view.plane.km(
        view.region.place("Callinicum").lon, view.region.place("Callinicum").lat
    )
    k = 300 / view.plane.extent_km[0]  # inset px per campaign km
    assert np.allclose(ring.mean(axis=0), (x_km * k, y_km * k), atol=3.0)
    assert loc.region is view.region  # one data file, read once


def test_the_ground_under_a_small_battles_fly_down_end_is_the_wash_there(view):
    """A field a few hundred metres wide ends the fly-down at ~10,000 px per km: the wash is
    drawn there whole (it smooth-scaled 3 raster px to a 34,295 px square and SDL crashed)."""
    from game.view.campaign.plane import View

    place = view.region.place("Callinicum")
    x, y = view.plane.km(place.lon, place.lat)
    centre = []
    for px_per_km in (200.0, 12_000.0):  # the bundled fly-down's end, and a 160 m wide view's
        surf = pygame.Surface((960, 540))
        surf.fill((255, 0, 255))
        view.base.draw(surf, View(x, y, px_per_km, 960, 540))
        rgb = pygame.surfarray.array3d(surf).astype(int)
        assert not (rgb == (255, 0, 255)).all(axis=2).any(), f"bare screen at {px_per_km}"
        centre.append(rgb[480, 270])
    assert np.abs(centre[0] - centre[1]).max() <= 3, centre  # the same ground, closer


@pytest.mark.parametrize("part", [PROLOGUE, EPILOGUE])
def test_the_subtitle_names_no_year_the_scene_does_not(view, campaign, part):
    """The title's subtitle (the map's name) said "..., 531" over the Perpetual Peace of 532
    and over Callinicum today; a year on screen is the scene's own."""
    from game.view.campaign.moment import moment
    from game.view.campaign.screen import Playing

    for start, scene in zip(campaign.starts(part), campaign.scenes(part), strict=True):
        hud = view.hud_state(moment(campaign, part, start + 0.5, "procopius"), Playing(1, False))
        years = set(re.findall(r"\b\d{3,4}\b", hud.date))
        assert years <= set(re.findall(r"\b\d{3,4}\b", scene.date)), (scene.id, hud.date)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_the_scale_bar_covers_no_town_and_no_name(view, campaign, size):
    """At 1280x720 the scale bar's box lay over Antioch and Chalcis (their signs, their names
    dropped for it): it takes a corner clear of the places, on every scene."""
    from game.view.bar_layout import BAR_HEIGHT
    from game.view.campaign.moment import moment
    from game.view.campaign.plane import battle_view
    from game.view.campaign.screen import Playing
    from game.view.units import units_for

    units = units_for(size)
    home = battle_view(view.plane, (3500, 3000), size[0] / 7000, size)
    for part in (PROLOGUE, EPILOGUE):
        for start, scene in zip(campaign.starts(part), campaign.scenes(part), strict=True):
            m = moment(
                campaign, part, start + min(scene.move_s + 0.5, scene.seconds - 0.1), "procopius"
            )
            surf = pygame.Surface(size)
            layout = view.draw(
                surf,
                m,
                Playing(1.0, False),
                lambda name: home,
                bottom_reserved=units.px(BAR_HEIGHT),
                units=units,
            )
            scale = layout.get("scale")
            if scale is None:
                continue
            covered = [n for n, r in layout.under("label.") if r.colliderect(scale)]
            covered += [f"sign {r.center}" for r in view.last_signs if r.colliderect(scale)]
            assert covered == [], (part, scene.id, size, covered)
