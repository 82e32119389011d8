"""The scenario: orders of battle, deployment, timed orders, phases and the clock.

Loaded from YAML into frozen dataclasses; everything the simulation needs is validated here so
that the simulation itself never meets a bad value. Times in the file may be battle seconds
(numbers) or historical times of day ("14:10"), converted through the scenario's clock.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from game.scenario.battlemap import BattleMap, load_map
from game.scenario.codes import KIND_NAMES, MOUNTED, SIDE_NAMES, Kind, Side
from game.scenario.strengths import VARIANTS, load_variants
from game.scenario.yamlsafe import Node, load_yaml

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


@dataclass(frozen=True)
class CombatSpec:
    """Tuning numbers of the battle model; each carries its derivation in the YAML."""

    melee_kill: float  # chance per battle second that a man in contact kills his foe
    charge_bonus: float  # extra killing at full charge speed
    flank_bonus: float
    rear_bonus: float
    height_bonus: float  # per metre of height over the foe, capped at x2
    routed_vulnerability: float  # routers do not fight back and die this much more easily
    shield_wall_defence: float  # multiplier on losses inside a shield wall
    shield_wall_spacing: tuple[float, float]
    rout_below: float  # morale under which a formation breaks
    loss_weight: float  # morale lost per fraction of the formation lost
    flank_weight: float  # morale lost per fraction hit in flank or rear in one second
    friend_rout: float  # morale lost when a friendly formation nearby breaks
    friend_rout_range: float
    commander_lost: float
    recovery: float  # morale regained per second out of contact
    fatigue_from_tick: int  # fasting and the march begin to tell (Romans) [P][R]
    fatigue_per_second: float
    pursuit: float  # metres a pursuer follows before turning to the next target [P]
    flee_safe: float  # metres from the retreat point at which a router has left the field
    assault_contact: float  # seconds of contact in one charge of an assault cycle
    assault_recoil: float  # metres the attackers fall back
    assault_rest: float  # seconds re-forming before the next charge
    turned_away: float  # striking power of a man whose foe is at his side or back
    falls_breaking: float  # share of a breaking contingent killed when its generals fall
    falls_standing: float  # the same for a contingent that stands to the last
    arrows_front: float  # share of the target's men (nearest first) on whom arrows fall


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


@dataclass(frozen=True)
class Phase:
    id: str
    name: str
    tick: int
    caption: str
    citation: Citation
    accounts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Clock:
    """Piecewise-linear maps from battle seconds to time of day and to motion tempo."""

    tick_rate: int
    end_seconds: float
    day_points: tuple[tuple[float, float], ...]  # (battle s, minutes after midnight)
    tempo_points: tuple[tuple[float, float], ...]  # (battle s, tempo)

    @property
    def end_tick(self) -> int:
        return round(self.end_seconds * self.tick_rate)

    def minutes_of_day(self, seconds: float) -> float:
        return _interp(self.day_points, seconds)

    def tempo(self, seconds: float) -> float:
        return _interp(self.tempo_points, seconds)

    def seconds_at(self, minutes: float) -> float:
        """Inverse of minutes_of_day (the day mapping is strictly increasing)."""
        return _interp(tuple((m, s) for s, m in self.day_points), minutes)

    def time_of_day(self, seconds: float) -> str:
        m = int(self.minutes_of_day(seconds))
        return f"{m // 60:02d}:{m % 60:02d}"


def _interp(points: tuple[tuple[float, float], ...], x: float) -> float:
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


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
    extra: dict = field(default_factory=dict)
    # `--strengths` variant -> men per formation (see game/scenario/strengths.py)
    strength_variants: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def strengths_for(self, variant: str) -> tuple[int, ...]:
        """Men per formation under a strength variant ('low', 'default', 'high')."""
        if variant not in VARIANTS:
            raise ValueError(f"unknown strengths '{variant}'; known: {', '.join(VARIANTS)}")
        default = tuple(f.strength for f in self.formations)
        return self.strength_variants.get(variant, default)

    def formation_index(self, fid: str) -> int:
        return next(i for i, f in enumerate(self.formations) if f.id == fid)

    def orders_for(self, account: str) -> tuple[Order, ...]:
        known = self._orders_of.get(account)
        return known if known is not None else told_in(self.orders, account)

    def phases_for(self, account: str) -> tuple[Phase, ...]:
        known = self._phases_of.get(account)
        return known if known is not None else told_in(self.phases, account)

    @cached_property
    def _orders_of(self) -> dict[str, tuple[Order, ...]]:
        """Each account's orders, filtered once: the simulation asks every tick."""
        return {a: told_in(self.orders, a) for a in self.accounts}

    @cached_property
    def _phases_of(self) -> dict[str, tuple[Phase, ...]]:
        return {a: told_in(self.phases, a) for a in self.accounts}


