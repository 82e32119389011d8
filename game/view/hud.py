"""The heads-up display: title, clock and phase, caption with its source, playback state.

Drawn over the map each frame from plain values (no simulation access), so it can be tested on
its own and the screen stays a pure function of (state, camera, UI state).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import pygame

from game.lang.words import ENGLISH, N_, Words
from game.scenario.specs import Citation
from game.view import theme
from game.view.bar_layout import speed_label
from game.view.fonts import Fonts
from game.view.units import UNSCALED, Units

SOURCE_NAMES = {
    "procopius": N_("Procopius"),
    "malalas": N_("Malalas"),
    "zacharias": N_("Zacharias of Mytilene"),
    "modern": N_("modern historians"),
    "reconstruction": N_("modern reconstruction"),
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
    event_badge: pygame.Surface | None = None  # its number, as on the map and the timeline
    reached: float | None = None  # the speed actually reached, when short of `speed`
    catching_up: float | None = None  # an unfinished seek's progress, 0..1


CATCHING_UP = N_("Catching up… {percent}")
REACHING = N_("Playing {speed} · reaching {reached}")
PAUSED = N_("Paused")
PLAYING = N_("Playing {speed}")
RECONSTRUCTED = N_("(modern reconstruction)")


def playback_state(hud: HudState, words: Words = ENGLISH) -> str:
    """The line under the clock: what the battle is doing, in words a visitor reads."""
    t, d = words.t, words.digits
    if hud.catching_up is not None:
        return t(CATCHING_UP).format(percent=words.percent(hud.catching_up))
    if hud.paused:
        return t(PAUSED)
    if hud.reached is not None:
        return t(REACHING).format(speed=d(speed_label(hud.speed)), reached=d(f"{hud.reached:.1f}×"))
    return t(PLAYING).format(speed=d(speed_label(hud.speed)))


SHADES_KEPT = 32
"""Panel grounds kept by size: a frame has about ten panels, a resize brings a new set."""


class Shades:
    """The translucent grounds of panels, one per size, made once and kept (bounded): making
    and filling a new alpha surface for each HUD panel cost about 1 ms a frame."""

    def __init__(self, kept: int = SHADES_KEPT):
        self.kept = kept
        self._by_size: OrderedDict[tuple[int, int], pygame.Surface] = OrderedDict()
        self._composed: OrderedDict[tuple, tuple[pygame.Surface, tuple]] = OrderedDict()

    def ground(self, size: tuple[int, int]) -> pygame.Surface:
        shade = self._by_size.get(size)
        if shade is None:
            shade = pygame.Surface(size, pygame.SRCALPHA)
            shade.fill((*theme.PANEL, theme.PANEL_ALPHA))
            self._by_size[size] = shade
            if len(self._by_size) > self.kept:
                self._by_size.popitem(last=False)
        else:
            self._by_size.move_to_end(size)
        return shade

    def composed(self, block: Block) -> pygame.Surface:
        """`block`'s panel with its text on it, premultiplied (`BLEND_PREMULTIPLIED`), made
        once and kept: one blend over the map instead of the ground's and each line's (the
        same picture within two levels of rounding). Keyed by its size and its text's
        surfaces and places; the entry holds those surfaces, so their ids stay theirs."""
        bx, by = block.box.topleft
        key = (block.box.size, tuple((id(t), x - bx, y - by) for t, (x, y) in block.items))
        hit = self._composed.get(key)
        if hit is not None:
            self._composed.move_to_end(key)
            return hit[0]
        surf = self.ground(block.box.size).premul_alpha()
        pygame.draw.rect(surf, theme.PANEL_EDGE, surf.get_rect(), width=1, border_radius=2)
        for text, (x, y) in block.items:
            surf.blit(
                text.premul_alpha(), (x - bx, y - by), special_flags=pygame.BLEND_PREMULTIPLIED
            )
        self._composed[key] = (surf, block.items)
        if len(self._composed) > self.kept:
            self._composed.popitem(last=False)
        return surf

    def __len__(self) -> int:
        return len(self._by_size)


def panel(target: pygame.Surface, rect: pygame.Rect, shades: Shades | None = None) -> None:
    """A dark translucent panel with a thin warm edge (its ground from `shades` if given)."""
    rect = rect.clip(target.get_rect())
    if rect.width <= 0 or rect.height <= 0:
        return
    shade = (shades if shades is not None else Shades(0)).ground(rect.size)  # (an empty
    # Shades is falsy: `shades or ...` never kept a ground)
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
    units: Units = UNSCALED,
    keep_clear: tuple[pygame.Rect, ...] = (),
    narrow: float = 1.0,
) -> list[Block]:
    """Where each HUD panel goes, for a screen of `size` px: title top left, clock top right,
    caption (or the key hint) at the bottom above the bar's `bottom_reserved` px, beside
    whatever of `keep_clear` (the minimap) lies there; `narrow` of its usual width (a narrower
    caption in more lines, to leave room beside it). Banners use the boxes to keep clear."""
    w, h = size
    m = units.px(theme.MARGIN)
    ox, oy = offset
    blocks: list[Block] = []

    # Title, top left
    title = fonts.render(hud.title, "serif-bold", units.text(theme.TITLE_SIZE), theme.GOLD)
    date = fonts.render(hud.date, "serif-italic", units.text(theme.DATE_SIZE), theme.INK)
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
    clock = fonts.render(hud.time_of_day, "serif-bold", units.text(theme.CLOCK_SIZE), theme.GOLD)
    phase = fonts.render(hud.phase, "serif", units.text(theme.PHASE_SIZE), theme.INK)
    play = fonts.render(
        playback_state(hud, fonts.words), "sans", units.text(theme.STATE_SIZE), theme.INK_DIM
    )
    bw = max(clock.get_width(), phase.get_width(), play.get_width()) + 2 * m
    bh = clock.get_height() + phase.get_height() + play.get_height() + m
    box = pygame.Rect(w - m - bw + ox, m + oy, bw, bh)
    items, y = [], box.y + m // 2
    for surf in (clock, phase, play):
        items.append((surf, (box.right - m - surf.get_width(), y)))
        y += surf.get_height()
    blocks.append(Block("clock", box, tuple(items)))

    # Caption (and the latest event), bottom centre, beside the minimap
    bottom = h - bottom_reserved - m
    left, right = free_span(w, m, bottom, keep_clear)
    captioned = hud.show_caption and bool(hud.caption)
    if captioned:
        size_px = units.text(theme.CAPTION_SIZE)
        width = min(round(units.px(theme.CAPTION_WIDTH) * narrow), right - left)
        lines = fonts.wrap(hud.caption, "sans", size_px, width - 2 * m)
        surfs = [fonts.render(t, "sans", size_px, theme.INK) for t in lines]
        src_px = units.text(theme.SOURCE_SIZE)  # a long source wraps, right-aligned
        srcs = [
            fonts.render(t, "serif-italic", src_px, theme.INK_DIM)
            for t in fonts.wrap(f"— {hud.source}", "serif-italic", src_px, width - 2 * m)
        ]
        indent = 0  # the event's lines hang beside its number
        if hud.event:
            badge = hud.event_badge
            indent = badge.get_width() + units.px(12) if badge is not None else 0
            event = fonts.wrap(hud.event, "sans-bold", size_px, width - 2 * m - indent)
            surfs[:0] = [fonts.render(t, "sans-bold", size_px, theme.GOLD) for t in event]
        gap = units.px(8)
        bh = sum(s.get_height() for s in (*surfs, *srcs)) + m + gap
        x = min(max((w - width) // 2, left), right - width)  # centred, unless the minimap is there
        box = pygame.Rect(x + ox, bottom - bh + oy, width, bh)
        items, y = [], box.y + m // 2
        rtl = fonts.rtl  # mirrored for Arabic and Persian: lines from the right, source left
        if hud.event and hud.event_badge is not None:
            dy = (surfs[0].get_height() - hud.event_badge.get_height()) // 2
            bx = fonts.line_x(box.x + m, box.width - 2 * m, hud.event_badge.get_width())
            items.append((hud.event_badge, (bx, y + dy)))
        for k, surf in enumerate(surfs):
            shift = indent if k < len(surfs) - len(lines) else 0
            x = fonts.line_x(box.x + m, box.width - 2 * m, surf.get_width(), shift)
            items.append((surf, (x, y)))
            y += surf.get_height()
        y += gap
        for src in srcs:
            items.append((src, (box.x + m if rtl else box.right - m - src.get_width(), y)))
            y += src.get_height()
        blocks.append(Block("caption", box, tuple(items)))

    if hud.hint:
        hint = _hint_block(fonts, hud.hint, units, blocks[0].box, blocks[1].box)
        if hint is None and not captioned:  # no room up there: bottom left, if free
            hint = _hint_block(fonts, hud.hint, units, None, None, (left + ox, bottom + oy))
        if hint is not None:
            blocks.append(hint)
    return blocks


class HudLayouts:
    """The last frame's HUD layout, kept while all it is laid out from is the same (its state,
    the screen, the fonts' language and direction): wrapping the caption measures every word,
    each frame. A copy of the list is handed out (the scene appends its Story button)."""

    def __init__(self) -> None:
        self._last: dict[tuple, list[Block]] = {}

    def layout(self, fonts: Fonts, hud: HudState, *where: Any, narrow: float = 1.0) -> list[Block]:
        """`layout_hud(fonts, hud, size, bottom_reserved, offset, units, keep_clear, narrow)`,
        kept (`where` is the rest of its arguments, all given; a few widths of one frame kept)."""
        size, bottom_reserved, offset, units, keep_clear = where
        key = (
            narrow,
            (id(fonts), id(fonts.words), fonts.rtl),
            hud,
            tuple(size),
            bottom_reserved,
            tuple(offset),
            units,
            tuple(tuple(r) for r in keep_clear),
        )
        if key not in self._last:
            if len(self._last) >= 4:
                self._last.clear()
            self._last[key] = layout_hud(fonts, hud, *where, narrow=narrow)
        return list(self._last[key])


HINT_MAX_LINES = 3
HINT_MIN_WIDTH = 360  # design px: narrower than this, a hint between the boxes is a column


def _hint_block(
    fonts: Fonts,
    text: str,
    units: Units,
    title: pygame.Rect | None,
    clock: pygame.Rect | None,
    bottom_left: tuple[int, int] = (0, 0),
) -> Block | None:
    """The key hint: at the top, centred between the title and clock boxes, in up to three
    lines; or (no boxes given) with its bottom-left corner at `bottom_left`."""
    m = units.px(theme.MARGIN)
    room = clock.x - title.right - 2 * m if title and clock else 10**6
    if room < units.px(HINT_MIN_WIDTH):
        return None
    at_top = title is not None and clock is not None
    hint = hint_box(
        fonts, text, units, min(room, units.px(1400)), HINT_MAX_LINES if title is not None else 0
    )
    if hint is None:
        return None
    bw, bh = hint.box.size
    if at_top:
        return moved(hint, (title.right + clock.x) // 2 - bw // 2, title.y)
    return moved(hint, bottom_left[0], bottom_left[1] - bh)


def hint_box(fonts: Fonts, text: str, units: Units, width: int, max_lines: int) -> Block | None:
    """The key hint wrapped to `width` px, in lines centred in its box, the box's top-left at
    (0, 0); None if it needs more than `max_lines` lines (0: any number)."""
    size_px = units.text(theme.HINT_SIZE)
    pad = units.px(12)
    lines = fonts.wrap(text, "sans", size_px, width - 2 * pad)
    if max_lines and len(lines) > max_lines:
        return None
    surfs = [fonts.render(t, "sans", size_px, theme.INK) for t in lines]
    bw = max(s.get_width() for s in surfs) + 2 * pad
    items, y = [], pad // 2
    for surf in surfs:
        items.append((surf, (bw // 2 - surf.get_width() // 2, y)))
        y += surf.get_height()
    return Block("hint", pygame.Rect(0, 0, bw, y + pad - pad // 2), tuple(items))


def moved(block: Block, x: int, y: int) -> Block:
    """`block` with its box's top-left at (x, y), its text with it."""
    dx, dy = x - block.box.x, y - block.box.y
    items = tuple((s, (px + dx, py + dy)) for s, (px, py) in block.items)
    return Block(block.name, block.box.move(dx, dy), items)


