"""A headless kiosk on a virtual clock, for the soak and the monkey (bench scripts and tests).

The kiosk's timeouts, the attract loop's nightfall hold and the heartbeat all read the injected
clock, so hours of kiosk life run as fast as the machine can simulate and draw. Playback clamps
a frame's wall time to `MAX_FRAME_SECONDS`, so the loop steps in frames no longer than that.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/x.py` puts bench/ first, not the worktree
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from game.app.languages import available  # noqa: E402
from game.kiosk.app import KioskApp  # noqa: E402
from game.kiosk.config import HeartbeatConfig, KioskConfig, LogConfig  # noqa: E402
from game.kiosk.health import process_stats  # noqa: E402
from game.scenario.load import load_scenario  # noqa: E402
from game.timeline.clock import MAX_FRAME_SECONDS  # noqa: E402

SCENARIO = ROOT / "maps" / "callinicum" / "scenario.yaml"


class VirtualClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self, start: float = 10_000.0) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t


@dataclass
class Kiosk:
    """A kiosk and the clock it reads."""

    app: KioskApp
    clock: VirtualClock

    def step(self, seconds: float) -> float:
        """Move the clock on by `seconds` and run one loop turn; the turn's real wall time."""
        if not 0 < seconds <= MAX_FRAME_SECONDS:
            raise ValueError(f"a frame must last (0, {MAX_FRAME_SECONDS}] s, got {seconds}")
        self.clock.t += seconds
        started = time.perf_counter()
        self.app.frame(seconds)
        return time.perf_counter() - started

    def run_for(self, seconds: float, frame_s: float = MAX_FRAME_SECONDS) -> None:
        """Let `seconds` of virtual time pass without input, a frame at a time."""
        left = seconds
        while left > 1e-9:
            dt_s = min(frame_s, left)
            self.step(dt_s)
            left -= dt_s

    def close(self) -> None:
        self.app.close()


def quiet_logger() -> logging.Logger:
    """A staff log that keeps warnings only (a soak logs a loop line per cycle otherwise)."""
    log = logging.getLogger("callinicum531.bench")
    log.setLevel(logging.WARNING)
    return log


def open_kiosk(
    folder: Path,
    *,
    scenario: Path = SCENARIO,
    scale: int = 1,
    precompute: bool = True,
    keyframe_budget_mb: float | None = None,
    seed: int | None = None,
    size: tuple[int, int] = (1920, 1080),
) -> Kiosk:
    """A kiosk with the default configuration, its log and heartbeat in `folder`.

    It offers the languages the scenario has texts for: all seven for the bundled battle (the
    default configuration's), English alone for a test battle without a `lang/` folder (the
    kiosk refuses, rightly, to offer a language whose files are missing)."""
    clock = VirtualClock()
    spec = load_scenario(scenario)
    cfg = replace(
        KioskConfig(),
        languages=available(spec),
        log=LogConfig(folder=folder),
        heartbeat=HeartbeatConfig(path=folder / "heartbeat.json"),
        watchdog=False,
    )
    app = KioskApp(
        spec,
        cfg,
        seed=seed,
        scale=scale,
        size=size,
        precompute=precompute,
        keyframe_budget_mb=keyframe_budget_mb,
        clock=clock,
        local_time=lambda: dt.time(12, 0),
        logger=quiet_logger(),
    )
    return Kiosk(app, clock)


def resources() -> dict[str, int]:
    """RSS (kB), open fds and OS threads of this process."""
    s = process_stats()
    return {
        "rss_kb": (s["rss_bytes"] or 0) // 1024,
        "fds": s["fds"] if s["fds"] is not None else -1,
        "threads": s["threads"] if s["threads"] is not None else -1,
    }
