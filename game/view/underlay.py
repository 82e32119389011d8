"""The map under the men, kept while nothing it shows changes: one blit instead of four layers.

Terrain, reconstruction hatching, the last phase's ghosts and this phase's arrows are drawn
before the men and depend on the camera and on what the battle has recorded, not on where the
men stand between two ticks (the hatching on its screen rectangles only). So while the camera
is still, every frame repaints the same pixels under the men: the first frames draw them, and
once two frames in a row asked for the same picture it is kept and blitted (a byte-for-byte
copy). A moving camera never pays the copy.

The key is everything those layers read (`Scene.draw` builds it); a key that differs by
anything draws afresh. Nothing is kept from a frame whose terrain was not exact (chunks still
to paint) or whose arrows waited for a rebuild.
"""

from __future__ import annotations

from collections.abc import Hashable

import pygame


class Underlay:
    def __init__(self) -> None:
        self._kept: pygame.Surface | None = None
        self._key: Hashable | None = None  # what `_kept` shows
        self._last: Hashable | None = None  # what the frame before drew (exactly)

    @property
    def holding(self) -> bool:
        """Whether a picture is kept."""
        return self._kept is not None and self._key is not None

    def reuse(self, target: pygame.Surface, key: Hashable) -> bool:
        """Blit the kept picture if it is this key's; False if the layers must be drawn."""
        kept = self._kept
        if kept is None or key != self._key or kept.get_size() != target.get_size():
            return False
        target.blit(kept, (0, 0))
        return True

    def drawn(self, target: pygame.Surface, key: Hashable, exact: bool) -> None:
        """After the layers were drawn on `target` for `key`: keep them if the frame before
        drew the same (a still camera), so the next frame blits them."""
        if exact and key == self._last:
            kept = self._kept
            same = kept is not None and kept.get_size() == target.get_size()
            if same and kept.get_bitsize() == target.get_bitsize():
                kept.blit(target, (0, 0))
            else:
                self._kept = target.copy()
            self._key = key
        self._last = key if exact else None

    def clear(self) -> None:
        self._kept = self._key = self._last = None
