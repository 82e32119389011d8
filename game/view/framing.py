"""How the story camera frames a shot: the scale and centre that hold a rectangle of the
battlefield between the interface's strips (the title and hint at the top, the caption and
the bar at the foot), with the map to every edge of the screen, and with no other formation's
block cut by the caption.

A mixin of `StoryCamera` (game/view/story_camera.py): it reads the camera's spec (margin,
closest scale), its scenario (the map's size), the bar's height, the screen's units, the
reserves the last drawn frame took, and the blocks of the formations a shot leaves out.
Pure arithmetic over rectangles: nothing is drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.sim.track import spread
from game.sim.world import World, on_field
from game.view.camera import MAX_SCALE, Camera
from game.view.layout import Layout
from game.view.units import Units

if TYPE_CHECKING:
    from game.scenario.specs import Scenario
    from game.view.story_camera import StorySpec

Rect = tuple[float, float, float, float]
At = tuple[float, float, float]  # centre x, centre y (metres), scale (px per metre)
TOP_RESERVED = 90
"""Logical px at the top the camera keeps its shot clear of (the title and the clock)..."""
CAPTION_RESERVED = 220
"""...and above the timeline bar (the caption): the action is framed in the map between."""
GAP = 8
"""Logical px kept between a framed formation and the title, hint or caption box."""
WITHIN_MAP = 1.1
"""The story camera never frames wider than the map less a tenth: no blank ground beyond the
map's edge, and room left to pan."""


def block_rects(world: World, pos: np.ndarray) -> np.ndarray:
    """(F, 4) world rectangles [x0, y0, x1, y1] of each formation's block on the field (NaN
    for a formation that has none): its men's centre and the frontage and depth they fill, so
    that a few stragglers or a fleeing rider do not pull the camera out to the whole map."""
    s, f = world.soldiers, world.formations
    return rects_of(spread(pos, on_field(s.state), s.formation, f.facing, len(f)), f.facing)


def rects_of(geo: np.ndarray, facing: np.ndarray) -> np.ndarray:
    """`block_rects` from each formation's `track.spread` (F, 5) and facing (2, F)."""
    x, y, front, depth = (geo[:, k] for k in range(4))
    fx, fy = np.abs(facing[0]), np.abs(facing[1])
    half_x = (front * fy + depth * fx) / 2  # the block's extent along x and y
    half_y = (front * fx + depth * fy) / 2
    rects = np.stack([x - half_x, y - half_y, x + half_x, y + half_y], axis=1)
    rects[geo[:, 4] <= 0] = np.nan
    return rects


def formations_rect(rects: np.ndarray, chosen: tuple[int, ...] | None) -> Rect | None:
    """The rectangle holding the blocks of the `chosen` formations (None: all) on the field
    (all of them, if none of the chosen is)."""
    on = ~np.isnan(rects[:, 0])
    rows = np.flatnonzero(on) if chosen is None else np.array(chosen)[on[list(chosen)]]
    if rows.size == 0 and chosen is not None:
        rows = np.flatnonzero(on)
    if rows.size == 0:
        return None
    r = rects[rows]
    return (float(r[:, 0].min()), float(r[:, 1].min()), float(r[:, 2].max()), float(r[:, 3].max()))


