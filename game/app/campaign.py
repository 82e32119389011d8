"""The prologue and the epilogue in the window and the kiosk: the programme round the battle,
and the campaign map's frames.

`programme_for` builds the one timeline (`game.timeline.programme`) from the scenario's
campaign (`campaign.yaml` beside it; none: the battle alone). `CampaignStage` draws a frame of
the prologue or the epilogue (`game.view.campaign.screen`) and gives it what it needs from the
battle: the battle's first view and picture (where the fly-down lands: the story camera's first
shot while that camera is on, as entering the battle jumps there; else the whole battle, as `F`
frames it), its last (where the epilogue rises from), and the run's own figures (the epilogue's
cost of the day).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pygame

from game.app.languages import Languages, show_language
from game.app.still import fitted_camera
from game.lang.languages import DEFAULT_LANGUAGE
from game.lang.words import N_
from game.scenario.campaign import EPILOGUE, PROLOGUE, Campaign, load_campaign_for
from game.scenario.geography import bundled_region
from game.scenario.specs import Scenario
from game.sim.tables import label
from game.sim.world import World
from game.timeline.playback import Playback
from game.timeline.programme import BATTLE, Programme, Segments
from game.view.camera import Camera
from game.view.campaign.moment import moment
from game.view.campaign.plane import View, battle_view
from game.view.campaign.screen import BattleImage, CampaignView, Playing
from game.view.chapters import Chapters, Mark
from game.view.layout import Layout
from game.view.options import ViewOptions
from game.view.scene import Scene
from game.view.story_camera import StoryCamera
from game.view.units import Units

STRINGS = {
    "campaign": N_("Campaign"),
    "aftermath": N_("Aftermath"),
    "skip_prologue": N_("Skip to the battle  ▸▸"),
    "skip_epilogue": N_("Skip  ▸▸"),
}
"""Every visible string of this module (for a catalogue later)."""


def segments_for(scenario: Scenario, campaign: Campaign | None) -> Segments:
    clock = scenario.clock
    if campaign is None:
        return Segments.of(clock.tick_rate, clock.end_tick)
    return Segments.of(
        clock.tick_rate,
        clock.end_tick,
        campaign.seconds(PROLOGUE),
        campaign.seconds(EPILOGUE),
        campaign.starts(PROLOGUE),
        campaign.starts(EPILOGUE),
    )


def programme_for(
    scenario: Scenario, playback: Playback, start: str = "prologue"
) -> tuple[Programme, Campaign | None]:
    """The programme over `playback`, starting at the prologue or at the battle's first tick."""
    campaign = load_campaign_for(scenario, bundled_region())
    seg = segments_for(scenario, campaign)
    return Programme(playback, seg, seg.first if start == "prologue" else 0), campaign


def figures(world: World) -> dict[str, int]:
    """The run's own cost of the day, per side (men, each formation's rounded as the report
    gives them): the model's, not a source's."""
    f = world.formations
    sides = np.array([label(f, "side", i) for i in range(len(f))])
    out = {}
    for side in ("roman", "persian"):  # summed as the report's formations round them
        out[f"{side}_killed"] = sum(round(float(k)) for k in f.killed[sides == side])
        out[f"{side}_fled"] = sum(round(float(k)) for k in f.fled[sides == side])
    return out


PICTURE_MARGIN = 0.25
"""The battle's picture for the fly-down reaches this share of the view beyond it each way."""
HARD_EDGE_RAMP = 80  # design px of fade where the battle map ends inside that margin
FIELD_DAYLIGHT = 19 * 60.0
"""The light the epilogue's field lightens to: dusk's, so the field held reads (our choice of
presentation: the scene is dated the night of the battle)."""


def feathered(canvas: pygame.Surface, ramps: tuple[float, float, float, float]) -> pygame.Surface:
    """`canvas` with its alpha ramping from 0 at each edge to 1 `ramps` px in (left, right,
    top, bottom; 0: a hard edge there)."""
    out = pygame.Surface(canvas.get_size(), pygame.SRCALPHA)
    out.blit(canvas, (0, 0))
    w, h = out.get_size()
    left, right, top, bottom = ramps
    x = np.arange(w, dtype=np.float32) + 0.5
    y = np.arange(h, dtype=np.float32) + 0.5
    ax = np.minimum(_ramp(x, left), _ramp(w - x, right))
    ay = np.minimum(_ramp(y, top), _ramp(h - y, bottom))
    alpha = pygame.surfarray.pixels_alpha(out)
    alpha[:] = (255 * np.minimum(ax[:, None], ay[None, :])).astype(np.uint8)
    del alpha
    return out


