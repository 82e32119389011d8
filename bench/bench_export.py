"""Export benchmark: frames a second of `python main.py --export` at 1080p (issue #17, target 20).

Builds the world (1:1 by default), starts the export's simulation process (`game.app.clip_sim`,
as `export_clip` does: before the seek), seeks to `--from` (its own figure: simulating from
tick 0, once per clip, not per frame), then renders the clip exactly as the export does
(`game.app.export.render_clip`, the camera following the museum's tour as `game.start` hands it
in; `--held` fits the battle and holds it instead) into a temporary file and times it from the
first frame to the file closed. Per frame: the process ahead simulates the ticks between frames
(`--speed` x 20 / `--fps` ticks) and sends the world, this process restores it, draws the frame
(map, men, HUD, bar) and hands its pixels to the encoder thread, which converts them and
encodes them with FFmpeg's threads, all at the same time on different frames; and, once,
flushing the encoder and writing the file. It excludes building the world, loading the assets
and the seek. `--inline` simulates between frames in this process instead (the export before
the process ahead: for A/B on the same load). The CPU of each part a frame is printed beside
it, and the load average: on a busy shared machine the wall figure is what the others leave;
re-measure on a quiet one.

    python bench/bench_export.py              # 1:1, 14:10-14:40 at 4x, 30 fps, .webm
    python bench/bench_export.py --format .mp4 --speed 1 --to 14:20
    python bench/bench_export.py --scale 10 --frames 60
    python bench/bench_export.py --inline     # the ticks stepped between frames, here
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_FPS = 20.0


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def process_cpu(pid: int) -> float:
    """CPU seconds a live process has used so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--from", dest="start", default="14:10")
    ap.add_argument("--to", dest="stop", default="14:40")
    ap.add_argument("--speed", type=float, default=4.0)
    ap.add_argument("--fps", type=int, default=30)
    ap.add_argument("--size", default="1920x1080")
    ap.add_argument("--format", default=".webm", choices=(".webm", ".mp4", ".gif"))
    ap.add_argument("--frames", type=int, default=None, help="render only the first N frames")
    ap.add_argument("--account", default="procopius")
    ap.add_argument("--codec", help="another FFmpeg encoder (e.g. libvpx-vp9), to compare")
    ap.add_argument("--options", default="", help="its options, k=v,k=v")
    ap.add_argument("--held", action="store_true", help="the battle fitted and held, no tour")
    ap.add_argument(
        "--inline", action="store_true", help="simulate between frames here (no process ahead)"
    )
    args = ap.parse_args()

    from dataclasses import replace

    from game.app import export
    from game.app.cli import DEFAULT_SCENARIO
    from game.app.clip import FORMATS, layout_size, plan_clip, time_of_day
    from game.app.clip_sim import Ahead
    from game.app.export import render_clip, seek_to_clip
    from game.app.frames import ClipFrames
    from game.app.options import size as parse_size
    from game.kiosk.tour import museum_tour
    from game.scenario.load import load_scenario
    from game.sim.world import build_world
    from game.timeline.playback import Playback

    scenario = load_scenario(DEFAULT_SCENARIO)
    size = parse_size(args.size)
    fmt = FORMATS[args.format]
    if args.codec:
        pairs = tuple(tuple(kv.split("=", 1)) for kv in args.options.split(",") if kv)
        fmt = replace(fmt, codec=args.codec, options=pairs, label=f"{args.codec} {args.options}")
    clip = plan_clip(
        scenario.clock, time_of_day(args.start), time_of_day(args.stop), args.speed, args.fps
    )
    if args.frames is not None:
        clip = replace(clip, frames=min(clip.frames, args.frames))
    world = build_world(scenario, scale=args.scale, account=args.account)
    playback = Playback(world, speed=args.speed)
    tour = None if args.held else museum_tour(scenario)  # the export's camera (game.start)
    frames = ClipFrames(playback, layout_size(size), tour=tour)
    print(
        f"{world.soldiers.pos.shape[1]:,} agents (scale {args.scale}); {clip.frames} frames "
        f"{args.start}-{args.stop} at {args.speed:g}x, {args.fps} fps, {args.size}, {fmt.label}, "
        f"camera {'held' if args.held else 'tour'}",
        flush=True,
    )

    ahead = None if args.inline else Ahead(world)  # as export_clip: started before the seek
    wall, cpu = time.perf_counter(), cpu_seconds()
    seek_to_clip(playback, clip, progress=False)
    seek_wall, seek_cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    print(
        f"seek to {args.start} ({clip.first_tick:,} ticks from 09:30): measured {seek_wall:.1f} s "
        f"({seek_cpu:.1f} s CPU), not part of the frame rate (no target)",
        flush=True,
    )

    parts = dict.fromkeys(("world", "draw", "hand"), 0.0)  # main-thread CPU by part

    def timed(part, fn):
        def run(*a, **kw):
            t = time.thread_time()
            try:
                return fn(*a, **kw)
            finally:
                parts[part] += time.thread_time() - t

        return run

    export.show_moment = timed("world", export.show_moment)
    frames.draw = timed("draw", frames.draw)
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        path = Path(folder) / f"clip{fmt.suffix}"
        ahead_pid = ahead.pid if ahead is not None else None
        ahead_cpu = process_cpu(ahead_pid) if ahead_pid else 0.0  # its start: not counted
        wall, cpu, main_cpu = time.perf_counter(), cpu_seconds(), time.thread_time()
        sinks = []
        real_sink = export.VideoSink

        def sink(*a):
            sinks.append(real_sink(*a))
            sinks[-1].put = timed("hand", sinks[-1].put)
            return sinks[-1]

        export.VideoSink = sink
        render_clip(playback, frames, clip, fmt, size, path, progress=False, ahead=ahead)
        wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        main_cpu = time.thread_time() - main_cpu
        ahead_cpu = (process_cpu(ahead_pid) - ahead_cpu) if ahead_pid else 0.0
        kib = path.stat().st_size / 1024
    if ahead is not None:
        ahead.close()
    fps = clip.frames / wall
    verdict = "met" if fps >= TARGET_FPS else "missed"
    print(
        f"export {args.size} frames a second: measured {fps:.1f}, target {TARGET_FPS:g}: {verdict}"
    )
    n = clip.frames
    ms = {k: v / n * 1e3 for k, v in parts.items()}
    encoder_ms = sinks[0].encoder_cpu / n * 1e3
    ffmpeg_ms = (cpu - main_cpu - sinks[0].encoder_cpu) / n * 1e3
    print(
        f"  a frame: {wall / n * 1e3:.1f} ms wall, {cpu / n * 1e3:.1f} ms CPU in this process; "
        f"{kib:,.0f} KiB; load average {', '.join(f'{v:.1f}' for v in os.getloadavg())} on "
        f"{os.cpu_count()} cores"
    )
    print(
        f"  CPU a frame: main thread {main_cpu / n * 1e3:.1f} ms (the world "
        f"{'stepped' if ahead is None else 'restored'} {ms['world']:.1f}, drawing "
        f"{ms['draw']:.1f}, handing over {ms['hand']:.1f}); encoder thread {encoder_ms:.1f} "
        f"(scaling, converting); FFmpeg's threads {ffmpeg_ms:.1f} (encoding)"
        + (
            ""
            if ahead is None
            else f"; simulation process {ahead_cpu / n * 1e3:.1f} (stepping, sending)"
        )
    )
    total_ms = (cpu + ahead_cpu) / n * 1e3
    bound = max(main_cpu / n * 1e3, total_ms / (os.cpu_count() or 1))
    print(
        f"  on {os.cpu_count()} otherwise idle cores at these CPU costs, at most about "
        f"{1000 / bound:.0f} frames a second (the main thread alone, or all the CPU shared "
        "out: an estimate, not the measurement above)"
    )


if __name__ == "__main__":
    main()
