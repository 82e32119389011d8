"""The armies in a scenario file: troop kinds, sides and their bows, and the formations with
their commanders, strengths and deployment (per account where the sources differ).

Each reader takes the YAML node and returns the frozen spec (`game.scenario.specs`), or raises a
one-line `DataError` naming file, line and field; `game.scenario.load` puts them together.
"""

from __future__ import annotations

import math

from game.scenario.citations import read_citation as _citation
from game.scenario.codes import KIND_NAMES, MOUNTED, SIDE_NAMES, Kind
from game.scenario.specs import (
    FACINGS,
    MAX_MEN,
    PACES,
    Bow,
    Commander,
    Deployment,
    FormationSpec,
    KindSpec,
    SideSpec,
)
from game.scenario.yamlsafe import Node

MAX_DIRECTION = 1e6
"""A facing is a direction [x, y] of any length; components beyond this are a typo."""


def read_rgb(node: Node) -> tuple[int, int, int]:
    a, b, c = (n.integer(min=0, max=255) for n in node.sequence(3, 3))
    return (a, b, c)


def read_facing(node: Node) -> tuple[float, float]:
    if isinstance(node.value, str):
        return FACINGS[node.text(choices=tuple(FACINGS))]
    x, y = (n.number(min=-MAX_DIRECTION, max=MAX_DIRECTION) for n in node.sequence(2, 2))
    norm = math.hypot(x, y)
    if norm < 1e-6:
        raise node.error("a facing needs a direction, not [0, 0]")
    return (x / norm, y / norm)


def read_kind(name: str, node: Node) -> KindSpec:
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


def read_side(name: str, node: Node, lo, hi) -> SideSpec:
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
        colour=read_rgb(node["colour"]),
        retreat=node["retreat"].point(lo, hi),
        bow=bow,
    )


def _deployment(node: Node, lo, hi) -> Deployment:
    dnode = node.mapping(required=("at", "facing", "files"))
    files = dnode["files"].integer(min=1, max=MAX_MEN)
    return Deployment(
        at=dnode["at"].point(lo, hi), facing=read_facing(dnode["facing"]), files=files
    )


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


def read_formation(
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
        palette=(read_rgb(pal[0]), read_rgb(pal[1])),
        deploy=_deployment(node["deploy"], lo, hi),
        about=node["about"].text(),
        citation=_citation(node["source"]),
        retreat=node["retreat"].point(lo, hi) if "retreat" in node else None,
        account_deploy=account_deploy,
        account_retreat=account_retreat,
    )
