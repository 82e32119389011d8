"""The phase names along the timeline bar: which name each marker carries, and where.

Each marker's name sits on one of two rows, starting just right of its marker or, where only
that way fits, ending just left of it. At 1920 px every phase is named whole or by its short
name (`short:` in the scenario: "The blow"), never cut; the phase being shown is always named
whole. Only a small screen, where even the short names do not all fit, cuts a name with an
ellipsis or leaves a marker unnamed. Pure geometry over widths: no drawing.
"""

from __future__ import annotations

from collections.abc import Callable

Spot = tuple[int, int, int]  # (row, x, width px)
Placed = tuple[int, int, bool]  # (left px, right px, its marker's dot at its left end)
SEARCH_BUDGET = 20000
"""Placements tried when looking for a packing with every name whole (a search in the markers'
order: ten names on two rows take a few hundred); past it, the greedy packing."""


def clear_of(a: int, b: int, dot_left: bool, other: Placed, gap: int, bare: int) -> bool:
    """Whether a name over [a, b) (its marker's dot at its left end if `dot_left`, else at its
    right) keeps clear of the name `other` on its row: `gap` px apart where a dot stands between
    the two, `bare` px where their dotless ends face each other, as two names that close would
    read as one phrase ("The collapse Nightfall")."""
    x0, x1, other_left = other
    if b <= x0:
        return x0 - b >= (gap if not dot_left or other_left else bare)
    if a >= x1:
        return a - x1 >= (gap if dot_left or not other_left else bare)
    return False


def pack_whole(
    widths: list[int],
    xs: list[int],
    rows: int,
    right: int,
    gap: int,
    indent: int,
    bare: int | None = None,
) -> list[Spot] | None:
    """Places for every name whole, each after or before its marker on some row, none running
    into another (`clear_of`; `bare` defaults to `gap`) nor past `right` or the bar's left end
    (`xs[0]`); None if there are none (or the search ran past SEARCH_BUDGET)."""
    n = len(xs)
    left = xs[0] if xs else 0
    bare = gap if bare is None else bare
    spots: list[Spot] = []
    placed: list[list[Placed]] = [[] for _ in range(rows)]
    budget = [SEARCH_BUDGET]

    def fits(row: int, a: int, b: int, dot_left: bool) -> bool:
        if a < left or b > right:
            return False
        return all(clear_of(a, b, dot_left, p, gap, bare) for p in placed[row])

    def search(i: int) -> bool:
        if i == n:
            return True
        w = widths[i]
        for x0 in (xs[i] + indent, xs[i] - indent - w):
            dot_left = x0 > xs[i]
            for row in range(rows):
                budget[0] -= 1
                if budget[0] < 0:
                    return False
                if fits(row, x0, x0 + w, dot_left):
                    spots.append((row, x0, w))
                    placed[row].append((x0, x0 + w, dot_left))
                    if search(i + 1):
                        return True
                    spots.pop()
                    placed[row].pop()
        return False

    return list(spots) if search(0) else None


def whole_names(
    names: list[str],
    shorts: list[str],
    width: Callable[[str], int],
    current: int,
    pack: Callable[[list[int]], list[Spot | None]],
    whole: Callable[[list[int]], list[Spot] | None],
) -> tuple[list[str], list[Spot | None]]:
    """Which name each phase's marker carries, and where: every phase's whole name if they
    all fit; else the short names (`shorts`, "" for none) where needed, the whole ones kept
    for as many phases as still fit, the shortest first; else (a small screen) the short
    names, cut as they must be. The phase being shown keeps its whole name in any case.
    `pack` and `whole` are `pack_names` and `pack_whole` with all but the widths given."""
    pairs = enumerate(zip(names, shorts, strict=True))
    texts = [n if i == current or not s else s for i, (n, s) in pairs]

    def packed(texts: list[str]) -> tuple[list[Spot | None], bool]:
        widths = [width(t) for t in texts]
        spots = pack(widths)
        if all(s is not None and s[2] == w for s, w in zip(spots, widths, strict=True)):
            return spots, True
        found = whole(widths)
        return (spots, False) if found is None else (list(found), True)

    spots, fits = packed(list(names))
    if fits or texts == list(names):
        return list(names), spots
    spots, fits = packed(texts)
    if not fits:
        return texts, spots
    for i in sorted(range(len(names)), key=lambda i: (width(names[i]) - width(texts[i]), i)):
        if texts[i] == names[i]:
            continue
        trial = [names[i] if k == i else t for k, t in enumerate(texts)]
        tried, fits = packed(trial)
        if fits:
            texts, spots = trial, tried
    return texts, spots


def pack_names(
    widths: list[int],
    xs: list[int],
    current: int,
    rows: int,
    right: int,
    gap: int,
    indent: int,
    least: int,
    bare: int | None = None,
) -> list[tuple[int, int, int] | None]:
    """Rows and places for phase names along the bar: (row, x, width px) or None (a marker
    without a name). A name starts `indent` px right of its marker at `xs[i]`, or, if it fits
    only that way (near the bar's end), ends `indent` px left of it.

    The current phase is placed first, whole; then the others, shortest first (so as many
    phases as possible keep their whole name), each whole in the first row where it fits, else
    shortened (an ellipsis) in the row with the most room, if at least `least` px; a name never
    runs into another (`clear_of`; `bare` defaults to `gap`) nor past `right` or the bar's
    left end (`xs[0]`)."""
    taken: list[list[Placed]] = [[] for _ in range(rows)]
    out: list[tuple[int, int, int] | None] = [None] * len(xs)
    left = xs[0] if xs else 0
    bare = gap if bare is None else bare

    def free(row: int, a: int, b: int, dot_left: bool) -> bool:
        return (
            a >= left
            and b <= right
            and all(clear_of(a, b, dot_left, p, gap, bare) for p in taken[row])
        )

    def room(row: int, x0: int) -> int:
        """Free px from x0 rightwards in `row` for a name after its marker (0 if x0 itself is
        taken)."""
        end = right
        for a, b, dot_left in taken[row]:
            if a <= x0 < b + gap:  # (its own dot stands between: `gap` suffices)
                return 0
            if a >= x0:
                end = min(end, a - (gap if dot_left else bare))
        return max(end - x0, 0)

    rest = sorted((i for i in range(len(xs)) if i != current), key=lambda i: (widths[i], i))
    order = ([current] if 0 <= current < len(xs) else []) + rest
    for i in order:
        w = widths[i]
        after, before = xs[i] + indent, xs[i] - indent - w
        spot = next(
            (
                (r, x0, w)
                for x0 in (after, before)
                for r in range(rows)
                if free(r, x0, x0 + w, x0 == after)
            ),
            None,
        )
        if spot is None:
            rooms = [room(r, after) for r in range(rows)]
            r = max(range(rows), key=lambda k: rooms[k])
            if rooms[r] < least:
                continue
            spot = (r, after, rooms[r])
        taken[spot[0]].append((spot[1], spot[1] + spot[2], spot[1] == after))
        out[i] = spot
    return out
