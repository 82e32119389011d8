"""Which mode a run starts, and how a refusal ends it: the top of the layers.

`main` parses the options (`game.app.cli`), then starts the window, the headless run, the
determinism check, the kiosk or the export, and turns every refusal (a bad data file, option,
output or asset, a world too large, a second kiosk) into its one line on stderr and exit status 2.
It is the only module that imports both `game.app` and `game.kiosk`; only `main.py` imports it.
"""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner on stdout before a refusal

from game.app.cli import parse_options
from game.app.options import CHECK, EXPORT, HEADLESS, KIOSK
from game.scenario.errors import Refusal


def main(argv: list[str] | None = None) -> int:
    """Run one mode; 0 done, 1 a divergence (check) or an error, 2 refused, 130 interrupted."""
    try:
        args = parse_options(argv)
        if args.mode in (HEADLESS, CHECK, EXPORT):
            os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
            os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
        return start(args)
    except Refusal as err:
        print(err, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def start(args: argparse.Namespace) -> int:
    """The mode chosen by the options."""
    if args.mode == CHECK:
        from game.app.check import run_check

        return run_check(args)
    if args.mode == HEADLESS:
        from game.app.headless import run_headless

        return run_headless(args)
    if args.mode == EXPORT:
        from game.app.export import run_export
        from game.kiosk.tour import museum_tour

        return run_export(args, tour=museum_tour)  # a clip's camera is the attract loop's
    if args.mode == KIOSK:
        from game.kiosk.run import run_kiosk

        return run_kiosk(args)
    from game.app.window import run_window

    return run_window(args)
