"""The scenario as plain typed objects: orders of battle, deployment, timed orders, phases.

Frozen dataclasses, built and validated by `game.scenario.load`, so that the simulation never
meets a bad value. The vocabularies of the files (paces, orders, sources, facings) live here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from game.scenario.battlemap import BattleMap
from game.scenario.clock import Clock
from game.scenario.codes import Kind, Side
from game.scenario.strengths import VARIANTS
from game.scenario.tellers import Tellers
from game.scenario.wording import Wording

PACES = ("slow", "march", "quick", "charge")
ORDERS = (
    "march",
    "advance",
    "face",
    "hold",
    "form",  # movement
    "charge",
    "assault",
    "withdraw",  # attack once; attack in cycles; back off facing the enemy
    "dismount",
    "shield_wall",
    "swim",
    "rally",  # change how the men fight or move
    "leave",
    "resolve",
    "stand_fast",  # a commander leaves; brittleness; fight to the death
)
SOURCES = ("procopius", "malalas", "zacharias", "modern", "reconstruction")
FACINGS = {
    "east": (1.0, 0.0),
    "west": (-1.0, 0.0),
    "north": (0.0, -1.0),
    "south": (0.0, 1.0),
    "north-east": (0.70710678, -0.70710678),
    "south-east": (0.70710678, 0.70710678),
    "south-west": (-0.70710678, 0.70710678),
    "north-west": (-0.70710678, -0.70710678),
}
MAX_MEN = 100_000
"""Per formation. The largest contingent is 15,000; more is a typo, and would not fit memory."""


@dataclass(frozen=True)
class Citation:
    source: str  # one of SOURCES
    ref: str  # "Procopius, Wars I.18.26" or "Greatrex (modern reconstruction)"


@dataclass(frozen=True)
class KindSpec:
    kind: Kind
    paces: dict[str, float]  # historical m/s for each of PACES
    max_force: float  # m/s^2: how hard he can change his velocity
    spacing: tuple[float, float]  # metres between files, between ranks
    radius: float  # metres of personal space (separation)
    mounted: bool
    armour: float = 0.0  # 0 unarmoured .. 1 fully armoured: how often an arrow is stopped
    melee: float = 1.0  # relative killing power in melee
    shoots: float = 0.0  # fraction of the men who shoot


@dataclass(frozen=True)
class SideSpec:
    side: Side
    name: str
    colour: tuple[int, int, int]
    retreat: tuple[float, float]  # where routers run to
    bow: Bow | None = None


@dataclass(frozen=True)
class Bow:
    """A side's archery (Procopius I.18: Persian arrows many but weak; Roman few but strong)."""

    range: float  # metres
    shots_per_second: float  # per shooter, per battle second
    kill_armoured: float  # chance an arrow kills an armoured man
    kill_unarmoured: float
    arrows: int  # per shooter at the start


def tuning(lo: float, hi: float):
    """A combat field and the range its value must lie in (the loader refuses the rest)."""
    return field(metadata={"range": (lo, hi)})


