"""Soak benchmark (goal G1): many attract loops headless on a virtual clock; memory must stay flat.

Prints one figure a line. Not a test: run it by hand or nightly.

    python bench/soak.py                                # 50 cycles, 1:1 scale, 4 frames/battle s
    python bench/soak.py --cycles 50 --scale 10 --fps 4

Each cycle is one attract loop: the prologue, the battle from the first tick at 1x, the
epilogue, the `END_HOLD_S` rest on its end, and the restart. The virtual clock moves 1/fps s a
frame (at most the playback's 0.25 s clamp), so a cycle takes ~740 x fps frames instead of
44,600 at 60 Hz. The
pre-computation worker runs, as on the floor, and fills the keyframe store in the warm-up.

After `--warmup` cycles (caches and keyframes fill) it prints per cycle: RSS (kB), open fds,
OS threads, `len(gc.get_objects())` after a collection, p99 frame time (ms) and keyframe bytes;
at the end the RSS slope (least squares, kB/cycle), total RSS growth, fd and thread deltas, the
gc object change (%), and tracemalloc's top-10 growth between the first measured cycle and the
last. G1: slope <= 50 kB/cycle, growth <= 5 MB, fds/threads unchanged, gc objects within +-1 %.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.kiosk_harness import MAX_FRAME_SECONDS, Kiosk, open_kiosk, resources
from game.kiosk.session import END_HOLD_S
from game.view.fonts import TEXT_CACHE_ENTRIES
from game.view.sprites import SCALED_CACHE_CAP

SLOPE_GOAL_KB = 50.0
GROWTH_GOAL_KB = 5 * 1024
GC_GOAL_PCT = 1.0


@dataclass(frozen=True, slots=True)
class CycleFigures:
    cycle: int
    rss_kb: int
    fds: int
    threads: int
    gc_objects: int
    p99_ms: float
    keyframe_bytes: int
    frames: int
    seconds: float
    caches: str


def attract_cycle(kiosk: Kiosk, frame_s: float) -> list[float]:
    """Step frames until the attract loop begins again; the frames' wall times (s).

    Refuses to spin for ever: a cycle that has not ended after ten times its expected frames
    (the programme at 1x plus the rest on its end) is a bug in the loop, not a slow machine."""
    app = kiosk.app
    start = app.session.cycles
    seg = app.window.programme.segments  # the prologue, the battle and the epilogue
    expected = ((seg.last - seg.first) / seg.tick_rate + END_HOLD_S) / frame_s
    times: list[float] = []
    while app.session.cycles == start:
        times.append(kiosk.step(frame_s))
        if len(times) > 10 * expected + 1000:
            raise RuntimeError(f"attract cycle did not end after {len(times)} frames")
    return times


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def slope(ys: list[float]) -> float:
    """Least-squares slope of ys against 0, 1, 2, ... (per cycle)."""
    n = len(ys)
    if n < 2:
        return 0.0
    mx = (n - 1) / 2
    my = sum(ys) / n
    num = sum((i - mx) * (y - my) for i, y in enumerate(ys))
    den = sum((i - mx) ** 2 for i in range(n))
    return num / den


def cache_fill(kiosk: Kiosk) -> str:
    """The view's bounded caches as held/cap: RSS grows, legitimately, until they are full."""
    scene = kiosk.app.window.scene
    terrain = scene.terrain
    sheets = scene.soldiers.sheets
    mb = 2**20
    parts = [
        f"terrain {terrain.cache_bytes / mb:.0f}/{terrain.cache_cap / mb:.0f} MB",
        f"scaled {terrain.scaled_cache_bytes / mb:.0f}/{terrain.scaled_cache_cap / mb:.0f} MB",
        f"text {scene.fonts.cached_strings()}/{TEXT_CACHE_ENTRIES}",
    ]
    if sheets is not None:
        parts.append(f"sprites {sheets.scaled_cache_len}/{SCALED_CACHE_CAP}")
    return ", ".join(parts)


