"""Load a scenario file and its map into `Scenario`, validating every field on the way.

Every fault is one `DataError` line naming file, line and field (see `yamlsafe`); unknown keys
are errors. Times of day in the file go through the scenario's clock (`clock.read_time_of_day`).
"""

from __future__ import annotations

import math
from dataclasses import fields
from pathlib import Path

from game.scenario.battlemap import load_map
from game.scenario.citations import read_citation as _citation
from game.scenario.citations import read_citations
from game.scenario.clock import Clock, hhmm, read_clock, read_time_of_day
from game.scenario.codes import KIND_NAMES, MOUNTED, SIDE_NAMES, Kind
from game.scenario.conditions import read_anchor, read_condition
from game.scenario.specs import (
    FACINGS,
    MAX_MEN,
    ORDERS,
    PACES,
    Bow,
    CombatSpec,
    Commander,
    Deployment,
    FormationSpec,
    KindSpec,
    Order,
    Phase,
    Scenario,
    SideSpec,
)
from game.scenario.strengths import load_variants
from game.scenario.wording import load_wording
from game.scenario.yamlsafe import Node, load_yaml

MAX_DIRECTION = 1e6
"""A facing is a direction [x, y] of any length; components beyond this are a typo."""


def load_scenario(path: str | Path) -> Scenario:
    """Load, validate and cross-check a scenario and its map; one-line `DataError` on a fault."""
    path = Path(path)
    return read_scenario(load_yaml(path), path)


