"""Formation footprints made by hand: blocks of a given size, all holding and facing north."""

from __future__ import annotations

import numpy as np

from game.sim.codes import FormationState
from game.view.footprints import Footprints


def holding_blocks(
    n: int, x: np.ndarray, men: np.ndarray, front: float, depth: float, y: float = 1000.0
) -> Footprints:
    """`n` formations at `x` (NaN: off the field) and `y`, `front` x `depth` m, facing north
    (frontage along x), steady and not engaged."""

    def per(value, dtype=np.float64):
        return np.full(n, value, dtype)

    return Footprints(
        x=x,
        y=per(y),
        front=per(front),
        depth=per(depth),
        fx=per(0.0),
        fy=per(-1.0),
        men=men,
        figures=men.copy(),
        state=per(FormationState.HOLDING, np.uint8),
        morale=per(1.0),
        commanded=per(False, bool),
        engaged=per(False, bool),
        attacking=per(False, bool),
    )