def measure(
    kiosk: Kiosk, cycle: int, times: list[float], seconds: float, kept: int
) -> CycleFigures:
    """The cycle's figures; `kept` is how many earlier figures the soak holds: one gc object
    each, subtracted so the soak's own bookkeeping does not read as a leak."""
    gc.collect()
    r = resources()
    return CycleFigures(
        cycle=cycle,
        rss_kb=r["rss_kb"],
        fds=r["fds"],
        threads=r["threads"],
        gc_objects=len(gc.get_objects()) - kept,
        p99_ms=p99(times) * 1000,
        keyframe_bytes=kiosk.app.window.playback.keyframes.nbytes,
        frames=len(times),
        seconds=seconds,
        caches=cache_fill(kiosk),
    )


def print_cycle(f: CycleFigures) -> None:
    print(
        f"cycle {f.cycle}: rss {f.rss_kb} kB, fds {f.fds}, threads {f.threads}, "
        f"gc objects {f.gc_objects}, p99 frame {f.p99_ms:.1f} ms, "
        f"keyframes {f.keyframe_bytes} B, {f.frames} frames, {f.seconds:.1f} s; {f.caches}",
        flush=True,
    )


def print_so_far(rows: list[CycleFigures]) -> None:
    """A running summary, so a soak stopped early (or watched nightly) still says something."""
    first, last = rows[0], rows[-1]
    gc_pct = 100.0 * (last.gc_objects - first.gc_objects) / first.gc_objects
    print(
        f"so far ({len(rows)} cycles): rss slope {slope([r.rss_kb for r in rows]):.1f} kB/cycle, "
        f"growth {last.rss_kb - first.rss_kb} kB, fds {last.fds - first.fds:+d}, "
        f"threads {last.threads - first.threads:+d}, gc objects {gc_pct:+.2f} %",
        flush=True,
    )


def print_summary(rows: list[CycleFigures], goals_met: list[str]) -> None:
    first, last = rows[0], rows[-1]
    rss_slope = slope([r.rss_kb for r in rows])
    growth = last.rss_kb - first.rss_kb
    gc_pct = 100.0 * (last.gc_objects - first.gc_objects) / first.gc_objects
    p99_pct = 100.0 * (last.p99_ms - first.p99_ms) / first.p99_ms
    print(f"cycles measured: {len(rows)} (cycles {first.cycle}-{last.cycle})")
    print(f"rss slope: {rss_slope:.1f} kB/cycle (goal <= {SLOPE_GOAL_KB:.0f})")
    print(f"rss growth: {growth} kB (goal <= {GROWTH_GOAL_KB})")
    print(f"rss min/max: {min(r.rss_kb for r in rows)} / {max(r.rss_kb for r in rows)} kB")
    print(f"fd delta: {last.fds - first.fds} (max {max(r.fds for r in rows) - first.fds})")
    print(f"thread delta: {last.threads - first.threads}")
    print(f"gc objects change: {gc_pct:+.2f} % (goal within +-{GC_GOAL_PCT:.0f} %)")
    print(f"p99 frame change, last vs first measured: {p99_pct:+.1f} % (goal within 10 %)")
    print(f"keyframe bytes: first {first.keyframe_bytes}, last {last.keyframe_bytes}")
    print(f"mean cycle wall time: {sum(r.seconds for r in rows) / len(rows):.1f} s")
    checks = {
        "rss slope": rss_slope <= SLOPE_GOAL_KB,
        "rss growth": growth <= GROWTH_GOAL_KB,
        "fds unchanged": last.fds == first.fds,
        "threads unchanged": last.threads == first.threads,
        "gc objects": abs(gc_pct) <= GC_GOAL_PCT,
    }
    goals_met.extend(name for name, ok in checks.items() if not ok)
    print("G1: " + ("met" if not goals_met else "NOT met: " + ", ".join(goals_met)))


def print_top_growth(before: tracemalloc.Snapshot, after: tracemalloc.Snapshot) -> None:
    print("tracemalloc top 10 growth, first measured cycle -> last:")
    for stat in after.compare_to(before, "lineno")[:10]:
        print(f"  {stat}")


