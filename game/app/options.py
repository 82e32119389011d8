"""Command-line options declared once each, and checked as a whole.

An `Option` says everything about one option: its flag, how its text becomes a value (a function
that raises `ValueError` with the reason), its default, its help, and the modes in which it means
something. A run has one mode: a window (no mode switch), `--headless`, `--check-determinism`,
`--kiosk` or `--export`. The mode is the one every given switch allows; an option given in a mode
that would ignore it is refused, naming it, so nothing a user types is silently dropped. Relations
between options (two outputs naming one file) are small rules beside the declarations
(`game.app.cli`).

Every refusal is an `OptionError`: one line, ``--flag: message``; the program exits 2.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.scenario.errors import Refusal, one_line

WINDOW, HEADLESS, CHECK, KIOSK, EXPORT = "window", "headless", "check", "kiosk", "export"
ALL_MODES = frozenset({WINDOW, HEADLESS, CHECK, KIOSK, EXPORT})
MODE_WORDS = {
    WINDOW: "in a window",
    HEADLESS: "with --headless",
    CHECK: "with --check-determinism",
    KIOSK: "with --kiosk",
    EXPORT: "with --export",
}
MODE_ORDER = (CHECK, KIOSK, EXPORT, HEADLESS, WINDOW)


class OptionError(Refusal):
    """An option is wrong or does not fit the others. `str(err)` is ``--flag: message``."""

    def __init__(self, flag: str, message: str):
        self.flag = flag
        super().__init__(f"{flag}: {one_line(message)}")


@dataclass(frozen=True)
class Option:
    """One command-line option. `parse` None makes it a switch; `selects` names the mode a
    switch selects; `note` is added to a refusal in a mode it does not fit."""

    flag: str
    help: str
    modes: frozenset[str] = ALL_MODES
    parse: Callable[[str], Any] | None = None
    default: Any = None
    metavar: str | None = None
    selects: str | None = None
    note: str = ""

    @property
    def dest(self) -> str:
        return self.flag[2:].replace("-", "_")


Rule = Callable[[argparse.Namespace, str], None]
"""A relation between options: raises `OptionError` for a bad combination in a mode."""


class _Parser(argparse.ArgumentParser):
    """argparse, but every error is one `OptionError` line instead of usage text."""

    def error(self, message: str):  # type: ignore[override]
        m = re.match(r"argument (--[\w-]+)(?:/-\w)?: (.*)", message)
        if m:
            raise OptionError(m[1], m[2])
        m = re.match(r"unrecognized arguments: (\S+)", message)
        if m:
            raise OptionError(m[1], "unknown option (python main.py --help lists them)")
        raise OptionError("python main.py", message)


def parse(
    options: Iterable[Option], rules: Iterable[Rule], argv: list[str] | None, **parser_kw
) -> argparse.Namespace:
    """Parse `argv`, choose the mode, refuse options the mode ignores, apply the rules.

    The namespace holds every option's value (its default if not given), `mode`, and `given`,
    the set of flags the user typed."""
    options = tuple(options)
    p = _Parser(allow_abbrev=False, argument_default=argparse.SUPPRESS, **parser_kw)
    for opt in options:
        if opt.parse is None:
            p.add_argument(opt.flag, action="store_true", help=opt.help)
        else:
            p.add_argument(opt.flag, type=_typed(opt.parse), metavar=opt.metavar, help=opt.help)
    args = p.parse_args(argv)
    given = {opt.flag for opt in options if hasattr(args, opt.dest)}
    for opt in options:
        if not hasattr(args, opt.dest):
            setattr(args, opt.dest, False if opt.parse is None else opt.default)
    mode = _mode(options, given)
    for opt in options:
        if opt.flag in given and mode not in opt.modes:
            raise OptionError(opt.flag, _not_here(opt, mode))
    args.mode = mode
    args.given = frozenset(given)
    for rule in rules:
        rule(args, mode)
    return args


def _typed(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        try:
            return parse(text)
        except ValueError as err:
            raise argparse.ArgumentTypeError(str(err)) from None

    return convert


def _mode(options: tuple[Option, ...], given: set[str]) -> str:
    """The mode that every given switch allows (a window if none selects one)."""
    switches = [o for o in options if o.selects and o.flag in given]
    if not switches:
        return WINDOW
    selected = {o.selects for o in switches}
    for mode in MODE_ORDER:
        if mode in selected and all(mode in o.modes for o in switches):
            return mode
    first, second = sorted(o.flag for o in switches)[:2]
    raise OptionError(second, f"cannot be combined with {first}: they are two modes; choose one")


def _not_here(opt: Option, mode: str) -> str:
    where = " or ".join(MODE_WORDS[m] for m in MODE_ORDER[::-1] if m in opt.modes)
    note = f" ({opt.note})" if opt.note else ""
    return f"only {where}, not {MODE_WORDS[mode]}{note}"


# -- values ----------------------------------------------------------------------------------------
def whole(minimum: int, maximum: int = 1_000_000_000) -> Callable[[str], int]:
    def read(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a whole number") from None
        if not minimum <= value <= maximum:
            raise ValueError(f"{value} must be between {minimum} and {maximum:g}")
        return value

    return read


def number(text: str, lo: float, hi: float, unit: str = "") -> float:
    """A finite float in [lo, hi] (nan and inf are refused by name)."""
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{text} is not a finite number")
    if not lo <= value <= hi:
        raise ValueError(f"{value:g} is outside {lo:g} to {hi:g}{unit}")
    return value


def one_of(values: tuple[float, ...]) -> Callable[[str], float]:
    """A number that must be one of `values` (so nothing is silently rounded to another)."""
    shown = ", ".join(f"{v:g}" for v in values)

    def read(text: str) -> float:
        value = number(text, min(values), max(values))
        if value not in values:
            raise ValueError(f"{value:g} is not one of {shown}")
        return value

    return read


def choice(*names: str) -> Callable[[str], str]:
    def read(text: str) -> str:
        if text not in names:
            raise ValueError(f"'{text}' is not one of {', '.join(names)}")
        return text

    return read


def size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"'{text}' is not WIDTHxHEIGHT, e.g. 1920x1080") from None
    if not (320 <= w <= 7680 and 200 <= h <= 4320):
        raise ValueError(f"{w}x{h} is outside 320x200 .. 7680x4320")
    return (w, h)


def path(text: str) -> Path:
    if not text.strip():
        raise ValueError("an empty path")
    return Path(text)


def path_ending(suffix: str) -> Callable[[str], Path]:
    """A path whose name ends in `suffix` (any case): the file is written in that format."""

    def read(text: str) -> Path:
        p = path(text)
        if p.suffix.lower() != suffix:
            raise ValueError(f"'{p.name}' must end in {suffix} (the file is written as {suffix})")
        return p

    return read
