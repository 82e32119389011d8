"""The campaign before the battle and what came of it: routes, scenes and captions, as data.

Two files beside the scenario: `routes.yaml` (who went where in April 531, in longitude and
latitude or by the region's place names) and `campaign.yaml` (the prologue's and epilogue's
scenes: how long each plays, what the map frames, which routes grow, which caption it shows per
account). Every caption is keyed by id, so a translation replaces texts and keeps ids. Both files
are checked whole at load, each fault one `DataError` line naming file, line and field; without
a `campaign.yaml` the scenario simply has no prologue or epilogue.

What a moment of the prologue or epilogue shows is a pure function of the seconds into it
(`Campaign.scene_at`), so seeking there is exact by construction.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from game.scenario.geography import Region
from game.scenario.specs import SOURCES, Citation, Scenario
from game.scenario.yamlsafe import Node, load_yaml

PROLOGUE, EPILOGUE = "prologue", "epilogue"
PARTS = (PROLOGUE, EPILOGUE)
ROUTE_SIDES = ("roman", "persian")
ROUTE_STYLES = ("advance", "retreat", "planned")
BATTLE_VIEWS = ("battle", "field")
"""Views that are the battlefield's own: its first frame (`battle`) and its last (`field`)."""
FIGURES = ("roman_killed", "roman_fled", "persian_killed", "persian_fled")
"""The run's own figures a caption may quote ({roman_killed} ...): the model's, never a source's."""
MAX_SCENE_S = 60.0
MAX_WIDTH_KM = 3000.0


@dataclass(frozen=True)
class RoutePoint:
    lon: float
    lat: float
    camp: bool = False  # a night's camp: a tent on the map


@dataclass(frozen=True)
class Route:
    id: str
    side: str  # one of ROUTE_SIDES
    style: str  # one of ROUTE_STYLES
    points: tuple[RoutePoint, ...]
    basis: Citation
    accounts: tuple[str, ...] = ()  # empty: every account
    label: str = ""  # set by the route's head

    def told_in(self, account: str) -> bool:
        return not self.accounts or account in self.accounts


@dataclass(frozen=True)
class View:
    """What the map frames: a centre and the width of the screen in km, or a battle view."""

    centre: tuple[float, float] | None  # lon, lat
    width_km: float
    battle: str | None = None  # one of BATTLE_VIEWS


@dataclass(frozen=True)
class Caption:
    """A caption and how it is cited: `source` as the account shown cites it; `told` holds each
    account's own citation where the file gives one per account (a caption one author tells and
    the other's account borrows, saying so)."""

    id: str
    text: str
    source: Citation
    told: tuple[tuple[str, Citation], ...] = ()  # (account, citation); empty: one for all

    def told_in(self, account: str) -> Caption:
        """This caption as `account` cites it."""
        own = dict(self.told).get(account)
        return self if own is None or own == self.source else replace(self, source=own)

    def say(
        self, figures: dict[str, int] | None = None, number: Callable[[int], str] = "{:,}".format
    ) -> str:
        """The text, with the run's figures put in (thousands separated by `number`, the shown
        language's; "…" while the battle's end is still being computed)."""
        if "{" not in self.text:
            return self.text
        shown = {k: number(figures[k]) if figures else "…" for k in FIGURES}
        return self.text.format(**shown)


@dataclass(frozen=True)
class Scene:
    id: str
    name: str
    date: str
    seconds: float
    view: View
    captions: dict[str, str]  # account -> caption id
    grow: tuple[str, ...] = ()
    show: tuple[str, ...] = ()
    ghost: tuple[str, ...] = ()
    mark: tuple[str, ...] = ()
    move_s: float = 3.0