class Framing:
    """The framing half of the story camera (see the module's docstring for what it reads)."""

    spec: StorySpec
    scenario: Scenario
    bottom_reserved: int  # screen px: the bar
    units: Units
    drawn: tuple[int, int]
    _others: np.ndarray
    _core: Rect | None

    def clear_of(self, top: int, caption: int) -> None:
        """Keep the shots clear of the interface as last drawn: its title and hint reach `top`
        px down, the caption `caption` px up from the screen's foot (a long caption, more
        lines in another language or large text: the reserves grow with it)."""
        self.drawn = (top, caption)

    def clear_of_layout(self, layout: Layout) -> None:
        """`clear_of` the title, hint and caption boxes of a drawn battle frame (the hint
        only where it is at the top: in the column under the clock it is off to the side,
        `game.view.hint`)."""
        at_top = [n for n in ("title", "hint") if n in layout]
        if "title" in layout and "hint" in layout and layout["hint"].y != layout["title"].y:
            at_top.remove("hint")
        top = max((layout[n].bottom for n in at_top), default=0)
        caption = layout.size[1] - layout["caption"].top if "caption" in layout else 0
        self.clear_of(top + self.units.px(GAP), caption + self.units.px(GAP))

    def reserves(self) -> tuple[int, int]:
        """Screen px kept clear at the top and at the foot (the bar, the caption above it)."""
        top = max(self.units.px(TOP_RESERVED), self.drawn[0])
        bottom = self.bottom_reserved + self.units.px(CAPTION_RESERVED)
        return top, max(bottom, self.drawn[1])

    def target(self, camera: Camera, rect: Rect) -> At:
        """Centre and scale that frame `rect` in the part of the screen above the caption, with
        no other formation's block cut by the caption: such a block joins the shot if both
        still fit, else the camera comes closer until that block lies below the caption. If
        neither clears every block, the shot alone (a 4 km line cannot clear them all)."""
        plain = got = self._fit(camera, rect)
        for _ in range(len(self._others)):
            cut = self._cut(camera, got)
            if cut is None:
                return got
            grown = (
                min(rect[0], cut[0]),
                min(rect[1], cut[1]),
                max(rect[2], cut[2]),
                max(rect[3], cut[3]),
            )
            fitted = self._fit(camera, grown)
            if self._holds(camera, fitted, grown):
                rect, got = grown, fitted
                continue
            pushed = self._below(camera, rect, cut)
            if pushed is None:
                break
            got = pushed
        return got if self._cut(camera, got) is None else plain

    def _seen(self, camera: Camera, at: At) -> Camera:
        """The camera at `at` as the screen will have it (clamped to the map)."""
        out = Camera(at[0], at[1], at[2], camera.width, camera.height)
        self._clamp(out)
        return out

    def _cut(self, camera: Camera, at: At) -> Rect | None:
        """The first other block that the caption's strip would cut at `at`, if any."""
        seen = self._seen(camera, at)
        _, bottom = self.reserves()
        strip0, strip1 = camera.height - bottom, camera.height - self.bottom_reserved
        for x0, y0, x1, y1 in self._others:
            (sx0, sy0), (sx1, sy1) = seen.point_to_screen(x0, y0), seen.point_to_screen(x1, y1)
            if sy0 < strip1 and sy1 > strip0 and sx0 < camera.width and sx1 > 0:
                return (float(x0), float(y0), float(x1), float(y1))
        return None

    def _holds(self, camera: Camera, at: At, rect: Rect) -> bool:
        """Whether `rect` lies whole between the title and the caption at `at`."""
        seen = self._seen(camera, at)
        top, bottom = self.reserves()
        (sx0, sy0), (sx1, sy1) = (
            seen.point_to_screen(rect[0], rect[1]),
            seen.point_to_screen(rect[2], rect[3]),
        )
        return (
            sy0 >= top - 1
            and sy1 <= camera.height - bottom + 1
            and sx0 >= 0
            and sx1 <= camera.width
        )

    def _below(self, camera: Camera, rect: Rect, cut: Rect) -> At | None:
        """The shot's foot on the caption's top edge, and as close as `cut` (further south)
        then lies below the caption; the shot's formations stay under the title (its water,
        `rect` above `_core`, may reach under it). None if the shot would no longer fit."""
        x0, y0, x1, y1 = rect
        core = self._core[1] if self._core is not None else y0
        top, bottom = self.reserves()
        low, foot = camera.height - self.bottom_reserved + 2, camera.height - bottom
        if cut[1] <= y1:
            return None
        fill = camera.fill_scale(self.scenario.map.width_m, self.scenario.map.height_m)
        scale = max((low - foot) / (cut[1] - y1), WITHIN_MAP * fill)
        most = min((foot - top) / max(y1 - core, 1.0), camera.width / (x1 - x0))
        if scale > min(most, self.spec.max_scale):
            return None
        return (x0 + x1) / 2, y1 - foot / scale + camera.height / (2 * scale), float(scale)

    def _fit(self, camera: Camera, rect: Rect) -> At:
        """Centre and scale that frame `rect` in the part of the screen above the caption."""
        x0, y0, x1, y1 = rect
        m = self.spec.margin
        w = max(x1 - x0, 1.0) * (1 + 2 * m)
        h = max(y1 - y0, 1.0) * (1 + 2 * m)
        top, bottom = self.reserves()
        free_h = max(camera.height - top - bottom, 1)
        scale = min(camera.width / w, free_h / h, self.spec.max_scale)
        map_h = self.scenario.map.height_m
        fill = camera.fill_scale(self.scenario.map.width_m, map_h)
        scale = float(min(max(scale, WITHIN_MAP * fill), MAX_SCALE))  # the map to every edge
        # Near the map's top or bottom edge the view cannot move further out, and the reserved
        # strip (caption, title) would cover that end of the shot: come closer, as far as the
        # whole shot still fits between the strips, with the view's edge on the map's.
        pad = (h - (y1 - y0)) / 2
        cy = (y0 + y1) / 2 + (bottom - top) / (2 * scale)
        for room_m, near, end in ((map_h - y1 - pad, bottom, 1), (y0 - pad, top, -1)):
            if room_m <= 1.0 or near / room_m <= scale:
                continue  # that end clears its strip already
            span = (y1 - y0 + 2 * pad) + room_m  # from the far end of the shot to the map's edge
            fits = (camera.height - top - bottom + near) / span  # closest that holds it all
            closer = near / room_m if near / room_m <= fits else fits
            if closer > scale:
                scale = float(min(closer, MAX_SCALE))
                half = camera.height / (2 * scale)
                cy = map_h - half if end > 0 else half
            break
        return (x0 + x1) / 2, cy, scale

    def _clamp(self, camera: Camera) -> None:
        camera.clamp_to(self.scenario.map.width_m, self.scenario.map.height_m)