# --------------------------------------------------------------------------------------------
def load_scenario(path: str | Path) -> Scenario:
    """Load, validate and cross-check a scenario and its map; one-line `DataError` on a fault."""
    path = Path(path)
    root = load_yaml(path).mapping(
        required=(
            "name",
            "date",
            "map",
            "seed",
            "accounts",
            "default_account",
            "time",
            "kinds",
            "sides",
            "combat",
            "formations",
            "orders",
            "phases",
        ),
        optional=("strengths",),
    )
    map_node = root["map"]
    bmap = load_map(path.parent / map_node.text())
    lo, hi = (0.0, 0.0), (bmap.width_m, bmap.height_m)

    accounts: dict[str, str] = {}
    for aid, anode in root["accounts"].items():
        accounts[aid] = anode.text()
    if not accounts:
        raise root["accounts"].error("at least one account is needed")
    default_account = root["default_account"].text(choices=tuple(accounts))

    clock = _clock(root["time"])
    kinds = {k.kind: k for k in (_kind(name, n) for name, n in root["kinds"].items())}
    sides = {s.side: s for s in (_side(name, n, lo, hi) for name, n in root["sides"].items())}
    for sname, side in SIDE_NAMES.items():
        if side not in sides:
            raise root["sides"].error(f"missing side '{sname}'")

    formations: list[FormationSpec] = []
    ids: set[str] = set()
    for fnode in root["formations"].sequence(min_len=2):
        spec = _formation(fnode, kinds, lo, hi, tuple(accounts))
        if spec.id in ids:
            raise fnode["id"].error(f"formation id '{spec.id}' is used twice")
        ids.add(spec.id)
        formations.append(spec)
    index = {f.id: i for i, f in enumerate(formations)}

    def when(node: Node) -> int:
        if isinstance(node.value, str):
            minutes = _minutes(node)
            first, last = clock.day_points[0][1], clock.day_points[-1][1]
            if not first <= minutes <= last:
                raise node.error(
                    f"{node.value} is outside the battle's clock ({_hhmm(first)}–{_hhmm(last)})"
                )
            seconds = clock.seconds_at(minutes)
        else:
            seconds = node.number(min=0, max=clock.end_seconds)
        return round(seconds * clock.tick_rate)

    def account_list(node: Node | None) -> tuple[str, ...]:
        if node is None:
            return ()
        return tuple(a.text(choices=tuple(accounts)) for a in node.sequence(min_len=1))

    orders: list[Order] = []
    for onode in root["orders"].sequence():
        onode.mapping(
            required=("at", "formation", "order"),
            optional=(
                "to",
                "facing",
                "distance",
                "files",
                "pace",
                "target",
                "value",
                "commander",
                "kind",
                "accounts",
            ),
        )
        kind = onode["order"].text(choices=ORDERS)
        fid = onode["formation"].text(choices=None)
        if fid not in index:
            raise onode["formation"].error(f"no formation with id '{fid}'")
        order = Order(
            tick=when(onode["at"]),
            formation=index[fid],
            order=kind,
            to=onode["to"].point(lo, hi) if "to" in onode else None,
            facing=_facing(onode["facing"]) if "facing" in onode else None,
            distance=onode["distance"].number(min=0, max=10_000) if "distance" in onode else None,
            files=onode["files"].integer(min=1, max=MAX_MEN) if "files" in onode else None,
            pace=onode["pace"].text(choices=PACES) if "pace" in onode else None,
            target=_target(onode, index),
            value=onode["value"].number(min=0, max=10) if "value" in onode else None,
            commander=_commander(onode, formations[index[fid]]),
            kind=_new_kind(onode, kinds),
            accounts=account_list(onode.get("accounts")),
        )
        needs = {
            "march": "to",
            "advance": "distance",
            "face": "facing",
            "form": "files",
            "charge": "target",
            "assault": "target",
            "withdraw": "to",
            "swim": "to",
            "dismount": "kind",
            "leave": "commander",
            "resolve": "value",
        }
        if kind in needs and getattr(order, needs[kind]) is None:
            raise onode.error(f"a '{kind}' order needs '{needs[kind]}'")
        orders.append(order)
    orders.sort(key=lambda o: o.tick)  # stable: file order breaks ties

    phases: list[Phase] = []
    for pnode in root["phases"].sequence(min_len=1):
        pnode.mapping(required=("id", "name", "start", "caption", "source"), optional=("accounts",))
        phases.append(
            Phase(
                id=pnode["id"].text(),
                name=pnode["name"].text(),
                tick=when(pnode["start"]),
                caption=pnode["caption"].text(),
                citation=_citation(pnode["source"]),
                accounts=account_list(pnode.get("accounts")),
            )
        )
    phases.sort(key=lambda p: p.tick)

    return Scenario(
        name=root["name"].text(),
        date=root["date"].text(),
        path=path,
        map=bmap,
        seed=root["seed"].integer(min=0, max=2**63 - 1),
        accounts=accounts,
        default_account=default_account,
        clock=clock,
        kinds=kinds,
        sides=sides,
        combat=_combat(root["combat"], clock),
        formations=tuple(formations),
        orders=tuple(orders),
        phases=tuple(phases),
        strength_variants=load_variants(root.get("strengths"), formations),
    )


