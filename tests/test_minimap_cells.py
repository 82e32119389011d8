"""The minimap's dots are the men drawn in this frame, though most of its pixels are found once
per tick (`TickCells`): between two ticks, and after men are moved or killed in place (a
seek's restore rewrites the columns), every dot is where a man is and no dot is left where
none is."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim.codes import State
from game.view.minimap import Minimap, TickCells

SIDES = 2
N = 3000


def _between(prev: np.ndarray, cur: np.ndarray, alpha: float) -> np.ndarray:
    """As `Playback.positions` interpolates."""
    a = np.float32(alpha)
    return prev + (cur - prev) * a


@pytest.fixture
def field():
    """Men on an 8 x 5 km field, a third of them riding up to 8 m a tick, some standing on a
    pixel's edge; a minimap 320 px wide (25 m a pixel)."""
    rng = np.random.default_rng(531)
    prev = (rng.random((2, N)) * np.array([[8000.0], [5000.0]])).astype(np.float32)
    prev[0, :50] = np.arange(50, dtype=np.float32) * 25.0  # on the pixels' edges
    cur = prev.copy()
    cur[:, ::3] += rng.normal(0, 4, (2, len(range(0, N, 3)))).astype(np.float32)
    state = np.zeros(N, np.int8)
    side = (np.arange(N) % SIDES).astype(np.int8)
    return Minimap(None, 8000.0, 5000.0), prev, cur, state, side


COLOURS = [(200, 40, 40), (40, 90, 200)]


def _ground(mini: Minimap):
    import pygame

    ground = pygame.Surface(mini.size)
    ground.fill((90, 110, 70))
    return ground


def _check_painted(mini, cells, ground, prev, cur, state, side, alpha):
    """The frame painted from the tick's dots and the movers' is the frame painted from this
    frame's own pixels, pixel for pixel (a later side's dot over an earlier's)."""
    import pygame

    from game.view.minimap import paint

    pos = _between(prev, cur, alpha)
    got = cells.painted(mini, pos, prev, cur, state, side, ground, COLOURS)
    want = paint(ground, [mini._cells(pos, state, side == k) for k in range(SIDES)], COLOURS)
    assert pygame.image.tobytes(got, "RGB") == pygame.image.tobytes(want, "RGB"), alpha


def test_the_frame_painted_once_a_tick_shows_every_man_drawn(field):
    mini, prev, cur, state, side = field
    ground, cells = _ground(mini), TickCells()
    for alpha in (0.0, 0.2, 0.5, 0.95, 1.0, 0.2):
        _check_painted(mini, cells, ground, prev, cur, state, side, alpha)
    assert cells.painted_ticks == 1, "the tick's dots were painted again between two ticks"
    prev[0, :500] += 300.0  # a restore writes the positions in place
    cur[0, :500] += 300.0
    _check_painted(mini, cells, ground, prev, cur, state, side, 0.5)
    state[side == 1] = State.DEAD  # and kills in place
    _check_painted(mini, cells, ground, prev, cur, state, side, 0.5)
    assert cells.painted_ticks == 3


def test_the_dots_are_laid_side_after_side_as_one_write(field):
    """`paint` writes every covered pixel once, in the colour of the last side whose 2x2 dot
    covers it: what painting each side's dots over the one before draws."""
    import pygame

    from game.view.minimap import _grow, paint

    mini, prev, _, state, side = field
    ground, (w, h) = _ground(mini), mini.size
    masks = [mini._cells(prev, state, side == k) for k in range(SIDES)]
    want = pygame.surfarray.array3d(ground).copy()  # (w, h, 3)
    for hit, colour in zip(masks, COLOURS, strict=True):
        ys, xs = np.nonzero(_grow(hit.reshape(h, w)))
        want[xs, ys] = colour
    assert np.array_equal(pygame.surfarray.array3d(paint(ground, masks, COLOURS)), want)
