"""Monkey benchmark (goal G2): a seeded storm of random input at a headless kiosk.

Prints one figure a line. Not a test (tests/test_kiosk_monkey.py runs a short storm with the
same generator); run it by hand or nightly.

    python bench/monkey.py --events 100000 --seed 531

Like Android's Monkey, it sends a pseudo-random stream of gestures whose mix is fixed per
gesture (a tap is one gesture of two events; a ten-finger drag one of a hundred):
40 % taps (finger and mouse, SDL's mouse copies of touches, now and then five taps in the
staff corner), 25 % drags and pinches with up to ten fingers (coordinates sometimes outside
0..1, or not normalised at all, as some SDL backends send them), 15 % trackball and mouse
(motion, wheel, buttons 1-5), 10 % keys and chords (every pygame key x modifiers, Escape,
Alt+F4, Ctrl+Q...), 10 % window events (focus lost and gained, minimise, QUIT, WINDOWCLOSE,
resize to 1x1 and back). 200 events per virtual second; the same seed gives the same stream.

After every frame the kiosk must still be running and fullscreen, every soldier's position
finite, and every formation's men accounted for (on the field + killed + fled = at the start).
After the storm, with no input, it must be back in the attract loop within the idle timeout.
A failure names the seed and the event index, so `--seed` replays it.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import pygame

from bench.kiosk_harness import MAX_FRAME_SECONDS, Kiosk, open_kiosk
from game.timeline.programme import PROLOGUE

EVENTS_PER_SECOND = 200
FRAME_S = 0.25  # a loop turn every 50 events (the playback's longest frame): drawing dominates
MIX = (("tap", 40), ("drag", 25), ("mouse", 15), ("key", 10), ("window", 10))
MAX_FINGERS = 10

KEYS = sorted({v for name, v in vars(pygame).items() if name.startswith("K_")})
MODS = (
    pygame.KMOD_NONE,
    pygame.KMOD_SHIFT,
    pygame.KMOD_CTRL,
    pygame.KMOD_ALT,
    pygame.KMOD_GUI,
    pygame.KMOD_CTRL | pygame.KMOD_ALT,
    pygame.KMOD_CTRL | pygame.KMOD_SHIFT,
    pygame.KMOD_CAPS | pygame.KMOD_NUM,
)
CHORDS = (
    (pygame.K_ESCAPE, pygame.KMOD_NONE),
    (pygame.K_F4, pygame.KMOD_LALT),
    (pygame.K_q, pygame.KMOD_LCTRL),
    (pygame.K_w, pygame.KMOD_LCTRL),
    (pygame.K_TAB, pygame.KMOD_LALT),
    (pygame.K_DELETE, pygame.KMOD_LCTRL | pygame.KMOD_LALT),
    (pygame.K_BACKSPACE, pygame.KMOD_LCTRL | pygame.KMOD_LALT),
    (pygame.K_RETURN, pygame.KMOD_LALT),
    (pygame.K_F11, pygame.KMOD_NONE),
    (pygame.K_LGUI, pygame.KMOD_LGUI),
)


class MonkeyFailure(AssertionError):
    """The kiosk broke under the storm; the message names the seed and event to replay."""


@dataclass
class Monkey:
    """A seeded, endless stream of input events, gesture by gesture."""

    seed: int
    size: tuple[int, int] = (1920, 1080)
    gestures: Counter = field(default_factory=Counter)
    _rng: random.Random = field(init=False)
    _kinds: list[str] = field(init=False)
    _weights: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._kinds = [k for k, _ in MIX]
        self._weights = [w for _, w in MIX]

    def events(self) -> Iterator[pygame.event.Event]:
        while True:
            kind = self._rng.choices(self._kinds, self._weights)[0]
            self.gestures[kind] += 1
            yield from getattr(self, f"_{kind}")()

    # -- where a finger lands --------------------------------------------------------------------
    def _norm(self) -> float:
        """A finger coordinate: mostly 0..1, sometimes off the glass, now and then in pixels."""
        r = self._rng.random()
        if r < 0.85:
            return self._rng.random()
        if r < 0.97:
            return self._rng.uniform(-0.5, 1.5)
        return self._rng.uniform(-50.0, 2000.0)  # a backend that forgot to normalise

    def _pixel(self) -> tuple[int, int]:
        w, h = self.size
        return (self._rng.randint(-40, w + 40), self._rng.randint(-40, h + 40))

    def _finger_id(self) -> int:
        if self._rng.random() < 0.05:
            return self._rng.getrandbits(63)  # some drivers number fingers with huge ids
        return self._rng.randrange(MAX_FINGERS + 2)

    # -- gestures --------------------------------------------------------------------------------
    def _tap(self) -> Iterator[pygame.event.Event]:
        r = self._rng.random()
        if r < 0.03:  # five quick taps in the staff corner: the PIN pad opens
            for _ in range(5):
                yield from self._finger_tap(self._rng.uniform(0, 0.04), self._rng.uniform(0, 0.07))
        elif r < 0.6:
            yield from self._finger_tap(self._norm(), self._norm())
        elif r < 0.85:
            pos = self._pixel()
            for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
                yield pygame.event.Event(kind, pos=pos, button=1, touch=False, window=None)
        else:  # a touch with the mouse copies SDL makes of it
            x, y = self._rng.random(), self._rng.random()
            pos = (int(x * self.size[0]), int(y * self.size[1]))
            fid = self._finger_id()
            yield finger(pygame.FINGERDOWN, fid, x, y)
            yield pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=True)
            yield finger(pygame.FINGERUP, fid, x, y)
            yield pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=True)

    def _finger_tap(self, x: float, y: float) -> Iterator[pygame.event.Event]:
        fid = self._finger_id()
        yield finger(pygame.FINGERDOWN, fid, x, y)
        if self._rng.random() < 0.3:
            yield finger(pygame.FINGERMOTION, fid, x + 0.001, y)
        yield finger(pygame.FINGERUP, fid, x, y)

    def _drag(self) -> Iterator[pygame.event.Event]:
        rng = self._rng
        n = rng.choice((1, 1, 1, 2, 2, 2, 3, 5, MAX_FINGERS))
        ids = rng.sample(range(MAX_FINGERS + 2), n)
        at = {f: [self._norm(), self._norm()] for f in ids}
        heading = {f: (rng.uniform(-0.05, 0.05), rng.uniform(-0.05, 0.05)) for f in ids}
        for f in ids:
            yield finger(pygame.FINGERDOWN, f, *at[f])
        for _ in range(rng.randint(1, 12)):
            for f in ids:
                dx, dy = heading[f]
                at[f][0] += dx
                at[f][1] += dy
                yield finger(pygame.FINGERMOTION, f, *at[f], dx=dx, dy=dy)
        rng.shuffle(ids)
        for f in ids:
            if rng.random() < 0.97:  # now and then a lift is lost, as on real glass
                yield finger(pygame.FINGERUP, f, *at[f])

    def _mouse(self) -> Iterator[pygame.event.Event]:
        rng = self._rng
        r = rng.random()
        if r < 0.45:
            pos = self._pixel()
            rel = (rng.randint(-300, 300), rng.randint(-300, 300))
            buttons = tuple(rng.random() < 0.2 for _ in range(3))
            yield pygame.event.Event(
                pygame.MOUSEMOTION, pos=pos, rel=rel, buttons=buttons, touch=False
            )
        elif r < 0.7:
            y = rng.choice((-3, -1, 1, 3, 0))
            yield pygame.event.Event(
                pygame.MOUSEWHEEL,
                x=rng.choice((-1, 0, 1)),
                y=y,
                precise_x=0.0,
                precise_y=float(y) * rng.choice((1.0, 0.5, 4.0)),
                flipped=rng.random() < 0.5,
                touch=False,
            )
        else:  # a press, maybe dragged, with any of the five buttons
            button = rng.randint(1, 5)
            pos = self._pixel()
            yield pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button, touch=False)
            for _ in range(rng.randint(0, 6)):
                rel = (rng.randint(-40, 40), rng.randint(-40, 40))
                pos = (pos[0] + rel[0], pos[1] + rel[1])
                yield pygame.event.Event(
                    pygame.MOUSEMOTION, pos=pos, rel=rel, buttons=(1, 0, 0), touch=False
                )
            yield pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button, touch=False)

    def _key(self) -> Iterator[pygame.event.Event]:
        rng = self._rng
        if rng.random() < 0.3:
            key, mod = rng.choice(CHORDS)
        else:
            key, mod = rng.choice(KEYS), rng.choice(MODS)
        text = (
            chr(key) if 32 <= key < 127 and not mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT) else ""
        )
        for kind in (pygame.KEYDOWN, pygame.KEYUP):
            yield pygame.event.Event(kind, key=key, mod=mod, unicode=text, scancode=0)

    def _window(self) -> Iterator[pygame.event.Event]:
        rng = self._rng
        r = rng.random()
        w, h = self.size
        if r < 0.2:
            yield pygame.event.Event(pygame.WINDOWFOCUSLOST)
            yield pygame.event.Event(pygame.WINDOWFOCUSGAINED)
        elif r < 0.3:
            yield pygame.event.Event(pygame.WINDOWFOCUSLOST)  # and it never comes back
        elif r < 0.45:
            yield pygame.event.Event(pygame.WINDOWMINIMIZED)
            yield pygame.event.Event(pygame.WINDOWRESTORED)
        elif r < 0.6:
            yield pygame.event.Event(rng.choice((pygame.QUIT, pygame.WINDOWCLOSE)))
        elif r < 0.8:  # resized to 1x1 and back
            for x, y in ((1, 1), (w, h)):
                yield pygame.event.Event(pygame.WINDOWRESIZED, x=x, y=y)
                yield pygame.event.Event(pygame.WINDOWSIZECHANGED, x=x, y=y)
                yield pygame.event.Event(pygame.VIDEORESIZE, size=(x, y), w=x, h=y)
        else:
            kind = rng.choice(
                (
                    pygame.WINDOWEXPOSED,
                    pygame.WINDOWENTER,
                    pygame.WINDOWLEAVE,
                    pygame.WINDOWHIDDEN,
                    pygame.WINDOWSHOWN,
                    pygame.WINDOWMAXIMIZED,
                    pygame.WINDOWMOVED,
                    pygame.WINDOWTAKEFOCUS,
                    pygame.WINDOWDISPLAYCHANGED,
                )
            )
            yield pygame.event.Event(kind, x=rng.randint(-w, w), y=rng.randint(-h, h))


def finger(kind: int, fid: int, x: float, y: float, dx: float = 0.0, dy: float = 0.0):
    """A finger event as SDL sends it: x, y (and dx, dy) as fractions of the window."""
    return pygame.event.Event(
        kind, touch_id=1, finger_id=fid, x=x, y=y, dx=dx, dy=dy, pressure=1.0, window=None
    )


# -- what must hold ------------------------------------------------------------------------------
def check_kiosk(kiosk: Kiosk) -> None:
    """What a visitor (or staff) would notice if it broke; raises AssertionError."""
    app = kiosk.app
    assert app.running, "the kiosk stopped"
    surface = pygame.display.get_surface()
    assert surface is not None, "the window is gone"
    assert surface.get_flags() & pygame.FULLSCREEN, "the kiosk left fullscreen"
    assert surface.get_size() == app.window.screen.get_size(), "the canvas changed size"
    cam = app.window.camera
    assert np.isfinite([cam.centre_x, cam.centre_y, cam.scale]).all(), "camera is not finite"
    assert cam.scale > 0, "camera scale is not positive"
    world = app.window.playback.world
    pos = world.soldiers.pos
    assert np.isfinite(pos).all(), f"{int((~np.isfinite(pos)).sum())} non-finite positions"
    assert np.isfinite(app.window.playback.positions()).all(), "drawn positions are not finite"
    f = world.formations
    men = world.men_now() + f.killed + f.fled
    lost = np.flatnonzero(~np.isclose(men, f.men_start, rtol=1e-4, atol=0.5))
    assert lost.size == 0, f"men not conserved in formations {lost.tolist()}"


def back_to_attract(kiosk: Kiosk, hop_s: float = 5.0) -> float:
    """Leave the kiosk alone until it is in the attract loop; the virtual seconds it took.

    The clock hops `hop_s` a frame (the idle timer reads the clock), so this costs a few dozen
    frames; it fails if the longest idle limit passes without a reset."""
    app = kiosk.app
    idle = app.config.idle
    limit = max(idle.reset_paused_s, idle.reset_playing_s) + 2 * hop_s
    waited = 0.0
    while not app.session.attract:
        if waited > limit:
            raise AssertionError(f"still '{app.state}' after {waited:.0f} s without input")
        kiosk.clock.t += hop_s - 0.25
        kiosk.step(0.25)
        waited += hop_s
    return waited


def assert_fresh_attract(kiosk: Kiosk) -> None:
    """The attract loop as a new visitor finds it: nothing the last one changed survives.

    Call it within a frame of the loop's (re)start. It reads the programme (prologue, battle,
    epilogue), not the battle's own clock: during the prologue the battle is held at its first
    tick, paused by design, while the programme plays."""
    app, w = kiosk.app, kiosk.app.window
    prog, speed = w.programme, w.playback.clock.speed
    assert app.session.attract and app.state == "attract"
    assert not app.lockdown.gate.is_open, "the PIN pad is still open"
    assert w.playback.world.account == app.config.start_account
    start = prog.segments.first if app.config.start == PROLOGUE else 0
    assert prog.part == prog.segments.part(start), f"the loop begins in the {prog.part}"
    one_frame = MAX_FRAME_SECONDS * w.playback.clock.tick_rate
    assert 0 <= prog.shown_tick - start <= one_frame, f"at {prog.shown_tick}, not {start}"
    assert prog.playing, "the attract loop is paused"
    assert speed == 1.0, f"the attract loop plays at {speed}x"
    if prog.part == PROLOGUE:
        assert w.playback.world.tick == 0, "the battle is not held at its start"
    assert app.tour.active, "the story camera is off"
    assert w.language == app.config.language and w.text_scale == 1.0
    assert not w.inspect.is_open
    assert w.options.captions == app.config.captions


# -- feeding it ----------------------------------------------------------------------------------
@dataclass
class StormReport:
    seed: int
    events: int = 0
    frames: int = 0
    posted: int = 0
    refused: int = 0  # posts the full SDL queue turned away
    seconds: float = 0.0
    gestures: Counter = field(default_factory=Counter)


def storm(
    kiosk: Kiosk,
    seed: int,
    n_events: int,
    *,
    post: bool = False,
    start: int = 0,
    frame_s: float = FRAME_S,
    report: StormReport | None = None,
) -> StormReport:
    """Feed `n_events` of the seed's stream (skipping the first `start`) at 200 a virtual second,
    with a loop turn every `frame_s`, checking the kiosk after each turn.

    Direct (`post=False`): events go to `KioskApp.handle`, as the loop would hand them over.
    Posted: they go through SDL's queue (`pygame.event.post`) and the loop's own `frame`."""
    report = report or StormReport(seed)
    per_frame = max(1, round(EVENTS_PER_SECOND * frame_s))
    monkey = Monkey(seed, kiosk.app.window.screen.get_size())
    stream = monkey.events()
    for _ in range(start):
        next(stream)
    monkey.gestures.clear()
    app = kiosk.app
    started = time.perf_counter()
    i = start
    event: pygame.event.Event | None = None
    try:
        for i in range(start, start + n_events):
            event = next(stream)
            kiosk.clock.t += 1.0 / EVENTS_PER_SECOND
            if post:
                report.posted += 1
                if not post_event(event):
                    report.refused += 1
            else:
                app.handle(event, kiosk.clock())
            report.events += 1
            if (i + 1) % per_frame == 0:
                app.frame(frame_s)
                report.frames += 1
                check_kiosk(kiosk)
    except Exception as err:
        raise MonkeyFailure(
            f"monkey seed {seed}, event {i} ({'posted' if post else 'direct'}): {event}: "
            f"{type(err).__name__}: {err}  (replay: python bench/monkey.py --seed {seed} "
            f"--events {i + 1})"
        ) from err
    report.seconds += time.perf_counter() - started
    report.gestures += monkey.gestures
    return report


def post_event(event: pygame.event.Event) -> bool:
    """Post to SDL's queue; False if the queue is full (pygame-ce raises, older pygame said
    False), as a real storm of input would find it."""
    try:
        return bool(pygame.event.post(event))
    except pygame.error:
        return False


def overfill_queue(kiosk: Kiosk, seed: int, beyond: int = 1000) -> tuple[int, int, float]:
    """Post the seed's stream until SDL's queue refuses `beyond` more, then run one loop turn.
    Returns (accepted, refused, the turn's wall seconds). The turn must drain the queue, and
    the kiosk survive it."""
    stream = Monkey(seed, kiosk.app.window.screen.get_size()).events()
    accepted = refused = 0
    while refused < beyond:
        if post_event(next(stream)):
            accepted += 1
        else:
            refused += 1
    return accepted, refused, kiosk.step(0.25)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=531)
    ap.add_argument("--scale", type=int, default=10, help="men per simulated soldier")
    ap.add_argument("--posted", type=int, default=10_000, help="events through SDL's queue")
    ap.add_argument("--frame", type=float, default=FRAME_S, help="virtual s between loop turns")
    args = ap.parse_args()
    print(f"monkey: seed {args.seed}, {args.events} events direct + {args.posted} posted")
    print(f"scale {args.scale}, {EVENTS_PER_SECOND} events per virtual second")
    print(f"a loop turn every {args.frame:g} virtual s")
    exceptions = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="monkey-") as tmp:
        kiosk = open_kiosk(Path(tmp), scale=args.scale)
        try:
            rep = storm(kiosk, args.seed, args.events, frame_s=args.frame)
            print(f"events fed directly: {rep.events} in {rep.frames} frames")
            print(f"gestures: {dict(sorted(rep.gestures.items()))}")
            print(f"events/s (wall): {rep.events / rep.seconds:.0f}")
            posted = storm(
                kiosk, args.seed, args.posted, post=True, start=args.events, frame_s=args.frame
            )
            print(f"events posted: {posted.posted}, refused by a full queue: {posted.refused}")
            accepted, refused, turn = overfill_queue(kiosk, args.seed + 1)
            print(f"queue overfilled: {accepted} accepted, {refused} refused")
            dropped = kiosk.app.input.dropped_events
            print(f"the turn that drained it: {turn:.2f} s, {dropped} dropped")
            print(f"queue empty after one turn: {not pygame.event.peek()}")
            check_kiosk(kiosk)
            waited = back_to_attract(kiosk)
            assert_fresh_attract(kiosk)
            print(f"back in attract after {waited:.0f} virtual s without input")
        except MonkeyFailure as err:
            exceptions += 1
            print(f"FAILED: {err}")
            raise
        finally:
            app = kiosk.app
            print(f"exceptions: {exceptions}")
            print(
                f"final state: {app.state}, running {app.running}, tick "
                f"{app.window.playback.world.tick}, cycles {app.session.cycles}, "
                f"resets {app.session.resets}"
            )
            kiosk.close()
    print(f"time: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
