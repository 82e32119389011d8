"""The sweep's report image: our pygame painter against the same page drawn with matplotlib.

Each painter runs in a fresh Python process (so its imports count, as they do for a user), three
times; the figure is the median wall time from start to a PNG on disk. The matplotlib page is a
like-for-like sketch kept here only for the comparison (box-and-strip plots per formation and
figure, the facts' shares as bars); what ships is `game/sweep/figure.py`. It also prints what
each painter adds to an install.

    python -m game.sweep --seeds 1-8 --out /tmp/sweep8      # any sweep with both accounts
    python bench/bench_report_image.py /tmp/sweep8/summary.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 3.0
"""A report image should not hold up the end of a sweep noticeably."""

PYGAME_PAGE = """
import json, sys
sys.path.insert(0, {root!r})
from game.scenario.load import load_scenario
from game.app.cli import DEFAULT_SCENARIO
from game.sweep.figure import save_report
from game.sweep.summary import groups
entries = json.load(open({summary!r}))["runs"]
s = load_scenario(DEFAULT_SCENARIO)
names = {{f.id: f.name for f in s.formations}}
day = (s.clock.day_points[0][1], s.clock.day_points[-1][1])
save_report({out!r}, groups(entries), names, day, "bench")
"""

MATPLOTLIB_PAGE = """
import json, sys
sys.path.insert(0, {root!r})
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from game.sweep.summary import groups
entries = json.load(open({summary!r}))["runs"]
gs = [g for g in groups(entries) if g.runs]
fids = list(gs[0].runs[0]["formations"])
facts = list(gs[0].runs[0].get("facts", {{}}))
fig = plt.figure(figsize=(24, 15.6), dpi=100)
grid = fig.add_gridspec(len(fids), 4, width_ratios=[1, 1, 1, 1.3])
colours = ["#0072b2", "#d55e00"]
for r, fid in enumerate(fids):
    for c, what in enumerate(("killed", "fled", "rout_minute")):
        ax = fig.add_subplot(grid[r, c])
        data = [g.values(fid, what) or [0.0] for g in gs]
        parts = ax.boxplot(data, vert=False, widths=0.6, patch_artist=True)
        for k, box in enumerate(parts["boxes"]):
            box.set_facecolor("#ece8de")
            box.set_edgecolor(colours[k % 2])
        for k, vals in enumerate(data):
            ax.plot(vals, [k + 1] * len(vals), "o", alpha=0.4, color=colours[k % 2], ms=3)
        ax.set_yticks([])
        if c == 0:
            ax.set_ylabel(fid, rotation=0, ha="right")
ax = fig.add_subplot(grid[:, 3])
for k, g in enumerate(gs):
    shares = [g.fact_share(n)[0] / max(1, g.fact_share(n)[1]) for n in facts]
    ax.barh([i + 0.4 * k for i in range(len(facts))], shares, height=0.4, color=colours[k % 2])
ax.set_yticks(range(len(facts)), facts, fontsize=8)
fig.suptitle("How sure are we?")
fig.savefig({out!r})
"""


def timed(script: str) -> float:
    start = time.monotonic()
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, capture_output=True)
    return time.monotonic() - start


def installed_mb(dist: str, seen: set[str] | None = None) -> float:
    """Megabytes on disk of a distribution and everything it requires (each counted once)."""
    seen = set() if seen is None else seen
    key = dist.lower().replace("_", "-")
    if key in seen:
        return 0.0
    seen.add(key)
    try:
        d = metadata.distribution(dist)
    except metadata.PackageNotFoundError:
        return 0.0
    size = sum((f.size or 0) for f in d.files or ())
    for req in d.requires or ():
        if "extra ==" in req:
            continue
        name = req.split(";")[0].split("[")[0]
        for sep in "<>=!~ (":
            name = name.split(sep)[0]
        size += installed_mb(name.strip(), seen) * 1e6
    return size / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("summary", type=Path, help="a sweep's summary.json")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    summary = str(args.summary.resolve())
    entries = json.loads(args.summary.read_text())["runs"]
    print(f"{len(entries)} runs in {args.summary}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, page, dist in (
            ("pygame painter", PYGAME_PAGE, "pygame-ce"),
            ("matplotlib", MATPLOTLIB_PAGE, "matplotlib"),
        ):
            out = str(Path(tmp) / f"{name.split()[0]}.png")
            script = page.format(root=str(ROOT), summary=summary, out=out)
            try:
                times = [timed(script) for _ in range(args.repeat)]
            except subprocess.CalledProcessError as err:
                print(f"{name}: could not run ({err.stderr.decode().strip().splitlines()[-1]})")
                continue
            t = statistics.median(times)
            size = Path(out).stat().st_size / 1e3
            met = "met" if t <= TARGET_SECONDS else "missed"
            print(f"{name} report image: measured {t:.2f} s, target <= {TARGET_SECONDS:g} s: {met}")
            ours = {"numpy", "pyyaml", "tqdm", "pygame-ce"}  # the run-time dependencies
            mb = 0.0 if dist in ours else installed_mb(dist, set(ours))
            print(f"  {name}: PNG {size:.0f} kB; adds {mb:.0f} MB on disk to an install")


if __name__ == "__main__":
    main()
