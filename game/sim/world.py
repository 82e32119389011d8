"""The world: the entity tables (`game.sim.tables`), the clock's tick, the RNG, and deployment.

Everything that changes during a battle lives in `World` (tables, tick, order cursor, RNG), so a
snapshot of it is a complete save: restoring one and stepping gives the same future.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np

from game.scenario.codes import Kind
from game.scenario.specs import PACES, Scenario
from game.sim.codes import State
from game.sim.events import Event
from game.sim.formation import SlotCache, slot_positions
from game.sim.heap import keep_freed_memory
from game.sim.neighbours import SortHint
from game.sim.size import agent_rows
from game.sim.tables import (
    TABLES,
    Formations,
    Missiles,
    Soldiers,
    Table,
    allocate,
    columns,
    copy_columns,
    put_columns,
)
from game.sim.terrain import TerrainField
from game.sim.track import empty_track

F32 = np.float32


def on_field(state: np.ndarray) -> np.ndarray:
    """Soldiers still on the battlefield: neither dead nor fled."""
    return (state != State.DEAD) & (state != State.FLED)


def men_on_field(
    formation: np.ndarray, men: np.ndarray, state: np.ndarray, formations: int
) -> np.ndarray:
    """Men still on the field per formation, from soldier columns (a live table or a snapshot's)."""
    return np.bincount(formation, weights=men * on_field(state), minlength=formations)


def centres(
    pos: np.ndarray, mask: np.ndarray, formation: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per formation: mean x, mean y of the masked soldiers, and how many there are."""
    w = mask.astype(np.float64)
    count = np.bincount(formation, weights=w, minlength=n)
    safe = np.maximum(count, 1)
    cx = np.bincount(formation, weights=pos[0] * w, minlength=n) / safe
    cy = np.bincount(formation, weights=pos[1] * w, minlength=n) / safe
    return cx, cy, count


@dataclass(frozen=True)
class KindTables:
    """Per-kind constants as arrays indexed by `Kind` code, so systems gather, not loop."""

    paces: np.ndarray  # (K, len(PACES)) f32 historical m/s
    max_force: np.ndarray  # (K,) f32 m/s^2 at tempo 1
    radius: np.ndarray  # (K,) f32 metres
    stride: np.ndarray  # (K,) f32 metres per full gait cycle
    armour: np.ndarray  # (K,) f32 0..1
    melee: np.ndarray  # (K,) f32 relative killing power
    shoots: np.ndarray  # (K,) f32 share of the men who shoot
    mounted: np.ndarray  # (K,) bool

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> KindTables:
        """Each kind's `KindSpec` numbers; a kind the scenario leaves out keeps `KIND_DEFAULTS`."""
        k = len(Kind)
        paces = np.ones((k, len(PACES)), F32)
        cols = {name: np.full(k, fill, dtype) for name, (fill, dtype) in KIND_DEFAULTS.items()}
        for kind, spec in scenario.kinds.items():
            paces[kind] = [spec.paces[p] for p in PACES]
            for name, arr in cols.items():
                arr[kind] = getattr(spec, name)
        stride = np.where(cols["mounted"], F32(STRIDE_HORSE), F32(STRIDE_FOOT)).astype(F32)
        return cls(paces=paces, stride=stride, **cols)


KIND_DEFAULTS: dict[str, tuple[float, type]] = {
    "max_force": (1.0, F32),
    "radius": (0.45, F32),
    "armour": (0.0, F32),
    "melee": (1.0, F32),
    "shoots": (0.0, F32),
    "mounted": (False, bool),
}
"""The `KindSpec` numbers copied per kind, with the value of a kind the scenario has none of."""

STRIDE_FOOT = 1.5  # metres per gait cycle (two steps) for a man
STRIDE_HORSE = 3.0  # metres per gait cycle for a horse


@dataclass
class World:
    scenario: Scenario
    account: str
    seed: int
    scale: int
    terrain: TerrainField
    soldiers: Soldiers
    formations: Formations
    rng: np.random.Generator
    tables: KindTables
    tick: int = 0
    order_cursor: int = 0
    strengths: str = "default"  # the strength variant the armies were built with
    missiles: Missiles = field(default_factory=Missiles.empty)
    events: list[Event] = field(default_factory=list)  # append-only log, in tick order
    # each formation's centre, extent, facing, men and state every battle second (`track.py`)
    track: np.ndarray = field(default_factory=lambda: empty_track(0, 0))
    slot_cache: SlotCache = field(default_factory=SlotCache)  # a cache, not state
    sort_hint: SortHint = field(default_factory=SortHint)  # the neighbour pass's, not state

    @property
    def dt(self) -> float:
        return 1.0 / self.scenario.clock.tick_rate

    @property
    def seconds(self) -> float:
        return self.tick / self.scenario.clock.tick_rate

    # -- snapshots ------------------------------------------------------------------------------
    def snapshot(self) -> dict:
        """Everything that changes during a battle, copied. Restoring it resumes exactly."""
        return {
            "tick": self.tick,
            "order_cursor": self.order_cursor,
            "account": self.account,
            "rng": self.rng.bit_generator.state,
            "events": tuple(self.events),  # frozen Events: sharing them is safe
            "track": self.track.copy(),
            **{name: copy_columns(table) for name, table in self.tables_by_name()},
        }

    def tables_by_name(self) -> tuple[tuple[str, Table], ...]:
        """The entity tables, in `TABLES` order: what snapshots, restores and hashes cover."""
        return tuple((name, getattr(self, name)) for name, _ in TABLES)

    def restore(self, snap: dict) -> None:
        self.slot_cache.clear()
        self.sort_hint.clear()
        self.tick = snap["tick"]
        self.order_cursor = snap["order_cursor"]
        self.account = snap["account"]
        self.rng.bit_generator.state = snap["rng"]
        self.events[:] = snap["events"]
        self.track[...] = snap["track"]
        for name, table in self.tables_by_name():
            put_columns(table, snap[name])

    def state_hash(self) -> str:
        """A digest of the whole mutable state; equal hashes mean identical battles."""
        h = hashlib.blake2b(digest_size=16)
        h.update(np.int64(self.tick).tobytes())
        h.update(np.int64(self.order_cursor).tobytes())
        h.update(self.account.encode())
        # the whole generator, with the buffered half of a 64-bit draw (`has_uint32`, `uinteger`):
        # a float32 draw uses half a draw and keeps the other half for the next one, so two
        # worlds equal in `state` alone can still draw differently on the next tick
        st = self.rng.bit_generator.state
        h.update(repr(sorted(st["state"].items())).encode())
        h.update(repr((st["has_uint32"], st["uinteger"])).encode())
        h.update(np.int64(len(self.events)).tobytes())
        for _, table in self.tables_by_name():
            for _, arr in columns(table):
                h.update(np.ascontiguousarray(arr).tobytes())
        return h.hexdigest()

    # -- derived counts -------------------------------------------------------------------------
    def men_now(self) -> np.ndarray:
        """Men still on the field per formation (alive, not fled)."""
        s = self.soldiers
        return men_on_field(s.formation, s.men, s.state, len(self.formations))


def build_world(
    scenario: Scenario,
    *,
    seed: int | None = None,
    scale: int = 1,
    account: str | None = None,
    strengths: str = "default",
) -> World:
    """Deploy both armies as the scenario places them, at one agent per `scale` men, with the
    men per formation of the strength variant (`low`, `default`, `high`)."""
    rows_per = agent_rows(scenario, scale, strengths)  # refuses a world too large, first
    keep_freed_memory()  # a tick's temporaries then cost no page faults (see game/sim/heap.py)
    account = account or scenario.default_account
    if account not in scenario.accounts:
        raise ValueError(f"unknown account '{account}'; known: {', '.join(scenario.accounts)}")
    seed = scenario.seed if seed is None else seed
    rng = np.random.Generator(np.random.PCG64(seed))
    specs = scenario.formations
    n_form = len(specs)
    strength = scenario.strengths_for(strengths)
    total = sum(t + c for t, c in rows_per)

    s = allocate(Soldiers, total)
    s.gait_offset[:] = rng.random(total, dtype=F32)
    f = allocate(Formations, n_form)
    row = 0
    for i, (spec, (troops, n_cmd)) in enumerate(zip(specs, rows_per, strict=True)):
        kspec = scenario.kinds[spec.kind]
        n = troops + n_cmd
        sl = slice(row, row + n)
        f.first[i], f.count[i] = row, n
        f.side[i], f.kind[i] = spec.side, spec.kind
        deploy = spec.deploy_for(account)
        f.anchor[:, i] = deploy.at
        f.target[:, i] = deploy.at
        f.facing[:, i] = deploy.facing
        f.target_facing[:, i] = deploy.facing
        f.files[i] = files_at_scale(deploy.files, scale)
        f.spacing[:, i] = spacing_at_scale(kspec.spacing, deploy.files, int(f.files[i]))
        f.men_start[i] = strength[i]
        f.retreat[:, i] = spec.retreat_for(account) or scenario.sides[spec.side].retreat
        bow = scenario.sides[spec.side].bow
        f.arrows[i] = (bow.arrows if bow else 0) * kspec.shoots * strength[i]
        s.formation[sl] = i
        s.side[sl] = spec.side
        s.kind[sl] = spec.kind
        s.kind[row + troops : row + n] = Kind.COMMANDER
        s.commander[row + troops : row + n] = np.arange(n_cmd, dtype=np.int16)
        s.men[row : row + troops] = whole_men(int(strength[i]) - n_cmd, troops)
        s.men[row + troops : row + n] = 1.0
        s.facing[:, sl] = np.array(deploy.facing, F32)[:, None]
        row += n

    # Everyone starts at his slot, with a little jitter so the ranks look like men, not a grid.
    s.pos[:] = slot_positions(s, f)
    s.pos += (rng.random((2, total), dtype=F32) - F32(0.5)) * F32(0.3)
    terrain = TerrainField.from_map(scenario.map)
    return World(
        scenario=scenario,
        account=account,
        seed=seed,
        scale=scale,
        terrain=terrain,
        soldiers=s,
        formations=f,
        rng=rng,
        tables=KindTables.from_scenario(scenario),
        strengths=strengths,
        track=empty_track(scenario.clock.end_seconds, n_form),
    )


def files_at_scale(files: int, scale: int) -> int:
    """Files of agents for a frontage of `files` men when one agent stands for `scale` men."""
    return max(1, round(files / scale))


def whole_men(men: int, agents: int) -> np.ndarray:
    """`men` shared among `agents` in whole men (9 or 10 where 9.9975 would fall), the odd ones
    spread along the ranks. An agent of 9.9975 men made every count fractional, so killed, fled
    and on the field, each rounded for the report, could miss the start by one."""
    cut = np.arange(agents + 1, dtype=np.int64) * men // agents
    return np.diff(cut).astype(F32)


def spacing_at_scale(spacing: tuple[float, float], files_men: int, files_agents: int):
    """Keep the frontage of the real formation: fewer agents stand further apart."""
    return (spacing[0] * files_men / files_agents, spacing[1])
