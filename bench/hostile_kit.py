"""The kit of `bench/hostile.py`: a case, its folder, ways to damage files, checks after a run.

Each case gets a fresh folder (`Box.work`) holding copies of the battle's data files (`map/`:
scenario, map, both grids, tour), a kiosk configuration (`kiosk.yaml`, logging to `log/`), an
empty `out/` for outputs and a `home/` (the run's $HOME, so nothing reaches the real one). A
case's `prepare` damages what it tests; `argv` may name those files as `{s}` (scenario), `{m}`
(map), `{t}` (terrain), `{e}` (elevation), `{tour}`, `{k}` (kiosk config) and `{d}` (the folder).
Cases marked `tree` run a copy of the program (its own `assets/` to damage); cases marked `mount`
need root to mount a 64 kB or read-only tmpfs. Device nodes are the case's own (`mknod`), never
the machine's: the round's starting commit replaced /dev/full by a JSON file.
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
import os
import random
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REFUSED, OK = "refused", "ok"
HEADLESS = ("--headless", "--scale", "100", "--until", "0", "--scenario", "{s}")
KIOSK = ("--kiosk", "--kiosk-config", "{k}", "--scale", "100", "--scenario", "{s}")
WINDOW = ("--scale", "100", "--scenario", "{s}")
CHECK = ("--check-determinism", "--scale", "100", "--until", "1", "--scenario", "{s}")
KIOSK_FILES = ("log/*", "home/*")
MB = 1 << 20


@dataclass(frozen=True)
class Case:
    group: str
    name: str
    argv: tuple[str, ...]
    expect: str = REFUSED
    summary: str = ""
    prepare: Callable[[Box], str | None] | None = None
    drive: str | None = None  # a script of bench/hostile_drive.py: window and kiosk runs
    names: str | None = None  # the refusal must mention this (file or option)
    check: Callable[[Box, object], str | None] | None = None
    outputs: tuple[str, ...] = ()  # glob patterns (relative to the folder) the run may write
    fast: bool = False  # part of the test suite's subset
    timeout: float = 60.0
    umask: int = 0o022
    tree: bool = False  # run a copy of the program (to damage its assets)
    env: dict[str, str] = field(default_factory=dict)
    second: tuple[str, ...] = ()  # argv of a second kiosk started while this one runs

    def may_change(self, rel: str) -> bool:
        return any(fnmatch.fnmatch(rel, p) for p in (*self.outputs, "home/*"))


class Box:
    """The folder of one case and the program it runs."""

    def __init__(self, work: Path, tree: Path):
        self.work = work
        self.source = tree
        self.tree = tree
        self.mounts: list[Path] = []
        self.first_pid = 0
        self.second_run = None
        self.map = work / "map"
        self.s = self.map / "scenario.yaml"
        self.m = self.map / "map.yaml"
        self.t = self.map / "terrain.txt"
        self.e = self.map / "elevation.txt"
        self.tour = self.map / "tour.yaml"
        self.k = work / "kiosk.yaml"
        self.home = work / "home"

    def fill(self, arg: str) -> str:
        names = {k: str(getattr(self, k)) for k in ("s", "m", "t", "e", "tour", "k")}
        return arg.format(d=self.work, **names)

    def prepare(self, case: Case) -> str | None:
        self.work.mkdir(parents=True)
        for sub in ("out", "home", "log"):
            (self.work / sub).mkdir()
        shutil.copytree(self.source / "maps" / "callinicum", self.map)
        self.k.write_text("log:\n  folder: log\n")
        if case.tree:
            self.tree = self.work / "prog"
            for part in ("game", "assets", "maps"):
                shutil.copytree(
                    self.source / part,
                    self.tree / part,
                    ignore=shutil.ignore_patterns("__pycache__"),
                )
            shutil.copy2(self.source / "main.py", self.tree / "main.py")
        return case.prepare(self) if case.prepare else None

    def clean(self) -> None:
        for point in reversed(self.mounts):
            subprocess.run(["umount", "-l", str(point)], capture_output=True)
        self.mounts.clear()
        shutil.rmtree(self.work, ignore_errors=True)

    # -- damage ---------------------------------------------------------------------------------
    def mount(self, sub: str, files: dict[str, bytes] | None = None, *, mode: str) -> str | None:
        """A 64 kB tmpfs at `sub`, holding `files`; then made full or read-only."""
        point = self.work / sub
        point.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", str(point)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            return "cannot mount a tmpfs here"
        self.mounts.append(point)
        for name, data in (files or {}).items():
            (point / name).parent.mkdir(parents=True, exist_ok=True)
            (point / name).write_bytes(data)
        if mode == "full":
            fd = os.open(point / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
            try:
                for size in (65536, 4096, 1):  # fill to the last byte
                    with contextlib.suppress(OSError):
                        while os.write(fd, b"\0" * size):
                            pass
            finally:
                os.close(fd)
        elif mode == "ro":
            subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)
        return None


def at(box: Box, rel: str) -> Path:
    """A file of the case by a short name: s, m, t, e, tour, k, or a path under the folder."""
    return getattr(box, rel) if rel in ("s", "m", "t", "e", "tour", "k") else box.work / rel


def edit(rel: str, old: str, new: str, count: int = 1):
    def prepare(box: Box) -> None:
        p = at(box, rel)
        text = p.read_text(encoding="utf-8")
        if old not in text:
            raise RuntimeError(f"{p.name} no longer holds {old!r}: update this case")
        p.write_text(text.replace(old, new, count), encoding="utf-8")

    return prepare


def replace(rel: str, how: str):
    """Replace a file by something hostile (`how` names what)."""

    def prepare(box: Box) -> None:
        p = at(box, rel)
        if p.exists() or p.is_symlink():
            p.unlink()
        if how == "missing":
            return
        if how == "folder":
            p.mkdir()
        elif how == "fifo":
            os.mkfifo(p)
        elif how == "zero":
            p.symlink_to("/dev/zero")
        elif how == "empty":
            p.write_bytes(b"")
        elif how == "binary":
            p.write_bytes(random.Random(531).randbytes(5000))
        elif how == "huge":
            p.write_bytes(b"# padding\n" * (300_000))  # 3 MB
        elif how == "huge50":
            p.write_bytes(b"# padding\n" * (5 * MB))  # 52 MB
        elif how == "nested":
            p.write_bytes(b"x: " + b"[" * 400 + b"]" * 400 + b"\n")
        elif how == "nested-map":
            p.write_bytes(b"x: " + b"{a: " * 400 + b"1" + b"}" * 400 + b"\n")
        elif how == "bomb":
            lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
            for i in range(1, 9):
                lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
            p.write_text("\n".join(lines) + "\n")
        elif how == "tag":
            p.write_text(f'x: !!python/object/apply:os.system ["touch {box.work}/pwned"]\n')
        elif how == "list":
            p.write_text("- one\n- two\n")
        else:
            raise ValueError(how)

    return prepare


def prefix(rel: str, data: bytes):
    def prepare(box: Box) -> None:
        p = at(box, rel)
        p.write_bytes(data + p.read_bytes())

    return prepare


def crlf(rel: str):
    def prepare(box: Box) -> None:
        p = at(box, rel)
        p.write_bytes(p.read_bytes().replace(b"\n", b"\r\n"))

    return prepare


def both(*steps):
    def prepare(box: Box) -> str | None:
        for step in steps:
            why = step(box)
            if why:
                return why
        return None

    return prepare


def device(rel: str, major: int = 1, minor: int = 7):
    """A character device node of the case's own (1,7 is 'full', 1,3 'null')."""

    def prepare(box: Box) -> None:
        p = at(box, rel)
        p.parent.mkdir(parents=True, exist_ok=True)
        os.mknod(p, 0o666 | 0o020000, os.makedev(major, minor))

    return prepare


