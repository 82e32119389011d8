"""Kiosk mode, driven headless with posted events and a virtual clock: lockdown, staff exit,
idle warning and reset, touch (one tap acts once, pinch about the fingers), attract loop,
burn-in drift, opening hours and the systemd watchdog."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import threading
import time
from dataclasses import replace

import numpy as np
import pygame
import pytest
from conftest import REAL_SCENARIO

from bench.kiosk_harness import VirtualClock
from game.kiosk.app import KioskApp
from game.kiosk.burnin import drift
from game.kiosk.config import DEFAULT_PIN, KioskConfig, LogConfig
from game.kiosk.health import SystemdNotifier
from game.kiosk.hours import OpeningHours
from game.kiosk.input import coalesce_motion
from game.kiosk.overlay import HINT_BREATH_S
from game.kiosk.session import END_HOLD_S
from game.scenario.load import load_scenario


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory):
    clock = VirtualClock(5000.0)
    # These tests are about the battle's kiosk (taps, idle, tour): its loop starts at 09:30 here;
    # tests/test_campaign_kiosk.py plays the default loop, prologue and epilogue included.
    log = LogConfig(folder=tmp_path_factory.mktemp("log"))
    cfg = replace(KioskConfig(), log=log, start="battle")
    app = KioskApp(load_scenario(REAL_SCENARIO), cfg, scale=100, precompute=False, clock=clock)
    app.fresh = view_state(app)  # what a visitor finds on a fresh start
    yield app
    app.close()


@pytest.fixture
def k(kiosk):
    """The module's kiosk, reset to the attract loop with an empty event queue."""
    pygame.event.clear()
    kiosk.clock.t += 1000
    kiosk.lockdown.gate.reset()
    kiosk.reset(kiosk.clock())
    kiosk.frame(0.0)
    return kiosk


def view_state(app: KioskApp) -> dict:
    w = app.window
    cam = w.camera
    pb = w.playback
    return {
        "camera": (round(cam.centre_x, 6), round(cam.centre_y, 6), round(cam.scale, 9)),
        "selected": w.inspect.selected,
        "follow": w.inspect.follow,
        "speed": pb.clock.speed,
        "paused": pb.clock.paused,
        "account": pb.world.account,
        "captions": w.options.captions,
        "hint": w.options.hint,
        "attract": app.session.attract,
        "language": (w.language, w.scene.fonts.words.code),
        "text_scale": w.units.text_scale,
        "tick": pb.world.tick,
        "hash": pb.world.state_hash(),
    }


def _post(kind: int, **kw) -> None:
    pygame.event.post(pygame.event.Event(kind, **kw))


def _finger(kind: int, fid: int, x: float, y: float, size=(1920, 1080)) -> None:
    _post(kind, finger_id=fid, touch_id=1, x=x / size[0], y=y / size[1], dx=0.0, dy=0.0,
          pressure=1.0)  # fmt: skip


def _tap(app: KioskApp, x: float, y: float, fid: int = 7) -> None:
    _finger(pygame.FINGERDOWN, fid, x, y)
    _finger(pygame.FINGERUP, fid, x, y)
    app.frame(0.0)


def _fullscreen() -> bool:
    return bool(pygame.display.get_surface().get_flags() & pygame.FULLSCREEN)


def test_kiosk_starts_fullscreen_in_the_attract_loop_at_the_first_tick(k):
    assert _fullscreen()
    assert k.window.screen.get_size() == (1920, 1080)
    assert k.state == "attract"
    assert k.window.playback.world.tick <= 1 and not k.window.playback.clock.paused
    assert k.window.playback.clock.speed == 1.0
    assert not pygame.mouse.get_visible()


def test_every_key_and_chord_leaves_the_kiosk_running_and_fullscreen(k):
    from bench.monkey import KEYS as keys
    from bench.monkey import MODS as mods  # none, Shift, Ctrl, Alt, Super, Ctrl+Alt and more

    assert len(keys) > 120  # every key pygame names (pygame-ce 2.5: 134)
    sent = 0
    for mod in mods:
        for key in keys:
            _post(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)
            _post(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0)
            sent += 1
            if sent % 200 == 0:
                k.frame(0.0)
        for kind in (pygame.QUIT, pygame.WINDOWCLOSE):
            _post(kind)
        k.frame(0.0)
    assert k.running
    assert not k.window.controls.quit_requested
    assert _fullscreen()
    assert not k.lockdown.gate.is_open  # no key opens the staff pad


