"""Headless mode: simulate to a time, then write a screenshot and/or a JSON report.

Used by tests, CI's smoke run and anyone who wants a still or a determinism record without a
window. The same scene code draws the screenshot as draws the window.
"""

from __future__ import annotations

import argparse
import io
import json
from dataclasses import dataclass
from pathlib import Path

from game.app.campaign import campaign_still, figures
from game.app.captions import programme_report, shown_captions
from game.app.cli import PartTime, chosen_accounts
from game.app.display import DEFAULT_SIZE
from game.app.languages import Languages
from game.app.options import OptionError
from game.app.report import battle_report
from game.app.writing import OutputError, output_problem, write_whole
from game.lang.languages import DEFAULT_LANGUAGE
from game.scenario.campaign import EPILOGUE, PROLOGUE, load_campaign_for
from game.scenario.geography import bundled_region
from game.scenario.load import load_scenario
from game.sim.world import build_world
from game.timeline.playback import Playback


def run_headless(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    (account,) = chosen_accounts(args, scenario)
    campaign = load_campaign_for(scenario, bundled_region())  # a bad file: refused before all
    inputs = (*scenario.files, *(campaign.files if campaign else ()))
    for what, target in (("--report", args.report), ("--screenshot", args.screenshot)):
        problem = target is not None and output_problem(target, inputs)
        if problem:  # before the battle is simulated, not after
            raise OutputError(what, target, problem)
    language = args.language or DEFAULT_LANGUAGE
    if args.language is not None:  # its texts are checked before the battle is simulated
        Languages(scenario, (language,), language)
    drawn = args.screenshot is not None or args.report is not None  # (a report's layout too)
    assets = _checked_assets() if drawn else None
    world = build_world(
        scenario, seed=args.seed, scale=args.scale, account=account, strengths=args.strengths
    )
    playback = Playback(world)
    moment = run_moment(args.until, scenario, campaign)

    size = args.size or DEFAULT_SIZE
    if args.report is not None:
        report = battle_report(playback, moment.battle_tick)
        report.update(layout_report(playback, size))
        report["programme"] = programme_report(campaign, world)
        report["captions"] = shown_captions(
            campaign, world, moment.battle_tick, moment.prologue, moment.epilogue, figures(world)
        )
        report["camera"] = camera_report(playback, size)
        text = json.dumps(report, indent=1) + "\n"
        write_whole("--report", args.report, text.encode(), inputs=inputs)
    else:
        playback.run_to(moment.battle_tick)

    if args.screenshot is not None:
        if moment.part is None:
            ui = not getattr(args, "no_ui", False)
            save_screenshot(playback, args.screenshot, size, assets, ui=ui, language=language)
        else:
            frame = campaign_still(playback, moment.part, moment.seconds, size, assets, language)
            write_png("--screenshot", args.screenshot, frame, inputs=inputs)
    if args.report is None and args.screenshot is None:
        print(f"{scenario.name}: simulated {world.tick} ticks; hash {world.state_hash()}")
    return 0


@dataclass(frozen=True)
class RunMoment:
    """Where a headless run stops on the programme: the battle's tick it simulates to, and, in
    the prologue or epilogue, how far into it (the captions and screenshot go that far)."""

    battle_tick: int
    part: str | None = None  # "prologue", "epilogue", or None: the battle's moment
    seconds: float = 0.0
    prologue: float | None = None  # captions: the prologue up to here (None: all of it)
    epilogue: float | None = None  # captions: the epilogue up to here (None: none of it)


def run_moment(until, scenario, campaign) -> RunMoment:
    """`--until` as a moment of the programme. Seconds are the battle's, as always; without
    `--until` the run is the whole programme (its captions run to the epilogue's end; the
    screenshot is the battle's last moment, as before); prologue:S and epilogue:S stop in the
    campaign (the battle at its first tick, or at its end)."""
    end = scenario.clock.end_tick
    if until is None:
        full = campaign.seconds(EPILOGUE) if campaign else None
        return RunMoment(end, epilogue=full)
    if not isinstance(until, PartTime):
        return RunMoment(min(end, round(until * scenario.clock.tick_rate)))
    if campaign is None:
        raise OptionError("--until", f"{scenario.path.name} has no prologue or epilogue")
    seconds = min(until.seconds, campaign.seconds(until.part))
    if until.part == PROLOGUE:
        return RunMoment(0, PROLOGUE, seconds, prologue=seconds)
    return RunMoment(end, EPILOGUE, seconds, epilogue=seconds)


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


def camera_report(playback: Playback, size: tuple[int, int]) -> dict:
    """The report's `camera`: the world rectangle (metres) the screenshot's frame shows, and
    its scale, for a `size` window."""
    from game.app.still import draw_still, visitor_camera

    camera = visitor_camera(playback, size)  # the screenshot's: clear of its own caption
    camera = visitor_camera(
        playback, size, drawn=draw_still(playback, size, camera, complete=False)[1]
    )
    x0, y0, x1, y1 = camera.visible_world_rect()
    return {
        "view": [round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1)],
        "scale": round(camera.scale, 4),
        "size": [camera.width, camera.height],
    }


def save_screenshot(
    playback: Playback,
    path: Path,
    size: tuple[int, int],
    assets=None,
    ui: bool = True,
    language: str = "en",
) -> None:
    """The frame a `size` window shows at this moment (the story camera's shot, HUD, captions,
    Story button, timeline bar, sized for that window: the same frame whose rectangles a
    report's `layout` lists) as a PNG, in `language`; with `ui` False the map alone."""
    import pygame

    from game.app.still import draw_map, draw_still
    from game.view.scene import Scene

    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode(size)
    world = playback.world
    if ui:
        canvas, _ = draw_still(
            playback, size, complete=True, scene=Scene(world.scenario, assets), language=language
        )
    else:
        canvas = draw_map(playback, size)
    write_png("--screenshot", path, canvas, inputs=world.scenario.files)


def write_png(what: str, path: Path, surface, *, inputs=()) -> None:
    """Encode `surface` as PNG in memory, then write it whole (`write_whole`): pygame's own
    save reports no error on a full disk and leaves a truncated file."""
    import pygame

    buffer = io.BytesIO()
    pygame.image.save(surface, buffer, "png")
    write_whole(what, path, buffer.getvalue(), inputs=inputs)
