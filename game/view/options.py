"""What the visitor has switched on and off in the battle's view: captions, banners, the legend
and "Who tells us" panels and their pages, contours, place names, the story camera's button,
the language row, reduced motion. The scene reads it each frame; the app's controls set it."""

from __future__ import annotations

from dataclasses import dataclass

from game.lang.words import N_

HINT = N_(
    "Space pause · ←/→ 15 min · +/− speed · A account · wheel zoom · drag pan · F fit · L legend"
)


@dataclass
class ViewOptions:
    captions: bool = True
    banners: bool = True
    hint: str = HINT
    legend: bool = False  # the legend panel open (L, or its button)
    legend_page: int = 0  # its page, where it needs more than one (its "More" button)
    contours: bool = True  # contour lines on the terrain (H)
    places: bool = True  # place names and marginalia
    tellers: bool = False  # the "Who tells us" panel open (W, or its button)
    tellers_page: int = 0  # its page, where it needs more than one (its "More" button)
    hud: bool = True  # False: the map alone (a screenshot without the interface)
    story: bool | None = None  # the story camera is on / off (its button); None: no button
    story_layers: bool = True  # blocks, arrows, ghosts, event markers (off: a benchmark's "before")
    languages: bool = False  # the row of language buttons open above the bar
    daylight: float | None = None  # the minute of the day whose light tints the map (None: now)
    still: bool = False  # reduced motion (kiosk): the story's markers keep their places
