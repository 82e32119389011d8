"""The timeline bar's picture, kept while nothing it shows changes: one copy instead of ~15 parts.

The bar is opaque (nothing under it shows), so its pixels are a function of what it shows: its
geometry and language, the phases and events on the track, where the playhead is (in whole px)
and the time under it, the computed stretches, play or pause, the speed, the account, an
unfinished seek's progress. `BarPicture.key` gathers those as the bar draws them (its parts
cost ~0.9 ms a frame, mostly Python); while the key is the same the picture kept is blitted
and its layout leaves handed out again. Nothing is kept while any part is drawn outside the
bar's panel (the Skip chip above it, an open language menu).
"""

from __future__ import annotations

from collections.abc import Hashable

import pygame

from game.timeline.playback import Playback
from game.view.bar_numbers import caption_number
from game.view.moment import NUMBERED

Leaves = tuple[tuple[str, pygame.Rect], ...]


def shown_state(lay, playback: Playback, events: tuple, label: str, skip: str) -> tuple:
    """What of the playback the bar shows, as its pixels depend on it (`lay` a BarLayout)."""
    seek = None
    if playback.seeking and playback.target is not None:
        seek = (lay.x_at(playback.target), playback.seek_progress)
    return (
        lay.x_at(playback.playhead_tick),
        label,
        skip,
        tuple((lay.x_at(a), lay.x_at(b)) for a, b in playback.keyframes.coverage()),
        seek,
        playback.playing,
        playback.clock.speed,
        tuple((e.kind, e.tick) for e in events),
        caption_number(playback, [e for e in events if e.kind in NUMBERED]),
    )


class BarPicture:
    """The last picture of the bar, by everything it was drawn from."""

    def __init__(self) -> None:
        self._kept: tuple[Hashable, pygame.Surface, tuple[int, int], Leaves, list] | None = None
        self.drawn = 0  # pictures drawn (tests: a still bar is not drawn again)

    def reuse(self, target: pygame.Surface, key: Hashable) -> tuple[Leaves, list] | None:
        """Blit the kept picture if it is this key's: its leaves and divergence marks."""
        kept = self._kept
        if kept is None or kept[0] != key:
            return None
        target.blit(kept[1], kept[2])
        return kept[3], kept[4]

    def keep(
        self,
        target: pygame.Surface,
        key: Hashable,
        panel: pygame.Rect,
        leaves: Leaves,
        marks: list,
        inside: bool,
    ) -> None:
        """After the bar was drawn on `target` for `key`: keep its panel's pixels, unless some
        part was drawn outside it (`inside` False) or the panel runs off the target."""
        self.drawn += 1
        clear = inside and target.get_rect().contains(panel)
        clear = clear and all(panel.contains(r) for _, r in leaves)
        self._kept = (
            (key, target.subsurface(panel).copy(), panel.topleft, leaves, marks) if clear else None
        )

    def clear(self) -> None:
        self._kept = None
