"""Windowed mode: the interactive loop.

One `set_mode` for the whole run (a second one with SCALED is known to crash or leak), a
logical 1920x1080 canvas scaled to whatever window the desktop gives, 60 FPS pacing, and a
fixed-timestep simulation fed by wall time. `WindowApp.frame` is one turn of the loop, so
tests can post events and step frames headless.
"""

from __future__ import annotations

import argparse
import gc

import pygame

from game.app.controls import Controls
from game.scenario.scenario import Scenario, load_scenario
from game.sim.world import build_world
from game.timeline.playback import Playback
from game.view.camera import Camera
from game.view.inspect import InspectUI
from game.view.scene import Scene, ViewOptions

FPS = 60


class WindowApp:
    def __init__(
        self,
        scenario: Scenario,
        *,
        seed: int | None = None,
        scale: int = 1,
        speed: float = 1.0,
        size: tuple[int, int] = (1920, 1080),
    ):
        self.scenario = scenario
        self.playback = Playback(build_world(scenario, seed=seed, scale=scale), speed=speed)
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption("Callinicum 531")
        self.screen = pygame.display.set_mode(size, pygame.SCALED | pygame.RESIZABLE)
        self.scene = Scene(scenario)
        self.camera = Camera(0, 0, 1.0, *self.screen.get_size())
        self.controls = Controls(
            self.playback, self.camera, (scenario.map.width_m, scenario.map.height_m)
        )
        self.controls.fit()
        self.options = ViewOptions()

        self.inspect = InspectUI(
            scenario, self.playback, self.camera, self.scene.fonts, self.scene.terrain
        )
        self.controls.inspect = self.inspect
        self.controls.options = self.options

    @property
    def running(self) -> bool:
        return not self.controls.quit_requested

    def frame(self, wall_seconds: float) -> None:
        """One turn of the loop: input, simulation, drawing."""
        for event in pygame.event.get():
            self.controls.handle(event)
        self.camera.resize(*self.screen.get_size())
        self.playback.update(wall_seconds)
        self.inspect.update()
        self.scene.draw(
            self.screen, self.camera, self.playback, self.options, ui=self.inspect
        )
        pygame.display.flip()

    def run(self) -> None:
        gc.collect()
        gc.freeze()  # the loaded world is long-lived: keep the cyclic GC off it
        clock = pygame.time.Clock()
        while self.running:
            self.frame(clock.tick(FPS) / 1000.0)


def run_window(args: argparse.Namespace) -> int:
    app = WindowApp(
        load_scenario(args.scenario),
        seed=args.seed,
        scale=args.scale,
        speed=args.speed,
        size=args.size,
    )
    try:
        app.run()
    finally:
        pygame.quit()
    return 0
