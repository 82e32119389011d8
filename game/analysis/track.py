"""What a battle report records besides hashes and events: where each formation was, how many
men it had, who was in the water, and the whole-battle checks kept every second.

The facts (`game/analysis/facts.py`) are judged from this record alone, so anything a rule needs
to know about a run lives here: a column per quantity, one value per sample.
"""

from __future__ import annotations

import numpy as np

from game.scenario.codes import Side
from game.sim.tables import label, rows
from game.sim.world import World, on_field

SAMPLE_SECONDS = 5
"""Battle seconds between samples: 115 over the day, and every clock time the rules look at
(11:30, 19:00, the end) falls on one."""


ISLAND_REACH = 400.0
"""Metres north and south within which deep water makes a formation's ground an island: the
islands by the field are ~200 m across, the river channels ~50-120 m (map.yaml)."""


class Recorder:
    """Watches one battle, a battle second at a time (`observe`), and writes up `record()`."""

    def __init__(self, world: World) -> None:
        scenario = world.scenario
        bmap = scenario.map
        looks = np.array([t.look for t in bmap.types])
        self._town = np.isin(looks, ("town", "wall"))[bmap.terrain].ravel()
        self._water = world.terrain.water.reshape(bmap.rows, bmap.cols)
        self._tile = bmap.tile_size
        rows, cols = np.nonzero(self._water)
        self._water_xy = np.stack([cols + 0.5, rows + 0.5]).astype(np.float64) * bmap.tile_size
        self._every = SAMPLE_SECONDS * scenario.clock.tick_rate
        self._ids = [f.id for f in scenario.formations]
        self.ticks: list[int] = []
        self.columns: dict[str, dict[str, list]] = {fid: _empty() for fid in self._ids}
        f = world.formations
        self.mounted = {
            fid: bool(world.tables.mounted[f.kind[k]]) for k, fid in enumerate(self._ids)
        }
        self.conserved = True
        self.town_entered = False

    def observe(self, world: World) -> None:
        """Called once a battle second (and at the last tick): the checks, and a sample if due."""
        s = world.soldiers
        f = world.formations
        on = on_field(s.state)
        men_on = np.bincount(s.formation, weights=s.men * on, minlength=len(f))
        if not np.allclose(f.killed + f.fled + men_on, f.men_start, atol=0.5):
            self.conserved = False
        persians = on & (s.side == Side.PERSIAN)
        if persians.any():
            self.town_entered |= bool(self._town[world.terrain.cells(s.pos[:, persians])].any())
        due = world.tick % self._every == 0 or world.tick == world.scenario.clock.end_tick
        if due and (not self.ticks or self.ticks[-1] != world.tick):
            self._sample(world, on, men_on)

    def _sample(self, world: World, on: np.ndarray, men_on: np.ndarray) -> None:
        s = world.soldiers
        f = world.formations
        self.ticks.append(world.tick)
        wet = on & world.terrain.water[world.terrain.cells(s.pos)]
        in_water = np.bincount(s.formation, weights=s.men * wet, minlength=len(f))
        for k, fid in enumerate(self._ids):
            col = self.columns[fid]
            own = rows(f, k)
            here = on[own]
            col["state"].append(label(f, "state", k))
            col["men"].append(round(float(men_on[k])))
            col["killed"].append(round(float(f.killed[k])))
            col["fled"].append(round(float(f.fled[k])))
            col["in_water"].append(round(float(in_water[k])))
            col["facing"].append([round(float(v), 3) for v in f.facing[:, k]])
            if not here.any():
                for name in ("centre", "box", "river", "ground"):
                    col[name].append(None)
                continue
            x, y = s.pos[0, own][here], s.pos[1, own][here]
            centre = np.array([x.mean(), y.mean()], np.float64)
            col["centre"].append(_rounded(centre))
            col["box"].append(_rounded([x.min(), y.min(), x.max(), y.max()]))
            col["river"].append(_rounded(self._nearest_water(centre) - centre))
            col["ground"].append(self._ground(centre))

    def _nearest_water(self, point: np.ndarray) -> np.ndarray:
        if self._water_xy.shape[1] == 0:
            return point
        d = self._water_xy - point[:, None]
        return self._water_xy[:, int(np.argmin(d[0] * d[0] + d[1] * d[1]))]

    def _ground(self, point: np.ndarray) -> str:
        """'water', 'island' (deep water north and south within ISLAND_REACH) or 'land'."""
        rows, cols = self._water.shape
        c = min(max(int(point[0] / self._tile), 0), cols - 1)
        r = min(max(int(point[1] / self._tile), 0), rows - 1)
        if self._water[r, c]:
            return "water"
        reach = int(ISLAND_REACH / self._tile)
        north = self._water[max(0, r - reach) : r, c].any()
        south = self._water[r + 1 : r + 1 + reach, c].any()
        return "island" if north and south else "land"

    def record(self) -> dict:
        return {
            "sample_seconds": SAMPLE_SECONDS,
            "ticks": self.ticks,
            "formations": self.columns,
            "mounted": self.mounted,
            "men_conserved_every_second": self.conserved,
            "persians_entered_the_town": self.town_entered,
        }


def _empty() -> dict[str, list]:
    keys = ("state", "men", "killed", "fled", "in_water", "facing", "centre", "box", "river")
    keys += ("ground",)
    return {k: [] for k in keys}


def _rounded(values) -> list[float]:
    return [round(float(v), 1) for v in values]
