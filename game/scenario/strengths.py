"""How many men each formation has under each strength variant (`--strengths`).

No source counts the armies. The seed gives each side's total as two figures ("20,000 or
25,000" Romans, "15,000 or 20,000" Persians), and each formation carries the range its own
evidence allows (`strength_range`). A variant fixes each side's total; every formation of that
side then moves from its default strength towards the matching end of its range by one common
fraction, so that the side adds up. Formations whose range is a single figure stay put.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.scenario.codes import SIDE_NAMES, Side
from game.scenario.yamlsafe import Node

VARIANTS = ("low", "default", "high")
"""`default` is the formations' own `strength`; `low` and `high` are the scenario's totals."""


@dataclass(frozen=True)
class Ranged:
    """What a split needs of a formation (a FormationSpec fits)."""

    side: Side
    strength: int
    strength_range: tuple[int, int]


def split(formations: Sequence[Ranged], totals: dict[Side, int]) -> tuple[int, ...]:
    """Each formation's men when each side in `totals` must add up to its figure.

    Raises ValueError if a total lies outside what the ranges allow.
    """
    out = [float(f.strength) for f in formations]
    for side, total in totals.items():
        rows = [k for k, f in enumerate(formations) if f.side == side]
        now = sum(formations[k].strength for k in rows)
        end = 1 if total >= now else 0
        room = sum(formations[k].strength_range[end] - formations[k].strength for k in rows)
        if total != now and (room == 0 or (total - now) / room > 1 + 1e-9):
            lo = sum(formations[k].strength_range[0] for k in rows)
            hi = sum(formations[k].strength_range[1] for k in rows)
            raise ValueError(f"{total:,} men is outside the formations' ranges ({lo:,}–{hi:,})")
        share = 0.0 if total == now else (total - now) / room
        for k in rows:
            f = formations[k]
            out[k] = f.strength + share * (f.strength_range[end] - f.strength)
        _round_to(out, rows, total)
    return tuple(round(v) for v in out)


def _round_to(values: list[float], rows: list[int], total: int) -> None:
    """Round the rows' values to whole men that still sum to `total` (largest remainder)."""
    floors = {k: int(values[k]) for k in rows}
    short = total - sum(floors.values())
    by_remainder = sorted(rows, key=lambda k: (-(values[k] - floors[k]), k))
    for n, k in enumerate(by_remainder):
        values[k] = floors[k] + (1 if n < short else 0)


def load_variants(node: Node | None, formations: Sequence[Ranged]) -> dict[str, tuple[int, ...]]:
    """`strengths: {low: {roman: N, persian: N}, high: {...}}` -> variant -> men per formation.

    Without the block every variant is the default (small test scenarios need none).
    """
    default = tuple(f.strength for f in formations)
    variants = {v: default for v in VARIANTS}
    if node is None:
        return variants
    node.mapping(optional=("low", "high"))
    for variant, vnode in node.items():
        vnode.mapping(optional=tuple(SIDE_NAMES))
        men = list(default)
        for name, snode in vnode.items():
            side = SIDE_NAMES[name]
            try:
                mine = split(formations, {side: snode.integer(min=1, max=1_000_000)})
            except ValueError as err:
                raise snode.error(str(err)) from None
            for k, f in enumerate(formations):
                if f.side == side:
                    men[k] = mine[k]
        variants[variant] = tuple(men)
    return variants
