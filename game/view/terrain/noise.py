"""World-anchored hashed randomness for the terrain painter.

Nothing here is texture for its own sake (the map is calm: no camouflage blotches). It decides
where a symbol sits inside its cell, which tent is a pavilion, how a bank wavers: small,
deterministic choices that must be the same in every chunk and at every zoom, so they are a
pure function of integer lattice coordinates and a seed.
"""

from __future__ import annotations

import numpy as np

F32 = np.float32


def lattice_hash(ix: np.ndarray, iy: np.ndarray, seed: int) -> np.ndarray:
    """A well-mixed uint32 per integer lattice point (lowbias32-style)."""
    h = (np.asarray(ix).astype(np.int64).astype(np.uint32) * np.uint32(0x8DA6B343)) ^ (
        np.asarray(iy).astype(np.int64).astype(np.uint32) * np.uint32(0xD8163841)
    )
    h ^= np.uint32((seed * 0x9E3779B9) & 0xFFFFFFFF)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x7FEB352D)
    h ^= h >> np.uint32(15)
    h *= np.uint32(0x846CA68B)
    h ^= h >> np.uint32(16)
    return h


def unit(h: np.ndarray, shift: int = 0) -> np.ndarray:
    """Floats in [0, 1) from 16 bits of a hash, starting at bit `shift` (0..31, wrapping round,
    so any shift gives the full range)."""
    shift %= 32
    bits = (h >> np.uint32(shift)) | (h << np.uint32((32 - shift) % 32)) if shift else h
    return (bits & np.uint32(0xFFFF)).astype(F32) * F32(1 / 65536)


def smooth_weights(w: np.ndarray, lam: float) -> tuple[np.ndarray, int]:
    """Smoothstep interpolation weights from positions `w` onto a lattice `lam` metres apart."""
    g = w / lam
    fl = np.floor(g)
    t = (g - fl).astype(F32)
    i0 = fl.astype(np.int64)
    lo = int(i0.min())
    m = int(i0.max()) - lo + 2
    s = t * t * (3 - 2 * t)
    W = np.zeros((len(w), m), F32)
    r = np.arange(len(w))
    W[r, i0 - lo] = 1 - s
    W[r, i0 - lo + 1] = s
    return W, lo


def wobble(wx: np.ndarray, wy: np.ndarray, lam: float, seed: int) -> np.ndarray:
    """Smooth value noise in [-1, 1], wavelength `lam` metres, on the pixel grid wx x wy.

    Used only to break the tile grid out of edges (a bank, a camp's ditch), at wavelengths
    far above a tile, so it shapes outlines and never speckles a surface.
    """
    Wx, x0 = smooth_weights(wx, lam)
    Wy, y0 = smooth_weights(wy, lam)
    ix = np.arange(x0, x0 + Wx.shape[1])
    iy = np.arange(y0, y0 + Wy.shape[1])
    lat = unit(lattice_hash(ix[None, :], iy[:, None], seed)) * 2 - 1
    return Wy @ lat @ Wx.T