def read_scenario(root: Node, path: Path) -> Scenario:
    """Validate a parsed scenario document (the file at `path`, or a what-if patched over it:
    each node names its own file and line); the map is found beside `path`."""
    root = root.mapping(
        required=(
            "name",
            "date",
            "map",
            "seed",
            "accounts",
            "default_account",
            "time",
            "kinds",
            "sides",
            "combat",
            "formations",
            "orders",
            "phases",
        ),
        optional=("strengths", "story", "citations"),
    )
    map_node = root["map"]
    bmap = load_map(path.parent / map_node.text())
    lo, hi = (0.0, 0.0), (bmap.width_m, bmap.height_m)

    accounts: dict[str, str] = {}
    for aid, anode in root["accounts"].items():
        accounts[aid] = anode.text()
    if not accounts:
        raise root["accounts"].error("at least one account is needed")
    default_account = root["default_account"].text(choices=tuple(accounts))

    clock = read_clock(root["time"])
    kinds = {k.kind: k for k in (_kind(name, n) for name, n in root["kinds"].items())}
    sides = {s.side: s for s in (_side(name, n, lo, hi) for name, n in root["sides"].items())}
    for sname, side in SIDE_NAMES.items():
        if side not in sides:
            raise root["sides"].error(f"missing side '{sname}'")

    formations: list[FormationSpec] = []
    ids: set[str] = set()
    for fnode in root["formations"].sequence(min_len=2):
        spec = _formation(fnode, kinds, lo, hi, tuple(accounts))
        if spec.id in ids:
            raise fnode["id"].error(f"formation id '{spec.id}' is used twice")
        ids.add(spec.id)
        formations.append(spec)
    index = {f.id: i for i, f in enumerate(formations)}
    formations = read_citations(root.get("citations"), tuple(accounts), formations)

    def when(node: Node) -> int:
        if isinstance(node.value, str):
            minutes = read_time_of_day(node)
            first, last = clock.day_points[0][1], clock.day_points[-1][1]
            if not first <= minutes <= last:
                raise node.error(
                    f"{node.value} is outside the battle's clock ({hhmm(first)}–{hhmm(last)})"
                )
            seconds = clock.seconds_at(minutes)
        else:
            seconds = node.number(min=0, max=clock.end_seconds)
        return round(seconds * clock.tick_rate)

    def account_list(node: Node | None) -> tuple[str, ...]:
        if node is None:
            return ()
        return tuple(a.text(choices=tuple(accounts)) for a in node.sequence(min_len=1))

    orders: list[Order] = []
    for onode in root["orders"].sequence():
        onode.mapping(
            required=("at", "formation", "order"),
            optional=(
                "to",
                "facing",
                "distance",
                "files",
                "pace",
                "target",
                "value",
                "commander",
                "kind",
                "accounts",
                "when",
                "party",
            ),
        )
        kind = onode["order"].text(choices=ORDERS)
        fid = onode["formation"].text(choices=None)
        if fid not in index:
            raise onode["formation"].error(f"no formation with id '{fid}'")
        order = Order(
            tick=when(onode["at"]),
            formation=index[fid],
            order=kind,
            to=onode["to"].point(lo, hi) if "to" in onode else None,
            facing=_facing(onode["facing"]) if "facing" in onode else None,
            distance=onode["distance"].number(min=0, max=10_000) if "distance" in onode else None,
            files=onode["files"].integer(min=1, max=MAX_MEN) if "files" in onode else None,
            pace=onode["pace"].text(choices=PACES) if "pace" in onode else None,
            target=_target(onode, index),
            value=onode["value"].number(min=0, max=10) if "value" in onode else None,
            commander=_commander(onode, formations[index[fid]]),
            kind=_new_kind(onode, kinds),
            accounts=account_list(onode.get("accounts")),
            **read_condition(onode.get("when"), index),
            party=onode["party"].integer(min=0, max=MAX_MEN) if "party" in onode else 0,
        )
        needs = {
            "march": "to",
            "advance": "distance",
            "face": "facing",
            "form": "files",
            "charge": "target",
            "assault": "target",
            "withdraw": "to",
            "swim": "to",
            "dismount": "kind",
            "leave": "commander",
            "resolve": "value",
        }
        if kind in needs and getattr(order, needs[kind]) is None:
            raise onode.error(f"a '{kind}' order needs '{needs[kind]}'")
        orders.append(order)
    orders.sort(key=lambda o: o.tick)  # stable: file order breaks ties

    phases: list[Phase] = []
    for pnode in root["phases"].sequence(min_len=1):
        pnode.mapping(
            required=("id", "name", "start", "caption", "source"), optional=("accounts", "after")
        )
        phases.append(
            Phase(
                id=pnode["id"].text(),
                name=pnode["name"].text(),
                tick=when(pnode["start"]),
                caption=pnode["caption"].text(),
                citation=_citation(pnode["source"]),
                accounts=account_list(pnode.get("accounts")),
                after=read_anchor(pnode.get("after"), index),
            )
        )
        if len(phases) > 1 and phases[-1].tick < phases[-2].tick:
            raise pnode["start"].error(
                f"starts before '{phases[-2].id}', listed above it: list the phases in the "
                "order they begin"
            )

    return Scenario(
        name=root["name"].text(),
        date=root["date"].text(),
        path=path,
        map=bmap,
        seed=root["seed"].integer(min=0, max=2**63 - 1),
        accounts=accounts,
        default_account=default_account,
        clock=clock,
        kinds=kinds,
        sides=sides,
        combat=_combat(root["combat"], clock),
        formations=tuple(formations),
        orders=tuple(orders),
        phases=tuple(phases),
        wording=load_wording(root.get("story"), tuple(formations)),
        strength_variants=load_variants(root.get("strengths"), formations),
    )


def _rgb(node: Node) -> tuple[int, int, int]:
    a, b, c = (n.integer(min=0, max=255) for n in node.sequence(3, 3))
    return (a, b, c)


def _facing(node: Node) -> tuple[float, float]:
    if isinstance(node.value, str):
        return FACINGS[node.text(choices=tuple(FACINGS))]
    x, y = (n.number(min=-MAX_DIRECTION, max=MAX_DIRECTION) for n in node.sequence(2, 2))
    norm = math.hypot(x, y)
    if norm < 1e-6:
        raise node.error("a facing needs a direction, not [0, 0]")
    return (x / norm, y / norm)


