"""The battle's facts, key events and losses at a chosen scale, per account.

The tests judge the rules of `game/analysis/facts.py` at --scale 10 (fast); the museum shows
1:1. This runs the whole battle per account, writes its report, and prints every rule's pass or
fail with what was seen, then the key events and each formation's losses:

    python bench/battle_order.py              # 1:1, both accounts (~2+ minutes each on 2 cores)
    python bench/battle_order.py --scale 10
    python bench/battle_order.py --compare 10 # also the loss totals at 1:1 against --scale 10
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

KEY_EVENTS = (
    ("rout", "harith"),
    ("rout", "lycaonians"),
    ("stand_formed", "peter"),
    ("rout", "ascan"),
    ("dismount", "belisarius"),
    ("dismount", "sunicas"),
    ("commander_leaves", "belisarius"),
    ("rout", "belisarius"),
    ("rout", "sunicas"),
    ("rout", "harith_guard"),
    ("nightfall", None),
    ("crossing", "peter"),
)


def run(account: str, scale: int, strengths: str) -> dict:
    from game.app.cli import DEFAULT_SCENARIO
    from game.app.report import battle_report
    from game.scenario.load import load_scenario
    from game.sim.world import build_world
    from game.timeline.playback import Playback

    scenario = load_scenario(DEFAULT_SCENARIO)
    world = build_world(scenario, scale=scale, account=account, strengths=strengths)
    return battle_report(Playback(world), scenario.clock.end_tick)


def show(report: dict) -> None:
    from game.analysis.facts import check_facts
    from game.analysis.run import Run

    r = Run(report)
    print(f"{report['account']} at scale {report['scale']} ({report['strengths']} strengths):")
    facts = check_facts(report)
    for fact in facts:
        print(f"  {'pass' if fact.passed else 'FAIL'}  {fact.name}: {fact.detail}")
    print(f"  rules passed: {sum(f.passed for f in facts)} of {len(facts)}")
    for kind, fid in KEY_EVENTS:
        print(f"  {kind} {fid or ''}: {r.hhmm(r.first(kind, fid))}")
    routs = [f"{e['formation']} {e['time_of_day']}" for e in r.all("rout")]
    print(f"  every rout: {', '.join(routs) or 'none'}")
    fallen = [e["text"].removesuffix(" falls.") for e in r.all("commander_falls")]
    print(f"  commanders fallen: {', '.join(fallen) or 'none'}")
    for side in ("roman", "persian"):
        print(f"  {side} dead: {r.dead(side):,}")
    for f in report["formations"]:
        share = f["killed"] / max(f["men_start"], 1)
        print(
            f"    {f['id']}: killed {f['killed']:,} ({share:.0%}), fled {f['fled']:,}, "
            f"on the field {f['men_now']:,} of {f['men_start']:,}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--strengths", default="default", choices=("low", "default", "high"))
    ap.add_argument("--account", action="append", help="default: every account")
    ap.add_argument("--compare", type=int, default=None, help="also run this scale and compare")
    ap.add_argument("--save", type=Path, default=None, help="write each report to this folder")
    args = ap.parse_args()

    from game.analysis.facts import compare_scales

    for account in args.account or ["procopius", "malalas"]:
        report = run(account, args.scale, args.strengths)
        show(report)
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            out = args.save / f"{account}_scale{args.scale}.json"
            out.write_text(json.dumps(report, indent=1) + "\n")
        if args.compare:
            other = run(account, args.compare, args.strengths)
            for fact in compare_scales(report, other):
                print(f"  {'pass' if fact.passed else 'FAIL'}  {fact.name}: {fact.detail}")


if __name__ == "__main__":
    main()