def _minutes(node: Node) -> float:
    text = node.text()
    try:
        hh, mm = text.split(":")
        h, m = int(hh), int(mm)
    except ValueError:
        raise node.error(f"'{text}' is not a time of day like 14:10") from None
    if not (0 <= h < 24 and 0 <= m < 60):
        raise node.error(f"'{text}' is not a time of day like 14:10")
    return h * 60.0 + m


def _hhmm(minutes: float) -> str:
    m = int(minutes)
    return f"{m // 60:02d}:{m % 60:02d}"


def _clock(node: Node) -> Clock:
    node.mapping(required=("tick_rate", "end", "clock", "tempo"))
    rate = node["tick_rate"].integer(min=1, max=120)
    end = node["end"].number(min=1, max=24 * 3600)
    day = _points(node["clock"], lambda n: _minutes(n), strictly_increasing_y=True)
    tempo = _points(node["tempo"], lambda n: n.number(min=0.1, max=50))
    return Clock(tick_rate=rate, end_seconds=end, day_points=day, tempo_points=tempo)


def _points(node: Node, parse_y, strictly_increasing_y: bool = False):
    pts: list[tuple[float, float]] = []
    for pnode in node.sequence(min_len=1):
        pair = pnode.sequence(2, 2)
        x = pair[0].number(min=0)
        y = parse_y(pair[1])
        if pts and x <= pts[-1][0]:
            raise pair[0].error("battle seconds must increase from one point to the next")
        if strictly_increasing_y and pts and y <= pts[-1][1]:
            raise pair[1].error("the time of day must increase from one point to the next")
        pts.append((x, y))
    return tuple(pts)


def _citation(node: Node) -> Citation:
    node.mapping(required=("source", "ref"))
    return Citation(source=node["source"].text(choices=SOURCES), ref=node["ref"].text())


def _rgb(node: Node) -> tuple[int, int, int]:
    a, b, c = (n.integer(min=0, max=255) for n in node.sequence(3, 3))
    return (a, b, c)


def _facing(node: Node) -> tuple[float, float]:
    if isinstance(node.value, str):
        return FACINGS[node.text(choices=tuple(FACINGS))]
    x, y = node.point()
    norm = (x * x + y * y) ** 0.5
    if norm < 1e-6:
        raise node.error("a facing needs a direction, not [0, 0]")
    return (x / norm, y / norm)


