"""The scenario's words in another language: a per-language YAML beside it, keyed by id.

`maps/callinicum/lang/<code>.yaml` holds every text a visitor reads that the scenario and its
maps write in English: the battle's name and date, the accounts, sides, formations (name, arms,
about, strength note, commanders), phases (name, caption), the event sentences of the `story:`
block (each formation named as a subject and as the object of a charge, in the language's own
grammatical number), every source reference (keyed by its English text, which is its identity),
every place name of the battle map and the region map (keyed by the name the map files use),
and, where the scenario has a prologue and epilogue, their words (`campaign:`, see
`game.scenario.campaign_texts`).

The file is validated like every data file: a key it lacks, or one the scenario does not have,
is one `DataError` line naming the file, the line and the key. `translated(scenario, texts)`
gives a copy of the scenario with its texts replaced and everything else (ids, numbers, orders)
untouched: the simulation never sees it, so state hashes do not depend on the language.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from game.scenario.campaign import Campaign, load_campaign_for
from game.scenario.campaign_texts import CampaignTexts, load_campaign_texts
from game.scenario.codes import SIDE_NAMES
from game.scenario.errors import DataError
from game.scenario.geography import Region
from game.scenario.specs import Citation, Scenario
from game.scenario.tellers import Difference, Teller, Tellers
from game.scenario.wording import NUMBERS, SENTENCES, Named, Wording, _placeholders, _template
from game.scenario.yamlsafe import Node, load_yaml

LANG_FOLDER = "lang"
FORMATION_KEYS = ("name", "arms", "about", "strength_note", "commanders")
COMMANDER_KEYS = ("name", "title", "note")
PHASE_KEYS = ("name", "caption")
STORY_KEYS = ("called", "target", "number")
TELLER_KEYS = ("author", "wrote", "stresses")


def texts_path(scenario: Scenario, code: str) -> Path:
    return scenario.path.parent / LANG_FOLDER / f"{code}.yaml"


@dataclass(frozen=True)
class Texts:
    """One language's version of the scenario's words (see the module doc)."""

    code: str
    scenario: dict  # name, date, accounts, sides, formations, phases (plain values)
    wording: Wording
    sources: dict[str, str]  # English reference -> this language's
    places: dict[str, str]  # English place name -> this language's
    tellers: Tellers = field(default_factory=Tellers)  # the "Who tells us" panel, translated
    campaign: CampaignTexts | None = None  # the prologue and epilogue (None: there are none)

    def place(self, name: str) -> str:
        return self.places.get(name, name)

    def source(self, ref: str) -> str:
        return self.sources.get(ref, ref)


def references(scenario: Scenario) -> set[str]:
    """Every source reference a visitor can read in the scenario."""
    refs = {c.ref for f in scenario.formations for c in _citations(f)}
    refs |= {p.citation.ref for p in scenario.phases}
    return refs


def place_names(scenario: Scenario, region: Region | None) -> set[str]:
    """Every place name on the battle map and the region map."""
    names = {f.name for f in scenario.map.features}
    if region is not None:
        names |= {p.name for p in region.places} | {r.name for r in region.rivers}
        names |= {a.name for a in region.areas} | {region.frontier.name}
        names |= {c.name for c in getattr(region, "coast", ()) or ()}
    return names


def load_texts(
    path: Path,
    code: str,
    scenario: Scenario,
    region: Region | None = None,
    campaign: Campaign | None = None,
) -> Texts:
    """The texts of language `code` for `scenario`, checked key by key against it (and against
    its campaign: `campaign`, or the one beside the scenario when a region is given)."""
    has_tellers = bool(scenario.tellers.by_account or scenario.tellers.differences)
    if campaign is None and region is not None:
        campaign = load_campaign_for(scenario, region)
    root = load_yaml(path).mapping(
        required=(
            "language",
            "scenario",
            "sources",
            "places",
            *(("tellers",) if has_tellers else ()),
            *(("campaign",) if campaign is not None else ()),
        )
    )
    if root["language"].text() != code:
        raise root["language"].error(f"this file is for '{code}' (its name says so)")
    sc = root["scenario"].mapping(
        required=("name", "date", "accounts", "sides", "formations", "phases", "story")
    )
    accounts = _strings(sc["accounts"], tuple(scenario.accounts))
    sides = _strings(sc["sides"], tuple(n for n, s in SIDE_NAMES.items() if s in scenario.sides))
    formations = {}
    fnode = sc["formations"].mapping(required=tuple(f.id for f in scenario.formations))
    for f in scenario.formations:
        n = fnode[f.id].mapping(required=FORMATION_KEYS)
        names = tuple(c.name for c in f.commanders)
        cnode = n["commanders"].mapping(required=names)
        formations[f.id] = {
            **{k: n[k].text() for k in FORMATION_KEYS if k != "commanders"},
            "commanders": {
                c: {k: v.text() for k, v in cnode[c].mapping(required=COMMANDER_KEYS).items()}
                for c in names
            },
        }
    ids = tuple(dict.fromkeys(p.id for p in scenario.phases))
    pnode = sc["phases"].mapping(required=ids)
    phases = {pid: _phase_texts(pnode[pid]) for pid in ids}
    return Texts(
        code,
        {
            "name": sc["name"].text(),
            "date": sc["date"].text(),
            "accounts": accounts,
            "sides": sides,
            "formations": formations,
            "phases": phases,
        },
        _wording(sc["story"], scenario),
        _keyed(root["sources"], references(scenario), "reference"),
        _keyed(root["places"], place_names(scenario, region), "place"),
        _tellers(root["tellers"], scenario.tellers) if has_tellers else scenario.tellers,
        load_campaign_texts(root["campaign"], campaign) if campaign is not None else None,
    )


def _tellers(node: Node, english: Tellers) -> Tellers:
    """The "Who tells us" panel: each account's author, the seed's sentence on emphasis, the
    date, each difference keyed by its English topic, each book keyed by its English entry."""
    accounts = tuple(a for a, _ in english.by_account)
    node.mapping(required=(*accounts, "emphasis", "date", "differences", "bibliography"))
    by_account = tuple((a, Teller(**_strings(node[a], TELLER_KEYS))) for a in accounts)
    told = tuple(a for a, _ in english.differences[0].told) if english.differences else ()
    dnode = node["differences"].mapping(required=tuple(d.topic for d in english.differences))
    differences = tuple(
        Difference(d.tick, *_difference(dnode[d.topic], told)) for d in english.differences
    )
    books = _keyed(node["bibliography"], set(english.bibliography), "book")
    return Tellers(
        by_account=by_account,
        emphasis=node["emphasis"].text(),
        date=node["date"].text(),
        differences=differences,
        bibliography=tuple(books[b] for b in english.bibliography),
    )


def _difference(node: Node, accounts: tuple[str, ...]) -> tuple[str, tuple[tuple[str, str], ...]]:
    texts = _strings(node, ("topic", *accounts))
    return texts["topic"], tuple((a, texts[a]) for a in accounts)


def _phase_texts(node: Node) -> dict[str, str]:
    """A phase's name and caption, and its short name if the file gives one (else none: the
    bar shortens the translated name itself rather than write the English short one)."""
    node.mapping(required=PHASE_KEYS, optional=("short",))
    short = node.get("short")
    return {
        **{k: node[k].text() for k in PHASE_KEYS},
        "short": "" if short is None else short.text(),
    }


def _strings(node: Node, keys: tuple[str, ...]) -> dict[str, str]:
    node.mapping(required=keys)
    return {k: node[k].text() for k in keys}


def _keyed(node: Node, expected: set[str], what: str) -> dict[str, str]:
    """A mapping from each English text in `expected` to its translation, no more, no less."""
    node.mapping(optional=tuple(expected))  # an unknown key is named at its line
    missing = sorted(expected - set(node.value))
    if missing:
        m = node.mark
        raise DataError(m.path, m.line, m.column, f"{node.field}.{missing[0]}", f"missing {what}")
    return {k: node[k].text() for k in expected}


def _wording(node: Node, scenario: Scenario) -> Wording:
    """The `story:` block in this language: each formation's subject and object forms and
    grammatical number, and every sentence."""
    node.mapping(required=("formations", "sentences"))
    ids = tuple(f.id for f in scenario.formations)
    fnode = node["formations"].mapping(required=ids)
    named = []
    for i, fid in enumerate(ids):
        n = fnode[fid].mapping(required=STORY_KEYS)
        for key in ("called", "target"):
            _placeholders(n[key], n[key].text())
        english = scenario.wording.named[i] if scenario.wording.named else Named(fid, True)
        named.append(
            replace(
                english,
                called=n["called"].text(),
                target=n["target"].text(),
                many=n["number"].text(choices=NUMBERS) == "many",
            )
        )
    snode = node["sentences"].mapping(required=SENTENCES)
    return Wording({k: _template(k, snode[k]) for k in SENTENCES}, tuple(named))


def translated(scenario: Scenario, texts: Texts) -> Scenario:
    """`scenario` with every visitor-read text in `texts`' language; ids, numbers, orders and
    everything the simulation reads left as they are."""
    t = texts.scenario
    src = texts.source

    def cite(c: Citation) -> Citation:
        return replace(c, ref=src(c.ref))

    formations = []
    for f in scenario.formations:
        ft = t["formations"][f.id]
        commanders = tuple(
            replace(c, **ft["commanders"][c.name], citation=cite(c.citation)) for c in f.commanders
        )
        formations.append(
            replace(
                f,
                name=ft["name"],
                arms=ft["arms"],
                about=ft["about"],
                strength_note=ft["strength_note"],
                commanders=commanders,
                citation=cite(f.citation),
                strength_citation=cite(f.strength_citation),
                told=tuple((a, k, cite(c)) for a, k, c in f.told),
            )
        )
    phases = tuple(
        replace(p, **t["phases"][p.id], citation=cite(p.citation)) for p in scenario.phases
    )
    return replace(
        scenario,
        name=t["name"],
        date=t["date"],
        accounts={a: t["accounts"][a] for a in scenario.accounts},
        sides={
            s: replace(spec, name=t["sides"][_side_name(s)]) for s, spec in scenario.sides.items()
        },
        formations=tuple(formations),
        phases=phases,
        wording=texts.wording,
        tellers=texts.tellers,
    )


def _side_name(side) -> str:
    return next(n for n, s in SIDE_NAMES.items() if s == side)


def _citations(f) -> list[Citation]:
    return [
        f.citation,
        f.strength_citation,
        *(c.citation for c in f.commanders),
        *(c for _, _, c in f.told),
    ]