@dataclass(frozen=True)
class Campaign:
    titles: dict[str, str]  # part -> the title shown during it
    prologue: tuple[Scene, ...]
    epilogue: tuple[Scene, ...]
    captions: dict[str, Caption]
    routes: dict[str, Route]
    files: tuple[Path, ...]
    map_name: str = ""  # the map's name in a translation ("": the region file's own)

    def scenes(self, part: str) -> tuple[Scene, ...]:
        return self.prologue if part == PROLOGUE else self.epilogue

    def seconds(self, part: str) -> float:
        return sum(s.seconds for s in self.scenes(part))

    def starts(self, part: str) -> list[float]:
        """Each scene's start, in seconds into the part."""
        out, t = [], 0.0
        for s in self.scenes(part):
            out.append(t)
            t += s.seconds
        return out

    def scene_at(self, part: str, seconds: float) -> tuple[int, float]:
        """The scene shown `seconds` into `part` and the seconds into it (clamped to the part)."""
        scenes = self.scenes(part)
        t = min(max(seconds, 0.0), self.seconds(part))
        for i, start in enumerate(self.starts(part)):
            if t < start + scenes[i].seconds or i == len(scenes) - 1:
                return i, t - start
        raise ValueError("a campaign part has no scenes")  # (load refuses that)

    def caption(self, scene: Scene, account: str) -> Caption:
        """The caption `scene` shows in `account`, cited as that account cites it."""
        return self.captions[scene.captions[account]].told_in(account)


def campaign_paths(scenario: Scenario) -> tuple[Path, Path]:
    """The campaign and its routes live beside the scenario."""
    folder = scenario.path.parent
    return folder / "campaign.yaml", folder / "routes.yaml"


def load_campaign_for(scenario: Scenario, region: Region | None) -> Campaign | None:
    """The scenario's campaign, or None if it has none (no `campaign.yaml`, or no region map)."""
    campaign, routes = campaign_paths(scenario)
    if region is None or not campaign.is_file():
        return None
    accounts = tuple(scenario.accounts)
    return load_campaign(campaign, load_routes(routes, region, accounts), region, accounts)


def load_routes(path: Path, region: Region, accounts: tuple[str, ...]) -> dict[str, Route]:
    """Read `routes.yaml`; a one-line `DataError` (file, line, field) on any fault."""
    root = load_yaml(path).mapping(required=("routes",))
    out: dict[str, Route] = {}
    for rid, node in root["routes"].items():
        node.mapping(required=("side", "style", "points", "basis"), optional=("accounts", "label"))
        out[rid] = Route(
            id=rid,
            side=node["side"].text(choices=ROUTE_SIDES),
            style=node["style"].text(choices=ROUTE_STYLES),
            points=tuple(_route_point(p, region) for p in node["points"].sequence(min_len=2)),
            basis=_citation(node["basis"]),
            accounts=_accounts(node.get("accounts"), accounts),
            label=node["label"].text() if "label" in node else "",
        )
    if not out:
        raise root["routes"].error("lists no route")
    return out


def load_campaign(
    path: Path, routes: dict[str, Route], region: Region, accounts: tuple[str, ...]
) -> Campaign:
    """Read `campaign.yaml` against its routes and the region; one-line `DataError`s."""
    root = load_yaml(path).mapping(
        required=("titles", "prologue", "epilogue", "captions"), optional=("move_s",)
    )
    move_s = root["move_s"].number(0.0, 20.0) if "move_s" in root else 3.0
    captions = {cid: _caption(cid, n, accounts) for cid, n in root["captions"].items()}
    parts = {
        part: tuple(
            _scene(n, move_s, routes, region, accounts, captions)
            for n in root[part].sequence(min_len=1, max_len=40)
        )
        for part in PARTS
    }
    ids = [s.id for scenes in parts.values() for s in scenes]
    for part in PARTS:
        for n, scene in zip(root[part].sequence(), parts[part], strict=True):
            if ids.count(scene.id) > 1:
                raise n["id"].error(f"scene '{scene.id}' is listed twice")
    used = {cid for scenes in parts.values() for s in scenes for cid in s.captions.values()}
    for cid, node in root["captions"].items():
        if cid not in used:
            raise root["captions"].key_node(cid).error(f"caption '{cid}' is shown by no scene")
        if "{" in captions[cid].text:
            _check_fields(node["text"], parts, cid)
    if parts[PROLOGUE][-1].view.battle != "battle":
        raise (
            root[PROLOGUE]
            .sequence()[-1]["view"]
            .error("the prologue's last scene must fly down to the field: view: battle")
        )
    return Campaign(
        titles={part: root["titles"].mapping(required=PARTS)[part].text() for part in PARTS},
        prologue=parts[PROLOGUE],
        epilogue=parts[EPILOGUE],
        captions=captions,
        routes=routes,
        files=(path, path.parent / "routes.yaml"),
    )


