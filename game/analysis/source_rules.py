"""Faithful to the account shown: what it cites, what it tells when, and who goes by water.

Each event and caption cites the account it belongs to (issue #14): that author, or our
reconstruction, or a modern one, or the other author named as borrowed in the account's own
words ("Malalas is silent here; after Procopius").
"""

from __future__ import annotations

from game.analysis.registry import rule
from game.analysis.run import Run

AUTHORS = {"procopius": "Procopius", "malalas": "Malalas"}


def fits(account: str, basis: str, ref: str) -> bool:
    """Whether a citation belongs in `account`'s telling."""
    author = AUTHORS.get(account, account.title())
    if basis == account:
        return author in ref
    if basis == "reconstruction":
        return "reconstruction" in ref.lower()
    if basis == "modern":
        return bool(ref.strip())
    return author in ref  # another author: only as borrowed, saying so in this account's name


@rule("every event and caption cites the account shown")
def _cited(r: Run) -> tuple[bool, str]:
    wrong = [
        f"{e['kind']} {e['formation'] or ''} at {e['time_of_day']} cites {e['source']!r}"
        for e in r.events
        if not fits(r.account, e.get("basis", ""), e["source"])
    ]
    wrong += [
        f"caption {p['id']} cites {p['source']!r}"
        for p in r.report["phases"]
        if not fits(r.account, p["basis"], p["source"])
    ]
    wrong += [  # the prologue's and epilogue's, where the report has the programme's captions
        f"caption {c['id']} cites {c['source']!r}"
        for c in r.report.get("captions", ())
        if c["part"] != "battle" and not fits(r.account, c["basis"], c["source"])
    ]
    return not wrong, "; ".join(wrong[:3]) or f"all cite {AUTHORS.get(r.account, r.account)}"


TOLD_WITHIN = 10
"""Clock minutes between a dismount and the caption that tells it (before issue #14 the
Procopian caption came 45 minutes early)."""


@rule("the caption that tells the dismount comes with it")
def _dismount_caption(r: Run) -> tuple[bool, str]:
    """The caption shown (its phase as the event log begins it) that says they dismount."""
    names = {p["name"] for p in r.report["phases"] if "dismount" in p["caption"].lower()}
    told = [e["tick"] for e in r.events if e["kind"] == "phase" and e["text"] in names]
    seen = []
    ok = bool(told)
    for e in r.all("dismount"):
        gap = min(abs(r.minutes(e["tick"]) - r.minutes(t)) for t in told) if told else 99
        ok &= gap <= TOLD_WITHIN
        seen.append(f"{e['formation']} {e['time_of_day']}, caption {gap:.0f} min away")
    return ok and bool(seen), f"{'; '.join(seen) or 'no dismount'} (within {TOLD_WITHIN})"


PARTY_AT_MOST = 50
"""Men who may go with Belisarius in his boat: Malalas' "a few men" (issue #14), with room for
one agent of ten at --scale 10 on each side of a crew of twenty."""


@rule("before dark only Belisarius goes by water, with a few men")
def _by_water(r: Run) -> tuple[bool, str]:
    """Malalas: Belisarius takes his standard and a boat with a few men; his household stays on
    the field. Procopius: nobody crosses before dark. Nobody swims before nightfall either."""
    night = r.tick("19:00")
    wet = []
    for fid in r.roman_ids():
        most = max(w for t, w in zip(r.ticks, r.series(fid, "in_water"), strict=True) if t < night)
        if most > 0:
            wet.append(f"{fid} {most:,}")
    early = [e for e in r.all("crossing") if e["tick"] < night]
    boats = [e for e in r.all("commander_leaves") if e["tick"] < night]
    detail = f"in the water before dark: {', '.join(wet) or 'nobody'}"
    if r.account != "malalas":
        return not wet and not early and not boats, detail + f"; boats before dark: {len(boats)}"
    if len(boats) != 1 or boats[0]["formation"] != "belisarius":
        return False, detail + f"; boats before dark: {[e['formation'] for e in boats]}"
    went = r.at("belisarius", "fled", night - 1)
    stays = r.at("belisarius", "men", night - 1)
    start = r.formation("belisarius")["men_start"]
    ok = not wet and not early and went <= PARTY_AT_MOST and stays >= start / 2
    return ok, detail + (
        f"; Belisarius leaves {r.hhmm(boats[0]['tick'])} with {went - 1} men "
        f"(at most {PARTY_AT_MOST}); {stays:,} of his household still on the field at dark"
    )