def test_a_minimised_kiosk_restores_its_window(k, monkeypatch):
    restored = []

    class Window:  # SDL's dummy driver cannot minimise, so the window is a stand-in
        @staticmethod
        def from_display_module() -> Window:
            return Window()

        def restore(self) -> None:
            restored.append(True)

    monkeypatch.setattr(pygame, "Window", Window)
    _post(pygame.WINDOWMINIMIZED)
    k.frame(0.0)
    assert restored == [True]
    assert k.running and _fullscreen()


def _open_pad(app: KioskApp) -> None:
    for _ in range(5):
        app.clock.t += 0.3
        _tap(app, 20, 20)
    assert app.lockdown.gate.is_open


def _enter_pin(app: KioskApp, pin: str) -> None:
    from game.kiosk.pad import KEY_OK, pad_layout

    keys = pad_layout(app.window.screen.get_size())
    for digit in [*pin, KEY_OK]:
        app.clock.t += 0.3
        _tap(app, *keys[digit].center)


def test_a_wrong_pin_keeps_the_kiosk_and_the_right_one_exits(k):
    _open_pad(k)
    _enter_pin(k, "0000")
    assert k.running
    _enter_pin(k, DEFAULT_PIN)
    assert not k.running
    k.lockdown.gate._exit = False  # the module's kiosk carries on for the next tests


def test_corner_taps_spread_over_time_do_not_open_the_pad(k):
    for _ in range(5):
        k.clock.t += 2.5
        _tap(k, 20, 20)
    assert not k.lockdown.gate.is_open


def test_idle_warning_counts_down_then_resets_to_exactly_a_fresh_start(k):
    w = k.window
    # a visitor takes over: taps a unit, zooms, changes speed and account, hides captions
    x, y = w.camera.point_to_screen(*_formation_centre(k, 0))
    _tap(k, x, y)
    assert not k.session.attract and w.inspect.is_open and w.playback.clock.paused
    _finger(pygame.FINGERDOWN, 1, 800, 500)
    _finger(pygame.FINGERDOWN, 2, 1000, 500)
    _finger(pygame.FINGERMOTION, 2, 1200, 500)
    _finger(pygame.FINGERUP, 1, 800, 500)
    _finger(pygame.FINGERUP, 2, 1200, 500)
    for key in (pygame.K_PLUS, pygame.K_PLUS, pygame.K_a, pygame.K_c):
        _post(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)
    k.frame(0.0)
    assert w.playback.world.account == "malalas" and not w.options.captions
    # paused and inspecting: the warning shows countdown_s before reset_paused_s
    idle = k.config.idle
    k.clock.t += idle.reset_paused_s - idle.countdown_s - 1
    k.frame(0.0)
    assert k.state == "visitor"
    k.clock.t += 2
    k.frame(0.0)
    assert k.state == "warning"
    assert k.session.idle.seconds_left(k.clock(), False) >= 18
    selected = w.inspect.selected
    _tap(k, 960, 540)  # one tap extends, and does nothing else
    assert k.state == "visitor" and w.inspect.selected == selected
    k.clock.t += idle.reset_paused_s + 1
    k.frame(0.0)
    assert view_state(k) == k.fresh


def _choose_language(app: KioskApp, code: str) -> None:
    """A visitor taps the bar's language button, then the language (or "large" for text)."""
    w = app.window
    _tap(app, *w.bar_layout().language_chip().center)
    menu = w.bar_layout().language_menu()
    index = len(menu) - 1 if code == "large" else w.languages.codes().index(code)
    _tap(app, *menu[index].center)


