"""Draw every soldier, with a level of detail that follows the zoom.

Far away (camera scale below ``SPRITE_MIN_SCALE`` px/m) each soldier is a splat of a few pixels
in his contingent's colour, written with numpy straight into the frame through
``pygame.surfarray.pixels2d``: light top-left, dark bottom-right, a rider's pixel in the
secondary colour, so that dense blocks read as textured masses and horse as distinct from foot.
Close up, each soldier is a sprite (``game.view.sprites``) chosen by facing octant and gait frame,
tinted to his contingent, scaled to the zoom bucket, and drawn back to front with one
``Surface.fblits`` call.

The dead lie under the living in both modes as small, dark, muted marks; the fled are not drawn;
the routing are drawn desaturated. There is no per-soldier Python loop: soldiers are culled to
the screen and selected with numpy; only the fblits sequence is built from numpy lists.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pygame

from game.scenario.codes import MOUNTED
from game.sim.codes import State
from game.view.camera import Camera
from game.view.sprites import FALLEN, KIND_SHEETS, SpriteSheets

SPRITE_MIN_SCALE = 3.0  # px/m: a man is ~2 px wide here; below, sprites are mush, splats read
SPLAT_STEPS = ((0.6, 1), (1.4, 2))  # (below this px/m, splat size); 3x3 up to SPRITE_MIN_SCALE
GROUND = np.array((58, 50, 40), np.float32)  # the dead are mixed towards this earth brown
DEAD_MIX = 0.6  # share of GROUND in a dead soldier's mark
ROUT_GREY = 0.5  # share of grey in a routing soldier's colours
ROUT_DARK = 0.9

# Splat tones (index into a formation's tone row): light, base, dark, darker, rider, horse.
# The horse tone mixes the primary with a bay coat so that mounted blocks do not jump from
# pure colour to brown when the sprites take over.
_T_LIGHT, _T_BASE, _T_DARK, _T_DARKER, _T_RIDER, _T_HORSE = range(6)
_TONE_GAIN = np.array((1.12, 1.0, 0.8, 0.64, 0.92, 1.0), np.float32)
HORSE_COAT = np.array((128, 78, 44), np.float32)
HORSE_MIX = 0.5
N_TONES = 6
N_VARIANTS = 2  # 0 normal, 1 routing
# Stamps: for each size, (dx, dy, tone for foot, tone for mounted).
_STAMPS: dict[int, tuple[tuple[int, int, int, int], ...]] = {
    1: ((0, 0, _T_BASE, _T_DARK),),
    2: (
        (0, 0, _T_LIGHT, _T_BASE),
        (1, 0, _T_BASE, _T_RIDER),
        (0, 1, _T_BASE, _T_HORSE),
        (1, 1, _T_DARK, _T_DARKER),
    ),
    3: (
        (0, 0, _T_LIGHT, _T_HORSE),
        (1, 0, _T_LIGHT, _T_BASE),
        (2, 0, _T_BASE, _T_HORSE),
        (0, 1, _T_LIGHT, _T_HORSE),
        (1, 1, _T_BASE, _T_RIDER),
        (2, 1, _T_DARK, _T_HORSE),
        (0, 2, _T_BASE, _T_DARK),
        (1, 2, _T_DARK, _T_HORSE),
        (2, 2, _T_DARKER, _T_DARKER),
    ),
}
_MOUNTED_LUT = np.zeros(256, bool)
_MOUNTED_LUT[[int(k) for k in MOUNTED]] = True
_TONE1_LUT = np.where(_MOUNTED_LUT, _T_DARK, _T_BASE).astype(np.int32)  # 1 px: base or dark
_SHEET_OF_KIND = tuple(KIND_SHEETS[k] for k in sorted(KIND_SHEETS))
N_FACINGS = 8
N_FRAMES = 4


def splat_size(scale: float) -> int:
    """Pixels per side of a soldier's splat at this camera scale."""
    for below, size in SPLAT_STEPS:
        if scale < below:
            return size
    return 3


def routing_palette(palettes: np.ndarray) -> np.ndarray:
    """Desaturated, slightly darker palettes (F, 2, 3) for soldiers who run."""
    p = palettes.astype(np.float32)
    grey = p.mean(axis=-1, keepdims=True)
    return np.clip((p * (1 - ROUT_GREY) + grey * ROUT_GREY) * ROUT_DARK, 0, 255).astype(np.uint8)


