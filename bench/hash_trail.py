"""State hashes along whole battles, to prove a faster tick changes no bit of the simulation.

Records `World.state_hash()` every `--every` ticks for several worlds (both accounts at 1:1,
scale 10, the `high` strengths), one line a hash, or compares a fresh run against a file
written earlier from main's code, and names the first tick that differs.

    python bench/hash_trail.py --write /work/team/r11/sim/hashes_main.txt   # from main
    python bench/hash_trail.py --check /work/team/r11/sim/hashes_main.txt   # after a change
    python bench/hash_trail.py --check FILE --cases p1                      # one world only
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CASES: dict[str, tuple[dict, int | None, int]] = {
    # name: (build_world keywords, last tick or None for the battle's end, ticks between hashes)
    "p1": ({"account": "procopius"}, None, 25),
    "m1": ({"account": "malalas"}, None, 25),
    "p10": ({"account": "procopius", "scale": 10}, None, 10),
    "m10": ({"account": "malalas", "scale": 10}, None, 10),
    "ph": ({"account": "procopius", "strengths": "high"}, 6000, 25),
}
"""The worlds hashed: whole battles where it is affordable, the `high` strengths over the
first 6,000 ticks (the approach, the archery and the melee)."""


def trail(name: str) -> list[str]:
    """`name tick hash` lines for one case, from tick 0 to its last tick."""
    from game.app.cli import DEFAULT_SCENARIO
    from game.scenario.load import load_scenario
    from game.sim.tick import step
    from game.sim.world import build_world

    kw, last, every = CASES[name]
    scenario = load_scenario(DEFAULT_SCENARIO)
    world = build_world(scenario, **kw)
    end = scenario.clock.end_tick if last is None else last
    lines = []
    while True:
        if world.tick % every == 0 or world.tick == end:
            lines.append(f"{name} {world.tick} {world.state_hash()}")
        if world.tick >= end:
            return lines
        step(world)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="record the hashes to this file")
    group.add_argument("--check", type=Path, help="compare against hashes recorded earlier")
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated case names")
    args = ap.parse_args()
    names = args.cases.split(",")
    if args.write:
        out = []
        for name in names:
            t = time.process_time()
            out += trail(name)
            print(f"{name}: {time.process_time() - t:.1f} s CPU", flush=True)
        args.write.write_text("\n".join(out) + "\n")
        print(f"wrote {len(out)} hashes to {args.write}")
        return
    want: dict[str, list[str]] = {}
    for line in args.check.read_text().splitlines():
        want.setdefault(line.split()[0], []).append(line)
    bad = 0
    for name in names:
        t = time.process_time()
        got = trail(name)
        diff = [(w, g) for w, g in zip(want[name], got, strict=True) if w != g]
        took = time.process_time() - t
        if diff:
            bad += 1
            print(f"{name}: DIFFERS from tick {diff[0][1].split()[1]} ({len(diff)} of {len(got)})")
        else:
            print(f"{name}: {len(got)} hashes identical ({took:.1f} s CPU)", flush=True)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