def _target(onode: Node, index: dict[str, int]) -> int | None:
    if "target" not in onode:
        return None
    tid = onode["target"].text()
    if tid not in index:
        raise onode["target"].error(f"no formation with id '{tid}'")
    return index[tid]


def _commander(onode: Node, spec: FormationSpec) -> str | None:
    if "commander" not in onode:
        return None
    names = tuple(c.name for c in spec.commanders)
    return onode["commander"].text(choices=names)


def _new_kind(onode: Node, kinds: dict[Kind, KindSpec]) -> Kind | None:
    if "kind" not in onode:
        return None
    name = onode["kind"].text(choices=tuple(KIND_NAMES))
    if KIND_NAMES[name] not in kinds:
        raise onode["kind"].error(f"troop kind '{name}' has no entry under 'kinds'")
    return KIND_NAMES[name]


def _combat(node: Node, clock: Clock) -> CombatSpec:
    names = (
        "melee_kill",
        "charge_bonus",
        "flank_bonus",
        "rear_bonus",
        "height_bonus",
        "routed_vulnerability",
        "shield_wall_defence",
        "shield_wall_spacing",
        "rout_below",
        "loss_weight",
        "flank_weight",
        "friend_rout",
        "friend_rout_range",
        "commander_lost",
        "recovery",
        "fatigue_from",
        "fatigue_per_second",
        "pursuit",
        "flee_safe",
        "assault_contact",
        "assault_recoil",
        "assault_rest",
        "turned_away",
        "falls_breaking",
        "falls_standing",
        "arrows_front",
    )
    node.mapping(required=names)
    num = {
        n: node[n].number(min=0, max=10_000)
        for n in names
        if n not in ("shield_wall_spacing", "fatigue_from")
    }
    sw = node["shield_wall_spacing"].sequence(2, 2)
    fatigue_from = clock.seconds_at(_minutes(node["fatigue_from"]))
    return CombatSpec(
        shield_wall_spacing=(sw[0].number(min=0.3, max=5), sw[1].number(min=0.3, max=5)),
        fatigue_from_tick=round(fatigue_from * clock.tick_rate),
        **num,
    )


def _kind(name: str, node: Node) -> KindSpec:
    if name not in KIND_NAMES:
        raise node.error(f"unknown troop kind '{name}'; known: {', '.join(KIND_NAMES)}")
    node.mapping(
        required=("paces", "max_force", "spacing", "radius"), optional=("armour", "melee", "shoots")
    )
    pnode = node["paces"].mapping(required=PACES)
    paces = {p: pnode[p].number(min=0.05, max=20) for p in PACES}
    spacing = node["spacing"].sequence(2, 2)
    kind = KIND_NAMES[name]
    return KindSpec(
        kind=kind,
        paces=paces,
        max_force=node["max_force"].number(min=0.1, max=50),
        spacing=(spacing[0].number(min=0.3, max=10), spacing[1].number(min=0.3, max=20)),
        radius=node["radius"].number(min=0.1, max=3),
        mounted=kind in MOUNTED,
        armour=node["armour"].number(min=0, max=1) if "armour" in node else 0.0,
        melee=node["melee"].number(min=0, max=10) if "melee" in node else 1.0,
        shoots=node["shoots"].number(min=0, max=1) if "shoots" in node else 0.0,
    )


def _side(name: str, node: Node, lo, hi) -> SideSpec:
    if name not in SIDE_NAMES:
        raise node.error(f"unknown side '{name}'; known: {', '.join(SIDE_NAMES)}")
    node.mapping(required=("name", "colour", "retreat"), optional=("bow",))
    bow = None
    if "bow" in node:
        b = node["bow"].mapping(
            required=("range", "shots_per_second", "kill_armoured", "kill_unarmoured", "arrows")
        )
        bow = Bow(
            range=b["range"].number(min=1, max=1000),
            shots_per_second=b["shots_per_second"].number(min=0, max=5),
            kill_armoured=b["kill_armoured"].number(min=0, max=1),
            kill_unarmoured=b["kill_unarmoured"].number(min=0, max=1),
            arrows=b["arrows"].integer(min=0, max=1000),
        )
    return SideSpec(
        side=SIDE_NAMES[name],
        name=node["name"].text(),
        colour=_rgb(node["colour"]),
        retreat=node["retreat"].point(lo, hi),
        bow=bow,
    )