def draw_hud(
    target: pygame.Surface,
    fonts: Fonts,
    hud: HudState,
    bottom_reserved: int = 0,
    offset: tuple[int, int] = (0, 0),
    units: Units = UNSCALED,
    keep_clear: tuple[pygame.Rect, ...] = (),
) -> list[Block]:
    """Draw the HUD; `bottom_reserved` px at the bottom belong to the timeline bar."""
    blocks = layout_hud(fonts, hud, target.get_size(), bottom_reserved, offset, units, keep_clear)
    draw_blocks(target, blocks)
    return blocks


def draw_blocks(target: pygame.Surface, blocks: list[Block], shades: Shades | None = None) -> None:
    """Draw laid-out HUD blocks: each box, then its text (with `shades`, a block wholly on the
    target with its text inside its box as one kept picture, `Shades.composed`)."""
    screen = target.get_rect()
    for block in blocks:
        whole = shades is not None and screen.contains(block.box)
        if whole and all(block.box.contains(t.get_rect(topleft=p)) for t, p in block.items):
            target.blit(shades.composed(block), block.box, special_flags=pygame.BLEND_PREMULTIPLIED)
            continue
        panel(target, block.box, shades)
        for surf, pos in block.items:
            target.blit(surf, pos)


def cite(source: str, ref: str, words: Words = ENGLISH, english: str = "") -> str:
    """How a citation reads on screen: the reference, flagged if it is ours (`english`: the
    reference as the scenario writes it, when `ref` is its translation)."""
    if source == "reconstruction" and "reconstruction" not in (english or ref).lower():
        return f"{ref} {words.t(RECONSTRUCTED)}"
    return ref


def credit(citation: Citation, words: Words = ENGLISH, english: str = "") -> str:
    """The source line under a caption: the reference, and who the source is when it is not
    one of the two accounts ("— modern historians", "— modern reconstruction"), in `words`'
    language (`english`: the reference as the scenario writes it, when `citation` is
    translated)."""
    line = cite(citation.source, citation.ref, words, english)
    if citation.source not in ("procopius", "malalas", "reconstruction"):  # (cite flags ours)
        line = f"{line} — {words.t(SOURCE_NAMES[citation.source])}"
    return line


def free_span(w: int, m: int, bottom: int, keep_clear: tuple[pygame.Rect, ...]) -> tuple[int, int]:
    """The x range along the bottom edge (above the bar) not taken by `keep_clear` boxes."""
    left, right = m, w - m
    for r in keep_clear:
        if r.bottom < bottom - 2 * m:
            continue  # not down at the bottom edge
        if r.centerx < w / 2:
            left = max(left, r.right + m)
        else:
            right = min(right, r.x - m)
    return left, max(right, left + 1)
