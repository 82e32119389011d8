"""The region behind the battle: places, rivers, coast and frontier in longitude and latitude.

One data file (`maps/region/geography.yaml`) serves the battle map's inset locator and the
campaign map, so the two always show the same world. Positions are degrees; `Region.project`
turns them into a flat map (equirectangular, true to scale along the region's middle parallel:
at 36 N a degree of longitude is 0.81 of a degree of latitude), which is accurate to a few per
cent over a region of this size and keeps the code tiny.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

from game.scenario.yamlsafe import DataError, Node, load_yaml

REGION_FILE = Path(__file__).resolve().parents[2] / "maps" / "region" / "geography.yaml"

PLACE_KINDS = ("battle", "city", "town", "fortress")
SIDES = ("roman", "persian")

LonLat = tuple[float, float]


@dataclass(frozen=True)
class Place:
    name: str
    lon: float
    lat: float
    kind: str  # one of PLACE_KINDS
    side: str  # one of SIDES: whose it was in 531
    rank: int = 1  # 1: named even on the smallest map; 2, 3: only on larger ones
    note: str = ""


@dataclass(frozen=True)
class Area:
    name: str  # e.g. "ROMAN EMPIRE", set across the area
    lon: float
    lat: float
    rank: int = 1  # as a place's: 1 on every map, 2 and 3 only on larger ones


@dataclass(frozen=True)
class Line:
    name: str
    points: tuple[LonLat, ...]


@dataclass(frozen=True)
class Region:
    name: str
    west: float
    east: float
    south: float
    north: float
    places: tuple[Place, ...]
    rivers: tuple[Line, ...]
    coast: tuple[Line, ...]
    frontier: Line
    areas: tuple[Area, ...] = ()

    @property
    def aspect(self) -> float:
        """Width over height of the projected region."""
        w, h = self.project(self.east, self.south)
        return w / h

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """(x, y) in units of degrees of latitude, from the region's north-west corner (y
        grows southwards, as on screen)."""
        k = math.cos(math.radians((self.north + self.south) / 2))
        return ((lon - self.west) * k, self.north - lat)

    def place(self, name: str) -> Place:
        for p in self.places:
            if p.name == name:
                return p
        raise KeyError(name)


@functools.cache
def bundled_region() -> Region | None:
    """The region file shipped with the game, read once; None if it is not installed (the
    locator is then left out, nothing else changes). A broken file is a `DataError`."""
    return load_region(REGION_FILE) if REGION_FILE.is_file() else None


def load_region(path: str | Path = REGION_FILE) -> Region:
    """Read a region file; a one-line `DataError` (file, line, field) on any fault."""
    root = load_yaml(path).mapping(
        required=("name", "bounds", "places", "rivers", "frontier"), optional=("coast", "areas")
    )
    b = root["bounds"].mapping(required=("west", "east", "south", "north"))
    west, east = b["west"].number(min=-180, max=180), b["east"].number(min=-180, max=180)
    south, north = b["south"].number(min=-90, max=90), b["north"].number(min=-90, max=90)
    if east <= west:
        raise b["east"].error("east must be greater than west")
    if north <= south:
        raise b["north"].error("north must be greater than south")
    places = []
    names: set[str] = set()
    for node in root["places"].sequence(min_len=1):
        node.mapping(required=("name", "lon", "lat", "kind", "side", "rank"), optional=("note",))
        name = node["name"].text()
        if name in names:
            raise node["name"].error(f"place '{name}' is listed twice")
        names.add(name)
        places.append(
            Place(
                name=name,
                lon=node["lon"].number(min=west, max=east),
                lat=node["lat"].number(min=south, max=north),
                kind=node["kind"].text(choices=PLACE_KINDS),
                side=node["side"].text(choices=SIDES),
                rank=node["rank"].integer(min=1, max=3),
                note=node["note"].text() if "note" in node else "",
            )
        )
    return Region(
        name=root["name"].text(),
        west=west,
        east=east,
        south=south,
        north=north,
        places=tuple(places),
        rivers=tuple(_line(n) for n in root["rivers"].sequence(min_len=1)),
        coast=tuple(_line(n) for n in root["coast"].sequence()) if "coast" in root else (),
        frontier=_line(root["frontier"]),
        areas=tuple(_area(n, west, east, south, north) for n in root["areas"].sequence())
        if "areas" in root
        else (),
    )


def _area(node: Node, west: float, east: float, south: float, north: float) -> Area:
    node.mapping(required=("name", "lon", "lat"), optional=("rank",))
    return Area(
        node["name"].text(),
        node["lon"].number(min=west, max=east),
        node["lat"].number(min=south, max=north),
        node["rank"].integer(min=1, max=3) if "rank" in node else 1,
    )


def _line(node: Node) -> Line:
    node.mapping(required=("name", "points"))
    pts = []
    for p in node["points"].sequence(min_len=2):
        lon, lat = p.sequence(2, 2)
        pts.append((lon.number(min=-180, max=180), lat.number(min=-90, max=90)))
    return Line(node["name"].text(), tuple(pts))


__all__ = ["Area", "DataError", "Line", "Place", "Region", "bundled_region", "load_region"]
