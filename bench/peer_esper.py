"""Side by side with esper: the same arrive + separation maths, the same N, in the same run.

`python bench/bench_engine.py --peer esper [--peer-n N] [--peer-ticks K]` runs this. esper is
installed by the benchmark into a temporary folder (`pip install --target`), never into the
project: it is not a dependency. Both sides start from the same men (blocks of 500, 50 files x
10 ranks, 1 m apart, jittered, each arriving at his slot 20-40 m on, as in
`../shared/notes/performance.md`) and run the project's own steering maths: `steering.arrive`,
`steering.separate` over `neighbours.close_pairs`, `steering.blend` and an Euler step with the
speed limit (numpy, float32), against esper Processors over per-man components with a dict
spatial hash (Python floats). The esper side is cross-checked against the numpy one after the
ticks run (max position difference), and the ratio is per soldier-tick.
"""

from __future__ import annotations

import math
import subprocess
import sys
import tempfile
import time

import numpy as np

from game.sim import steering
from game.sim.neighbours import close_pairs

F32 = np.float32
DT = 0.05
MAX_SPEED, MAX_FORCE, RADIUS = 3.0, 4.0, 0.45
REACH = 2 * RADIUS  # friends only: no enemy margin


def import_esper(folder: str):
    """esper, from the environment if present, else installed into `folder` for this run."""
    try:
        import esper
    except ImportError:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--target", folder, "esper"],
            check=True,
        )
        sys.path.insert(0, folder)
        import esper
    return esper


