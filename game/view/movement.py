"""Arrows of movement and the ghosts of the phase before, drawn from the formations' tracks.

Each formation that has moved far this phase gets an arrow along its actual path: the track
of its centre every battle second (`World.track`), simplified (Douglas-Peucker, 30 m) and
drawn as a Catmull-Rom curve, tapered from tail to neck with a head 2.2 times the neck wide:
solid for an advance, dashed and thinner with an open head once it routs. The arrow grows as
the phase plays and stops where the formation's block begins. The phase before stays as
faint ghosts: its arrows, and the outline of every block where it stood when this phase
began. The tracks are part of the world's state, so all this is the same after any seek.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pygame

from game.sim.codes import FormationState
from game.sim.track import DEPTH, FRONT, FX, FY, MEN, ORDERED_DEPTH, ORDERED_FRONT, STATE, X, Y
from game.sim.world import World
from game.view import curves, strokes
from game.view.blocks import MIN_H, MIN_W, BlockLayer, fade
from game.view.camera import Camera
from game.view.footprints import block_size
from game.view.moment import Moment

SIMPLIFY_M = 30.0
MIN_PATH_M = 150.0  # a formation that moved less than this in a phase gets no arrow
MIN_DRAWN_PX = 28.0  # nor one whose arrow would be shorter than this on screen
TAIL_W, NECK_W = 10.0, 6.0
ROUT_TAIL_W, ROUT_NECK_W = 6, 4  # a rout's dashes: casing and fill, px
CASING = (28, 24, 20)
GROUND = (196, 184, 150)
"""The map's middle tone (dry plain): faint lines are drawn opaque in the colour they would
have blended to over it, which costs one C call instead of a blended line per pixel row."""
ARROW_ALPHA = 0.85
GHOST_ALPHA = 0.32
ROUT_DASH = (14.0, 8.0)
BUCKETS_PER_OCTAVE = 4
"""Arrows are built for the camera's scale to within 2^(1/4) (their widths and dashes are in
pixels): within a bucket, zooming only moves and stretches the built shapes."""
REBUILDS_PER_FRAME = 2
"""Arrows rebuilt in one frame at most (each battle second the arrows grow): the rest keep the
last second's shape for a frame or two, so no frame pays for all of them."""
LOOPY = 2.5
"""A path this many times longer than the ground it gained is milling or riding in and out
(the assaults on the stand): it is drawn as one straight arrow from its start to its end."""


@dataclass(frozen=True)
class Shape:
    """A piece of an arrow or ghost in world metres: a filled polygon, or a line `width` px."""

    pts: np.ndarray  # (k, 2) metres
    casing: bool  # drawn in the casing's dark, else in the formation's colour
    width: int = 0  # 0: a filled polygon; else lines this many px wide...
    closed: bool = False
    pairs: bool = False  # ...through the points, or (with pairs) between each two of them


Drawn = tuple[int, str]  # (formation row, "advance" | "rout" | "ghost")