def _deployment(node: Node, lo, hi) -> Deployment:
    dnode = node.mapping(required=("at", "facing", "files"))
    files = dnode["files"].integer(min=1, max=MAX_MEN)
    return Deployment(at=dnode["at"].point(lo, hi), facing=_facing(dnode["facing"]), files=files)


def _by_account(node: Node | None, accounts: tuple[str, ...], lo, hi):
    """`by_account: {malalas: {deploy: {...}, retreat: [x, y]}}`: per-account overrides."""
    deploys: list[tuple[str, Deployment]] = []
    retreats: list[tuple[str, tuple[float, float]]] = []
    if node is None:
        return (), ()
    node.mapping(optional=accounts)
    if not node.value:
        raise node.error("expected at least one account")
    for aid, anode in node.items():
        anode.mapping(optional=("deploy", "retreat"))
        if not anode.value:
            raise anode.error("an account override needs 'deploy' or 'retreat'")
        if "deploy" in anode:
            deploys.append((aid, _deployment(anode["deploy"], lo, hi)))
        if "retreat" in anode:
            retreats.append((aid, anode["retreat"].point(lo, hi)))
    return tuple(deploys), tuple(retreats)


def _formation(
    node: Node, kinds: dict[Kind, KindSpec], lo, hi, accounts: tuple[str, ...] = ()
) -> FormationSpec:
    node.mapping(
        required=(
            "id",
            "name",
            "side",
            "kind",
            "strength",
            "strength_range",
            "strength_note",
            "strength_source",
            "commanders",
            "arms",
            "palette",
            "deploy",
            "about",
            "source",
        ),
        optional=("retreat", "by_account"),
    )
    kname = node["kind"].text()
    if kname not in KIND_NAMES:
        raise node["kind"].error(f"unknown unit type '{kname}'; known: {', '.join(KIND_NAMES)}")
    kind = KIND_NAMES[kname]
    if kind not in kinds:
        raise node["kind"].error(f"troop kind '{kname}' has no entry under 'kinds'")
    strength = node["strength"].integer(min=1, max=MAX_MEN)
    rng = node["strength_range"].sequence(2, 2)
    lo_s, hi_s = rng[0].integer(min=0, max=MAX_MEN), rng[1].integer(min=0, max=MAX_MEN)
    if lo_s > hi_s:
        raise node["strength_range"].error(f"[{lo_s}, {hi_s}]: the low end is above the high end")
    side_name = node["side"].text(choices=tuple(SIDE_NAMES))
    commanders = []
    for cnode in node["commanders"].sequence():
        cnode.mapping(required=("name", "title", "note", "source"))
        commanders.append(
            Commander(
                name=cnode["name"].text(),
                title=cnode["title"].text(),
                note=cnode["note"].text(),
                citation=_citation(cnode["source"]),
            )
        )
    pal = node["palette"].sequence(2, 2)
    account_deploy, account_retreat = _by_account(node.get("by_account"), accounts, lo, hi)
    return FormationSpec(
        id=node["id"].text(),
        name=node["name"].text(),
        side=SIDE_NAMES[side_name],
        kind=kind,
        strength=strength,
        strength_range=(lo_s, hi_s),
        strength_note=node["strength_note"].text(),
        strength_citation=_citation(node["strength_source"]),
        commanders=tuple(commanders),
        arms=node["arms"].text(),
        palette=(_rgb(pal[0]), _rgb(pal[1])),
        deploy=_deployment(node["deploy"], lo, hi),
        about=node["about"].text(),
        citation=_citation(node["source"]),
        retreat=node["retreat"].point(lo, hi) if "retreat" in node else None,
        account_deploy=account_deploy,
        account_retreat=account_retreat,
    )
