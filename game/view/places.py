"""Place names on the battlefield: the Euphrates, Callinicum, the islands, the camp, the road.

Names come from the map's `features`, set as a printed map sets them: water in a darker blue
italic, letter-spaced along the river's curve and kept on the water; the walled town in spaced
capitals; the islands and the rising ground in italic; the road's name along the road, beside
it. Each name is a `LabelRequest` for the frame's one placement pass (`game.view.placement`),
below every formation banner in priority, so names give way to the armies, never cover the
HUD and never overlap another label. A river's name offers several places along the visible
stretch; the first free one is taken.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
import pygame

from game.scenario.battlemap import BattleMap, Feature
from game.view.camera import Camera
from game.view.fonts import Fonts
from game.view.lettering import Lettering, TypeStyle
from game.view.placement import LabelRequest
from game.view.terrain.fields import TerrainFields
from game.view.units import UNSCALED, Units

DAY_HALO = (238, 232, 214)
NIGHT_HALO = (16, 18, 22)
NIGHT_INK = (238, 230, 212)

STYLES: dict[str, TypeStyle] = {
    "river": TypeStyle(
        "serif-italic",
        30,
        (34, 72, 102),
        (178, 206, 218),
        (178, 208, 230),
        (12, 20, 30),
        tracking=0.55,
    ),
    "island": TypeStyle(
        "serif-italic", 20, (40, 60, 74), DAY_HALO, NIGHT_INK, NIGHT_HALO, tracking=0.12
    ),
    "town": TypeStyle(
        "serif-bold", 26, (54, 44, 36), DAY_HALO, NIGHT_INK, NIGHT_HALO, tracking=0.28, caps=True
    ),
    "camp": TypeStyle("serif", 23, (54, 44, 36), DAY_HALO, NIGHT_INK, NIGHT_HALO, tracking=0.1),
    "road": TypeStyle(
        "serif-italic", 20, (96, 62, 46), DAY_HALO, NIGHT_INK, NIGHT_HALO, tracking=0.06
    ),
    "slope": TypeStyle(
        "serif-italic", 26, (90, 68, 48), DAY_HALO, NIGHT_INK, NIGHT_HALO, tracking=0.4
    ),
    "place": TypeStyle("serif", 22, (54, 44, 36), DAY_HALO, NIGHT_INK, NIGHT_HALO),
}
"""Type by kind of feature: water italic blue, the town in spaced capitals, natural features
italic, works upright (cartography notes E)."""

PRIORITY = {"river": 90, "town": 80, "camp": 70, "slope": 60, "island": 50, "road": 40, "place": 30}
"""Inside the place-name band 0..100: below every banner (men on the field, up to ~8e3)."""

RIVER_SPOTS = range(5)
"""How many places along the visible river its name is tried at, nearest the middle first."""
ROAD_SPAN_M = 900.0  # the stretch of road, either side of the feature, the name may follow
ROAD_LIFT_PX = 16.0  # the road's name sits beside the road, not on it (design px)


def clear_of(requests: Sequence[LabelRequest], boxes: Sequence[pygame.Rect]) -> list[LabelRequest]:
    """The names with only their places that lie clear of `boxes` (the formations' blocks: a
    name never runs across an army); a name with no place left is not offered. A few rectangle
    tests a frame: the names themselves are built once per view."""
    if not boxes:
        return list(requests)
    out = []
    for r in requests:
        free = tuple(c for c in r.candidates if r.rect_at(c).collidelist(boxes) < 0)
        if len(free) == len(r.candidates):
            out.append(r)
        elif free:
            out.append(replace(r, candidates=free))
    return out


class PlaceNames:
    def __init__(self, bmap: BattleMap, fields: TerrainFields, fonts: Fonts):
        self.features = bmap.features
        self.fields = fields
        self.lettering = Lettering(fonts)
        self._last: tuple[tuple, list[LabelRequest]] | None = None
        self._view: tuple | None = None  # the view `_memo` holds the workings of
        self._memo: dict[tuple, object] = {}
        self.name_of: Callable[[str], str] = str  # a place's name in the shown language

    def use_names(self, name_of: Callable[[str], str]) -> None:
        """Letter the places as `name_of` names them (the visitor's language)."""
        self.name_of, self._last, self._view = name_of, None, None

    def requests(
        self,
        camera: Camera,
        dark: bool = False,
        avoid: Sequence[pygame.Rect] = (),
        units: Units = UNSCALED,
    ) -> list[LabelRequest]:
        """The names to offer the placement pass for this view, in type sized for the
        screen's `units` (never under the physical minimum). Places along a line that fall
        on `avoid` (the HUD) are not offered. The same view asks again for free: a still
        camera costs nothing."""
        key = (
            units,
            camera.centre_x,
            camera.centre_y,
            camera.scale,
            camera.width,
            camera.height,
            dark,
            tuple(tuple(r) for r in avoid),
        )
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        if self._view != key[:-1]:  # (what it offers, given the HUD and marks to keep off)
            self._view, self._memo = key[:-1], {}
        out = self._requests(camera, dark, avoid, units)
        self._last = (key, out)
        return out

    def _once(self, key: tuple, work: Callable[[], object]):
        """`work()`, once per view: the letters along the river or road and where the water
        runs depend on the view alone, not on the boxes to keep off (the blocks' marks move
        them a pixel now and then, and lettering along a curve is dear)."""
        if key not in self._memo:
            self._memo[key] = work()
        return self._memo[key]

    def _requests(
        self, camera: Camera, dark: bool, avoid: Sequence[pygame.Rect], units: Units
    ) -> list[LabelRequest]:
        self._avoid = avoid
        self._lift = ROAD_LIFT_PX * units.scale
        out: list[LabelRequest] = []
        for n, f in enumerate(self.features):
            style = STYLES.get(f.kind, STYLES["place"])
            style = replace(style, size=units.text(style.size))
            key = f"place.{n}"
            prio = PRIORITY.get(f.kind, 30)
            if f.kind == "river":
                # Spaced wide where the water is long enough, closer where it is not.
                for track in (1.0, 0.45, 0.15):
                    spaced = replace(style, tracking=style.tracking * track)
                    got = self._river(camera, f, spaced, dark, key, prio)
                    if got:
                        out += got
                        break
            elif f.kind == "road":
                out += self._road(camera, f, style, dark, key, prio)
            else:
                out += self._at(camera, f, style, dark, key, prio)
        return out

    # -- by kind ----------------------------------------------------------------------------
    def _at(
        self, camera: Camera, f: Feature, style: TypeStyle, dark: bool, key: str, prio: float
    ) -> list[LabelRequest]:
        """Centred on the feature's point, or just above or below it."""
        surf = self.lettering.straight(self.name_of(f.name), style, dark)
        w, h = surf.get_size()
        sx, sy = camera.point_to_screen(*f.at)
        if not (-w < sx < camera.width + w and -h < sy < camera.height + h):
            return []
        cands = (
            (-w / 2, -h / 2),
            (-w / 2, -h * 1.6),
            (-w / 2, h * 0.6),
            (-w * 1.1, -h / 2),
            (w * 0.1, -h / 2),
        )
        return [LabelRequest(key, surf, (sx, sy), cands, prio)]

    def _river(
        self, camera: Camera, f: Feature, style: TypeStyle, dark: bool, key: str, prio: float
    ) -> list[LabelRequest]:
        """Along the river's curve, on its widest run of water: mid-river at the overview, the
        main channel beside an island, the visible water close up.

        The places offered are fixed on the map (a lattice along the river, spaced by the
        name's length at this zoom), nearest the middle of the screen first: panning moves
        the name with the water instead of sliding it along, and finds it again in the cache.
        """
        line = self.fields.river_line
        if len(line) < 2:
            return []
        s = camera.scale
        ox, oy = camera.origin
        geometry = self._once(("river", key, style), lambda: self._river_line(camera, f, style))
        if geometry is None:
            return []
        spots, pts, arc, width_m = geometry
        out = []
        tried = 0
        for k, xw in enumerate(spots):
            need = style.size * 1.6 / s
            mid = self._once(
                ("run", float(xw), need),
                lambda xw=xw, need=need: self._water_run(camera, float(xw), need),
            )
            if mid is None:
                continue
            # A cheap look first: the name's straight footprint on the water and off the HUD.
            rough = pygame.Rect(0, 0, round(width_m * s), style.size)
            rough.center = (round((xw - ox) * s), round((mid - oy) * s))
            if rough.collidelist(self._avoid) >= 0 or not self._wet(camera, rough):
                continue
            tried += 1
            if tried > len(RIVER_SPOTS):
                break

            def along(xw=xw, mid=mid):
                yw = float(np.interp(xw, line[:, 0], line[:, 1]))
                shifted = pts + np.array([0.0, (mid - yw) * s])
                sx = (xw - ox) * s
                return self.lettering.along(
                    self.name_of(f.name),
                    style,
                    dark,
                    shifted,
                    float(np.interp(sx, pts[:, 0], arc)),
                    lift=-style.size / 3,
                )

            got = self._once(("along", key, style, float(xw)), along)
            if got is None:
                continue
            surf, topleft = got
            rect = pygame.Rect(topleft, surf.get_size())
            if rect.collidelist(self._avoid) >= 0 or not self._wet(camera, rect):
                continue
            out.append(LabelRequest(key, surf, topleft, ((0.0, 0.0),), prio - 0.1 * k))
            if len(out) == 2:  # one to take, one in case a banner stands on it
                break
        return out

    def _river_line(self, camera: Camera, f: Feature, style: TypeStyle) -> tuple | None:
        """The spots along the river its name is tried at, nearest the middle first, and the
        river's screen points and their arc length; None if the name does not fit."""
        line = self.fields.river_line
        s = camera.scale
        ox, _ = camera.origin
        width_m = self.lettering.width(self.name_of(f.name), style) / s
        spacing = 2.0 ** round(np.log2(max(width_m * 0.25, 1.0)))
        x0, x1 = (
            max(ox, line[0, 0]) + width_m / 2,
            min(ox + camera.width / s, line[-1, 0]) - width_m / 2,
        )
        if x1 <= x0:
            return None
        spots = np.arange(np.ceil(x0 / spacing) * spacing, x1, spacing)
        if not len(spots):
            spots = np.array([(x0 + x1) / 2])
        spots = spots[np.argsort(np.abs(spots - (ox + camera.width / (2 * s))), kind="stable")]
        pts = camera.world_to_screen(line.T.astype(np.float32)).T.astype(np.float64)
        arc = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(pts, axis=0).T))])
        return spots, pts, arc, width_m

    def _wet(self, camera: Camera, rect: pygame.Rect) -> bool:
        """`_on_water`, once per view and box."""
        return self._once(("wet", tuple(rect)), lambda: self._on_water(camera, rect))

    def _water_run(self, camera: Camera, xw: float, need_m: float) -> float | None:
        """The world y of the middle of the longest run of water down world column `xw`
        within the view, if at least `need_m` long. Sampled on a grid fixed to the map, so it
        does not jitter as the view pans."""
        f = self.fields
        step = f.tile / 2
        _ox, oy = camera.origin
        lo = max(oy, 0.0) + 0.5 * need_m / 1.6
        hi = min(oy + camera.height / camera.scale, f.height_m) - 0.5 * need_m / 1.6
        ys = np.arange(np.ceil(lo / step) * step, hi, step)
        if len(ys) < 2:
            return None
        c = min(max(int(xw // f.tile), 0), f.cols - 1)
        col = f.masks["wet"][np.clip((ys // f.tile).astype(int), 0, f.rows - 1), c] > 0.5
        if not col.any():
            return None
        edges = np.flatnonzero(np.diff(np.concatenate([[0], col.astype(int), [0]])))
        starts, ends = edges[0::2], edges[1::2]
        n = int(np.argmax(ends - starts))
        if (ends[n] - starts[n]) * step < need_m:
            return None
        return float((ys[starts[n]] + ys[ends[n] - 1]) / 2)

    def _road(
        self, camera: Camera, f: Feature, style: TypeStyle, dark: bool, key: str, prio: float
    ) -> list[LabelRequest]:
        """Beside the road, centred where the feature says, above the road or below it."""
        best = None
        for line in self.fields.road_lines:
            d = np.hypot(line[:, 0] - f.at[0], line[:, 1] - f.at[1])
            k = int(np.argmin(d))
            if best is None or d[k] < best[0]:
                best = (float(d[k]), line, k)
        if best is None or best[0] > 300:
            return self._at(camera, f, style, dark, key, prio)
        _, line, k = best
        arc = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(line, axis=0).T))])
        near = np.abs(arc - arc[k]) <= ROAD_SPAN_M
        part, at = line[near], arc[k] - arc[near][0]
        if part[0, 0] > part[-1, 0]:
            part, at = part[::-1], arc[near][-1] - arc[k]  # letters run left to right
        sx, sy = camera.point_to_screen(*f.at)
        if not (-camera.width < sx < 2 * camera.width and -camera.height < sy < 2 * camera.height):
            return []
        pts = camera.world_to_screen(part.T.astype(np.float32)).T.astype(np.float64)
        out = []
        for n, lift in enumerate((self._lift, -self._lift)):
            name = self.name_of(f.name)
            got = self._once(
                ("road", key, style, lift),
                lambda name=name, lift=lift: self.lettering.along(
                    name, style, dark, pts, at * camera.scale, lift=lift
                ),
            )
            if got is not None:
                surf, topleft = got
                if pygame.Rect(topleft, surf.get_size()).collidelist(self._avoid) < 0:
                    out.append(LabelRequest(key, surf, topleft, ((0.0, 0.0),), prio - 0.1 * n))
        return out

    def _on_water(self, camera: Camera, rect: pygame.Rect) -> bool:
        """Whether the middle band of a label's box lies on the river (not on an island)."""
        xs = np.linspace(rect.left + 4, rect.right - 4, 9)
        return bool(self._wet_at(camera, xs, np.full_like(xs, rect.centery)).all())

    def _wet_at(self, camera: Camera, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        f = self.fields
        ox, oy = camera.origin
        wx, wy = ox + xs / camera.scale, oy + ys / camera.scale
        inside = (wx >= 0) & (wy >= 0) & (wx < f.width_m) & (wy < f.height_m)
        c = np.clip((wx // f.tile).astype(int), 0, f.cols - 1)
        r = np.clip((wy // f.tile).astype(int), 0, f.rows - 1)
        return (f.masks["wet"][r, c] > 0.5) & inside
