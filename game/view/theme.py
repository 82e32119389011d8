"""Colours and sizes of the interface, in one place so contrast can be checked in one test.

Calm, warm and high-contrast: parchment text on a dark, slightly translucent ground. Sizes are
logical pixels at 1920x1080, chosen to be read from two metres on a 43-55" screen.
"""

from __future__ import annotations

INK = (242, 236, 222)  # parchment white: body text
INK_DIM = (206, 196, 176)  # secondary text (sources, hints): still >= 4.5:1 on PANEL
GOLD = (232, 196, 120)  # headings, the clock
PANEL = (22, 24, 28)  # panel ground (drawn at PANEL_ALPHA over the map)
PANEL_ALPHA = 214
PANEL_EDGE = (120, 104, 78)
LABEL_BG = (22, 24, 28)
LABEL_ALPHA = 196

TITLE_SIZE = 40
CLOCK_SIZE = 64
PHASE_SIZE = 30
CAPTION_SIZE = 30
SOURCE_SIZE = 22
LABEL_SIZE = 22
HINT_SIZE = 20
MARGIN = 28
