"""The panel's strength chart: one formation and both sides, as a share of their men at the start.

Drawn with pygame lines (a plotting library would not earn its place for three polylines). The
y axis is "% of the men at the start still on the field", so a contingent of 2,000 and an army
of 20,000 share one scale; the x axis is the whole battle, filled up to the playhead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame

from game.view import theme
from game.view.fonts import Fonts
from game.view.history import StrengthHistory
from game.view.units import UNSCALED, Units


@dataclass(frozen=True)
class Series:
    label: str
    colour: tuple[int, int, int]
    columns: tuple[int, ...]  # formation rows summed
    start: float  # men at the start of those rows (the 100% line)
    width: int  # line width, px


def draw_chart(
    target: pygame.Surface,
    rect: pygame.Rect,
    fonts: Fonts,
    history: StrengthHistory,
    series: list[Series],
    end_seconds: float,
    playhead_seconds: float,
    time_labels: tuple[str, str],
    units: Units = UNSCALED,
) -> None:
    """Axes, a 0-100% frame, the series up to the playhead, a legend under the plot."""
    small = units.text(theme.SMALL_SIZE)
    swatch, gap, spacing = units.px(26), units.px(8), units.px(24)
    labels = [fonts.render(s.label, "sans", small, theme.INK) for s in series]
    rows = _legend_rows([swatch + gap + lab.get_width() for lab in labels], rect.width, spacing)
    line_h = round(small * 1.2) + units.px(2)
    legend_h = len(rows) * line_h + units.px(6)
    axis_h = round(small * 1.2) + units.px(2)
    left = fonts.size("100%", "sans", small)[0] + units.px(10)
    top = small // 2 + 4  # room for the "100%" label centred on the top line
    plot = pygame.Rect(
        rect.x + left, rect.y + top, rect.width - left - 4, rect.height - legend_h - axis_h - top
    )
    pygame.draw.rect(target, theme.CHART_GROUND, plot)
    for frac in (0.0, 0.5, 1.0):
        y = plot.bottom - round(frac * (plot.height - 1)) - 1
        pygame.draw.line(target, theme.CHART_GRID, (plot.x, y), (plot.right - 1, y), 1)
        lab = fonts.render(f"{int(frac * 100)}%", "sans", small, theme.INK_DIM)
        target.blit(lab, (plot.x - units.px(8) - lab.get_width(), y - lab.get_height() // 2))
    span = max(end_seconds, 1.0)
    px = plot.x + min(max(playhead_seconds / span, 0.0), 1.0) * (plot.width - 1)
    pygame.draw.line(target, theme.INK_DIM, (px, plot.y), (px, plot.bottom - 1), 1)
    for lab_text, x, align in (
        (time_labels[0], plot.x, 0),
        (time_labels[1], plot.right, 1),
    ):
        lab = fonts.render(lab_text, "sans", small, theme.INK_DIM)
        target.blit(lab, (x - align * lab.get_width(), plot.bottom + 2))

    for s in series:
        secs, men = history.series(list(s.columns))
        keep = secs <= playhead_seconds + 1
        secs, men = secs[keep], men[keep]
        if secs.size == 0:
            continue
        share = np.clip(men / max(s.start, 1.0), 0.0, 1.0)
        xs = plot.x + secs / span * (plot.width - 1)
        ys = plot.bottom - 1 - share * (plot.height - 1)
        pts = np.stack([xs, ys], axis=1).tolist()
        if len(pts) == 1:
            pts = [pts[0], [px, pts[0][1]]]
        pygame.draw.lines(target, s.colour, False, pts, s.width)

    y = rect.bottom - legend_h + units.px(6)
    for row in rows:  # the legend wraps onto more lines in a narrow panel, never past its edge
        x, mid = rect.x, y + line_h // 2
        for k in row:
            s, lab = series[k], labels[k]
            pygame.draw.line(target, s.colour, (x, mid), (x + swatch, mid), max(2, units.px(4)))
            target.blit(lab, (x + swatch + gap, mid - lab.get_height() // 2))
            x += swatch + gap + lab.get_width() + spacing
        y += line_h


def _legend_rows(widths: list[int], room: int, spacing: int) -> list[list[int]]:
    """The legend's items per line: as many as fit `room` px, in order."""
    rows: list[list[int]] = [[]]
    used = 0
    for k, w in enumerate(widths):
        if rows[-1] and used + w > room:
            rows.append([])
            used = 0
        rows[-1].append(k)
        used += w + spacing
    return rows


def lighten(rgb: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """Mix towards white: side colours made to read as lines on the dark panel."""
    return tuple(round(c + (255 - c) * amount) for c in rgb)  # type: ignore[return-value]