def _ramp(d: np.ndarray, width: float) -> np.ndarray:
    if width < 1:
        return np.ones_like(d)
    u = np.clip(d / width, 0, 1)
    return u * u * (3 - 2 * u)


@dataclass(frozen=True)
class Cached:
    key: tuple
    view: View  # the battle's camera there, as a view of the campaign plane
    image: BattleImage | None


class CampaignStage:
    """Draws the prologue and the epilogue for a window (or a kiosk's window). `story`: the
    window's story camera (the battle opens on its first shot while it is on)."""

    def __init__(
        self,
        scenario: Scenario,
        campaign: Campaign,
        scene: Scene,
        story: StoryCamera | None = None,
    ):
        self.scenario = scenario
        self.campaign = campaign
        self.scene = scene
        self.story = story
        self.view = CampaignView(scenario, campaign, bundled_region(), scene.fonts)
        self._cache: dict[str, Cached] = {}
        self._left: tuple[float, float, float] | None = None  # the battle's camera at its end

    def leave_battle(self, camera: Camera | None) -> None:
        """The battle ends into the epilogue on `camera` (the window's, as the story camera
        left it at nightfall): the epilogue rises from that very view. None: the epilogue was
        reached another way (a seek): it rises from the story camera's own last shot."""
        self._left = None if camera is None else (camera.centre_x, camera.centre_y, camera.scale)

    def show(self, campaign: Campaign, places: Callable[[str], str] = str) -> None:
        """Word the prologue and epilogue from `campaign` (the same campaign in the visitor's
        language: `game.scenario.campaign_texts`), the map's places by `places`."""
        self.campaign = campaign
        self.view.show(campaign, places)

    def chapters(self, programme: Programme) -> Chapters:
        """The bar's marks and texts for the parts round the battle."""
        seg = programme.segments

        def label(tick: float) -> str:
            return self.moment_at(programme, tick).scene.date

        def skip(tick: float) -> str | None:
            part = seg.part(tick)
            if part == PROLOGUE:
                return STRINGS["skip_prologue"]
            if part == EPILOGUE and tick < seg.last:
                return STRINGS["skip_epilogue"]
            return None

        marks = (
            Mark(seg.first, "campaign", STRINGS["campaign"]),
            Mark(seg.battle + 1, "aftermath", STRINGS["aftermath"]),
        )
        return Chapters(seg.first, seg.last, marks, label, skip)

    def moment_at(self, programme: Programme, tick: float):
        seg = programme.segments
        part = seg.part(tick)
        part = part if part != BATTLE else PROLOGUE
        return moment(self.campaign, part, seg.seconds_into(tick), programme.world.account)

    # -- the battle's views -------------------------------------------------------------------
    def home_camera(self, playback: Playback, size: tuple[int, int]) -> Camera:
        """The camera the battle has where this part meets it on this screen: at its first
        tick the story camera's first shot while that camera is on, else the whole battle (`F`);
        at its end the camera the battle was left on, else the story camera's shot there (the
        first of nightfall) while it is on, else the whole battle."""
        story = self.story
        end = playback.world.tick != 0
        if end and self._left is not None:
            return Camera(*self._left, *size)
        if story is None or not story.active:
            return fitted_camera(playback, size)
        camera = Camera(0, 0, 1.0, *size)
        story.frame_opening(camera, playback.world, playback.positions())
        return camera

    def _camera_key(self) -> tuple:
        """What `home_camera` depends on besides the world and the screen."""
        s = self.story
        story = (
            () if s is None else (s.active, s.reduced_motion, s.bottom_reserved, s.units, s.drawn)
        )
        return (*story, self._left)

    def _battle(self, playback: Playback, size, units: Units, want_image: bool) -> Cached:
        """The battle's view where this part meets it (its first for the prologue, its last for
        the epilogue: `home_camera`), and its picture, kept per screen, account and camera: the
        world stands still there, so the picture is drawn once."""
        world = playback.world
        part = "battle" if world.tick == 0 else "field"
        key = (size, world.account, world.strengths, world.scale, world.seed, world.tick)
        key += self._camera_key()
        got = self._cache.get(part)
        if got is None or got.key != key or (want_image and got.image is None):
            camera = self.home_camera(playback, size)
            view = battle_view(
                self.view.plane, (camera.centre_x, camera.centre_y), camera.scale, size
            )
            image = self._picture(playback, camera, units, part == "field") if want_image else None
            got = Cached(key, view, image)
            self._cache[part] = got
        return got

    def _picture(
        self, playback: Playback, camera: Camera, units: Units, lit: bool = False
    ) -> BattleImage:
        """The battle's map (no interface) round `camera`'s view, a quarter wider each way where
        the map goes on, fading out over that margin: it grows out of the campaign map without a
        seam, and at the fly-down's end the view inside the margin is the battle's own frame."""
        m = self.scenario.map
        x0, y0, x1, y1 = camera.visible_world_rect()
        mx, my = (x1 - x0) * PICTURE_MARGIN, (y1 - y0) * PICTURE_MARGIN
        a0, b0 = max(x0 - mx, 0.0), max(y0 - my, 0.0)
        a1, b1 = min(x1 + mx, m.width_m), min(y1 + my, m.height_m)
        s = camera.scale
        size = (max(1, round((a1 - a0) * s)), max(1, round((b1 - b0) * s)))
        wide = Camera((a0 + a1) / 2, (b0 + b1) / 2, s, *size)
        options = ViewOptions(hint="", captions=False, banners=False, places=False, hud=False)
        least = units.px(HARD_EDGE_RAMP)  # where the map itself ends: a short fade still
        ramps = tuple(max(d * s, least) for d in (x0 - a0, a1 - x1, y0 - b0, b1 - y1))

        def draw(options: ViewOptions) -> pygame.Surface:
            canvas = pygame.Surface(size)
            self.scene.draw(canvas, wide, playback, options, complete=True, units=units)
            return feathered(canvas, ramps)

        surface = draw(options)
        lighter = draw(replace(options, daylight=FIELD_DAYLIGHT)) if lit else None
        view = battle_view(self.view.plane, (wide.centre_x, wide.centre_y), s, size)
        return BattleImage(surface, view, lighter)

    # -- a frame ------------------------------------------------------------------------------
    def draw(
        self,
        target: pygame.Surface,
        programme: Programme,
        units: Units,
        bar_height: int,
        offset: tuple[int, int],
        options: ViewOptions,
        keep_clear: tuple[pygame.Rect, ...] = (),
    ) -> Layout:
        size = target.get_size()
        pb = programme.playback
        m = self.moment_at(programme, programme.shown_tick)
        held = not pb.seeking  # the world is where this part keeps it: its views can be drawn

        def battle(name: str) -> View:
            return self._battle(pb, size, units, False).view

        def image(name: str) -> BattleImage | None:
            return self._battle(pb, size, units, True).image if held else None

        playing = Playing(
            programme.clock.speed,
            not programme.playing,
            pb.seek_progress if pb.seeking else None,
        )
        figs = figures(pb.world) if m.part == EPILOGUE and held else None
        return self.view.draw(
            target,
            m,
            playing,
            battle,
            image,
            figs,
            bottom_reserved=bar_height,
            units=units,
            offset=offset,
            legend_open=options.legend,
            keep_clear=keep_clear,
        )


