"""The timeline: keyframes, exact seeking, drag preview, background pre-computation, the check."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest
from conftest import formation, write_scenario
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario.load import load_scenario
from game.sim.schedule import contact_every
from game.sim.tick import step
from game.sim.world import build_world
from game.timeline import tiers
from game.timeline.cache import CacheKey, Keyframes
from game.timeline.check import check_determinism
from game.timeline.codec import (
    NOT_DRAWN,
    RECOMPUTED,
    decode,
    delta,
    encode,
    pack,
    split,
    undelta,
    unpack,
)
from game.timeline.playback import Playback
from game.timeline.precompute import Precomputer
from game.timeline.tiers import PROMOTED

END = 900  # ticks of the small battle the tests scrub over (45 battle s)


@pytest.fixture(scope="module")
def battle(tmp_path_factory):
    """Two blocks that march into each other: men move, halt and jostle within 45 s."""
    path = write_scenario(
        tmp_path_factory.mktemp("battle"),
        [
            formation("foot", "roman", "infantry", 160, (200, 200), "east", 32, commanders=1),
            formation("horse", "persian", "cavalry", 120, (330, 200), "west", 24),
        ],
        orders=[
            {"at": 0, "formation": "horse", "order": "march", "to": [230, 200], "pace": "quick"}
        ],
        end=END / 20,
    )
    return load_scenario(path)


@pytest.fixture(scope="module")
def straight_run(battle) -> tuple[list[str], list[bytes], tuple]:
    """A straight run 0..END: every tick's hash, every tick's soldier positions (as bytes),
    and the event log at the end."""
    world = build_world(battle)
    hashes, positions = [world.state_hash()], [world.soldiers.pos.tobytes()]
    while world.tick < END:
        step(world)
        hashes.append(world.state_hash())
        positions.append(world.soldiers.pos.tobytes())
    return hashes, positions, tuple(world.events)


@pytest.fixture(scope="module")
def straight(straight_run) -> list[str]:
    """The hash of every tick of a straight run, 0..END."""
    return straight_run[0]


@pytest.fixture(scope="module")
def filled(battle) -> Keyframes:
    """A keyframe cache filled by a straight run (no thread)."""
    world = build_world(battle)
    kf = Keyframes.for_world(world)
    while world.tick < END:
        step(world)
        kf.put(world.snapshot())
    return kf


@pytest.fixture(scope="module")
def spare(battle):
    """A world to restore snapshots into and step (tests compare it with the straight run)."""
    return build_world(battle)


@pytest.fixture
def playback(battle, filled) -> Playback:
    return Playback(build_world(battle), keyframes=filled)


@pytest.fixture
def workers():
    """Precomputers started by a test; always stopped after it."""
    started: list[Precomputer] = []
    yield started
    for w in started:
        w.stop()
    assert not any(w.alive for w in started)


def test_the_men_move_at_every_tick_so_a_seek_to_the_wrong_tick_shows(straight_run):
    """Positions, not hashes (a hash holds the tick, so it changes even if nothing moves)."""
    positions = straight_run[1]
    still = [t for t in range(1, len(positions)) if positions[t] == positions[t - 1]]
    assert not still, f"no man moved at ticks {still[:5]}"


def test_seek_back_then_forward_gives_the_same_hash(playback, straight):
    playback.seek(700)
    assert playback.world.state_hash() == straight[700]
    playback.seek(123)
    assert playback.world.state_hash() == straight[123]
    playback.seek(611)
    assert playback.world.state_hash() == straight[611]


class EvictedOnce(Keyframes):
    """A cache whose worker evicts the chosen keyframe between `start_for` and `get`."""

    def __init__(self, inner: Keyframes, gone: int):
        self.__dict__.update(inner.__dict__)
        self.gone = gone

    def get(self, tick: int) -> dict:
        if tick == self.gone:
            raise KeyError(tick)
        return super().get(tick)


def test_a_keyframe_evicted_while_seeking_falls_back_to_an_earlier_one_exactly(
    battle, filled, straight
):
    target = 611
    gone = filled.start_for(target)
    cache = EvictedOnce(filled, gone)
    pb = Playback(build_world(battle), keyframes=cache)
    pb.seek(target)  # would raise KeyError if the seek trusted its first choice
    assert pb.world.tick == target
    assert pb.world.state_hash() == straight[target]


def test_seeking_and_playing_on_gives_the_hashes_of_a_straight_run(playback, straight):
    playback.seek(333)
    for t in range(334, 420):
        playback.step_once()
        assert playback.world.state_hash() == straight[t]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(targets=st.lists(st.integers(0, END), min_size=1, max_size=6))
def test_any_sequence_of_seeks_ends_in_the_straight_runs_state(playback, straight, targets):
    for t in targets:
        playback.seek(t)
    assert playback.world.tick == targets[-1]
    assert playback.world.state_hash() == straight[targets[-1]]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(drags=st.lists(st.integers(0, END), min_size=1, max_size=8), land=st.integers(0, END))
def test_dragging_anywhere_then_letting_go_lands_exactly(playback, straight, filled, drags, land):
    for t in drags:
        playback.scrub(t)
        k = playback.world.tick
        assert k <= t  # the nearest keyframe at or before the finger...
        if not playback.previewed:  # ...or the world, if it already stood between the two
            assert playback.world.state_hash() == straight[k]
            continue
        shown, _ = split(playback.world.snapshot())
        for col, arr in split(filled.get(k))[0].items():  # what is drawn is the keyframe's
            if col not in NOT_DRAWN:
                assert shown[col].tobytes() == arr.tobytes(), col
    playback.release(land)
    assert playback.world.state_hash() == straight[land]


def test_a_keyframe_leaves_out_what_the_next_tick_recomputes(battle, filled, straight, spare):
    t = 510
    assert t in filled and t % contact_every(20) == 0
    assert "push" not in filled.get(t)["soldiers"]
    pb = Playback(build_world(battle), keyframes=filled)
    pb.scrub(t)  # the preview: the keyframe as it is, but what is not drawn
    assert pb.world.tick == t and pb.partial and pb.previewed
    pb.release(t)  # exact: from the keyframe before
    assert pb.world.state_hash() == straight[t] and not pb.partial and not pb.previewed
    pb.seek(t - 1)
    pb.seek(t + 1)  # from the keyframe (restored whole) on is exact
    assert pb.world.state_hash() == straight[t + 1]
    spare.restore(filled.get(t))  # its push is stale
    assert spare.tick == t and spare.state_hash() != straight[t]
    step(spare)
    assert spare.state_hash() == straight[t + 1]


def test_a_drag_preview_decodes_what_is_drawn_only(filled):
    t = filled.anchor_every + filled.sparse_every
    filled._decoded.clear()  # (the fixture is shared: start cold)
    filled._decoded_bytes = 0
    shown, whole = split(filled.preview(t))[0], split(filled.get(t))[0]
    assert set(whole) - set(shown) == set(NOT_DRAWN)
    assert all(shown[c].tobytes() == whole[c].tobytes() for c in shown)


def test_drag_preview_shows_a_keyframe_without_simulating(playback, filled):
    playback.scrub(517)
    assert playback.world.tick == filled.nearest_tick(517) == 517 - 517 % filled.dense_every
    assert playback.scrubbing and playback.playhead_tick == 517


def test_release_plays_on_if_it_was_playing_and_stays_paused_if_not(playback):
    playback.play()
    playback.scrub(400)
    assert playback.clock.paused  # nothing moves under the finger
    playback.release(420)
    assert not playback.clock.paused
    playback.pause()
    playback.scrub(100)
    playback.release(120)
    assert playback.clock.paused


def test_speed_changes_do_not_change_the_states_reached(battle, straight):
    for speeds in ((1.0,), (0.25, 16.0, 2.0), (16.0, 0.5)):
        pb = Playback(build_world(battle))
        k = 0
        while pb.world.tick < 300:
            pb.set_speed(speeds[k % len(speeds)])
            pb.update(1 / 60)
            k += 1
            assert pb.world.state_hash() == straight[pb.world.tick]


def test_skip_moves_fifteen_battle_seconds_and_clamps(playback):
    playback.seek(400)
    playback.skip(15)
    assert playback.world.tick == 700
    playback.skip(-15)
    playback.skip(-15)
    assert playback.world.tick == 100
    playback.skip(-15)
    assert playback.world.tick == 0
    playback.skip(1e6)
    assert playback.world.tick == END


def test_phase_jumps_go_to_phase_starts(playback, monkeypatch):
    pb = playback
    starts = [0, 300, 600]
    monkeypatch.setattr(pb, "phase_ticks", lambda: starts)
    pb.seek(starts[1] + 100)
    pb.jump_phase(+1)
    assert pb.world.tick == starts[2]
    pb.jump_phase(-1)  # at the very start of a phase: back to the one before
    assert pb.world.tick == starts[1]


def test_a_long_seek_with_a_budget_finishes_over_the_next_frames(battle):
    pb = Playback(build_world(battle))  # no keyframes but tick 0: a long re-simulation
    pb.seek(END, budget_seconds=0.0)
    assert pb.seeking and pb.aim_tick == END and pb.world.tick < END
    assert pb.playhead_tick == pb.world.tick  # the playhead shows the world, not the aim
    frames = 0
    while pb.seeking:
        pb.update(1 / 60)
        frames += 1
    assert pb.world.tick == END and frames >= 1


@pytest.fixture(scope="module")
def half(filled) -> int:
    """A bound that holds about half of the small battle's encoded keyframes."""
    reserve = filled.budget_bytes - filled.stored_budget  # for decoded copies
    return reserve + filled.stored_bytes - filled.encoded_bytes // 2


