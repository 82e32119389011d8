"""The bundled assets, checked once at start-up, before anything is drawn.

Fonts (`game.view.fonts`) and the soldiers' sprite sheets with their manifest
(`game.view.sprites`) are read with size limits, through the safe YAML loader, and decoded and
checked here, so that nothing a visitor does later (a zoom past the sprite threshold, a small
screen's font size) can reach an asset nobody checked. Strict (a window, a screenshot): the
first damaged asset stops start-up with one line naming it. With `fallback` (the kiosk, which
must come up for its visitors): a damaged sprite sheet leaves the soldiers drawn as dots at
every zoom, a damaged face is replaced by pygame's own font, and each problem is kept, one line
each, for the staff log.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.view.fonts import FONT_DIR, Fonts
from game.view.sprites import SPRITE_DIR, SpriteSheetError, SpriteSheets, load_sprite_sheets

DOTS = "soldiers are drawn as dots at every zoom"


@dataclass(frozen=True)
class Assets:
    fonts: Fonts
    sheets: SpriteSheets | None  # None: no sprites; soldiers are dots at every zoom
    problems: tuple[str, ...] = ()  # one line per damaged asset left out (fallback only)


def load_assets(
    *, fallback: bool = False, font_dir: Path = FONT_DIR, sprite_dir: Path = SPRITE_DIR
) -> Assets:
    """Every asset, checked; raises its one-line `DataError` unless `fallback`."""
    fonts = Fonts(font_dir, fallback=fallback)
    problems = list(fonts.problems)
    try:
        sheets: SpriteSheets | None = load_sprite_sheets(sprite_dir)
    except SpriteSheetError as err:
        if not fallback:
            raise
        sheets = None
        problems.append(f"{err}; {DOTS}")
    return Assets(fonts, sheets, tuple(problems))
