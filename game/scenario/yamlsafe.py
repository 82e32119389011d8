"""The one door through which YAML enters the program.

Every data file (map, scenario, kiosk configuration) is read here, with a SafeLoader subclass
that keeps line and column marks on every mapping, refuses duplicate keys (PyYAML silently keeps
the last one), and refuses files that are too large or use too many aliases ("billion laughs").
Loading returns `Node` wrappers so that a validator can name the file, line, column and field of
whatever is wrong, long after parsing.

Errors are `DataError`, whose `str()` is exactly one line: ``path:line:col: field: message``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from game.scenario.errors import DataError, one_line
from game.scenario.reading import read_limited

__all__ = ["DataError", "Mark", "Node", "load_yaml", "one_line"]

MAX_FILE_BYTES = 2_000_000
"""Refuse data files above ~2 MB: the real scenario is ~30 kB; anything larger is a mistake."""

MAX_ALIASES = 100
"""Refuse documents with more aliases than this."""

MAX_NODES = 200_000
"""Refuse documents that expand to more values than this: aliases nest, so a few dozen of them
can stand for billions of values ("billion laughs"). The real scenario has ~3,000."""

MAX_DEPTH = 50
"""Refuse values nested deeper than this. PyYAML composes nested values recursively, so ~400
brackets (800 bytes) would exhaust Python's stack; the real scenario nests 6 deep."""


@dataclass(frozen=True)
class Mark:
    path: str
    line: int  # 1-based
    column: int  # 1-based


class Node:
    """A parsed YAML value with its position and its dotted field path.

    Accessors raise `DataError` naming the field: `node["strength"].number(min=1)`.
    """

    __slots__ = ("field", "mark", "value")

    def __init__(self, value: Any, mark: Mark, field: str):
        self.value = value
        self.mark = mark
        self.field = field

    # -- errors -----------------------------------------------------------------------------
    def error(self, message: str) -> DataError:
        return DataError(self.mark.path, self.mark.line, self.mark.column, self.field, message)

    # -- mappings ---------------------------------------------------------------------------
    def mapping(self, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> Node:
        """Check this is a mapping with exactly the allowed keys; unknown keys are errors."""
        if not isinstance(self.value, dict):
            raise self.error(f"expected a mapping, got {_kind(self.value)}")
        allowed = set(required) | set(optional)
        for key, (knode, _) in self.value.items():
            if key not in allowed:
                hint = f"; allowed: {', '.join(sorted(allowed))}" if allowed else ""
                raise DataError(
                    knode.mark.path,
                    knode.mark.line,
                    knode.mark.column,
                    _join(self.field, str(key)),
                    f"unknown key{hint}",
                )
        for key in required:
            if key not in self.value:
                raise self._missing(key)
        return self

    def _missing(self, key: str) -> DataError:
        """A required key is absent: the error names the key as its field, at the mapping."""
        m = self.mark
        return DataError(m.path, m.line, m.column, _join(self.field, key), "missing required key")

    def __contains__(self, key: str) -> bool:
        return isinstance(self.value, dict) and key in self.value

    def __getitem__(self, key: str) -> Node:
        if not isinstance(self.value, dict):
            raise self.error(f"expected a mapping, got {_kind(self.value)}")
        if key not in self.value:
            raise self._missing(key)
        return self.value[key][1]

    def get(self, key: str) -> Node | None:
        if isinstance(self.value, dict) and key in self.value:
            return self.value[key][1]
        return None

    def items(self) -> Iterator[tuple[str, Node]]:
        if not isinstance(self.value, dict):
            raise self.error(f"expected a mapping, got {_kind(self.value)}")
        for key, (_, vnode) in self.value.items():
            yield key, vnode

    def key_node(self, key: str) -> Node:
        return self.value[key][0]

    # -- sequences --------------------------------------------------------------------------
    def sequence(self, min_len: int = 0, max_len: int | None = None) -> list[Node]:
        if not isinstance(self.value, list):
            raise self.error(f"expected a list, got {_kind(self.value)}")
        if len(self.value) < min_len:
            raise self.error(f"expected at least {min_len} items, got {len(self.value)}")
        if max_len is not None and len(self.value) > max_len:
            raise self.error(f"expected at most {max_len} items, got {len(self.value)}")
        return list(self.value)

    # -- scalars ----------------------------------------------------------------------------
    def text(self, nonempty: bool = True, choices: tuple[str, ...] | None = None) -> str:
        if not isinstance(self.value, str):
            raise self.error(f"expected text, got {_kind(self.value)}")
        if nonempty and not self.value.strip():
            raise self.error("must not be empty")
        if choices is not None and self.value not in choices:
            raise self.error(f"'{self.value}' is not one of: {', '.join(choices)}")
        return self.value

    def number(self, min: float | None = None, max: float | None = None) -> float:
        v = self.value
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise self.error(f"expected a number, got {_kind(v)} {v!r}")
        if not math.isfinite(v):
            raise self.error(f"expected a finite number, got {v!r}")
        if min is not None and v < min:
            raise self.error(f"{v!r} is below the minimum {min:g}")
        if max is not None and v > max:
            raise self.error(f"{v!r} is above the maximum {max:g}")
        return float(v)

    def integer(self, min: int | None = None, max: int | None = None) -> int:
        v = self.value
        if isinstance(v, bool) or not isinstance(v, int):
            raise self.error(f"expected a whole number, got {_kind(v)} {v!r}")
        if min is not None and v < min:
            raise self.error(f"{v} is below the minimum {min}")
        if max is not None and v > max:
            raise self.error(f"{v} is above the maximum {max}")
        return int(v)

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.error(f"expected true or false, got {_kind(self.value)} {self.value!r}")
        return self.value

    def point(self, lo: tuple[float, float] | None = None, hi: tuple[float, float] | None = None):
        """A `[x, y]` pair of numbers, optionally inside the rectangle lo..hi."""
        items = self.sequence(2, 2)
        x, y = items[0].number(), items[1].number()
        if lo is not None and hi is not None and not (lo[0] <= x <= hi[0] and lo[1] <= y <= hi[1]):
            raise self.error(
                f"[{x:g}, {y:g}] lies outside the map ({lo[0]:g}..{hi[0]:g}, {lo[1]:g}..{hi[1]:g})"
            )
        return (x, y)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)


