"""Soldier sprite sheets: load the templates, tint them per contingent, scale them per zoom.

The templates are drawn by ``tools/make_sprites.py`` into ``assets/sprites/`` (one PNG per
soldier kind plus ``fallen.png``, described by ``sheets.yaml``). Their colours are masks: pure
red shades stand for a contingent's primary colour, pure green shades for its secondary colour
(shade = value / ``mask_shade_unit``); every other colour is drawn as it is.

Use ``load_sprite_sheets(folder)`` once, at start-up; it reads sheets.yaml through the safe YAML
loader and every file with a size limit, and fails with one line naming the missing or bad file.
Then ``SpriteSheets.frames(name, primary, secondary, bucket)`` gives the 8 facings x N frames of
one kind in one palette at one zoom bucket, ready for ``Surface.fblits``. Two bounded LRU caches
sit behind it: tinted full-size sheets (``TINTED_CACHE_CAP``) and scaled frame sets
(``SCALED_CACHE_CAP``). Nothing here is a source of truth; dropping the caches only costs time.
"""

from __future__ import annotations

import io
import math
import os
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pygame

from game.scenario.codes import Kind
from game.scenario.errors import DataError
from game.scenario.reading import read_limited
from game.scenario.yamlsafe import Node, load_yaml

SPRITE_DIR = Path(__file__).resolve().parents[2] / "assets" / "sprites"
REMEDY = "(run python tools/make_sprites.py)"
FALLEN = "fallen"  # the sheet of the dead: columns [man, horse]
KIND_SHEETS: dict[int, str] = {int(k): k.name.lower() for k in Kind}  # Kind -> sheet name
REQUIRED = (*KIND_SHEETS.values(), FALLEN)

BUCKETS_PER_OCTAVE = 4  # zoom buckets: sprite sizes step by 2^(1/4) ~ 19 %, never more than 9 % off
# Frame sets for one (kind, palette, zoom bucket). A view shows ~10-40 contingents x 1-2 kinds,
# routing variants double that, and zooming walks through a few buckets: 256 covers a whole
# zoom sweep without rebuilding, and at most ~40 MB (sheets at full size are <= 0.3 MB each).
SCALED_CACHE_CAP = 256
# Tinted full-size sheets, one per (kind, palette): kept so that zooming only rescales.
TINTED_CACHE_CAP = 128
# Below this size factor (16 px/m x 0.4 = 6.4 px/m) the dark outline would be most of a
# man's few pixels and turn a red block brown, so it is dropped before scaling.
OUTLINE_MIN_FACTOR = 0.4

Rgb = tuple[int, int, int]


class SpriteSheetError(DataError):
    """A sprite sheet or its manifest is missing or malformed: one line,
    ``path:line:col: field: message``, with the remedy."""


@dataclass(frozen=True)
class Sheet:
    """One template sheet: rows are facings, columns frames; RGBA pixels in (H, W, 4)."""

    name: str
    path: Path
    frame_w: int
    frame_h: int
    anchor: tuple[int, int]
    facings: int
    frames: int
    rgba: np.ndarray
    primary_idx: np.ndarray  # flat pixel indices of the primary mask
    primary_shade: np.ndarray  # float32 shade of each, 1.0 = the palette colour
    secondary_idx: np.ndarray
    secondary_shade: np.ndarray
    outline_idx: np.ndarray  # flat pixel indices of the one-pixel outline


@dataclass(frozen=True)
class ScaledFrames:
    """One kind in one palette at one zoom: surfaces in row-major (facing, frame) order."""

    surfaces: tuple[pygame.Surface, ...]
    objects: np.ndarray  # the same surfaces as a numpy object array, for vectorised picking
    anchor: np.ndarray  # (n, 2) int32: pixel of each surface on the soldier's ground point
    size: tuple[int, int]  # the uncropped frame size (each surface is cropped to its figure)


