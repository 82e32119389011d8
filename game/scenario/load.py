"""Load a scenario file and its map into `Scenario`, validating every field on the way.

Every fault is one `DataError` line naming file, line and field (see `yamlsafe`); unknown keys
are errors. Times of day in the file go through the scenario's clock (`clock.read_time_of_day`).
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from game.scenario.armies import read_facing, read_formation, read_kind, read_side
from game.scenario.battlemap import load_map
from game.scenario.citations import read_citation as _citation
from game.scenario.citations import read_citations
from game.scenario.clock import Clock, hhmm, read_clock, read_time_of_day
from game.scenario.codes import KIND_NAMES, SIDE_NAMES, Kind
from game.scenario.conditions import read_anchor, read_condition
from game.scenario.specs import (
    MAX_MEN,
    ORDERS,
    PACES,
    CombatSpec,
    FormationSpec,
    KindSpec,
    Order,
    Phase,
    Scenario,
)
from game.scenario.strengths import load_variants
from game.scenario.tellers import read_tellers
from game.scenario.wording import load_wording
from game.scenario.yamlsafe import Node, load_yaml


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
        optional=("strengths", "story", "citations", "tellers"),
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
    kinds = {k.kind: k for k in (read_kind(name, n) for name, n in root["kinds"].items())}
    sides = {s.side: s for s in (read_side(name, n, lo, hi) for name, n in root["sides"].items())}
    for sname, side in SIDE_NAMES.items():
        if side not in sides:
            raise root["sides"].error(f"missing side '{sname}'")

    formations: list[FormationSpec] = []
    ids: set[str] = set()
    for fnode in root["formations"].sequence(min_len=2):
        spec = read_formation(fnode, kinds, lo, hi, tuple(accounts))
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
            facing=read_facing(onode["facing"]) if "facing" in onode else None,
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
            required=("id", "name", "start", "caption", "source"),
            optional=("accounts", "after", "short"),
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
                short=pnode["short"].text() if pnode.get("short") is not None else "",
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
        tellers=read_tellers(root.get("tellers"), tuple(accounts), clock),
    )


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
