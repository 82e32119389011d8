"""The campaign map's plane: kilometres east and south of the region's north-west corner, the
camera that looks at it, and where the battlefield lies on it.

The region's projection (`Region.project`, true to scale along its middle parallel) gives
degrees of latitude; times 111.2 they are kilometres, the unit a visitor reads off the scale
bar. The battlefield map (metres, x east, y south) is set on the same plane by one anchor: the
map feature named like the region's battle place (Callinicum) lies at that place. So a camera
can glide from a view of 500 km down to the battle's own first view (`BattleView`) without a
seam: at the end of the fly-down the campaign camera IS the battle camera.

Pure arithmetic, no pygame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.scenario.battlemap import BattleMap
from game.scenario.geography import Region

KM_PER_DEGREE = 111.2  # of latitude


@dataclass(frozen=True)
class Plane:
    """Region degrees <-> plane km <-> battle metres."""

    region: Region
    anchor_km: tuple[float, float]  # the battle place on the plane
    anchor_m: tuple[float, float]  # the same point on the battlefield map, metres

    @classmethod
    def of(cls, region: Region, bmap: BattleMap | None, battle: str = "Callinicum") -> Plane:
        place = region.place(battle)
        x, y = region.project(place.lon, place.lat)
        at = next((f.at for f in bmap.features if f.name == battle), None) if bmap else None
        return cls(region, (x * KM_PER_DEGREE, y * KM_PER_DEGREE), at or (0.0, 0.0))

    def km(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self.region.project(lon, lat)
        return (x * KM_PER_DEGREE, y * KM_PER_DEGREE)

    def km_of_metres(self, x_m: float, y_m: float) -> tuple[float, float]:
        ax, ay = self.anchor_km
        bx, by = self.anchor_m
        return (ax + (x_m - bx) / 1000.0, ay + (y_m - by) / 1000.0)

    def metres_of_km(self, x_km: float, y_km: float) -> tuple[float, float]:
        ax, ay = self.anchor_km
        bx, by = self.anchor_m
        return (bx + (x_km - ax) * 1000.0, by + (y_km - ay) * 1000.0)

    @property
    def extent_km(self) -> tuple[float, float]:
        r = self.region
        return self.km(r.east, r.south)


@dataclass(frozen=True)
class View:
    """A camera on the plane: the km point at the screen's centre and px per km."""

    x: float
    y: float
    px_per_km: float
    width: int
    height: int

    @property
    def width_km(self) -> float:
        return self.width / self.px_per_km

    def to_screen(self, x_km: float, y_km: float) -> tuple[float, float]:
        return (
            (x_km - self.x) * self.px_per_km + self.width / 2,
            (y_km - self.y) * self.px_per_km + self.height / 2,
        )

    def to_plane(self, sx: float, sy: float) -> tuple[float, float]:
        return (
            self.x + (sx - self.width / 2) / self.px_per_km,
            self.y + (sy - self.height / 2) / self.px_per_km,
        )

    def rect_km(self) -> tuple[float, float, float, float]:
        x0, y0 = self.to_plane(0, 0)
        x1, y1 = self.to_plane(self.width, self.height)
        return (x0, y0, x1, y1)


def framed(
    plane: Plane,
    centre: tuple[float, float],
    width_km: float,
    size: tuple[int, int],
    top: int = 0,
    bottom: int = 0,
) -> View:
    """A view `width_km` across the screen with the lon/lat `centre` in the middle of the band
    between `top` and `bottom` reserved px (the HUD boxes and the caption with the bar)."""
    w, h = size
    k = w / width_km
    x, y = plane.km(*centre)
    return View(x, y + (bottom - top) / (2 * k), k, w, h)


def battle_view(plane: Plane, centre_m: tuple[float, float], scale: float, size) -> View:
    """The battle camera (centre in metres, `scale` px per metre) as a view of the plane."""
    x, y = plane.km_of_metres(*centre_m)
    return View(x, y, scale * 1000.0, size[0], size[1])


def ease(u: float) -> float:
    """Smoothstep: starts and ends at rest (a museum screen moves calmly)."""
    u = min(max(u, 0.0), 1.0)
    return u * u * (3 - 2 * u)


def glide(a: View, b: View, u: float) -> View:
    """The view `u` (0..1, eased) of the way from `a` to `b`: a zoom about the one point that
    stays put on screen, so the dive goes straight at its target instead of swinging past it.
    Scale changes geometrically (each second zooms by the same factor)."""
    s = ease(u)
    k = math.exp(math.log(a.px_per_km) + (math.log(b.px_per_km) - math.log(a.px_per_km)) * s)
    r = a.px_per_km / b.px_per_km  # the end's width over the start's
    if abs(1 - r) < 1e-6:  # no zoom: a plain pan
        x, y = a.x + (b.x - a.x) * s, a.y + (b.y - a.y) * s
    else:
        fx, fy = (b.x - a.x * r) / (1 - r), (b.y - a.y * r) / (1 - r)  # the fixed point
        shrink = a.px_per_km / k  # this width over the start's
        x, y = fx + (a.x - fx) * shrink, fy + (a.y - fy) * shrink
    return View(x, y, k, b.width, b.height)
