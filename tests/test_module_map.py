"""The README's module map (its "How it works" block) names every module in game/, and only those.

A newcomer finds a module by the map; a module missing from it, or a name left behind after a
rename, sends them to the wrong room (issue #16: "The README's module map matches the tree").
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def map_block() -> list[str]:
    """The lines of the fenced block that opens the README's "How it works" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## How it works\n", 1)[1]
    return section.split("```", 2)[1].splitlines()


def named_modules() -> dict[str, set[str]]:
    """Package path -> the names the map gives under it (a trailing / names a sub-package)."""
    named: dict[str, set[str]] = {}
    package = None
    for line in map_block():
        top = re.match(r"(game/[\w/]*?)/?\s{2,}", line) or re.match(r"(game/[\w/.]+)\s", line)
        if top:
            path = top.group(1)
            if path.endswith(".py"):
                named.setdefault("game", set()).add(Path(path).stem)
                package = None
            else:
                package = path.rstrip("/")
                named.setdefault(package, set())
                parent, _, name = package.rpartition("/")
                named.setdefault(parent, set()).add(f"{name}/")
            continue
        if not line.startswith("  ") or line.startswith("   ") or package is None:
            if line and not line.startswith(" "):
                package = None
            continue
        names = line[2:].split("  ")[0].split()  # names, then two spaces, then what they hold
        named[package].update(names)
    return named


def modules_in_tree() -> dict[str, set[str]]:
    """Package path -> its modules and sub-packages (as name/), as they are on disk."""
    found: dict[str, set[str]] = {}
    for package in sorted((ROOT / "game").rglob("__init__.py")):
        folder = package.parent
        key = folder.relative_to(ROOT).as_posix()
        names = {
            p.stem for p in folder.glob("*.py") if p.name not in ("__init__.py", "__main__.py")
        }
        names |= {f"{p.name}/" for p in folder.iterdir() if (p / "__init__.py").exists()}
        found[key] = names
    return found


def test_every_module_in_game_is_on_the_map() -> None:
    named, tree = named_modules(), modules_in_tree()
    # a sub-package named on a line of its parent's (terrain/) is described in prose, not by module
    covered = {
        f"{pkg}/{n.rstrip('/')}" for pkg, names in named.items() for n in names if n.endswith("/")
    } - set(named)
    missing = [
        f"{pkg}/{name}"
        for pkg, names in tree.items()
        if pkg not in covered
        for name in sorted(names - named.get(pkg, set()))
    ]
    assert not missing, f"modules the README's map does not name: {missing}"


def test_every_name_on_the_map_is_a_module() -> None:
    named, tree = named_modules(), modules_in_tree()
    stale = [
        f"{pkg}/{name}"
        for pkg, names in named.items()
        for name in sorted(names - tree.get(pkg, set()))
    ]
    assert not stale, f"names on the README's map with no module behind them: {stale}"
