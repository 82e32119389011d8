"""Soldiers far away: each a splat of a few pixels written with numpy straight into the frame.

Below ``game.view.soldiers.SPRITE_MIN_SCALE`` px/m every soldier is a splat in his contingent's
colour, through ``pygame.surfarray.pixels2d``: light top-left, dark bottom-right, a rider's pixel
in the secondary colour, so that dense blocks read as textured masses and horse as distinct from
foot. The dead lie under the living as small dark marks; the routing are drawn desaturated. No
per-soldier Python loop: soldiers are culled and stamped with numpy.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.scenario.codes import MOUNTED
from game.sim.codes import State
from game.view.camera import Camera

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
MOUNTED_LUT = np.zeros(256, bool)
MOUNTED_LUT[[int(k) for k in MOUNTED]] = True
_TONE1_LUT = np.where(MOUNTED_LUT, _T_DARK, _T_BASE).astype(np.int32)  # 1 px: base or dark


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


class SplatPainter:
    """Draws splats; keeps the mapped pixel values of the palettes (a small keyed cache)."""

    def __init__(self) -> None:
        self._tables_key: tuple | None = None
        self._tables: tuple[np.ndarray, np.ndarray] | None = None

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

    def draw(
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
            mounted = MOUNTED_LUT[kl].astype(np.int32)  # 1 for a rider: his stamp's tones
            for dx, dy, t_foot, t_mounted in _STAMPS[size]:
                off = dy * pitch + dx
                tone = base + t_foot
                if t_mounted != t_foot:
                    tone += mounted * np.int32(t_mounted - t_foot)
                flat[fi + off if off else fi] = tones[tone]
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
                mounted = MOUNTED_LUT[np.asarray(kind)[live_idx]]
                for dx, dy, t_foot, t_mounted in _STAMPS[size]:
                    t = np.where(mounted, t_mounted, t_foot)
                    px[ix + dx, iy + dy] = tones[base + t]
        finally:
            del px
