"""The prologue's and epilogue's words in another language: the `campaign:` block of
`lang/<code>.yaml`, keyed by id like the rest of that file.

It holds the two parts' titles, the campaign map's name, each scene's name and date (by scene
id), each caption's text and source reference (by caption id) and the name set by each labelled
route's head (by route id). The map's place names are the file's `places:` (the battle's inset
shows the same region). Checked like every data file: a key it lacks, or one the campaign does
not have, is one `DataError` line naming the file, the line and the key; a caption must quote
the run's figures exactly as the English one does.

`translated_campaign` gives a copy of the campaign with its words replaced; timings, views,
routes and ids stay, so a moment of the prologue is the same moment in every language.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, replace

from game.scenario.campaign import PARTS, Campaign, Caption
from game.scenario.yamlsafe import Node

SCENE_KEYS = ("name", "date")
CAPTION_KEYS = ("text", "source")
BLOCK_KEYS = ("titles", "map", "scenes", "captions", "routes")


@dataclass(frozen=True)
class CampaignTexts:
    """One language's version of the campaign's words (see the module doc)."""

    titles: dict[str, str]  # part -> title
    map: str  # the campaign map's name (shown where the battle's date goes)
    scenes: dict[str, tuple[str, str]]  # scene id -> (name, date)
    captions: dict[str, tuple[str, dict[str, str]]]  # caption id -> (text, {account: reference})
    routes: dict[str, str]  # route id -> the name at its head


def load_campaign_texts(node: Node, campaign: Campaign) -> CampaignTexts:
    """The `campaign:` block, checked key by key against `campaign`."""
    node.mapping(required=BLOCK_KEYS)
    titles = _strings(node["titles"], PARTS)
    ids = tuple(s.id for part in PARTS for s in campaign.scenes(part))
    snode = node["scenes"].mapping(required=ids)
    scenes = {sid: tuple(_strings(snode[sid], SCENE_KEYS).values()) for sid in ids}
    cnode = node["captions"].mapping(required=tuple(campaign.captions))
    captions = {}
    for cid, english in campaign.captions.items():
        n = cnode[cid].mapping(required=CAPTION_KEYS)
        text = " ".join(n["text"].text().split())
        if _fields(text, n["text"]) != _fields(english.text, n["text"]):
            raise n["text"].error(
                f"must quote the same figures as the English caption: {_fields(english.text)}"
            )
        captions[cid] = (text, _references(n["source"], english))
    labelled = tuple(rid for rid, r in campaign.routes.items() if r.label)
    return CampaignTexts(
        titles=titles,
        map=node["map"].text(),
        scenes=scenes,  # type: ignore[arg-type]
        captions=captions,
        routes=_strings(node["routes"], labelled),
    )


def translated_campaign(campaign: Campaign, texts: CampaignTexts) -> Campaign:
    """`campaign` worded in `texts`' language; everything that times or places it unchanged."""

    def scenes(part: str):
        return tuple(
            replace(s, name=texts.scenes[s.id][0], date=texts.scenes[s.id][1])
            for s in campaign.scenes(part)
        )

    def worded(c: Caption) -> Caption:
        text, refs = texts.captions[c.id]
        told = tuple((a, replace(cite, ref=refs[a])) for a, cite in c.told)
        source = told[0][1] if told else replace(c.source, ref=refs[""])
        return replace(c, text=text, source=source, told=told)

    captions = {cid: worded(c) for cid, c in campaign.captions.items()}
    routes = {
        rid: replace(r, label=texts.routes.get(rid, r.label)) for rid, r in campaign.routes.items()
    }
    return replace(
        campaign,
        titles=dict(texts.titles),
        prologue=scenes(PARTS[0]),
        epilogue=scenes(PARTS[1]),
        captions=captions,
        routes=routes,
        map_name=texts.map,
    )


def _references(node: Node, english: Caption) -> dict[str, str]:
    """A caption's translated reference, or one per account where the English gives one per
    account (keyed "" for the one reference of every account)."""
    if not english.told:
        return {"": node.text()}
    accounts = tuple(a for a, _ in english.told)
    if isinstance(node.value, str):
        raise node.error(f"the English cites this per account: give one for each of {accounts}")
    return _strings(node, accounts)


def _strings(node: Node, keys: tuple[str, ...]) -> dict[str, str]:
    node.mapping(required=keys)
    return {k: node[k].text() for k in keys}


def _fields(text: str, node: Node | None = None) -> list[str]:
    """The figures a caption quotes ({roman_killed} ...), sorted."""
    try:
        return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)
    except ValueError as err:
        if node is None:
            raise
        raise node.error(f"a brace that opens no field: {err}") from None
