"""Hatching under formations whose place on the field no source gives (the layer above the
terrain).

Where a contingent stands is sometimes the account's own word (Procopius: the infantry on the
left by the river, the Arabs on the rising ground) and sometimes a modern reconstruction
(Greatrex's order for the Roman centre; the Isaurians beside the Arabs) or ours (every place in
Malalas' account, who says only that the Euphrates was at the Romans' backs). The scenario
flags the second kind per account (`citations: <account>: <formation>: placement:`); this layer
hatches the ground under those formations while they stand in ranks, so a visitor sees at a
glance which positions are reconstructed. The legend explains the hatching.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.lang.words import N_
from game.scenario.specs import Scenario
from game.sim.codes import State
from game.sim.world import World
from game.view.camera import Camera
from game.view.legend import LegendContext, LegendEntry

HATCH_EVERY = 9  # px between the diagonal lines
HATCH = (246, 236, 206)  # pale parchment: visible on grass, fields and sand
HATCH_ALPHA = 120
EDGE_ALPHA = 170
MARGIN_METRES = 30.0  # the hatched ground reaches a little beyond the outer ranks
MIN_MARGIN_PX = 16  # and is never a sliver at the whole-battle view
STRINGS = {"legend": N_("Place reconstructed: no source puts them here")}
"""Every visible string of this module, in one place (for a catalogue later)."""


def hatch_tile(size: tuple[int, int]) -> pygame.Surface:
    """A screen-sized sheet of translucent diagonal lines, cut to each hatched area."""
    w, h = size
    sheet = pygame.Surface(size, pygame.SRCALPHA)
    for k in range(-h, w, HATCH_EVERY):
        pygame.draw.line(sheet, (*HATCH, HATCH_ALPHA), (k, h), (k + h, 0), 2)
    return sheet


class ReconstructionLayer:
    """Draws the hatching. Caches the hatch sheet per screen size."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._sheet: pygame.Surface | None = None
        self._flags: dict[str, np.ndarray] = {
            account: np.array([f.placed_by(account) is not None for f in scenario.formations])
            for account in scenario.accounts
        }

    def flagged(self, account: str) -> np.ndarray:
        """(F,) bool: formations whose place is a reconstruction in this account."""
        return self._flags.get(account, np.zeros(len(self.scenario.formations), bool))

    def areas(self, world: World, pos: np.ndarray, camera: Camera) -> list[pygame.Rect]:
        """Screen rectangles round the men in ranks of each flagged formation."""
        flagged = self.flagged(world.account)
        if not flagged.any():
            return []
        s = world.soldiers
        margin = max(MARGIN_METRES, MIN_MARGIN_PX / max(camera.scale, 1e-6))
        out = []
        screen = pygame.Rect(0, 0, camera.width, camera.height)
        for rows in _rows(world.formations.first, len(s), flagged):  # a dozen formations at most
            state = s.state[rows]
            ranks = (state == State.FORMED) | (state == State.ENGAGED)
            if not ranks.any():
                continue
            xs, ys = pos[0, rows][ranks], pos[1, rows][ranks]
            x0, y0, x1, y1 = xs.min(), ys.min(), xs.max(), ys.max()
            ax, ay = camera.point_to_screen(float(x0) - margin, float(y0) - margin)
            bx, by = camera.point_to_screen(float(x1) + margin, float(y1) + margin)
            rect = pygame.Rect(round(ax), round(ay), round(bx - ax) + 1, round(by - ay) + 1)
            rect = rect.clip(screen)
            if rect.width > 1 and rect.height > 1:
                out.append(rect)
        return out

    def draw(self, target: pygame.Surface, camera: Camera, world: World, pos: np.ndarray) -> int:
        """Hatch the ground under the flagged formations; returns how many were hatched."""
        return self.hatch(target, self.areas(world, pos, camera))

    def hatch(self, target: pygame.Surface, rects: list[pygame.Rect]) -> int:
        """Hatch `rects` (`areas`) of the screen."""
        if not rects:
            return 0
        size = target.get_size()
        if self._sheet is None or self._sheet.get_size() != size:
            self._sheet = hatch_tile(size)
        for rect in rects:
            target.blit(self._sheet, rect, area=rect)
            edge = pygame.Surface(rect.size, pygame.SRCALPHA)
            pygame.draw.rect(edge, (*HATCH, EDGE_ALPHA), edge.get_rect(), width=2, border_radius=6)
            target.blit(edge, rect)
        return len(rects)


def _rows(first: np.ndarray, soldiers: int, flagged: np.ndarray) -> list[slice]:
    """The soldier rows of each flagged formation, as `np.minimum.reduceat(..., first)` cuts
    them (an empty formation's cut holds the next row), so only their men are read a frame."""
    ends = np.append(first[1:], soldiers)
    return [
        slice(int(first[k]), max(int(ends[k]), int(first[k]) + 1))
        for k in np.flatnonzero(flagged).tolist()
    ]


def legend_entries(ctx: LegendContext) -> list[LegendEntry]:
    """For the map's legend: the hatching and what it means."""

    def swatch(surf: pygame.Surface, rect: pygame.Rect) -> None:
        pygame.draw.rect(surf, (120, 132, 84), rect, border_radius=4)
        sub = surf.subsurface(rect)
        sub.blit(hatch_tile(rect.size), (0, 0))
        pygame.draw.rect(surf, HATCH, rect, width=2, border_radius=4)

    return [LegendEntry(STRINGS["legend"], swatch, group=N_("Reconstruction"), key="hatching")]
