"""The session's shared straight runs (tests/support/battles.py) give what a run of one's own
would: a dozen tests take their moments of the real battle from them."""

from __future__ import annotations

import pytest

from game.sim.tick import run_until, step
from game.sim.world import build_world
from game.timeline.playback import Playback


def test_a_world_at_a_tick_is_a_straight_runs_and_its_own(battles, real_scenario):
    own = build_world(real_scenario, scale=100, account="malalas")
    run_until(own, 130)  # between two kept snapshots
    shared = battles.world_at(130, "malalas")
    assert shared.tick == 130 and shared.state_hash() == own.state_hash()
    shared.soldiers.pos += 1.0  # a test may change its world: the next one is untouched
    assert battles.world_at(130, "malalas").state_hash() == own.state_hash()


def test_a_handed_keyframe_lands_a_seek_exactly(battles, real_scenario):
    pb = Playback(build_world(real_scenario, scale=100))
    battles.give_keyframe(pb, 120)
    pb.seek(125)
    assert pb.keyframes.nearest_tick(125) == 120 and not pb.seeking
    assert pb.world.state_hash() == battles.world_at(125).state_hash()
    with pytest.raises(ValueError):
        battles.give_keyframe(Playback(build_world(real_scenario, scale=100, seed=1)), 120)


def test_a_seek_to_the_tick_readied_restores_the_keyframe_before_it(battles, real_scenario):
    """A keyframe handed at the seek's own tick is not used (a seek restores the latest one
    before its tick): ready_to_seek hands that one, and the seek re-simulates only from it."""
    pb = Playback(build_world(real_scenario, scale=100))
    assert battles.ready_to_seek(pb, 240) == 180
    pb.seek(240)
    assert pb.seek_from == 180 and not pb.seeking
    assert pb.world.state_hash() == battles.world_at(240).state_hash()


def test_two_processes_sharing_a_shelf_simulate_what_the_other_has_not_and_land_alike(
    tmp_path, real_scenario, monkeypatch
):
    """As pytest-xdist's workers do: the second reads what the first made; asked for more, it
    goes on from the shelf's latest snapshot (not from tick 0 again), to a run of one's own."""
    import tests.support.battles as shared
    from tests.support.battles import Battles

    first, second = Battles(real_scenario, shelf=tmp_path), Battles(real_scenario, shelf=tmp_path)
    own = build_world(real_scenario, scale=200, account="malalas")
    run_until(own, 130)
    assert first.world_at(130, "malalas", scale=200).state_hash() == own.state_hash()
    assert second.world_at(130, "malalas", scale=200).state_hash() == own.state_hash()
    run = second.runs[("malalas", 200, "default")]
    assert run.world.tick == 0  # it simulated nothing: the snapshot came from the shelf
    stepped = []
    monkeypatch.setattr(shared, "step", lambda w: stepped.append(w.tick) or step(w))
    run_until(own, 210)
    assert second.world_at(210, "malalas", scale=200).state_hash() == own.state_hash()
    assert run.world.tick == 200 and stepped[0] == 120  # from the first's last snapshot on
    assert (
        first.world_at(205, "malalas", scale=200).state_hash()
        == second.world_at(205, "malalas", scale=200).state_hash()
    )
    assert first.runs[("malalas", 200, "default")].world.tick == 120  # it read 200 back


def test_a_process_waits_for_the_snapshot_another_is_on_its_way_to(tmp_path, real_scenario):
    """While another process extends the run (it holds the run's lock), one that asks for a
    tick not on the shelf yet waits for it there instead of simulating the day a second time."""
    import threading

    from tests.support.battles import Battles, _held

    maker = Battles(real_scenario)  # (no shelf: the test shelves its snapshot by hand)
    made = maker.world_at(60, "malalas", scale=200).state_hash()
    waiter = Battles(real_scenario, shelf=tmp_path)
    got = []
    lock = waiter._shelf_of(("malalas", 200, "default")) / "lock"
    with _held(lock) as mine:
        assert mine
        asking = threading.Thread(
            target=lambda: got.append(waiter.world_at(60, "malalas", scale=200).state_hash())
        )
        asking.start()
        asking.join(0.5)
        assert asking.is_alive() and not got  # waiting, not simulating
        run = waiter.runs.get(("malalas", 200, "default"))
        assert run is None or run.world.tick == 0
        packed = maker.runs[("malalas", 200, "default")].snapshots[60]
        (lock.parent / "60.snap").write_bytes(packed)
        asking.join(60)
    assert got == [made] and waiter.runs[("malalas", 200, "default")].world.tick == 0
