"""The fast subset of `bench/hostile.py`: hostile files, options and outputs, each run as a user
would run it (`python main.py ...` in a subprocess, with a timeout and a memory limit), must be
refused in one line with exit 2, or work, and never lose, alter or leave behind a file.

The whole harness (every case, with the count handled) is `python bench/hostile.py`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.hostile import judge_case
from bench.hostile_cases import CASES

ROOT = Path(__file__).resolve().parents[1]
FAST = [c for c in CASES if c.fast]


def test_the_fast_subset_covers_every_class_of_case():
    assert {c.group for c in FAST} >= {"data", "values", "option", "output", "banner"}
    assert 20 <= len(FAST) <= 30  # the suite's share: ~20-30 s


@pytest.mark.parametrize("case", FAST, ids=[c.name for c in FAST])
def test_a_hostile_case_is_handled(case, tmp_path):
    verdict = judge_case(case, ROOT, tmp_path)
    if verdict.skipped:
        pytest.skip(verdict.skipped)
    assert verdict.handled, f"{case.summary}: {'; '.join(verdict.problems)}"
