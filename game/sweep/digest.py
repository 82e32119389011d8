"""What a battle run is a function of, as digests: the code that simulates and the scenario.

A run is a pure function of (scenario, code version, account, strengths, seed, scale), so a
cached run may be reused exactly when all of these are equal. Both digests are taken wide on
purpose: a false miss costs one re-run, a false hit would show a battle the code no longer
fights.

- The *code version* digests every source and data file of the `game` package that runs it
  (any edit, even to a comment, is a new version), with the numpy and Python versions, whose
  floating point the state hashes rest on.
- The *scenario digest* digests the scenario as loaded and validated (what-if patch applied):
  every field of its dataclasses, map grids included, but not its formatting or comments.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import platform
from functools import cache
from pathlib import Path

import numpy as np

import game

CODE_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".txt")
"""Files of the `game` package the code version covers (its source and any data in it)."""


@cache
def code_version() -> str:
    """The digest of the `game` package this process imported, taken once: 32 hex digits."""
    return package_digest(Path(game.__file__).resolve().parent)


def package_digest(folder: Path) -> str:
    """A digest of a `game` package's files at `folder`, with the numpy and Python versions."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"numpy {np.__version__}; python {platform.python_version()}\n".encode())
    for path in sorted(folder.rglob("*")):
        if path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts and path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


def scenario_digest(scenario: object) -> str:
    """A digest of everything a loaded scenario holds (dataclass fields, recursively): 32 hex."""
    h = hashlib.blake2b(digest_size=16)
    _feed(h, scenario)
    return h.hexdigest()


def _feed(h, value) -> None:
    """Write a canonical, typed encoding of `value` into the hash `h`."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        h.update(f"<{type(value).__qualname__}".encode())
        for f in dataclasses.fields(value):
            h.update(f.name.encode() + b"=")
            _feed(h, getattr(value, f.name))
        h.update(b">")
    elif isinstance(value, np.ndarray):
        h.update(f"<array {value.dtype.str} {value.shape}>".encode())
        h.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, dict):
        h.update(b"{")
        for k in sorted(value, key=repr):
            _feed(h, k)
            h.update(b":")
            _feed(h, value[k])
        h.update(b"}")
    elif isinstance(value, list | tuple):
        h.update(b"[")
        for v in value:
            _feed(h, v)
            h.update(b",")
        h.update(b"]")
    elif isinstance(value, Path):
        h.update(f"<path {value.name}>".encode())  # where it was loaded from does not matter
    elif isinstance(value, enum.Enum):
        h.update(f"<{type(value).__name__}.{value.name}>".encode())
    elif value is None or isinstance(value, bool | int | float | str | np.generic):
        h.update(f"{type(value).__name__}:{value!r};".encode())
    else:
        raise TypeError(f"cannot digest a {type(value).__name__} in a scenario")
