"""Drive a real `main.py` run with scripted input, for `bench/hostile.py`.

    python bench/hostile_drive.py SCRIPT path/to/main.py [options...]

The program runs as it would from the command line (its own `main.py`, its own options, its own
exit status); only `pygame.event.get` is wrapped, so that on given loop turns it also returns the
script's events: a staff exit by the corner taps and the PIN, a zoom past the sprite threshold, a
window close, or a SIGTERM from "the supervisor". The SDL dummy driver has no input of its own,
so this is how a headless kiosk meets a visitor. Nothing here imports the program under test
before `main.py` runs: the same driver works on any commit.

SCRIPT is a name from `SCRIPTS`. A script that ends without the program leaving exits 99, so a
hung run is never mistaken for a handled one.
"""

from __future__ import annotations

import os
import runpy
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

PIN = "5310"  # the kiosk's documented default PIN (game/kiosk/config.py)
GRACE_FRAMES = 600  # loop turns allowed after the script's last step before giving up


def _events():
    import pygame

    ev = pygame.event.Event

    def key(k: int, text: str = "") -> list:
        return [ev(pygame.KEYDOWN, key=k, unicode=text, mod=0, scancode=0)]

    def tap(x: float, y: float) -> list:
        finger = {"touch_id": 1, "finger_id": 1, "x": x, "y": y, "dx": 0.0, "dy": 0.0}
        return [
            ev(pygame.FINGERDOWN, pressure=1.0, **finger),
            ev(pygame.FINGERUP, pressure=0.0, **finger),
        ]

    def wheel() -> list:
        return [
            ev(
                pygame.MOUSEWHEEL,
                x=0,
                y=1,
                precise_x=0.0,
                precise_y=1.0,
                flipped=False,
                touch=False,
                which=0,
            )
        ]

    def pin(text: str = PIN) -> list[list]:
        return [key(pygame.K_0 + int(d), d) for d in text] + [key(pygame.K_RETURN)]

    # the five corner taps in one loop turn: the gesture must fit 3 s, and a loaded machine
    # may run the kiosk at a few frames a second
    corner = [[e for _ in range(5) for e in tap(0.004, 0.006)]]
    return pygame, key, wheel, corner, pin


def _sigterm() -> list:
    os.kill(os.getpid(), signal.SIGTERM)
    return []


def _script(name: str) -> list[Callable[[], list]]:
    """One entry per loop turn (after a start of 20 quiet turns)."""
    pygame, key, wheel, corner, pin = _events()
    quiet = [list] * 20
    stay = [list] * 3

    def steps(*groups: list[list]) -> list[Callable[[], list]]:
        out: list[Callable[[], list]] = list(quiet)
        for group in groups:
            for evs in group:
                out.append(lambda evs=evs: list(evs))
                out.extend(stay)
        return out

    zoom = [key(pygame.K_SPACE)] + [wheel() for _ in range(20)]  # 1.18^20: x27, past 3 px/m
    wrong = [e for _ in range(5) for e in pin("0000")]
    scripts = {
        "quit": lambda: steps([[pygame.event.Event(pygame.QUIT)]]),
        "zoom-quit": lambda: steps(zoom, [[pygame.event.Event(pygame.QUIT)]]),
        "pin": lambda: steps(corner, pin()),
        "zoom-pin": lambda: steps(zoom, corner, pin()),
        "sigterm": lambda: [*quiet, _sigterm],
        "lockout-sigterm": lambda: [*steps(corner, wrong), _sigterm],
        # the first of two kiosks: stays up ~8 s of wall time (while the second tries), then leaves
        "hold-pin": lambda: [*quiet, _wait(8.0), *steps(corner, pin())],
    }
    return scripts[name]()


def _wait(seconds: float) -> Callable[[], list]:
    def wait() -> list:
        time.sleep(seconds)
        return []

    return wait


def main(argv: list[str]) -> int:
    name, main_py, *options = argv
    # the driver imports pygame first, so its banner would be the driver's: a driven run cannot
    # show whether the program prints it (the banner cases run without the driver)
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    sys.path.insert(0, str(Path(main_py).resolve().parent))
    import pygame

    steps = _script(name)
    real_get = pygame.event.get
    turn = 0

    def get(*args, **kwargs):
        nonlocal turn
        real = real_get(*args, **kwargs)
        turn += 1
        if turn <= len(steps):
            return steps[turn - 1]() + real
        if turn > len(steps) + GRACE_FRAMES:
            print(f"hostile_drive: script '{name}' ended and the program did not", file=sys.stderr)
            raise SystemExit(99)
        return real

    pygame.event.get = get
    sys.argv = [main_py, *options]
    try:
        runpy.run_path(main_py, run_name="__main__")
    except SystemExit as stop:
        code = stop.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
