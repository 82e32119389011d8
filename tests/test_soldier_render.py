"""The soldier renderer: splats far away, sprites close up, bounded caches, clear load errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pygame
import pytest

from game.scenario.codes import Kind
from game.sim.codes import State
from game.view import sprites as sprites_mod
from game.view.camera import Camera
from game.view.soldiers import SPRITE_MIN_SCALE, SoldierRenderer
from game.view.sprites import SPRITE_DIR, SpriteSheetError, load_sprite_sheets

BG = (10, 20, 30)
RED = (200, 30, 40)
BLUE = (30, 60, 200)
GOLD = (230, 200, 90)
WHITE = (230, 230, 230)
PALETTES = np.array([(RED, GOLD), (BLUE, WHITE)], np.uint8)


SHEETS = load_sprite_sheets(SPRITE_DIR)


@pytest.fixture(scope="module")
def sheets():
    return SHEETS


def soldiers(xy, kind=Kind.INFANTRY, formation=0, facing=(1.0, 0.0), state=State.FORMED):
    n = len(xy)
    return dict(
        pos=np.asarray(xy, np.float32).reshape(n, 2).T.copy(),  # (2, N), as the tables hold it
        facing=np.tile(np.asarray(facing, np.float32), (n, 1)).T.copy(),
        kind=np.full(n, kind, np.uint8),
        formation=np.full(n, formation, np.int32)
        if np.isscalar(formation)
        else np.asarray(formation, np.int32),
        state=np.full(n, state, np.uint8),
        gait=np.zeros(n, np.float32),
    )


def draw(renderer, surf, cam, s, palettes=PALETTES):
    renderer.draw(
        surf, cam, s["pos"], s["facing"], s["kind"], s["formation"], s["state"], s["gait"], palettes
    )


def canvas(w=200, h=120):
    surf = pygame.Surface((w, h))
    surf.fill(BG)
    return surf


def colour_close(got, want, tol=60):
    return all(abs(int(g) - int(w)) <= tol for g, w in zip(got[:3], want, strict=True))


def test_splats_paint_each_formations_colour_at_its_soldiers_screen_position():
    cam = Camera(0.0, 0.0, 1.0, 200, 120)  # 1 px/m: 2x2 splats
    s = soldiers([(-50.0, 0.0), (40.0, 20.0)], formation=[0, 1])
    surf = canvas()
    draw(SoldierRenderer(SHEETS), surf, cam, s)
    (x0, y0), (x1, y1) = cam.world_to_screen(s["pos"]).T.astype(int)
    assert colour_close(surf.get_at((int(x0), int(y0))), RED)
    assert colour_close(surf.get_at((int(x1), int(y1))), BLUE)


def test_dead_are_drawn_darker_than_the_living_and_fled_not_at_all():
    cam = Camera(0.0, 0.0, 1.0, 200, 120)
    s = soldiers([(-50.0, 0.0), (0.0, 0.0), (50.0, 0.0)])
    s["state"][:] = (State.FORMED, State.DEAD, State.FLED)
    surf = canvas()
    draw(SoldierRenderer(SHEETS), surf, cam, s)
    xy = cam.world_to_screen(s["pos"]).T.astype(int)
    live, dead, fled = (surf.get_at((int(x), int(y))) for x, y in xy)
    assert sum(dead[:3]) < sum(live[:3]) and tuple(dead[:3]) != BG
    assert tuple(fled[:3]) == BG


def test_sprites_at_8_px_per_metre_draw_pixels_around_the_soldier():
    cam = Camera(0.0, 0.0, 8.0, 200, 120)
    surf = canvas()
    draw(SoldierRenderer(SHEETS), surf, cam, soldiers([(0.0, 0.0)], kind=Kind.CAVALRY))
    px = pygame.surfarray.array3d(surf)
    changed = np.argwhere(np.any(px != np.array(BG), axis=-1))
    assert len(changed) > 50
    cx, cy = changed.mean(axis=0)
    assert abs(cx - 100) < 16 and abs(cy - 60) < 24


def test_a_soldier_facing_east_and_one_facing_west_look_different():
    cam = Camera(0.0, 0.0, 8.0, 200, 120)
    images = []
    for facing in ((1.0, 0.0), (-1.0, 0.0)):
        surf = canvas()
        draw(
            SoldierRenderer(SHEETS),
            surf,
            cam,
            soldiers([(0.0, 0.0)], kind=Kind.CAVALRY, facing=facing),
        )
        images.append(pygame.surfarray.array3d(surf))
    assert np.any(images[0] != images[1])


def test_sprite_mode_starts_at_the_documented_scale():
    s = soldiers([(0.0, 0.0)])
    below, above = canvas(), canvas()
    draw(SoldierRenderer(SHEETS), below, Camera(0.0, 0.0, SPRITE_MIN_SCALE * 0.99, 200, 120), s)
    draw(SoldierRenderer(SHEETS), above, Camera(0.0, 0.0, SPRITE_MIN_SCALE * 1.01, 200, 120), s)
    changed = [
        int(np.any(pygame.surfarray.array3d(x) != np.array(BG), -1).sum()) for x in (below, above)
    ]
    assert changed[0] == 9  # one 3x3 splat
    assert changed[1] != 9


def test_scaled_cache_stays_under_its_cap(sheets, monkeypatch):
    monkeypatch.setattr(sprites_mod, "SCALED_CACHE_CAP", 5)
    sheets.clear()
    for b in range(-6, 1):
        for pal in (RED, BLUE):
            sheets.frames("infantry", pal, GOLD, b)
            assert sheets.scaled_cache_len <= 5
    assert sheets.scaled_cache_len == 5


def test_missing_sheet_names_the_file_in_one_line(tmp_path: Path):
    folder = tmp_path / "sprites"
    shutil.copytree(SPRITE_DIR, folder)
    (folder / "cavalry.png").unlink()
    with pytest.raises(SpriteSheetError) as err:
        load_sprite_sheets(folder)
    msg = str(err.value)
    assert "cavalry.png:0:0: (file): file not found" in msg
    assert "tools/make_sprites.py" in msg and "\n" not in msg


def test_a_sheet_of_the_wrong_size_is_reported_as_bad(tmp_path: Path):
    folder = tmp_path / "sprites"
    shutil.copytree(SPRITE_DIR, folder)
    pygame.image.save(pygame.Surface((3, 3), pygame.SRCALPHA), str(folder / "archer.png"))
    with pytest.raises(
        SpriteSheetError, match=r"archer\.png:0:0: \(sprite sheet\): bad sprite sheet"
    ):
        load_sprite_sheets(folder)


@pytest.mark.parametrize("scale", [0.25, 1.0, 2.0, 8.0])
def test_empty_input_draws_nothing(scale):
    surf = canvas()
    draw(
        SoldierRenderer(SHEETS), surf, Camera(0.0, 0.0, scale, 200, 120), soldiers(np.zeros((0, 2)))
    )
    assert not np.any(pygame.surfarray.array3d(surf) != np.array(BG))


@pytest.mark.parametrize("scale", [0.25, 1.0, 2.0, 8.0])
def test_a_one_pixel_target_draws_what_fits_in_it(scale):
    """A minimised or 1x1 window must not crash the renderer (the splats index the pixels
    flat). Far out the pixel shows the soldier under it; closer, his splat does not fit in it
    whole and is left out."""
    surf = pygame.Surface((1, 1))
    surf.fill(BG)
    s = soldiers([(0.0, 0.0), (1.0, 1.0), (500.0, 500.0)], kind=Kind.COMMANDER)
    s["state"][1] = State.DEAD
    draw(SoldierRenderer(SHEETS), surf, Camera(0.0, 0.0, scale, 1, 1), s)
    assert surf.get_size() == (1, 1)
    if scale == 0.25:
        assert colour_close(surf.get_at((0, 0)), RED)


@pytest.mark.parametrize("scale", [0.25, 8.0])
def test_soldiers_all_off_screen_draw_nothing(scale):
    surf = canvas()
    s = soldiers([(1e5, 1e5), (-1e5, 0.0)])
    draw(SoldierRenderer(SHEETS), surf, Camera(0.0, 0.0, scale, 200, 120), s)
    assert not np.any(pygame.surfarray.array3d(surf) != np.array(BG))


def test_every_kind_routing_and_dead_draw_with_sprites():
    cam = Camera(0.0, 0.0, 6.0, 200, 120)
    kinds = list(Kind)
    s = soldiers([(i * 4.0 - 12.0, 0.0) for i in range(len(kinds))])
    s["kind"][:] = kinds
    s["state"][0] = State.ROUTING
    s["state"][1] = State.DEAD
    s["gait"][:] = np.linspace(0, 0.99, len(kinds))
    surf = canvas()
    draw(SoldierRenderer(SHEETS), surf, cam, s)
    assert np.any(pygame.surfarray.array3d(surf) != np.array(BG))
