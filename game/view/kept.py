"""Arrays a per-tick cache was made from, kept to tell whether it still holds.

A frame between two ticks reuses what was worked out for the tick (footprint sums, minimap
pixels) while its inputs are the same. They are compared in full, not by tick number: a seek
or a preview rewrites the world's arrays in place.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np


class KeptInputs:
    """Copies of the arrays (and a hashable key beside them) a cache was last made from."""

    def __init__(self) -> None:
        self._key: Hashable = None
        self._arrays: tuple[np.ndarray, ...] | None = None

    def changed(self, arrays: Sequence[np.ndarray], key: Hashable = None) -> bool:
        """True (and keep copies of `arrays` and `key`) unless they equal the ones kept."""
        kept = self._arrays
        if (
            kept is not None
            and self._key == key
            and len(kept) == len(arrays)
            and all(
                a.shape == b.shape and np.array_equal(a, b)
                for a, b in zip(kept, arrays, strict=True)
            )
        ):
            return False
        self._key, self._arrays = key, tuple(a.copy() for a in arrays)
        return True
