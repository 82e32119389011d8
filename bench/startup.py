"""Start-up benchmark: time from process start to the first frame drawn (goal G7: <= 5 s).

Prints one figure a line. Not a test: run it by hand on the target machine.

    python bench/startup.py            # median of 3
    python bench/startup.py --runs 5

Until the kiosk app can report its own first frame, this times a whole headless run that draws
one frame: ``python main.py --headless --until 0 --screenshot <tmp>.png`` with
``SDL_VIDEODRIVER=dummy``, from spawning the interpreter to its exit. That includes interpreter
start, imports, loading the scenario, building the world, one frame and writing the PNG, so it is
an upper bound on "cold start to first frame" (with a warm file cache; after a reboot the disk
adds to it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_S = 5.0


def time_first_frame(screenshot: Path) -> float:
    """Wall seconds for one headless start-to-first-frame run; raises if the run fails."""
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "PYGAME_HIDE_SUPPORT_PROMPT": "1",
    }
    cmd = [sys.executable, str(ROOT / "main.py"), "--headless", "--until", "0"]
    t0 = time.perf_counter()
    subprocess.run(
        [*cmd, "--screenshot", str(screenshot)],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - t0
    if not screenshot.exists():
        raise RuntimeError("the run exited without drawing a frame")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    print(
        "cold start to first frame: python main.py --headless --until 0 --screenshot, dummy video"
    )
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            shot = Path(tmp) / f"frame{run}.png"
            times.append(time_first_frame(shot))
            print(f"run {run + 1}: {times[-1]:.2f} s")
    median = statistics.median(times)
    verdict = "meets" if median <= GOAL_S else "MISSES"
    print(f"median of {args.runs}: {median:.2f} s ({verdict} G7 goal <= {GOAL_S:g} s)")


if __name__ == "__main__":
    main()