def _target(onode: Node, index: dict[str, int]) -> int | None:
    if "target" not in onode:
        return None
    tid = onode["target"].text()
    if tid not in index:
        raise onode["target"].error(f"no formation with id '{tid}'")
    return index[tid]


def _commander(onode: Node, spec: FormationSpec) -> str | None:
    if "commander" not in onode:
        return None
    names = tuple(c.name for c in spec.commanders)
    return onode["commander"].text(choices=names)


def _new_kind(onode: Node, kinds: dict[Kind, KindSpec]) -> Kind | None:
    if "kind" not in onode:
        return None
    name = onode["kind"].text(choices=tuple(KIND_NAMES))
    if KIND_NAMES[name] not in kinds:
        raise onode["kind"].error(f"troop kind '{name}' has no entry under 'kinds'")
    return KIND_NAMES[name]


def _combat(node: Node, clock: Clock) -> CombatSpec:
    """The `combat` block holds one key per `CombatSpec` field; `fatigue_from` is a time of day."""
    names = tuple(
        "fatigue_from" if f.name == "fatigue_from_tick" else f.name for f in fields(CombatSpec)
    )
    node.mapping(required=names)
    num = {
        f.name: node[f.name].number(*f.metadata["range"])
        for f in fields(CombatSpec)
        if "range" in f.metadata
    }
    sw = node["shield_wall_spacing"].sequence(2, 2)
    fatigue_from = clock.seconds_at(read_time_of_day(node["fatigue_from"]))
    return CombatSpec(
        shield_wall_spacing=(sw[0].number(min=0.3, max=5), sw[1].number(min=0.3, max=5)),
        fatigue_from_tick=round(fatigue_from * clock.tick_rate),
        **num,
    )


def _kind(name: str, node: Node) -> KindSpec:
    if name not in KIND_NAMES:
        raise node.error(f"unknown troop kind '{name}'; known: {', '.join(KIND_NAMES)}")
    node.mapping(
        required=("paces", "max_force", "spacing", "radius"), optional=("armour", "melee", "shoots")
    )
    pnode = node["paces"].mapping(required=PACES)
    paces = {p: pnode[p].number(min=0.05, max=20) for p in PACES}
    spacing = node["spacing"].sequence(2, 2)
    kind = KIND_NAMES[name]
    return KindSpec(
        kind=kind,
        paces=paces,
        max_force=node["max_force"].number(min=0.1, max=50),
        spacing=(spacing[0].number(min=0.3, max=10), spacing[1].number(min=0.3, max=20)),
        radius=node["radius"].number(min=0.1, max=3),
        mounted=kind in MOUNTED,
        armour=node["armour"].number(min=0, max=1) if "armour" in node else 0.0,
        melee=node["melee"].number(min=0, max=10) if "melee" in node else 1.0,
        shoots=node["shoots"].number(min=0, max=1) if "shoots" in node else 0.0,
    )


def _side(name: str, node: Node, lo, hi) -> SideSpec:
    if name not in SIDE_NAMES:
        raise node.error(f"unknown side '{name}'; known: {', '.join(SIDE_NAMES)}")
    node.mapping(required=("name", "colour", "retreat"), optional=("bow",))
    bow = None
    if "bow" in node:
        b = node["bow"].mapping(
            required=("range", "shots_per_second", "kill_armoured", "kill_unarmoured", "arrows")
        )
        bow = Bow(
            range=b["range"].number(min=1, max=1000),
            shots_per_second=b["shots_per_second"].number(min=0, max=5),
            kill_armoured=b["kill_armoured"].number(min=0, max=1),
            kill_unarmoured=b["kill_unarmoured"].number(min=0, max=1),
            arrows=b["arrows"].integer(min=0, max=1000),
        )
    return SideSpec(
        side=SIDE_NAMES[name],
        name=node["name"].text(),
        colour=_rgb(node["colour"]),
        retreat=node["retreat"].point(lo, hi),
        bow=bow,
    )


