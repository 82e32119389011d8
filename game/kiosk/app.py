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
import signal
import time
from collections.abc import Callable

import pygame

from game.app.frameclock import FrameClock
from game.app.gestures import TAP_SLOP_MM, px_per_mm
from game.app.pacing import FPS
from game.app.window import WindowApp
from game.kiosk.burnin import drift
from game.kiosk.config import KioskConfig, own_files
from game.kiosk.health import Heartbeat, SystemdNotifier, process_stats
from game.kiosk.idle import Idle
from game.kiosk.input import INPUT_EVENTS, PRESSES, KioskInput
from game.kiosk.lockdown import Lockdown, lock_display_env
from game.kiosk.overlay import (
    VISITOR_HINT,
    draw_idle_warning,
    draw_pointer,
    draw_touch_hint,
    touch_hint_rect,
)
from game.kiosk.session import Session
from game.kiosk.stafflog import staff_logger
from game.kiosk.tour import tour_path
from game.scenario.specs import Scenario
from game.timeline.programme import PROLOGUE
from game.view.assets import Assets, load_assets
from game.view.terrain import bands_for


class KioskApp:
    def __init__(
        self,
        scenario: Scenario,
        config: KioskConfig,
        *,
        seed: int | None = None,
        scale: int = 1,
        size: tuple[int, int] | None = None,
        precompute: bool = True,
        keyframe_budget_mb: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        local_time: Callable[[], dt.time] = lambda: dt.datetime.now().time(),
        logger: logging.Logger | None = None,
        notifier: SystemdNotifier | None = None,
        assets: Assets | None = None,
    ):
        """`assets`: checked at start-up; by default with the kiosk's fallback (a damaged
        sprite sheet: dots; a damaged font: pygame's own), each problem in the staff log."""
        lock_display_env()
        self.config = config
        self.clock = clock
        self.local_time = local_time
        self.log = logger or staff_logger()
        assets = assets or load_assets(fallback=True)
        for problem in assets.problems:
            self.log.warning("damaged asset left out: %s", problem)
        if config.start_account not in scenario.accounts:
            raise ValueError(
                f"{config.source or 'kiosk config'}: start_account: '{config.start_account}' "
                f"is not an account of the scenario ({', '.join(scenario.accounts)})"
            )
        self.window = WindowApp(
            scenario,
            seed=seed,
            scale=scale,
            size=size,
            precompute=precompute,
            keyframe_budget_mb=keyframe_budget_mb,
            account=config.start_account,
            fullscreen=True,
            can_quit=False,
            tap_slop_px=TAP_SLOP_MM * px_per_mm(config.screen_inches),
            assets=assets,
            start=config.start,
            clock=clock,
            language=config.language,
            languages=config.languages,
        )
        self.tour = self.window.story  # the attract loop's tour is the story camera
        self.tour.reduced_motion = config.reduced_motion
        pygame.mouse.set_visible(False)  # touch: no cursor; a trackball gets `draw_pointer`
        self.window.px_per_mm = px_per_mm(config.screen_inches, self.window.screen.get_size())
        now = clock()
        self.input = KioskInput(self.log)
        self.lockdown = Lockdown(
            config.admin,
            self.window.screen.get_size(),
            self.log,
            cancel_press=lambda: self.window.controls.reset(),
        )
        self.session = Session(config, now, self.log)
        self.heartbeat = Heartbeat(
            config.heartbeat_path,
            config.heartbeat.interval_s,
            logger=self.log,
            protected=own_files(config, (*scenario.files, tour_path(scenario))),
        )
        self.notifier = (
            notifier if notifier is not None else SystemdNotifier.from_env(logger=self.log)
        )
        self.last_error: str | None = None
        self.stop_signal: int | None = None  # SIGTERM from the supervisor: leave cleanly
        self.fps = float(FPS)
        self.reset(now, loop=True)
        self.notifier.ready()
        self.log.info("kiosk started: account %s, scale %d", config.start_account, scale)

    # -- state ------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return not self.lockdown.staff_left and self.stop_signal is None

    @property
    def state(self) -> str:
        """What the heartbeat reports: attract, visitor, warning or closed."""
        return self.session.state(self.clock(), self._playing())

    def _playing(self) -> bool:
        prog = self.window.programme
        return prog.playing and not prog.at_end and not self.window.inspect.is_open

    def _idle_status(self, now: float) -> Idle:
        return self.session.idle_status(now, self._playing())

    # -- the loop ---------------------------------------------------------------------------------
    def reset(self, now: float, *, loop: bool = False) -> None:
        """Back to the attract loop exactly as at start: account, language, text size, battle,
        view, speed, captions.

        `loop`: the attract loop beginning again by itself, not counted as a reset."""
        w = self.window
        w.switch_account(self.config.start_account)
        w.set_language(self.config.language)
        if w.text_scale != 1.0:
            w.toggle_large_text()
        self._let_go()
        w.inspect.close()
        start = w.programme.segments.first if self.config.start == PROLOGUE else 0
        w.programme.restart(speed=1.0, start=start)  # the prologue (or 09:30), playing
        w.options.captions = self.config.captions
        w.options.hint = ""
        w.options.still = self.config.reduced_motion  # the story's markers keep their places
        self.lockdown.gate.reset()
        self.session.begin(now, loop=loop)
        self.input.pointer_seen = -1e9
        w.camera.resize(*w.screen.get_size())
        self.tour.bottom_reserved = w.bar_layout().bar_height
        self.tour.active = True
        self.tour.clear_of(0, 0)  # a fresh start has drawn no caption yet
        self.tour.restart(w.camera, w.playback.world, w.playback.positions(), now)

    def handle(self, event: pygame.event.Event, now: float) -> None:
        """One event, through the kiosk's filters, then to the ordinary controls."""
        t = event.type
        if self.lockdown.window_event(event):
            return
        if t == pygame.WINDOWFOCUSLOST:
            self._let_go()
            return
        if t not in INPUT_EVENTS or not self.input.note(event, now):
            return
        if self.lockdown.to_gate(event, now, self.window.screen.get_size()):
            return
        if self.session.touched(now, self._playing()):
            if t in PRESSES:
                self.window.controls.reset()  # the tap that extends does nothing else
            return
        if t in PRESSES and self.session.hand_over():
            self.window.options.hint = self.window.scene.fonts.t(VISITOR_HINT)
            self.tour.active = False  # the visitor's screen: the Story button gives it back
        self.window.controls.handle(event)

    def _let_go(self) -> None:
        """Forget every finger and press in progress (focus lost, a reset, a phantom finger)."""
        self.window.controls.reset()
        self.input.lift_all()

    def frame(self, wall_seconds: float) -> None:
        """One turn of the loop."""
        now = self.clock()
        self.window.controls.new_frame()
        events = self.input.take(pygame.event.get(), now)
        for event in events:
            self.handle(event, now)
        if self.input.stale_finger(now):
            self._let_go()
        w = self.window
        self.lockdown.gate.update(now)
        closed, opened = self.session.closing(self.config.hours, self.local_time())
        if opened:
            self.reset(self.clock())
        if closed:
            self._blank()
            self._tick_health(now, wall_seconds)
            return
        if self._idle_status(now) is Idle.RESET:
            idle_s = now - self.session.idle.last_input
            self.log.info("idle reset after %.0f s without input", idle_s)
            self.reset(now)
        if self.session.attract and self.session.loop_ends(w.programme.at_end, now):
            self.reset(now, loop=True)
        w.advance(wall_seconds)  # the story camera moves while it is on (the attract loop)
        burn = self.config.burn_in
        w.ui_offset = drift(now, burn.drift_px, burn.period_s)
        w.reserved = ()
        if self.session.attract:  # the pill goes where the last frame's title and clock allow
            boxes = tuple(r for r in (w.layout.get("title"), w.layout.get("clock")) if r)
            hint = touch_hint_rect(w.scene.fonts, w.screen.get_size(), w.ui_offset, w.units, boxes)
            w.reserved = (("kiosk.touch_hint", hint),)
        if self.session.attract or w.still.changed(self._frame_key(now), bool(events)):
            w.draw(bands_for(wall_seconds))
            self._draw_overlays(now)
            pygame.display.flip()  # (a still visitor's screen is not drawn again: #15)
        self._tick_health(now, wall_seconds)

    def _frame_key(self, now: float) -> tuple:
        """What the screen shows besides the battle: warning countdown, gate, pointer."""
        warning = self._idle_status(now) is Idle.WARNING
        left = int(self.session.idle.seconds_left(now, self._playing())) if warning else None
        gate = self.lockdown.gate
        return (
            self.window.frame_key(),
            left,
            gate.is_open,
            int(now) if gate.is_open else None,
            self.pointer_visible(now),
            self.input.pointer_pos,
        )

    def _blank(self) -> None:
        self.window.programme.pause()
        self.window.screen.fill((0, 0, 0))
        pygame.display.flip()

    def _draw_overlays(self, now: float) -> None:
        w = self.window
        screen, fonts = w.screen, w.scene.fonts
        gate = self.lockdown.gate
        if self.session.attract and w.reserved:
            still = self.config.reduced_motion
            draw_touch_hint(screen, fonts, now, w.reserved[0][1], w.units, still=still)
        elif self._idle_status(now) is Idle.WARNING:
            draw_idle_warning(screen, fonts, self.session.idle.seconds_left(now, self._playing()))
        if gate.is_open:
            gate.draw(screen, fonts)
        if self.pointer_visible(now):
            draw_pointer(screen, self.input.pointer_pos)

    def pointer_visible(self, now: float) -> bool:
        """A trackball's pointer shows while it moves and hides after a few still seconds."""
        return self.input.pointer_visible(now, self.config.pointer, self.config.pointer_hide_s)

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
        self.window.settle()  # (the GC off the long-lived battle, as the window's loop)
        clock = FrameClock()  # (a calm frame rate still answers a tap at once)
        previous = signal.signal(signal.SIGTERM, self._on_stop_signal)
        try:
            while self.running:
                self.frame(clock.tick(self.window.target_fps()))
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