@dataclass(frozen=True)
class CombatSpec:
    """Tuning numbers of the battle model; each carries its derivation in the YAML, and each
    number its range here: chances, shares and morale are 0..1, multipliers at most x20."""

    melee_kill: float = tuning(0, 1)  # chance per battle second that a man in contact kills
    charge_bonus: float = tuning(0, 20)  # extra killing at full charge speed
    flank_bonus: float = tuning(0, 20)
    rear_bonus: float = tuning(0, 20)
    height_bonus: float = tuning(0, 1)  # per metre of height over the foe, capped at x2
    routed_vulnerability: float = tuning(0, 20)  # routers do not fight back, die more easily
    shield_wall_defence: float = tuning(0, 1)  # multiplier on losses inside a shield wall
    shield_wall_spacing: tuple[float, float] = field()
    rout_below: float = tuning(0, 1)  # morale under which a formation breaks
    loss_weight: float = tuning(0, 100)  # morale lost per fraction of the formation lost
    flank_weight: float = tuning(0, 100)  # morale lost per fraction hit in flank or rear in 1 s
    friend_rout: float = tuning(0, 1)  # morale lost when a friendly formation nearby breaks
    friend_rout_range: float = tuning(0, 10_000)  # metres
    commander_lost: float = tuning(0, 1)
    recovery: float = tuning(0, 1)  # morale regained per second out of contact
    fatigue_from_tick: int = field()  # fasting and the march begin to tell (Romans) [P][R]
    fatigue_per_second: float = tuning(0, 1)
    pursuit: float = tuning(0, 10_000)  # metres a pursuer follows before the next target [P]
    flee_safe: float = tuning(0, 10_000)  # metres from the retreat point: off the field
    flee_clear: float = tuning(0, 10_000)  # metres from every formed enemy: got away
    ride_down: float = tuning(0, 1)  # chance a second a router on foot among enemy horse falls
    ride_down_reach: float = tuning(0, 1000)  # metres round the horse's ground it reaches
    assault_contact_minutes: float = tuning(0, 600)  # clock minutes of contact in one charge
    assault_recoil: float = tuning(0, 10_000)  # metres the attackers fall back
    assault_rest_minutes: float = tuning(0, 600)  # clock minutes re-forming before the next
    turned_away: float = tuning(0, 1)  # striking power of a man whose foe is at his side/back
    falls_breaking: float = tuning(0, 1)  # share of a breaking contingent killed when its
    #   generals fall
    falls_standing: float = tuning(0, 1)  # the same for a contingent that stands to the last
    arrows_front: float = tuning(0, 1)  # share of the target's men (nearest first) hit by arrows


@dataclass(frozen=True)
class Commander:
    name: str
    title: str
    note: str
    citation: Citation


@dataclass(frozen=True)
class Deployment:
    at: tuple[float, float]  # centre of the block, metres
    facing: tuple[float, float]
    files: int


@dataclass(frozen=True)
class FormationSpec:
    id: str
    name: str
    side: Side
    kind: Kind
    strength: int  # men at the default (one agent per man at --scale 1)
    strength_range: tuple[int, int]
    strength_note: str
    strength_citation: Citation
    commanders: tuple[Commander, ...]
    arms: str
    palette: tuple[tuple[int, int, int], tuple[int, int, int]]
    deploy: Deployment
    about: str
    citation: Citation
    retreat: tuple[float, float] | None = None  # where its men run, if not the side's
    # Per account, a different starting block and/or line of retreat (`by_account` in the
    # YAML): Malalas puts the Euphrates behind the Romans, Procopius on their left.
    account_deploy: tuple[tuple[str, Deployment], ...] = ()
    account_retreat: tuple[tuple[str, tuple[float, float]], ...] = ()
    # (account, event kind or "all", citation): who tells what it does, per account
    # (the scenario's `citations:` block, game/scenario/citations.py)
    told: tuple[tuple[str, str, Citation], ...] = ()

    def cited_in(self, account: str, kind: str = "all") -> tuple[str, str]:
        """(reference, basis) for an event of this formation in an account's telling: the
        account's citation for that kind of event, or for all its events, or its own source."""
        cite = next((c for a, k, c in self.told if a == account and k == kind), None)
        cite = cite or next((c for a, k, c in self.told if a == account and k == "all"), None)
        cite = cite or self.citation
        return cite.ref, cite.source

    def placed_by(self, account: str) -> Citation | None:
        """Who places this formation where it stands, if that is a reconstruction."""
        return next((c for a, k, c in self.told if a == account and k == "placement"), None)

    def deploy_for(self, account: str) -> Deployment:
        return next((d for a, d in self.account_deploy if a == account), self.deploy)

    def retreat_for(self, account: str) -> tuple[float, float] | None:
        return next((r for a, r in self.account_retreat if a == account), self.retreat)


@dataclass(frozen=True)
class Order:
    tick: int
    formation: int  # index into Scenario.formations
    order: str  # one of ORDERS
    to: tuple[float, float] | None = None
    facing: tuple[float, float] | None = None
    distance: float | None = None
    files: int | None = None
    pace: str | None = None
    target: int | None = None  # formation attacked (charge, assault)
    value: float | None = None  # resolve
    commander: str | None = None  # who leaves
    kind: Kind | None = None  # what the men become when they dismount
    accounts: tuple[str, ...] = ()  # empty: every account
    # A conditional order waits, after its time, for the formation `after_break` to break, or
    # for its own formation to arrive where its last march sent it (`on_arrival`). A
    # formation's conditional orders follow each other, in the order of their times (file order
    # for equal times; `Scenario.chains_for`).
    after_break: int | None = None
    on_arrival: bool = False
    party: int = 0  # `leave`: men who go with the commander (his boat's crew and guards)

    @property
    def waits(self) -> bool:
        return self.after_break is not None or self.on_arrival


