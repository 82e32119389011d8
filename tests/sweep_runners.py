"""Battle runners that go wrong on purpose, for the sweep tests.

They live in a module of their own (not in a test file) so that a spawned pool process or a Dask
worker can import them by name, as it imports `game.sweep.run.run_battle`.
"""

from __future__ import annotations

import os

from game.sweep.run import run_battle


def raise_on_seed_2(spec, scenario, timeout):
    """Seed 2 raises before its battle starts; the others fight normally."""
    if spec.seed == 2:
        raise RuntimeError("a deliberate failure at seed 2")
    return run_battle(spec, scenario, timeout)


def die_on_seed_3(spec, scenario, timeout):
    """Seed 3 kills its worker process outright, as the kernel's OOM killer would."""
    if spec.seed == 3:
        os._exit(9)
    return run_battle(spec, scenario, timeout)