def object_types() -> Counter:
    """Live gc-tracked objects by type name: a leak of Python objects shows as a growing type,
    at no cost while the soak runs (tracemalloc nearly doubles a frame's CPU time)."""
    gc.collect()
    return Counter(type(o).__name__ for o in gc.get_objects())


def print_type_growth(before: Counter, after: Counter) -> None:
    print("gc object types, top 10 change, first measured cycle -> last:")
    changes = sorted(
        ((after[t] - before[t], t) for t in before.keys() | after.keys()),
        key=lambda c: (-abs(c[0]), c[1]),
    )
    for delta, name in changes[:10]:
        print(f"  {name}: {before[name]} -> {after[name]} ({delta:+d})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cycles", type=int, default=50, help="measured cycles (after warm-up)")
    ap.add_argument(
        "--warmup",
        type=int,
        default=10,
        help="cycles that fill caches first: RSS climbs over the first loops, then stays flat "
        "(measured at scale 100: 80.9 kB/cycle over loops 3-52, flat from loop 29; "
        "21.4 kB/cycle over loops 11-60)",
    )
    ap.add_argument("--scale", type=int, default=1, help="men per simulated soldier")
    ap.add_argument("--fps", type=float, default=4.0, help="virtual frames per battle second")
    ap.add_argument("--keyframe-budget-mb", type=float, default=None)
    ap.add_argument("--size", default="1920x1080", help="logical canvas, WxH")
    ap.add_argument(
        "--no-tracemalloc",
        action="store_true",
        help="skip tracemalloc (it nearly doubles the CPU time); the gc type diff remains",
    )
    args = ap.parse_args()
    size = tuple(int(v) for v in args.size.lower().split("x"))
    frame_s = 1.0 / args.fps
    if frame_s > MAX_FRAME_SECONDS:
        ap.error(f"--fps must be >= {1 / MAX_FRAME_SECONDS:g} (playback clamps longer frames)")

    print(f"soak: {args.cycles} cycles after {args.warmup} warm-up, scale {args.scale}")
    print(f"frame: {frame_s * 1000:.0f} ms virtual ({args.fps:g} frames per battle second)")
    print(f"canvas: {size[0]}x{size[1]}")
    print(f"tracemalloc: {'off' if args.no_tracemalloc else 'on (1 frame)'}")
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        kiosk = open_kiosk(
            Path(tmp), scale=args.scale, keyframe_budget_mb=args.keyframe_budget_mb, size=size
        )
        try:
            run(kiosk, args, frame_s)
        finally:
            kiosk.close()


def run(kiosk: Kiosk, args: argparse.Namespace, frame_s: float) -> None:
    trace = not args.no_tracemalloc
    if trace:
        tracemalloc.start(1)  # from the start, so its own overhead settles in the warm-up
    rows: list[CycleFigures] = []
    first_snap = None
    first_types: Counter | None = None
    started = time.perf_counter()
    for i in range(1, args.warmup + args.cycles + 1):
        t0 = time.perf_counter()
        times = attract_cycle(kiosk, frame_s)
        fig = measure(kiosk, i, times, time.perf_counter() - t0, kept=len(rows))
        if i <= args.warmup:
            print(
                f"warm-up {i}: rss {fig.rss_kb} kB, {fig.frames} frames, {fig.seconds:.1f} s; "
                f"{fig.caches}",
                flush=True,
            )
            continue
        print_cycle(fig)
        rows.append(fig)
        if len(rows) % 10 == 0 and len(rows) < args.cycles:
            print_so_far(rows)
        if first_types is None:
            first_types = object_types()
            if trace:
                first_snap = tracemalloc.take_snapshot()
    failed: list[str] = []
    print_summary(rows, failed)
    if first_types is not None:
        print_type_growth(first_types, object_types())
    if trace and first_snap is not None:
        print_top_growth(first_snap, tracemalloc.take_snapshot())
        tracemalloc.stop()
    print(f"total wall time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
