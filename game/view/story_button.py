"""The Story button: gives the camera back to the story after the visitor has taken it.

It sits under the clock, a touch target as big as the bar's buttons. While the story camera
runs it is lit (gold) and reads "Story camera"; once the visitor pans or zooms it goes dark and
invites "Follow the story" (or the S key). Laid out like a HUD panel, so labels keep clear of it.
"""

from __future__ import annotations

import pygame

from game.lang.words import N_
from game.view import theme
from game.view.fonts import Fonts
from game.view.hud import Block
from game.view.units import UNSCALED, Units

ON_TEXT = N_("Story camera")
OFF_TEXT = N_("Follow the story (S)")
HEIGHT = 64  # design px: the bar's buttons are >= 64 px each way
PAD = 22
ICON = 26  # room for the little camera drawn left of the words
GAP = 12  # px under the clock's panel
TEXT_SIZE = 24


def story_button(fonts: Fonts, on: bool, clock: pygame.Rect, units: Units = UNSCALED) -> Block:
    """The button's box, right-aligned under the clock's panel."""
    text = fonts.t(ON_TEXT if on else OFF_TEXT)
    ink = theme.BUTTON_ACTIVE_INK if on else theme.INK
    label = fonts.render(text, "sans-bold", units.text(TEXT_SIZE), ink)
    pad, icon = units.px(PAD), units.px(ICON)
    box = pygame.Rect(0, 0, label.get_width() + 2 * pad + icon, units.target(HEIGHT))
    box.topright = (clock.right, clock.bottom + units.px(GAP))
    at = (box.x + pad + icon, box.centery - label.get_height() // 2)
    return Block("story", box, ((label, at),))


def draw_story_button(
    target: pygame.Surface, block: Block, on: bool, units: Units = UNSCALED
) -> None:
    """Gold when the story has the camera, dark with a gold edge when the visitor has."""
    box = block.box
    u = units.px
    pygame.draw.rect(target, theme.GOLD if on else theme.PANEL, box, border_radius=u(10))
    pygame.draw.rect(target, theme.GOLD, box, width=u(2), border_radius=u(10))
    ink = theme.BUTTON_ACTIVE_INK if on else theme.GOLD
    cx, cy = box.x + u(PAD) + u(6), box.centery  # a small camera: body and lens
    pygame.draw.rect(target, ink, (cx - u(9), cy - u(6), u(18), u(13)), border_radius=u(3))
    lens = [(cx + u(9), cy - u(2)), (cx + u(16), cy - u(6)), (cx + u(16), cy + u(7))]
    pygame.draw.polygon(target, ink, [*lens, (cx + u(9), cy + u(3))])
    for surf, pos in block.items:
        target.blit(surf, pos)