def link(rel: str, target: str, hard: bool = False):
    def prepare(box: Box) -> None:
        p, dest = at(box, rel), at(box, target)
        if hard:
            os.link(dest, p)
        else:
            p.symlink_to(os.path.relpath(dest, p.parent))

    return prepare


def write(rel: str, data: bytes):
    def prepare(box: Box) -> None:
        p = at(box, rel)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)

    return prepare


def mount(sub: str, mode: str, files: dict[str, bytes] | None = None):
    def prepare(box: Box) -> str | None:
        return box.mount(sub, files, mode=mode)

    return prepare


def kiosk_yaml(text: str):
    return write("kiosk.yaml", text.encode())


def many_men(formations: int = 300, strength: int = 100_000):
    """The real scenario with its formations repeated to `formations`, each `strength` strong."""

    def prepare(box: Box) -> None:
        data = yaml.safe_load(box.s.read_text(encoding="utf-8"))
        base = data["formations"]
        out = []
        for i in range(formations):
            f = json.loads(json.dumps(base[i % len(base)]))  # a copy without YAML aliases
            if i >= len(base):
                f["id"] = f"{f['id']}_{i}"
                f["commanders"] = []
            f["strength"] = strength
            f["strength_range"] = [0, strength]
            out.append(f)
        data["formations"] = out
        called = data.get("story", {}).get("formations", {})  # each copy is told like its model
        for i, f in enumerate(out[len(base) :], len(base)):
            model = called.get(base[i % len(base)]["id"], {})
            called.setdefault(f["id"], json.loads(json.dumps(model)))
        data.pop("strengths", None)  # the variants' totals no longer apply
        box.s.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    return prepare


