"""The formation blocks kept as sprites at the overview (`game/view/block_sprites.py`): a block
whose pixels have not changed is blitted, and whatever a visitor would see change (the block
moving, turning, closing in melee, wavering, routing, dimmed by the spotlight, another zoom) is
drawn afresh: the kept layer's frame is byte for byte a fresh layer's. The sprite blends the
map under it as drawing the block there does."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pygame
import pytest

from game.sim.codes import FormationState
from game.view import strokes
from game.view.block_sprites import BlockSprites, Body, paint_strokes
from game.view.blocks import BlockLayer
from game.view.camera import Camera
from tests.support.footprints import holding_blocks

SIZE = (480, 300)


def _noise() -> pygame.Surface:
    """A busy ground (men, terrain): blending errors show on it."""
    surf = pygame.Surface(SIZE)
    rng = np.random.default_rng(531)
    pygame.surfarray.blit_array(surf, rng.integers(0, 256, (*SIZE, 3), dtype=np.uint8))
    return surf


class Field:
    """Four formations' footprints at the overview (one of them allied: striped)."""

    def __init__(self, scenario):
        self.scenario = scenario
        n = len(scenario.formations)
        named = scenario.wording.named
        allied = next(i for i in range(n) if named[i].allied)
        self.rows = [0, 1, 2, allied]

        def per(value, dtype=np.float64):
            return np.full(n, value, dtype)

        x, men = per(np.nan), per(0.0)
        for k, i in enumerate(self.rows):
            x[i] = 500.0 + 500.0 * k
            men[i] = 2000.0
        self.feet = holding_blocks(n, x, men, front=380.0, depth=140.0)
        self.kinds = np.array([f.kind for f in scenario.formations], np.uint8)
        self.men_start = per(2000.0)
        self.dim = per(1.0)
        self.camera = Camera(1250.0, 1000.0, 0.2, *SIZE)  # 0.2 px/m: the overview

    def draw(self, layer: BlockLayer) -> bytes:
        surf = _noise()
        layer.draw(surf, self.camera, self.feet, self.kinds, self.men_start, self.dim)
        return pygame.image.tobytes(surf, "RGB")

    def column(self, name: str, k: int, value) -> None:
        """Change formation `k`'s `name` in the footprints (a fresh copy of the column)."""
        col = getattr(self.feet, name).copy()
        col[self.rows[k]] = value
        self.feet = replace(self.feet, **{name: col})


def _fresh(scenario) -> BlockLayer:
    """The reference: a layer that keeps no sprite (each block drawn into a new one)."""
    layer = BlockLayer(scenario)
    layer.sprites = BlockSprites(kept=0)
    return layer


@pytest.fixture
def field(real_scenario):
    pygame.display.init()
    return Field(real_scenario)


def test_a_block_that_has_not_changed_is_blitted_not_redrawn(field):
    layer = BlockLayer(field.scenario)
    first = field.draw(layer)
    made = layer.sprites.made
    # each block's body is drawn once into a sprite (two of one side, shape and state share it)
    assert 0 < made <= len(field.rows)
    assert field.draw(layer) == first
    assert layer.sprites.made == made, "an unchanged block was drawn again"
    field.column("x", 0, float(field.feet.x[field.rows[0]]) + 5.0)  # 1 px at 0.2 px/m
    field.draw(layer)
    assert layer.sprites.made == made, "a block moved by whole pixels is the same sprite"


CHANGES = {
    "moves by a fraction of a pixel": ("x", 1, 1002.6),  # its corners round elsewhere
    "turns": ("fx", 1, 0.2),
    "turns the other way": ("fx", 1, -0.2),  # (the same size of sprite, mirrored)
    "grows deeper": ("depth", 2, 190.0),
    "closes in melee": ("engaged", 0, True),
    "wavers": ("morale", 0, 0.3),
    "routs": ("state", 2, FormationState.ROUTING),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_after_a_change_the_kept_layer_draws_what_a_fresh_one_draws(field, change):
    layer = BlockLayer(field.scenario)
    if change == "turns the other way":
        _change(field, "turns")
    before = field.draw(layer)
    _change(field, change)
    got = field.draw(layer)
    assert got != before, "the change shows"
    assert got == field.draw(_fresh(field.scenario)), "a kept sprite of another look was blitted"


def _change(field: Field, change: str) -> None:
    name, k, value = CHANGES[change]
    field.column(name, k, value)
    if name == "fx":  # a unit vector
        field.column("fy", k, -float(np.sqrt(1 - value * value)))


def test_after_the_spotlight_dims_a_block_it_is_drawn_dimmed(field):
    layer = BlockLayer(field.scenario)
    field.draw(layer)
    field.dim = field.dim.copy()
    field.dim[field.rows[3]] = 0.45
    assert field.draw(layer) == field.draw(_fresh(field.scenario))


def test_after_a_zoom_the_blocks_are_drawn_at_the_new_size(field):
    layer = BlockLayer(field.scenario)
    field.draw(layer)
    for scale in (0.26, 0.8, 1.6, 2.6):  # the overview, then the fill and outline fading out
        field.camera = Camera(1250.0, 1000.0, scale, *SIZE)
        assert field.draw(layer) == field.draw(_fresh(field.scenario)), scale


def test_a_sprite_blends_the_map_under_it_as_drawing_the_block_there_does(field):
    """Sprite against the direct drawing of the same body at the same (whole-pixel) corners,
    on a noisy ground: within two levels of rounding, everywhere."""
    layer = BlockLayer(field.scenario)
    pts = [(40.0, 60.0), (300.0, 20.0), (330.0, 150.0), (70.0, 190.0)]
    for body in (
        Body((200, 60, 50), 217, None, None, (120, 36, 30), False),
        Body((70, 140, 190), 108, (180, 210, 230), (230, 230, 220), (40, 84, 114), True),
    ):
        direct, kept = _noise(), _noise()
        strokes.fill_polygon(direct, body.fill, body.fill_alpha, pts)
        paint_strokes(direct, pts, body, 1.0, 255)
        assert layer.sprites.draw(kept, pts, body)
        a = pygame.surfarray.array3d(direct).astype(int)
        b = pygame.surfarray.array3d(kept).astype(int)
        assert np.abs(a - b).max() <= 2, body
