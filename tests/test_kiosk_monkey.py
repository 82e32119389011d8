"""The monkey (goal G2): seeded storms of random input must not crash the kiosk, corrupt the
battle, get a visitor out of fullscreen or stop the attract loop coming back. The generator is
`bench/monkey.py`'s (the 100k-event run lives there); a failure names the seed and the event
index to replay.

Also the regressions the monkey found: a full SDL queue used to take one loop turn 40 s (13 s of
CPU) to drain, and arrow keys queued in one turn each blocked it for a whole seek budget.
"""

from __future__ import annotations

import math
import time

import pygame
import pytest

from bench.kiosk_harness import Kiosk, open_kiosk
from bench.monkey import (
    assert_fresh_attract,
    back_to_attract,
    check_kiosk,
    finger,
    overfill_queue,
    storm,
)
from game.app.controls import CAMPAIGN_STEP_S, STEP_MINUTES
from game.kiosk.input import MAX_INPUT_PER_FRAME, shed_flood
from game.timeline.programme import BATTLE, PROLOGUE

FRAME_S = 0.25  # 50 events a loop turn: the storm's cost is mostly drawing
WATCHDOG_S = 10.0  # deploy/callinicum-kiosk.service: WatchdogSec=10


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory) -> Kiosk:
    k = open_kiosk(tmp_path_factory.mktemp("monkey"), scale=100, precompute=False)
    yield k
    k.close()


@pytest.fixture
def fresh(kiosk: Kiosk) -> Kiosk:
    """The module's kiosk back in the attract loop, nothing queued, the staff pad shut."""
    pygame.event.clear()
    kiosk.clock.t += 1000
    kiosk.app.lockdown.gate.reset()
    kiosk.app.reset(kiosk.clock())
    kiosk.step(FRAME_S)
    return kiosk


@pytest.mark.parametrize(("seed", "events"), [(531, 5000), (1, 500), (2, 500)])
def test_a_storm_of_random_input_leaves_the_kiosk_whole_and_it_resets_when_left(
    fresh, seed, events
):
    rep = storm(fresh, seed, events, frame_s=FRAME_S)
    assert rep.events == events
    waited = back_to_attract(fresh)
    assert waited <= fresh.app.config.idle.reset_playing_s + 10
    assert_fresh_attract(fresh)
    check_kiosk(fresh)


def test_random_input_through_sdls_queue_and_the_loop_is_handled_alike(fresh):
    rep = storm(fresh, 7, 500, post=True, frame_s=FRAME_S)
    assert rep.posted == 500 and rep.refused == 0
    assert not pygame.event.peek(), "the loop left events in SDL's queue"
    back_to_attract(fresh)
    assert_fresh_attract(fresh)


def test_a_full_sdl_queue_drains_in_one_turn_well_inside_the_watchdog(fresh):
    accepted, refused, turn = overfill_queue(fresh, seed=11)
    assert accepted == 65_535 and refused > 0  # SDL's queue really was full
    assert not pygame.event.peek(), "the queue was not drained"
    assert turn < WATCHDOG_S / 2, f"draining took {turn:.1f} s (it took ~40 s unbounded)"
    assert fresh.app.input.dropped_events > 0
    check_kiosk(fresh)
    # the kiosk still answers the next visitor: a tap on play pauses the programme (or plays
    # it: the storm may have left it paused) wherever it is, prologue or battle
    w = fresh.app.window
    play = w.bar.layout((1920, 1080), w.ui_offset).play.center
    paused = w.programme.paused
    for kind in (pygame.FINGERDOWN, pygame.FINGERUP):
        pygame.event.post(finger(kind, 3, play[0] / 1920, play[1] / 1080))
    fresh.step(FRAME_S)
    assert w.programme.paused != paused


def test_a_flood_drops_presses_beyond_the_limit_but_never_a_lift():
    downs = [finger(pygame.FINGERDOWN, i, 0.5, 0.5) for i in range(MAX_INPUT_PER_FRAME + 500)]
    ups = [finger(pygame.FINGERUP, i, 0.5, 0.5) for i in range(MAX_INPUT_PER_FRAME + 500)]
    window = [pygame.event.Event(pygame.WINDOWFOCUSLOST)]
    kept, dropped = shed_flood(downs + window + ups)
    assert dropped == 500
    assert sum(e.type == pygame.FINGERDOWN for e in kept) == MAX_INPUT_PER_FRAME
    assert sum(e.type == pygame.FINGERUP for e in kept) == len(ups)
    assert sum(e.type == pygame.WINDOWFOCUSLOST for e in kept) == 1
    assert shed_flood(downs[:10]) == (downs[:10], 0)


def test_forty_arrow_keys_in_one_turn_land_together_without_freezing_the_screen(fresh):
    """Regression: each skip blocked the turn for a whole 150 ms seek budget (6 s for 40).

    The kiosk opens on the prologue: the first presses walk it 10 s at a time, the rest step
    the battle's clock 15 minutes of the day each."""
    prog, pb = fresh.app.window.programme, fresh.app.window.playback
    fresh.app.handle(finger(pygame.FINGERDOWN, 1, 0.5, 0.3), fresh.clock())  # a visitor
    fresh.app.handle(finger(pygame.FINGERUP, 1, 0.5, 0.3), fresh.clock())
    assert prog.part == PROLOGUE
    step = round(CAMPAIGN_STEP_S * pb.clock.tick_rate)
    in_prologue = math.ceil(-prog.aim_tick / step)  # presses until the battle
    landing = prog.aim_tick + in_prologue * step
    for _ in range(40):
        pygame.event.post(
            pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RIGHT, mod=0, unicode="", scancode=0)
        )
    started = time.perf_counter()
    fresh.step(FRAME_S)
    turn = time.perf_counter() - started
    clock, rate = pb.world.scenario.clock, pb.clock.tick_rate
    minutes = clock.minutes_of_day(landing / rate) + (40 - in_prologue) * STEP_MINUTES
    expected = min(round(clock.seconds_at(minutes) * rate), pb.end_tick)
    assert prog.part == BATTLE
    assert abs(prog.aim_tick - expected) <= 40  # every press counted (each rounds to a tick)
    assert turn < 3.0, f"the turn took {turn:.1f} s"