# -- pieces -----------------------------------------------------------------------------------
def _route_point(node: Node, region: Region) -> RoutePoint:
    camp = False
    if isinstance(node.value, dict):
        node.mapping(required=("at",), optional=("camp",))
        camp = node["camp"].boolean() if "camp" in node else False
        node = node["at"]
    lon, lat = _where(node, region)
    return RoutePoint(lon, lat, camp)


def _where(node: Node, region: Region) -> tuple[float, float]:
    """A place of the region by name, or [lon, lat] inside the region's bounds."""
    if isinstance(node.value, str):
        names = tuple(p.name for p in region.places)
        place = region.place(node.text(choices=names))
        return (place.lon, place.lat)
    lon, lat = node.sequence(2, 2)
    return (
        lon.number(min=region.west, max=region.east),
        lat.number(min=region.south, max=region.north),
    )


def _citation(node: Node) -> Citation:
    node.mapping(required=("source", "ref"))
    return Citation(source=node["source"].text(choices=SOURCES), ref=node["ref"].text())


def _accounts(node: Node | None, accounts: tuple[str, ...]) -> tuple[str, ...]:
    if node is None:
        return ()
    return tuple(n.text(choices=accounts) for n in node.sequence(min_len=1))


def _caption(cid: str, node: Node, accounts: tuple[str, ...]) -> Caption:
    node.mapping(required=("text", "source"))
    text = " ".join(node["text"].text().split())
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as err:
        raise node["text"].error(f"a brace that opens no field: {err}") from None
    for name in names:
        if name not in FIGURES:
            raise node["text"].error(f"'{{{name}}}' is not one of: {', '.join(FIGURES)}")
    snode = node["source"]
    if "source" in snode:  # one citation, whichever account is shown
        return Caption(cid, text, _citation(snode))
    snode.mapping(required=accounts)  # or {<account>: citation, ...}, every account named
    told = tuple((a, _citation(snode[a])) for a in accounts)
    return Caption(cid, text, told[0][1], told)


def _check_fields(node: Node, parts: dict[str, tuple[Scene, ...]], cid: str) -> None:
    """The run's figures exist only once the battle is over: only the epilogue may quote them."""
    for scene in parts[PROLOGUE]:
        if cid in scene.captions.values():
            raise node.error("the prologue comes before the battle: it cannot quote its figures")


def _view(node: Node, region: Region) -> View:
    if isinstance(node.value, str):
        return View(None, 0.0, node.text(choices=BATTLE_VIEWS))
    node.mapping(required=("centre", "width_km"))
    return View(_where(node["centre"], region), node["width_km"].number(1.0, MAX_WIDTH_KM))


def _scene(
    node: Node,
    move_s: float,
    routes: dict[str, Route],
    region: Region,
    accounts: tuple[str, ...],
    captions: dict[str, Caption],
) -> Scene:
    node.mapping(
        required=("id", "name", "date", "seconds", "view", "caption"),
        optional=("grow", "show", "ghost", "mark", "move_s"),
    )
    cnode = node["caption"]
    if isinstance(cnode.value, str):
        chosen = dict.fromkeys(accounts, cnode.text(choices=tuple(captions)))
    else:
        cnode.mapping(required=accounts)
        chosen = {a: cnode[a].text(choices=tuple(captions)) for a in accounts}

    def ids(key: str) -> tuple[str, ...]:
        if key not in node:
            return ()
        return tuple(n.text(choices=tuple(routes)) for n in node[key].sequence(min_len=1))

    places = tuple(p.name for p in region.places)
    return Scene(
        id=node["id"].text(),
        name=node["name"].text(),
        date=str(node["date"].text()),
        seconds=node["seconds"].number(1.0, MAX_SCENE_S),
        view=_view(node["view"], region),
        captions=chosen,
        grow=ids("grow"),
        show=ids("show"),
        ghost=ids("ghost"),
        mark=tuple(n.text(choices=places) for n in node["mark"].sequence())
        if "mark" in node
        else (),
        move_s=node["move_s"].number(0.0, MAX_SCENE_S) if "move_s" in node else move_s,
    )
