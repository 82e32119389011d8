"""Colour arithmetic for legibility checks: WCAG contrast, translucent grounds, colour blindness.

Pure functions on (r, g, b) tuples of 0-255 ints, no pygame, so tests and the theme can use them.

- `contrast_ratio` is WCAG 2.x: (L1 + 0.05) / (L2 + 0.05) of relative luminances.
- A translucent panel has no single ground: the map shows through. `worst_ground` blends the
  panel over the lightest and the darkest map colour and returns the one that gives the text the
  lower contrast, so a pair that passes here passes over any terrain.
- `deuteranopia` simulates a dichromat with the Machado, Oliveira and Fernandes (2009) matrix at
  severity 1.0, applied in linear RGB; `delta_e` is CIE76 distance in CIELAB. Deuteranopia is the
  commonest form (about 5% of men); `protanopia` and `tritanopia` use the same paper's tables,
  and the side colours are checked against all three.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

Rgb = tuple[int, int, int]

MACHADO_DEUTERANOPIA = np.array(
    (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    )
)
"""Machado et al. 2009, "A physiologically-based model for simulation of color vision
deficiency", table for deuteranomaly at severity 1.0 (i.e. deuteranopia)."""

MACHADO_PROTANOPIA = np.array(
    (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    )
)
"""The same table for protanomaly at severity 1.0 (protanopia: about 1% of men)."""

MACHADO_TRITANOPIA = np.array(
    (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    )
)
"""The same table for tritanomaly at severity 1.0 (tritanopia: rare, blue-yellow)."""

MAP_EXTREMES: tuple[Rgb, Rgb] = ((255, 255, 255), (0, 0, 0))
"""The lightest and darkest ground a translucent panel could sit on (the painted map is far
narrower; taking the extremes keeps the check independent of the terrain palette)."""


def _to_linear(c: np.ndarray) -> np.ndarray:
    c = np.asarray(c, dtype=np.float64) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _to_srgb(lin: np.ndarray) -> np.ndarray:
    lin = np.clip(lin, 0.0, 1.0)
    c = np.where(lin <= 0.0031308, lin * 12.92, 1.055 * lin ** (1 / 2.4) - 0.055)
    return np.round(c * 255.0)


def luminance(rgb: Rgb) -> float:
    """WCAG relative luminance in [0, 1]."""
    r, g, b = _to_linear(np.array(rgb))
    return float(0.2126 * r + 0.7152 * g + 0.0722 * b)


def contrast_ratio(a: Rgb, b: Rgb) -> float:
    """WCAG contrast ratio between two opaque colours, from 1 to 21."""
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def over(fg: Rgb, alpha: int, bg: Rgb) -> Rgb:
    """`fg` drawn at `alpha` (0-255) over `bg`, as pygame blends it (in sRGB)."""
    a = alpha / 255.0
    return tuple(round(f * a + b * (1 - a)) for f, b in zip(fg, bg, strict=True))  # type: ignore[return-value]


def worst_ground(text: Rgb, ground: Rgb, alpha: int, under: Iterable[Rgb] = MAP_EXTREMES) -> Rgb:
    """The blended ground, over any of `under`, on which `text` has the least contrast."""
    grounds = [over(ground, alpha, u) for u in under]
    return min(grounds, key=lambda g: contrast_ratio(text, g))


def _seen_through(matrix: np.ndarray, rgb: Rgb) -> Rgb:
    lin = matrix @ _to_linear(np.array(rgb))
    return tuple(int(v) for v in _to_srgb(lin))  # type: ignore[return-value]


def deuteranopia(rgb: Rgb) -> Rgb:
    """How a deuteranope sees `rgb` (Machado 2009, severity 1)."""
    return _seen_through(MACHADO_DEUTERANOPIA, rgb)


def protanopia(rgb: Rgb) -> Rgb:
    """How a protanope sees `rgb` (Machado 2009, severity 1)."""
    return _seen_through(MACHADO_PROTANOPIA, rgb)


def tritanopia(rgb: Rgb) -> Rgb:
    """How a tritanope sees `rgb` (Machado 2009, severity 1)."""
    return _seen_through(MACHADO_TRITANOPIA, rgb)


def to_lab(rgb: Rgb) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB colour."""
    r, g, b = _to_linear(np.array(rgb))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def delta_e(a: Rgb, b: Rgb) -> float:
    """CIE76 colour difference; about 2.3 is just noticeable, over 20 is plainly different."""
    la, lb = to_lab(a), to_lab(b)
    return float(np.sqrt(sum((p - q) ** 2 for p, q in zip(la, lb, strict=True))))
