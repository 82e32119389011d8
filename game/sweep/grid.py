"""The grid of a sweep: which battles to run, one `RunSpec` each, from the command line's lists.

Bad input is a `GridError` whose `str()` is one line naming the option ("--seeds: ...").
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from game.scenario.errors import Refusal

MAX_RUNS = 100_000
"""Refuse grids larger than this: a typo (`1-640000`) should not queue a year of battles."""

MAX_SEED = 2**63 - 1


class GridError(Refusal):
    """A grid option is wrong. `str(err)` is one line: ``--option: message``."""

    def __init__(self, option: str, message: str):
        self.option = option
        super().__init__(f"{option}: {message}")


@dataclass(frozen=True, order=True)
class RunSpec:
    """One battle of the sweep: a pure function of these fields and the code version."""

    what_if: str  # "" for the scenario as it is, else the what-if's name
    account: str
    strengths: str
    scale: int
    seed: int
    scenario: str  # the digest of the (patched) scenario the battle is fought on

    def label(self) -> str:
        """The run's parameters as a reader names them, e.g. in a failure line."""
        extra = f", what-if {self.what_if}" if self.what_if else ""
        return (
            f"{self.account}, strengths {self.strengths}, seed {self.seed}, "
            f"scale {self.scale}{extra}"
        )

    def params(self) -> dict:
        return {
            "what_if": self.what_if,
            "account": self.account,
            "strengths": self.strengths,
            "seed": self.seed,
            "scale": self.scale,
            "scenario": self.scenario,
        }


def parse_seeds(text: str) -> tuple[int, ...]:
    """`1-64`, `3`, `1-4,9,20-22` -> the seeds in order, each once."""
    seeds: list[int] = []
    for part in text.split(","):
        part = part.strip()
        first, dash, last = part.partition("-")
        try:
            lo = int(first)
            hi = int(last) if dash else lo
        except ValueError:
            raise GridError(
                "--seeds", f"'{part}' is not a seed or a range (write 7, 1-64 or 1-8,20)"
            ) from None
        if lo < 0 or hi > MAX_SEED:
            raise GridError("--seeds", f"'{part}': seeds are whole numbers from 0 to 2**63-1")
        if hi < lo:
            raise GridError("--seeds", f"'{part}' runs backwards (write {hi}-{lo})")
        if hi - lo >= MAX_RUNS:
            raise GridError("--seeds", f"'{part}' is more than {MAX_RUNS:,} seeds")
        seeds.extend(range(lo, hi + 1))
    return tuple(dict.fromkeys(seeds))


def parse_names(text: str, known: tuple[str, ...], option: str) -> tuple[str, ...]:
    """`procopius,malalas` -> the names, each checked against `known`."""
    names = [n.strip() for n in text.split(",")]
    for n in names:
        if n not in known:
            raise GridError(option, f"no '{n}'; known: {', '.join(known)}")
    return tuple(dict.fromkeys(names))


def parse_scales(text: str) -> tuple[int, ...]:
    """`10` or `10,1` -> men per agent, each a whole number >= 1."""
    scales = []
    for part in text.split(","):
        try:
            scale = int(part.strip())
        except ValueError:
            raise GridError("--scale", f"'{part.strip()}' is not a whole number") from None
        if not 1 <= scale <= 100_000:
            raise GridError("--scale", f"{scale} men per agent: give 1 (every man) or more")
        scales.append(scale)
    return tuple(dict.fromkeys(scales))


def expand(
    what_ifs: dict[str, str],
    accounts: tuple[str, ...],
    strengths: tuple[str, ...],
    scales: tuple[int, ...],
    seeds: tuple[int, ...],
) -> list[RunSpec]:
    """Every combination, in a fixed order. `what_ifs` maps a what-if's name to its digest."""
    total = len(what_ifs) * len(accounts) * len(strengths) * len(scales) * len(seeds)
    if total > MAX_RUNS:
        raise GridError("--seeds", f"the grid has {total:,} runs; at most {MAX_RUNS:,}")
    return [
        RunSpec(w, a, st, sc, seed, digest)
        for (w, digest), a, st, sc, seed in itertools.product(
            what_ifs.items(), accounts, strengths, scales, seeds
        )
    ]
