"""Map lettering: names letter-spaced, with a halo instead of a box, straight or along a curve.

A place name sits on the map itself, so it is set as cartographers set it: a 2 px halo of the
ground's own light tone round dark letters (or a dark halo round light letters at night) keeps
it legible over any line it crosses without hiding the map under a box; large features are
letter-spaced ("mandatory for larger objects without visible boundaries", ICA); a river's name
follows the river's curve, glyph by glyph. Surfaces are cached by what they show, so a still
frame costs one blit per name.
"""

from __future__ import annotations

import itertools
import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pygame

from game.view.fonts import Fonts
from game.view.runs import is_arabic

Rgb = tuple[int, int, int]

HALO_PX = 2
CACHE_ENTRIES = 256


@dataclass(frozen=True)
class TypeStyle:
    face: str
    size: int
    ink: Rgb
    halo: Rgb
    night_ink: Rgb
    night_halo: Rgb
    tracking: float = 0.0  # extra space between letters, in ems
    caps: bool = False

    def colours(self, dark: bool) -> tuple[Rgb, Rgb]:
        return (self.night_ink, self.night_halo) if dark else (self.ink, self.halo)


def halo_text(
    fonts: Fonts, face: str, size: int, text: str, ink: Rgb, halo: Rgb, radius: int = HALO_PX
) -> pygame.Surface:
    """`text` in `ink` inside a `radius`-px halo (the ring of offsets of the halo colour)."""
    body = fonts.render(text, face, size, ink)
    ring = fonts.render(text, face, size, halo)
    out = pygame.Surface(
        (body.get_width() + 2 * radius, body.get_height() + 2 * radius), pygame.SRCALPHA
    )
    for dx, dy in itertools.product(range(-radius, radius + 1), repeat=2):
        if dx * dx + dy * dy <= radius * radius + 1:
            out.blit(ring, (radius + dx, radius + dy))
    out.blit(body, (radius, radius))
    return out


def joined(text: str) -> bool:
    """Whether `text` is in a script whose letters join (Arabic, Persian)."""
    return any(is_arabic(ch) for ch in text)


class Lettering:
    """Renders and caches names in a `TypeStyle`."""

    def __init__(self, fonts: Fonts):
        self.fonts = fonts
        self._cache: OrderedDict[tuple, Any] = OrderedDict()

    def _cached(self, key: tuple, make: Callable[[], Any]) -> Any:
        """What `make` returns for `key`, kept in a bounded LRU."""
        surf = self._cache.get(key)
        if surf is None:
            surf = make()
            self._cache[key] = surf
            if len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return surf

    def _glyphs(self, text: str, style: TypeStyle, dark: bool) -> list[pygame.Surface]:
        """The name's letters, each with its halo; a name in Arabic script is one glyph
        (its letters join, so they are never spaced or set apart along a curve)."""
        ink, halo = style.colours(dark)
        f, size = self.fonts, style.size
        return [
            self._cached(
                ("glyph", ch, style, dark),
                lambda ch=ch: halo_text(f, style.face, size, ch, ink, halo),
            )
            for ch in self._letters(text, style)
        ]

    def _letters(self, text: str, style: TypeStyle) -> list[str]:
        if joined(text):
            return [text]
        return list(text.upper() if style.caps else text)

    def _tracking(self, text: str, style: TypeStyle) -> float:
        return 0.0 if joined(text) else style.tracking * style.size

    def _advances(self, text: str, style: TypeStyle) -> np.ndarray:
        def make() -> np.ndarray:
            extra = self._tracking(text, style)
            return np.array(
                [
                    self.fonts.size(ch, style.face, style.size)[0]
                    + (extra if ch != " " else extra * 0.5)
                    for ch in self._letters(text, style)
                ],
                float,
            )

        return self._cached(("advances", text, style), make)

    def width(self, text: str, style: TypeStyle) -> float:
        return float(self._advances(text, style).sum()) - self._tracking(text, style) + 2 * HALO_PX

    def straight(self, text: str, style: TypeStyle, dark: bool) -> pygame.Surface:
        """The name on one line, letter-spaced, with its halo."""

        def make() -> pygame.Surface:
            glyphs = self._glyphs(text, style, dark)
            adv = self._advances(text, style)
            h = max(g.get_height() for g in glyphs)
            out = pygame.Surface((max(1, math.ceil(self.width(text, style))), h), pygame.SRCALPHA)
            x = 0.0
            for g, a in zip(glyphs, adv, strict=True):
                out.blit(g, (round(x), 0))
                x += a
            return out

        return self._cached(("straight", text, style, dark), make)

    def along(
        self,
        text: str,
        style: TypeStyle,
        dark: bool,
        path: np.ndarray,
        centre: float,
        lift: float = 0.0,
    ) -> tuple[pygame.Surface, tuple[int, int]] | None:
        """The name set along a screen-space polyline `path` (N, 2), centred at arc length
        `centre`, each glyph turned to the path's direction there and raised `lift` px to
        its left (above a path running left to right). None if the name does not fit.
        Returns the surface and its top-left on screen."""
        seg = np.hypot(*np.diff(path, axis=0).T)
        arc = np.concatenate([[0.0], np.cumsum(seg)])
        width = self.width(text, style)
        if arc[-1] < width or seg.sum() == 0:
            return None
        start = float(np.clip(centre - width / 2, 0, arc[-1] - width))
        adv = self._advances(text, style)
        mids = start + np.cumsum(adv) - adv / 2
        x = np.interp(mids, arc, path[:, 0])
        y = np.interp(mids, arc, path[:, 1])
        k = np.clip(np.searchsorted(arc, mids) - 1, 0, len(seg) - 1)
        d = path[k + 1] - path[k]
        ang = np.degrees(np.arctan2(d[:, 1], d[:, 0]))
        ang = np.round(ang / 2) * 2  # quantised: a slow pan reuses the same glyph turns
        nx, ny = np.sin(np.radians(ang)), -np.cos(np.radians(ang))
        x, y = x + nx * lift, y + ny * lift
        # Glyph places relative to the first glyph: a pan moves the name, not its shape, so
        # the composed name is found again in the cache.
        ox, oy = float(x[0]), float(y[0])
        rel = tuple(
            (round(a - ox), round(b - oy), float(t)) for a, b, t in zip(x, y, ang, strict=True)
        )

        def make() -> pygame.Surface:
            glyphs = self._glyphs(text, style, dark)
            placed = []
            for g, (gx, gy, t) in zip(glyphs, rel, strict=True):
                rot = pygame.transform.rotate(g, -t) if t else g
                placed.append((rot, rot.get_rect(center=(gx, gy))))
            box = placed[0][1].unionall([r for _, r in placed[1:]])
            out = pygame.Surface(box.size, pygame.SRCALPHA)
            for rot, r in placed:
                out.blit(rot, (r.x - box.x, r.y - box.y))
            return out, (box.x, box.y)

        surf, off = self._cached(("along", text, style, dark, rel), make)
        return surf, (round(ox) + off[0], round(oy) + off[1])
