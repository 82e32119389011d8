"""The heads-up display: title, clock and phase, caption with its source, playback state.

Drawn over the map each frame from plain values (no simulation access), so it can be tested on
its own and the screen stays a pure function of (state, camera, UI state).
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.view import theme
from game.view.fonts import Fonts

SOURCE_NAMES = {
    "procopius": "Procopius",
    "malalas": "Malalas",
    "zacharias": "Zacharias of Mytilene",
    "modern": "modern historians",
    "reconstruction": "modern reconstruction",
}


@dataclass(frozen=True)
class HudState:
    title: str
    date: str
    time_of_day: str
    phase: str
    caption: str
    source: str  # e.g. "Procopius, Wars I.18"
    speed: float
    paused: bool
    show_caption: bool = True
    hint: str = ""
    event: str = ""  # the latest notable event, e.g. "14:16  The Ghassanid Arabs break and run."
    reached: float | None = None  # the speed actually reached, when short of `speed`
    catching_up: float | None = None  # an unfinished seek's progress, 0..1


CATCHING_UP = "Catching up… {percent} %"
REACHING = "Playing {speed} · reaching {reached}"


def playback_state(hud: HudState) -> str:
    """The line under the clock: what the battle is doing, in words a visitor reads."""
    if hud.catching_up is not None:
        return CATCHING_UP.format(percent=round(100 * hud.catching_up))
    if hud.paused:
        return "Paused"
    if hud.reached is not None:
        return REACHING.format(speed=_speed(hud.speed), reached=f"{hud.reached:.1f}×")
    return f"Playing {_speed(hud.speed)}"


def panel(target: pygame.Surface, rect: pygame.Rect) -> None:
    """A dark translucent panel with a thin warm edge."""
    rect = rect.clip(target.get_rect())
    if rect.width <= 0 or rect.height <= 0:
        return
    shade = pygame.Surface(rect.size, pygame.SRCALPHA)
    shade.fill((*theme.PANEL, theme.PANEL_ALPHA))
    target.blit(shade, rect.topleft)
    pygame.draw.rect(target, theme.PANEL_EDGE, rect, width=1, border_radius=2)


@dataclass(frozen=True)
class Block:
    """One HUD panel: its name in the frame's layout, its box and the text placed in it."""

    name: str
    box: pygame.Rect
    items: tuple[tuple[pygame.Surface, tuple[int, int]], ...]


def layout_hud(
    fonts: Fonts,
    hud: HudState,
    size: tuple[int, int],
    bottom_reserved: int = 0,
    offset: tuple[int, int] = (0, 0),
) -> list[Block]:
    """Where each HUD panel goes. Banners use the boxes to keep clear of the HUD."""
    w, h = size
    m = theme.MARGIN
    ox, oy = offset
    blocks: list[Block] = []

    # Title, top left
    title = fonts.render(hud.title, "serif-bold", theme.TITLE_SIZE, theme.GOLD)
    date = fonts.render(hud.date, "serif-italic", theme.SOURCE_SIZE + 2, theme.INK)
    box = pygame.Rect(
        m + ox,
        m + oy,
        max(title.get_width(), date.get_width()) + 2 * m,
        title.get_height() + date.get_height() + m,
    )
    blocks.append(
        Block(
            "title",
            box,
            (
                (title, (box.x + m, box.y + m // 2)),
                (date, (box.x + m, box.y + m // 2 + title.get_height())),
            ),
        )
    )

    # Clock and phase, top right
    clock = fonts.render(hud.time_of_day, "serif-bold", theme.CLOCK_SIZE, theme.GOLD)
    phase = fonts.render(hud.phase, "serif", theme.PHASE_SIZE, theme.INK)
    play = fonts.render(playback_state(hud), "sans", theme.HINT_SIZE, theme.INK_DIM)
    bw = max(clock.get_width(), phase.get_width(), play.get_width()) + 2 * m
    bh = clock.get_height() + phase.get_height() + play.get_height() + m
    box = pygame.Rect(w - m - bw + ox, m + oy, bw, bh)
    items, y = [], box.y + m // 2
    for surf in (clock, phase, play):
        items.append((surf, (box.right - m - surf.get_width(), y)))
        y += surf.get_height()
    blocks.append(Block("clock", box, tuple(items)))

    # Caption (and the latest event), bottom centre
    captioned = hud.show_caption and bool(hud.caption)
    if captioned:
        width = min(1200, w - 4 * m)
        lines = fonts.wrap(hud.caption, "sans", theme.CAPTION_SIZE, width - 2 * m)
        surfs = [fonts.render(t, "sans", theme.CAPTION_SIZE, theme.INK) for t in lines]
        src = fonts.render(f"— {hud.source}", "serif-italic", theme.SOURCE_SIZE, theme.INK_DIM)
        if hud.event:
            event = fonts.wrap(hud.event, "sans-bold", theme.CAPTION_SIZE, width - 2 * m)
            surfs[:0] = [
                fonts.render(t, "sans-bold", theme.CAPTION_SIZE, theme.GOLD) for t in event
            ]
        bh = sum(s.get_height() for s in surfs) + src.get_height() + m + 8
        box = pygame.Rect((w - width) // 2 + ox, h - bottom_reserved - m - bh + oy, width, bh)
        items, y = [], box.y + m // 2
        for surf in surfs:
            items.append((surf, (box.x + m, y)))
            y += surf.get_height()
        items.append((src, (box.right - m - src.get_width(), y + 8)))
        blocks.append(Block("caption", box, tuple(items)))

    if hud.hint and (not captioned or w > 2600):
        hint = fonts.render(hud.hint, "sans", theme.HINT_SIZE, theme.INK_DIM)
        box = pygame.Rect(
            m + ox,
            h - bottom_reserved - m - hint.get_height() - 12 + oy,
            hint.get_width() + 24,
            hint.get_height() + 12,
        )
        blocks.append(Block("hint", box, ((hint, (box.x + 12, box.y + 6)),)))
    return blocks


def draw_hud(
    target: pygame.Surface,
    fonts: Fonts,
    hud: HudState,
    bottom_reserved: int = 0,
    offset: tuple[int, int] = (0, 0),
) -> None:
    """Draw the HUD. `bottom_reserved` px at the bottom belong to the timeline bar."""
    for block in layout_hud(fonts, hud, target.get_size(), bottom_reserved, offset):
        panel(target, block.box)
        for surf, pos in block.items:
            target.blit(surf, pos)


def _speed(speed: float) -> str:
    return {0.25: "¼×", 0.5: "½×"}.get(speed, f"{speed:g}×")


def cite(source: str, ref: str) -> str:
    """How a citation reads on screen: the reference, flagged if it is ours."""
    if source == "reconstruction" and "reconstruction" not in ref.lower():
        return f"{ref} (modern reconstruction)"
    return ref
