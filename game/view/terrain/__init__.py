"""The terrain layer: the battlefield painted as a campaign map (see `painter`).

Modules: `painter` (the layer, and how a chunk is composed), `chunks` (the tile pyramid and its
byte-capped caches), `fields` (per-tile fields derived from the map), `looks` (ground covers
and their map signs), `relief` (hillshade, height tint, contours), `water` (the river),
`works` (road, walls, town, camp), `lines` (traced polylines and distance fields), `raster`
(sampling and drawing primitives), `noise` (hashed, world-anchored choices).
"""

from game.view.terrain.chunks import BACKGROUND, CHUNK_PX, LEVELS
from game.view.terrain.painter import NEW_BANDS_PER_DRAW, Style, TerrainPainter, bands_for

__all__ = [
    "BACKGROUND",
    "CHUNK_PX",
    "LEVELS",
    "NEW_BANDS_PER_DRAW",
    "Style",
    "TerrainPainter",
    "bands_for",
]
