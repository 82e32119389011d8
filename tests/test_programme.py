"""The programme: prologue, battle and epilogue on one timeline, exact wherever it is sought."""

from __future__ import annotations

import pytest
from conftest import REAL_SCENARIO, formation, write_scenario

from game.scenario.campaign import EPILOGUE as E
from game.scenario.campaign import PROLOGUE as P
from game.scenario.campaign import load_campaign_for
from game.scenario.geography import bundled_region
from game.scenario.load import load_scenario
from game.sim.world import build_world
from game.timeline.playback import Playback
from game.timeline.programme import BATTLE, EPILOGUE, PROLOGUE, Programme, Segments
from tests.support.runs import straight_hashes

END = 600  # ticks of the small battle (30 battle s)
RATE = 20


@pytest.fixture(scope="module")
def battle(tmp_path_factory):
    path = write_scenario(
        tmp_path_factory.mktemp("programme"),
        [
            formation("foot", "roman", "infantry", 120, (200, 200), "east", 24, commanders=1),
            formation("horse", "persian", "cavalry", 90, (330, 200), "west", 18),
        ],
        orders=[{"at": 0, "formation": "horse", "order": "march", "to": [230, 200]}],
        end=END / RATE,
    )
    return load_scenario(path)


@pytest.fixture(scope="module")
def straight(battle) -> list[str]:
    return straight_hashes(battle, END)


SEGMENTS = Segments.of(RATE, END, prologue_s=6, epilogue_s=5, prologue_starts=(0, 3))


def programme(battle, start=None) -> Programme:
    return Programme(Playback(build_world(battle)), SEGMENTS, start=start)


def test_the_real_timeline_has_a_prologue_before_the_battle_and_an_epilogue_after_it(
    real_scenario,
):
    campaign = load_campaign_for(real_scenario, bundled_region())
    assert campaign is not None
    seg = Segments.of(
        real_scenario.clock.tick_rate,
        real_scenario.clock.end_tick,
        campaign.seconds(P),
        campaign.seconds(E),
    )
    assert 60 <= campaign.seconds(P) <= 90  # the prologue plays 60-90 s at 1x
    assert seg.part(seg.first) == PROLOGUE and seg.part(-1) == PROLOGUE
    assert seg.part(0) == BATTLE and seg.part(real_scenario.clock.end_tick) == BATTLE
    assert seg.part(seg.last) == EPILOGUE and seg.last > real_scenario.clock.end_tick
    assert seg.battle_tick(seg.first) == 0 and seg.battle_tick(seg.last) == seg.battle


def test_playing_from_the_start_passes_through_prologue_battle_and_epilogue(battle):
    prog = programme(battle)
    prog.set_speed(4.0)
    seen = []
    while not prog.at_end:
        prog.update(0.25)
        if not seen or seen[-1] != prog.part:
            seen.append(prog.part)
        if prog.part == PROLOGUE:
            assert prog.world.tick == 0  # the battle waits at its first tick
        if prog.part == EPILOGUE:
            assert prog.world.tick == END  # and holds its last during the epilogue
    assert seen == [PROLOGUE, BATTLE, EPILOGUE]
    assert prog.shown_tick == SEGMENTS.last


def test_a_seek_back_from_the_epilogue_lands_exactly_in_the_campaign_and_in_the_battle(
    battle, straight
):
    prog = programme(battle)
    prog.seek(SEGMENTS.last - 30)
    assert prog.part == EPILOGUE and prog.world.state_hash() == straight[END]
    prog.seek(-40)  # back into the campaign
    assert prog.part == PROLOGUE and prog.shown_tick == -40
    assert prog.world.state_hash() == straight[0]
    prog.seek(SEGMENTS.last - 5)
    prog.seek(437)  # back into the battle
    assert prog.part == BATTLE and prog.world.tick == 437
    assert prog.world.state_hash() == straight[437]


def test_dragging_across_the_parts_previews_then_lands_exactly(battle, straight):
    prog = programme(battle, start=200)
    prog.play()
    prog.scrub(SEGMENTS.last - 10)
    assert prog.part == EPILOGUE and not prog.playing
    prog.scrub(-70)
    assert prog.part == PROLOGUE and prog.playhead_tick == -70
    prog.scrub(321)
    prog.release(321)
    assert prog.part == BATTLE and prog.world.state_hash() == straight[321]
    assert prog.playing  # it played before the drag, so it plays on


def test_pause_is_kept_across_parts(battle):
    prog = programme(battle)
    prog.pause()
    prog.seek(100)
    assert not prog.playing
    prog.update(0.25)
    assert prog.world.tick == 100
    prog.seek(SEGMENTS.last - 20)
    prog.update(0.25)
    assert not prog.playing and prog.shown_tick == SEGMENTS.last - 20


def test_the_prologue_plays_by_its_own_clock_and_hands_over_at_the_battles_first_tick(battle):
    prog = programme(battle)
    assert prog.part == PROLOGUE and prog.shown_tick == SEGMENTS.first
    prog.update(0.25)  # 0.25 s at 1x: five ticks of the show, none of the battle
    assert prog.shown_tick == SEGMENTS.first + 5 and prog.world.tick == 0
    prog.seek(-2)
    prog.update(0.25)
    assert prog.part == BATTLE and prog.playing


def test_phase_jumps_stop_at_the_campaigns_scenes_and_the_parts_starts(battle):
    prog = programme(battle)
    stops = []
    for _ in range(6):
        prog.jump_phase(+1)
        stops.append(prog.aim_tick)
    assert stops[:3] == [-60, 0, END + 1]  # the second scene, the battle, the epilogue
    assert stops[-1] == SEGMENTS.last
    prog.jump_phase(-1)
    prog.jump_phase(-1)
    assert prog.aim_tick == 0


def test_skip_goes_past_the_prologue_to_the_battle_and_past_the_epilogue_to_the_end(battle):
    prog = programme(battle)
    prog.skip_part()
    assert prog.part == BATTLE and prog.world.tick == 0
    prog.seek(END + 40)
    prog.skip_part()
    assert prog.at_end


def test_a_programme_without_campaign_is_the_battle_alone(battle):
    seg = Segments.of(RATE, END)
    prog = Programme(Playback(build_world(battle)), seg)
    assert prog.part == BATTLE and prog.shown_tick == 0 and seg.first == 0 and seg.last == END


def test_the_real_campaign_file_is_the_one_beside_the_scenario():
    assert (REAL_SCENARIO.parent / "campaign.yaml").is_file()


def test_a_seek_of_the_playback_itself_takes_the_programme_into_the_battle(battle, straight):
    prog = programme(battle)
    assert prog.part == PROLOGUE
    prog.playback.seek(250)  # a tool or a test, not the bar
    assert prog.part == BATTLE and prog.shown_tick == 250
    prog.jump_phase(+1)
    assert prog.aim_tick == END + 1  # the next chapter after the battle's only phase
    assert prog.world.state_hash() == straight[END]
