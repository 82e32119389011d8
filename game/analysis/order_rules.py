"""The order of the day, the saviours, the named dead and the ground, as the sources tell them.

Procopius, Wars I.17-18; Malalas, Chronicle 18; the history brief, sections 1-5.
"""

from __future__ import annotations

import math

from game.analysis.registry import rule
from game.analysis.run import Run


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
        ok = dismount is not None and (leaves is None or leaves >= r.tick("19:00"))
        return ok, (
            f"Belisarius dismounts {r.hhmm(dismount)}; a general leaves by boat {r.hhmm(leaves)} "
            "(not before dark)"
        )
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
    stand. Nor al-Harith: Procopius has him flee, Malalas has him stand firm, and he kept his
    command afterwards (history brief §4)."""
    fallen = {e["text"].removesuffix(" falls.") for e in r.events if e["kind"] == "commander_falls"}
    named = ("Ascan", "Longinus", "Stephanacius") if r.account == "procopius" else ("Stephanacius",)
    alive = (
        "Belisarius",
        "Peter",
        "Azarethes",
        "al-Mundhir III",
        "Sunicas",
        "Simmas",
        "al-Harith ibn Jabalah",
    )
    told = {n.casefold() for n in fallen}  # a sentence capitalises its first word: "Al-Harith"
    missing = [n for n in named if n.casefold() not in told]
    wrong = [n for n in alive if n.casefold() in told]
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
    """Checked in the run every battle second, and here on the report's own whole numbers: the
    end, and every sample of the track (an agent of 9.9975 men once made them miss by one)."""
    ok = bool(r.report["track"]["men_conserved_every_second"])
    missed = [
        f"{f['id']} at the end"
        for f in r.report["formations"]
        if f["killed"] + f["fled"] + f["men_now"] != f["men_start"]
    ]
    for f in r.report["formations"]:
        cols = r.track["formations"][f["id"]]
        for t, k, fl, m in zip(r.ticks, cols["killed"], cols["fled"], cols["men"], strict=True):
            if k + fl + m != f["men_start"]:
                missed.append(f"{f['id']} at {r.hhmm(t)}")
                break
    if not ok:
        missed.insert(0, "the run's own check")
    return ok and not missed, (
        "killed + fled + on the field = the start, every second"
        + (f"; missed: {', '.join(missed[:4])}" if missed else "")
    )


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


# -- Procopius: Belisarius holds while Ascan holds, rides, dismounts beside the infantry -------
HOLDS = 150.0
"""Metres Belisarius' household may shift while it holds: dressing ranks under arrows, not a
ride (its front alone is ~560 m)."""

SHOULDER = 60.0
"""Metres between the boxes round two formations' men that still count as one line. A shield
wall at --scale 10 has 6 m between its agents, a cavalry body 15 m; the infantry's wall is
~150 m across, and before this rule Belisarius stood 300-350 m from it."""


@rule("Belisarius holds while Ascan holds, then rides to the infantry")
def _holds_then_rides(r: Run) -> tuple[bool, str]:
    """Procopius, Wars I.18: he stays as long as Ascan's men hold out, then rides with his men
    to the infantry, dismounts and fights on foot with them. (Malalas: he leaves by boat.)"""
    if r.account != "procopius":
        return True, "Malalas: Belisarius leaves by boat (see the boat rule)"
    broke = r.first("rout", "ascan")
    dismount = r.first("dismount", "belisarius")
    if broke is None or dismount is None:
        return False, f"Ascan's men break {r.hhmm(broke)}; Belisarius dismounts {r.hhmm(dismount)}"
    still = r.centre("belisarius", r.tick("14:00"))
    moved = max(
        math.dist(still, c)
        for t, c in zip(r.ticks, r.series("belisarius", "centre"), strict=True)
        if r.tick("14:00") <= t < broke and c is not None
    )
    gap = r.box_gap("belisarius", "peter", dismount + r.rate * 5)
    ok = moved < HOLDS and broke < dismount and gap < SHOULDER
    return ok, (
        f"moves {moved:.0f} m before Ascan's men break at {r.hhmm(broke)} (under {HOLDS:.0f}); "
        f"dismounts {r.hhmm(dismount)}, {gap:.0f} m from Peter's men (under {SHOULDER:.0f})"
    )


@rule("the saviour stands shoulder to shoulder with the infantry")
def _shoulder(r: Run) -> tuple[bool, str]:
    """Procopius: Belisarius' men and Peter's stood packed together; Malalas: Sunicas and
    Simmas on foot at the river (beside the infantry is our reconstruction)."""
    formed = r.first("stand_formed", r.saviour)
    if formed is None:
        return False, f"{r.saviour} never locks shields"
    since = formed + 5 * r.rate  # once the wall has closed up
    gaps = [r.box_gap(r.saviour, "peter", t) for t in r.ticks if since <= t < r.tick("19:00")]
    worst = max(gaps) if gaps else math.inf
    return worst < SHOULDER, (
        f"{r.saviour} at most {worst:.0f} m from Peter's men, {r.hhmm(since)}-19:00 "
        f"(under {SHOULDER:.0f})"
    )


LEAVE_WITHIN = 30
"""Clock minutes after a body breaks by which its men are off the field, or still being cut
down: a rout is over in half an hour of the clock, one way or the other."""


@rule("broken bodies leave the field")
def _broken_leave(r: Run) -> tuple[bool, str]:
    """A body that breaks runs or dies; it does not linger beside the stand for hours (issue
    #14: Ascan's survivors and the last Isaurians did). From half an hour after it breaks to
    nightfall, at most a twentieth of its men are on the field, unless it is still losing men
    (ridden down as it runs)."""
    late = []
    for e in r.all("rout"):
        fid = e["formation"]
        start = r.formation(fid)["men_start"]
        by, night = r.tick_after(e["tick"], LEAVE_WITHIN), r.tick("19:00")
        for t in (t for t in r.ticks if by <= t < night):
            left = r.at(fid, "men", t)
            dying = r.at(fid, "killed", t) > r.at(fid, "killed", r.tick_after(t, -LEAVE_WITHIN))
            if left > 0.05 * start and not dying:
                late.append(f"{fid} {left:,} men at {r.hhmm(t)}")
                break
    return not late, f"lingering: {', '.join(late) or 'none'}"


@rule("the crossing ends on the island")
def _island(r: Run) -> tuple[bool, str]:
    """Procopius, Wars I.18: after dark Belisarius crosses to the island by boat and the rest
    reach it by swimming; boats take them to Callinicum only the next day."""
    wrong = []
    for e in r.all("crossing"):
        fid = e["formation"]
        ground = r.at(fid, "ground", r.end_tick)
        if ground not in ("island", None):
            wrong.append(f"{fid} ends on {ground}")
    return not wrong, f"at the end: {', '.join(wrong) or 'every crossing on the island'}"
