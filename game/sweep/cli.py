"""`python -m game.sweep`: run a grid of battles and say how sure we are of the outcome.

Bad input (a grid option, a what-if file, an unreachable scheduler) is one line and exit
status 2; a sweep with failed runs still writes its summaries and exits 1; an interrupted
sweep exits 130 and resumes from the cache when run again.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from game.analysis.facts import check_facts
from game.app.cli import DEFAULT_SCENARIO
from game.scenario.errors import Refusal
from game.scenario.load import load_scenario
from game.scenario.strengths import VARIANTS
from game.sweep import grid
from game.sweep.cache import RunCache, default_cache_dir
from game.sweep.compare import account_pairs, differences, markdown_table
from game.sweep.digest import code_version, scenario_digest
from game.sweep.executors import SchedulerError, default_workers
from game.sweep.summary import groups
from game.sweep.sweep import Sweep, Where, rate_line, run_sweep, write_outputs
from game.sweep.whatif import load_what_if

PROG = "python -m game.sweep"
SCHEMES = ("tcp://", "tls://", "ws://", "wss://", "ucx://", "inproc://")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2 (argparse's own prints the usage too)
        raise grid.GridError("command line", message)


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=PROG,
        description="Run the battle over a grid of seeds, accounts, strengths and scales; "
        "write DIR/summary.json, DIR/summary.csv and DIR/report.png.",
    )
    p.add_argument("--scenario", type=Path, default=DEFAULT_SCENARIO, help="scenario YAML")
    p.add_argument("--seeds", default="1-8", help="seeds: 7, 1-64 or 1-8,20 (default 1-8)")
    p.add_argument("--accounts", default=None, help="procopius,malalas (default: every account)")
    p.add_argument("--strengths", default="default", help="low,default,high (default: default)")
    p.add_argument("--scale", default="10", help="men per agent, e.g. 10 or 10,1 (default 10)")
    p.add_argument(
        "--patch",
        action="append",
        type=Path,
        default=[],
        metavar="WHATIF.yaml",
        help="a what-if over the scenario (repeat for several; see the README)",
    )
    p.add_argument("--out", type=Path, default=Path("sweep"), help="output folder (default sweep)")
    p.add_argument("--workers", default=None, help="local worker processes (default: every core)")
    p.add_argument("--scheduler", default=None, help="a Dask scheduler, e.g. tcp://HOST:8786")
    p.add_argument("--timeout", default="3600", help="wall seconds a run may take (default 3600)")
    p.add_argument("--cache", type=Path, default=None, help=f"run cache ({default_cache_dir()})")
    p.add_argument("--no-image", action="store_true", help="do not draw DIR/report.png")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    return p


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # a kill resumes like Ctrl-C
    try:
        args = parser().parse_args(argv)
        sweep, where = plan(args)
        cache = RunCache(args.cache or default_cache_dir(), code_version())
        _check_writable(args.out)
    except (Refusal, SchedulerError) as err:  # a grid option, a data file, a what-if
        print(f"{PROG}: {err}", file=sys.stderr)
        return 2
    try:
        result = run_sweep(sweep, cache, where, check_facts=check_facts, progress=not args.quiet)
    except SchedulerError as err:
        print(f"{PROG}: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            f"\n{PROG}: interrupted; the finished runs are cached: run the same command to resume",
            file=sys.stderr,
        )
        return 130
    try:
        write_outputs(args.out, cache, sweep, result)
    except Refusal as err:  # a full disk, a folder in the way: the runs are cached already
        print(f"{PROG}: {err}", file=sys.stderr)
        return 2
    print(rate_line(result, where))
    print(markdown_table(groups(result.entries), sweep.names()), end="")
    for line in difference_lines(groups(result.entries), sweep):
        print(line)
    written = [args.out / "summary.json", args.out / "summary.csv"]
    if not args.no_image:
        written.append(args.out / "report.png")
        try:
            draw_page(written[-1], sweep, result.entries)
        except Refusal as err:
            print(f"{PROG}: {err}", file=sys.stderr)
            return 2
    print(f"wrote {', '.join(map(str, written))}")
    return 1 if result.failed else 0


def difference_lines(arms: list, sweep: Sweep) -> list[str]:
    """ "Where the accounts differ", as the report image says it, one line each."""
    out = []
    for a, b in account_pairs(arms):
        facts = list(dict.fromkeys(n for r in a.runs for n in r.get("facts", {})))
        found = differences(a, b, sweep.names(), facts)
        out.append(f"where {a.label} and {b.label} differ: {len(found) or 'nowhere'}")
        out += [f"  {d.sentence}" for d in found]
    return out


def draw_page(path: Path, sweep: Sweep, entries: list[dict]) -> None:
    """The one-page report image (pygame is imported only here: workers never need it)."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner in the sweep's output
    from game.sweep.figure import save_report

    scenario = next(iter(sweep.scenarios.values()))
    day = (scenario.clock.day_points[0][1], scenario.clock.day_points[-1][1])
    subtitle = (
        f"{scenario.name}, {Path(sweep.header['scenario_file']).name} · code {code_version()[:10]}"
        " · each run fought to the end of the day, headless"
    )
    save_report(path, groups(entries), sweep.names(), day, subtitle, inputs=sweep.inputs())