def dead_palette(palettes: np.ndarray) -> np.ndarray:
    """Dark, muted palettes (F, 2, 3) for the fallen: the colour is still guessable, barely."""
    p = palettes.astype(np.float32)
    return np.clip((p * (1 - DEAD_MIX) + GROUND * DEAD_MIX) * 0.8, 0, 255).astype(np.uint8)


def octants(facing: np.ndarray) -> np.ndarray:
    """Facing unit vectors (2, N), y south -> row 0..7: E, SE, S, SW, W, NW, N, NE."""
    ang = np.arctan2(facing[1], facing[0])
    return np.rint(ang * (4.0 / np.pi)).astype(np.int32) & 7


def _pixel_tables(target: pygame.Surface, palettes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mapped pixel values: tones (F * N_VARIANTS * N_TONES,) and dead marks (F,)."""
    rows = []
    for pal in (palettes, routing_palette(palettes)):
        prim = pal[:, 0].astype(np.float32)
        sec = pal[:, 1].astype(np.float32)
        t = np.clip(prim[:, None, :] * _TONE_GAIN[None, :, None], 0, 255)
        t[:, _T_RIDER] = np.clip(sec * _TONE_GAIN[_T_RIDER], 0, 255)
        t[:, _T_HORSE] = prim * (1 - HORSE_MIX) + HORSE_COAT * HORSE_MIX
        rows.append(t.astype(np.uint8))
    tones = np.stack(rows, axis=1)  # (F, V, T, 3)
    dead = dead_palette(palettes)[:, 0]  # (F, 3)
    if target.get_bytesize() == 3:  # 24-bit: written through pixels3d as RGB triples
        return tones.reshape(-1, 3), dead
    dtype = (
        np.uint32
        if target.get_bytesize() == 4
        else (np.uint16 if target.get_bytesize() == 2 else np.uint8)
    )
    mapped = np.array(
        [target.map_rgb(tuple(int(v) for v in c)) for c in tones.reshape(-1, 3)], dtype
    )
    mdead = np.array([target.map_rgb(tuple(int(v) for v in c)) for c in dead], dtype)
    return mapped, mdead


class SoldierRenderer:
    """Draws soldiers as splats or sprites; holds only bounded, keyed caches."""

    def __init__(self, sheets: SpriteSheets | None):
        """`sheets`: loaded and checked at start-up (`game.view.assets`); None (damaged, in a
        kiosk's fallback) draws every soldier as a dot at every zoom. Nothing is loaded here,
        so no zoom can reach an unchecked file."""
        self.sheets = sheets
        self._tables_key: tuple | None = None
        self._tables: tuple[np.ndarray, np.ndarray] | None = None

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
        gait: np.ndarray,
        palettes: np.ndarray,
    ) -> None:
        """Draw soldiers on `target` (see the module docstring for what is drawn how)."""
        if len(state) == 0 or target.get_width() == 0 or target.get_height() == 0:
            return
        palettes = np.asarray(palettes, np.uint8).reshape(-1, 2, 3)
        state = np.asarray(state)
        if camera.scale < SPRITE_MIN_SCALE or self.sheets is None:
            self._draw_splats(target, camera, pos, kind, formation, state, palettes)
        else:
            self._draw_sprites(target, camera, pos, facing, kind, formation, state, gait, palettes)

    # -- far: splats ------------------------------------------------------------------------------
    def _tables_for(self, target: pygame.Surface, palettes: np.ndarray):
        key = (
            palettes.tobytes(),
            palettes.shape,
            target.get_bitsize(),
            target.get_masks(),
            target.get_shifts(),
        )
        if key != self._tables_key:
            self._tables = _pixel_tables(target, palettes)
            self._tables_key = key
        return self._tables

    def _draw_splats(
        self,
        target: pygame.Surface,
        camera: Camera,
        pos: np.ndarray,
        kind: np.ndarray,
        formation: np.ndarray,
        state: np.ndarray,
        palettes: np.ndarray,
    ) -> None:
        w, h = target.get_size()
        size = splat_size(camera.scale)
        ox, oy = camera.origin
        sc = np.float32(camera.scale)
        sx = np.asarray(pos[0], np.float32) - np.float32(ox)
        sx *= sc
        sy = np.asarray(pos[1], np.float32) - np.float32(oy)
        sy *= sc
        on = (sx >= 0) & (sy >= 0) & (sx < w - size + 1) & (sy < h - size + 1)
        dead_idx = np.flatnonzero(on & (state == State.DEAD))
        live_idx = np.flatnonzero(on & (state != State.DEAD) & (state != State.FLED))
        if dead_idx.size == 0 and live_idx.size == 0:
            return
        tones, dead_cols = self._tables_for(target, palettes)
        formation = np.asarray(formation)
        if target.get_bytesize() == 3:
            self._splats_rgb(
                target, size, sx, sy, dead_idx, live_idx, kind, formation, state, tones, dead_cols
            )
            return
        px = pygame.surfarray.pixels2d(target)
        try:
            # one flat view of the pixels: index = y * pitch + x (rows may be padded)
            pitch = px.strides[1] // px.strides[0]
            flat = np.lib.stride_tricks.as_strided(
                px, shape=((h - 1) * pitch + w,), strides=(px.strides[0],), writeable=True
            )
            if dead_idx.size:  # under the living: a small dark mark
                fi = sy[dead_idx].astype(np.int32) * np.int32(pitch)
                fi += sx[dead_idx].astype(np.int32)
                col = dead_cols[formation[dead_idx]]
                flat[fi] = col
                if size == 3:
                    flat[fi + (pitch + 1)] = col
            if live_idx.size == 0:
                return
            fi = sy[live_idx].astype(np.int32) * np.int32(pitch)
            fi += sx[live_idx].astype(np.int32)
            base = formation[live_idx].astype(np.int32) * np.int32(N_VARIANTS)
            base += state[live_idx] == State.ROUTING
            base *= np.int32(N_TONES)
            kl = np.asarray(kind)[live_idx]
            if size == 1:  # one pixel each: alternate tones by row so blocks still show grain
                base += _TONE1_LUT[kl]
                base += (live_idx & 1).astype(np.int32)
                flat[fi] = tones[base]
                return
            mounted = _MOUNTED_LUT[kl]
            for dx, dy, t_foot, t_mounted in _STAMPS[size]:
                off = dy * pitch + dx
                tf = tones[base + t_foot]
                if t_mounted != t_foot:
                    tf[mounted] = tones[base[mounted] + t_mounted]
                flat[fi + off if off else fi] = tf
        finally:
            del px

    @staticmethod
    def _splats_rgb(
        target: pygame.Surface,
        size: int,
        sx: np.ndarray,
        sy: np.ndarray,
        dead_idx: np.ndarray,
        live_idx: np.ndarray,
        kind: np.ndarray,
        formation: np.ndarray,
        state: np.ndarray,
        tones: np.ndarray,
        dead_cols: np.ndarray,
    ) -> None:
        """The same splats for a 24-bit surface (pixels3d, RGB triples): rare, kept simple."""
        px = pygame.surfarray.pixels3d(target)
        try:
            if dead_idx.size:
                px[sx[dead_idx].astype(np.intp), sy[dead_idx].astype(np.intp)] = dead_cols[
                    formation[dead_idx]
                ]
            if live_idx.size:
                ix = sx[live_idx].astype(np.intp)
                iy = sy[live_idx].astype(np.intp)
                base = (
                    formation[live_idx].astype(np.intp) * N_VARIANTS
                    + (state[live_idx] == State.ROUTING)
                ) * N_TONES
                mounted = _MOUNTED_LUT[np.asarray(kind)[live_idx]]
                for dx, dy, t_foot, t_mounted in _STAMPS[size]:
                    t = np.where(mounted, t_mounted, t_foot)
                    px[ix + dx, iy + dy] = tones[base + t]
        finally:
            del px

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
        octant = octants(np.asarray(facing, np.float32)[:, idx])
        dead = st == State.DEAD
        seqs: list[Iterator] = []
        if dead.any():
            seqs.append(
                self._fallen_sequence(
                    sheets,
                    bucket,
                    sx[idx][dead],
                    sy[idx][dead],
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
            routing = (st[live] == State.ROUTING).astype(np.intp)
            seqs.append(
                self._living_sequence(
                    sheets,
                    bucket,
                    sx[li],
                    sy[li],
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
        pick = inv * (N_FACINGS * N_FRAMES) + octant * N_FRAMES + frame
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
        pick = inv * (N_FACINGS * cols) + octant * cols + _MOUNTED_LUT[kd].astype(np.intp)
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
