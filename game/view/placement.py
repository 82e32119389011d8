"""One label-placement pass per frame: every label on the map, against the fixed interface.

Place names (map), formation labels and event markers (story), commander tags and the hover
label (inspect) are all handed in as `LabelRequest`s; `place` decides which are shown and where,
once, so no two labels overlap, none is cut off by the screen's edge, none lies on the HUD, the
bar, the panel or the minimap (the `obstacles`), and no key is shown twice (a formation's hover
label replaces its banner instead of doubling it).

Higher priority is placed first; each request tries its candidate positions in order and is
dropped if none is free. Pure geometry over rectangles: no drawing, no simulation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import pygame

GAP_PX = 4
"""Clear pixels kept between two labels, so their edges never touch."""

Line = tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class LabelRequest:
    """A label that wants to be shown.

    `key` names what it labels (e.g. "formation.3"): of several requests with one key only the
    highest-priority one is placed. `candidates` are offsets of the label's top-left corner from
    `anchor` (screen px), in order of preference. With `clamp`, a candidate that runs off the
    screen is slid back onto it before it is given up (the hover label at the screen's edge).
    `avoid`: boxes this label alone keeps off, besides the frame's obstacles (a formation's
    name keeps off the arrows; an event's marker, which marks a spot on them, need not).
    From candidate `leader_from` on, the label is far from its anchor and drawn with a leader
    line to it (`leader_end`): a place where that line crosses no other label, and no later
    label lies on it, is taken first; else the first free one (the lines are drawn under the
    labels)."""

    key: str
    surface: pygame.Surface
    anchor: tuple[float, float]
    candidates: tuple[tuple[float, float], ...]
    priority: float = 0.0
    clamp: bool = False
    avoid: tuple[pygame.Rect, ...] = ()
    leader_from: int | None = None

    def rect_at(self, offset: tuple[float, float]) -> pygame.Rect:
        w, h = self.surface.get_size()
        x, y = self.anchor[0] + offset[0], self.anchor[1] + offset[1]
        return pygame.Rect(round(x), round(y), w, h)


class Placed(NamedTuple):
    """Where a request went, and its leader line if it went far out (see `LabelRequest`):
    decided here once, and drawn from here (`BannerPainter.leaders`)."""

    request: LabelRequest
    rect: pygame.Rect
    line: Line | None = None


def place(
    requests: Iterable[LabelRequest],
    obstacles: Sequence[pygame.Rect],
    screen: pygame.Rect,
    gap: int = GAP_PX,
) -> list[Placed]:
    """Choose where each label goes: highest priority first, first free candidate, else dropped.

    Ties in priority keep the order the requests were given in, so a frame is a pure function
    of its requests."""
    order = sorted(enumerate(requests), key=lambda item: (-item[1].priority, item[0]))
    placed: list[Placed] = []
    taken: list[pygame.Rect] = []  # placed rects grown by the gap
    lines: list[Line] = []  # the leader lines of those placed far out
    keys: set[str] = set()
    for _, req in order:
        if req.key in keys:
            continue
        found = _first_free(req, obstacles, taken, screen, lines)
        if found is None:
            continue
        rect, line = found
        keys.add(req.key)
        placed.append(Placed(req, rect, line))
        taken.append(rect.inflate(2 * gap, 2 * gap))
        if line is not None:
            lines.append(line)
    return placed


def leader_end(anchor: tuple[float, float], rect: pygame.Rect) -> tuple[float, float]:
    """Where a leader line from `anchor` meets its label: the label's nearest point."""
    ax, ay = anchor
    return (min(max(ax, rect.left), rect.right - 1), min(max(ay, rect.top), rect.bottom - 1))


def _first_free(
    req: LabelRequest,
    obstacles: Sequence[pygame.Rect],
    taken: Sequence[pygame.Rect],
    screen: pygame.Rect,
    lines: Sequence[Line] = (),
) -> tuple[pygame.Rect, Line | None] | None:
    # (made as they are tried: most labels take one of their first places)
    rects = (req.rect_at(c) for c in req.candidates)
    if req.clamp:
        rects = list(rects)
        rects += [r.clamp(screen) for r in rects if not screen.contains(r)]
    far = req.leader_from if req.leader_from is not None else float("inf")  # (no leader line)
    fallback = None
    for i, rect in enumerate(rects):  # (on the screen first: the cheapest test, and most fail it)
        if not screen.contains(rect) or rect.collidelist(obstacles) >= 0:
            continue
        if rect.collidelist(taken) >= 0 or rect.collidelist(req.avoid) >= 0:
            continue
        line = None if i < far else (req.anchor, leader_end(req.anchor, rect))
        fallback = fallback or (rect, line)
        if any(rect.clipline(a, b) for a, b in lines):
            continue  # on another label's leader line
        if line is None or not any(
            t.clipline(*line) and not t.collidepoint(req.anchor) for t in taken
        ):  # (a label over the anchor itself cannot be gone round)
            return rect, line
    return fallback


def blit_placed(target: pygame.Surface, placed: Iterable[Placed]) -> None:
    """Draw the placed labels (each request's surface is the whole label, ground included)."""
    for p in placed:
        target.blit(p.request.surface, p.rect.topleft)


def around(w: int, h: int, gap: float) -> tuple[tuple[float, float], ...]:
    """Candidates round a point for a `w` x `h` label: below right, below left, above right,
    above left (a pointer's label: never under the pointer's hot spot)."""
    return ((gap, gap), (-w - gap, gap), (gap, -h - gap), (-w - gap, -h - gap))
