"""The staff PIN pad as drawn: its keys, their places on any canvas, and the card they sit on.

Laid out in logical px at 1920x1080 and shrunk in 1/8 steps only on small canvases. The keys'
rects are the gate's hit targets too (`pad_layout`), so what a tap hits is what is drawn. The
entry is drawn as dots, never digits.
"""

from __future__ import annotations

import math

import pygame

from game.view import theme
from game.view.fonts import Fonts

KEY_BACK = "⌫"
KEY_OK = "✓"
KEY_CANCEL = "✕"
KEYPAD_ROWS = (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9"), (KEY_BACK, "0", KEY_OK))
# Layout, logical px at 1920x1080. Keys are larger than G9's 64 px because staff type a code
# standing, often in a hurry: 112 px is about 31 mm on a 24" panel. Gaps exceed G9's 8 px.
KEY_PX = 112
KEY_GAP = 16
CLOSE_PX = 96
CARD_PAD = 44
FIELD_H = 84
STATUS_H = 44
TITLE_H = CLOSE_PX
GRID_W = 3 * KEY_PX + 2 * KEY_GAP
GRID_H = 4 * KEY_PX + 3 * KEY_GAP
CARD_W = GRID_W + 2 * CARD_PAD
CARD_H = CARD_PAD + TITLE_H + 20 + FIELD_H + 8 + STATUS_H + 16 + GRID_H + CARD_PAD
SCREEN_MARGIN = 24
SCALE_STEPS = 8
"""The pad shrinks only on small canvases, in 1/8 steps: fonts are made once per size, so a
stream of odd window sizes can create at most eight sizes per face (see `game.view.fonts`)."""

DIM_ALPHA = 170  # the screen behind the pad: still visible, clearly not active
DIGIT_SIZE = 44
GLYPH_SIZE = 40
GLYPHS = {KEY_OK: "✔"}  # drawn heavier than the label: a thin tick vanishes on gold
DOT_RADIUS = 9
DOT_PITCH = 30  # 12 dots fit the field with 12 px between them


def _scale(size: tuple[int, int]) -> float:
    """Largest step of 1/8 (at most 1) at which the card fits the canvas; never below 1/8."""
    w, h = size
    fit = min((w - 2 * SCREEN_MARGIN) / CARD_W, (h - 2 * SCREEN_MARGIN) / CARD_H, 1.0)
    return max(math.floor(fit * SCALE_STEPS), 1) / SCALE_STEPS


def _card_frame(size: tuple[int, int]) -> tuple[pygame.Rect, float]:
    """The card, centred on the canvas, and the scale everything inside it is drawn at."""
    s = _scale(size)
    card = pygame.Rect(0, 0, round(CARD_W * s), round(CARD_H * s))
    card.center = (size[0] // 2, size[1] // 2)
    return card, s


def _part(card: pygame.Rect, s: float, x: int, y: int, w: int, h: int) -> pygame.Rect:
    """A rect given in unscaled card coordinates, placed on the canvas."""
    return pygame.Rect(card.x + round(x * s), card.y + round(y * s), round(w * s), round(h * s))


def _field_top() -> int:
    return CARD_PAD + TITLE_H + 20


def _grid_top() -> int:
    return _field_top() + FIELD_H + 8 + STATUS_H + 16


def pad_layout(size: tuple[int, int]) -> dict[str, pygame.Rect]:
    """Key label -> its rect on a canvas of `size`: the pad's hit targets, for taps and tests."""
    card, s = _card_frame(size)
    keys = {
        KEY_CANCEL: _part(
            card, s, CARD_W - CARD_PAD - CLOSE_PX + 16, CARD_PAD - 16, CLOSE_PX, CLOSE_PX
        )
    }
    for r, row in enumerate(KEYPAD_ROWS):
        for c, label in enumerate(row):
            x = CARD_PAD + c * (KEY_PX + KEY_GAP)
            y = _grid_top() + r * (KEY_PX + KEY_GAP)
            keys[label] = _part(card, s, x, y, KEY_PX, KEY_PX)
    return keys


def draw_pad(
    surface: pygame.Surface,
    fonts: Fonts,
    *,
    entry_length: int,
    status: str,
    warn: bool,
    locked: bool,
) -> None:
    """The open pad over a dimmed screen: title, the entry as dots, the status (a wrong PIN or
    a lockout in bold gold, so it is noticed), and the keys (faint while locked)."""
    size = surface.get_size()
    _dim(surface)
    card, s = _card_frame(size)
    _card(surface, card, s)
    _title(surface, fonts, card, s)
    _draw_field(surface, card, s, entry_length)
    face, colour = ("sans-bold", theme.GOLD) if warn else ("sans", theme.INK_DIM)
    text = fonts.render(status, face, _size(theme.BODY_SIZE, s), colour)
    row = _part(card, s, CARD_PAD, _field_top() + FIELD_H + 8, GRID_W, STATUS_H)
    surface.blit(text, text.get_rect(center=row.center))
    for label, rect in pad_layout(size).items():
        enabled = label == KEY_CANCEL or not locked
        active = label == KEY_OK and enabled and entry_length > 0
        _key(surface, fonts, rect, label, s, enabled=enabled, active=active)


def _draw_field(surface: pygame.Surface, card: pygame.Rect, s: float, n: int) -> None:
    """The entry as dots, never digits, centred in a sunken field."""
    field = _part(card, s, CARD_PAD, _field_top(), GRID_W, FIELD_H)
    pygame.draw.rect(surface, theme.CHART_GROUND, field, border_radius=max(1, round(10 * s)))
    pygame.draw.rect(surface, theme.PANEL_EDGE, field, width=1, border_radius=max(1, round(10 * s)))
    pitch = DOT_PITCH * s
    x0 = field.centerx - pitch * (n - 1) / 2
    for k in range(n):
        centre = (round(x0 + k * pitch), field.centery)
        pygame.draw.circle(surface, theme.INK, centre, max(1, round(DOT_RADIUS * s)))


def _size(px: int, s: float) -> int:
    return max(6, round(px * s))


def _dim(surface: pygame.Surface) -> None:
    veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    veil.fill((0, 0, 0, DIM_ALPHA))
    surface.blit(veil, (0, 0))


def _card(surface: pygame.Surface, card: pygame.Rect, s: float) -> None:
    ground = pygame.Surface(card.size, pygame.SRCALPHA)
    radius = max(1, round(14 * s))
    pygame.draw.rect(
        ground, (*theme.PANEL, theme.INSPECT_ALPHA), ground.get_rect(), border_radius=radius
    )
    surface.blit(ground, card.topleft)
    pygame.draw.rect(
        surface, theme.PANEL_EDGE, card, width=max(1, round(2 * s)), border_radius=radius
    )


def _title(surface: pygame.Surface, fonts: Fonts, card: pygame.Rect, s: float) -> None:
    text = fonts.render("Staff exit", "serif-bold", _size(theme.TITLE_SIZE, s), theme.GOLD)
    row = _part(card, s, CARD_PAD, CARD_PAD - 16, GRID_W - CLOSE_PX, TITLE_H)
    surface.blit(text, text.get_rect(midleft=row.midleft))


def _key(
    surface: pygame.Surface,
    fonts: Fonts,
    rect: pygame.Rect,
    label: str,
    s: float,
    *,
    enabled: bool,
    active: bool,
) -> None:
    """One pad key in the look of `game.view.panel.button`, with a larger label: digits are read
    at arm's length while standing. Refused keys (during a lockout) are drawn faint."""
    radius = max(1, round(8 * s))
    ground = theme.BUTTON_ACTIVE if active else theme.BUTTON_GROUND
    ink = theme.BUTTON_ACTIVE_INK if active else (theme.INK if enabled else theme.CHART_GRID)
    edge = theme.GOLD if active else (theme.PANEL_EDGE if enabled else theme.CHART_GRID)
    pygame.draw.rect(surface, ground, rect, border_radius=radius)
    pygame.draw.rect(surface, edge, rect, width=max(1, round(2 * s)), border_radius=radius)
    size = DIGIT_SIZE if label.isdigit() else GLYPH_SIZE
    glyph = GLYPHS.get(label, label)
    surf = fonts.render(glyph, "sans-bold" if label.isdigit() else "sans", _size(size, s), ink)
    surface.blit(surf, surf.get_rect(center=rect.center))
