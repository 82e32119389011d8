"""Kiosk mode: the battle on a museum's touch screen, unattended, all day.

It wraps the ordinary window (`WindowApp`) and adds what a public screen needs:
- the attract loop: the battle from the start at 1x with captions and a slow camera tour, a
  "Touch to explore" hint, and back to the start after nightfall;
- the first touch hands over to the visitor (everything of the ordinary window works);
- after a spell without input, a warning with a countdown, then a complete reset;
- lockdown: closing the window, Escape, Alt+F4 and every other key do not leave, and the
  window does not minimise; only staff leave, by 5 taps in the top-left corner and a PIN;
- staying alive: a staff log, a heartbeat file, systemd readiness and watchdog pings from the
  main loop (a frozen loop stops pinging and gets restarted), a log line and a non-zero exit on
  any unexpected error so the supervisor restarts it;
- burn-in drift of the fixed interface; a blank screen outside opening hours.

Time comes from an injected monotonic clock (`clock`), so tests and the soak drive hours of
kiosk life in seconds, and the battle's own time stays the timeline's.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pygame

from game.app.gestures import TAP_SLOP_MM, Gestures, px_per_mm
from game.app.window import FPS, WindowApp
from game.kiosk.admin import AdminGate, CornerTaps
from game.kiosk.burnin import drift
from game.kiosk.config import KioskConfig
from game.kiosk.health import Heartbeat, SystemdNotifier, process_stats
from game.kiosk.idle import Idle, IdleTimer
from game.kiosk.overlay import (
    VISITOR_HINT,
    draw_idle_warning,
    draw_pointer,
    draw_touch_hint,
)
from game.kiosk.pin import check_pin
from game.kiosk.tour import Tour, load_tour
from game.scenario.specs import Scenario
from game.view.timeline_bar import BAR_HEIGHT

KIOSK_ENV = {"SDL_VIDEO_MINIMIZE_ON_FOCUS_LOSS": "0"}
"""SDL hints set before the display opens: a fullscreen window must not minimise when
something else takes the focus (libsdl-org/SDL#3656)."""

STALE_FINGER_S = 10.0
"""A finger silent this long is taken as lifted. SDL can lose a finger-up (libsdl-org/SDL#1558),
and a phantom finger would make every later tap a crowded non-tap until the next reset."""

END_HOLD_S = 20.0
"""Wall seconds the attract loop rests on nightfall before it starts the battle again."""

HINT_TOP = 34  # px from the top: the hint sits between the title and clock boxes

INPUT_EVENTS = frozenset(
    {
        pygame.FINGERDOWN,
        pygame.FINGERMOTION,
        pygame.FINGERUP,
        pygame.MOUSEBUTTONDOWN,
        pygame.MOUSEBUTTONUP,
        pygame.MOUSEMOTION,
        pygame.MOUSEWHEEL,
        pygame.KEYDOWN,
    }
)
PRESSES = frozenset({pygame.FINGERDOWN, pygame.MOUSEBUTTONDOWN, pygame.KEYDOWN})
MOUSE_EVENTS = frozenset(
    {pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION, pygame.MOUSEWHEEL}
)
LEAVE_EVENTS = frozenset({pygame.QUIT, pygame.WINDOWCLOSE})
LIFTS = frozenset({pygame.FINGERUP, pygame.MOUSEBUTTONUP})

MAX_INPUT_PER_FRAME = 1000
"""Presses, motions, wheel turns and keys handled in one loop turn; the rest of a flood is
dropped. Ten fingers at 240 Hz are ~40 events a frame (motion is merged per finger), so only a
runaway device or a full SDL queue (65,535 events after a stall) reaches it; handling such a
queue whole took 13 s of CPU, past the 10 s systemd watchdog."""
FLOOD_LOG_EVERY_S = 60.0


def tour_path(scenario: Scenario) -> Path:
    """The attract loop's tour lives beside the scenario."""
    return scenario.path.parent / "tour.yaml"


def coalesce_motion(events: list[pygame.event.Event]) -> list[pygame.event.Event]:
    """Keep only the last FINGERMOTION of each finger between presses and lifts.

    A finger on glass reports ~100 motions a second and a storm of ten fingers can fill SDL's
    queue; positions are absolute, so the last one carries all the information.
    """
    out: list[pygame.event.Event] = []
    pending: dict[int, int] = {}  # finger -> index in out of its latest motion
    for e in events:
        if e.type == pygame.FINGERMOTION:
            fid = int(e.finger_id)
            if fid in pending:
                out[pending[fid]] = e
                continue
            pending[fid] = len(out)
        elif e.type in (pygame.FINGERDOWN, pygame.FINGERUP):
            pending.clear()
        out.append(e)
    return out


def shed_flood(
    events: list[pygame.event.Event], limit: int = MAX_INPUT_PER_FRAME
) -> tuple[list[pygame.event.Event], int]:
    """The events a loop turn handles, and how many it drops: input beyond `limit`, except lifts.

    Lifts (finger up, button up) and window events are always kept, so a flood never leaves a
    finger, a drag or the playhead held down: a lift whose press was dropped does nothing."""
    kept: list[pygame.event.Event] = []
    taken = dropped = 0
    for e in events:
        if e.type in INPUT_EVENTS and e.type not in LIFTS:
            if taken >= limit:
                dropped += 1
                continue
            taken += 1
        kept.append(e)
    return kept, dropped


class KioskApp:
    def __init__(
        self,
        scenario: Scenario,
        config: KioskConfig,
        *,
        seed: int | None = None,
        scale: int = 1,
        size: tuple[int, int] = (1920, 1080),
        precompute: bool = True,
        keyframe_budget_mb: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        local_time: Callable[[], dt.time] = lambda: dt.datetime.now().time(),
        logger: logging.Logger | None = None,
        notifier: SystemdNotifier | None = None,
    ):
        for key, value in KIOSK_ENV.items():
            os.environ[key] = value
        self.config = config
        self.clock = clock
        self.local_time = local_time
        self.log = logger or logging.getLogger("callinicum531")
        if config.start_account not in scenario.accounts:
            raise ValueError(
                f"{config.source or 'kiosk config'}: start_account: '{config.start_account}' "
                f"is not an account of the scenario ({', '.join(scenario.accounts)})"
            )
        self.tour = Tour(load_tour(tour_path(scenario), scenario), scenario, BAR_HEIGHT)
        self.tour.reduced_motion = config.reduced_motion
        self.window = WindowApp(
            scenario,
            seed=seed,
            scale=scale,
            size=size,
            precompute=precompute,
            keyframe_budget_mb=keyframe_budget_mb,
            account=config.start_account,
            fullscreen=True,
        )
        w = self.window
        w.controls.can_quit = False
        w.controls.gestures = Gestures(slop_px=TAP_SLOP_MM * px_per_mm(config.screen_inches))
        pygame.mouse.set_visible(False)  # touch: no cursor; a trackball gets `draw_pointer`
        now = clock()
        admin = config.admin
        self.gate = AdminGate(
            lambda pin: check_pin(pin, admin.pin_hash),
            corner=CornerTaps(admin.corner_px, admin.corner_taps, admin.corner_window_s),
            max_wrong=admin.max_wrong,
            lockout_s=admin.lockout_s,
            canvas_size=w.screen.get_size(),
        )
        idle = config.idle
        self.idle = IdleTimer(idle.countdown_s, idle.reset_paused_s, idle.reset_playing_s, now)
        self.heartbeat = Heartbeat(
            config.heartbeat_path, config.heartbeat.interval_s, logger=self.log
        )
        self.notifier = (
            notifier if notifier is not None else SystemdNotifier.from_env(logger=self.log)
        )
        self.attract = True
        self.cycles = 0  # attract loops begun (a soak counts them)
        self.resets = 0  # idle resets done
        self.closed = False  # outside opening hours: blank
        self.last_error: str | None = None
        self.stop_signal: int | None = None  # SIGTERM from the supervisor: leave cleanly
        self.fps = float(FPS)
        self._end_since: float | None = None
        self._pointer_seen = -1e9  # when a real mouse/trackball last moved
        self._fingers: dict[int, float] = {}  # fingers down -> when last heard of
        self._pointer_pos = (0, 0)
        self._flood_logged = -1e9  # when a dropped flood of input was last logged
        self.dropped_events = 0  # input dropped by `shed_flood` since start
        self.reset(now)
        self.resets = 0
        self.notifier.ready()
        self.log.info("kiosk started: account %s, scale %d", config.start_account, scale)

    # -- state ------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return not self.gate.exit_requested and self.stop_signal is None

    @property
    def state(self) -> str:
        """What the heartbeat reports: attract, visitor, warning or closed."""
        if self.closed:
            return "closed"
        if self.attract:
            return "attract"
        return "warning" if self._idle_status(self.clock()) is Idle.WARNING else "visitor"

    def _playing(self) -> bool:
        pb = self.window.playback
        return not pb.clock.paused and not pb.at_end and not self.window.inspect.is_open

    def _idle_status(self, now: float) -> Idle:
        return Idle.ACTIVE if self.attract else self.idle.status(now, self._playing())

    # -- the loop ---------------------------------------------------------------------------------
    def reset(self, now: float) -> None:
        """Back to the attract loop exactly as at start: account, battle, view, speed, captions."""
        w = self.window
        w.switch_account(self.config.start_account)
        self._let_go()
        w.inspect.close()
        w.playback.restart(speed=1.0)
        w.options.captions = self.config.captions
        w.options.hint = ""
        self.gate.reset()
        self.attract = True
        self.cycles += 1
        self.resets += 1
        self._end_since = None
        self._pointer_seen = -1e9
        self.idle.touch(now)
        w.camera.resize(*w.screen.get_size())
        self.tour.restart(w.camera, w.playback.world, w.playback.positions(), now)

    def handle(self, event: pygame.event.Event, now: float) -> None:
        """One event, through the kiosk's filters, then to the ordinary controls."""
        t = event.type
        if t in LEAVE_EVENTS:
            self.log.info("window close request ignored (kiosk)")
            return
        if t == pygame.WINDOWMINIMIZED:
            self._restore_window()
            return
        if t == pygame.WINDOWFOCUSLOST:
            self._let_go()
            return
        if t not in INPUT_EVENTS:
            return
        self._track_finger(event, now)
        if t in MOUSE_EVENTS and getattr(event, "touch", False):
            return  # SDL's copy of a touch: the finger events act
        if t in MOUSE_EVENTS:
            self._pointer_seen = now
            if hasattr(event, "pos"):
                self._pointer_pos = event.pos
        if self._to_gate(event, now):
            return
        warned = self._idle_status(now) is Idle.WARNING
        self.idle.touch(now)
        if warned:
            if t in PRESSES:
                self.window.controls.reset()  # the tap that extends does nothing else
            return
        if self.attract and t in PRESSES:
            self.attract = False
            self.window.options.hint = VISITOR_HINT
        self.window.controls.handle(event)

    def _track_finger(self, event: pygame.event.Event, now: float) -> None:
        finger = getattr(event, "finger_id", None)
        if event.type == pygame.FINGERUP:
            self._fingers.pop(finger, None)
        elif event.type in (pygame.FINGERDOWN, pygame.FINGERMOTION):
            self._fingers[finger] = now

    def _forget_stale_fingers(self, now: float) -> None:
        if self._fingers and now - min(self._fingers.values()) > STALE_FINGER_S:
            self.log.info("a finger silent for %.0f s taken as lifted", STALE_FINGER_S)
            self._let_go()

    def _let_go(self) -> None:
        """Forget every finger and press in progress (focus lost, a reset, a phantom finger)."""
        self.window.controls.reset()
        self._fingers.clear()

    def _to_gate(self, event: pygame.event.Event, now: float) -> bool:
        """Feed the staff exit; True if it took the event (the PIN pad is modal)."""
        t = event.type
        if t == pygame.KEYDOWN:
            return self.gate.key(event.key, getattr(event, "unicode", ""), now)
        pos = self._press_pos(event)
        if pos is not None:
            took = self.gate.tap(pos, now)
            if took:
                self.window.controls.reset()
            return took
        return self.gate.is_open

    def _press_pos(self, event: pygame.event.Event) -> tuple[float, float] | None:
        w, h = self.window.screen.get_size()
        if event.type == pygame.FINGERDOWN:
            return (min(max(float(event.x), 0.0), 1.0) * w, min(max(float(event.y), 0.0), 1.0) * h)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            return (float(event.pos[0]), float(event.pos[1]))
        return None

    def _restore_window(self) -> None:
        try:
            # pygame-ce 2.5 has no other handle on the display module's window; the warning is
            # about drawing through that handle, which this does not do
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                window = pygame.Window.from_display_module()
            window.restore()
        except (pygame.error, AttributeError) as err:
            self.log.warning("could not restore the minimised window: %s", err)

    def frame(self, wall_seconds: float) -> None:
        """One turn of the loop."""
        now = self.clock()
        self.window.controls.new_frame()
        events, dropped = shed_flood(coalesce_motion(pygame.event.get()))
        if dropped:
            self._log_flood(dropped, now)
        for event in events:
            self.handle(event, now)
        self._forget_stale_fingers(now)
        w = self.window
        self.gate.update(now)
        if self._outside_hours():
            self._blank()
            self._tick_health(now, wall_seconds)
            return
        if self._idle_status(now) is Idle.RESET:
            self.log.info("idle reset after %.0f s without input", now - self.idle.last_input)
            self.reset(now)
        if self.attract:
            self._loop_at_end(now)
        w.advance(wall_seconds)
        if self.attract:
            pb = w.playback
            self.tour.update(w.camera, pb.world, pb.positions(), now)
        burn = self.config.burn_in
        w.ui_offset = drift(now, burn.drift_px, burn.period_s)
        w.draw()
        self._draw_overlays(now)
        pygame.display.flip()
        self._tick_health(now, wall_seconds)

    def _log_flood(self, dropped: int, now: float) -> None:
        self.dropped_events += dropped
        if now - self._flood_logged >= FLOOD_LOG_EVERY_S:
            self._flood_logged = now
            self.log.warning(
                "input flood: dropped %d events this frame (%d since start)",
                dropped,
                self.dropped_events,
            )

    def _loop_at_end(self, now: float) -> None:
        """The attract loop rests on nightfall, then begins the battle again."""
        if not self.window.playback.at_end:
            self._end_since = None
            return
        if self._end_since is None:
            self._end_since = now
        elif now - self._end_since >= END_HOLD_S:
            self.reset(now)
            self.resets -= 1  # a loop, not an idle reset

    def _outside_hours(self) -> bool:
        hours = self.config.hours
        closed = hours is not None and not hours.is_open(self.local_time())
        if closed != self.closed:
            self.closed = closed
            self.log.info("outside opening hours: screen blank" if closed else "opening: attract")
            if not closed:
                self.reset(self.clock())
        return closed

    def _blank(self) -> None:
        self.window.playback.pause()
        self.window.screen.fill((0, 0, 0))
        pygame.display.flip()

    def _draw_overlays(self, now: float) -> None:
        w = self.window
        screen, fonts = w.screen, w.scene.fonts
        if self.attract:
            draw_touch_hint(screen, fonts, now, w.ui_offset, HINT_TOP)
        elif self._idle_status(now) is Idle.WARNING:
            draw_idle_warning(screen, fonts, self.idle.seconds_left(now, self._playing()))
        if self.gate.is_open:
            self.gate.draw(screen, fonts)
        if self.pointer_visible(now):
            draw_pointer(screen, self._pointer_pos)

    def pointer_visible(self, now: float) -> bool:
        """A trackball's pointer shows while it moves and hides after a few still seconds."""
        cfg = self.config
        return cfg.pointer != "touch" and now - self._pointer_seen < cfg.pointer_hide_s

    def _on_stop_signal(self, signum: int, _frame: object) -> None:
        self.stop_signal = signum

    def _tick_health(self, now: float, wall_seconds: float) -> None:
        if wall_seconds > 0:
            self.fps += (min(1.0 / wall_seconds, 1000.0) - self.fps) * 0.05
        if self.config.watchdog:
            self.notifier.watchdog(now)
        self.heartbeat.beat(now, fps=self.fps, state=self.state, last_error=self.last_error)

    def close(self) -> None:
        self.notifier.stopping()
        self.notifier.close()
        self.window.close()

    def run(self) -> int:
        """The loop until staff leave (0); any unexpected error is logged and exits 1, so the
        supervisor (systemd, `Restart=always`) starts a fresh kiosk. SIGTERM (`systemctl stop`)
        ends the loop too: SDL would turn it into a QUIT event, which the kiosk ignores, and
        systemd would SIGKILL it after TimeoutStopSec without a word in the log."""
        clock = pygame.time.Clock()
        previous = signal.signal(signal.SIGTERM, self._on_stop_signal)
        try:
            while self.running:
                self.frame(clock.tick(FPS) / 1000.0)
        except Exception as err:  # the supervisor restarts us; the log says why
            self.last_error = f"{type(err).__name__}: {err}"
            self.log.exception("kiosk stopped by an error")
            self.heartbeat.beat(
                self.clock(), fps=self.fps, state="error", last_error=self.last_error, force=True
            )
            return 1
        finally:  # SDL's own handler, set from C, reads as None and cannot be put back
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
        self.log.info("stopped by SIGTERM" if self.stop_signal is not None else "staff exit")
        stats = process_stats()
        self.log.info("at exit: rss %s bytes, %s fds", stats.get("rss_bytes"), stats.get("fds"))
        return 0
