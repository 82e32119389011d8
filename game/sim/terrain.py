"""Terrain as the simulation sees it: speed, passability, slope and distance-to-water fields.

Precomputed once per map from the tile grids, then sampled per soldier with integer gathers,
so a tick pays O(N) for terrain whatever the map's size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.scenario.battlemap import BattleMap
from game.sim.fastops import cap_at, floor_at

F32 = np.float32

UPHILL_SLOWDOWN = F32(4.0)
"""Speed lost per unit of grade climbed: 1 - 4 x grade, so a 5 % climb costs a fifth of the
pace. A linear stand-in for Tobler's hiking function near flat ground (exp(-3.5|g+0.05|) falls
~17 % from 0 to 5 %), without a transcendental inside the tick. [reconstruction]"""

DOWNHILL_GAIN = F32(1.5)
"""Downhill helps less than uphill hurts (same source), capped at +5 %."""

AVOID_MARGIN_TILES = 3
"""Soldiers start to steer away from deep water or walls three tiles (60 m) out."""


@dataclass(frozen=True, eq=False)
class TerrainField:
    """Per-tile fields, stored flat (row-major) because 1-D `np.take` is ~15x faster than 2-D
    fancy indexing at 40,000 lookups."""

    tile: float
    rows: int
    cols: int
    speed: np.ndarray  # (rows*cols,) f32 multiplier, 0 where impassable
    passable: np.ndarray  # (rows*cols,) bool
    grade_x: np.ndarray  # (rows*cols,) f32 rise per metre east
    grade_y: np.ndarray  # (rows*cols,) f32 rise per metre south
    away_x: np.ndarray  # (rows*cols,) f32 unit push away from the nearest obstacle, or 0
    away_y: np.ndarray
    closeness: np.ndarray  # (rows*cols,) f32: 1 at an obstacle's edge -> 0 at the margin
    elevation: np.ndarray  # (rows*cols,) f32 metres
    water: np.ndarray  # (rows*cols,) bool: impassable but swimmable
    swim: np.ndarray  # (rows*cols,) f32 pace multiplier there for men ordered to swim

    @classmethod
    def from_map(cls, bmap: BattleMap) -> TerrainField:
        passable = bmap.passable_grid()
        is_water = np.array([t.look == "deep_water" for t in bmap.types], dtype=bool)
        water = is_water[bmap.terrain]
        swim = np.array([t.swim_speed * (t.look == "deep_water") for t in bmap.types])
        speed = np.where(passable, bmap.speed_grid(), F32(0)).astype(F32)
        gy, gx = np.gradient(bmap.elevation.astype(np.float64), bmap.tile_size)
        dist = _distance_in_tiles(~passable, AVOID_MARGIN_TILES + 1)
        dy, dx = np.gradient(dist)
        norm = np.sqrt(dx * dx + dy * dy)
        norm[norm == 0] = 1.0
        closeness = np.clip(1.0 - dist / AVOID_MARGIN_TILES, 0.0, 1.0)
        near = closeness > 0

        def flat(a: np.ndarray, dtype=F32) -> np.ndarray:
            return np.ascontiguousarray(a, dtype=dtype).ravel()

        return cls(
            tile=float(bmap.tile_size),
            rows=bmap.rows,
            cols=bmap.cols,
            speed=flat(speed),
            passable=flat(passable, bool),
            grade_x=flat(gx),
            grade_y=flat(gy),
            away_x=flat(np.where(near, dx / norm, 0.0)),
            away_y=flat(np.where(near, dy / norm, 0.0)),
            closeness=flat(closeness),
            elevation=flat(bmap.elevation),
            water=flat(water, bool),
            swim=flat(swim[bmap.terrain]),
        )

    # -- sampling (positions are (2, N): row 0 x, row 1 y) -------------------------------------
    def cells(self, pos: np.ndarray) -> np.ndarray:
        """Flat index (np.intp) of the tile under each position, clamped to the map."""
        inv = F32(1.0 / self.tile)
        c = np.clip((pos[0] * inv).astype(np.int32), 0, self.cols - 1)
        r = np.clip((pos[1] * inv).astype(np.int32), 0, self.rows - 1)
        r *= np.int32(self.cols)
        r += c
        # as np.intp: np.take converts any other index array to it first (~25 of its ~50 us)
        return r.astype(np.intp)

    def is_passable(self, pos: np.ndarray) -> np.ndarray:
        x, y = pos
        inside = (
            (x >= 0)
            & (y >= 0)
            & (x < F32(self.cols * self.tile))
            & (y < F32(self.rows * self.tile))
        )
        return np.take(self.passable, self.cells(pos)) & inside

    def pace_factor(
        self,
        pos: np.ndarray,
        vel: np.ndarray,
        cells: np.ndarray | None = None,
        speed: np.ndarray | None = None,
    ):
        """Terrain speed times the slope's effect along the direction of travel (`speed`, the
        norm of `vel`, may be passed in when the caller has it)."""
        cells = self.cells(pos) if cells is None else cells
        vx, vy = vel
        v = (np.sqrt(vx * vx + vy * vy) if speed is None else speed) + F32(1e-6)
        climb = (np.take(self.grade_x, cells) * vx + np.take(self.grade_y, cells) * vy) / v
        slope = cap_at(
            F32(1)
            - floor_at(climb, F32(0)) * UPHILL_SLOWDOWN
            - cap_at(climb, F32(0)) * DOWNHILL_GAIN,
            F32(1.05),
        )
        return np.take(self.speed, cells) * floor_at(slope, F32(0.35))


def _distance_in_tiles(obstacle: np.ndarray, limit: int) -> np.ndarray:
    """Chamfer distance (tiles) to the nearest obstacle tile, saturating at `limit`."""
    dist = np.where(obstacle, 0.0, float(limit))
    diag = 2**0.5
    for _ in range(limit):
        padded = np.pad(dist, 1, mode="edge")
        best = dist
        for dr, dc, cost in (
            (-1, 0, 1.0),
            (1, 0, 1.0),
            (0, -1, 1.0),
            (0, 1, 1.0),
            (-1, -1, diag),
            (-1, 1, diag),
            (1, -1, diag),
            (1, 1, diag),
        ):
            shifted = padded[1 + dr : 1 + dr + dist.shape[0], 1 + dc : 1 + dc + dist.shape[1]]
            best = np.minimum(best, shifted + cost)
        dist = best
    return np.minimum(dist, float(limit))