class MovementLayer:
    """Draws this phase's arrows and the last phase's ghosts.

    The shapes are built from the per-second track in screen pixels at the camera's scale
    bucket and kept in world metres, keyed by (account, formation, span, bucket): a frame only
    moves them onto the screen and fills them, and a new battle second rebuilds at most
    REBUILDS_PER_FRAME arrows (the others wait a frame with last second's)."""

    def __init__(self, blocks: BlockLayer):
        self.blocks = blocks
        self._built: dict[tuple, tuple[list[Shape], str]] = {}
        self._latest: dict[tuple, tuple] = {}  # (account, row, phase, bucket) -> last key built
        self.drawn: list[Drawn] = []  # what the last frame drew (tests)
        self.boxes: tuple[pygame.Rect, ...] = ()  # the last arrows drawn, in short pieces
        self._footprints: dict[int, tuple[list[Shape], np.ndarray]] = {}  # by the shapes' id
        self.waited = False  # the last frame drew an arrow built for an earlier second

    def draw_ghosts(self, target: pygame.Surface, camera: Camera, world: World, m: Moment) -> None:
        """The phase before: faint arrows, and the blocks' outlines where this phase began."""
        self.drawn = []
        self.waited = False
        if m.before is None:
            return
        alpha = round(255 * GHOST_ALPHA * fade(camera.scale)[1])
        if alpha <= 0:  # close up the men alone are the picture
            return
        rate = world.scenario.clock.tick_rate
        start, end = m.before_start // rate, m.start // rate
        budget = [REBUILDS_PER_FRAME]
        bucket = _bucket(camera)
        for i in range(world.track.shape[1]):
            shapes, style = self._shapes(world, bucket, i, start, end, "ghost", budget)
            if shapes:
                colour = strokes.shade(self.blocks.fills[i], 0.55)
                _paint(target, camera, shapes, colour, alpha)
                self.drawn.append((i, style))

    def draw_arrows(self, target: pygame.Surface, camera: Camera, world: World, m: Moment) -> None:
        alpha = round(255 * ARROW_ALPHA * fade(camera.scale)[1])
        self.boxes = ()
        if alpha <= 0:
            return
        rate = world.scenario.clock.tick_rate
        start = m.start // rate
        feet: list[np.ndarray] = []
        now = self.reads(world, m)[4]
        budget = [REBUILDS_PER_FRAME]
        bucket = _bucket(camera)
        for i in range(world.track.shape[1]):
            shapes, style = self._shapes(world, bucket, i, start, now, "arrow", budget)
            if shapes:
                colour = strokes.shade(self.blocks.fills[i], float(m.dim[i]))
                _paint(target, camera, shapes, colour, alpha)
                self.drawn.append((i, style))
                feet.append(self._feet(shapes, PIECE_PX / camera.scale))
        self.boxes = tuple(pieces(camera, feet, target.get_rect()))

    def _feet(self, shapes: list[Shape], step: float) -> np.ndarray:
        """The `footprint` of built shapes, kept while they are (one per arrow and second;
        shapes are built per scale bucket, so `step` in metres is near enough the same)."""
        hit = self._footprints.get(id(shapes))
        if hit is None or hit[0] is not shapes:
            if len(self._footprints) > 512:
                self._footprints.clear()
            hit = self._footprints[id(shapes)] = (shapes, footprint(shapes, step))
        return hit[1]

    @staticmethod
    def reads(world: World, m: Moment) -> tuple:
        """What ghosts and arrows are drawn from besides the camera and the track (a key)."""
        now = min(int(np.floor(max(m.second, 0.0))), world.track.shape[0] - 1)
        before = m.before and m.before.id
        return (m.phase.id, m.start, before, m.before_start, now, m.dim.tobytes())

    def _shapes(
        self,
        world: World,
        bucket: int,
        i: int,
        start: int,
        end: int,
        what: str,
        budget: list[int],
    ) -> tuple[list[Shape], str]:
        key = (world.account, i, start, end, what, bucket)
        hit = self._built.get(key)
        if hit is not None:
            return hit
        slot = (world.account, i, start, what, bucket)
        older = self._latest.get(slot)
        if budget[0] <= 0 and older is not None and older in self._built and older[3] <= end:
            self.waited = True
            return self._built[older]  # rebuilt in a later frame
        budget[0] -= 1
        scale = 2.0 ** (bucket / BUCKETS_PER_OCTAVE)
        built = self._build(world, scale, i, start, end, what)
        if len(self._built) > 512:
            self._built.clear()
            self._latest.clear()
        self._built[key] = built
        self._latest[slot] = key
        return built

    def _build(
        self, world: World, scale: float, i: int, start: int, end: int, what: str
    ) -> tuple[list[Shape], str]:
        """The shapes of formation i's moves over seconds [start, end] at `scale` px/m."""
        track = world.track
        shapes: list[Shape] = []
        if what == "ghost":
            shapes += _ghost_block(track[min(end, track.shape[0] - 1), i], scale)
        pts, rout_from = _path(track, i, start, end)
        if len(pts) < 2 or curves.path_length(pts) < MIN_PATH_M:
            return shapes, "ghost" if shapes else ""
        gained = float(np.hypot(*(pts[-1] - pts[0])))
        if curves.path_length(pts) > LOOPY * gained:
            if gained < MIN_PATH_M:
                return shapes, "ghost" if shapes else ""
            pts, rout_from = pts[[0, -1]], (None if rout_from is None else 0)
        curve = curves.catmull_rom(pts * scale)
        if what == "arrow":  # the head stops at the block's edge, as it stood at `end`
            row = track[end, i]
            if not np.isnan(row[X]) and row[MEN] >= 0.5:
                curve = curves.trim_inside(curve, _block_px(row, scale))
        if len(curve) < 2 or curves.lengths(curve)[-1] < MIN_DRAWN_PX:
            return shapes, "ghost" if shapes else ""
        if rout_from is None:
            shapes += _solid(curve, TAIL_W, NECK_W)
            style = "advance"
        else:
            split = min(rout_from * (curves.SAMPLES if len(pts) >= 3 else 1), len(curve) - 1)
            if split >= 2:
                shapes += _solid(curve[: split + 1], TAIL_W, NECK_W, head=False)
            shapes += _dashed(curve[split:])
            style = "rout"
        out = [replace(sh, pts=sh.pts / scale) for sh in shapes]
        return out, "ghost" if what == "ghost" else style


