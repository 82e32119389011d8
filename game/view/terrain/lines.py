"""Line features (roads, walls, the river's centre line): tiles -> polylines -> distance grids.

A road or a wall is one tile wide in the map file. Traced back into a smooth polyline and
stored as a distance field, it can be drawn as one crisp pixel line at the overview and as a
7 m track or a stone wall close up, from the same data.
"""

from __future__ import annotations

import itertools

import numpy as np

F32 = np.float32

LINE_FIELD_MAX_M = 16.0
"""Distances are clipped here: beyond the widest thing drawn from a line (a tower and its
shadow), a pixel is simply 'far'."""


def trace(mask: np.ndarray) -> list[list[tuple[int, int]]]:
    """Chains of (row, col) through a one-tile-wide network of tiles.

    Neighbours are the 8 around a tile, but a diagonal step is taken only where no orthogonal
    pair of steps joins the same two tiles, so a staircase is traced as one line, not a zigzag.
    Chains run between ends and junctions; closed loops come back as chains whose ends meet.
    """
    cells = {(int(r), int(c)) for r, c in zip(*np.nonzero(mask), strict=True)}
    adj: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for r, c in sorted(cells):
        nb = []
        for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):
            if (r + dr, c + dc) in cells:
                nb.append((r + dr, c + dc))
        for dr, dc in ((-1, -1), (-1, 1), (1, -1), (1, 1)):
            if (r + dr, c + dc) in cells and (r + dr, c) not in cells and (r, c + dc) not in cells:
                nb.append((r + dr, c + dc))
        adj[(r, c)] = nb
    seen: set[frozenset] = set()
    chains: list[list[tuple[int, int]]] = []
    starts = [p for p in sorted(adj) if len(adj[p]) != 2] + sorted(adj)
    for p in starts:
        for q in adj[p]:
            edge = frozenset((p, q))
            if edge in seen:
                continue
            seen.add(edge)
            chain = [p, q]
            while len(adj[chain[-1]]) == 2 and chain[-1] != p:
                a, b = adj[chain[-1]]
                nxt = b if a == chain[-2] else a
                e = frozenset((chain[-1], nxt))
                if e in seen:
                    break
                seen.add(e)
                chain.append(nxt)
            chains.append(chain)
    return chains


def chaikin(pts: np.ndarray, iterations: int) -> np.ndarray:
    """Corner-cutting smoothing of an open polyline, keeping its end points."""
    for _ in range(iterations):
        if len(pts) < 3:
            return pts
        a, b = pts[:-1], pts[1:]
        q, r = 0.75 * a + 0.25 * b, 0.25 * a + 0.75 * b
        mid = np.empty((2 * len(a), 2))
        mid[0::2], mid[1::2] = q, r
        pts = np.vstack([pts[:1], mid[1:-1], pts[-1:]])
    return pts


class LineField:
    """Distance (metres) to a set of polylines, on a grid over their bounding box.

    Stored as uint8 quarter-metres (clipped at `LINE_FIELD_MAX_M`): the town and every road
    fit in a few MB, and a chunk samples it with four gathers whatever the zoom.
    """

    def __init__(self, polylines: list[np.ndarray], res: float):
        self.res = res
        self.empty = not polylines
        if self.empty:
            return
        allp = np.vstack(polylines)
        pad = LINE_FIELD_MAX_M + 2 * res
        self.x0 = float(allp[:, 0].min() - pad)
        self.y0 = float(allp[:, 1].min() - pad)
        nx = int((allp[:, 0].max() + pad - self.x0) / res) + 2
        ny = int((allp[:, 1].max() + pad - self.y0) / res) + 2
        dist = np.full((ny, nx), LINE_FIELD_MAX_M, F32)
        reach = LINE_FIELD_MAX_M
        for pts in polylines:
            for (ax, ay), (bx, by) in itertools.pairwise(pts):
                c0 = max(int((min(ax, bx) - reach - self.x0) / res), 0)
                c1 = min(int((max(ax, bx) + reach - self.x0) / res) + 2, nx)
                r0 = max(int((min(ay, by) - reach - self.y0) / res), 0)
                r1 = min(int((max(ay, by) + reach - self.y0) / res) + 2, ny)
                gx = (self.x0 + (np.arange(c0, c1) + 0.5) * res)[None, :]
                gy = (self.y0 + (np.arange(r0, r1) + 0.5) * res)[:, None]
                dx, dy = bx - ax, by - ay
                ll = dx * dx + dy * dy
                t = ((gx - ax) * dx + (gy - ay) * dy) / ll if ll > 0 else 0 * gx
                t = np.clip(t, 0.0, 1.0)
                d = np.hypot(gx - ax - t * dx, gy - ay - t * dy).astype(F32)
                np.minimum(dist[r0:r1, c0:c1], d, out=dist[r0:r1, c0:c1])
        self.grid = np.round(dist * 4).astype(np.uint8)
        # Nearest distance per block of 32 x 32 cells: lets a chunk far from any line skip all.
        b = 32
        pad_y, pad_x = (-ny) % b, (-nx) % b
        padded = np.pad(dist, ((0, pad_y), (0, pad_x)), constant_values=LINE_FIELD_MAX_M)
        self.block = padded.reshape(padded.shape[0] // b, b, -1, b).min(axis=(1, 3))
        self.block_cells = b

    def sample(self, wx: np.ndarray, wy: np.ndarray) -> np.ndarray | None:
        """Bilinear distance in metres at the pixel grid wx x wy, or None if all out of reach."""
        if self.empty:
            return None
        ny, nx = self.grid.shape
        gx = (wx - self.x0) / self.res - 0.5
        gy = (wy - self.y0) / self.res - 0.5
        if gx.max() < 0 or gy.max() < 0 or gx.min() > nx - 1 or gy.min() > ny - 1:
            return None
        b = self.block_cells
        bx0, bx1 = int(max(gx.min(), 0)) // b, int(min(gx.max(), nx - 1)) // b
        by0, by1 = int(max(gy.min(), 0)) // b, int(min(gy.max(), ny - 1)) // b
        if self.block[by0 : by1 + 1, bx0 : bx1 + 1].min() >= LINE_FIELD_MAX_M - 0.5:
            return None
        gx = np.clip(gx, 0, nx - 1.001)
        gy = np.clip(gy, 0, ny - 1.001)
        ix, iy = gx.astype(np.int64), gy.astype(np.int64)
        tx, ty = (gx - ix).astype(F32), (gy - iy).astype(F32)[:, None]
        g = self.grid
        top = g[np.ix_(iy, ix)] * (1 - tx) + g[np.ix_(iy, ix + 1)] * tx
        bot = g[np.ix_(iy + 1, ix)] * (1 - tx) + g[np.ix_(iy + 1, ix + 1)] * tx
        return (top * (1 - ty) + bot * ty) * F32(0.25)
