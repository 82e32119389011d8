"""A pattern for each side and each ally, beside its colour (issue #17 section 2).

A visitor who cannot tell the two colours apart (or sees the screen in a glare) still tells the
armies apart by their marks: the Romans' own troops solid, their allies (the Ghassanids) in
upright stripes; the Persians' own troops in slanting stripes, their allies (the Lakhmids)
dotted. Each is drawn in the side's colour over a dark ground, so the shapes differ even where
the colours do not. Banners, the unit panel and the legend draw their swatches through here.
"""

from __future__ import annotations

import pygame

from game.lang.words import N_
from game.scenario.codes import Side
from game.view import theme
from game.view.legend import EntrySource, LegendContext, LegendEntry

SOLID, UPRIGHT, SLANTED, DOTTED = "solid", "upright", "slanted", "dotted"
PATTERNS: dict[tuple[Side, bool], str] = {
    (Side.ROMAN, False): SOLID,
    (Side.ROMAN, True): UPRIGHT,
    (Side.PERSIAN, False): SLANTED,
    (Side.PERSIAN, True): DOTTED,
}
GROUND = theme.PANEL  # between the stripes and dots


def pattern_of(side: Side, allied: bool) -> str:
    """The pattern of a side's own troops (`allied` False) or of its allies."""
    return PATTERNS[(Side(side), bool(allied))]


def formation_patterns(scenario) -> list[str]:
    """Each formation's pattern, in the scenario's order (allies from the story's `allied`)."""
    named = scenario.wording.named
    return [
        pattern_of(f.side, bool(named and named[i].allied))
        for i, f in enumerate(scenario.formations)
    ]


def paint_swatch(target: pygame.Surface, rect: pygame.Rect, colour, pattern: str) -> None:
    """Fill `rect` with `colour` in `pattern` (stripes and dots scale with the swatch)."""
    if pattern == SOLID:
        pygame.draw.rect(target, colour, rect)
        return
    pygame.draw.rect(target, GROUND, rect)
    step = max(4, min(rect.width, rect.height) // 3)
    width = max(2, step // 2)
    clip = target.get_clip()
    target.set_clip(rect.clip(clip) if clip else rect)
    if pattern == UPRIGHT:
        for x in range(rect.x + step // 4, rect.right, step):
            pygame.draw.rect(target, colour, (x, rect.y, width, rect.height))
    elif pattern == SLANTED:
        h = rect.height
        for x in range(rect.x - h, rect.right + h, step):
            pygame.draw.line(target, colour, (x, rect.bottom), (x + h, rect.y), width)
    else:  # DOTTED
        r = max(1, step // 3)
        for j, y in enumerate(range(rect.y + step // 2, rect.bottom, step)):
            for x in range(rect.x + step // 2 + (j % 2) * step // 2, rect.right, step):
                pygame.draw.circle(target, colour, (x, y), r)
    target.set_clip(clip)
    pygame.draw.rect(target, colour, rect, width=1)  # the colour's edge round any pattern


LEGEND = {
    (Side.ROMAN, False): N_("Roman troops: solid"),
    (Side.ROMAN, True): N_("allies of the Romans (Ghassanid Arabs): upright stripes"),
    (Side.PERSIAN, False): N_("Persian troops: slanting stripes"),
    (Side.PERSIAN, True): N_("allies of the Persians (Lakhmid Arabs): dots"),
}
GROUP = N_("Sides: colour and pattern")


def sides_legend(colours: dict[Side, tuple[int, int, int]]) -> EntrySource:
    """The legend's entries for the four marks: each side's own troops and its allies."""

    def entries(ctx: LegendContext) -> list[LegendEntry]:
        out = []
        for (side, allied), label in LEGEND.items():
            if side not in colours:
                continue
            swatch = _swatch(colours[side], PATTERNS[(side, allied)])
            out.append(LegendEntry(label, swatch, GROUP, key=f"side.{int(side)}.{int(allied)}"))
        return out

    return entries


def _swatch(colour, pattern: str):
    def swatch(surf: pygame.Surface, rect: pygame.Rect) -> None:
        paint_swatch(surf, rect.inflate(-4, -4), colour, pattern)

    return swatch
