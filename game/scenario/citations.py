"""Citations: who tells each thing, and per account who tells what each formation does.

Every event the battle logs (a rout, a charge, a general's fall, the dismount, the crossing)
cites the account being shown, from the scenario's `citations:` block: per account, per
formation, per kind of event (`all` for the rest). Where that account has no passage, the
citation says so: our reconstruction, or the other author, named as borrowed.
"""

from __future__ import annotations

from dataclasses import replace

from game.scenario.specs import SOURCES, Citation, FormationSpec
from game.scenario.yamlsafe import Node

CITED_EVENTS = (
    "all",
    "rout",
    "rally",
    "charge",
    "dismount",
    "stand_formed",
    "crossing",
    "commander_falls",
    "commander_leaves",
    "placement",
)
"""What a formation's citations may be given for: every event it logs, one kind of event, or
its `placement` (where it stands is a reconstruction: the map hatches it)."""


def read_citation(node: Node) -> Citation:
    node.mapping(required=("source", "ref"))
    return Citation(source=node["source"].text(choices=SOURCES), ref=node["ref"].text())


def read_citations(
    node: Node | None, accounts: tuple[str, ...], formations: list[FormationSpec]
) -> list[FormationSpec]:
    """The formations with their per-account event citations (`FormationSpec.told`)."""
    if node is None:
        return formations
    index = {f.id: k for k, f in enumerate(formations)}
    told: dict[int, list[tuple[str, str, Citation]]] = {k: [] for k in index.values()}
    node.mapping(optional=accounts)
    for account, anode in node.items():
        anode.mapping(optional=tuple(index))
        for fid, fnode in anode.items():
            fnode.mapping(optional=CITED_EVENTS)
            for kind, cnode in fnode.items():
                told[index[fid]].append((account, kind, read_citation(cnode)))
    return [replace(f, told=tuple(told[k])) for k, f in enumerate(formations)]