def _deployment(node: Node, lo, hi) -> Deployment:
    dnode = node.mapping(required=("at", "facing", "files"))
    files = dnode["files"].integer(min=1, max=MAX_MEN)
    return Deployment(at=dnode["at"].point(lo, hi), facing=_facing(dnode["facing"]), files=files)


def _by_account(node: Node | None, accounts: tuple[str, ...], lo, hi):
    """`by_account: {malalas: {deploy: {...}, retreat: [x, y]}}`: per-account overrides."""
    deploys: list[tuple[str, Deployment]] = []
    retreats: list[tuple[str, tuple[float, float]]] = []
    if node is None:
        return (), ()
    node.mapping(optional=accounts)
    if not node.value:
        raise node.error("expected at least one account")
    for aid, anode in node.items():
        anode.mapping(optional=("deploy", "retreat"))
        if not anode.value:
            raise anode.error("an account override needs 'deploy' or 'retreat'")
        if "deploy" in anode:
            deploys.append((aid, _deployment(anode["deploy"], lo, hi)))
        if "retreat" in anode:
            retreats.append((aid, anode["retreat"].point(lo, hi)))
    return tuple(deploys), tuple(retreats)


def _formation(
    node: Node, kinds: dict[Kind, KindSpec], lo, hi, accounts: tuple[str, ...] = ()
) -> FormationSpec:
    node.mapping(
        required=(
            "id",
            "name",
            "side",
            "kind",
            "strength",
            "strength_range",
            "strength_note",
            "strength_source",
            "commanders",
            "arms",
            "palette",
            "deploy",
            "about",
            "source",
        ),
        optional=("retreat", "by_account"),
    )
    kname = node["kind"].text()
    if kname not in KIND_NAMES:
        raise node["kind"].error(f"unknown unit type '{kname}'; known: {', '.join(KIND_NAMES)}")
    kind = KIND_NAMES[kname]
    if kind not in kinds:
        raise node["kind"].error(f"troop kind '{kname}' has no entry under 'kinds'")
    strength = node["strength"].integer(min=1, max=MAX_MEN)
    rng = node["strength_range"].sequence(2, 2)
    lo_s, hi_s = rng[0].integer(min=0, max=MAX_MEN), rng[1].integer(min=0, max=MAX_MEN)
    if lo_s > hi_s:
        raise node["strength_range"].error(f"[{lo_s}, {hi_s}]: the low end is above the high end")
    side_name = node["side"].text(choices=tuple(SIDE_NAMES))
    commanders = []
    for cnode in node["commanders"].sequence():
        cnode.mapping(required=("name", "title", "note", "source"))
        commanders.append(
            Commander(
                name=cnode["name"].text(),
                title=cnode["title"].text(),
                note=cnode["note"].text(),
                citation=_citation(cnode["source"]),
            )
        )
    pal = node["palette"].sequence(2, 2)
    account_deploy, account_retreat = _by_account(node.get("by_account"), accounts, lo, hi)
    return FormationSpec(
        id=node["id"].text(),
        name=node["name"].text(),
        side=SIDE_NAMES[side_name],
        kind=kind,
        strength=strength,
        strength_range=(lo_s, hi_s),
        strength_note=node["strength_note"].text(),
        strength_citation=_citation(node["strength_source"]),
        commanders=tuple(commanders),
        arms=node["arms"].text(),
        palette=(_rgb(pal[0]), _rgb(pal[1])),
        deploy=_deployment(node["deploy"], lo, hi),
        about=node["about"].text(),
        citation=_citation(node["source"]),
        retreat=node["retreat"].point(lo, hi) if "retreat" in node else None,
        account_deploy=account_deploy,
        account_retreat=account_retreat,
    )