def plan(args: argparse.Namespace) -> tuple[Sweep, Where]:
    """The grid the options ask for, validated; raises GridError or DataError (one line)."""
    scenario = load_scenario(args.scenario)
    seeds = grid.parse_seeds(args.seeds)
    accounts = (
        tuple(scenario.accounts)
        if args.accounts is None
        else grid.parse_names(args.accounts, tuple(scenario.accounts), "--accounts")
    )
    strengths = grid.parse_names(args.strengths, VARIANTS, "--strengths")
    scales = grid.parse_scales(args.scale)
    scenarios = {}
    what_ifs: dict[str, str] = {}
    questions: dict[str, str] = {}
    if not args.patch:
        digest = scenario_digest(scenario)
        scenarios[digest] = scenario
        what_ifs[""] = digest
    for path in args.patch:
        w = load_what_if(path, args.scenario)
        if w.name in what_ifs:
            raise grid.GridError("--patch", f"two what-ifs are named '{w.name}'")
        digest = scenario_digest(w.scenario)
        scenarios[digest] = w.scenario
        what_ifs[w.name] = digest
        questions[w.name] = w.question
    specs = grid.expand(what_ifs, accounts, strengths, scales, seeds)
    header = {
        "scenario_file": str(args.scenario),
        "seeds": args.seeds,
        "accounts": list(accounts),
        "strengths": list(strengths),
        "scales": list(scales),
        "what_ifs": questions,
    }
    return Sweep(specs, scenarios, header, tuple(args.patch)), where_from(args)


def where_from(args: argparse.Namespace) -> Where:
    timeout = _positive(args.timeout, "--timeout")
    if args.scheduler is not None:
        if args.workers is not None:
            raise grid.GridError("--workers", "a Dask cluster has its own workers; give one")
        if not args.scheduler.startswith(SCHEMES) or ":" not in args.scheduler.split("//")[-1]:
            raise grid.GridError(
                "--scheduler", f"'{args.scheduler}' is not an address like tcp://HOST:8786"
            )
        return Where(scheduler=args.scheduler, timeout=timeout)
    return Where(workers=_workers(args.workers), timeout=timeout)


def _workers(text: str | None) -> int:
    if text is None:
        return default_workers()
    try:
        workers = int(text)
    except ValueError:
        workers = 0
    if not 1 <= workers <= 1024:
        raise grid.GridError("--workers", f"'{text}' is not a whole number from 1 to 1024")
    return workers


def _positive(text: str | int, option: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise grid.GridError(option, f"'{text}' is not a number") from None
    if not value > 0 or value != value or value == float("inf"):
        raise grid.GridError(option, f"'{text}' must be above 0")
    return value


def _check_writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise grid.GridError("--out", f"cannot write to {out}: {exc.strerror}") from None
