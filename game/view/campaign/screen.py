"""One frame of the prologue or the epilogue: the campaign map, its routes, names and
marginalia, the HUD (title, the day, the scene, the caption with its source), and, where the
story reaches the field, the battle's own picture growing out of the map.

The frame is a pure function of the moment (`game.view.campaign.moment`), the screen and the
two battle views it meets (the battle's first view, where the prologue lands, and its last,
where the epilogue rises from): so a seek into the campaign shows exactly what playing there
shows. It returns the frame's `Layout` (title, clock, caption, scale, legend, labels) like the
battle scene does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame

from game.scenario.campaign import Campaign
from game.scenario.campaign import View as ViewSpec
from game.scenario.geography import Region
from game.scenario.specs import Scenario
from game.view.campaign.art import RegionArt
from game.view.campaign.basemap import SEA, BaseMap
from game.view.campaign.legend import CampaignMarginalia
from game.view.campaign.moment import Moment
from game.view.campaign.plane import Plane, View, ease, framed, glide
from game.view.campaign.routes import RouteArt
from game.view.fonts import Fonts
from game.view.hud import HudState, credit, draw_blocks, layout_hud
from game.view.layout import Layout
from game.view.legend import LegendContext
from game.view.placement import blit_placed, place
from game.view.units import UNSCALED, Units

TOP_RESERVED = 150  # design px: the title and clock boxes
CAPTION_RESERVED = 120  # design px above the bar that the caption takes (on the left)
MAP_WINDOW = 0.44
"""The caption keeps to the left, like an atlas's text beside its map: the right of the screen's
foot stays map (where the Persians come in from the south-east, and the scale bar goes)."""
FIELD_LIGHT_S = 3.0
"""The epilogue's field, night where the battle ended, lightens over its first seconds (its
picture `lit`) so that the field held and the blocks on it read."""
FADE_FROM, FADE_TO = 0.16, 0.62
"""The battle's picture fades in as the view closes from 16 % of its scale to 62 %."""


@dataclass(frozen=True)
class BattleImage:
    """The battle's map (no HUD) as the battle camera sees it, and that camera as a view."""

    surface: pygame.Surface
    view: View
    lit: pygame.Surface | None = None  # the same by a lighter light (the epilogue's field)


@dataclass(frozen=True)
class Playing:
    """What the line under the clock says (the programme's state, not the battle's)."""

    speed: float
    paused: bool
    catching_up: float | None = None


