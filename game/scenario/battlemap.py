"""The battlefield map: terrain types, the tile grids, and their loader.

A map is a YAML file (legend, sizes, features) that names two text grids beside it, one character
per tile, rows from north to south: `terrain` (a legend character per tile) and `elevation` (a
base-36 digit per tile, times `elevation_step` metres). Text grids are the most editable format
there is: any editor shows the river as a band of `~`.

World coordinates are metres, x east (downstream), y south, origin at the north-west corner.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from game.scenario.reading import read_limited
from game.scenario.yamlsafe import DataError, load_yaml

LOOKS = (
    "deep_water",
    "shallows",
    "reeds",
    "sand",
    "grass",
    "field",
    "dust",
    "road",
    "wall",
    "town",
    "camp",
    "orchard",
    "scrub",
)
"""How the painter may draw a terrain type. A fixed vocabulary so a typo is an error."""

BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class TerrainType:
    code: int  # index into BattleMap.types and value in BattleMap.terrain
    char: str
    name: str
    look: str  # one of LOOKS
    passable: bool  # False: nobody may stand here (unless swimming, for water)
    speed: float  # multiplier on the soldier's pace, 1.0 on open ground
    colour: tuple[int, int, int]  # base colour for the painter
    swim_speed: float = 0.0  # multiplier on the pace of men ordered to swim (deep water only)


@dataclass(frozen=True)
class Feature:
    name: str
    kind: str  # "town", "camp", "island", "road", "river", "slope", "place"
    at: tuple[float, float]  # metres
    note: str = ""


@dataclass(frozen=True, eq=False)
class BattleMap:
    name: str
    source: str
    path: Path
    tile_size: float  # metres per tile
    types: tuple[TerrainType, ...]
    terrain: np.ndarray  # (rows, cols) uint8: index into types
    elevation: np.ndarray  # (rows, cols) float32 metres
    features: tuple[Feature, ...]
    grids: tuple[Path, ...] = ()  # the terrain and elevation files it was read from

    @property
    def rows(self) -> int:
        return int(self.terrain.shape[0])

    @property
    def cols(self) -> int:
        return int(self.terrain.shape[1])

    @property
    def width_m(self) -> float:
        return self.cols * self.tile_size

    @property
    def height_m(self) -> float:
        return self.rows * self.tile_size

    def type_named(self, look: str) -> TerrainType | None:
        return next((t for t in self.types if t.look == look), None)

    def speed_grid(self) -> np.ndarray:
        return np.array([t.speed for t in self.types], dtype=np.float32)[self.terrain]

    def passable_grid(self) -> np.ndarray:
        return np.array([t.passable for t in self.types], dtype=bool)[self.terrain]


def load_map(path: str | Path) -> BattleMap:
    """Load and validate a map YAML and its grids; raise a one-line `DataError` on any fault."""
    path = Path(path)
    root = load_yaml(path).mapping(
        required=("name", "tile_size", "width", "height", "terrain", "elevation", "legend"),
        optional=("source", "elevation_step", "features"),
    )
    name = root["name"].text()
    source = root["source"].text() if "source" in root else ""
    tile = root["tile_size"].number(min=1, max=1000)
    cols = root["width"].integer(min=8, max=4000)
    rows = root["height"].integer(min=8, max=4000)
    step = root["elevation_step"].number(min=0.01, max=100) if "elevation_step" in root else 1.0

    types: list[TerrainType] = []
    by_char: dict[str, int] = {}
    for char, node in root["legend"].items():
        if len(char) != 1 or char.isspace():
            raise root["legend"].key_node(char).error("legend keys must be one visible character")
        if ord(char) > 255:
            raise (
                root["legend"]
                .key_node(char)
                .error(f"'{char}' cannot be a tile: a grid holds one Latin-1 character per tile")
            )
        node.mapping(
            required=("name", "look", "passable", "speed", "colour"), optional=("swim_speed",)
        )
        colour = node["colour"].sequence(3, 3)
        rgb = tuple(int(c.integer(min=0, max=255)) for c in colour)
        passable = node["passable"].boolean()
        speed = node["speed"].number(min=0.0, max=2.0)
        if passable and speed <= 0:
            raise node["speed"].error("a passable terrain needs a speed above 0")
        by_char[char] = len(types)
        types.append(
            TerrainType(
                code=len(types),
                char=char,
                name=node["name"].text(),
                look=node["look"].text(choices=LOOKS),
                passable=passable,
                speed=speed,
                colour=rgb,  # type: ignore[arg-type]
                swim_speed=node["swim_speed"].number(min=0.0, max=1.0)
                if "swim_speed" in node
                else 0.0,
            )
        )
    if not types:
        raise root["legend"].error("the legend is empty")
    if len(types) > 255:
        raise root["legend"].error("at most 255 terrain types")

    lut = np.full(256, 255, dtype=np.uint8)
    for char, code in by_char.items():
        if ord(char) < 256:
            lut[ord(char)] = code
    grids = (path.parent / root["terrain"].text(), path.parent / root["elevation"].text())
    terrain = _read_grid(
        grids[0],
        rows,
        cols,
        lut,
        "terrain",
        f"a legend character ({''.join(by_char)})",
    )

    digits = np.full(256, 255, dtype=np.uint8)
    for i, ch in enumerate(BASE36):
        digits[ord(ch)] = i
    elev_codes = _read_grid(
        grids[1],
        rows,
        cols,
        digits,
        "elevation",
        "a base-36 digit 0-9 or a-z",
    )
    elevation = elev_codes.astype(np.float32) * np.float32(step)

    features: list[Feature] = []
    if "features" in root:
        for fnode in root["features"].sequence():
            fnode.mapping(required=("name", "kind", "at"), optional=("note",))
            features.append(
                Feature(
                    name=fnode["name"].text(),
                    kind=fnode["kind"].text(
                        choices=("town", "camp", "island", "road", "river", "slope", "place")
                    ),
                    at=fnode["at"].point((0, 0), (cols * tile, rows * tile)),
                    note=fnode["note"].text() if "note" in fnode else "",
                )
            )
    return BattleMap(
        name=name,
        source=source,
        path=path,
        tile_size=tile,
        types=tuple(types),
        terrain=terrain,
        elevation=elevation,
        features=tuple(features),
        grids=grids,
    )


def _read_grid(
    path: Path, rows: int, cols: int, lut: np.ndarray, field: str, expected: str
) -> np.ndarray:
    """Read a character grid, mapping each byte through `lut` (255 = not allowed). A UTF-8
    byte-order mark (some editors write one) is not a tile."""
    raw = read_limited(path, rows * (2 * cols + 2) + len(BOM))  # 2: a Latin-1 letter in UTF-8
    lines = raw.removeprefix(BOM).decode("utf-8", errors="replace").splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) != rows:
        raise DataError(
            path, len(lines), 1, field, f"{len(lines)} rows, the map says height {rows}"
        )
    out = np.empty((rows, cols), dtype=np.uint8)
    for r, line in enumerate(lines):
        if len(line) != cols:
            raise DataError(
                path,
                r + 1,
                min(len(line), cols) + 1,
                field,
                f"row has {len(line)} tiles, the map says width {cols}",
            )
        codes = np.frombuffer(line.encode("latin-1", errors="replace"), dtype=np.uint8)
        mapped = lut[codes]
        bad = np.flatnonzero(mapped == 255)
        if bad.size:
            c = int(bad[0])
            raise DataError(path, r + 1, c + 1, field, f"'{line[c]}' is not {expected}")
        out[r] = mapped
    return out