@dataclass(frozen=True)
class Phase:
    id: str
    name: str
    tick: int
    caption: str
    citation: Citation
    accounts: tuple[str, ...] = ()
    # A phase told when something happens (`after: {dismount: belisarius}`): it begins at the
    # first such event at or after its start, so that its caption comes with it.
    after: tuple[str, int] | None = None  # (event kind, formation row)
    # What the timeline bar writes where the whole name has no room ("The blow"); "": none
    short: str = ""


def told_in(items: tuple, account: str) -> tuple:
    """The orders or phases an account tells: those for every account, and its own."""
    return tuple(x for x in items if not x.accounts or account in x.accounts)


@dataclass(frozen=True, eq=False)
class Scenario:
    name: str
    date: str
    path: Path
    map: BattleMap
    seed: int
    accounts: dict[str, str]  # id -> title
    default_account: str
    clock: Clock
    kinds: dict[Kind, KindSpec]
    sides: dict[Side, SideSpec]
    combat: CombatSpec
    formations: tuple[FormationSpec, ...]
    orders: tuple[Order, ...]
    phases: tuple[Phase, ...]
    wording: Wording = field(default_factory=Wording)  # event sentences (the `story:` block)
    extra: dict = field(default_factory=dict)
    # `--strengths` variant -> men per formation (see game/scenario/strengths.py)
    strength_variants: dict[str, tuple[int, ...]] = field(default_factory=dict)
    tellers: Tellers = field(default_factory=Tellers)  # the "Who tells us" panel

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file this scenario was read from: no output may ever replace one."""
        return (self.path, self.map.path, *self.map.grids)

    def strengths_for(self, variant: str) -> tuple[int, ...]:
        """Men per formation under a strength variant ('low', 'default', 'high')."""
        if variant not in VARIANTS:
            raise ValueError(f"unknown strengths '{variant}'; known: {', '.join(VARIANTS)}")
        default = tuple(f.strength for f in self.formations)
        return self.strength_variants.get(variant, default)

    def formation_index(self, fid: str) -> int:
        return next(i for i, f in enumerate(self.formations) if f.id == fid)

    def orders_for(self, account: str) -> tuple[Order, ...]:
        """The timed orders an account tells, in tick order (without the conditional ones)."""
        known = self._orders_of.get(account)
        return known if known is not None else _timed(told_in(self.orders, account))

    def chains_for(self, account: str) -> tuple[tuple[int, tuple[Order, ...]], ...]:
        """(formation, its conditional orders in turn) for the formations that have any."""
        known = self._chains_of.get(account)
        return known if known is not None else _chains(told_in(self.orders, account))

    @cached_property
    def _chains_of(self) -> dict[str, tuple[tuple[int, tuple[Order, ...]], ...]]:
        return {a: _chains(told_in(self.orders, a)) for a in self.accounts}

    def phases_for(self, account: str) -> tuple[Phase, ...]:
        known = self._phases_of.get(account)
        return known if known is not None else told_in(self.phases, account)

    @cached_property
    def _orders_of(self) -> dict[str, tuple[Order, ...]]:
        """Each account's orders, filtered once: the simulation asks every tick."""
        return {a: _timed(told_in(self.orders, a)) for a in self.accounts}

    @cached_property
    def _phases_of(self) -> dict[str, tuple[Phase, ...]]:
        return {a: told_in(self.phases, a) for a in self.accounts}


def _timed(orders: tuple[Order, ...]) -> tuple[Order, ...]:
    return tuple(o for o in orders if not o.waits)


def _chains(orders: tuple[Order, ...]) -> tuple[tuple[int, tuple[Order, ...]], ...]:
    waiting = [o for o in orders if o.waits]  # in tick order, file order for equal ticks
    formations = sorted({o.formation for o in waiting})
    return tuple((i, tuple(o for o in waiting if o.formation == i)) for i in formations)