def _shown(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


def tint(rgba: np.ndarray, primary: Rgb, secondary: Rgb, unit: float = 200.0) -> np.ndarray:
    """Replace the mask colours of an RGBA template by shades of `primary` and `secondary`."""
    out = np.array(rgba, dtype=np.uint8, copy=True)
    r, g, b = (out[..., i].astype(np.int32) for i in range(3))
    for mask, value, colour in (
        ((r > 0) & (g == 0) & (b == 0), r, primary),
        ((g > 0) & (r == 0) & (b == 0), g, secondary),
    ):
        shade = value[mask].astype(np.float32) / unit
        out[mask, :3] = np.clip(np.outer(shade, np.asarray(colour, np.float32)), 0, 255)
    return out


class SpriteSheets:
    """The loaded templates and the tint/scale caches. Build with `load_sprite_sheets`."""

    def __init__(self, sheets: dict[str, Sheet], px_per_m: float, shade_unit: float = 200.0):
        self.sheets = sheets
        self.px_per_m = float(px_per_m)
        self.shade_unit = float(shade_unit)
        self._tinted: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._scaled: OrderedDict[tuple, ScaledFrames] = OrderedDict()

    @property
    def variants(self) -> int:
        """Looks per kind: a kind's sheet holds 4 gait frames for each (all kinds alike)."""
        return max(1, min(self.sheets[name].frames for name in KIND_SHEETS.values()) // 4)

    # -- zoom buckets -----------------------------------------------------------------------------
    def bucket(self, scale: float) -> int:
        """Zoom bucket for a camera scale (px/m); 0 is the sheets' own size, never enlarged."""
        ratio = max(scale, 1e-6) / self.px_per_m
        return min(0, round(BUCKETS_PER_OCTAVE * math.log2(ratio)))

    @staticmethod
    def bucket_factor(bucket: int) -> float:
        return 2.0 ** (bucket / BUCKETS_PER_OCTAVE)

    # -- caches -----------------------------------------------------------------------------------
    @property
    def scaled_cache_len(self) -> int:
        return len(self._scaled)

    @property
    def tinted_cache_len(self) -> int:
        return len(self._tinted)

    def clear(self) -> None:
        self._tinted.clear()
        self._scaled.clear()

    def tinted(self, name: str, primary: Rgb, secondary: Rgb) -> np.ndarray:
        """Full-size tinted RGBA pixels (H, W, 4) of sheet `name` (LRU-cached)."""
        key = (name, primary, secondary)
        hit = self._tinted.get(key)
        if hit is not None:
            self._tinted.move_to_end(key)
            return hit
        sh = self.sheets[name]
        out = sh.rgba.copy()
        flat = out.reshape(-1, 4)
        for idx, shade, colour in (
            (sh.primary_idx, sh.primary_shade, primary),
            (sh.secondary_idx, sh.secondary_shade, secondary),
        ):
            if idx.size:
                flat[idx, :3] = np.minimum(np.outer(shade, np.asarray(colour, np.float32)), 255)
        self._tinted[key] = out
        while len(self._tinted) > TINTED_CACHE_CAP:
            self._tinted.popitem(last=False)
        return out

    def frames(self, name: str, primary: Rgb, secondary: Rgb, bucket: int) -> ScaledFrames:
        """Tinted frames of sheet `name` at zoom `bucket` (LRU-cached, at most SCALED_CACHE_CAP)."""
        key = (name, primary, secondary, bucket)
        hit = self._scaled.get(key)
        if hit is not None:
            self._scaled.move_to_end(key)
            return hit
        sh = self.sheets[name]
        px = self.tinted(name, primary, secondary)
        f = self.bucket_factor(bucket)
        fw = max(1, round(sh.frame_w * f))
        fh = max(1, round(sh.frame_h * f))
        if f >= 1.0:
            sheet = _surface(px)
        else:
            if f < OUTLINE_MIN_FACTOR and sh.outline_idx.size:
                px = px.copy()
                px.reshape(-1, 4)[sh.outline_idx, 3] = 0
            sheet = _smoothscale_premultiplied(px, (fw * sh.frames, fh * sh.facings))
        display = pygame.display.get_init() and pygame.display.get_surface() is not None
        ax0 = round(sh.anchor[0] * fw / sh.frame_w)
        ay0 = round(sh.anchor[1] * fh / sh.frame_h)
        surfs, anchors = [], []
        for row in range(sh.facings):
            for col in range(sh.frames):
                frame = sheet.subsurface((col * fw, row * fh, fw, fh))
                box = frame.get_bounding_rect()  # blit only the figure, not its margin
                if box.w == 0 or box.h == 0:
                    box = pygame.Rect(0, 0, 1, 1)
                s = frame.subsurface(box).copy()
                surfs.append(s.convert_alpha() if display else s)
                anchors.append((ax0 - box.x, ay0 - box.y))
        objects = np.empty(len(surfs), dtype=object)
        objects[:] = surfs
        anchor = np.array(anchors, np.int32).reshape(-1, 2)
        out = ScaledFrames(tuple(surfs), objects, anchor, (fw, fh))
        self._scaled[key] = out
        while len(self._scaled) > SCALED_CACHE_CAP:
            self._scaled.popitem(last=False)
        return out


def _surface(px: np.ndarray) -> pygame.Surface:
    """An SRCALPHA surface holding a copy of RGBA pixels (H, W, 4)."""
    h, w = px.shape[:2]
    return pygame.image.frombuffer(np.ascontiguousarray(px).tobytes(), (w, h), "RGBA").copy()


def _smoothscale_premultiplied(px: np.ndarray, size: tuple[int, int]) -> pygame.Surface:
    """Scale RGBA pixels down with colours weighted by alpha.

    Plain smoothscale averages the black of transparent pixels into every edge, which darkens
    small sprites; scaling premultiplied colours and dividing back keeps them true.
    """
    a = px[..., 3:4].astype(np.float32)
    pm = px.astype(np.float32)
    pm[..., :3] *= a / 255.0
    small = pygame.transform.smoothscale(_surface(pm.astype(np.uint8)), size)
    rgb = pygame.surfarray.array3d(small).transpose(1, 0, 2).astype(np.float32)
    alpha = pygame.surfarray.array_alpha(small).T.astype(np.float32)
    out = np.zeros((*alpha.shape, 4), np.uint8)
    out[..., :3] = np.clip(rgb * (255.0 / np.maximum(alpha, 1.0))[..., None], 0, 255)
    out[..., 3] = alpha
    return _surface(out)


# -- loading ---------------------------------------------------------------------------------------
MANIFEST_BYTES = 64_000
"""sheets.yaml is ~1.3 kB; a 50 MB one blocked the frame loop for 31 s."""
SHEET_BYTES = 4_000_000
"""A sheet is at most ~50 kB on disk."""
MAX_SHEET_PIXELS = 4096 * 4096
"""Checked in the PNG header before decoding: a small file can claim a huge image."""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _fail(path: Path, what: str, line: int = 0, column: int = 0, field: str = "") -> DataError:
    return SpriteSheetError(
        _shown(path), line, column, field or "(sprite sheet)", f"{what} {REMEDY}"
    )


def _checked(err: DataError) -> DataError:
    """A data error in a sprite file, with the remedy added."""
    return _fail(Path(err.path), err.message, err.line, err.column, err.field)


def _read_manifest(path: Path) -> Node:
    try:
        return load_yaml(path, MANIFEST_BYTES).mapping(
            required=("facings", "sheets"), optional=("px_per_m", "mask_shade_unit", "outline")
        )
    except DataError as err:
        raise _checked(err) from None


def _png_problem(data: bytes) -> str | None:
    """What is wrong with a PNG file's structure, or None: its signature, its size in the
    header, each chunk's length and CRC, and the compressed pixels. Checked before libpng sees
    the file, which prints its own complaints to stderr and can allocate whatever the header
    claims."""
    if data[:8] != PNG_SIGNATURE or len(data) < 33 or data[12:16] != b"IHDR":
        return "not a PNG file"
    w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if not 0 < w * h <= MAX_SHEET_PIXELS:
        return f"{w}x{h} px is not a sprite sheet"
    pixels = zlib.decompressobj()
    at, ended, room = 8, False, w * h * 8 + h  # 16-bit RGBA and a filter byte per row at most
    while at + 12 <= len(data) and not ended:
        size = int.from_bytes(data[at : at + 4], "big")
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + size]
        if len(body) < size or at + 12 + size > len(data):
            return "truncated (a chunk runs past the end of the file)"
        if zlib.crc32(kind + body) != int.from_bytes(data[at + 8 + size : at + 12 + size], "big"):
            return f"damaged (the CRC of a {kind.decode('latin-1')!r} chunk is wrong)"
        if kind == b"IDAT":
            try:
                room -= len(pixels.decompress(body, room))
            except zlib.error:
                return "damaged (its pixels do not decompress)"
        ended = kind == b"IEND"
        at += 12 + size
    return None if ended else "truncated (no end chunk)"


def _decode(path: Path, data: bytes) -> pygame.Surface:
    """A PNG's pixels, once its structure is known to be sound (`_png_problem`)."""
    problem = _png_problem(data)
    if problem:
        raise _fail(path, f"bad sprite sheet: {problem}")
    try:
        return pygame.image.load(io.BytesIO(data), path.name)
    except (pygame.error, OSError, ValueError) as e:
        raise _fail(path, f"bad sprite sheet: {str(e).strip() or 'unreadable'}") from None


def _load_sheet(
    folder: Path, name: str, entry: Node, facings: int, unit: float, outline: tuple[int, int, int]
) -> Sheet:
    entry.mapping(required=("file", "frame", "anchor", "frames"))
    file = entry["file"].text()
    if Path(file).name != file:
        raise entry["file"].error("a sheet is a file beside sheets.yaml, not a path")
    fw, fh = (n.integer(min=1, max=1024) for n in entry["frame"].sequence(2, 2))
    ax, ay = (n.integer(min=0, max=1024) for n in entry["anchor"].sequence(2, 2))
    frames = entry["frames"].integer(min=1, max=64)
    path = folder / file
    try:
        surf = _decode(path, read_limited(path, SHEET_BYTES))
    except SpriteSheetError:
        raise
    except DataError as err:
        raise _checked(err) from None
    want = (fw * frames, fh * facings)
    if surf.get_size() != want:
        got = surf.get_size()
        raise _fail(
            path,
            f"bad sprite sheet: expected {want[0]}x{want[1]} px "
            f"({frames} frames x {facings} facings of {fw}x{fh}), "
            f"got {got[0]}x{got[1]}",
        )
    if surf.get_flags() & pygame.SRCALPHA:
        alpha = pygame.surfarray.array_alpha(surf)
    else:
        raise _fail(path, "bad sprite sheet: no alpha channel")
    rgba = np.dstack([pygame.surfarray.array3d(surf), alpha]).transpose(1, 0, 2).copy()
    flat = rgba.reshape(-1, 4).astype(np.int32)
    r, g, b = flat[:, 0], flat[:, 1], flat[:, 2]
    visible = flat[:, 3] > 0
    p = np.flatnonzero(visible & (r > 0) & (g == 0) & (b == 0))
    s = np.flatnonzero(visible & (g > 0) & (r == 0) & (b == 0))
    o = np.flatnonzero(visible & (r == outline[0]) & (g == outline[1]) & (b == outline[2]))
    return Sheet(
        name,
        path,
        fw,
        fh,
        (ax, ay),
        facings,
        frames,
        rgba,
        p,
        (r[p] / unit).astype(np.float32),
        s,
        (g[s] / unit).astype(np.float32),
        o,
    )


def load_sprite_sheets(folder: str | os.PathLike[str] = SPRITE_DIR) -> SpriteSheets:
    """Load every sheet named in `folder`/sheets.yaml, each file read with a size limit and
    checked; raise SpriteSheetError, one line naming the file (and line and field)."""
    folder = Path(folder)
    root = _read_manifest(folder / "sheets.yaml")
    try:
        facings = len([n.text() for n in root["facings"].sequence(8, 8)])
        px_per_m = root["px_per_m"].number(min=1, max=256) if "px_per_m" in root else 16.0
        unit = (
            root["mask_shade_unit"].number(min=1, max=1000) if "mask_shade_unit" in root else 200.0
        )
        outline = (30, 24, 20)
        if "outline" in root:
            ro, go, bo = (n.integer(min=0, max=255) for n in root["outline"].sequence(3, 3))
            outline = (ro, go, bo)
        entries = root["sheets"].mapping(required=REQUIRED)
        sheets = {
            name: _load_sheet(folder, name, entries[name], facings, unit, outline)
            for name in REQUIRED
        }
    except SpriteSheetError:
        raise
    except DataError as err:
        raise _checked(err) from None
    return SpriteSheets(sheets, px_per_m, unit)
