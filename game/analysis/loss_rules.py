"""Plausible losses for cavalry armies of the period. The sources give no numbers: Procopius
says only that the Persian dead were no fewer than the Roman (Wars I.18), which cost Azarethes
his honour, and that Ascan's 800 and nearly all the Lycaonians fell. The thresholds here are our
reasoning, each written beside it, never fitted to a run.
"""

from __future__ import annotations

from game.analysis.registry import Fact, rule
from game.analysis.run import Run

HELD_AT_MOST = 0.5
"""A body that never broke loses less than half its men killed: men who stay in ranks are not
cut down to the last but by the rout that follows a break (Sabin, history brief section 6:
"rout causes most deaths"). Before issue #14 the Persian right lost 83-87 % at 1:1, and kept
charging."""

AT_ONCE_MINUTES = 10
"""A body "flees at once" when it breaks within ten minutes of the clock of the first charge at
it (Procopius: the Arabs "all immediately turned to flight")."""

FEW = 0.2
"""...and then loses few: at most one man in five, a short pursuit (Procopius) of horsemen who
rode off at the first blow, against 40 % and more for the bodies that stood and fought (Ascan's
800 of ~2,000). Before issue #14 the Ghassanids lost 40 %."""


@rule("a body that never broke does not lose half its men")
def _held(r: Run) -> tuple[bool, str]:
    broke = {e["formation"] for e in r.all("rout")}
    worst = []
    for f in r.report["formations"]:
        share = f["killed"] / max(f["men_start"], 1)
        if f["id"] not in broke and share >= HELD_AT_MOST:
            worst.append(f"{f['id']} {share:.0%}")
    listed = ", ".join(worst) or "none"
    return not worst, f"over {HELD_AT_MOST:.0%} killed without breaking: {listed}"


@rule("a mounted body that flees at once loses few")
def _at_once(r: Run) -> tuple[bool, str]:
    seen = []
    ok = True
    for e in r.all("rout"):
        fid = e["formation"]
        charged = r.first("charge", target=fid)
        if charged is None or not 0 <= r.minutes(e["tick"]) - r.minutes(charged) <= AT_ONCE_MINUTES:
            continue
        if not r.mounted(fid):
            continue  # men on foot are ridden down (the Lycaonians, Procopius)
        f = r.formation(fid)
        share = f["killed"] / max(f["men_start"], 1)
        ok &= share <= FEW
        seen.append(f"{fid} {share:.0%}")
    return ok, f"fled at once: {', '.join(seen) or 'none'} (at most {FEW:.0%} killed)"


@rule("the Persian dead are not fewer than the Roman")
def _persian_dead(r: Run) -> tuple[bool, str]:
    """Procopius I.18: the Persians found their dead no fewer than the Romans'."""
    roman, persian = r.dead("roman"), r.dead("persian")
    return persian >= roman > 0, f"Roman dead {roman:,}, Persian dead {persian:,}"


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
