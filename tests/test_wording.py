"""Event captions are sentences written for people, from templates in the scenario file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import REAL_SCENARIO

from game.scenario.load import load_scenario
from game.scenario.wording import SENTENCES
from game.scenario.yamlsafe import DataError

ARTICLE = r"(?:the|a|an)"
MAX_WORDS = 25


def every_sentence(scenario) -> list[tuple[str, str, bool]]:
    """(template key, sentence, actor named in the plural) for every template with every
    formation as its subject, against every other formation as its object."""
    w = scenario.wording
    generals = [c.name for f in scenario.formations for c in f.commanders]
    out = []
    n = len(scenario.formations)
    for key in SENTENCES:
        for actor in range(n):
            for target in range(n):
                if target == actor:
                    continue
                for who in [*generals[:3], "al-Harith ibn Jabalah"]:
                    text = w.sentence(key, actor, target, who)
                    out.append((key, text, w.named[actor].many))
    return out


def faults(text: str, scenario) -> list[str]:
    names = {c.name for f in scenario.formations for c in f.commanders}
    found = []
    if re.search(rf"\b{ARTICLE}\s+{ARTICLE}\b", text, re.IGNORECASE):
        found.append("doubled article")
    if re.search(rf"\b{ARTICLE}\s+[\w-]+'", text, re.IGNORECASE):
        found.append("article before a possessive")
    for name in names:
        if re.search(rf"\b{ARTICLE}\s+{re.escape(name)}", text, re.IGNORECASE):
            found.append(f"article before the name {name}")
    if not text[:1].isupper():
        found.append("does not start with a capital")
    if not text.endswith("."):
        found.append("does not end with a full stop")
    if "{" in text or "}" in text or "  " in text:
        found.append("a placeholder or a double space is left")
    if len(text.split()) > MAX_WORDS:
        found.append(f"{len(text.split())} words")
    return found


def test_every_event_sentence_singular_and_plural_reads_cleanly(real_scenario):
    said = every_sentence(real_scenario)
    assert {many for _, _, many in said} == {True, False}, "both numbers are exercised"
    bad = {(text, tuple(faults(text, real_scenario))) for _, text, _ in said}
    bad = {b for b in bad if b[1]}
    assert not bad, sorted(bad)[:10]


def test_the_verb_follows_the_subject_number(real_scenario):
    w = real_scenario.wording
    for key in SENTENCES:
        one, many = w.sentences[key]
        if "actor" in one.lower():
            assert one != many, f"{key}: a formation sentence needs its singular and plural"
    centre = real_scenario.formation_index("persian_centre")
    ascan = real_scenario.formation_index("ascan")
    arabs = real_scenario.formation_index("harith")
    assert w.sentence("charge", centre, ascan) == "The Persian centre charges Ascan's cavalry."
    assert w.sentence("rout", arabs) == "The Ghassanid Arabs break and run."


def test_the_real_battles_events_are_worded_from_the_templates(battles, real_scenario):
    world = battles.world_at(340 * real_scenario.clock.tick_rate)
    w = real_scenario.wording
    told = [e for e in world.events if e.kind == "charge"]
    assert told, "charges by 14:30"
    for e in told:
        key = "charge" if "again" not in e.text else "assault"
        assert e.text == w.sentence(key, e.formation, e.target)
        assert not faults(e.text, real_scenario)


def _with_story(tmp_path: Path, story: dict) -> Path:
    doc = yaml.safe_load(REAL_SCENARIO.read_text())
    doc["story"] = story
    for name in ("map.yaml", "terrain.txt", "elevation.txt"):
        (tmp_path / name).write_bytes((REAL_SCENARIO.parent / name).read_bytes())
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def test_an_unknown_placeholder_is_named_in_one_line(tmp_path, real_scenario):
    doc = yaml.safe_load(REAL_SCENARIO.read_text())["story"]
    doc["sentences"]["rout"]["one"] = "{Actor} breaks before {enemy}."
    with pytest.raises(DataError) as err:
        load_scenario(_with_story(tmp_path, doc))
    msg = str(err.value)
    assert "\n" not in msg and "story.sentences.rout.one" in msg and "{enemy}" in msg


def test_a_formation_the_sentences_cannot_name_is_an_error(tmp_path):
    doc = yaml.safe_load(REAL_SCENARIO.read_text())["story"]
    del doc["formations"]["ascan"]
    with pytest.raises(DataError, match="ascan"):
        load_scenario(_with_story(tmp_path, doc))