def test_keyframe_cache_never_exceeds_its_bound(battle, straight, half):
    world = build_world(battle)
    budget = half
    kf = Keyframes.for_world(world, budget_bytes=budget)
    pb = Playback(world, keyframes=kf)
    rng = np.random.default_rng(3)
    while world.tick < END:
        step(world)
        kf.put(world.snapshot())
        assert kf.nbytes <= budget and kf.stored_bytes <= kf.stored_budget
    for t in rng.integers(0, END, 20):
        pb.seek(int(t))
        assert kf.nbytes <= budget
        assert world.state_hash() == straight[int(t)]  # evicted or not, seeks stay exact
    assert kf.peak_bytes <= budget
    assert len(kf) < END // kf.dense_every  # something had to go


def test_eviction_keeps_the_keyframes_near_the_playhead(battle, half):
    world = build_world(battle)
    kf = Keyframes.for_world(world, budget_bytes=half)
    kf.playhead = 450
    while world.tick < END:
        step(world)
        kf.put(world.snapshot())
    held = [t for t in kf.ticks() if t % kf.sparse_every]
    assert held and max(abs(t - 450) for t in held) < END // 2


def test_a_promoted_keyframe_outlives_the_dense_tier_but_not_the_sparse_one(battle):
    kf = Keyframes.for_world(build_world(battle))
    dense, promoted, sparse = 3, 9, kf.sparse_every
    kf.promote(promoted)
    assert kf.rank(dense) < kf.rank(promoted) < kf.rank(sparse) < kf.rank(kf.anchor_every)


