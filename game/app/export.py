"""Export mode: a clip of the battle rendered offline, frame by frame, into a video file.

`python main.py --export clip.webm --from 14:10 --to 14:40 --speed 4` plays the battle as the
window would at that speed, without a screen: each frame is the window's frame at that moment
of playback (the men interpolated between the two ticks around it exactly as the window does,
the interface as a visitor sees it, drawn by `game.app.still.draw_still`), and nothing depends
on the machine's speed, so every run gives the same frames. The file is written whole
(`game.app.writing.whole_file`): a refused or interrupted export leaves no partial file.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from game.app.cli import CLIP_SIZE, chosen_accounts
from game.app.clip import Clip, ClipError, Format, clock_text, format_for, layout_size, plan_clip
from game.app.clip_sim import Ahead, frame_tick, frame_ticks
from game.app.encode import VideoSink, require_av
from game.app.languages import Languages
from game.app.options import OptionError
from game.app.writing import OutputError, output_problem, whole_file
from game.lang.languages import DEFAULT_LANGUAGE
from game.scenario.load import load_scenario
from game.scenario.specs import Scenario
from game.sim.world import World, build_world
from game.timeline.playback import Playback

if TYPE_CHECKING:
    from game.app.frames import Follow  # pygame: imported when the frames are drawn

PROGRESS = {"mininterval": 0.5, "dynamic_ncols": True}


def run_export(args: argparse.Namespace, tour: Callable[[Scenario], Follow] | None = None) -> int:
    """The clip `args` ask for, its camera following `tour(scenario)` when given (the museum's
    tour, handed in by `game.start`: the app layer never imports the kiosk)."""
    require_av()  # before anything is loaded: the one line that says how to install it
    stop = StopSignal()
    scenario = load_scenario(args.scenario)
    follow = tour(scenario) if tour is not None else None  # a bad tour file: refused here
    code = args.language or DEFAULT_LANGUAGE
    language = (Languages(scenario, (code,), code), code)  # a damaged language file: here
    (account,) = chosen_accounts(args, scenario)
    fmt = format_for(args.export)
    size = args.size or CLIP_SIZE
    try:
        clip = plan_clip(scenario.clock, getattr(args, "from"), args.to, args.speed, args.fps)
    except ClipError as err:
        raise OptionError(err.flag, str(err)) from None
    problem = output_problem(args.export, scenario.files)
    if problem:  # before the battle is simulated, not after
        raise OutputError("--export", args.export, problem)
    from game.view.assets import load_assets

    assets = load_assets()  # a damaged asset stops the export here, in one line
    world = build_world(
        scenario, seed=args.seed, scale=args.scale, account=account, strengths=args.strengths
    )
    print(describe(clip, fmt, size, args), file=sys.stderr)
    with whole_file("--export", args.export, inputs=scenario.files) as tmp:
        record = export_clip(
            world, clip, fmt, size, tmp, assets, stop=stop, tour=follow, language=language
        )
    print(
        f"{args.export}: {clip.frames} frames, {float(clip.duration):.2f} s; ticks "
        f"{record.first_tick}..{record.last_tick}, state hash {record.state_hash}",
        file=sys.stderr,
    )
    return 0


class StopSignal:
    """SIGTERM ends an export as Ctrl+C does, through the code that removes its temporary file:
    the handler only takes note, and the next tick or frame stops (an exception raised in the
    handler itself is lost if it lands in a destructor that happens to be running)."""

    def __init__(self) -> None:
        self.signum: int | None = None
        signal.signal(signal.SIGTERM, self._note)

    def _note(self, signum: int, _frame) -> None:
        self.signum = signum

    def check(self) -> None:
        if self.signum is not None:
            raise SystemExit(128 + self.signum)


def describe(clip: Clip, fmt: Format, size: tuple[int, int], args: argparse.Namespace) -> str:
    """One line saying what the clip will be, before the long part starts."""
    rate = clip.tick_rate
    battle = (clip.end_tick - clip.first_tick) / rate
    return (
        f"clip {clock_text(getattr(args, 'from'))}-{clock_text(args.to)}: battle seconds "
        f"{clip.first_tick / rate:g}-{clip.end_tick / rate:g} ({battle:g} s) at "
        f"{float(clip.speed):g}x = {float(clip.duration):.2f} s, {clip.frames} frames at "
        f"{clip.fps} fps, {size[0]}x{size[1]}, {fmt.label}"
    )


@dataclass(frozen=True)
class ClipRecord:
    """What the file's metadata says about the frames in it."""

    first_tick: int
    last_tick: int  # the last tick simulated: the last frame shows the moment just before it
    state_hash: str  # the world's at `last_tick`
    camera: str = "fit"  # "tour": the museum's tour camera; "fit": the battle fitted, held
    language: str = "en"  # what the frames' words are in


