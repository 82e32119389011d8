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

import numpy as np
import pygame

from game.scenario.battlemap import BattleMap, Feature
from game.view.camera import Camera
from game.view.fonts import Fonts
from game.view.lettering import Lettering, TypeStyle
from game.view.placement import LabelRequest
from game.view.terrain.fields import TerrainFields

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

RIVER_SPOTS = (0.5, 0.3, 0.7, 0.15, 0.85)
"""Where along the visible stretch of river its name may go, in order of preference."""
ROAD_SPAN_M = 900.0  # the stretch of road, either side of the feature, the name may follow
ROAD_LIFT_PX = 16.0  # the road's name sits beside the road, not on it


class PlaceNames:
    def __init__(self, bmap: BattleMap, fields: TerrainFields, fonts: Fonts):
        self.features = bmap.features
        self.fields = fields
        self.lettering = Lettering(fonts)

    def requests(self, camera: Camera, dark: bool = False) -> list[LabelRequest]:
        out: list[LabelRequest] = []
        for n, f in enumerate(self.features):
            style = STYLES.get(f.kind, STYLES["place"])
            key = f"place.{n}"
            prio = PRIORITY.get(f.kind, 30)
            if f.kind == "river":
                out += self._river(camera, f, style, dark, key, prio)
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
        surf = self.lettering.straight(f.name, style, dark)
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
        line = self.fields.river_line
        if len(line) < 2:
            return []
        pts = camera.world_to_screen(line.astype(np.float32)).astype(np.float64)
        pts = _clip_x(pts, 0.0, float(camera.width))
        if pts is None:
            return []
        arc = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(pts, axis=0).T))])
        out = []
        for k, spot in enumerate(RIVER_SPOTS):
            # The name goes on the widest run of open water in its column: mid-river at the
            # overview, the main channel beside an island, the visible water close up.
            cx = float(np.interp(spot * arc[-1], arc, pts[:, 0]))
            cy = float(np.interp(cx, pts[:, 0], pts[:, 1]))
            mid = self._water_run(camera, cx, style.size * 1.6)
            if mid is None:
                continue
            shifted = pts + np.array([0.0, mid - cy])
            got = self.lettering.along(
                f.name, style, dark, shifted, spot * arc[-1], lift=-style.size / 3
            )
            if got is None:
                continue
            surf, topleft = got
            if not self._on_water(camera, pygame.Rect(topleft, surf.get_size())):
                continue
            out.append(LabelRequest(key, surf, topleft, ((0.0, 0.0),), prio - 0.1 * k))
        return out

    def _water_run(self, camera: Camera, sx: float, need_px: float) -> float | None:
        """The screen y of the middle of the longest run of water down column `sx`, if that
        run is at least `need_px` tall."""
        ys = np.arange(4.0, camera.height - 4.0, 4.0)
        wet = self._wet_at(camera, np.full_like(ys, sx), ys)
        if not wet.any():
            return None
        edges = np.flatnonzero(np.diff(np.concatenate([[0], wet.astype(int), [0]])))
        starts, ends = edges[0::2], edges[1::2]
        n = int(np.argmax(ends - starts))
        if (ends[n] - starts[n]) * 4.0 < need_px:
            return None
        return float((ys[starts[n]] + ys[ends[n] - 1]) / 2)

    def _road(
        self, camera: Camera, f: Feature, style: TypeStyle, dark: bool, key: str, prio: float
    ) -> list[LabelRequest]:
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
        part = line[near]
        if part[0, 0] > part[-1, 0]:
            part = part[::-1]  # letters run left to right
        pts = camera.world_to_screen(part.astype(np.float32)).astype(np.float64)
        pts = _clip_x(pts, 0.0, float(camera.width))
        if pts is None:
            return []
        arc_s = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(pts, axis=0).T))])
        out = []
        for n, (spot, lift) in enumerate(
            ((0.5, ROAD_LIFT_PX), (0.5, -ROAD_LIFT_PX), (0.25, ROAD_LIFT_PX), (0.75, ROAD_LIFT_PX))
        ):
            got = self.lettering.along(f.name, style, dark, pts, spot * arc_s[-1], lift=lift)
            if got is not None:
                surf, topleft = got
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


def _clip_x(pts: np.ndarray, x0: float, x1: float) -> np.ndarray | None:
    """The part of a left-to-right polyline between screen columns x0 and x1."""
    inside = (pts[:, 0] >= x0) & (pts[:, 0] <= x1)
    if inside.sum() < 1 and not ((pts[:, 0] < x0).any() and (pts[:, 0] > x1).any()):
        return None
    xs = np.concatenate([[x0], pts[inside, 0], [x1]])
    xs = xs[(xs >= pts[0, 0]) & (xs <= pts[-1, 0])]
    if len(xs) < 2:
        return None
    ys = np.interp(xs, pts[:, 0], pts[:, 1])
    return np.stack([xs, ys], 1)
