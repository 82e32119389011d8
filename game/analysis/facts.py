"""The facts a run must show to be faithful to the account it tells, judged from its report.

`check_facts(report)` takes the `--report` JSON (as a dict) and returns one `Fact` per rule:
its name, whether the run passed, and a line saying what was seen. The tests, the 1:1 bench
(`bench/battle_order.py`) and the sweep all call it, so a rule is written once, here. Each rule
says where it comes from: a passage of the sources, the history brief, or our reasoning where
the sources give no number.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from game.analysis.run import Run


@dataclass(frozen=True)
class Fact:
    name: str
    passed: bool
    detail: str


Rule = Callable[[Run], tuple[bool, str]]
RULES: list[tuple[str, Rule]] = []


def rule(name: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES.append((name, fn))
        return fn

    return register


def check_facts(report: dict) -> list[Fact]:
    """Every rule, judged on one report (any account, any scale)."""
    run = Run(report)
    return [Fact(name, *fn(run)) for name, fn in RULES]


def rule_names() -> list[str]:
    return [name for name, _ in RULES]


def check_fact(report: dict, name: str) -> Fact:
    fn = dict(RULES)[name]
    return Fact(name, *fn(Run(report)))


# -- the order of the day (Procopius I.18; Malalas 18; history brief §3) ----------------------
@rule("the order of the day")
def _order(r: Run) -> tuple[bool, str]:
    """The blow breaks the Arabs at once, the collapse takes the Lycaonians, the stand forms at
    the river, and it lasts until dark, when the crossing begins."""
    ghassanids = r.first("rout", "harith")
    lycaonians = r.first("rout", "lycaonians")
    stand = r.first("stand_formed", "peter")
    night = r.first("nightfall")
    crossing = r.first("crossing", "peter")
    seen = (
        f"Ghassanids break {r.hhmm(ghassanids)}, Lycaonians {r.hhmm(lycaonians)}, stand "
        f"{r.hhmm(stand)}, nightfall {r.hhmm(night)}, crossing {r.hhmm(crossing)}"
    )
    if None in (ghassanids, lycaonians, stand, night, crossing):
        return False, seen
    ok = (
        r.tick("14:10") <= ghassanids <= r.tick("14:45")
        and ghassanids <= lycaonians <= r.tick("15:00")
        and lycaonians <= stand <= r.tick("15:10")
        and stand < night == r.tick("19:00") <= crossing
    )
    return ok, seen


@rule("the Arabs break before the infantry is attacked")
def _arabs_first(r: Run) -> tuple[bool, str]:
    attacked = r.first("charge", target="peter")
    broke = r.first("rout", "harith")
    ok = attacked is not None and broke is not None and broke < attacked
    return ok, f"Ghassanids break {r.hhmm(broke)}; Peter's men first charged {r.hhmm(attacked)}"


@rule("the stand holds until nightfall")
def _stand_holds(r: Run) -> tuple[bool, str]:
    night = r.tick("19:00")
    broken = []
    for fid in ("peter", r.saviour):
        states = r.states_before(fid, night)
        rout = r.first("rout", fid)
        if "routing" in states or "broken" in states or (rout is not None and rout < night):
            broken.append(f"{fid} {r.hhmm(rout)}")
    return not broken, f"broken before 19:00: {', '.join(broken) or 'none'}"


@rule("each account's saviour")
def _saviour(r: Run) -> tuple[bool, str]:
    """Procopius: Belisarius dismounts and leads the stand. Malalas: he leaves by boat, Sunicas
    and Simmas dismount, and al-Harith stands firm."""
    if r.account == "procopius":
        dismount = r.first("dismount", "belisarius")
        leaves = r.first("commander_leaves")
        ok = dismount is not None and leaves is None
        return ok, f"Belisarius dismounts {r.hhmm(dismount)}; a general leaves {r.hhmm(leaves)}"
    leaves = r.first("commander_leaves", "belisarius")
    dismount = r.first("dismount", "sunicas")
    guard = r.first("rout", "harith_guard")
    ok = leaves is not None and dismount is not None and guard is None
    return ok, (
        f"Belisarius leaves {r.hhmm(leaves)}; Sunicas dismounts {r.hhmm(dismount)}; "
        f"al-Harith's household breaks {r.hhmm(guard)}"
    )


@rule("the saviour stands with the infantry at nightfall")
def _beside_peter(r: Run) -> tuple[bool, str]:
    """Procopius: Belisarius rides to Peter's infantry and fights on foot beside them; Malalas:
    Sunicas and Simmas do. Dismounting before arriving would strand them in the plain."""
    gap = r.centre_gap(r.saviour, "peter", r.tick("19:00"))
    return gap < 400, f"{r.saviour} is {gap:.0f} m from Peter's infantry at 19:00 (within 400)"


@rule("the named dead fall and the survivors survive")
def _named(r: Run) -> tuple[bool, str]:
    """Procopius: Ascan, Longinus and Stephanacius fell; Malalas' named loss is Stephanacius
    (history brief §4). No source has Sunicas and Simmas fall: Malalas credits them with the
    stand."""
    fallen = {e["text"].removesuffix(" falls.") for e in r.events if e["kind"] == "commander_falls"}
    named = ("Ascan", "Longinus", "Stephanacius") if r.account == "procopius" else ("Stephanacius",)
    alive = ("Belisarius", "Peter", "Azarethes", "al-Mundhir III", "Sunicas", "Simmas")
    missing = [n for n in named if n not in fallen]
    wrong = [n for n in alive if n in fallen]
    ok = not missing and not wrong
    return ok, f"fallen: {', '.join(sorted(fallen)) or 'none'}"


@rule("at nightfall the Persians ride back towards their camp")
def _persians_home(r: Run) -> tuple[bool, str]:
    camp = r.report["sides"]["persian"]["retreat"]
    night, end = r.tick("19:00"), r.end_tick
    short = []
    for fid in r.persian_ids():
        before = r.centre(fid, night)
        after = r.centre(fid, end)
        if before is None or after is None:
            continue
        gain = math.dist(before, camp) - math.dist(after, camp)
        if gain < 500:
            short.append(f"{fid} {gain:.0f} m")
    return not short, f"under 500 m nearer camp: {', '.join(short) or 'none'}"


@rule("men are conserved every second")
def _conserved(r: Run) -> tuple[bool, str]:
    ok = bool(r.report["track"]["men_conserved_every_second"])
    ends = all(
        f["killed"] + f["fled"] + f["men_now"] == f["men_start"] for f in r.report["formations"]
    )
    return ok and ends, "killed + fled + on the field = the start, every second"


@rule("the Persian dead are not fewer than the Roman")
def _persian_dead(r: Run) -> tuple[bool, str]:
    """Procopius I.18: the Persians found their dead no fewer than the Romans'."""
    roman, persian = r.dead("roman"), r.dead("persian")
    return persian >= roman > 0, f"Roman dead {roman:,}, Persian dead {persian:,}"