def clip_metadata(world: World, clip: Clip, record: ClipRecord) -> dict[str, str]:
    """The container's tags: enough to make the same clip again and to check it is the same."""
    scenario = world.scenario
    clock = scenario.clock
    first = clock.time_of_day(record.first_tick / clip.tick_rate)
    return {
        "title": f"{scenario.name}, from {first} ({world.account})",
        "comment": "Rendered by Callinicum 531 from its simulation, frame by frame "
        "(python main.py --export); the tags say which run.",
        "scenario": scenario.path.name,
        "account": world.account,
        "seed": str(world.seed),
        "scale": str(world.scale),
        "strengths": world.strengths,
        "speed": f"{float(clip.speed):g}",
        "fps": str(clip.fps),
        "tick_rate": str(clip.tick_rate),
        "first_tick": str(record.first_tick),
        "last_tick": str(record.last_tick),
        "state_hash": record.state_hash,
        "camera": record.camera,
        "language": record.language,
    }


def show_moment(playback: Playback, moment: Fraction, ahead: Ahead | None = None) -> None:
    """Put the playback where the window stands while it shows `moment` (in ticks): the world
    at the tick after it, the tick before it kept for interpolation, and the clock's fraction
    between them (`Playback.positions`, `shown_tick`); stepped here, or restored from what
    `ahead` simulated."""
    tick = frame_tick(moment, playback.end_tick)
    if ahead is not None:
        ahead.bring(playback, tick)
    while playback.world.tick < tick:
        playback.step_once()
    alpha = min(max(moment - (tick - 1), 0), 1)
    playback.clock.accumulator = float(alpha) / playback.clock.tick_rate


def export_clip(
    world: World,
    clip: Clip,
    fmt: Format,
    size: tuple[int, int],
    path: Path,
    assets=None,
    progress: bool = True,
    stop: StopSignal | None = None,
    tour: Follow | None = None,
    language: tuple[Languages, str] | None = None,
) -> ClipRecord:
    """Render `clip` of `world` (at tick 0) into `path`, tagged; what its tags say."""
    from game.app.frames import ClipFrames

    playback = Playback(world, speed=float(clip.speed))
    ahead = Ahead(world)  # its interpreter starts while this one seeks
    try:
        frames = ClipFrames(playback, layout_size(size), assets, tour, language)
        seek_to_clip(playback, clip, progress, stop)
        return render_clip(playback, frames, clip, fmt, size, path, progress, stop, ahead)
    finally:
        ahead.close()


def seek_to_clip(
    playback: Playback, clip: Clip, progress: bool = True, stop: StopSignal | None = None
) -> None:
    """Simulate from the world's tick to the clip's first (the long part before the frames)."""
    from tqdm import tqdm

    world = playback.world
    start = clock_text(world.scenario.clock.minutes_of_day(clip.first_tick / clip.tick_rate))
    todo = clip.first_tick - world.tick
    with tqdm(
        total=todo,
        desc=f"seek to {start}",
        unit="tick",
        disable=not progress,
        file=sys.stderr,
        **PROGRESS,
    ) as bar:
        while world.tick < clip.first_tick:
            playback.step_once()
            bar.update()
            if stop is not None:
                stop.check()


def render_clip(
    playback: Playback,
    frames,
    clip: Clip,
    fmt: Format,
    size: tuple[int, int],
    path: Path,
    progress: bool = True,
    stop: StopSignal | None = None,
    ahead: Ahead | None = None,
) -> ClipRecord:
    """Draw and encode every frame of `clip` from the playback (at its first tick) into
    `path`, then write the file with its tags; the ticks between frames simulated by `ahead`
    (started by the caller, which closes it) while the frames are drawn, or here."""
    from tqdm import tqdm

    world = playback.world
    if ahead is not None:
        ahead.begin(world, frame_ticks(clip.moments(), playback.end_tick))
    sink = VideoSink(path, fmt, frames.size, size, clip.fps)
    try:
        with tqdm(
            total=clip.frames,
            desc="render",
            unit="frame",
            disable=not progress,
            file=sys.stderr,
            **PROGRESS,
        ) as bar:
            for i, moment in enumerate(clip.moments()):
                show_moment(playback, moment, ahead)
                sink.put(frames.draw(i / clip.fps))
                bar.update()
                if stop is not None:
                    stop.check()
    except BaseException:
        sink.abort()
        raise
    camera = "fit" if frames.tour is None else "tour"
    record = ClipRecord(clip.first_tick, world.tick, world.state_hash(), camera, frames.language)
    sink.close(clip_metadata(world, clip, record))
    return record
