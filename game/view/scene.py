"""One frame of the battle: terrain, soldiers, banners, HUD.

The scene reads the playback (world state, interpolated positions) and the camera and draws;
it never writes either. Its caches (terrain chunks, sprites, text) are bounded and keyed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pygame

from game.scenario.geography import bundled_region
from game.scenario.specs import Scenario
from game.sim.events import Event
from game.sim.world import on_field
from game.timeline.playback import Playback
from game.view.assets import Assets, load_assets
from game.view.blocks import MIN_H, BlockLayer, DrawnBlock
from game.view.boats import BoatLayer
from game.view.boats import legend_entries as boats_legend
from game.view.camera import Camera
from game.view.footprints import FootprintMeter
from game.view.hud import HudState, credit
from game.view.inspect import InspectState, Seen
from game.view.interface import Frame, Interface
from game.view.labels import BannerPainter, banners_for
from game.view.layout import Layout
from game.view.legend import LegendContext
from game.view.light import light_for_map
from game.view.marginalia import Marginalia
from game.view.markers import MarkerPainter
from game.view.missiles import draw_arrows
from game.view.moment import NUMBERED, Moment, moment
from game.view.movement import MovementLayer
from game.view.options import ViewOptions
from game.view.patterns import formation_patterns, sides_legend
from game.view.phases import current_phase
from game.view.placement import LabelRequest, Placed
from game.view.places import PlaceNames, clear_of
from game.view.reconstruction import ReconstructionLayer
from game.view.reconstruction import legend_entries as reconstruction_legend
from game.view.soldiers import SoldierRenderer
from game.view.story_button import draw_story_button, story_button
from game.view.story_camera import check_story
from game.view.story_legend import story_legend
from game.view.tellers import button_rect, draw_button, draw_tellers
from game.view.telling import told
from game.view.terrain import NEW_BANDS_PER_DRAW, TerrainPainter
from game.view.terrain.key import terrain_legend
from game.view.underlay import Underlay
from game.view.units import UNSCALED, Units

EVENT_SHOWN_SECONDS = 12
NOTABLE_EVENTS = NUMBERED  # the events a caption tells are the ones the map numbers


def battle_bounds(pos: np.ndarray, state: np.ndarray) -> tuple[float, float, float, float]:
    """World rectangle holding every soldier still on the field."""
    on = on_field(state)
    if not on.any():
        return (0.0, 0.0, 1.0, 1.0)
    x, y = pos[0, on], pos[1, on]
    return (float(x.min()), float(y.min()), float(x.max()), float(y.max()))


def gait_phase(
    pos: np.ndarray, facing: np.ndarray, offset: np.ndarray, stride: np.ndarray
) -> np.ndarray:
    """Where each man is in his step: distance along his heading over his stride length.

    Derived from position for drawing only, so the gait is not simulation state (keyframes stay
    small); it advances as a man moves and stands still when he does.
    """
    along = (pos[0] * facing[0] + pos[1] * facing[1]) / stride + offset
    return (along - np.floor(along)).astype(np.float32)


def shortfall(playback: Playback) -> float | None:
    """The speed actually reached, if playing noticeably slower than asked (the stretch ahead
    is not computed yet, or the machine is busy); else None."""
    r = playback.reached_speed
    if r is None or not playback.playing or playback.at_end:
        return None
    return r if r < 0.85 * playback.clock.speed else None


CAPTION_DISC = 36  # design px: the event's number in the caption


def spotlit(palettes: np.ndarray, dim: np.ndarray) -> np.ndarray:
    """The soldiers' palettes with the formations out of the spotlight dimmed."""
    if (dim >= 1).all():
        return palettes
    return np.clip(palettes * dim[:, None, None], 0, 255).astype(np.uint8)


