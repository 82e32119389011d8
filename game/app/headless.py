"""Headless mode: simulate to a time, then write a screenshot and/or a JSON report.

Used by tests, CI's smoke run and anyone who wants a still or a determinism record without a
window. The same scene code draws the screenshot as draws the window.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from game.app.report import battle_report
from game.scenario.load import load_scenario
from game.scenario.yamlsafe import DataError
from game.sim.world import build_world
from game.timeline.playback import Playback


def run_headless(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    account = getattr(args, "account", None) or scenario.default_account
    if account not in scenario.accounts:
        raise DataError(
            scenario.path,
            0,
            0,
            "accounts",
            f"no account '{account}'; known: {', '.join(scenario.accounts)}",
        )
    strengths = getattr(args, "strengths", "default")
    world = build_world(
        scenario, seed=args.seed, scale=args.scale, account=account, strengths=strengths
    )
    playback = Playback(world, speed=args.speed)
    end = scenario.clock.end_tick
    until = end if args.until is None else min(end, round(args.until * scenario.clock.tick_rate))

    if args.report is not None:
        report = battle_report(playback, until)
        _write(args.report, json.dumps(report, indent=1) + "\n")
    else:
        playback.run_to(until)

    if args.screenshot is not None:
        save_screenshot(playback, args.screenshot, args.size)
    if args.report is None and args.screenshot is None:
        print(f"{scenario.name}: simulated {world.tick} ticks; hash {world.state_hash()}")
    return 0


def save_screenshot(playback: Playback, path: Path, size: tuple[int, int]) -> None:
    import pygame

    from game.view.camera import Camera
    from game.view.scene import Scene, ViewOptions, battle_bounds

    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode(size)
    canvas = pygame.Surface(size)
    world = playback.world
    camera = Camera(0, 0, 1.0, *size)
    camera.fit(*battle_bounds(world.soldiers.pos, world.soldiers.state))
    camera.clamp_to(world.scenario.map.width_m, world.scenario.map.height_m)
    Scene(world.scenario).draw(canvas, camera, playback, ViewOptions(hint=""), complete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(canvas, str(path))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text)
    tmp.replace(path)