def test_the_worker_promotes_a_keyframe_inside_dear_sparse_intervals(battle, workers, monkeypatch):
    import game.timeline.worker as precompute

    monkeypatch.setattr(precompute, "PROMOTE_CPU_SECONDS", 0.0)  # every interval is dear
    world = build_world(battle)
    kf = Keyframes.for_world(world, budget_bytes=6 * 2**20)
    w = Precomputer.for_world(world, kf)
    workers.append(w.start())
    assert w.wait_idle(timeout=60)
    held = kf.ticks()
    middles = [t for t in held if t % kf.sparse_every == precompute.PROMOTE_OFFSET]
    assert middles and all(kf.tier(t) == PROMOTED for t in middles)


def test_a_keyframe_keeps_every_table_even_ones_added_later(battle):
    world = build_world(battle)
    for _ in range(31):
        step(world)
    snap = world.snapshot()
    snap["missiles"] = {"pos": np.arange(12, dtype=np.float32).reshape(2, 6)}  # a new table
    cols, _ = split(snap)
    enc = encode(snap, {}, xor=False, anchor=None)
    back = decode(enc, cols)
    assert np.array_equal(back["missiles"]["pos"], snap["missiles"]["pos"])
    assert back["rng"] == snap["rng"] and back["events"] == snap["events"]


