"""The tick's cheaper spellings of numpy calls give the very bits of the plain calls."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim.fastops import cap_at, floor_at, select, sorted_unique, unique_inverse

F32 = np.float32
SPECIAL = np.array(
    [np.nan, -0.0, 0.0, np.inf, -np.inf, 1e-6, -1e-6, 1e-4, 0.35, 1.0, 1.05, 2.0, -3.5], F32
)
"""What a float column can hold that a careless rewrite gets wrong: NaN, both zeros, infinities,
and the constants the tick clamps at."""

LENGTHS = [0, 1, 7, 16, 17, 63, 1000, 40_001]  # SIMD loops' bodies and tails


def _floats(rng: np.random.Generator, n: int) -> np.ndarray:
    x = rng.standard_normal(n).astype(F32)
    odd = rng.random(n) < 0.5
    x[odd] = rng.choice(SPECIAL, int(odd.sum()))
    return x


@pytest.mark.parametrize("n", LENGTHS)
def test_floor_and_cap_are_np_maximum_and_minimum_with_a_scalar(n: int):
    rng = np.random.default_rng(n)
    x = _floats(rng, n)
    for c in SPECIAL[1:]:
        assert floor_at(x, F32(c)).tobytes() == np.maximum(x, F32(c)).tobytes(), c
        assert cap_at(x, F32(c)).tobytes() == np.minimum(x, F32(c)).tobytes(), c
        assert floor_at(x, F32(c)).dtype == np.maximum(x, F32(c)).dtype


@pytest.mark.parametrize("n", LENGTHS)
def test_select_is_np_where_bit_for_bit(n: int):
    rng = np.random.default_rng(n + 1)
    a, b = _floats(rng, n), _floats(rng, n)
    mask = rng.random(n) < 0.5
    assert select(mask, a, b).tobytes() == np.where(mask, a, b).tobytes()
    rows = np.stack([a, b])  # rows of a (2, N) column, as the tick passes them
    assert select(mask, rows[1], rows[0]).tobytes() == np.where(mask, b, a).tobytes()
    assert select(mask, a, b).dtype == F32


@pytest.mark.parametrize("n", [0, 1, 2, 5, 600])
@pytest.mark.parametrize("dtype", [np.int32, np.int64])
def test_unique_and_its_inverse_are_np_unique(n: int, dtype):
    x = np.random.default_rng(n).integers(0, max(n // 2, 1), n).astype(dtype)
    want, want_inverse = np.unique(x, return_inverse=True)
    got, inverse = unique_inverse(x)
    assert got.dtype == want.dtype and got.tobytes() == want.tobytes()
    assert inverse.dtype == want_inverse.dtype and inverse.tobytes() == want_inverse.tobytes()
    assert sorted_unique(x).tobytes() == np.unique(x).tobytes()
    assert sorted_unique(x).dtype == np.unique(x).dtype
