"""The campaign map's marginalia: the battle map's scale bar, north arrow and legend, with the
campaign's own entries (routes, camps, the frontier, the battle's place) instead of the men."""

from __future__ import annotations

import pygame
import pygame.gfxdraw

from game.lang.words import N_
from game.view.legend import LegendContext, LegendEntry
from game.view.locator import LAND, battle_swatch, frontier_swatch
from game.view.marginalia import Marginalia

STRINGS = {
    "group": N_("Campaign map"),
    "roman": N_("Roman march"),
    "persian": N_("Persian march"),
    "retreat": N_("going home (a withdrawal)"),
    "aim": N_("an aim never reached"),
    "camp": N_("a night's camp"),
    "frontier": N_("Roman-Persian frontier (approximate)"),
    "battle": N_("Callinicum, where the battle was fought"),
    "reconstruction": N_("routes between named places are our reconstruction"),
}
"""Every visible string of this module, in one place (for a catalogue later)."""


class CampaignMarginalia(Marginalia):
    """Scale bar and legend as on the battlefield; no inset locator (this is the map it shows
    in small)."""

    def __init__(self, fonts, colours: dict[str, tuple[int, int, int]]):
        self.colours = colours
        super().__init__(fonts, None, (), list(colours.values()))

    def legend_entries(self, ctx: LegendContext) -> list[LegendEntry]:
        roman, persian = self.colours.get("roman", (176, 48, 52)), self.colours.get("persian")
        persian = persian or (40, 110, 160)
        g = STRINGS["group"]

        def arrow(colour, dashed=False, hollow=False):
            def paint(surf: pygame.Surface, rect: pygame.Rect) -> None:
                pygame.draw.rect(surf, LAND, rect)
                y = rect.centery
                x0, x1 = rect.left + 3, rect.right - 12
                if hollow:
                    for x in range(x0, x1, 10):
                        pygame.draw.line(surf, colour, (x, y - 4), (min(x + 6, x1), y - 4), 2)
                        pygame.draw.line(surf, colour, (x, y + 4), (min(x + 6, x1), y + 4), 2)
                elif dashed:
                    for x in range(x0, x1, 12):
                        pygame.draw.line(surf, colour, (x, y), (min(x + 7, x1), y), 6)
                else:
                    pygame.draw.line(surf, colour, (x0, y), (x1, y), 7)
                head = [(x1, y - 8), (rect.right - 2, y), (x1, y + 8)]
                if hollow:
                    pygame.draw.polygon(surf, colour, head, 2)
                else:
                    pygame.draw.polygon(surf, colour, head)

            return paint

        def camp(surf: pygame.Surface, rect: pygame.Rect) -> None:
            pygame.draw.rect(surf, LAND, rect)
            cx, cy = rect.center
            tent = [(cx - 9, cy + 6), (cx + 9, cy + 6), (cx, cy - 9)]
            pygame.gfxdraw.filled_polygon(surf, tent, roman)
            pygame.gfxdraw.aapolygon(surf, tent, (34, 28, 24))

        def guess(surf: pygame.Surface, rect: pygame.Rect) -> None:
            pygame.draw.rect(surf, LAND, rect)
            for x in range(rect.left + 3, rect.right - 3, 9):
                pygame.draw.circle(surf, (96, 84, 70), (x, rect.centery), 2)

        return [
            LegendEntry(STRINGS["roman"], arrow(roman), g, "campaign.roman"),
            LegendEntry(STRINGS["persian"], arrow(persian), g, "campaign.persian"),
            LegendEntry(STRINGS["retreat"], arrow(persian, dashed=True), g, "campaign.retreat"),
            LegendEntry(STRINGS["aim"], arrow(persian, hollow=True), g, "campaign.aim"),
            LegendEntry(STRINGS["camp"], camp, g, "campaign.camp"),
            LegendEntry(STRINGS["frontier"], frontier_swatch, g, "campaign.frontier"),
            LegendEntry(STRINGS["battle"], battle_swatch, g, "campaign.battle"),
            LegendEntry(STRINGS["reconstruction"], guess, g, "campaign.reconstruction"),
        ]
