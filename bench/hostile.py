"""Hostile cases: damaged files, a full disk, odd options, two kiosks. Does anything take it down?

    python bench/hostile.py                       # every case, against this tree
    python bench/hostile.py --tree /path/to/other/checkout    # e.g. the round's starting commit
    python bench/hostile.py --fast                # the subset the test suite runs
    python bench/hostile.py --only fifo           # cases whose name or class contains "fifo"

Every case (`bench/hostile_cases.py`) runs the program as a user would, `python main.py ...`, in
a subprocess of its own, in a fresh folder holding copies of the data files, with a timeout and a
memory limit (`setrlimit(RLIMIT_AS)`). A case is **handled** when:

- a refusal exits 2 with exactly one line on stderr, `path:line:col: field: message` (or, for an
  option, one line naming it), and nothing else; a case that should work exits 0;
- no traceback and no "--- Logging error ---" is printed, and it neither hangs nor is killed;
- no file of the case is lost or altered, no device node is replaced, and no temporary or other
  unexpected file is left behind.

It prints one row per case and the count handled. The stdout column says whether a refusal
also kept stdout clean (pygame's banner); it is shown, not counted, except in the banner cases.
Cases that need root to mount a small or read-only filesystem are skipped (and say so) where
mounting is refused. Standard library only: it never imports the program it tests.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import re
import resource
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.hostile_cases import CASES  # noqa: E402
from bench.hostile_kit import Box, Case  # noqa: E402

DRIVER = Path(__file__).resolve().parent / "hostile_drive.py"
MEMORY_LIMIT = 2 << 30
"""Address space per run: a 1:1 battle with its screenshot needs under 1 GiB."""

DATA_LINE = re.compile(
    r"^(?:error: )?(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<field>[^:\s][^:]*): (?P<msg>\S.*)$"
)
"""A data refusal. The round's starting commit prefixed `error: `; that is not counted
against it (the README's format is checked by a case of its own)."""

OPTION_LINE = re.compile(r"--[a-z][a-z-]*")


@dataclass
class Run:
    """What one subprocess did."""

    rc: int | None  # None: timed out
    stdout: str
    stderr: str
    seconds: float

    def lines(self) -> list[str]:
        """stderr without argparse's usage block (a 'usage:' line and its indented tail)."""
        out, in_usage = [], False
        for line in self.stderr.splitlines():
            if line.startswith("usage:"):
                in_usage = True
                continue
            if in_usage and line.startswith(" "):
                continue
            in_usage = False
            if line.strip():
                out.append(line)
        return out


@dataclass
class Verdict:
    case: Case
    run: Run | None
    problems: list[str] = field(default_factory=list)
    skipped: str = ""

    @property
    def handled(self) -> bool:
        return not self.problems and not self.skipped


# -- files: what the case folder held before and after -----------------------------------------
def snapshot(folder: Path) -> dict[str, tuple]:
    """Relative path -> (kind, content digest or device number) for everything under `folder`."""
    out: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        for name in [*dirnames, *filenames]:
            p = Path(dirpath) / name
            rel = str(p.relative_to(folder))
            try:
                st = os.lstat(p)
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                out[rel] = ("file", _digest(p, st))
            elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
                out[rel] = ("device", st.st_rdev)
            elif stat.S_ISFIFO(st.st_mode):
                out[rel] = ("fifo",)
            elif stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(p))
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("dir",)
    return out


def _digest(path: Path, st: os.stat_result) -> str:
    if st.st_size > 64 << 20:
        return f"size {st.st_size}"
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def file_problems(before: dict, after: dict, case: Case) -> list[str]:
    problems = []
    for rel, was in before.items():
        now = after.get(rel)
        if case.may_change(rel):
            continue
        if now is None:
            problems.append(f"lost {rel}")
        elif was[0] == "device" and now[0] != "device":
            problems.append(f"replaced the device {rel} by a {now[0]}")
        elif now != was:
            problems.append(f"altered {rel}")
    for rel in after.keys() - before.keys():
        if after[rel][0] == "dir":
            continue
        name = Path(rel).name
        if ".tmp" in name or name.endswith("~") or not case.may_change(rel):
            problems.append(f"left {rel}")
    return problems


# -- one case --------------------------------------------------------------------------------
def _limits(umask: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        os.umask(umask)

    return apply


def execute(box: Box, case: Case) -> Run:
    main_py = str(box.tree / "main.py")
    argv = [box.fill(a) for a in case.argv]
    cmd = [sys.executable, main_py, *argv]
    if case.drive:
        cmd = [sys.executable, str(DRIVER), case.drive, main_py, *argv]
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SDL_", "PYGAME_", "NOTIFY_SOCKET", "WATCHDOG_"))
    }
    env.update(
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        HOME=str(box.home),
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH="",
    )
    env.update(case.env)
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=box.work,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        preexec_fn=_limits(case.umask),
        start_new_session=True,
    )
    box.first_pid = proc.pid
    try:
        if case.second:
            box.second_run = _second(box, case, env, started)
        out, err = proc.communicate(
            timeout=max(1.0, case.timeout - (time.perf_counter() - started))
        )
        rc: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        rc = None
    except BaseException:  # the bench itself is stopped: take the case's processes with it
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        raise
    return Run(rc, out, err, time.perf_counter() - started)