class Scene:
    def __init__(self, scenario: Scenario, assets: Assets | None = None):
        """`assets`: checked at start-up (`load_assets`); by default loaded strictly here."""
        assets = assets or load_assets()
        self.scenario = scenario
        self.fonts = assets.fonts
        self.terrain = TerrainPainter(scenario.map)
        self.soldiers = SoldierRenderer(assets.sheets)
        self.reconstruction = ReconstructionLayer(scenario)
        self.boats = BoatLayer(scenario)
        self.banners = BannerPainter(self.fonts)
        self.interface = Interface(scenario, self.fonts, self.terrain)
        self.places = PlaceNames(scenario.map, self.terrain.fields, self.fonts)
        self.story = check_story(scenario)
        self.blocks = BlockLayer(scenario)
        self.movement = MovementLayer(self.blocks)
        self.underlay = Underlay()  # the four layers above, kept while the camera is still
        self.markers = MarkerPainter(scenario, self.fonts)
        self.feet = FootprintMeter()  # the formations' footprints, from sums kept per tick
        self.drawn_blocks: list[DrawnBlock] = []  # what the last frame drew (tests, picking)
        self.last_moment: Moment | None = None
        self.light = light_for_map(scenario.map.path)
        self.marginalia = Marginalia(
            self.fonts,
            bundled_region(),
            [
                sides_legend({s: side.colour for s, side in scenario.sides.items()}),
                terrain_legend(self.terrain.fields),
                reconstruction_legend,
                boats_legend,
                story_legend(self.blocks),
            ],
            [side.colour for side in scenario.sides.values()],
        )
        specs = scenario.formations
        self.palettes = np.array([f.palette for f in specs], dtype=np.uint8)
        self.side_colours = [scenario.sides[f.side].colour for f in specs]
        self.sides = [f.side for f in specs]
        self.patterns = formation_patterns(scenario)  # beside the colour, for colour-blind eyes
        self.show(scenario)

    def show(self, shown: Scenario, places: Callable[[str], str] | None = None) -> None:
        """Word the frame from `shown`: the scenario with its texts in the visitor's language
        (`game.scenario.translations.translated`; the world is still simulated from the
        scenario in English). `places` names the maps' places in that language."""
        self.shown = shown
        self.names = [f.name for f in shown.formations]
        self.interface.inspect.scenario = shown
        self.places.use_names(places or str)
        people = {
            c.name: t.name
            for f, tf in zip(self.scenario.formations, shown.formations, strict=True)
            for c, t in zip(f.commanders, tf.commanders, strict=True)
        }
        self.boats.name_of = lambda name: people.get(name, name)
        if self.marginalia.locator is not None:
            self.marginalia.locator.use_names(places or str)

    def draw(
        self,
        target: pygame.Surface,
        camera: Camera,
        playback: Playback,
        options: ViewOptions,
        bottom_reserved: int = 0,
        complete: bool = False,
        ui: InspectState | None = None,
        ui_offset: tuple[int, int] = (0, 0),
        units: Units = UNSCALED,
        reserved: tuple[tuple[str, pygame.Rect], ...] = (),
        new_bands: int = NEW_BANDS_PER_DRAW,
    ) -> Layout:
        """Draw a frame and return its layout. `complete` paints every terrain chunk now
        (screenshots, export); otherwise at most `new_bands` bands of new chunks (the window
        sizes it to the frame's length, `terrain.bands_for`), so panning stays smooth. `ui`
        adds the inspect layers (highlight on the field, panel and minimap on top);
        `bottom_reserved` px at the bottom are the bar's; `reserved` are boxes others
        draw after the scene (a kiosk's hint), kept clear and listed in the layout;
        `ui_offset` moves the HUD's fixed boxes (burn-in drift in a kiosk)."""
        size = target.get_size()
        world = playback.world
        s = world.soldiers
        pos = playback.positions()
        m = self.last_moment = moment(playback, pos, self.story, self.feet)
        self._draw_underlay(
            target, camera, playback, options, m, pos, None if complete else new_bands
        )
        self.soldiers.draw(
            target,
            camera,
            pos,
            s.facing,
            s.kind,
            s.formation,
            s.state,
            gait_phase(pos, s.facing, s.gait_offset, np.take(world.tables.stride, s.kind))
            if self.soldiers.figures_at(camera)
            else None,  # (splats have no gait: not measured for 40,000 men a frame)
            spotlit(self.palettes, m.dim),
            s.vel,
        )
        f = world.formations
        self.drawn_blocks = (
            self.blocks.draw(target, camera, m.feet, f.kind, f.men_start, m.dim, units)
            if options.story_layers
            else []
        )
        draw_arrows(target, camera, world.missiles, world.tick - 1 + playback.clock.alpha)
        self.boats.draw(target, camera, world, playback.display_seconds, self.palettes)
        minutes = self.scenario.clock.minutes_of_day(playback.display_seconds)
        minutes = minutes if options.daylight is None else options.daylight
        self.light.apply(target, minutes)  # the map layers only: nothing drawn after is tinted
        dark = self.light.is_dark(minutes)
        if ui is not None:
            self.interface.inspect.draw_field(target, Seen(camera, playback, pos, ui, units))
        inspecting = ui is not None and ui.is_open
        hud = self.hud_state(playback, options, inspecting, m, units)
        crowd = tuple(b.box for b in self.drawn_blocks)
        arrows = self.movement.boxes if options.story_layers else ()  # (in view)
        frame = Frame(bottom_reserved, ui, ui_offset, units, reserved, crowd, arrows)
        arranged = self.interface.arrange(size, playback, hud, frame)
        if not options.hud:
            arranged.blocks.clear()
        clock = next((b.box for b in arranged.blocks if b.name == "clock"), None)
        button = None
        if options.story is not None and clock is not None and not inspecting:
            button = story_button(self.fonts, options.story, clock, units)
            arranged.blocks.append(button)
            arranged.obstacles.append(button.box)
        self.marginalia.legend.open = options.legend
        self.marginalia.legend.page = options.legend_page
        legend_ctx = LegendContext(world.scale, camera.scale, dark)
        margins = self.marginalia.layout(
            size, arranged.obstacles, bottom_reserved, legend_ctx, ui_offset, units
        )
        if not options.places:
            margins.clear()
        arranged.obstacles += margins.values()
        tellers_button = button_rect(
            margins.get("legend.button"), target.get_rect(), units, self.fonts
        )
        if not options.hud or tellers_button.collidelist(arranged.obstacles) >= 0:
            tellers_button = None  # the map alone, or a unit's panel or the HUD is there
        else:
            arranged.obstacles.append(tellers_button)
        covering = tuple(
            arranged.obstacles
        )  # (the HUD, panels, legend: a body under them is hidden)
        arranged.obstacles += [b.symbol for b in self.drawn_blocks]  # labels keep off the marks
        # (the arrows, above: names keep off them; event markers may not)
        requests = []
        if options.banners:
            requests = self.banner_requests(camera, m, units, arrows, covering)
        if options.story_layers:
            requests += self.markers.requests(camera, m, units, options.still)
        if options.hud:  # (the map alone, as the campaign's picture of the field, has no labels)
            requests += self.boats.label_requests(
                world, camera, playback.display_seconds, self.fonts, units
            )
        if options.places:
            names = self.places.requests(camera, dark, arranged.obstacles, units)
            requests += clear_of(names, [*(b.box for b in self.drawn_blocks), *arrows])

        def leaders(target: pygame.Surface, layout: Layout, placed: list[Placed]) -> None:
            self.markers.draw_leaders(target, layout, arranged.obstacles)
            self.banners.leaders(target, placed)

        layout = self.interface.finish(target, camera, playback, arranged, requests, pos, leaders)
        if button is not None:
            draw_story_button(target, button, bool(options.story), units)
        for name, rect in self.marginalia.draw(target, camera, legend_ctx, margins).items():
            layout.add(name, rect)
        if tellers_button is not None:
            draw_button(target, self.fonts, tellers_button, options.tellers, units)
            layout.add("tellers.button", tellers_button)
        if options.tellers:
            panel = draw_tellers(
                target,
                self.fonts,
                self.shown,
                world.account,
                bottom_reserved,
                units,
                options.tellers_page,
            )
            layout.add_box("tellers.panel", panel.pop("tellers.panel"))
            for name, rect in panel.items():
                layout.add(name, rect)
        return layout

    def _draw_underlay(
        self,
        target: pygame.Surface,
        camera: Camera,
        playback: Playback,
        options: ViewOptions,
        m: Moment,
        pos: np.ndarray,
        new_bands: int | None,
    ) -> None:
        """Terrain, hatching, ghosts and arrows: the map under the men (`underlay.py`)."""
        world = playback.world
        self.terrain.contours = options.contours
        rects = self.reconstruction.areas(world, pos, camera)  # places no source gives
        key = (
            (camera.centre_x, camera.centre_y, camera.scale, camera.width, camera.height),
            target.get_size(),
            (id(world), world.account, playback.previewed, options.contours),
            tuple(tuple(r) for r in rects),
            self.movement.reads(world, m) if options.story_layers else None,
        )
        if self.terrain.still(camera, target.get_size()) and self.underlay.reuse(target, key):
            return
        self.terrain.draw(target, camera, max_new_bands=new_bands)
        self.reconstruction.hatch(target, rects)
        if options.story_layers:
            self.movement.draw_ghosts(target, camera, world, m)
            self.movement.draw_arrows(target, camera, world, m)
        exact = self.terrain.still(camera, target.get_size())
        waited = options.story_layers and self.movement.waited
        self.underlay.drawn(target, key, exact and not waited)

    def banner_requests(
        self, camera: Camera, m: Moment, units: Units = UNSCALED, avoid=(), covering=()
    ) -> list[LabelRequest]:
        """Each formation's banner, as a request to the frame's placement pass (clear of the
        boxes in `avoid`: the arrows; no far place for a body under the `covering` boxes)."""
        feet = m.feet
        facing = np.stack([feet.fx, feet.fy])
        depth = np.maximum(feet.depth, MIN_H / camera.scale)
        x, y = np.nan_to_num(feet.x), np.nan_to_num(feet.y)
        banners = banners_for(
            camera,
            self.names,
            self.side_colours,
            x,
            y,
            feet.men,
            facing,
            depth,
            feet.figures,
            number=self.fonts.words.number,
            patterns=self.patterns,
            households=self.blocks.household,
            sides=self.sides,
        )
        screen = pygame.Rect(0, 0, camera.width, camera.height)
        return self.banners.requests(banners, units, avoid, screen, covering)

    def hud_state(
        self,
        playback: Playback,
        options: ViewOptions,
        inspecting: bool = False,
        m: Moment | None = None,
        units: Units = UNSCALED,
    ) -> HudState:
        """While a unit panel or the legend is open it is what the visitor reads: the caption
        and hint step aside."""
        world = playback.world
        phase = current_phase(
            self.shown.phases_for(world.account), int(playback.shown_tick), world.events
        )
        english = next((p.citation.ref for p in self.scenario.phases if p.id == phase.id), "")
        source = credit(phase.citation, self.fonts.words, english)
        return HudState(
            title=self.shown.name,
            date=self.shown.date,
            time_of_day=self.fonts.words.clock(playback.time_of_day()),
            phase=phase.name,
            caption=phase.caption,
            source=source,
            speed=playback.clock.speed,
            paused=not playback.playing,
            show_caption=options.captions
            and not (inspecting or options.legend or options.tellers or options.languages),
            hint="" if inspecting or options.legend or options.tellers else options.hint,
            **(self._event_line(m, units) if m else {"event": self.latest_event(playback)}),
            reached=shortfall(playback),
            catching_up=playback.seek_progress if playback.seeking else None,
        )

    def _event_line(self, m: Moment, units: Units) -> dict:
        """The caption's event line and its number, keyed to the map's marker."""
        if m.latest is None:
            return {}
        n = m.latest
        badge = self.markers.disc(n.number, self.markers.colour(n), units.px(CAPTION_DISC), units)
        return {"event": self._told_at(n.event), "event_badge": badge}

    def _told_at(self, event: Event) -> str:
        """ "14:10  The Lakhmid Arabs charge ...", in the shown language and its digits."""
        clock = self.scenario.clock
        when = clock.time_of_day(event.tick / clock.tick_rate)
        return f"{self.fonts.words.clock(when)}  {told(event, self.shown)}"

    def latest_event(self, playback: Playback) -> str:
        """The newest notable event of the last few battle seconds, with its time and source."""
        world = playback.world
        recent = int(playback.shown_tick) - EVENT_SHOWN_SECONDS * self.scenario.clock.tick_rate
        for e in reversed(world.events):
            if e.tick < recent:
                break
            if e.kind in NOTABLE_EVENTS and e.tick <= recent + EVENT_SHOWN_SECONDS * 20:
                return self._told_at(e)
        return ""
