"""One battle of a sweep, as a worker runs it: the same report as `main.py --headless --report`.

`run_battle` is what a pool process or a Dask worker calls. It never raises for a battle that
goes wrong: it returns a result whose `status` says so (`failed` with the error and traceback,
or `timeout`), so every executor reports failures the same way. It also returns the code version
the worker runs, so a cluster whose workers run other code is caught instead of cached.
"""

from __future__ import annotations

import time
import traceback

from game.app.report import battle_report
from game.scenario.specs import Scenario
from game.sim.world import build_world
from game.sweep.digest import code_version
from game.sweep.grid import RunSpec
from game.timeline.playback import Playback

CHECK_EVERY_TICKS = 20
"""How often (in ticks) a run looks at the wall clock for its time-out: once a battle-second."""


class RunTimedOut(Exception):
    pass


class _TimedPlayback(Playback):
    """A playback that gives up once its wall-clock deadline has passed."""

    def __init__(self, world, deadline: float | None):
        super().__init__(world)
        self._deadline = deadline

    def step_once(self) -> None:
        if (
            self._deadline is not None
            and self.world.tick % CHECK_EVERY_TICKS == 0
            and time.monotonic() > self._deadline
        ):
            raise RunTimedOut
        super().step_once()


def run_battle(spec: RunSpec, scenario: Scenario, timeout: float | None = None) -> dict:
    """Fight the battle `spec` names on `scenario` to its end; `timeout` is wall seconds."""
    start = time.monotonic()
    deadline = None if timeout is None else start + timeout
    try:
        world = build_world(
            scenario,
            seed=spec.seed,
            scale=spec.scale,
            account=spec.account,
            strengths=spec.strengths,
        )
        report = battle_report(_TimedPlayback(world, deadline), scenario.clock.end_tick)
    except RunTimedOut:
        return _result("timeout", start, error=f"timed out after {timeout:g} s")
    except Exception as exc:  # a failing run is reported, never allowed to stop the sweep
        return _result(
            "failed",
            start,
            error=f"{type(exc).__name__}: {exc}",
            traceback=traceback.format_exc(),
        )
    return _result("ok", start, report=report)


def _result(status: str, start: float, **fields) -> dict:
    return {
        "status": status,
        "seconds": round(time.monotonic() - start, 3),
        "code": code_version(),
        **fields,
    }