def test_an_idle_reset_restores_the_default_language_and_text_size(k):
    """A visitor switches the kiosk to Arabic and large text, walks away: the reset brings back
    the language the museum set (`language` in kiosk.yaml), whichever that is."""
    w = k.window
    for default in ("en", "de"):
        k.config = replace(k.config, language=default)
        k.reset(k.clock())
        k.frame(0.0)
        _choose_language(k, "ar")
        _choose_language(k, "large")
        assert w.language == "ar" and w.scene.fonts.words.rtl and w.units.text_scale > 1.3
        k.clock.t += k.config.idle.reset_paused_s + 1
        k.frame(0.0)
        k.clock.t += k.config.idle.reset_paused_s + 1
        k.frame(0.0)
        assert k.session.attract
        assert (w.language, w.scene.fonts.words.code) == (default, default)
        assert w.units.text_scale == 1.0
    k.config = replace(k.config, language="en")
    k.reset(k.clock())


def test_with_reduced_motion_the_touch_hint_stands_still(k):
    """The attract loop's pill breathes (its edge swells and fades) unless the museum asked for
    reduced motion: then its edge is the same at every moment (WCAG 2.3.3)."""
    for reduced in (False, True):
        k.config = replace(k.config, reduced_motion=reduced)
        edges = set()
        for _ in range(3):
            k.clock.t += HINT_BREATH_S / 3
            k.frame(0.0)
            box = k.window.reserved[0][1]
            edges.add(tuple(k.window.screen.get_at((box.centerx, box.y + 1))))
        assert (len(edges) == 1) == reduced, (reduced, edges)
    k.config = replace(k.config, reduced_motion=False)


def test_a_playing_battle_is_given_longer_before_the_warning(k):
    _tap(k, 960, 400)  # leaves the attract loop; the battle plays on
    assert not k.session.attract and not k.window.playback.clock.paused
    k.clock.t += k.config.idle.reset_paused_s + 5
    k.frame(0.0)
    assert k.state == "visitor"
    k.clock.t += k.config.idle.reset_playing_s - k.config.idle.reset_paused_s - 10
    k.frame(0.0)
    assert k.state == "warning"
    k.clock.t += 6
    k.frame(0.0)
    assert k.session.attract


def _formation_centre(app: KioskApp, i: int) -> tuple[float, float]:
    s = app.window.playback.world.soldiers
    rows = s.formation == i
    return float(s.pos[0, rows].mean()), float(s.pos[1, rows].mean())


def test_a_tap_arriving_as_finger_and_mouse_events_acts_once(k):
    play = k.window.bar.layout((1920, 1080), k.window.ui_offset).play.center
    paused = k.window.playback.clock.paused
    _finger(pygame.FINGERDOWN, 3, *play)
    _post(pygame.MOUSEBUTTONDOWN, pos=play, button=1, touch=True)
    _finger(pygame.FINGERUP, 3, *play)
    _post(pygame.MOUSEBUTTONUP, pos=play, button=1, touch=True)
    k.frame(0.0)
    assert k.window.playback.clock.paused != paused


def _drag(app: KioskApp, fid: int, a: tuple[float, float], b: tuple[float, float]) -> None:
    _finger(pygame.FINGERDOWN, fid, *a)
    _finger(pygame.FINGERMOTION, fid, *b)
    _finger(pygame.FINGERUP, fid, *b)
    app.frame(0.0)


def test_a_finger_whose_lift_was_lost_is_forgotten_so_one_finger_pans_again(k):
    _tap(k, 960, 400)  # take over from the tour
    cam = k.window.camera
    _finger(pygame.FINGERDOWN, 9, 300, 300)  # its FINGERUP never comes (SDL lost it)
    k.frame(0.0)
    scale = cam.scale
    _drag(k, 4, (900, 500), (1100, 500))
    assert cam.scale != scale  # the phantom and this finger pinch
    k.clock.t += 11
    k.frame(0.0)
    assert k.window.controls.gestures.count == 0
    scale, x = cam.scale, cam.centre_x
    _drag(k, 5, (900, 500), (1100, 500))
    assert cam.scale == scale and cam.centre_x != x  # one finger pans, as it should