@pytest.mark.parametrize("dtype", [np.float32, np.int32, np.int16, np.uint8, np.bool_])
def test_a_column_against_its_reference_decodes_bit_for_bit(dtype):
    rng = np.random.default_rng(5)
    if dtype == np.float32:  # every bit pattern: NaNs with payloads, infinities, -0, subnormals
        bits = rng.integers(0, 2**32, (2, 4000), dtype=np.uint32)
        special = np.array([0, 2**31, 1, 0x7F800000, 0xFF800000, 0x7FC00001, 0xFFFFFFFF], np.uint32)
        bits[0, : special.size] = special
        ref_bits = bits.copy()
        ref_bits[:, ::2] += rng.integers(0, 9, (2, 2000), dtype=np.uint32)  # close values
        ref_bits[1, ::3] = special[rng.integers(0, special.size, ref_bits[1, ::3].size)]
        arr, ref = bits.view(np.float32), ref_bits.view(np.float32)
    else:
        arr = rng.integers(0, 2, 4000).astype(dtype)
        ref = rng.integers(0, 2, 4000).astype(dtype)
    back = undelta(unpack(pack(delta(arr, ref)), ref), ref)
    assert back.dtype == arr.dtype and back.shape == arr.shape
    assert back.tobytes() == arr.tobytes()


def test_a_keyframe_decodes_to_the_snapshot_but_what_the_next_tick_recomputes(battle, filled):
    world = build_world(battle)
    a, s, d = filled.anchor_every, filled.sparse_every, filled.dense_every
    for tick in (2 * s, a, a + s, a + s + d):  # sparse against tick 0, anchor, sparse, dense
        while world.tick < tick:
            step(world)
        snap = world.snapshot()
        back = filled.get(tick)
        cols, _ = split(snap)
        got, _ = split(back)
        assert set(cols) - set(got) == set(RECOMPUTED)
        for col, arr in got.items():
            assert arr.dtype == cols[col].dtype and arr.tobytes() == cols[col].tobytes(), col
        assert back["rng"] == snap["rng"] and back["events"] == snap["events"]


def test_unchanged_columns_cost_nothing(battle):
    world = build_world(battle)
    kf = Keyframes.for_world(world)
    for _ in range(kf.dense_every):
        step(world)
    kf.put(world.snapshot())
    enc = kf._entries[kf.dense_every]
    assert enc.cols[("soldiers", "kind")] is None and enc.cols[("soldiers", "side")] is None


def test_cache_keys_differ_by_seed_account_and_scale(real_scenario):
    a = CacheKey.of(build_world(real_scenario, scale=200))
    assert a == CacheKey.of(build_world(real_scenario, scale=200))
    assert a != CacheKey.of(build_world(real_scenario, scale=200, seed=1))
    assert a != CacheKey.of(build_world(real_scenario, scale=100))
    assert a != CacheKey.of(build_world(real_scenario, scale=200, account="malalas"))


