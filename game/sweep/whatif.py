"""What-ifs: a small YAML file of changes laid over the scenario, then validated like the scenario.

```yaml
what_if: The Ghassanids stand on the Roman left     # required: what this asks, in a sentence
note: Our question, not a source's.                  # optional
scenario:                                            # required: the changes
  formations:
    harith:                                          # a formation (or phase) by its id
      deploy: {at: [3900, 2650], facing: east, files: 300}
  orders:
    harith:                                          # replaces all of harith's orders
      - {at: "14:10", order: charge, target: persian_right}
```

How the changes lie over the scenario document:
- a mapping over a mapping changes it key by key; `null` removes a key;
- a mapping over `formations` or `phases` (lists of items with an `id`) changes items by id;
- a mapping over `orders` gives, per formation id, the list that replaces that formation's orders;
- anything else (a number, text, a list) replaces what was there; `map` cannot be changed.

The patched document then goes through the scenario's own validator, so a wrong value is refused
with one line naming the what-if file, line, column and field, as for any data file. Nodes
from the what-if keep their own file and line; nodes from the scenario keep theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.scenario.load import read_scenario
from game.scenario.specs import Scenario
from game.scenario.yamlsafe import DataError, Node, load_yaml

BY_ID = {"formations": "id", "phases": "id"}
"""Lists of the scenario a what-if changes item by item, and the key that names an item."""

GROUPED = {"orders": "formation"}
"""Lists a what-if replaces per group (all the orders of one formation)."""

FIXED = ("map",)
"""Top-level keys a what-if may not change."""


@dataclass(frozen=True)
class WhatIf:
    name: str  # the file's stem: how summaries and tables name it
    question: str
    note: str
    path: Path
    scenario: Scenario


def load_what_if(path: str | Path, scenario_path: str | Path) -> WhatIf:
    """The scenario at `scenario_path` with the what-if at `path` laid over it, validated."""
    path, scenario_path = Path(path), Path(scenario_path)
    doc = load_yaml(path).mapping(required=("what_if", "scenario"), optional=("note",))
    changes = doc["scenario"]
    if not isinstance(changes.value, dict):
        raise changes.error("expected a mapping of changes to the scenario")
    for key in FIXED:
        if key in changes:
            raise changes.key_node(key).error(f"a what-if cannot change '{key}'")
    base = load_yaml(scenario_path)
    merged = _over(base, changes)
    return WhatIf(
        name=path.stem,
        question=doc["what_if"].text(),
        note=doc["note"].text() if "note" in doc else "",
        path=path,
        scenario=read_scenario(merged, scenario_path),
    )


def _over(base: Node, change: Node) -> Node:
    """`change` laid over `base` (see the module docstring); neither is modified."""
    if not (isinstance(change.value, dict) and isinstance(base.value, dict)):
        return change
    out = dict(base.value)
    for key, (knode, vnode) in change.value.items():
        if vnode.value is None:
            out.pop(key, None)
        elif key in out and key in BY_ID:
            out[key] = (out[key][0], _by_id(out[key][1], vnode, BY_ID[key]))
        elif key in out and key in GROUPED:
            out[key] = (out[key][0], _grouped(out[key][1], vnode, GROUPED[key]))
        elif key in out:
            out[key] = (out[key][0], _over(out[key][1], vnode))
        else:
            out[key] = (knode, vnode)
    return Node(out, base.mark, base.field)


def _by_id(items: Node, change: Node, id_key: str) -> Node:
    """Change the items of the list `items` named by the keys of the mapping `change`."""
    if not _keyed(items, change, f"expected a mapping of {id_key}s to changes"):
        return change
    index = {_item_key(item, id_key): k for k, item in enumerate(items.value)}
    out = list(items.value)
    for key, (knode, vnode) in change.value.items():
        if key not in index:
            raise knode.error(f"no item with {id_key} '{key}'; known: {', '.join(index)}")
        if not isinstance(vnode.value, dict):
            raise vnode.error("expected a mapping of changes to this item")
        if id_key in vnode:
            raise vnode.key_node(id_key).error(f"a what-if cannot change an item's {id_key}")
        out[index[key]] = _over(out[index[key]], vnode)
    return Node(out, items.mark, items.field)


def _grouped(items: Node, change: Node, group_key: str) -> Node:
    """Replace, per key of the mapping `change`, the items whose `group_key` is that key."""
    if not _keyed(items, change, f"expected a mapping of {group_key} ids to lists"):
        return change
    out = [i for i in items.value if _item_key(i, group_key) not in change.value]
    for key, (knode, vnode) in change.value.items():
        for item in vnode.sequence():
            if not isinstance(item.value, dict):
                raise item.error("expected a mapping")
            if group_key in item and item[group_key].value != key:
                raise item[group_key].error(f"this list holds the orders of '{key}'")
            value = {group_key: (knode, Node(key, knode.mark, item.field + "." + group_key))}
            out.append(Node({**value, **item.value}, item.mark, item.field))
    return Node(out, items.mark, items.field)


def _keyed(items: Node, change: Node, expected: str) -> bool:
    """Whether `change` goes over the list `items` item by item (a mapping), or replaces it
    whole (a list); anything else is an error."""
    if isinstance(change.value, list):
        return False
    if not isinstance(change.value, dict) or not isinstance(items.value, list):
        raise change.error(expected)
    return True


def _item_key(item: Node, key: str) -> str:
    node = item.get(key)
    if node is None or not isinstance(node.value, str):
        raise item.error(f"missing text '{key}'")
    return node.value


__all__ = ["DataError", "WhatIf", "load_what_if"]
