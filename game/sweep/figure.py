"""The sweep's one-page report image, painted with pygame (as the app paints its panel charts).

Left, per formation, the spread of men killed, men fled and the time it first broke, one strip
per arm of the grid: a dot per run, the middle half of the runs as a box, the median as a bar.
Right, the sources' facts and in what share of runs each holds; below, where the two accounts
differ (`compare.differences`). `bench/bench_report_image.py` measures this painter against
matplotlib; the README says why this one was kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pygame

from game.app.headless import write_png
from game.scenario.clock import hhmm
from game.sweep.compare import Spread, account_pairs, differences
from game.sweep.summary import Group
from game.view.fonts import Fonts

WIDTH, HEIGHT = 2400, 1560
MARGIN = 60
ROW_MAX = 140  # px: a formation's row, when there are few
PAPER = (250, 247, 240)
INK = (28, 28, 30)
INK_DIM = (96, 92, 86)
RULE = (206, 200, 188)
BOX_GROUND = (236, 232, 222)
ARMS = ((0, 114, 178), (213, 94, 0), (0, 158, 115), (204, 121, 167), (86, 180, 233), (230, 159, 0))
"""Okabe-Ito colours, told apart with any colour vision; one per arm of the grid (6 at most)."""

TEXT = {
    "title": "How sure are we? The battle over {runs}",
    "killed": "Killed",
    "fled": "Fled",
    "breaks": "First breaks (time of day)",
    "facts": "The sources' facts: in how many runs they hold",
    "differ": "Where the accounts differ",
    "more": "… and {n} more: the sweep prints them all.",
    "same": "Nowhere by our test: the middle halves of the runs overlap everywhere.",
    "one": "One account only in this sweep: add --accounts procopius,malalas to compare.",
    "never": "never breaks",
    "no facts": "No fact was judged: the sources' facts are about the Battle of Callinicum.",
    "test": "A difference is named only when the middle halves of the runs (25th–75th "
    "percentile) do not overlap and the medians are over 5 % of the men, 15 minutes or a "
    "quarter of the runs apart.",
}


def draw_report(
    groups: list[Group], names: dict[str, str], day: tuple[float, float], subtitle: str
) -> pygame.Surface:
    """The page for `groups` (arms of the grid); `names` maps formation ids to names in order,
    `day` is the battle's (first, last) minute of the day."""
    if not pygame.font.get_init():
        pygame.font.init()
    fonts = Fonts()
    page = pygame.Surface((WIDTH, HEIGHT))
    page.fill(PAPER)
    shown = [g for g in groups if g.runs][: len(ARMS)]
    _text(
        page, fonts, TEXT["title"].format(runs=_short(shown)), "serif-bold", 44, INK, (MARGIN, 36)
    )
    _text(page, fonts, subtitle, "sans", 22, INK_DIM, (MARGIN, 96))
    x = MARGIN
    for k, g in enumerate(shown):
        pygame.draw.rect(page, ARMS[k], (x, 140, 26, 26), border_radius=4)
        lab = fonts.render(f"{g.label} ({len(g.runs)} runs)", "sans-bold", 24, INK)
        page.blit(lab, (x + 36, 140))
        x += 36 + lab.get_width() + 48
    _formations(page, fonts, shown, names, day, pygame.Rect(MARGIN, 200, 1500, HEIGHT - 260))
    right = pygame.Rect(1620, 200, WIDTH - 1620 - MARGIN, HEIGHT - 260)
    bottom = _facts(page, fonts, shown, right)
    _differences(page, fonts, shown, names, pygame.Rect(right.x, bottom + 30, right.w, 0))
    return page


def save_report(path: Path, *args, inputs: Iterable[Path] = ()) -> None:
    """The page as PNG, written whole (`write_png`: pygame's own save reports no error on a
    full disk and leaves a truncated file); an `OutputError` line naming --out otherwise."""
    write_png("--out", path, draw_report(*args), inputs=tuple(inputs))


def _short(shown: list[Group]) -> str:
    counts = sorted({len(g.runs) for g in shown})
    return f"{counts[0]} seeds" if len(counts) == 1 else "its seeds"


