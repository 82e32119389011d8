"""What the systems of one tick share and then drop: slots, pairs, limits, forces.

Nothing here outlives the tick, so nothing here is state: a snapshot never holds it, and a
tick restored from a keyframe rebuilds it from the tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.sim.neighbours import Pairs

F32 = np.float32


@dataclass
class Scratch:
    """Per-tick working arrays, shared between the systems of one tick and then dropped."""

    tempo: float = 1.0
    ranks: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    active: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    cells: np.ndarray = field(default_factory=lambda: np.zeros(0, np.intp))
    slots: np.ndarray = field(default_factory=lambda: np.zeros((2, 0), F32))
    pairs: Pairs = field(default_factory=Pairs.none)
    # each man's offset to his slot and its length, as limit_speeds found them
    to_slot: tuple[np.ndarray, np.ndarray] = field(
        default_factory=lambda: (np.zeros((2, 0), F32), np.zeros(0, F32))
    )
    max_speed: np.ndarray = field(default_factory=lambda: np.zeros(0, F32))
    max_force: np.ndarray = field(default_factory=lambda: np.zeros(0, F32))
    acc: np.ndarray = field(default_factory=lambda: np.zeros((2, 0), F32))
