"""The entity tables (soldiers, formations, missiles in flight) and the one schema of their columns.

An entity is a row index; a component is a column; a system is a function over whole columns.
Rows are forever: a dead or fled soldier keeps his row, with a state, so indices stay stable
for the whole battle (and for keyframes and the view's interpolation).

Each column is declared once, here, with its dtype, its shape and the value a new row starts
with. Allocation (`allocate`), snapshots and restores (`copy_columns`, `put_columns`), the state
hash (`columns`), keyframes (`flagged`) and the report (`label`) all read this schema, so a
new column is one line and nothing else needs to know of it.

One axis order everywhere: a vector column (positions, velocities, facings) is `(2, N)`, x in
row 0 and y in row 1, so `pos[0]` is every x, contiguous, and a system reads one row at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from enum import IntEnum
from typing import Any, TypeVar

import numpy as np

from game.scenario.codes import Kind, Side
from game.scenario.specs import ORDERS, PACES
from game.sim.codes import FormationState, Mode, State

F32 = np.float32


@dataclass(frozen=True)
class ColumnSpec:
    dtype: Any
    pair: bool = False  # a (2, N) vector column; else (N,)
    fill: float = 0  # what a new row holds
    codes: type[IntEnum] | tuple[str, ...] | None = None  # what the integers name
    recomputed: bool = False  # a tick that refreshes it does so before anything reads it
    drawn: bool = True  # the view reads it


def column(dtype: Any, fill: float = 0, **kw: Any) -> dict[str, ColumnSpec]:
    """A table field's metadata: `field(metadata=column(...))` declares a column."""
    return {"column": ColumnSpec(dtype, fill=fill, **kw)}


def pair(dtype: Any = F32, **kw: Any) -> dict[str, ColumnSpec]:
    """A (2, N) vector column: x in row 0, y in row 1."""
    return column(dtype, pair=True, **kw)


@dataclass
class Soldiers:
    """One row per agent. At --scale 1 an agent is one man; at --scale N he stands for N."""

    pos: np.ndarray = field(metadata=pair())  # metres
    vel: np.ndarray = field(metadata=pair(drawn=False))  # metres per battle second
    facing: np.ndarray = field(metadata=pair())  # unit vector
    hp: np.ndarray = field(metadata=column(F32, 1.0))  # 1 = unhurt
    state: np.ndarray = field(metadata=column(np.uint8, State.FORMED, codes=State))
    formation: np.ndarray = field(metadata=column(np.int32))  # row in Formations
    kind: np.ndarray = field(metadata=column(np.uint8, codes=Kind))
    side: np.ndarray = field(metadata=column(np.uint8, codes=Side))
    men: np.ndarray = field(metadata=column(F32))  # men this agent stands for
    # index of the commander in his formation
    commander: np.ndarray = field(metadata=column(np.int16, -1))
    # in [0, 1): each man's own step phase (constant)
    gait_offset: np.ndarray = field(metadata=column(F32))
    # separation acceleration from the last neighbour pass: every contact tick refreshes it
    # before any system reads it (see game.sim.tick)
    push: np.ndarray = field(metadata=pair(recomputed=True))

    def __len__(self) -> int:
        return int(self.state.shape[0])


@dataclass
class Formations:
    """One row per contingent. Orders move the anchor (front centre); men follow their slots."""

    anchor: np.ndarray = field(metadata=pair())  # front centre, metres
    facing: np.ndarray = field(metadata=pair())  # unit vector
    target: np.ndarray = field(metadata=pair())  # where the anchor is going
    target_facing: np.ndarray = field(metadata=pair())
    # advance/back without turning to the route
    keep_facing: np.ndarray = field(metadata=column(bool))
    files: np.ndarray = field(metadata=column(np.int32))  # men in the front rank, at this scale
    # metres between files, between ranks (at this scale)
    spacing: np.ndarray = field(metadata=pair())
    pace: np.ndarray = field(metadata=column(np.uint8, PACES.index("march"), codes=PACES))
    state: np.ndarray = field(
        metadata=column(np.uint8, FormationState.WAITING, codes=FormationState)
    )
    side: np.ndarray = field(metadata=column(np.uint8, codes=Side))
    kind: np.ndarray = field(metadata=column(np.uint8, codes=Kind))
    first: np.ndarray = field(metadata=column(np.int32))  # first soldier row
    count: np.ndarray = field(metadata=column(np.int32))  # soldier rows (troops then commanders)
    men_start: np.ndarray = field(metadata=column(F32))
    morale: np.ndarray = field(metadata=column(F32, 1.0))  # in [0, 1]
    contact: np.ndarray = field(metadata=column(np.int32))  # soldiers touching an enemy last tick
    killed: np.ndarray = field(metadata=column(F32))  # men killed so far
    fled: np.ndarray = field(metadata=column(F32))  # men who left the field alive
    fatigue: np.ndarray = field(metadata=column(F32))  # in [0, 1]
    # the last order obeyed (for the view)
    order: np.ndarray = field(metadata=column(np.uint8, ORDERS.index("hold"), codes=ORDERS))
    # attacked or pursued, -1 for none
    target_formation: np.ndarray = field(metadata=column(np.int16, -1))
    # what the command AI does
    mode: np.ndarray = field(metadata=column(np.uint8, Mode.IDLE, codes=Mode))
    mode_timer: np.ndarray = field(metadata=column(F32))  # battle seconds spent in the current mode
    pursuit_from: np.ndarray = field(metadata=pair())  # where a pursuit began
    arrows: np.ndarray = field(metadata=column(F32))  # arrows left, in men-arrows
    # divides morale losses: < 1 brittle, > 1 steady
    resolve: np.ndarray = field(metadata=column(F32, 1.0))
    stand_fast: np.ndarray = field(metadata=column(bool))  # fights to the death, never routs
    shield_wall: np.ndarray = field(metadata=column(bool))  # packed behind shields (defence, slow)
    swim: np.ndarray = field(metadata=column(bool))  # ordered across the water
    # losses of the last seconds, as a fraction (decays)
    recent: np.ndarray = field(metadata=column(F32))
    # men struck in flank or rear since the last check
    flank_hits: np.ndarray = field(metadata=column(F32))
    retreat: np.ndarray = field(metadata=pair())  # where its men run if it breaks
    # its next conditional order (`Scenario.chains_for`): what it waits for
    chain: np.ndarray = field(metadata=column(np.int16))

    def __len__(self) -> int:
        return int(self.state.shape[0])


