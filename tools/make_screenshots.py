"""Regenerate the README's pictures: the hero image and six moments of each account.

Run from the repository root:  python tools/make_screenshots.py [--scale 1] [--out DIR]

Each account's battle is simulated once, straight through, and the frame a visitor sees is
saved at six moments (deployment, archery, the blow, the collapse, the stand, nightfall): the
story camera's shot, the captions and the timeline bar, exactly as `main.py --headless
--screenshot` draws them. The six are put side by side in one strip per account
(`strip_<account>.jpg`); the hero image (`hero.jpg`) is one of them at full size. `--full DIR`
also keeps every moment at full size as PNG. At 1:1 (the default, what the museum shows) it
takes a few minutes: the battle is simulated twice, once per account.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pygame

ROOT = Path(__file__).resolve().parents[1]
MOMENTS = (
    ("deployment", "11:10"),
    ("archery", "13:00"),
    ("the blow", "14:14"),
    ("the collapse", "14:40"),
    ("the stand", "16:30"),
    ("nightfall", "19:12"),
)
"""The six moments of each account's strip, by time of day (the clock of the scenario)."""
HERO = ("procopius", "the stand")
THUMB = (640, 360)  # each moment in a strip
GAP = 8
STRIP_GROUND = (22, 24, 28)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale", type=int, default=1, help="men per simulated soldier (default 1)")
    p.add_argument("--out", type=Path, default=ROOT / "assets" / "screenshots")
    p.add_argument("--size", default="1920x1080", help="frame size (default 1920x1080)")
    p.add_argument("--full", type=Path, default=None, help="also keep full-size PNGs here")
    return p.parse_args(argv)


def minutes(hhmm: str) -> float:
    h, m = hhmm.split(":")
    return int(h) * 60.0 + int(m)


def shoot_account(scenario, account: str, args, size) -> dict[str, pygame.Surface]:
    """Simulate `account` once and grab its six moments."""
    from game.app.still import draw_still
    from game.sim.world import build_world
    from game.timeline.playback import Playback
    from game.view.scene import Scene

    playback = Playback(build_world(scenario, scale=args.scale, account=account))
    scene = Scene(scenario)
    rate = scenario.clock.tick_rate
    frames = {}
    for name, when in MOMENTS:
        tick = round(scenario.clock.seconds_at(minutes(when)) * rate)
        started = time.perf_counter()
        playback.run_to(tick)
        frames[name] = draw_still(playback, size, scene=scene)[0]
        print(
            f"{account:10s} {when} {name:13s} ({time.perf_counter() - started:.0f} s)", flush=True
        )
    return frames


def strip(frames: dict[str, pygame.Surface], fonts) -> pygame.Surface:
    """The six moments side by side, each with its name over it."""
    w, h = THUMB
    out = pygame.Surface((len(frames) * (w + GAP) - GAP, h))
    out.fill(STRIP_GROUND)
    for k, (name, frame) in enumerate(frames.items()):
        out.blit(pygame.transform.smoothscale(frame, THUMB), (k * (w + GAP), 0))
        label = fonts.render(name.capitalize(), "sans-bold", 26, (242, 236, 222))
        box = label.get_rect(topleft=(k * (w + GAP) + 10, 10)).inflate(16, 8)
        pygame.draw.rect(out, STRIP_GROUND, box, border_radius=6)
        out.blit(label, (box.x + 8, box.y + 4))
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    from game.app.cli import DEFAULT_SCENARIO
    from game.scenario.load import load_scenario
    from game.view.fonts import Fonts

    size = tuple(int(v) for v in args.size.lower().split("x"))
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode(size)
    scenario = load_scenario(DEFAULT_SCENARIO)
    fonts = Fonts()
    args.out.mkdir(parents=True, exist_ok=True)
    for account in scenario.accounts:
        frames = shoot_account(scenario, account, args, size)
        _save(strip(frames, fonts), args.out / f"strip_{account}.jpg")
        if account == HERO[0]:
            _save(frames[HERO[1]], args.out / "hero.jpg")
        if args.full is not None:
            args.full.mkdir(parents=True, exist_ok=True)
            for name, frame in frames.items():
                _save(frame, args.full / f"{account}_{name.replace(' ', '_')}.png")
    print(f"written to {args.out}")
    return 0


def _save(surface: pygame.Surface, path: Path) -> None:
    """Write atomically (a .jpg is JPEG at SDL_image's quality, 90)."""
    tmp = path.with_name(path.stem + ".tmp" + path.suffix)
    pygame.image.save(surface, str(tmp))
    tmp.replace(path)


if __name__ == "__main__":
    raise SystemExit(main())
