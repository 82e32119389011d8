"""`--check-determinism`: the straight run against random seeks, for one account or all.

Each account checked prints its own lines, prefixed with its name, and its verdict; the exit
status is 1 if any account diverged (the first divergent tick is named), else 0.
"""

from __future__ import annotations

import argparse

from game.app.cli import chosen_accounts
from game.scenario.load import load_scenario
from game.timeline.check import check_determinism


def run_check(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    accounts = chosen_accounts(args, scenario)
    rate = scenario.clock.tick_rate
    until = None if args.until is None else round(args.until * rate)
    diverged = 0
    for account in accounts:
        found = check_determinism(
            scenario,
            seed=args.seed,
            scale=args.scale,
            account=account,
            strengths=args.strengths,
            until_tick=until,
            say=lambda line, account=account: print(f"{account}: {line}"),
        )
        print(f"{account}: {found if found is not None else 'no divergence'}", flush=True)
        diverged += found is not None
    return 1 if diverged else 0