def campaign_still(
    playback: Playback,
    part: str,
    seconds: float,
    size: tuple[int, int],
    assets=None,
    language: str = DEFAULT_LANGUAGE,
) -> pygame.Surface:
    """The window's frame `seconds` into the prologue or epilogue (the battle world sits where
    that part keeps it): the campaign map, its HUD and the timeline bar, in `language`; the
    fly-down lands on the story camera's first shot, as a fresh window's does."""
    from game.view.timeline_bar import TimelineBar
    from game.view.units import units_for

    pygame.display.init()
    pygame.font.init()
    if pygame.display.get_surface() is None:
        pygame.display.set_mode(size)
    scenario = playback.world.scenario
    scene = Scene(scenario, assets)
    programme, campaign = programme_for(scenario, playback, "prologue")
    assert campaign is not None
    programme.seek(programme.segments.at(part, seconds))
    programme.pause()
    stage = CampaignStage(scenario, campaign, scene)
    bar = TimelineBar(scenario, scene.fonts, stage.chapters(programme))
    if language != DEFAULT_LANGUAGE:
        show_language(Languages(scenario, (language,), language), language, scene, bar, stage)
    units = units_for(size)
    canvas = pygame.Surface(size)
    lay = bar.layout(size, (0, 0), units, programme.playhead_tick)
    stage.story = StoryCamera(scene.story, scenario, lay.bar_height, units)  # a fresh window's
    skip = () if lay.skip is None else (lay.skip,)
    layout = stage.draw(canvas, programme, units, lay.bar_height, (0, 0), ViewOptions(), skip)
    bar.draw(canvas, programme, (0, 0), units, layout)
    return canvas
