"""The optional extras the tests use (pyproject.toml): PyAV for the clips, Dask for the sweep."""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest


def import_extra(module: str, extra: str) -> ModuleType:
    """`module`, of the optional `extra`: where it is not installed its tests are skipped, but
    in CI they fail, since .ci/run installs every extra and a missing one is a broken install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is missing: CI must install the [{extra}] extra (.ci/run)")
        pytest.skip(f"the [{extra}] extra ({module}) is not installed: pip install -e '.[{extra}]'")
