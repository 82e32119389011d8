"""Conditional orders: `when: {breaks: ascan}` or `when: arrived` in the scenario's orders.

Some things the sources tell happen not at a time but after something else: Belisarius holds
as long as Ascan holds, then rides to the infantry, and dismounts when he reaches them
(Procopius, Wars I.18). Such an order waits, after its `at`, until its condition holds.
"""

from __future__ import annotations

from game.scenario.yamlsafe import Node

ARRIVED = "arrived"


def read_condition(node: Node | None, index: dict[str, int]) -> dict:
    """Order fields for a `when:` value: `after_break` (a formation row) or `on_arrival`."""
    if node is None:
        return {}
    if isinstance(node.value, str):
        node.text(choices=(ARRIVED,))
        return {"on_arrival": True}
    node.mapping(required=("breaks",))
    fid = node["breaks"].text()
    if fid not in index:
        raise node["breaks"].error(f"no formation with id '{fid}'")
    return {"after_break": index[fid]}


ANCHORS = ("rout", "dismount", "stand_formed", "commander_falls", "commander_leaves")
"""Events a phase may wait for (`after:`)."""


def read_anchor(node: Node | None, index: dict[str, int]) -> tuple[str, int] | None:
    """A phase's `after: {dismount: belisarius}`: (event kind, formation row)."""
    if node is None:
        return None
    node.mapping(optional=ANCHORS)
    items = list(node.items())
    if len(items) != 1:
        raise node.error("give one event, e.g. {dismount: belisarius}")
    kind, fnode = items[0]
    fid = fnode.text()
    if fid not in index:
        raise fnode.error(f"no formation with id '{fid}'")
    return kind, index[fid]