def test_a_cache_key_never_blocks_on_a_fifo_in_the_scenarios_place(battle, tmp_path):
    """The key digests the scenario file through the bounded reader: a FIFO put where the
    file was (read_bytes would wait forever for a writer) gives an 'unreadable' key."""
    import dataclasses
    import threading

    world = build_world(battle)
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    world.scenario = dataclasses.replace(world.scenario, path=fifo)
    keys = []
    reader = threading.Thread(target=lambda: keys.append(CacheKey.of(world)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "CacheKey.of blocked on the FIFO"
    assert keys[0].scenario == f"{fifo}#unreadable"


def test_precomputer_fills_the_battle_in_the_background(battle, straight_run, workers):
    straight, _, events = straight_run
    world = build_world(battle)
    kf = Keyframes.for_world(world)
    worker = Precomputer.for_world(world, kf)
    workers.append(worker.start())
    assert worker.wait_idle(timeout=30)
    assert kf.coverage() == [(0, END)]
    pb = Playback(world, keyframes=kf)
    pb.seek(876)
    assert world.state_hash() == straight[876]
    assert tuple(world.events) == tuple(e for e in events if e.tick < 876)  # the log so far
    assert kf.events() == events  # and the cache holds the whole battle's, to its last keyframe


def test_precomputer_stops_when_asked(real_scenario, workers):
    world = build_world(real_scenario, scale=50)
    worker = Precomputer.for_world(world, Keyframes.for_world(world))
    workers.append(worker.start())
    worker.stop(timeout=5)
    assert not worker.alive


def test_a_full_cache_makes_the_worker_follow_the_playhead(battle, workers, half):
    world = build_world(battle)
    kf = Keyframes.for_world(world, budget_bytes=half)
    kf.playhead = 800
    worker = Precomputer.for_world(world, kf)
    workers.append(worker.start())
    assert worker.wait_idle(timeout=30)
    assert kf.nbytes <= kf.budget_bytes
    near = [t for t in range(780, 801) if t % kf.dense_every == 0]
    assert all(t in kf for t in near)  # the dense tier around the playhead
    assert all(t in kf for t in range(0, END + 1, kf.sparse_every))  # the sparse tier everywhere
    # so an exact seek anywhere re-simulates at most sparse_every ticks
    assert max(t - kf.start_for(t) for t in range(1, END + 1)) <= kf.sparse_every


def test_a_churning_cache_gives_the_evicted_keyframes_memory_back(
    battle, filled, workers, monkeypatch
):
    """A jump in a cache too small for the sparse tier (as at 1:1) makes the worker evict the
    keyframes far from the new playhead for those near it; the memory they held goes back to
    the system while it evicts, and once more when it goes idle."""
    from game.timeline import trim as heap

    trims: list[int] = []
    monkeypatch.setattr(heap, "give_back", lambda: trims.append(1) or True)
    sparse = sum(filled.encoded(t)[0].nbytes for t in filled.ticks() if t and filled.is_sparse(t))
    reserve = filled.budget_bytes - filled.stored_budget  # for decoded copies
    bound = reserve + filled.stored_bytes - filled.encoded_bytes + sparse // 2
    world = build_world(battle)
    kf = Keyframes.for_world(world, budget_bytes=bound)
    worker = Precomputer.for_world(world, kf)
    worker.trimmer.every = 16 * 1024  # the small battle evicts ~100 KB
    workers.append(worker.start())
    assert worker.wait_idle(timeout=30)
    kf.playhead = END  # a jump to the far end: its sparse keyframes outrank those by tick 0
    deadline = time.monotonic() + 30
    while not kf.budget.dropped_bytes and time.monotonic() < deadline:
        time.sleep(0.01)  # (until the worker has begun: idle is still set from before)
    assert worker.wait_idle(timeout=30)
    assert kf.budget.dropped_bytes > 2 * worker.trimmer.every  # the bound made it evict
    assert len(trims) >= 2  # while evicting, and once more on going idle
    assert worker.trimmer.trimmed_at == kf.budget.dropped_bytes  # nothing freed left untrimmed


def test_a_trim_is_due_every_so_many_bytes_freed_or_on_going_idle(monkeypatch):
    from game.timeline import trim as heap

    assert heap.give_back() in (True, False)  # the real one runs (glibc) or says it cannot
    trims: list[int] = []
    monkeypatch.setattr(heap, "give_back", lambda: trims.append(1) or True)
    t = heap.Trimmer(every_bytes=100)
    t.after(99)
    assert trims == []
    t.after(100)
    t.after(150)
    assert len(trims) == 1
    t.after(150, idle=True)
    t.after(150, idle=True)  # nothing freed since: no second trim
    assert len(trims) == 2


def test_check_determinism_finds_no_divergence(battle):
    lines: list[str] = []
    assert check_determinism(battle, until_tick=400, seeks=15, say=lines.append) is None
    assert len(lines) == 2


def test_check_determinism_names_the_first_divergent_tick(battle, monkeypatch):
    real_get = Keyframes.get

    def corrupt(self, tick):
        snap = real_get(self, tick)
        if tick >= 200:
            snap = dict(snap, soldiers=dict(snap["soldiers"], hp=snap["soldiers"]["hp"] * 0.5))
        return snap

    monkeypatch.setattr(Keyframes, "get", corrupt)
    found = check_determinism(battle, until_tick=400, seeks=60, say=lambda _: None)
    assert found is not None and found.tick >= 200 and found.expected != found.got
    assert found.tick == found.after_seek_to  # the first tick compared after the bad restore
    assert f"tick {found.tick}" in str(found)


def test_check_determinism_cli_exits_zero(battle, capsys):
    from game.start import main

    argv = ["--check-determinism", "--until", "10", "--scenario", str(battle.path)]
    assert main(argv) == 0
    assert "no divergence" in capsys.readouterr().out


def test_sixteen_times_plays_from_keyframes_and_pausing_lands_exactly(battle, filled, straight):
    pb = Playback(build_world(battle), keyframes=filled, speed=16.0)
    simulated = frames = 0
    while pb.shown_tick < 600:
        simulated += pb.update(1 / 60)
        frames += 1
        assert pb.prev_tick <= pb.shown_tick <= pb.world.tick
    shown = pb.shown_tick
    assert frames <= 600 / (16 * 20 / 60) + 2  # 16x battle time: 5.3 ticks a frame
    assert simulated < 60  # from keyframes, not tick by tick (600 ticks shown)
    pb.pause()
    assert pb.world.tick == int(shown) and not pb.seeking
    assert pb.world.state_hash() == straight[pb.world.tick]
    assert pb.playhead_tick == pb.world.tick and pb.shown_tick == pb.world.tick


def test_sixteen_times_restores_a_keyframe_a_sparse_interval_each_decoded_ahead(
    battle, filled, monkeypatch
):
    """Even frames at 16x: one restore every sparse interval (not every dense keyframe, two a
    frame), and the frame that restores finds the keyframe decoded by the lookahead thread."""
    import threading

    from game.timeline import cache as cache_module

    pb = Playback(build_world(battle), keyframes=filled, speed=16.0)
    filled.forget_decoded()
    restored: list[int] = []
    real_restore = pb.world.restore

    def restore(snap):
        restored.append(snap["tick"])
        real_restore(snap)

    in_frame: list[int] = []
    real_decode = cache_module.decode

    def decode(enc, *args, **kw):
        if threading.current_thread() is threading.main_thread():
            in_frame.append(enc.tick)
        return real_decode(enc, *args, **kw)

    monkeypatch.setattr(pb.world, "restore", restore)
    monkeypatch.setattr(cache_module, "decode", decode)
    while pb.shown_tick < 600:
        pb.update(1 / 60)
    pb.lookahead.wait()
    sp = filled.sparse_every
    assert restored and all(t % sp == 0 for t in restored), restored[:12]
    assert len(restored) <= 600 // sp + 1
    assert len(in_frame) <= 1, in_frame  # only the first, before anything could be ahead


def _full_plan(battle, filled) -> tuple[Keyframes, Precomputer]:
    """A cache with room for the sparse tier and ~20 dense keyframes, filled by a straight run,
    and the plan of a worker for it (not started: its plan is asked directly)."""
    from game.timeline.tiers import Budget

    world = build_world(battle)
    sp = filled.sparse_every
    entries = {t: filled.encoded(t)[0] for t in filled.ticks() if t}
    sparse = sum(e.nbytes for t, e in entries.items() if t % sp == 0)
    dense = [e.nbytes for t, e in entries.items() if t % sp]
    room = sparse + 20 * max(dense)  # the sparse tier and ~20 dense keyframes
    probe = Keyframes.for_world(world, budget=Budget(2**30))
    budget = Budget(room + probe.base_bytes + probe.budget.reserve_bytes)
    kf = Keyframes.for_world(world, budget=budget)
    pc = Precomputer.for_world(world, kf)
    while world.tick < END:
        step(world)
        kf.put(world.snapshot())
    assert kf.full() and all(kf.would_keep(t) or t in kf for t in range(0, END, sp))
    return kf, pc


def test_a_job_emits_its_keyframes_in_the_order_the_world_passes_them(battle):
    """The dense tier near the playhead, then from the start: a job that ran on from the last
    missing one by the playhead to those by tick 0 asked the worker for ticks its world was
    already past (it drops them unsent), and they counted as pending meanwhile."""
    world = build_world(battle)
    kf = Keyframes.for_world(world)
    pc = Precomputer.for_world(world, kf)
    near = [END - 9, END - 6]  # (dense ticks, not sparse ones)
    while world.tick < END:
        step(world)
        if world.tick not in near and (world.tick >= 100 or kf.is_sparse(world.tick)):
            kf.put(world.snapshot())
    kf.playhead = END
    job = pc.next_job()
    assert job is not None and list(job.emit) == sorted(job.emit), job.emit
    assert job.emit == tuple(near), job.emit


def test_the_other_accounts_sparse_tier_is_not_copied_in_where_the_archive_holds_it(battle):
    """Copied into a full window, the other account's keyframes round the playhead evicted the
    shown account's dense ones, which the plan then bought back once those fell behind: at 1:1
    and 1x, ~1,000 ticks re-simulated every 20 s. Where the archive holds them, a switch fetches
    them instead. (The small battle's one account stands for the other: another is shown.)"""
    world = build_world(battle)
    kf = Keyframes.for_world(world)
    pc = Precomputer.for_world(world, kf)
    while world.tick < END:
        step(world)
        if not kf.is_sparse(world.tick):
            kf.put(world.snapshot())  # the dense tier only: the sparse is the archive's
    kf.budget.shown = "the account on screen"
    kf.playhead = END // 2
    account = kf.key.account
    assert pc._spare_room(kf, END // 2) is not None  # what the archive does not hold: copied in
    pc._archived[account].update(range(0, END + 1, kf.sparse_every))
    assert pc._spare_room(kf, END // 2) is None


def test_a_full_cache_gives_the_worker_nothing_to_do_while_the_battle_plays(battle, filled):
    """Idle costs nothing: with the cache full, a playhead moving on as 1x playback moves it
    (a second at a time) makes no new work; a dense keyframe nearer the playhead would only
    replace one further away, re-simulating every tick the window plays."""
    kf, pc = _full_plan(battle, filled)
    jobs = []
    for playhead in range(300, 700, 20):
        kf.playhead = playhead
        job = pc.next_job()
        if job is not None:
            jobs.append((playhead, job.emit))
    assert jobs == [], jobs[:3]


def test_keyframes_that_outrank_the_other_accounts_do_not_have_the_worker_follow_the_playhead(
    battle, filled
):
    """The other account's keyframes the playhead leaves behind rank under the shown account's
    dense tier; with the cache full, each of them had bought a job of dense keyframes by the
    playhead (up to 40 for one), re-simulating the ticks the window was playing: at 1:1, 1x,
    5-10 % of the worker's core. The dense tier goes only into room. (The small battle's one
    account stands for the other: another is shown, so its dense keyframes by the playhead
    outrank its far ones, as the shown account's outrank the other's.)"""
    kf, pc = _full_plan(battle, filled)
    kf.budget.shown = "the account on screen"
    jobs = []
    for playhead in range(300, 700, 20):
        kf.playhead = playhead
        job = pc.next_job()
        if job is not None and [t for t in job.emit if t % kf.sparse_every]:
            jobs.append((playhead, job.emit))
    assert jobs == [], jobs[:3]


def test_a_keyframe_ranked_under_lets_one_in_not_a_jobs_worth(battle, filled):
    """`keep_test(by_rank=True)`: as many keyframes as there are entries ranked under them,
    however many are asked about at once (one had let in a whole job of 40)."""
    kf, _ = _full_plan(battle, filled)
    kf.budget.shown = "the account on screen"  # its keyframes rank as the other account's
    kf.playhead = 600
    under = [t for t in kf.ticks() if t and kf.rank(t) < tiers.NEAR_RANK]
    for t in under[1:]:  # one left, the rest dropped, and the cache full again
        if t in kf:
            kf.drop(t)
    kf.budget.total_bytes = kf.budget.stored_bytes() + kf.budget.reserve_bytes
    assert kf.budget.count_below(tiers.NEAR_RANK) == 1
    near = [t for t in range(540, 660, 3) if t not in kf]  # rank NEAR_RANK by the playhead
    assert len(near) > 10 and all(kf.rank(t) == tiers.NEAR_RANK for t in near)
    keep = kf.keep_test(by_rank=True, min_room=40)
    assert [keep(t) for t in near].count(True) == 1
    assert not any(kf.keep_test(by_rank=True, min_room=40, outrank=False)(t) for t in near)


def test_the_slack_an_eviction_leaves_is_not_room_for_the_dense_tier(battle, filled):
    """With room for a few dense keyframes (what evicting one leaves), the worker computes
    none: taken for room, each played second bought dense keyframes by the playhead and
    evicted far ones (at 1:1, 1x, cache full: 650-1,600 ticks re-simulated every 20 s). With
    room for a job's worth it fills them, as many as fit."""
    from game.timeline.plan import JOB_EMITS

    kf, pc = _full_plan(battle, filled)
    dense = [t for t in kf.ticks() if t % kf.sparse_every]
    kf.drop(dense[0])  # the slack of one
    kf.playhead = 600  # far from the dense keyframes the fill kept
    job = pc.next_job()
    assert job is None or not [t for t in job.emit if t % kf.sparse_every], job
    kf.budget.total_bytes += JOB_EMITS * max(kf.encoded(t)[0].nbytes for t in dense[1:])
    job = pc.next_job()
    assert job is not None and len([t for t in job.emit if t % kf.sparse_every]) > 1, job


def test_slowing_down_from_sixteen_times_brings_up_the_exact_world(battle, filled, straight):
    pb = Playback(build_world(battle), keyframes=filled, speed=16.0)
    for _ in range(40):
        pb.update(1 / 60)
    pb.set_speed(1.0)
    t = pb.world.tick
    assert pb.world.state_hash() == straight[t]
    for _ in range(30):  # and plays on, tick by tick, as a straight run
        pb.update(1 / 60)
        assert pb.world.state_hash() == straight[pb.world.tick]


def test_fast_playback_where_nothing_is_computed_simulates_and_says_how_fast(battle, straight):
    pb = Playback(build_world(battle), speed=16.0)  # no keyframes but tick 0
    ticks = [pb.world.tick]
    for _ in range(30):
        pb.update(1 / 60)
        ticks.append(pb.world.tick)
        assert pb.world.state_hash() == straight[pb.world.tick]
    assert ticks[-1] > ticks[0]
    assert pb.reached_speed is not None and 0 < pb.reached_speed <= 16.0 * 1.01


def test_the_bars_computed_stretches_follow_every_put_drop_and_archive_change(battle):
    """The bar reads `coverage` every frame, so it is kept between changes: after each put,
    drop, or change of what the worker's archive holds, it is what the ticks held then give."""
    world = build_world(battle)
    kf = Keyframes.for_world(world)
    sp = kf.sparse_every

    def fresh() -> list[tuple[int, int]]:
        return tiers.runs(sorted(set(kf.ticks()) | kf.elsewhere), sp)

    while world.tick < 20 * sp:
        step(world)
        kf.put(world.snapshot())
    whole = kf.coverage()
    assert whole == fresh() == [(0, world.tick)]
    anchor = kf.anchor_every
    kf.drop(anchor)  # an anchor, and what is stored against it: a stretch not computed
    assert kf.coverage() == fresh() != whole
    sparse = range(anchor, 2 * anchor, sp)
    kf.elsewhere.update(sparse)  # the archive holds its sparse tier
    assert kf.coverage() == fresh() == whole
    kf.elsewhere.discard(anchor + sp)  # and gave one up
    assert kf.coverage() == fresh() != whole
    kf.elsewhere.clear()
    again = build_world(battle)
    while again.tick < 2 * anchor:
        step(again)
        if again.tick in sparse:
            kf.put(again.snapshot())  # computed again
    assert kf.coverage() == fresh() == whole
