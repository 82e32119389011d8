"""Where a sweep's battles run: a local process pool (the default) or a Dask cluster.

Both call the same pure function (`run.run_battle`) on the same inputs and hand each result to
`done(spec, result)` as it arrives, in whatever order runs finish. Neither schedules anything
itself beyond what its library does: `concurrent.futures` keeps one battle per worker process;
Dask's scheduler places tasks on its workers.

A worker process that dies (killed, out of memory) breaks a local pool: the runs it may have
held are tried again in a fresh pool, and a run that was in flight at two such deaths is
reported as failed. Dask retries a task whose worker died by itself and reports it after that.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from game.scenario.scenario import Scenario
from game.sweep.grid import RunSpec
from game.sweep.run import run_battle

Done = Callable[[RunSpec, dict], None]
Runner = Callable[[RunSpec, Scenario, float | None], dict]

DEATHS_BEFORE_FAILING = 2
"""A run in flight when a pool worker died this many times is reported, not tried again."""

DASK_HINT = "install the cluster extra: python -m pip install -e '.[cluster]'"


class SchedulerError(RuntimeError):
    """The Dask scheduler cannot be used (not installed, not reachable): one line."""


def failed(error: str) -> dict:
    """A result for a run that never returned one of its own."""
    return {"status": "failed", "seconds": 0.0, "code": None, "error": error}


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_on_pool(
    specs: Sequence[RunSpec],
    scenarios: dict[str, Scenario],
    workers: int,
    timeout: float | None,
    done: Done,
    runner: Runner = run_battle,
) -> None:
    """Run `specs` on `workers` local processes, at most one battle each at a time."""
    pending = deque(specs)
    deaths: Counter[RunSpec] = Counter()
    context = multiprocessing.get_context("spawn")  # no forked locks or threads in the workers
    while pending:
        known = set(multiprocessing.active_children())
        size = min(workers, len(pending))
        pool = ProcessPoolExecutor(size, mp_context=context)
        in_flight: dict[Future, RunSpec] = {}
        broken = False
        try:
            while (pending and not broken) or in_flight:
                while pending and not broken and len(in_flight) < size:
                    spec = pending.popleft()
                    in_flight[pool.submit(runner, spec, scenarios[spec.scenario], timeout)] = spec
                finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in finished:
                    spec = in_flight.pop(future)
                    error = future.exception()
                    if isinstance(error, BrokenProcessPool):
                        broken = True
                        deaths[spec] += 1
                        if deaths[spec] >= DEATHS_BEFORE_FAILING:
                            done(spec, failed("its worker process died (killed or out of memory)"))
                        else:
                            pending.appendleft(spec)
                    elif error is not None:
                        done(spec, failed(f"{type(error).__name__}: {error}"))
                    else:
                        done(spec, future.result())
        except BaseException:  # Ctrl-C: stop now, leave the finished runs in the cache
            pool.shutdown(wait=False, cancel_futures=True)
            for process in set(multiprocessing.active_children()) - known:
                process.terminate()
            raise
        pool.shutdown(wait=True)


def run_on_dask(
    specs: Sequence[RunSpec],
    scenarios: dict[str, Scenario],
    address: str,
    timeout: float | None,
    done: Done,
    runner: Runner = run_battle,
) -> None:
    """Run `specs` as tasks on the Dask cluster whose scheduler is at `address`."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise SchedulerError(f"--scheduler needs Dask; {DASK_HINT}") from None
    try:
        client = Client(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(f"--scheduler: cannot reach {address}: {exc}") from None
    with client:
        # each scenario travels once to every worker, not once per battle
        shared = {key: client.scatter(s, broadcast=True) for key, s in scenarios.items()}
        futures = {
            client.submit(
                runner,
                spec,
                shared[spec.scenario],
                timeout,
                key=f"callinicum-battle-{_task_name(spec)}",
                pure=False,
                retries=0,
            ): spec
            for spec in specs
        }
        try:
            for future in as_completed(futures, loop=client.loop):
                spec = futures[future]
                if future.status == "finished":
                    done(spec, future.result())
                else:
                    error = future.exception()
                    done(spec, failed(f"{type(error).__name__}: {error}"))
                future.release()
        except BaseException:
            client.cancel(list(futures))
            raise


def _task_name(spec: RunSpec) -> str:
    return (
        f"{spec.scenario[:12]}-{spec.account}-{spec.strengths}-{spec.scale}-{spec.seed}-"
        f"{os.getpid()}"
    )
