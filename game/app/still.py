"""One frame as the window would show it, drawn off screen: the map, the HUD, the minimap, the
labels and the timeline bar, with the frame's layout. The report's `layout` comes from here,
so it lists the very rectangles a visitor's screen of that size would have."""

from __future__ import annotations

from dataclasses import replace

import pygame

from game.app.languages import Languages, show_language
from game.lang.languages import DEFAULT_LANGUAGE
from game.timeline.playback import Playback
from game.view.camera import Camera
from game.view.inspect import InspectState
from game.view.layout import Layout
from game.view.options import ViewOptions
from game.view.scene import Scene, battle_bounds
from game.view.timeline_bar import TimelineBar
from game.view.units import Units, units_for


def fitted_camera(playback: Playback, size: tuple[int, int]) -> Camera:
    """The camera of a fresh window: the whole battle in view (as `F` does)."""
    world = playback.world
    camera = Camera(0, 0, 1.0, *size)
    camera.fit(*battle_bounds(world.soldiers.pos, world.soldiers.state))
    camera.clamp_to(world.scenario.map.width_m, world.scenario.map.height_m)
    return camera


def visitor_camera(
    playback: Playback,
    size: tuple[int, int],
    units: Units | None = None,
    drawn: Layout | None = None,
) -> Camera:
    """The camera a visitor's screen has at this moment: the story camera's shot (clear of the
    title, hint and caption of a frame `drawn` at this moment, as the window's camera keeps
    clear of its last frame's)."""
    from game.view.story_camera import story_view

    units = units or units_for(size)
    bar = TimelineBar(playback.world.scenario).layout(size, (0, 0), units)
    pos = playback.positions()
    return story_view(playback.world, pos, size, bar.bar_height, units, drawn)


def draw_map(playback: Playback, size: tuple[int, int]) -> pygame.Surface:
    """The map alone at the visitor's camera: no HUD, captions, marginalia or bar."""
    pygame.font.init()
    canvas = pygame.Surface(size)
    scene = Scene(playback.world.scenario)
    options = ViewOptions(hint="", hud=False, places=False)
    scene.draw(canvas, visitor_camera(playback, size), playback, options, complete=True)
    return canvas


def draw_still(
    playback: Playback,
    size: tuple[int, int],
    camera: Camera | None = None,
    units: Units | None = None,
    complete: bool = True,
    scene: Scene | None = None,
    bar: TimelineBar | None = None,
    options: ViewOptions | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> tuple[pygame.Surface, Layout]:
    """The frame at the playback's moment on a `size` screen, and its layout. `complete`
    paints every terrain chunk (a screenshot); without it the layout is the same and the
    ground may be partly unpainted (a report needs only the rectangles). `scene` and `bar`:
    ones to draw with again (their caches warm, what they drew readable afterwards); `options`:
    the view's switches (default: a fresh window's)."""
    pygame.font.init()
    scenario = playback.world.scenario
    canvas = pygame.Surface(size)
    units = units or units_for(size)
    fresh = scene is None
    scene = scene or Scene(scenario)
    bar = bar or TimelineBar(scenario, scene.fonts)
    if fresh or language != DEFAULT_LANGUAGE:  # a caller's own scene keeps its language
        show_language(Languages(scenario, (language,), language), language, scene, bar)
    lay = bar.layout(size, (0, 0), units)

    def frame(camera: Camera) -> Layout:
        layout = scene.draw(
            canvas,
            camera,
            playback,
            _worded(options or ViewOptions(story=True), scene),
            bottom_reserved=lay.bar_height,
            complete=complete,
            ui=InspectState(),
            units=units,
        )
        bar.draw(canvas, playback, (0, 0), units, layout)
        return layout

    first = camera or visitor_camera(playback, size, units)
    layout = frame(first)
    if camera is None:  # the story's shot clear of this frame's own caption, as a window's is
        again = visitor_camera(playback, size, units, layout)
        if again.visible_world_rect() != first.visible_world_rect():
            layout = frame(again)
    return canvas, layout


def _worded(options: ViewOptions, scene: Scene) -> ViewOptions:
    """The options with their key hint in the scene's language (a fresh window's is English)."""
    return replace(options, hint=scene.fonts.t(options.hint)) if options.hint else options
