"""The story camera eases its zoom a hair every frame (issue #15: playing at 1x): the chunks it
resamples the fast way mid-zoom are kept while they keep their size in px, and a frame drawn
from them is byte for byte the frame drawn with nothing kept."""

from __future__ import annotations

import pygame
import pytest

from game.view.camera import Camera
from game.view.terrain import TerrainPainter
from game.view.terrain import chunks as chunks_module

SIZE = (1024, 600)
SCALE = 0.6  # px/m: between two levels, so every chunk is resampled
CENTRE = (4000.0, 3000.0)


@pytest.fixture(scope="module")
def bmap(real_scenario):
    pygame.display.init()
    if pygame.display.get_surface() is None:
        pygame.display.set_mode(SIZE)
    return real_scenario.map


def _frame(painter: TerrainPainter, scale: float) -> bytes:
    target = pygame.Surface(SIZE)
    painter.draw(target, Camera(*CENTRE, scale, *SIZE), max_new_bands=None)
    return pygame.image.tobytes(target, "RGB")


def _zoom(painter: TerrainPainter, steps: int, step: float) -> list[bytes]:
    """A zoom from SCALE by `step` a frame (every frame mid-zoom: resampled the fast way)."""
    return [_frame(painter, SCALE * step**k) for k in range(steps)]


def _forget_rough(painter: TerrainPainter) -> None:
    """Drop the chunks resampled the fast way: the painter makes them afresh each frame."""
    painter._pyramid.rough.clear()


def test_a_chunk_resampled_mid_zoom_is_made_once_while_its_size_holds(bmap, monkeypatch):
    painter = TerrainPainter(bmap)
    _frame(painter, SCALE / 1.01)  # (the chunks painted; then a zoom begins)
    made = []
    scale = pygame.transform.scale
    monkeypatch.setattr(
        chunks_module.pygame.transform, "scale", lambda *a: made.append(1) or scale(*a)
    )
    step = 1.000001  # sizes in px unchanged from frame to frame
    frames = _zoom(painter, 1, step)
    first = len(made)
    frames += [_frame(painter, SCALE * step**k) for k in range(1, 6)]
    assert not painter.complete  # (mid-zoom: resampled the fast way, not exact)
    assert first > 0 and len(made) == first  # all made in the first frame, none after
    assert len(set(frames)) == 1


def test_a_zoom_over_kept_chunks_draws_what_a_painter_keeping_none_draws(bmap):
    painter, reference = TerrainPainter(bmap), TerrainPainter(bmap)
    for p in (painter, reference):
        _frame(p, SCALE / 1.01)
    step = 1.004  # sizes change every few frames: some chunks kept, some made again
    for k in range(12):
        _forget_rough(reference)
        want = _frame(reference, SCALE * step**k)
        assert _frame(painter, SCALE * step**k) == want, f"frame {k} of the zoom differs"
    assert len(painter._pyramid.rough) > 0