def test_pinch_zooms_about_the_fingers_centre(k):
    _tap(k, 960, 400)  # take over from the tour
    cam = k.window.camera
    cx, cy = 900.0, 500.0
    before = cam.screen_to_world(cx, cy)
    scale = cam.scale
    _finger(pygame.FINGERDOWN, 1, cx - 100, cy)
    _finger(pygame.FINGERDOWN, 2, cx + 100, cy)
    _finger(pygame.FINGERMOTION, 1, cx - 150, cy)
    _finger(pygame.FINGERMOTION, 2, cx + 150, cy)
    k.frame(0.0)
    _finger(pygame.FINGERUP, 1, cx - 150, cy)
    _finger(pygame.FINGERUP, 2, cx + 150, cy)
    k.frame(0.0)
    assert cam.scale == pytest.approx(scale * 1.5, rel=1e-6)
    assert cam.screen_to_world(cx, cy) == pytest.approx(before, abs=1e-6)
    assert not k.window.inspect.is_open  # two fingers never tap


def test_the_attract_loop_rests_at_its_end_then_starts_again(k, battles):
    prog, pb = k.window.programme, k.window.playback
    battles.ready_to_seek(pb, pb.end_tick)  # as the worker would have: no day re-simulated
    prog.seek(prog.segments.last)  # nightfall, then what came of it: the epilogue's last moment
    cycles = k.session.cycles
    k.frame(0.0)
    assert prog.at_end and pb.at_end and k.session.attract
    k.clock.t += END_HOLD_S + 1
    k.frame(0.0)
    assert pb.world.tick <= 1 and not pb.clock.paused  # (this kiosk's loop starts at 09:30)
    assert k.session.cycles == cycles + 1


def test_the_tour_moves_the_camera_only_in_the_attract_loop(k, battles):
    cam = k.window.camera
    battles.give_keyframe(k.window.playback, 6180)  # as the worker would have
    k.window.playback.seek(6200)  # the blow on the Roman right: the tour frames that wing
    start = (cam.centre_x, cam.centre_y, cam.scale)
    for _ in range(30):
        k.clock.t += 0.5
        k.frame(0.0)
    toured = (cam.centre_x, cam.centre_y, cam.scale)
    assert toured != start
    _tap(k, 960, 400)  # hands over (and may open a unit's panel, which shows the unit)
    handed = (cam.centre_x, cam.centre_y, cam.scale)
    for _ in range(30):
        k.clock.t += 0.5
        k.frame(0.0)
    assert (cam.centre_x, cam.centre_y, cam.scale) == handed  # the tour no longer drives it


def test_the_story_button_gives_the_camera_back_to_the_tour(k):
    """A visitor's tap takes the camera; the Story camera button, tapped, gives it back and
    the tour moves it again."""
    cam = k.window.camera
    k.window.playback.seek(6200)
    _tap(k, 960, 400)
    assert not k.tour.active
    k.window.inspect.close()  # the tap may have opened a unit's panel (the button hides then)
    k.frame(0.0)
    button = k.window.layout.get("story")
    assert button is not None, "the Story button is on the visitor's screen"
    _tap(k, *button.center)
    assert k.tour.active
    handed = (cam.centre_x, cam.centre_y, cam.scale)
    for _ in range(30):
        k.clock.t += 0.5
        k.frame(0.0)
    assert (cam.centre_x, cam.centre_y, cam.scale) != handed, "the tour drives it again"


def test_burn_in_drift_moves_the_fixed_interface_by_four_px_every_ten_minutes():
    amplitude, period = KioskConfig().burn_in.drift_px, KioskConfig().burn_in.period_s
    for start in np.arange(0.0, 7200.0, 97.0):
        seen = [drift(start + s, amplitude, period) for s in range(0, 601, 5)]
        x0, y0 = seen[0]
        moved = max(max(abs(x - x0), abs(y - y0)) for x, y in seen)
        assert moved >= 4
        assert all(abs(x) <= amplitude and abs(y) <= amplitude for x, y in seen)