PIECE_PX = 40  # the longest stretch of a shaft one box of its footprint covers


def footprint(shapes: list[Shape], step: float) -> np.ndarray:
    """Where an arrow lies, as (k, 4) boxes (x0, y0, x1, y1, metres) along its casing: one
    per `step` metres of a shaft (both its sides), one per dash, one for its head. The
    caption and the names keep off these (`pieces`)."""
    out = []
    for sh in shapes:
        if not sh.casing or len(sh.pts) < 2:
            continue
        p = sh.pts
        if sh.pairs:  # a rout's dashes, two points each
            ends = p.reshape(-1, 2, 2)
            out.append(np.hstack([ends.min(axis=1), ends.max(axis=1)]))
        elif sh.width == 0 and len(p) >= 4:  # a shaft: one side, then the other reversed
            n = len(p) // 2
            left, right = p[:n], p[::-1][:n]
            k = max(n, int(np.ceil(max(_length(left), _length(right)) / max(step, 1e-6))) + 1)
            left, right = _along(left, k), _along(right, k)
            a, b, c, d = left[:-1], left[1:], right[:-1], right[1:]
            stack = np.stack([a, b, c, d])
            out.append(np.hstack([stack.min(axis=0), stack.max(axis=0)]))
        else:  # a head
            out.append(np.hstack([p.min(axis=0), p.max(axis=0)])[None, :])
    return np.vstack(out) if out else np.zeros((0, 4))


def _length(side: np.ndarray) -> float:
    return float(np.hypot(*np.diff(side, axis=0).T).sum())


def _along(side: np.ndarray, n: int) -> np.ndarray:
    """`side` resampled at `n` points evenly along it (a long straight shaft is two points:
    its box would be the whole diagonal's)."""
    s = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(side, axis=0).T))])
    t = np.linspace(0.0, s[-1], n)
    return np.column_stack([np.interp(t, s, side[:, 0]), np.interp(t, s, side[:, 1])])


def pieces(camera: Camera, feet: list[np.ndarray], screen: pygame.Rect) -> list[pygame.Rect]:
    """The arrows' `footprint` boxes on screen (those off it left out)."""
    if not feet:
        return []
    ox, oy = camera.origin
    k = camera.scale
    box = (np.vstack(feet) - (ox, oy, ox, oy)) * k
    on = (box[:, 2] >= screen.left) & (box[:, 0] <= screen.right)
    on &= (box[:, 3] >= screen.top) & (box[:, 1] <= screen.bottom)
    x0, y0, x1, y1 = np.floor(box[on]).astype(int).T
    return [pygame.Rect(*r) for r in zip(x0, y0, x1 - x0 + 1, y1 - y0 + 1, strict=True)]


def _bucket(camera: Camera) -> int:
    """The camera's scale bucket: shapes are built once per bucket, then only moved."""
    return round(BUCKETS_PER_OCTAVE * np.log2(max(camera.scale, 1e-6)))


def _paint(target: pygame.Surface, camera: Camera, shapes: list[Shape], colour, alpha: int) -> None:
    """Move built shapes onto the screen and draw them (fills blended, lines opaque when
    `alpha` is full)."""
    ox, oy = camera.origin
    k = camera.scale
    faint = alpha < 255
    for sh in shapes:
        if faint and sh.casing:
            continue  # a ghost has no casing: it is a faint trace, not a mark
        px = (sh.pts - (ox, oy)) * k
        pts = px.tolist()
        ink = CASING if sh.casing else colour
        if faint and sh.width:  # faint lines as opaque ones in the colour they would blend to
            ink, line_alpha = strokes.mix(ink, GROUND, 1 - alpha / 255), 255
        else:
            line_alpha = alpha
        if sh.pairs:
            strokes.segments(target, ink, line_alpha, px.reshape(-1, 2, 2), sh.width)
        elif sh.width:
            strokes.polyline(target, ink, line_alpha, px, sh.width, closed=sh.closed)
        else:
            strokes.fill_polygon(target, ink, alpha, pts, smooth=False)


