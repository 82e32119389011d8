"""The facts a run must show to be faithful to the account it tells, judged from its report.

`check_facts(report)` takes the `--report` JSON (as a dict) and returns one `Fact` per rule:
its name, whether the run passed, and a line saying what was seen. The tests, the 1:1 bench
(`bench/battle_order.py`) and the sweep all call it, so a rule is written once. Each rule says
where it comes from: a passage of the sources, the history brief, or our reasoning where the
sources give no number. The rules live by subject in `order_rules`, `loss_rules` and
`source_rules`.
"""

from __future__ import annotations

from game.analysis import loss_rules, order_rules, source_rules  # noqa: F401 (they register)
from game.analysis.loss_rules import compare_scales
from game.analysis.registry import RULES, Fact
from game.analysis.run import Absent, Run

__all__ = ["Fact", "check_fact", "check_facts", "compare_scales", "rule_names"]


def check_facts(report: dict) -> list[Fact]:
    """Every rule, judged on one report (any account, any scale)."""
    run = Run(report)
    return [_judge(run, name, fn) for name, fn in RULES]


def rule_names() -> list[str]:
    return [name for name, _ in RULES]


def check_fact(report: dict, name: str) -> Fact:
    return _judge(Run(report), name, dict(RULES)[name])


def _judge(run: Run, name: str, fn) -> Fact:
    """A rule about a formation the battle does not have is not met, and says why."""
    try:
        return Fact(name, *fn(run))
    except Absent as gone:
        return Fact(name, False, f"not applicable: this battle has no formation '{gone.fid}'")