def test_the_bar_drifts_and_its_buttons_still_answer_where_they_are_drawn(k):
    k.clock.t += 150  # a quarter period on
    k.frame(0.0)
    off = k.window.ui_offset
    assert off != (0, 0)
    lay = k.window.bar.layout((1920, 1080), off)
    assert lay.play.topleft == (24 + off[0], lay.panel.y + (lay.panel.h - lay.play.h) // 2 + off[1])
    paused = k.window.playback.clock.paused
    _tap(k, *lay.play.center)
    assert k.window.playback.clock.paused != paused


def test_outside_opening_hours_the_screen_is_blank_and_opening_starts_afresh(k):
    hours = OpeningHours(dt.time(9, 0), dt.time(18, 0))
    k.config = replace(k.config, hours=hours)
    try:
        k.local_time = lambda: dt.time(20, 0)
        k.frame(0.0)
        assert k.state == "closed"
        assert pygame.transform.average_color(k.window.screen)[:3] == (0, 0, 0)
        k.local_time = lambda: dt.time(9, 0)
        k.frame(0.0)
        assert k.state == "attract" and k.window.playback.world.tick <= 1
    finally:
        k.config = replace(k.config, hours=None)


def test_a_trackball_pointer_shows_when_moved_and_hides_after_three_seconds(k):
    assert not k.pointer_visible(k.clock())
    _post(pygame.MOUSEMOTION, pos=(500, 500), rel=(3, 0), buttons=(0, 0, 0), touch=False)
    k.frame(0.0)
    assert k.pointer_visible(k.clock())
    k.clock.t += k.config.pointer_hide_s + 0.1
    assert not k.pointer_visible(k.clock())


def test_finger_motions_are_merged_per_finger_between_presses():
    def motion(fid, x):
        return pygame.event.Event(pygame.FINGERMOTION, finger_id=fid, x=x, y=0.5)

    down = pygame.event.Event(pygame.FINGERDOWN, finger_id=3, x=0.1, y=0.1)
    merged = coalesce_motion([motion(1, 0.1), motion(2, 0.2), motion(1, 0.3), down, motion(1, 0.4)])
    assert [(e.type, getattr(e, "x", None)) for e in merged] == [
        (pygame.FINGERMOTION, 0.3),
        (pygame.FINGERMOTION, 0.2),
        (pygame.FINGERDOWN, 0.1),
        (pygame.FINGERMOTION, 0.4),
    ]


def test_watchdog_pings_come_from_the_loop_and_stop_when_it_stalls(k, tmp_path):
    path = str(tmp_path / "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.setblocking(False)
    env = {"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "100000", "WATCHDOG_PID": str(os.getpid())}
    old = (k.notifier, k.clock)
    k.notifier = SystemdNotifier.from_env(env)
    k.clock = time.monotonic  # real time: a ping from any thread would arrive during the stall
    try:
        deadline = time.monotonic() + 0.4
        while time.monotonic() < deadline:
            k.frame(0.0)
        assert _drain(sock).count(b"WATCHDOG=1") >= 3
        time.sleep(0.5)  # the loop stalls
        assert _drain(sock) == []
        k.frame(0.0)
        assert _drain(sock) == [b"WATCHDOG=1"]
    finally:
        k.notifier.close()
        k.notifier, k.clock = old
        sock.close()


def _drain(sock: socket.socket) -> list[bytes]:
    out = []
    while True:
        try:
            out.append(sock.recv(4096))
        except BlockingIOError:
            return out


def test_sigterm_from_the_supervisor_ends_the_loop_cleanly(k):
    """`systemctl stop` sends SIGTERM; SDL turned it into a QUIT the kiosk ignores, so the
    service hung until systemd's SIGKILL."""
    term = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGTERM))
    guard = threading.Timer(10.0, setattr, (k.lockdown.gate, "_exit", True))  # fail, don't hang
    term.start()
    guard.start()
    try:
        status = k.run()
    finally:
        term.cancel()
        guard.cancel()
        stopped_by = k.stop_signal
        k.stop_signal = None  # the module's kiosk carries on for the next tests
        k.lockdown.gate._exit = False
    assert stopped_by == signal.SIGTERM
    assert status == 0