def _path(track: np.ndarray, i: int, start: int, end: int) -> tuple[np.ndarray, int | None]:
    """The simplified track of formation i over seconds [start, end], and the index of its
    first point once routing (None if it did not rout in that span)."""
    rows = track[start : end + 1, i]
    rows = rows[~np.isnan(rows[:, X]) & (rows[:, MEN] >= 0.5)]
    pts = rows[:, [X, Y]].astype(np.float64)
    if len(pts) < 2:
        return pts, None
    routed = np.flatnonzero(rows[:, STATE] >= FormationState.ROUTING)
    if not routed.size:
        return curves.simplify(pts, SIMPLIFY_M), None
    r = int(routed[0])
    a = curves.simplify(pts[: r + 1], SIMPLIFY_M)
    b = curves.simplify(pts[r:], SIMPLIFY_M)
    return np.vstack([a, b[1:]]), len(a) - 1


def _block_px(row: np.ndarray, scale: float) -> np.ndarray:
    """A track row's block (as drawn: capped, never under MIN_W x MIN_H px) in px at `scale`."""
    front, depth = block_size(
        row[FRONT],
        row[DEPTH],
        row[ORDERED_FRONT],
        row[ORDERED_DEPTH],
        row[STATE] >= FormationState.ROUTING,
    )
    half_w = max(float(front) * scale, MIN_W) / 2
    half_h = max(float(depth) * scale, MIN_H) / 2
    return strokes.rect_corners(
        float(row[X]) * scale, float(row[Y]) * scale, float(row[FX]), float(row[FY]), half_w, half_h
    )


def _ghost_block(row: np.ndarray, scale: float) -> list[Shape]:
    """Where a formation stood as the phase began: its block's outline (a cross if gone)."""
    if np.isnan(row[X]) or row[MEN] < 0.5:
        return []
    corners = _block_px(row, scale)
    return [Shape(corners, casing=False, width=2, closed=True)]


def _solid(curve: np.ndarray, tail: float, neck: float, head: bool = True) -> list[Shape]:
    """A tapered shaft (and head) with a 2 px dark casing: the casing is the same outline
    grown by 2 px, filled first."""
    if head:
        shaft, tri = curves.arrow_outline(curve, tail, neck)
        casing_shaft, casing_tri = curves.arrow_outline(curve, tail + 4, neck + 4)
        return [
            Shape(casing_shaft, casing=True),
            Shape(casing_tri, casing=True),
            Shape(shaft, casing=False),
            Shape(tri, casing=False),
        ]
    return [
        Shape(curves.band(curve, tail + 4, neck + 4), casing=True),
        Shape(curves.band(curve, tail, neck), casing=False),
    ]


def _dashed(curve: np.ndarray) -> list[Shape]:
    """A rout: dashes 14 px on, 8 off, thinning from 6 to 4 px, and an open head."""
    s = curves.lengths(curve)
    total = s[-1]
    if total < 2:
        return []
    shaft = curve[s <= max(total - ROUT_NECK_W * curves.HEAD_L, 0.0)]
    pieces = strokes.dashes(shaft, *ROUT_DASH).reshape(-1, 2) if len(shaft) >= 2 else curve[:0]
    tip = curve[-1]
    back = curve[max(0, int(np.searchsorted(s, total - 14)) - 1)]
    d = (tip - back) / max(float(np.hypot(*(tip - back))), 1e-6)
    side = np.array([-d[1], d[0]]) * 8
    wings = np.array([tip - d * 12 + side, tip, tip - d * 12 - side])
    return [
        Shape(pieces, casing=True, width=ROUT_TAIL_W, pairs=True),
        Shape(pieces, casing=False, width=ROUT_NECK_W, pairs=True),
        Shape(wings, casing=True, width=5),
        Shape(wings, casing=False, width=3),
    ]
