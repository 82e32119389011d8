"""How the armies look, read off drawn pixels: allied contingents by pattern, men in ranks."""

from __future__ import annotations

import numpy as np
import pygame

from game.scenario.codes import Kind
from game.sim.codes import State
from game.view.blocks import BlockLayer
from game.view.camera import Camera
from game.view.soldiers import SoldierRenderer
from game.view.sprites import SPRITE_DIR, load_sprite_sheets
from tests.support.footprints import holding_blocks

GROUND = (128, 128, 128)


def _grey(surf: pygame.Surface) -> np.ndarray:
    """Luminance only: what is left when colour is taken away (a colour-blind visitor, print)."""
    px = pygame.surfarray.array3d(surf).astype(np.float64)
    return px @ np.array([0.299, 0.587, 0.114])


def _two_blocks(real_scenario, ids: tuple[str, str]) -> tuple[pygame.Surface, list]:
    """Two formations' blocks, side by side at the overview, the same size and state."""
    n = len(real_scenario.formations)
    rows = [real_scenario.formation_index(i) for i in ids]

    def per(value, dtype=np.float64):
        return np.full(n, value, dtype)

    x = per(np.nan)
    x[rows[0]], x[rows[1]] = 600.0, 1400.0
    men = per(0.0)
    men[rows] = 2000.0
    feet = holding_blocks(n, x, men, front=500.0, depth=160.0, y=1000.0)  # facing north
    surf = pygame.Surface((400, 200))
    surf.fill(GROUND)
    camera = Camera(1000.0, 1000.0, 0.2, 400, 200)  # 0.2 px/m: the overview
    kinds = np.array([f.kind for f in real_scenario.formations], np.uint8)
    men_start = per(2000.0)
    drawn = BlockLayer(real_scenario).draw(surf, camera, feet, kinds, men_start, per(1.0))
    return surf, sorted(drawn, key=lambda b: rows.index(b.index))


def test_an_allied_contingent_differs_from_its_side_by_a_pattern(real_scenario):
    """The Ghassanids' block beside Ascan's Roman one: with colour taken away the allied block
    still shows a pattern (stripes), the Roman one a flat fill."""
    surf, (arabs, romans) = _two_blocks(real_scenario, ("harith", "ascan"))
    grey = _grey(surf)
    spread = []
    for block in (arabs, romans):
        (x0, y0), (x1, y1) = block.corners.min(axis=0), block.corners.max(axis=0)
        inner = np.zeros((400, 200), bool)
        inner[round(x0) + 4 : round(x1) - 4, round(y0) + 4 : round(y1) - 4] = True
        s = block.symbol.inflate(4, 4)
        inner[s.left : s.right, s.top : s.bottom] = False  # the kind mark is not the pattern
        assert inner.sum() > 200, "the block is big enough to read"
        spread.append(float(grey[inner].std()))
    allied, own = spread
    assert allied > 8.0, f"no pattern in the allied block (luminance spread {allied:.1f})"
    assert allied > 4 * own + 4, (allied, own)


def test_men_close_up_stand_in_ranks_not_in_a_lattice():
    """A cavalry squadron on a perfect 4 m grid, all facing the same way, at 8 px/m: each man
    drawn a little off his slot, with his own horse and pose, so no two look stamped alike."""
    cols, ranks, pitch = 8, 5, 4.0
    gx, gy = np.meshgrid(np.arange(cols) * pitch, np.arange(ranks) * pitch)
    pos = np.stack([gx.ravel(), gy.ravel()]).astype(np.float32)
    n = pos.shape[1]
    scale, cell = 8.0, round(pitch * 8.0)
    size = (cols * cell + 2 * cell, ranks * cell + 2 * cell)
    camera = Camera((cols - 1) * pitch / 2, (ranks - 1) * pitch / 2, scale, *size)
    surf = pygame.Surface(size)
    surf.fill(GROUND)
    SoldierRenderer(load_sprite_sheets(SPRITE_DIR)).draw(
        surf,
        camera,
        pos,
        np.tile(np.array([[1.0], [0.0]], np.float32), (1, n)),
        np.full(n, Kind.CAVALRY, np.uint8),
        np.zeros(n, np.int32),
        np.full(n, State.FORMED, np.uint8),
        np.zeros(n, np.float32),
        np.array([((176, 48, 52), (240, 214, 130))], np.uint8),
    )
    px = pygame.surfarray.array3d(surf)
    sx, sy = camera.world_to_screen(pos)
    cells = set()
    col, rank = np.arange(n) % cols, np.arange(n) // cols
    inner = (col > 0) & (col < cols - 1) & (rank > 0) & (rank < ranks - 1)
    for i in np.flatnonzero(inner):  # the men with neighbours all round
        x, y = round(float(sx[i])) - cell // 2, round(float(sy[i])) - cell // 2
        cells.add(px[x : x + cell, y : y + cell].tobytes())
    assert len(cells) >= 0.8 * inner.sum(), f"{len(cells)} looks for {inner.sum()} men"