def _second(box: Box, case: Case, env: dict, started: float) -> subprocess.CompletedProcess | None:
    """Start a second kiosk once the first says it has started (or after 30 s)."""
    log = box.work / "log" / "callinicum531.log"
    while time.perf_counter() - started < 30:
        if log.is_file() and "kiosk started" in log.read_text(errors="replace"):
            break
        time.sleep(0.2)
    cmd = [sys.executable, str(DRIVER), "pin", str(box.tree / "main.py")]
    cmd += [box.fill(a) for a in case.second]
    try:
        return subprocess.run(
            cmd,
            cwd=box.work,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            preexec_fn=_limits(case.umask),
            timeout=40,
        )
    except subprocess.TimeoutExpired:
        return None


def judge(case: Case, run: Run) -> list[str]:
    problems: list[str] = []
    text = run.stdout + run.stderr
    if run.rc is None:
        problems.append(f"hung (killed after {case.timeout:g} s)")
    elif run.rc < 0:
        problems.append(f"killed by signal {-run.rc}")
    if "Traceback (most recent call last)" in text:
        last = [ln for ln in run.stderr.splitlines() if ln.strip()][-1:] or ["?"]
        problems.append(f"traceback: {last[0][:90]}")
    if "--- Logging error ---" in text:
        problems.append(f"{text.count('--- Logging error ---')} logging-error tracebacks")
    if run.rc is None or problems:
        return problems
    if case.expect == "refused":
        if run.rc != 2:
            problems.append(f"exit {run.rc}, not 2")
        lines = run.lines()
        if len(lines) != 1:
            problems.append(f"{len(lines)} lines on stderr, not 1")
        elif not (DATA_LINE.match(lines[0]) or OPTION_LINE.search(lines[0])):
            problems.append(f"not path:line:col: field: message: {lines[0][:70]}")
        if case.names and not any(case.names in _said(ln) for ln in lines):
            problems.append(f"the message does not name {case.names}")
    elif run.rc != 0:
        problems.append(f"exit {run.rc}, not 0")
        tail = run.lines()[-1:]
        if tail:
            problems.append(tail[0][:90])
    return problems


def _said(line: str) -> str:
    """What a refusal says: for `path:line:col: field: message`, the file's name, the field and
    the message (the case's own folder, in the path, names the case)."""
    m = DATA_LINE.match(line)
    if not m:
        return line
    return f"{Path(m['path']).name} {m['field']}: {m['msg']}"


def judge_case(case: Case, tree: Path, scratch: Path) -> Verdict:
    box = Box(scratch / case.name, tree)
    try:
        why = box.prepare(case)
        if why:
            return Verdict(case, None, skipped=why)
        before = snapshot(box.work)
        run = execute(box, case)
        problems = judge(case, run)
        problems += file_problems(before, snapshot(box.work), case)
        if case.check is not None:
            extra = case.check(box, run)
            if extra:
                problems.append(extra)
        return Verdict(case, run, problems)
    finally:
        box.clean()


# -- the table ------------------------------------------------------------------------------------
def row(i: int, v: Verdict) -> str:
    c = v.case
    if v.skipped:
        return f"{i:>3} {c.group:<8} {c.name:<34} {'skip':<7} {'':>4} {'':>6}  {v.skipped}"
    run = v.run
    assert run is not None
    rc = "hung" if run.rc is None else str(run.rc)
    clean = "" if c.expect != "refused" else ("clean" if not run.stdout.strip() else "banner")
    verdict = "handled" if v.handled else "NOT"
    detail = "; ".join(v.problems) if v.problems else (run.lines()[:1] or [""])[0]
    return (
        f"{i:>3} {c.group:<8} {c.name:<34} {verdict:<7} {rc:>4} {run.seconds:>5.1f}s"
        f" {clean:<6} {detail[:110]}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tree", type=Path, default=ROOT, help="checkout to test (default: this one)")
    ap.add_argument("--fast", action="store_true", help="only the cases the test suite runs")
    ap.add_argument("--only", default="", help="cases whose class or name contains this")
    ap.add_argument("--list", action="store_true", help="list the cases and stop")
    args = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop cleanly: unmount, remove
    cases = [
        c
        for c in CASES
        if (c.fast or not args.fast) and (args.only in c.name or args.only == c.group)
    ]
    if args.list:
        for c in cases:
            print(f"{c.group:<8} {c.name:<34} {c.expect:<8} {c.summary}")
        return 0
    tree = args.tree.resolve()
    print(f"hostile cases against {tree} ({len(cases)} cases)")
    verdicts = []
    with tempfile.TemporaryDirectory(prefix="hostile-") as scratch:
        for i, case in enumerate(cases, 1):
            v = judge_case(case, tree, Path(scratch))
            verdicts.append(v)
            print(row(i, v), flush=True)
    ran = [v for v in verdicts if not v.skipped]
    handled = sum(v.handled for v in ran)
    print()
    groups = sorted({v.case.group for v in ran})
    for g in groups:
        vs = [v for v in ran if v.case.group == g]
        print(f"  {g:<8} {sum(v.handled for v in vs):>3} of {len(vs):>3} handled")
    skipped = len(verdicts) - len(ran)
    note = f" ({skipped} skipped: cannot mount here)" if skipped else ""
    print(f"hostile cases: {handled} of {len(ran)} handled{note}")
    return 0 if handled == len(ran) else 1


if __name__ == "__main__":
    sys.exit(main())
