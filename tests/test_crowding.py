"""The crowded moments, as geometry: kind marks clear of each other, the caption off the blocks,
generals' households labelled first (the frames themselves: test_story_view)."""

from __future__ import annotations

import numpy as np
import pygame

from game.view.blocks import clear_spot
from game.view.camera import Camera
from game.view.hud import Block, step_aside
from game.view.labels import HOUSEHOLD_FIRST, banners_for
from game.view.units import units_for

SIZE = (1920, 1080)


def test_marks_in_one_place_spread_out_and_stay_near():
    taken: list[pygame.Rect] = []
    for _ in range(5):  # five blocks' marks all wanting the same spot
        taken.append(clear_spot(pygame.Rect(900, 500, 40, 34), taken))
    for i, a in enumerate(taken):
        assert a.collidelist(taken[i + 1 :]) < 0
        assert abs(a.centerx - 920) <= 2 * 43 and abs(a.centery - 517) <= 2 * 37
    assert taken[0] == pygame.Rect(900, 500, 40, 34), "the first keeps its place"


def test_the_caption_steps_off_a_block_beside_it():
    units = units_for(SIZE)
    caption = Block("caption", pygame.Rect(360, 727, 1200, 167), ())
    line = pygame.Rect(420, 200, 14, 600)  # a long line running down under the caption's left
    [moved], covered = step_aside([caption], (line,), SIZE[0], units, (), 150, SIZE[1])
    assert covered == 0 and not moved.box.colliderect(line), moved.box
    [kept], _ = step_aside([caption], (pygame.Rect(300, 100, 14, 300),), SIZE[0], units)
    assert kept.box == caption.box, "nothing under it: it stays centred"


def test_a_household_is_labelled_before_a_bigger_body():
    camera = Camera(0, 0, 1.0, *SIZE)
    one = np.ones(2)
    banners = banners_for(
        camera,
        ["Picked horse", "The general's household"],
        [(60, 120, 180), (180, 40, 40)],
        one * 100,
        one * 100,
        np.array([4800.0, 1900.0]),
        np.stack([one, 0 * one]),
        one * 20,
        households=[False, True],
    )
    assert banners[1].weight > banners[0].weight
    assert banners[1].weight - banners[0].weight < HOUSEHOLD_FIRST
