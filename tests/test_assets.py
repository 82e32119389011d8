"""Assets are checked at start-up: a damaged one stops a window or a screenshot in one line
naming it; the kiosk comes up without it (dots instead of sprites, pygame's own font), logs it,
and no zoom can reach it."""

from __future__ import annotations

import logging
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pygame
import pytest
from conftest import REAL_SCENARIO

from bench.kiosk_harness import VirtualClock
from game.kiosk.app import KioskApp
from game.kiosk.config import KioskConfig, LogConfig
from game.scenario.errors import DataError
from game.scenario.load import load_scenario
from game.view.assets import load_assets
from game.view.fonts import FONT_DIR
from game.view.soldiers import SPRITE_MIN_SCALE
from game.view.sprites import SPRITE_DIR, SpriteSheetError


@pytest.fixture
def damaged(tmp_path) -> Path:
    """The sprite sheets with one cut short, as a failed copy leaves it."""
    folder = tmp_path / "sprites"
    shutil.copytree(SPRITE_DIR, folder)
    sheet = folder / "infantry.png"
    sheet.write_bytes(sheet.read_bytes()[:300])
    return folder


def test_a_damaged_sprite_stops_start_up_in_one_line_naming_it(damaged):
    with pytest.raises(SpriteSheetError) as info:
        load_assets(sprite_dir=damaged)
    text = str(info.value)
    assert text.startswith(f"{damaged / 'infantry.png'}:0:0: (sprite sheet): ")
    assert "truncated" in text and "\n" not in text


def test_a_damaged_manifest_is_read_through_the_safe_loader(tmp_path):
    folder = tmp_path / "sprites"
    shutil.copytree(SPRITE_DIR, folder)
    manifest = folder / "sheets.yaml"
    manifest.write_text("px_per_m: 16\n" + manifest.read_text())  # a key twice
    with pytest.raises(SpriteSheetError, match=r"sheets\.yaml:\d+:1: px_per_m: duplicate key"):
        load_assets(sprite_dir=folder)


def test_a_damaged_font_stops_start_up_or_is_replaced_in_the_kiosk(tmp_path):
    folder = tmp_path / "fonts"
    shutil.copytree(FONT_DIR, folder)
    (folder / "DejaVuSans.ttf").write_bytes(b"\0" * 5000)
    with pytest.raises(DataError, match=r"DejaVuSans\.ttf:0:0: \(font\): damaged font"):
        load_assets(font_dir=folder)
    assets = load_assets(fallback=True, font_dir=folder)
    assert assets.fonts.render("Staff exit", "sans", 24, (255, 255, 255)).get_width() > 50
    assert len(assets.problems) == 1 and "DejaVuSans.ttf" in assets.problems[0]


def test_the_kiosk_draws_dots_past_the_sprite_zoom_with_a_damaged_sheet(damaged, tmp_path, caplog):
    clock = VirtualClock(5000.0)
    cfg = replace(KioskConfig(), log=LogConfig(folder=tmp_path / "log"), start="battle")
    assets = load_assets(fallback=True, sprite_dir=damaged)
    assert assets.sheets is None
    with caplog.at_level(logging.WARNING, logger="callinicum531"):
        app = KioskApp(
            load_scenario(REAL_SCENARIO),
            cfg,
            scale=100,
            precompute=False,
            clock=clock,
            assets=assets,
        )
    try:
        assert any("infantry.png" in r.getMessage() for r in caplog.records)
        w = app.window
        pb = w.playback
        x, y = pb.positions()[:, 0]
        w.camera.scale = SPRITE_MIN_SCALE * 4  # a visitor's pinch, far past the sprite zoom
        w.camera.x, w.camera.y = x - 200, y - 100
        app.session.attract = False  # a visitor's, not the tour's, camera
        clock.t += 1 / 60
        app.frame(1 / 60)  # the first zoom past 3 px/m crashed the kiosk
        assert w.camera.scale > SPRITE_MIN_SCALE and w.scene.soldiers.sheets is None
        assert np.ptp(pygame.surfarray.array3d(w.screen)) > 0
    finally:
        app.close()
