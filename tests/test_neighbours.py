"""The neighbour search finds exactly the close pairs a brute-force search finds, each once."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim.neighbours import close_pairs


def _brute(x: np.ndarray, y: np.ndarray, reach: float) -> set[tuple[int, int]]:
    dx = x[None, :] - x[:, None]
    dy = y[None, :] - y[:, None]
    close = dx * dx + dy * dy < np.float32(reach * reach)
    i, j = np.nonzero(np.triu(close, 1))
    return set(zip(i.tolist(), j.tolist(), strict=True))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_close_pairs_match_a_brute_force_search(seed: int):
    rng = np.random.default_rng(seed)
    # a loose crowd, a packed knot (many men to a cell) and a few strays far away
    x = np.concatenate([rng.uniform(100, 140, 600), rng.normal(120, 0.4, 80), [5.0, 900.0]])
    y = np.concatenate([rng.uniform(50, 70, 600), rng.normal(60, 0.4, 80), [700.0, 3.0]])
    x, y = x.astype(np.float32), y.astype(np.float32)
    p = close_pairs(x, y, 1.6)
    found = {(min(a, b), max(a, b)) for a, b in zip(p.i.tolist(), p.j.tolist(), strict=True)}
    assert len(found) == p.i.size  # each pair once
    assert found == _brute(x, y, 1.6)
    assert np.allclose(p.dx, x[p.j] - x[p.i]) and np.allclose(p.dy, y[p.j] - y[p.i])
    assert np.allclose(p.dist, np.hypot(p.dx, p.dy))


def test_close_pairs_of_far_apart_men_is_empty():
    x = np.array([10.0, 20.0, 30.0], np.float32)
    assert close_pairs(x, x.copy(), 1.6).i.size == 0


@pytest.mark.parametrize("seed", [3, 4])
def test_close_pairs_find_men_in_each_of_the_three_cells_below_with_others_empty(seed: int):
    # men on a lattice of the cell size with holes: the row below a man holds one, two or all
    # three of the cells he must search, with gaps between them, and cells on the box's edges
    rng = np.random.default_rng(seed)
    gx, gy = np.meshgrid(np.arange(40), np.arange(30))
    held = rng.random(gx.shape) < 0.45
    x = (gx[held] * 1.6 + 100.8 + rng.uniform(-0.3, 0.3, held.sum())).astype(np.float32)
    y = (gy[held] * 1.6 + 50.4 + rng.uniform(-0.3, 0.3, held.sum())).astype(np.float32)
    p = close_pairs(x, y, 1.6)
    found = {(min(a, b), max(a, b)) for a, b in zip(p.i.tolist(), p.j.tolist(), strict=True)}
    assert len(found) == p.i.size
    assert found == _brute(x, y, 1.6)