# -- checks after a run -----------------------------------------------------------------------
def stdout_has(*words: str):
    def check(box: Box, run) -> str | None:
        missing = [w for w in words if w not in run.stdout]
        return f"stdout does not mention {', '.join(missing)}" if missing else None

    return check


def stdout_clean(box: Box, run) -> str | None:
    return f"stdout not empty: {run.stdout.strip()[:60]!r}" if run.stdout.strip() else None


def no_prefix(box: Box, run) -> str | None:
    """The README promises `path:line:col: field: message`; nothing may come before it."""
    lines = run.lines()
    if lines and lines[0].startswith("error: "):
        return "the line starts 'error: ', the README's format does not"
    readme = (box.tree / "README.md").read_text(encoding="utf-8")
    if "`path:line:col: field: message`" not in readme:
        return "the README no longer states the format"
    return None


def under(seconds: float):
    def check(box: Box, run) -> str | None:
        return f"took {run.seconds:.1f} s (> {seconds:g})" if run.seconds > seconds else None

    return check


def log_has(*words: str):
    def check(box: Box, run) -> str | None:
        files = sorted((box.work / "log").glob("callinicum531.log*"))
        text = "".join(f.read_text(errors="replace") for f in files if f.is_file())
        missing = [w for w in words if w not in text]
        return f"the staff log lacks {', '.join(missing)}" if missing else None

    return check


def quiet_stderr(most: int):
    """At most `most` lines on stderr besides Python warnings (the dummy video driver's "no
    fast renderer" and its source line)."""

    def check(box: Box, run) -> str | None:
        said = [ln for ln in run.lines() if "Warning:" not in ln and not ln.startswith("  ")]
        return f"{len(said)} lines on stderr (> {most}): {said[:3]}" if len(said) > most else None

    return check


def modes(**wanted: int):
    """Files (relative to the folder) and the exact permission bits they must have."""

    def check(box: Box, run) -> str | None:
        for rel, mode in wanted.items():
            p = box.work / rel.replace("__", "/").replace("_dot_", ".")
            if not p.exists():
                return f"{rel} was not written"
            got = p.stat().st_mode & 0o777
            if got != mode:
                return f"{p.name} has mode {got:o}, not {mode:o}"
        return None

    return check


def json_report(rel: str):
    def check(box: Box, run) -> str | None:
        try:
            data = json.loads((box.work / rel).read_text())
        except (OSError, ValueError) as err:
            return f"no JSON report: {err}"
        return None if "final_hash" in data or "hashes" in data else "the report has no hashes"

    return check


def second_refused(box: Box, run) -> str | None:
    """Two kiosks at once: the second is refused in one line; the first logs with its PID."""
    second = box.second_run
    if second is None:
        return "the second kiosk did not run"
    lines = [ln for ln in second.stderr.splitlines() if ln.strip()]
    if second.returncode != 2 or len(lines) != 1:
        return f"second kiosk: exit {second.returncode}, {len(lines)} lines on stderr"
    log = box.work / "log" / "callinicum531.log"
    text = log.read_text(errors="replace") if log.is_file() else ""
    pid = str(box.first_pid)
    if not text or not all(pid in ln for ln in text.splitlines()):
        return "the staff log's lines do not carry the kiosk's PID"
    return None


def all_of(*checks):
    def check(box: Box, run) -> str | None:
        for c in checks:
            problem = c(box, run)
            if problem:
                return problem
        return None

    return check


def grid_damage(rel: str, how: str):
    """A text grid with its first row one tile short, or with a character that is no tile."""

    def prepare(box: Box) -> None:
        p = at(box, rel)
        rows = p.read_bytes().split(b"\n")
        rows[0] = rows[0][:-1] if how == "short" else b"@" + rows[0][1:]
        p.write_bytes(b"\n".join(rows))

    return prepare
