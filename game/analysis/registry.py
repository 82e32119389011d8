"""The registry of facts: each rule is a function of a run, registered once by name.

Rules live in modules by subject (`order_rules`, `loss_rules`, `source_rules`); `facts.py`
imports them all and judges them in the order they were registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from game.analysis.run import Run


@dataclass(frozen=True)
class Fact:
    name: str
    passed: bool
    detail: str


Rule = Callable[[Run], tuple[bool, str]]
RULES: list[tuple[str, Rule]] = []


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register a rule under `name` (what the tests and the bench print)."""

    def register(fn: Rule) -> Rule:
        RULES.append((name, fn))
        return fn

    return register
