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
DATE_SIZE = 24
LABEL_SIZE = 22
HINT_SIZE = 26
"""The key hint: 26 px is 16 minutes of arc of capital height at 2 m on a 43-inch 1080p panel
(ANSI/HFES 100's minimum), so a visitor standing back can read what the keys do."""
STATE_SIZE = 20  # "Playing 1x" under the clock
MARGIN = 28
CAPTION_WIDTH = 1200  # px: about 70 characters of caption a line

# Inspect: the unit panel, the minimap, the tooltip (game.view.inspect). Every text/ground pair
# here is checked for WCAG contrast >= 4.5:1 in tests/test_legibility.py.
INSPECT_ALPHA = 236  # the panel is nearly opaque: it is read, not looked through
PANEL_NAME_SIZE = 34
BODY_SIZE = 23
NUMBER_SIZE = 28
SMALL_SIZE = 19
BUTTON_SIZE = 64  # px logical at 1920x1080: G9 hit target
BUTTON_GROUND = (44, 46, 52)
BUTTON_ACTIVE = GOLD  # a pressed toggle: dark text on gold
BUTTON_ACTIVE_INK = (22, 24, 28)
CHART_GROUND = (34, 36, 42)
CHART_GRID = (78, 76, 70)
BAR_GROUND = (52, 54, 60)
HIGHLIGHT = GOLD  # brackets round the selected formation
TOOLTIP_ALPHA = 236