MISSILE_CAPACITY = 8192
"""Arrows in flight at once. A Persian volley launches <= 48 visible arrows per formation per
second with ~2 s of flight: ~600 in flight at the height of the duel."""


@dataclass
class Missiles:
    """Arrows in flight: drawn by the view, and some carry a death (victim >= 0) on landing."""

    start: np.ndarray = field(metadata=pair())
    end: np.ndarray = field(metadata=pair())
    launch: np.ndarray = field(metadata=column(np.int32, -1))  # tick
    # tick; a row is free once impact < now
    impact: np.ndarray = field(metadata=column(np.int32, -1))
    side: np.ndarray = field(metadata=column(np.uint8, codes=Side))  # the shooters' side
    # soldier row killed on landing, -1 for none
    victim: np.ndarray = field(metadata=column(np.int32, -1))

    @classmethod
    def empty(cls, capacity: int = MISSILE_CAPACITY) -> Missiles:
        return allocate(cls, capacity)


Table = Soldiers | Formations | Missiles
TABLES: tuple[tuple[str, type], ...] = (
    ("soldiers", Soldiers),
    ("formations", Formations),
    ("missiles", Missiles),
)
"""The entity tables, in a fixed order: what snapshots, restores and hashes cover."""


def schema(table: type | Table) -> tuple[tuple[str, ColumnSpec], ...]:
    """(name, spec) of every column of a table (type or instance), in declaration order."""
    return tuple((f.name, f.metadata["column"]) for f in fields(table))


T = TypeVar("T")


def allocate(table: type[T], n: int) -> T:
    """A table of `n` new rows, every column at its starting value."""
    cols = {
        name: np.full((2, n) if spec.pair else n, spec.fill, spec.dtype)
        for name, spec in schema(table)
    }
    return table(**cols)


def columns(table: Table) -> Iterator[tuple[str, np.ndarray]]:
    """(name, array) of every column, in the schema's order (the hash's order)."""
    for name, _ in schema(table):
        yield name, getattr(table, name)


def copy_columns(table: Table) -> dict[str, np.ndarray]:
    return {name: arr.copy() for name, arr in columns(table)}


def put_columns(table: Table, cols: dict[str, np.ndarray]) -> None:
    """Write `cols` (a snapshot's, perhaps without the columns a keyframe leaves out) back."""
    for name, arr in cols.items():
        getattr(table, name)[...] = arr


def flagged(test: Callable[[ColumnSpec], bool]) -> tuple[tuple[str, str], ...]:
    """(table, column) of every column whose spec passes `test`, e.g. the `recomputed` ones."""
    return tuple(
        (tname, name) for tname, ttype in TABLES for name, spec in schema(ttype) if test(spec)
    )


def label(table: Table, name: str, i: int) -> str:
    """The name the code in row `i` of a coded column stands for, lower case ("routing")."""
    codes = dict(schema(table))[name].codes
    value = int(getattr(table, name)[i])
    if isinstance(codes, tuple):
        return codes[value] if 0 <= value < len(codes) else str(value)
    if codes is None:
        raise ValueError(f"column '{name}' holds numbers, not codes")
    try:
        return codes(value).name.lower()
    except ValueError:
        return str(value)


def rows(formations: Formations, i: int) -> slice:
    """The soldier rows of formation `i` (contiguous: troops, then commanders)."""
    first = int(formations.first[i])
    return slice(first, first + int(formations.count[i]))


def per_soldier(formations: Formations, soldiers: Soldiers, column: np.ndarray) -> np.ndarray:
    """Each soldier's value of a formation column (F,): `column[soldiers.formation]`.

    A formation's rows are contiguous and the formations' rows follow each other in order, so
    this is a repeat by `count`: the same values, several times cheaper than a gather from a
    small table by a sorted index (~5 against ~30-60 us at 1:1). A table built otherwise (none
    is) falls back to the gather.
    """
    f = formations
    if int(f.count.sum()) == len(soldiers) and (f.first[1:] == (f.first + f.count)[:-1]).all():
        return np.repeat(column, f.count)
    return np.take(column, soldiers.formation)