class CampaignView:
    def __init__(
        self,
        scenario: Scenario,
        campaign: Campaign,
        region: Region,
        fonts: Fonts,
        battle_place: str = "Callinicum",
    ):
        self.scenario = scenario
        self.campaign = campaign
        self.english = campaign  # the campaign as its file writes it (what a citation flags)
        self.region = region
        self.fonts = fonts
        self.battle_place = battle_place
        self.plane = Plane.of(region, scenario.map, battle_place)
        self.base = BaseMap(self.plane)
        self.art = RegionArt(self.plane, fonts)
        colours = {side.side.name.lower(): side.colour for side in scenario.sides.values()}
        labels = {rid: r.label for rid, r in campaign.routes.items() if r.label}
        self.routes = RouteArt(self.plane, campaign.routes, colours, fonts, labels)
        self.marginalia = CampaignMarginalia(fonts, colours)
        self._mips: tuple[int, list[pygame.Surface]] | None = None
        self.last_signs: list[pygame.Rect] = []  # the towns' signs the last frame drew

    def show(self, campaign: Campaign, places: Callable[[str], str] = str) -> None:
        """Word the frames from `campaign` (the same campaign in the visitor's language), the
        map's places, rivers and areas by `places`."""
        self.campaign = campaign
        self.routes.labels = {rid: r.label for rid, r in campaign.routes.items() if r.label}
        self.art.use_names(places)

    # -- the camera ---------------------------------------------------------------------------
    def view_of(
        self,
        spec: ViewSpec,
        size: tuple[int, int],
        units: Units,
        battle: Callable[[str], View],
        bottom_reserved: int,
    ) -> View:
        """A scene's view on this screen: its lon/lat and width framed between the HUD's boxes
        and the caption, or one of the battle's own views."""
        if spec.battle is not None:
            return battle(spec.battle)
        top = units.px(TOP_RESERVED)
        bottom = bottom_reserved + units.px(CAPTION_RESERVED)
        return framed(self.plane, spec.centre, spec.width_km, size, top, bottom)

    def camera(self, moment: Moment, size, units, battle, bottom_reserved) -> View:
        """Where the camera is at this moment: on its way from the last scene's view."""
        to = self.view_of(moment.view, size, units, battle, bottom_reserved)
        if moment.previous is None or moment.move >= 1.0:
            return to
        start = self.view_of(moment.previous, size, units, battle, bottom_reserved)
        return glide(start, to, moment.move)

    # -- drawing ------------------------------------------------------------------------------
    def draw(
        self,
        target: pygame.Surface,
        moment: Moment,
        playing: Playing,
        battle: Callable[[str], View],
        image: Callable[[str], BattleImage | None] | None = None,
        figures: dict[str, int] | None = None,
        bottom_reserved: int = 0,
        units: Units = UNSCALED,
        offset: tuple[int, int] = (0, 0),
        legend_open: bool = False,
        keep_clear: tuple[pygame.Rect, ...] = (),
    ) -> Layout:
        """Draw the frame and return its layout. `battle(name)` gives the battle's views
        ('battle', 'field'); `image(name)` their pictures, for where the story meets the field;
        `keep_clear`: boxes drawn after the frame (the bar's Skip chip)."""
        size = target.get_size()
        view = self.camera(moment, size, units, battle, bottom_reserved)
        target.fill(SEA)  # beyond the region's edge: the sea lies west, as everywhere near it
        self.base.draw(target, view)
        self.art.draw_lines(target, view, units)
        route_names = self.routes.draw(target, view, units, moment.routes)
        shown = self._battle_image(target, view, moment, image)
        fade = 1.0 - shown
        requests = route_names if fade > 0.5 else []
        labels, signs = self.art.draw_places(
            target, view, units, moment.scene.mark, self.battle_place, fade
        )
        if fade > 0.05:
            requests += labels
            requests += self.art.area_requests(view, units) if fade > 0.9 else []
            requests += self.art.river_requests(view, units) if fade > 0.9 else []
        hud = self.hud_state(moment, playing, figures)
        w, h = size
        window = pygame.Rect(round(w * (1 - MAP_WINDOW)), h - bottom_reserved - units.px(40), 1, 1)
        window.width = w - window.x
        blocks = layout_hud(self.fonts, hud, size, bottom_reserved, offset, units, (window,))
        obstacles = [b.box for b in blocks] + list(keep_clear)
        obstacles.append(pygame.Rect(0, size[1] - bottom_reserved, size[0], bottom_reserved))
        self.marginalia.legend.open = legend_open
        ctx = LegendContext(1, view.px_per_km / 1000.0, False)
        places = [*signs, *(r.rect_at(r.candidates[0]) for r in labels)]
        self.last_signs = signs  # (tests: what the scale bar must not cover)
        margins = self.marginalia.layout(
            size, obstacles, bottom_reserved, ctx, offset, units, spare=places
        )
        obstacles += list(margins.values())
        layout = Layout(size)
        placed = place(requests, [*obstacles, *signs], target.get_rect())
        blit_placed(target, placed)
        for p in placed:
            layout.add(f"label.{p.request.key}", p.rect)
        for name, rect in self.marginalia.draw(target, _Scale(view), ctx, margins).items():
            layout.add(name, rect)
        draw_blocks(target, blocks)
        for block in blocks:
            layout.add(block.name, block.box)
        layout.add("campaign.map", pygame.Rect(0, 0, size[0], size[1] - bottom_reserved))
        return layout

    def hud_state(
        self, moment: Moment, playing: Playing, figures: dict[str, int] | None = None
    ) -> HudState:
        caption = moment.caption
        words = self.fonts.words
        english = self.english.caption(moment.scene, moment.account).source.ref
        return HudState(
            title=self.campaign.titles[moment.part],
            date=self.campaign.map_name or self.region.name,
            time_of_day=words.digits(moment.scene.date),
            phase=moment.scene.name,
            caption=caption.say(figures, words.number),
            source=credit(caption.source, words, english),
            speed=playing.speed,
            paused=playing.paused,
            catching_up=playing.catching_up,
        )

    def _battle_image(
        self,
        target: pygame.Surface,
        view: View,
        moment: Moment,
        image: Callable[[str], BattleImage | None] | None,
    ) -> float:
        """Where a scene meets the field, the battle's picture over the map, fading in as the
        view closes on it; returns how opaque it was drawn (0: not at all)."""
        names = {moment.view.battle, moment.previous.battle if moment.previous else None}
        name = next((n for n in ("battle", "field") if n in names), None)
        if name is None or image is None:
            return 0.0
        got = image(name)
        if got is None:
            return 0.0
        ratio = view.px_per_km / got.view.px_per_km
        alpha = ease((ratio - FADE_FROM) / (FADE_TO - FADE_FROM))
        if alpha <= 0.0:
            return 0.0
        x0, y0, x1, y1 = got.view.rect_km()
        (sx0, sy0), (sx1, sy1) = view.to_screen(x0, y0), view.to_screen(x1, y1)
        w, h = max(1, round(sx1 - sx0)), max(1, round(sy1 - sy0))
        surf = self._scaled(self._lit(got, moment), (w, h))
        if alpha < 0.999:
            surf = surf.copy() if surf is got.surface else surf
            surf.set_alpha(round(255 * alpha))
        target.blit(surf, (round(sx0), round(sy0)))
        return alpha

    def _lit(self, got: BattleImage, moment: Moment) -> pygame.Surface:
        """The field's picture as the night lifts over the field scene's first seconds (the
        battle's last frame at its start), lit from then on and as the epilogue rises."""
        if got.lit is None:
            return got.surface
        u = ease(moment.seconds / FIELD_LIGHT_S) if moment.view.battle == "field" else 1.0
        if u <= 0.0:
            return got.surface
        if u >= 1.0:
            return got.lit
        out = got.surface.copy()
        lit = got.lit.copy()
        lit.set_alpha(round(255 * u))
        out.blit(lit, (0, 0))
        return out

    def _scaled(self, surface: pygame.Surface, size: tuple[int, int]) -> pygame.Surface:
        """`surface` at `size`: from the nearest larger of its halvings (made once), so each
        frame of the fly-down costs one cheap scale, not a smooth-scale of the whole screen."""
        if size == surface.get_size():
            return surface
        if self._mips is None or self._mips[0] != id(surface):
            mips = [surface]
            while mips[-1].get_width() > 64:
                w, h = mips[-1].get_size()
                mips.append(pygame.transform.smoothscale(mips[-1], (w // 2, h // 2)))
            self._mips = (id(surface), mips)
        src = next((m for m in reversed(self._mips[1]) if m.get_width() >= size[0]), surface)
        return pygame.transform.scale(src, size)


class _Scale:
    """The marginalia read `camera.scale` (px per metre) for the scale bar."""

    def __init__(self, view: View):
        self.scale = view.px_per_km / 1000.0
