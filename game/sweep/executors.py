"""Where a sweep's battles run: a local process pool (the default) or a Dask cluster.

Both call the same pure function (`run.run_battle`) on the same inputs and hand each result to
`done(spec, result)` as it arrives, in whatever order runs finish. Neither schedules anything
itself beyond what its library does: `concurrent.futures` keeps one battle per worker process;
Dask's scheduler places tasks on its workers.

A worker process that dies (killed, out of memory) breaks a local pool: each run that was in
flight then is tried again alone, and one that kills its worker alone is reported as failed.
Dask retries a task whose worker died by itself, and reports it after that.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from game.scenario.specs import Scenario
from game.sweep.grid import RunSpec
from game.sweep.run import run_battle

Done = Callable[[RunSpec, dict], None]
Runner = Callable[[RunSpec, Scenario, float | None], dict]

CONNECT_TIMEOUT = "10s"
"""How long to try to reach a Dask scheduler before saying it cannot be reached."""

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
    """Run `specs` on `workers` local processes, at most one battle each at a time.

    When a worker dies, every run then in flight is a suspect: each is tried again alone in a
    pool of its own, so a run that kills its worker is named and the others still finish."""
    pending = deque(specs)
    suspects: deque[RunSpec] = deque()
    while pending or suspects:
        if suspects:
            lost = _drain(deque([suspects.popleft()]), 1, scenarios, timeout, done, runner)
            for spec in lost:
                done(spec, failed("its worker process died (killed, out of memory or crashed)"))
        else:
            size = min(workers, len(pending))
            suspects.extend(_drain(pending, size, scenarios, timeout, done, runner))


def _drain(
    queue: deque[RunSpec],
    size: int,
    scenarios: dict[str, Scenario],
    timeout: float | None,
    done: Done,
    runner: Runner,
) -> list[RunSpec]:
    """Run specs from `queue` on a fresh pool of `size` processes until the queue is empty or a
    worker dies; return the runs that were in flight when it died."""
    known = set(multiprocessing.active_children())
    context = multiprocessing.get_context("spawn")  # no forked locks or threads in the workers
    pool = ProcessPoolExecutor(size, mp_context=context)
    in_flight: dict[Future, RunSpec] = {}
    lost: list[RunSpec] = []
    broken = False
    try:
        while in_flight or (queue and not broken):
            while queue and not broken and len(in_flight) < size:
                try:
                    future = pool.submit(runner, queue[0], scenarios[queue[0].scenario], timeout)
                except BrokenProcessPool:  # a worker died since the last wait
                    broken = True
                    break
                in_flight[future] = queue.popleft()
            if not in_flight:
                break
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in finished:
                spec = in_flight.pop(future)
                error = future.exception()
                if isinstance(error, BrokenProcessPool):
                    broken = True
                    lost.append(spec)
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
    return lost


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
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
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
                else:  # an error, a worker lost for good (KilledWorker), a cancellation
                    try:
                        error = future.exception()
                    except Exception as exc:
                        error = exc
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
