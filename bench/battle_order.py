"""The battle's key events and losses at a chosen scale, per account: does it follow the sources?

The tests check the sources' order at --scale 10 (fast); the museum shows 1:1. This prints, one
figure a line, when each key event happens and who falls, so the two can be compared by hand:

    python bench/battle_order.py              # 1:1, both accounts (~3 minutes on 2 cores)
    python bench/battle_order.py --scale 10
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

KEY_EVENTS = (
    ("rout", "harith"),
    ("rout", "lycaonians"),
    ("stand_formed", "peter"),
    ("dismount", "belisarius"),
    ("dismount", "sunicas"),
    ("commander_leaves", "belisarius"),
    ("rout", "belisarius"),
    ("rout", "sunicas"),
    ("rout", "harith_guard"),
    ("nightfall", None),
    ("crossing", "peter"),
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--account", action="append", help="default: every account")
    args = ap.parse_args()

    from game.app.cli import DEFAULT_SCENARIO
    from game.scenario.codes import Side
    from game.scenario.load import load_scenario
    from game.sim.tick import run_until
    from game.sim.world import build_world

    scenario = load_scenario(DEFAULT_SCENARIO)
    ids = [f.id for f in scenario.formations]
    clock = scenario.clock
    for account in args.account or list(scenario.accounts):
        world = build_world(scenario, scale=args.scale, account=account)
        run_until(world, clock.end_tick)

        def when(kind: str, fid: str | None, events=world.events) -> str:
            for e in events:
                if e.kind == kind and (
                    fid is None or (e.formation >= 0 and ids[e.formation] == fid)
                ):
                    return clock.time_of_day(e.tick / clock.tick_rate)
            return "-"

        print(f"{account} at scale {args.scale}:")
        for kind, fid in KEY_EVENTS:
            print(f"  {kind} {fid or ''}: {when(kind, fid)}")
        routs = [
            f"{ids[e.formation]} {clock.time_of_day(e.tick / clock.tick_rate)}"
            for e in world.events
            if e.kind == "rout"
        ]
        print(f"  every rout: {', '.join(routs) or 'none'}")
        fallen = [
            e.text.removesuffix(" falls.") for e in world.events if e.kind == "commander_falls"
        ]
        print(f"  commanders fallen: {', '.join(fallen) or 'none'}")
        f = world.formations
        for side in (Side.ROMAN, Side.PERSIAN):
            print(f"  {side.name.lower()} dead: {f.killed[f.side == side].sum():,.0f}")
        for k, fid in enumerate(ids):
            print(f"    {fid}: killed {f.killed[k]:,.0f}, fled {f.fled[k]:,.0f}")


if __name__ == "__main__":
    main()
