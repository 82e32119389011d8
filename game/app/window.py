"""Windowed mode: the interactive loop.

One `set_mode` for the whole run (a second one with SCALED is known to crash or leak): a
resizable window fitted to the screen (`game.app.display`), laid out afresh at whatever size it
has each frame (`game.view.units`), a frame rate as high as what is on screen moves
(`game.app.pacing`, up to 60 FPS), and a fixed-timestep simulation fed by wall time.
`WindowApp.frame` is one turn of the loop, so tests can post events and step frames headless.

A worker process pre-computes keyframes of the battle (`Precomputer`), for both accounts, so
the timeline bar can seek anywhere at once and a switch of account lands on the same moment;
`close()` stops it (tests: always, in a fixture).
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from functools import partial

import pygame

from game.app import display
from game.app.campaign import CampaignStage, programme_for
from game.app.controls import Controls
from game.app.display import open_display
from game.app.frameclock import FrameClock
from game.app.gestures import Gestures
from game.app.inspect import Inspector
from game.app.languages import Languages, show_language
from game.app.pacing import Pacing, StillFrames, View
from game.app.story import WindowStory
from game.lang.languages import DEFAULT_LANGUAGE
from game.lang.words import N_
from game.scenario.load import load_scenario
from game.scenario.specs import Scenario
from game.sim.world import build_world
from game.timeline.cache import Budget, Keyframes
from game.timeline.playback import Playback
from game.timeline.precompute import FETCH_WAIT_SECONDS, SWITCH_WAIT_SECONDS, Precomputer
from game.timeline.programme import BATTLE
from game.view.assets import Assets, load_assets
from game.view.bar_layout import BarLayout
from game.view.camera import Camera
from game.view.layout import Layout
from game.view.moment import shown_spread
from game.view.options import ViewOptions
from game.view.scene import Scene
from game.view.story_camera import StoryCamera
from game.view.terrain import NEW_BANDS_PER_DRAW, bands_for
from game.view.timeline_bar import TimelineBar
from game.view.units import LARGE_TEXT, units_for

HINT = N_(
    "Space pause · ←/→ 15 min · [ ] phase · +/− speed · A account · wheel zoom · drag pan · "
    "F fit · S story camera"
)


class WindowApp:
    def __init__(
        self,
        scenario: Scenario,
        *,
        seed: int | None = None,
        scale: int = 1,
        speed: float = 1.0,
        size: tuple[int, int] | None = None,
        precompute: bool = True,
        keyframe_budget_mb: float | None = None,
        account: str | None = None,
        fullscreen: bool = False,
        strengths: str = "default",
        can_quit: bool = True,
        tap_slop_px: float | None = None,
        worker_process: bool = True,
        px_per_mm: float | None = None,
        assets: Assets | None = None,
        start: str = "battle",
        clock: Callable[[], float] = time.monotonic,
        language: str = DEFAULT_LANGUAGE,
        languages: tuple[str, ...] | None = None,
    ):
        """`can_quit=False` (a kiosk): no key or window button leaves. `tap_slop_px`: how far a
        finger may move and still tap, for the screen's size (default: a 24" panel's 4 mm).
        `size` None fits the window to the screen; `px_per_mm` is the screen's density if
        known better than the display reports (a kiosk's configured diagonal). `assets`:
        checked before anything starts (default: `load_assets()`, strict). `start`: the
        battle's first moment, or the prologue (the campaign before it: what `python main.py`
        opens with). `clock`: the wall clock the story camera eases by (a kiosk passes its
        own). `language`: the one shown first; `languages`: those offered on the bar
        (default: all seven)."""
        assets = assets or load_assets()
        self.languages = Languages(scenario, languages, language)
        self.scenario = scenario
        account = account or scenario.default_account
        if account not in scenario.accounts:
            raise ValueError(f"unknown account '{account}'; known: {', '.join(scenario.accounts)}")
        self.worlds = {
            a: build_world(scenario, seed=seed, scale=scale, account=a, strengths=strengths)
            for a in scenario.accounts
        }
        budget = Budget() if keyframe_budget_mb is None else Budget(int(keyframe_budget_mb * 2**20))
        self.caches = {a: Keyframes.for_world(w, budget=budget) for a, w in self.worlds.items()}
        budget.show(account)
        world = self.worlds[account]
        self.playback = Playback(world, speed=speed, keyframes=self.caches[account])
        self.precomputer = Precomputer(
            scenario,
            self.caches,
            seed=world.seed,
            scale=world.scale,
            strengths=world.strengths,
            process=worker_process,
        )
        if precompute:
            self.precomputer.start()
            pc = self.precomputer
            self.playback.assist = lambda: pc.alive and pc.error is None
            self.playback.fetch = lambda kf, t, floor: pc.fetch(kf, t, FETCH_WAIT_SECONDS, floor)
            self.playback.quiet = pc.quiet
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption("Callinicum 531")
        self.screen = open_display(size, fullscreen)
        self._refit: tuple[int, int] | bool | None = False if fullscreen else size
        shown = display.screen()
        self.px_per_mm = px_per_mm or (shown.px_per_mm if shown is not None else None)
        self.units = units_for(self.screen.get_size(), self.px_per_mm)
        self.ui_offset = (0, 0)  # burn-in drift of the HUD and bar, in px
        self.reserved: tuple[tuple[str, pygame.Rect], ...] = ()  # boxes a kiosk draws after
        self.scene = Scene(scenario, assets)
        self.story = StoryCamera(self.scene.story, scenario, 0, self.units)
        self.story.spread_now = partial(shown_spread, self.playback, self.scene.feet)
        self.programme, campaign = programme_for(scenario, self.playback, start)
        self.stage = CampaignStage(scenario, campaign, self.scene, self.story) if campaign else None
        chapters = self.stage.chapters(self.programme) if self.stage else None
        self.bar = TimelineBar(scenario, self.scene.fonts, chapters)
        self.camera = Camera(0, 0, 1.0, *self.screen.get_size())
        self.options = ViewOptions(hint=HINT, story=True)
        self.clock = clock
        self.inspect = Inspector(scenario, self.playback, self.camera)
        self.controls = Controls(
            self.programme,
            self.camera,
            (scenario.map.width_m, scenario.map.height_m),
            bar_layout=self.bar_layout,
            can_quit=can_quit,
            inspect=self.inspect,
            options=self.options,
            switch_account=self.switch_account,
            layout=lambda: self.layout,
            gestures=Gestures() if tap_slop_px is None else Gestures(slop_px=tap_slop_px),
            story=self.story,
            story_button=lambda: self.layout.get("story"),
        )
        self.storyline = WindowStory(self.story, self.programme, self.playback, self.camera, clock)
        self._frame_story()
        self.storyline.restart()
        self.controls.set_language = self.set_language
        self.controls.toggle_languages = self.toggle_languages
        self.bar.languages = self.languages.offered
        self.controls.languages = self.languages.codes
        self.controls.toggle_large_text = self.toggle_large_text
        self.text_scale = 1.0
        self.language = ""
        self.set_language(language)
        self.layout = Layout(self.screen.get_size())  # the last drawn frame's rectangles
        self.still = StillFrames()
        self.pacing = Pacing(self.programme, self.playback, self.camera)
        self._part = self.programme.part

    def set_language(self, code: str) -> None:
        """Show every word in language `code` from the next frame (the battle goes on)."""
        words = show_language(self.languages, code, self.scene, self.bar, self.stage)
        self.language = code
        self.bar.languages_open = self.options.languages = False
        if self.options.hint:  # (a kiosk shows none)
            self.options.hint = words.t(HINT)

    def toggle_large_text(self) -> None:
        """All text about 1.4 times larger, or back (the layout reflows to fit)."""
        self.text_scale = 1.0 if self.text_scale != 1.0 else LARGE_TEXT
        self.bar.large_text = self.text_scale != 1.0
        self.units = units_for(self.screen.get_size(), self.px_per_mm, text_scale=self.text_scale)

    def toggle_languages(self) -> None:
        """Open or close the row of language buttons above the bar."""
        self.bar.languages_open = self.options.languages = not self.bar.languages_open

    def switch_account(self, account: str | None = None) -> None:
        """Show another source's account (the next one, by default) from the same moment."""
        old = self.playback.world
        names = list(self.scenario.accounts)
        if account is None:
            account = names[(names.index(old.account) + 1) % len(names)]
        if account == old.account:
            return
        keyframes = self.caches[account]
        keyframes.budget.show(account)  # its tiers now rank first; the worker follows
        self.precomputer.notify()  # and sends that account's keyframes round the playhead
        self.precomputer.wait_reach(keyframes, self.playback.aim_tick, SWITCH_WAIT_SECONDS)
        self.playback.adopt(self.worlds[account], keyframes)

    def bar_layout(self) -> BarLayout:
        """The bar as it is on this screen now (drawing and hit tests share it)."""
        at = self.programme.playhead_tick
        return self.bar.layout(self.screen.get_size(), self.ui_offset, self.units, at)

    @property
    def running(self) -> bool:
        return not self.controls.quit_requested

    def frame(self, wall_seconds: float) -> None:
        """One turn of the loop: input, simulation, drawing (skipped when the frame would be the
        same as the last one: a paused battle costs almost nothing)."""
        self.controls.new_frame()  # queued seeks share one budget: the loop never freezes
        events = pygame.event.get()
        for event in events:
            self.controls.handle(event)
        if self._refit is not False:  # the window manager has framed the window by now
            display.refit_window(self._refit)
            self._refit = False
        self.advance(wall_seconds)
        if self.still.changed(self.frame_key(), bool(events)):
            self.draw(bands_for(wall_seconds))
            pygame.display.flip()

    def frame_key(self) -> tuple:
        """What a frame shows, in a few numbers: the moment, the camera, the interface."""
        pb, cam, ui = self.playback, self.camera, self.inspect
        return (
            self.programme.part,
            self.programme.shown_tick,
            self.options.legend,
            pb.world.account,
            pb.world.tick,
            pb.prev_tick,
            pb.clock.alpha,
            pb.clock.speed,
            pb.playing,
            pb.target,
            pb.scrub_tick,
            len(pb.keyframes),
            View.of(cam),  # (equal while the picture moves less than a quarter pixel)
            self.ui_offset,
            (self.options.captions, self.options.banners, self.options.hint, self.options.story),
            (self.language, self.bar.languages_open, self.units.text_scale),
            (ui.selected, ui.commander, ui.follow, ui.hover_pos, ui.panel_right),
            self.screen.get_size(),
        )

    def advance(self, wall_seconds: float) -> None:
        """Let the battle run for a frame's wall time and the view follow it (a resized window
        is laid out afresh: the display surface follows the window, nothing is cropped)."""
        self.screen = pygame.display.get_surface() or self.screen
        self.units = units_for(self.screen.get_size(), self.px_per_mm, text_scale=self.text_scale)
        self.camera.resize(*self.screen.get_size())
        self.programme.update(wall_seconds)
        self._follow_part()
        self.inspect.update()
        if self.inspect.follow and self.inspect.is_open:
            self.story.active = False  # the unit panel's camera follows its formation
        self._frame_story()  # (in the prologue too: its fly-down aims at the story's first shot)
        self.storyline.update()
        self.options.story = self.story.active

    def _frame_story(self) -> None:
        """The story camera frames its shots clear of this screen's bar and HUD."""
        self.storyline.frame(self.bar_layout().bar_height, self.units)

    def _follow_part(self) -> None:
        """Entering the battle from the campaign, the camera is the battle's first view (where
        the fly-down landed); outside the battle, taps on the map select nobody."""
        part = self.programme.part
        if part != self._part:
            if part == BATTLE and self.story.active:  # the story's first shot, straight away
                self._frame_story()
                self.storyline.restart()
            elif part == BATTLE:
                self.controls.fit()
            else:
                self.inspect.close()
            if self.stage is not None and part != BATTLE:  # the epilogue rises from the battle
                self.stage.leave_battle(self.camera if self._part == BATTLE else None)
            self._part = part
        self.controls.inspect = self.inspect if part == BATTLE else None

    def draw(self, new_bands: int = NEW_BANDS_PER_DRAW) -> None:
        """The battle, its HUD and the timeline bar. `ui_offset` nudges the fixed parts of the
        interface (a kiosk moves them a few pixels over the day against burn-in); the terrain
        paints `new_bands` bands of new ground (as many as the frame's length allows)."""
        ui_offset = self.ui_offset
        if self.stage is not None and self.programme.part != BATTLE:
            bar = self.bar_layout()
            skip = () if bar.skip is None else (bar.skip,)
            self.layout = self.stage.draw(
                self.screen,
                self.programme,
                self.units,
                bar.bar_height,
                ui_offset,
                self.options,
                skip,
            )
            self.bar.draw(self.screen, self.programme, ui_offset, self.units, self.layout)
            self.inspect.layout = self.layout
            return
        self.layout = self.scene.draw(
            self.screen,
            self.camera,
            self.playback,
            self.options,
            bottom_reserved=self.bottom_reserved(),
            ui=self.inspect.state(),
            ui_offset=ui_offset,
            units=self.units,
            reserved=(*self.reserved, *self.language_menu()),
            new_bands=new_bands,
        )
        self.bar.draw(self.screen, self.programme, ui_offset, self.units, self.layout)
        self.inspect.layout = self.layout
        self.story.clear_of_layout(self.layout)  # its shots keep clear of this caption

    def bottom_reserved(self) -> int:
        """The px at the screen's bottom that are the bar's: with the language menu open, the
        menu's rows too, so the caption, minimap and marginalia move up above it."""
        lay = self.bar_layout()
        top = min((r.y for _, r in self.language_menu()), default=lay.panel.y + lay.units.px(8))
        return max(lay.bar_height, self.screen.get_height() - top + lay.units.px(8))

    def language_menu(self) -> tuple[tuple[str, pygame.Rect], ...]:
        """The open language buttons, which the map's labels and the caption keep clear of."""
        menu = self.bar_layout().language_menu()
        return tuple((f"bar.language.{i}", r) for i, r in enumerate(menu))

    def close(self) -> None:
        """Stop the pre-computation worker and close the display."""
        self.precomputer.stop()
        pygame.display.quit()

    def target_fps(self) -> int:
        """The loop's frame rate now (`game.app.pacing`)."""
        return self.pacing.target_fps(self.still, self.storyline.eased)

    def settle(self) -> None:
        """Before the loop: the loaded battle, scene and caches are long-lived; frozen, the
        cyclic GC never walks them again (unfrozen, each gen-1 pass took ~17 ms of a frame)."""
        gc.collect()
        gc.freeze()

    def run(self) -> None:
        self.settle()
        clock = FrameClock()  # (a slow frame ends at the first input)
        while self.running:
            self.frame(clock.tick(self.target_fps()))


def run_window(args: argparse.Namespace) -> int:
    from game.app.cli import chosen_accounts

    scenario = load_scenario(args.scenario)
    (account,) = chosen_accounts(args, scenario)
    assets = load_assets()  # a damaged asset stops start-up here, in one line
    app = WindowApp(
        scenario,
        seed=args.seed,
        scale=args.scale,
        speed=args.speed,
        size=args.size,
        account=account,
        strengths=args.strengths,
        assets=assets,
        start=args.start,
        language=args.language or DEFAULT_LANGUAGE,
    )
    try:
        app.run()
    finally:
        app.close()
        pygame.quit()
    return 0