def men(n: int, seed: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """(pos, slot) (2, n) float32: blocks of 500 on a grid, each slot 20-40 m east."""
    rng = np.random.default_rng(seed)
    k = np.arange(n)
    block, i = k // 500, k % 500
    bx, by = (block % 12) * 80.0 + 100.0, (block // 12) * 40.0 + 100.0
    pos = np.stack([bx + (i % 50) * 1.0, by + (i // 50) * 1.0]).astype(F32)
    pos += rng.uniform(-0.1, 0.1, pos.shape).astype(F32)
    slot = pos.copy()
    slot[0] += rng.uniform(20, 40, n // 500 + 1)[block].astype(F32)
    return pos, slot


def numpy_tick(pos, vel, slot, max_speed, max_force, radius, side, active, ranks) -> None:
    """One tick of the project's maths, in place."""
    p = close_pairs(pos[0], pos[1], REACH)
    push, _ = steering.separate(pos.shape[1], p, radius, side, max_force * F32(2.0), active)
    forces = {"arrive": steering.arrive(pos, vel, slot, max_speed, ranks), "separate": push}
    acc = steering.blend(forces, max_force)
    vel += acc * F32(DT)
    speed = np.sqrt(vel[0] * vel[0] + vel[1] * vel[1])
    vel *= np.minimum(F32(1), max_speed / np.maximum(speed, F32(1e-6)))
    pos += vel * F32(DT)


def esper_world(esper, pos: np.ndarray, slot: np.ndarray):
    """An esper world of the same men, and its three processors run by `esper.process()`."""

    class Body:  # position, velocity, slot, separation push
        __slots__ = ("px", "py", "sx", "sy", "vx", "vy", "x", "y")

        def __init__(self, x, y, sx, sy):
            self.x, self.y, self.vx, self.vy, self.sx, self.sy = x, y, 0.0, 0.0, sx, sy
            self.px = self.py = 0.0

    class Separate(esper.Processor):
        def process(self):
            cells: dict[tuple[int, int], list] = {}
            for _, body in esper.get_component(Body):
                body.px = body.py = 0.0
                cells.setdefault((int(body.x // REACH), int(body.y // REACH)), []).append(body)
            gain = MAX_FORCE * 2.0
            for (cx, cy), here in cells.items():
                for dx, dy in ((0, 0), (1, 0), (-1, 1), (0, 1), (1, 1)):  # half stencil
                    there = here if (dx, dy) == (0, 0) else cells.get((cx + dx, cy + dy))
                    if not there:
                        continue
                    for a, bi in enumerate(here):
                        for bj in there[a + 1 :] if there is here else there:
                            ox, oy = bj.x - bi.x, bj.y - bi.y
                            d = math.sqrt(ox * ox + oy * oy)
                            if d >= REACH:
                                continue
                            k = gain * (REACH - d) / REACH
                            fx, fy = (ox / d, oy / d) if d > 1e-4 else (1.0, 0.0)
                            bi.px -= k * fx
                            bi.py -= k * fy
                            bj.px += k * fx
                            bj.py += k * fy

    class Steer(esper.Processor):
        def process(self):
            for _, b in esper.get_component(Body):
                tx, ty = b.sx - b.x, b.sy - b.y
                dist = math.sqrt(tx * tx + ty * ty)
                speed = min(MAX_SPEED, dist / float(steering.SLOWING_TIME))
                k = speed / max(dist, 1e-4)
                react = 1.0 / float(steering.REACTION_TIME)
                ax = (tx * k - b.vx) * react * float(steering.WEIGHTS["arrive"])
                ay = (ty * k - b.vy) * react * float(steering.WEIGHTS["arrive"])
                ax += float(steering.WEIGHTS["separate"]) * b.px
                ay += float(steering.WEIGHTS["separate"]) * b.py
                mag = math.sqrt(ax * ax + ay * ay)
                s = min(1.0, MAX_FORCE / max(mag, 1e-6))
                b.vx += ax * s * DT
                b.vy += ay * s * DT

    class Move(esper.Processor):
        def process(self):
            for _, b in esper.get_component(Body):
                sp = math.sqrt(b.vx * b.vx + b.vy * b.vy)
                s = min(1.0, MAX_SPEED / max(sp, 1e-6))
                b.vx *= s
                b.vy *= s
                b.x += b.vx * DT
                b.y += b.vy * DT

    esper.clear_database()
    for k in range(pos.shape[1]):
        esper.create_entity(
            Body(float(pos[0, k]), float(pos[1, k]), float(slot[0, k]), float(slot[1, k]))
        )
    for proc in (Separate(), Steer(), Move()):
        esper.add_processor(proc)
    return Body


def run(n: int, ticks: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        esper = import_esper(folder)
        pos0, slot = men(n)
        pos, vel = pos0.copy(), np.zeros_like(pos0)
        args = (
            slot,
            np.full(n, MAX_SPEED, F32),
            np.full(n, MAX_FORCE, F32),
            np.full(1, RADIUS, F32),
            np.zeros(n, np.uint8),
            np.ones(n, bool),
            np.ones(n, bool),
        )
        radius = np.zeros(n, np.uint8)
        numpy_times, esper_times = [], []
        body = esper_world(esper, pos0, slot)
        for _ in range(ticks):
            t = time.perf_counter()
            numpy_tick(pos, vel, args[0], args[1], args[2], args[3][radius], *args[4:])
            numpy_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            esper.process()
            esper_times.append(time.perf_counter() - t)
        theirs = np.array([[b.x, b.y] for _, b in esper.get_component(body)]).T
        diff = float(np.abs(theirs - pos).max())
        mine, other = float(np.median(numpy_times)), float(np.median(esper_times))
        print(
            f"peer: esper {esper.__version__ if hasattr(esper, '__version__') else ''}"
            f" (installed for this run), N = {n}, {ticks} ticks each, back to back"
        )
        print(f"esper tick median ms: {other * 1e3:.1f} ({other / n * 1e9:.0f} ns per soldier)")
        print(f"numpy tick median ms: {mine * 1e3:.2f} ({mine / n * 1e9:.0f} ns per soldier)")
        print(f"max position difference after {ticks} ticks: {diff:.2e} m (float32 vs float64)")
        ratio = other / mine
        print(f"ratio per soldier-tick, esper / ours: {ratio:.1f}")
        verdict = "met" if ratio > 1 and diff < 1e-2 else "missed"
        print(
            f"esper / ours per soldier-tick: measured {ratio:.1f}x (same maths within "
            f"{diff:.0e} m), target > 1x: {verdict}"
        )