def _join(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


try:  # libyaml's scanner and parser, ~5x faster (cold start); the composer stays ours
    from yaml._yaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml: the same events from Python

    class _Parser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)


class _MarkedLoader(Composer, SafeConstructor, Resolver, _Parser):
    """A safe loader (SafeLoader's composer, constructor and resolver over libyaml's events)
    that wraps every value in a `Node` and refuses duplicate keys."""

    def __init__(self, stream: str, path: str):
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._path = path
        self._aliases = 0
        self._built = 0
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                self._refuse(f"values nested more than {MAX_DEPTH} deep; refusing")
            return self._compose_counted(parent, index)
        finally:
            self._depth -= 1

    def _compose_counted(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                self._refuse(f"more than {MAX_ALIASES} aliases; refusing to expand")
        return Composer.compose_node(self, parent, index)

    def _refuse(self, message: str) -> None:
        """Stop reading the document, naming where the next event starts."""
        mark = self.peek_event().start_mark
        raise DataError(self._path, mark.line + 1, mark.column + 1, "(document)", message)

    def _mark(self, node: yaml.Node) -> Mark:
        return Mark(self._path, node.start_mark.line + 1, node.start_mark.column + 1)


_PLAIN_TAGS = {
    yaml.MappingNode: "tag:yaml.org,2002:map",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
}


def _build(loader: _MarkedLoader, node: yaml.Node, field: str) -> Node:
    mark = loader._mark(node)
    loader._built += 1
    if loader._built > MAX_NODES:
        raise DataError(
            mark.path,
            mark.line,
            mark.column,
            field or "(document)",
            f"expands to more than {MAX_NODES} values (aliases?); refusing",
        )
    plain = _PLAIN_TAGS.get(type(node))
    if plain is not None and node.tag != plain:
        raise DataError(
            mark.path,
            mark.line,
            mark.column,
            field or "(document)",
            f"the tag {node.tag} is not allowed in data files",
        )
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[str, tuple[Node, Node]] = {}
        for knode, vnode in node.value:
            key = loader.construct_object(knode, deep=True)
            if not isinstance(key, str | int | float | bool) or isinstance(key, bool):
                raise DataError(
                    mark.path,
                    knode.start_mark.line + 1,
                    knode.start_mark.column + 1,
                    field or "(document)",
                    f"keys must be text, got {key!r}",
                )
            key = str(key)
            if key in out:
                raise DataError(
                    mark.path,
                    knode.start_mark.line + 1,
                    knode.start_mark.column + 1,
                    _join(field, key),
                    "duplicate key (each key may appear once)",
                )
            out[key] = (
                Node(key, loader._mark(knode), _join(field, key)),
                _build(loader, vnode, _join(field, key)),
            )
        return Node(out, mark, field)
    if isinstance(node, yaml.SequenceNode):
        return Node(
            [_build(loader, v, f"{field}[{i}]") for i, v in enumerate(node.value)], mark, field
        )
    return Node(loader.construct_object(node, deep=True), mark, field)


def load_yaml(path: str | Path, limit: int = MAX_FILE_BYTES) -> Node:
    """Parse one YAML file safely into a `Node` tree, or raise a one-line `DataError`. At most
    `limit` bytes are read (see `game.scenario.reading`)."""
    p = Path(path)
    raw = read_limited(p, limit)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(p, 0, 0, "(file)", f"not UTF-8 text (byte {exc.start})") from None
    loader = _MarkedLoader(text, str(p))
    try:
        root = loader.get_single_node()
        if root is None:
            raise DataError(p, 1, 1, "(document)", "the file is empty")
        return _build(loader, root, "")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = " ".join(str(exc.problem or exc.context or "malformed YAML").split())
        raise DataError(p, line, col, "(syntax)", problem) from None
    except yaml.YAMLError as exc:
        raise DataError(p, 0, 0, "(syntax)", " ".join(str(exc).split())) from None
    finally:
        loader.dispose()
