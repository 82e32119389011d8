"""The facts judge any report: a small test battle gets answers, not a crash, a seed the sweep
caught losing a man at --scale 10 now adds up, every sample, and one where Malalas' account lost
more Romans than Persians now keeps Procopius' "no fewer" and al-Harith standing.

One extra seed per account, not every seed the sweep caught: each is a whole scale-10 day of a
seed nothing else in the suite simulates (~30 s of CPU). Robustness across seeds is the sweep's
(`python -m game.sweep --seeds 1-8 --accounts procopius,malalas --scale 10 --workers 2`, which
judges every fact of every seed); the default seed's facts, both accounts, are
tests/test_battle.py's.
"""

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


def _report(path: Path, until: str | None = None, **build) -> dict:
    """The `--report` dict of a run from tick 0 to `until` ("14:45", the nearest tick), or to
    the battle's end."""
    scenario = load_scenario(path)
    world = build_world(scenario, **build)
    end = scenario.clock.end_tick
    if until is not None:
        hours, minutes = map(int, until.split(":"))
        end = round(scenario.clock.seconds_at(hours * 60 + minutes) * scenario.clock.tick_rate)
    return battle_report(Playback(world), end)


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


def test_the_seed_that_lost_a_procopian_man_at_scale_10_adds_up():
    """The sweep found killed + fled + on the field off by one in Procopius' seed 13 and
    Malalas' seed 20: agents of 9.9975 men made every count fractional. Whole men per agent:
    exact, every sample. With 9.9975 men an agent, seed 13 first missed at 14:39 (the
    Lycaonians), so its day is run to 14:45; Malalas' seed 20 missed where the default seed
    does (Ascan's men at 15:27), which tests/test_battle.py's "men are conserved every second"
    judges on the default seed's whole day (both seen by putting the fractional men back)."""
    report = _report(REAL_SCENARIO, "14:45", seed=13, scale=10, account="procopius")
    fact = check_fact(report, CONSERVED)
    assert fact.passed, fact.detail
    assert report["ticks_run"] >= 6933, report["ticks_run"]  # past 14:39
    track = report["track"]["formations"]
    for f in report["formations"]:
        col = track[f["id"]]
        sums = {k + fl + m for k, fl, m in zip(col["killed"], col["fled"], col["men"], strict=True)}
        assert sums == {f["men_start"]}, f["id"]


@pytest.mark.parametrize("seed", [2])
def test_the_seeds_where_malalas_lost_more_romans_keep_the_loss_rules(seed):
    """The 8-seed sweep at --scale 10 (r8) had Malalas' Roman dead above the Persian in seeds 2
    and 3 (5,021 to 4,610; 4,939 to 4,450), and in seed 2 al-Harith fell at 15:19 and his
    household broke, which no source tells. The causes (scenario.yaml, Malalas' orders): the
    Isaurians fled 450 m along the front into the path of the picked horse and were ridden
    down, and the Lakhmids fought al-Harith's men in one unbroken melee while they faced away
    from them. Seed 2 showed both, so it stays here; seed 3 (the losses alone) is the sweep's,
    which judges the same rules on seeds 1-8 (see the module's docstring)."""
    report = _report(REAL_SCENARIO, seed=seed, scale=10, account="malalas")
    for name in (
        "the Persian dead are not fewer than the Roman",
        "each account's saviour",
        "the named dead fall and the survivors survive",
    ):
        fact = check_fact(report, name)
        assert fact.passed, f"seed {seed}: {fact.detail}"