@rule("the river is where the account puts it")
def _river(r: Run) -> tuple[bool, str]:
    """Procopius: the Euphrates on the Roman left. Malalas: "the Euphrates at their backs".
    The Persians form opposite, facing the Romans, within bowshot (history brief §1)."""
    t = r.tick("11:30")
    wrong = []
    roman_facing = [0.0, 0.0]
    for fid in r.roman_ids():
        facing = r.at(fid, "facing", t)
        way = r.at(fid, "river", t)
        roman_facing = [roman_facing[0] + facing[0], roman_facing[1] + facing[1]]
        dist = math.hypot(*way) or 1.0
        back = -(way[0] * facing[0] + way[1] * facing[1]) / dist  # 1: straight behind
        left = (way[0] * facing[1] - way[1] * facing[0]) / dist  # 1: straight left (y south)
        if r.account == "malalas" and not (back > 0.8 and dist < 600):
            wrong.append(f"{fid} river {dist:.0f} m, behind {back:.2f}")
        if r.account != "malalas" and not left > 0.8:
            wrong.append(f"{fid} river left {left:.2f}")
    for fid in ("persian_right", "persian_centre", "mundhir"):
        facing = r.at(fid, "facing", t)
        if facing[0] * roman_facing[0] + facing[1] * roman_facing[1] >= 0:
            wrong.append(f"{fid} does not face the Romans")
        gaps = [r.centre_gap(fid, rid, t) for rid in r.roman_ids()]
        if min(gaps) >= 400:
            wrong.append(f"{fid} {min(gaps):.0f} m from the nearest Roman")
    return not wrong, f"at 11:30: {'; '.join(wrong) or 'as told'}"


@rule("Ascan's men fall with him")
def _ascan(r: Run) -> tuple[bool, str]:
    """Procopius: at least 800 fell with Ascan. Malalas gives no figure, but Ascan's men still
    suffer most of the Roman horse [reconstruction]."""
    killed = r.formation("ascan")["killed"]
    need = 800 if r.account == "procopius" else 500
    return killed >= need, f"{killed:,} of Ascan's men killed (at least {need})"


@rule("no town is taken")
def _town(r: Run) -> tuple[bool, str]:
    """A Pyrrhic Persian victory: no town taken (history brief §5)."""
    entered = bool(r.report["track"]["persians_entered_the_town"])
    return not entered, "a Persian stood inside Callinicum's walls" if entered else "none"


SCALE_AGREEMENT = 0.25
"""Issue #14: the dead at --scale 1 and --scale 10 agree within about 25 %. An agent of ten men
dies all at once, so a small body's losses move in steps of ten; more than a quarter apart means
the model, not the dice, depends on the scale."""


def compare_scales(a: dict, b: dict) -> list[Fact]:
    """Each side's dead in two runs of one account at different scales, within 25 %."""
    ra, rb = Run(a), Run(b)
    out = []
    for side in ("roman", "persian"):
        da, db = ra.dead(side), rb.dead(side)
        gap = abs(da - db) / max(da, db, 1)
        out.append(
            Fact(
                f"{side} dead agree across scales",
                gap <= SCALE_AGREEMENT,
                f"{da:,} at scale {a['scale']}, {db:,} at scale {b['scale']}: {gap:.0%} apart "
                f"(at most {SCALE_AGREEMENT:.0%})",
            )
        )
    return out