def _formations(page, fonts, shown, names, day, box: pygame.Rect) -> None:
    name_w = 330
    col_w = (box.w - name_w) // 3
    cols = [pygame.Rect(box.x + name_w + k * col_w, box.y, col_w - 30, box.h) for k in range(3)]
    for rect, key in zip(cols, ("killed", "fled", "breaks"), strict=True):
        _text(page, fonts, TEXT[key], "sans-bold", 26, INK, (rect.x, box.y))
    fids = list(names)
    row_h = min(ROW_MAX, (box.h - 50) // max(1, len(fids)))
    strip_h = max(8, min(26, (row_h - 34) // max(1, len(shown))))
    when = _time_span(shown, fids, day)
    for r, fid in enumerate(fids):
        y = box.y + 50 + r * row_h
        pygame.draw.line(page, RULE, (box.x, y - 6), (box.right, y - 6))
        for k, line in enumerate(fonts.wrap(names[fid], "sans-bold", 22, name_w - 16)[:2]):
            page.blit(fonts.render(line, "sans-bold", 22, INK), (box.x, y + k * 26))
        for c, what in enumerate(("killed", "fled")):
            top = max((max(g.values(fid, what), default=0.0) for g in shown), default=0.0)
            span = (0.0, _nice(top))
            _axis(page, fonts, cols[c], y + 4 + len(shown) * strip_h, span, span, _men)
            for k, g in enumerate(shown):
                rect = pygame.Rect(cols[c].x, y + 2 + k * strip_h, cols[c].w - 90, strip_h - 4)
                s = Spread.of(g.values(fid, what))
                _strip(page, rect, g.values(fid, what), s, span, ARMS[k])
                if s:
                    lab = fonts.render(f"{s.median:,.0f}", "sans", 19, ARMS[k])
                    page.blit(lab, (rect.right + 10, rect.centery - lab.get_height() // 2))
        rect_t = cols[2]
        _axis(page, fonts, rect_t, y + 4 + len(shown) * strip_h, when, _clock_ticks(when), hhmm)
        for k, g in enumerate(shown):
            times = g.values(fid, "rout_minute")
            rect = pygame.Rect(rect_t.x, y + 2 + k * strip_h, rect_t.w - 90, strip_h - 4)
            if times:
                _strip(page, rect, times, Spread.of(times), when, ARMS[k])
            lab = fonts.render(
                f"{len(times)}/{len(g.runs)}" if times else TEXT["never"], "sans", 19, ARMS[k]
            )
            page.blit(lab, (rect.right + 10 if times else rect.x, rect.centery - 11))


def _time_span(shown, fids, day) -> tuple[float, float]:
    """Whole hours round every first break in the sweep (the whole day if none broke)."""
    times = [t for g in shown for fid in fids for t in g.values(fid, "rout_minute")]
    if not times:
        return day
    lo = max(day[0], 60 * ((min(times) - 5) // 60))
    hi = min(day[1], 60 * -((-max(times) - 5) // 60))
    return (lo, max(hi, lo + 60))


def _clock_ticks(span) -> list[float]:
    """Ticks at 15, 30, 60 or 120 minutes, whichever gives at most six."""
    lo, hi = span
    step = next((m for m in (15, 30, 60, 120) if (hi - lo) / m <= 6), 180)
    first = -(-lo // step) * step
    return [float(t) for t in range(int(first), int(hi) + 1, step)]


def _strip(page, rect: pygame.Rect, values, s: Spread | None, span, colour) -> None:
    """One arm's runs on one figure: the range as a line, the middle half as a box, the median
    as a bar, every run as a dot."""
    if s is None:
        return
    lo, hi = span

    def at(v: float) -> int:
        return rect.x + round((v - lo) / (hi - lo or 1.0) * rect.w)

    mid = rect.centery
    pygame.draw.line(page, colour, (at(s.low), mid), (at(s.high), mid), 2)
    box = pygame.Rect(at(s.q1), rect.y, max(2, at(s.q3) - at(s.q1)), rect.h)
    pygame.draw.rect(page, BOX_GROUND, box)
    pygame.draw.rect(page, colour, box, 2)
    dots = pygame.Surface(rect.inflate(12, 12).size, pygame.SRCALPHA)
    for v in values:
        pygame.draw.circle(dots, (*colour, 110), (at(v) - rect.x + 6, rect.h // 2 + 6), 4)
    page.blit(dots, (rect.x - 6, rect.y - 6))
    pygame.draw.line(page, INK, (at(s.median), rect.y - 3), (at(s.median), rect.bottom + 2), 4)


def _axis(page, fonts, col: pygame.Rect, y: int, span, ticks, label) -> None:
    lo, hi = span
    width = col.w - 90
    pygame.draw.line(page, RULE, (col.x, y), (col.x + width, y))
    for t in ticks:
        x = col.x + round((t - lo) / (hi - lo or 1.0) * width)
        pygame.draw.line(page, INK_DIM, (x, y - 3), (x, y + 3))
        lab = fonts.render(label(t), "sans", 16, INK_DIM)
        page.blit(lab, (x - lab.get_width() // 2, y + 3))


def _facts(page, fonts, shown, box: pygame.Rect) -> int:
    _text(page, fonts, TEXT["facts"], "sans-bold", 26, INK, (box.x, box.y))
    names = list(dict.fromkeys(n for g in shown for r in g.runs for n in r.get("facts", {})))
    y = box.y + 50
    bar_w = 110
    text_w = box.w - len(shown) * (bar_w + 70)
    for name in names:
        lines = fonts.wrap(name[:1].upper() + name[1:], "sans", 21, text_w - 16)
        for k, line in enumerate(lines):
            page.blit(fonts.render(line, "sans", 21, INK), (box.x, y + k * 25))
        for k, g in enumerate(shown):
            held, judged = g.fact_share(name)
            x = box.x + text_w + k * (bar_w + 70)
            pygame.draw.rect(page, BOX_GROUND, (x, y + 3, bar_w, 18))
            if judged:
                pygame.draw.rect(page, ARMS[k], (x, y + 3, round(bar_w * held / judged), 18))
            lab = fonts.render(f"{held}/{judged}", "sans", 19, INK)
            page.blit(lab, (x + bar_w + 8, y + 1))
        y += max(1, len(lines)) * 25 + 12
    if not names:
        _text(page, fonts, TEXT["no facts"], "sans", 21, INK_DIM, (box.x, y))
        y += 30
    return y


def _differences(page, fonts, shown, names, box: pygame.Rect) -> None:
    _text(page, fonts, TEXT["differ"], "sans-bold", 26, INK, (box.x, box.y))
    y = box.y + 44
    pairs = account_pairs(shown)
    facts = list(dict.fromkeys(n for g in shown for r in g.runs for n in r.get("facts", {})))
    found = [d for a, b in pairs for d in differences(a, b, names, facts)]
    lines = [d.sentence for d in found] or [TEXT["same"] if pairs else TEXT["one"]]
    note = fonts.wrap(TEXT["test"], "sans", 17, box.w)
    bottom = HEIGHT - MARGIN // 2 - 21 * (len(note) + 1) - 8
    for n, sentence in enumerate(lines):
        wrapped = fonts.wrap("• " + sentence, "sans", 21, box.w)
        if y + 25 * (len(wrapped) + 1) > bottom and n < len(lines) - 1:
            more = TEXT["more"].format(n=len(lines) - n)
            page.blit(fonts.render(more, "sans", 21, INK_DIM), (box.x, y))
            y += 31
            break
        for k, line in enumerate(wrapped):
            page.blit(fonts.render(line, "sans", 21, INK), (box.x + (18 if k else 0), y))
            y += 25
        y += 6
    for line in note:
        page.blit(fonts.render(line, "sans", 17, INK_DIM), (box.x, y + 8))
        y += 21


def _men(value: float) -> str:
    return f"{value:,.0f}"


def _text(page, fonts, text, face, size, colour, at) -> None:
    page.blit(fonts.render(text, face, size, colour), at)


def _nice(value: float) -> float:
    """A round number at or above `value` for an axis end (1, 2, 2.5, 5 x 10^k)."""
    if value <= 0:
        return 1.0
    k = 10 ** int(f"{value:e}".split("e")[1])
    for step in (1, 2, 2.5, 5, 10):
        if step * k >= value:
            return float(step * k)
    return float(10 * k)
