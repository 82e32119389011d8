"""Draw every soldier, with a level of detail that follows the zoom.

Far away (camera scale below ``SPRITE_MIN_SCALE`` px/m) each soldier is a splat of a few pixels
(``game.view.splats``). Close up, each soldier is a sprite (``game.view.sprites``) chosen by
facing octant, gait frame and look, tinted to his contingent, scaled to the zoom bucket, a
little off his exact slot (men in ranks, not a lattice), and drawn back to front with one
``Surface.fblits`` call.

The dead lie under the living in both modes as small, dark, muted marks; the fled are not drawn;
the routing are drawn desaturated. There is no per-soldier Python loop: soldiers are culled to
the screen and selected with numpy; only the fblits sequence is built from numpy lists.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import numpy as np
import pygame

from game.scenario.codes import MOUNTED
from game.sim.codes import State
from game.view.camera import Camera
from game.view.splats import MOUNTED_LUT, SplatPainter, dead_palette, routing_palette
from game.view.sprites import FALLEN, KIND_SHEETS, SpriteSheets

SPRITE_MIN_SCALE = 3.0  # px/m: a man is ~2 px wide here; below, sprites are mush, splats read
_SHEET_OF_KIND = tuple(KIND_SHEETS[k] for k in sorted(KIND_SHEETS))
N_FACINGS = 8
N_FRAMES = 4  # gait frames of one variant: standing, then three steps of the stride
JITTER_M = np.zeros(256, np.float32)  # per kind: how far a man stands off his exact slot
JITTER_M[:] = 0.16
JITTER_M[[int(k) for k in MOUNTED]] = 0.3
STANDING_SPEED = 0.35
"""m/s: slower than this a man is drawn standing (the gait's first frame), not mid-stride."""


@functools.lru_cache(maxsize=4)
def stable_jitter(n: int) -> np.ndarray:
    """(n, 2) offsets in -1..1, one per soldier row, the same every frame and every run: a
    view-only scatter (the simulation's positions and hashes are untouched)."""
    rows = np.arange(n, dtype=np.uint64)
    h1 = _mix(rows * np.uint64(2) + np.uint64(1))
    h2 = _mix(rows * np.uint64(2) + np.uint64(2))
    out = np.stack([h1, h2], axis=1).astype(np.float64) / float(2**64) * 2.0 - 1.0
    return out.astype(np.float32)


@functools.lru_cache(maxsize=4)
def stable_variant(n: int, variants: int) -> np.ndarray:
    """(n,) which look of his kind each soldier has (horse coat, how he holds his arms)."""
    rows = np.arange(n, dtype=np.uint64)
    return (_mix(rows + np.uint64(0x5EED)) % np.uint64(max(variants, 1))).astype(np.intp)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: well-spread 64-bit hashes of row numbers."""
    with np.errstate(over="ignore"):
        x = (x + np.uint64(0x9E3779B97F4A7C15)) & np.uint64(0xFFFFFFFFFFFFFFFF)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def octants(facing: np.ndarray) -> np.ndarray:
    """Facing unit vectors (2, N), y south -> row 0..7: E, SE, S, SW, W, NW, N, NE."""
    ang = np.arctan2(facing[1], facing[0])
    return np.rint(ang * (4.0 / np.pi)).astype(np.int32) & 7


class SoldierRenderer:
    """Draws soldiers as splats or sprites; holds only bounded, keyed caches."""

    def __init__(self, sheets: SpriteSheets | None):
        """`sheets`: loaded and checked at start-up (`game.view.assets`); None (damaged, in a
        kiosk's fallback) draws every soldier as a dot at every zoom. Nothing is loaded here,
        so no zoom can reach an unchecked file."""
        self.sheets = sheets
        self.splats = SplatPainter()

    def figures_at(self, camera: Camera) -> bool:
        """Whether men are drawn as figures (sprites, which read the gait) at this camera;
        else as splats."""
        return camera.scale >= SPRITE_MIN_SCALE and self.sheets is not None

    # -- entry point ------------------------------------------------------------------------------
    def draw(
        self,
        target: pygame.Surface,
        camera: Camera,
        pos: np.ndarray,
        facing: np.ndarray,
        kind: np.ndarray,
        formation: np.ndarray,
        state: np.ndarray,
        gait: np.ndarray | None,
        palettes: np.ndarray,
        vel: np.ndarray | None = None,
    ) -> None:
        """Draw soldiers on `target` (see the module docstring for what is drawn how).
        `vel` (2, N), if given, lets men standing still be drawn standing; `gait` is read by
        figures only (None where `figures_at(camera)` is false)."""
        if len(state) == 0 or target.get_width() == 0 or target.get_height() == 0:
            return
        palettes = np.asarray(palettes, np.uint8).reshape(-1, 2, 3)
        state = np.asarray(state)
        if not self.figures_at(camera):
            self.splats.draw(target, camera, pos, kind, formation, state, palettes)
        else:
            self._draw_sprites(
                target, camera, pos, facing, kind, formation, state, gait, palettes, vel
            )

    # -- near: sprites ----------------------------------------------------------------------------
    def _draw_sprites(
        self,
        target: pygame.Surface,
        camera: Camera,
        pos: np.ndarray,
        facing: np.ndarray,
        kind: np.ndarray,
        formation: np.ndarray,
        state: np.ndarray,
        gait: np.ndarray,
        palettes: np.ndarray,
        vel: np.ndarray | None = None,
    ) -> None:
        sheets = self.sheets
        bucket = sheets.bucket(camera.scale)
        factor = sheets.bucket_factor(bucket)
        w, h = target.get_size()
        ox, oy = camera.origin
        sc = np.float32(camera.scale)
        sx = (np.asarray(pos[0], np.float32) - np.float32(ox)) * sc
        sy = (np.asarray(pos[1], np.float32) - np.float32(oy)) * sc
        # the biggest frame reaches ~100 px * factor from its anchor
        m = np.float32(100 * factor + 2)
        on = (sx > -m) & (sy > -m) & (sx < w + m) & (sy < h + m) & (state != State.FLED)
        idx = np.flatnonzero(on)
        if idx.size == 0:
            return
        st = state[idx]
        form = np.asarray(formation)[idx].astype(np.intp)
        kd = np.asarray(kind)[idx].astype(np.intp)
        # men in ranks, not a lattice: each stands a little off his exact place, always the same
        jitter = stable_jitter(len(state))[idx] * JITTER_M[kd][:, None] * sc
        sx, sy = sx[idx] + jitter[:, 0], sy[idx] + jitter[:, 1]
        octant = octants(np.asarray(facing, np.float32)[:, idx])
        dead = st == State.DEAD
        seqs: list[Iterator] = []
        if dead.any():
            seqs.append(
                self._fallen_sequence(
                    sheets,
                    bucket,
                    sx[dead],
                    sy[dead],
                    form[dead],
                    kd[dead],
                    octant[dead],
                    palettes,
                )
            )
        live = ~dead
        if live.any():
            li = idx[live]
            frame = (np.asarray(gait, np.float32)[li] * N_FRAMES).astype(np.intp) % N_FRAMES
            if vel is not None:  # a man standing still stands, he is not caught mid-stride
                v = np.asarray(vel, np.float32)[:, li]
                frame[(v[0] * v[0] + v[1] * v[1]) < STANDING_SPEED**2] = 0
            frame += stable_variant(len(state), sheets.variants)[li] * N_FRAMES
            routing = (st[live] == State.ROUTING).astype(np.intp)
            seqs.append(
                self._living_sequence(
                    sheets,
                    bucket,
                    sx[live],
                    sy[live],
                    form[live],
                    kd[live],
                    routing,
                    octant[live],
                    frame,
                    palettes,
                )
            )
        for seq in seqs:  # the dead first: they lie under the living
            target.fblits(seq)

    def _living_sequence(
        self,
        sheets: SpriteSheets,
        bucket: int,
        sx: np.ndarray,
        sy: np.ndarray,
        form: np.ndarray,
        kd: np.ndarray,
        routing: np.ndarray,
        octant: np.ndarray,
        frame: np.ndarray,
        palettes: np.ndarray,
    ) -> Iterator:
        n_kinds = len(_SHEET_OF_KIND)
        combo = (form * 2 + routing) * n_kinds + kd
        uniq, inv = np.unique(combo, return_inverse=True)
        rout_pal = None
        objects, anchors = [], []
        for c in uniq.tolist():  # one entry per (formation, routing, kind) on screen
            f, rest = divmod(c, 2 * n_kinds)
            r, k = divmod(rest, n_kinds)
            if r:
                if rout_pal is None:
                    rout_pal = routing_palette(palettes)
                pal = rout_pal[f]
            else:
                pal = palettes[f]
            fr = sheets.frames(
                _SHEET_OF_KIND[k],
                tuple(int(v) for v in pal[0]),
                tuple(int(v) for v in pal[1]),
                bucket,
            )
            objects.append(fr.objects)
            anchors.append(fr.anchor)
        cols = N_FRAMES * sheets.variants
        pick = inv * (N_FACINGS * cols) + octant * cols + frame
        return self._sequence(np.concatenate(objects), np.concatenate(anchors), pick, sx, sy)

    def _fallen_sequence(
        self,
        sheets: SpriteSheets,
        bucket: int,
        sx: np.ndarray,
        sy: np.ndarray,
        form: np.ndarray,
        kd: np.ndarray,
        octant: np.ndarray,
        palettes: np.ndarray,
    ) -> Iterator:
        uniq, inv = np.unique(form, return_inverse=True)
        dead_pal = dead_palette(palettes)
        objects, anchors = [], []
        for f in uniq.tolist():
            pal = dead_pal[f]
            fr = sheets.frames(
                FALLEN, tuple(int(v) for v in pal[0]), tuple(int(v) for v in pal[1]), bucket
            )
            objects.append(fr.objects)
            anchors.append(fr.anchor)
        cols = sheets.sheets[FALLEN].frames
        pick = inv * (N_FACINGS * cols) + octant * cols + MOUNTED_LUT[kd].astype(np.intp)
        return self._sequence(np.concatenate(objects), np.concatenate(anchors), pick, sx, sy)

    @staticmethod
    def _sequence(
        table: np.ndarray, anchors: np.ndarray, pick: np.ndarray, sx: np.ndarray, sy: np.ndarray
    ) -> Iterator:
        """Lazy [(surface, (x, y)), ...] sorted back to front (north first), for fblits.

        Built from 1-D lists (no per-soldier list or array objects), so the cyclic GC is not
        woken by thousands of fresh containers every frame.
        """
        order = np.argsort(sy, kind="stable")
        pick = pick[order]
        x = np.floor(sx[order]).astype(np.int32) - anchors[pick, 0]
        y = np.floor(sy[order]).astype(np.int32) - anchors[pick, 1]
        return zip(table[pick].tolist(), zip(x.tolist(), y.tolist(), strict=True), strict=True)
