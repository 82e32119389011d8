"""Command line: parse the options, start the right mode, turn bad input into one clear line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_SCENARIO = Path(__file__).resolve().parents[2] / "maps" / "callinicum" / "scenario.yaml"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python main.py",
        description="Callinicum 531: the Battle of Callinicum (19 April 531), animated from the "
        "sources. Opens a window by default.",
    )
    p.add_argument(
        "--scenario",
        type=Path,
        default=DEFAULT_SCENARIO,
        help="scenario YAML (default: maps/callinicum/scenario.yaml)",
    )
    p.add_argument(
        "--seed",
        type=_natural(0),
        default=None,
        help="random seed (default: the scenario's own, 531)",
    )
    p.add_argument(
        "--scale",
        type=_natural(1),
        default=1,
        help="men per simulated soldier: 1 = every man (default); 10 for slow machines",
    )
    p.add_argument(
        "--speed", type=float, default=1.0, help="initial playback speed, 0.25 to 16 (default 1)"
    )
    p.add_argument(
        "--account",
        default=None,
        help="whose account of the battle: procopius (default) or malalas; the A key switches",
    )
    p.add_argument(
        "--strengths",
        choices=("low", "default", "high"),
        default="default",
        help="the armies' size: low (20,000 Romans, 15,000 Persians), default (20,000 and "
        "20,000) or high (25,000 and 20,000), the seed's figures split per formation",
    )
    p.add_argument(
        "--headless",
        action="store_true",
        help="no window: simulate, then write --screenshot and/or --report",
    )
    p.add_argument(
        "--until",
        type=_seconds,
        default=None,
        help="with --headless: battle seconds to simulate (past the end = the end)",
    )
    p.add_argument(
        "--screenshot",
        type=Path,
        default=None,
        help="with --headless: write the frame at --until to this PNG",
    )
    p.add_argument(
        "--report",
        type=Path,
        default=None,
        help="with --headless: write a JSON report (hashes each battle-second, "
        "formations) to this path",
    )
    p.add_argument(
        "--check-determinism",
        action="store_true",
        help="no window: play the battle (to --until), then seek at random and print the first "
        "tick whose state hash differs from the straight run, or 'no divergence'; exit 1 or 0",
    )
    p.add_argument(
        "--kiosk",
        action="store_true",
        help="museum kiosk: fullscreen, touch, attract loop, idle reset, no way out but the "
        "staff exit (5 taps in the top-left corner, then the PIN)",
    )
    p.add_argument(
        "--kiosk-config",
        type=Path,
        default=None,
        help="with --kiosk: kiosk settings YAML (default: built-in; see deploy/kiosk.example.yaml)",
    )
    p.add_argument(
        "--size",
        type=_size,
        default=(1920, 1080),
        help="logical canvas WIDTHxHEIGHT (default 1920x1080)",
    )
    return p


def _natural(minimum: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if not minimum <= value <= 1_000_000_000:
            raise argparse.ArgumentTypeError(f"{value} must be between {minimum} and 1e9")
        return value

    return parse


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not 0 <= value < 1e7:
        raise argparse.ArgumentTypeError(f"{value} must be 0 or more battle seconds")
    return value


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not WIDTHxHEIGHT, e.g. 1920x1080") from None
    if not (320 <= w <= 7680 and 200 <= h <= 4320):
        raise argparse.ArgumentTypeError(f"{w}x{h} is outside 320x200 .. 7680x4320")
    return (w, h)


def run_check(args: argparse.Namespace) -> int:
    from game.scenario.load import load_scenario
    from game.timeline.check import check_determinism

    scenario = load_scenario(args.scenario)
    rate = scenario.clock.tick_rate
    until = None if args.until is None else round(args.until * rate)
    found = check_determinism(
        scenario, seed=args.seed, scale=args.scale, strengths=args.strengths, until_tick=until
    )
    print(found if found is not None else "no divergence")
    return 1 if found is not None else 0


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if args.kiosk and args.strengths != "default":
        p.error("--strengths: the kiosk always shows the default strengths")
    if args.headless:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from game.scenario.yamlsafe import DataError
    from game.view.fonts import MissingAsset

    try:
        if args.check_determinism:
            return run_check(args)
        if args.headless:
            from game.app.headless import run_headless

            return run_headless(args)
        if args.kiosk:
            from game.kiosk.run import run_kiosk

            return run_kiosk(args)
        from game.app.window import run_window

        return run_window(args)
    except (DataError, MissingAsset) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
