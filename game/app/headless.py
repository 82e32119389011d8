"""Headless mode: simulate to a time, then write a screenshot and/or a JSON report.

Used by tests, CI's smoke run and anyone who wants a still or a determinism record without a
window. The same scene code draws the screenshot as draws the window.
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

from game.app.cli import chosen_accounts
from game.app.display import DEFAULT_SIZE
from game.app.report import battle_report
from game.app.writing import OutputError, output_problem, write_whole
from game.scenario.load import load_scenario
from game.sim.world import build_world
from game.timeline.playback import Playback


def run_headless(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    (account,) = chosen_accounts(args, scenario)
    for what, target in (("--report", args.report), ("--screenshot", args.screenshot)):
        problem = target is not None and output_problem(target, scenario.files)
        if problem:  # before the battle is simulated, not after
            raise OutputError(what, target, problem)
    drawn = args.screenshot is not None or args.report is not None  # (a report's layout too)
    assets = _checked_assets() if drawn else None
    world = build_world(
        scenario, seed=args.seed, scale=args.scale, account=account, strengths=args.strengths
    )
    playback = Playback(world)
    end = scenario.clock.end_tick
    until = end if args.until is None else min(end, round(args.until * scenario.clock.tick_rate))

    size = args.size or DEFAULT_SIZE
    if args.report is not None:
        report = battle_report(playback, until)
        report.update(layout_report(playback, size))
        text = json.dumps(report, indent=1) + "\n"
        write_whole("--report", args.report, text.encode(), inputs=scenario.files)
    else:
        playback.run_to(until)

    if args.screenshot is not None:
        save_screenshot(playback, args.screenshot, size, assets)
    if args.report is None and args.screenshot is None:
        print(f"{scenario.name}: simulated {world.tick} ticks; hash {world.state_hash()}")
    return 0


def layout_report(playback: Playback, size: tuple[int, int]) -> dict:
    """The report's `layout`: every leaf of the interface a `size` window would show at this
    moment, name -> [x, y, w, h] px; and `layout_size`, that window's size."""
    import pygame

    from game.app.still import draw_still

    pygame.display.init()
    pygame.display.set_mode(size)
    _, layout = draw_still(playback, size, complete=False)
    return {"layout_size": list(size), "layout": layout.report()}


def _checked_assets():
    """Fonts and sprites, checked before the battle is simulated for what will be drawn."""
    from game.view.assets import load_assets

    return load_assets()


def save_screenshot(playback: Playback, path: Path, size: tuple[int, int], assets=None) -> None:
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
    scene = Scene(world.scenario, assets)
    scene.draw(canvas, camera, playback, ViewOptions(hint=""), complete=True)
    write_png("--screenshot", path, canvas, inputs=world.scenario.files)


def write_png(what: str, path: Path, surface, *, inputs=()) -> None:
    """Encode `surface` as PNG in memory, then write it whole (`write_whole`): pygame's own
    save reports no error on a full disk and leaves a truncated file."""
    import pygame

    buffer = io.BytesIO()
    pygame.image.save(surface, buffer, "png")
    write_whole(what, path, buffer.getvalue(), inputs=inputs)
