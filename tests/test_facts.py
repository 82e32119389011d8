"""The facts judge any report: a small test battle gets answers, not a crash, the seeds the
sweep caught losing a man at --scale 10 now add up, every sample, and those where Malalas'
account lost more Romans than Persians now keep Procopius' "no fewer" and al-Harith standing."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REAL_SCENARIO, formation, write_scenario

from game.analysis.facts import check_fact, check_facts, rule_names
from game.app.report import battle_report
from game.scenario.load import load_scenario
from game.sim.world import build_world
from game.timeline.playback import Playback

CONSERVED = "men are conserved every second"


def _report(path: Path, **build) -> dict:
    scenario = load_scenario(path)
    world = build_world(scenario, **build)
    return battle_report(Playback(world), scenario.clock.end_tick)


@pytest.fixture(scope="module")
def small_report(tmp_path_factory) -> dict:
    """Two blocks that fight: none of Callinicum's formations (no Peter, no Belisarius)."""
    folder = tmp_path_factory.mktemp("small")
    path = write_scenario(
        folder,
        [
            formation("foot", "roman", "infantry", 200, (300, 250), "east", 40),
            formation("horse", "persian", "cavalry", 150, (340, 250), "west", 30),
        ],
        [{"at": 0, "formation": "horse", "order": "charge", "target": "foot"}],
    )
    return _report(path)


def test_a_battle_without_the_named_formations_is_judged_not_raised(small_report):
    facts = check_facts(small_report)
    assert [f.name for f in facts] == rule_names()
    absent = [f for f in facts if f.detail.startswith("not applicable")]
    # the stand is Peter's: not in this battle, so not met, and it says why
    stand = check_fact(small_report, "the stand holds until nightfall")
    assert not stand.passed
    assert stand.detail == "not applicable: this battle has no formation 'peter'"
    assert all(not f.passed for f in absent)
    # a rule about every formation still judges this battle
    assert check_fact(small_report, CONSERVED).passed
    assert len(absent) < len(facts)


@pytest.mark.parametrize(("account", "seed"), [("procopius", 13), ("malalas", 20)])
def test_the_seeds_that_lost_a_man_at_scale_10_add_up(account, seed):
    """The sweep found killed + fled + on the field off by one in these seeds: agents of 9.9975
    men made every count fractional. Whole men per agent: exact, every sample."""
    report = _report(REAL_SCENARIO, seed=seed, scale=10, account=account)
    fact = check_fact(report, CONSERVED)
    assert fact.passed, fact.detail
    track = report["track"]["formations"]
    for f in report["formations"]:
        col = track[f["id"]]
        sums = {k + fl + m for k, fl, m in zip(col["killed"], col["fled"], col["men"], strict=True)}
        assert sums == {f["men_start"]}, f["id"]


@pytest.mark.parametrize("seed", [2, 3])
def test_the_seeds_where_malalas_lost_more_romans_keep_the_loss_rules(seed):
    """The 8-seed sweep at --scale 10 (r8) had Malalas' Roman dead above the Persian in seeds 2
    and 3 (5,021 to 4,610; 4,939 to 4,450), and in seed 2 al-Harith fell at 15:19 and his
    household broke, which no source tells. The causes (scenario.yaml, Malalas' orders): the
    Isaurians fled 450 m along the front into the path of the picked horse and were ridden
    down, and the Lakhmids fought al-Harith's men in one unbroken melee while they faced away
    from them."""
    report = _report(REAL_SCENARIO, seed=seed, scale=10, account="malalas")
    for name in (
        "the Persian dead are not fewer than the Roman",
        "each account's saviour",
        "the named dead fall and the survivors survive",
    ):
        fact = check_fact(report, name)
        assert fact.passed, f"seed {seed}: {fact.detail}"
