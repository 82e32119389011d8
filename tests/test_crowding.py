"""The crowded moments, as geometry: kind marks clear of each other, the caption off the blocks,
generals' households labelled first (the frames themselves: test_story_view)."""

from __future__ import annotations

import numpy as np
import pygame

from game.view.aside import step_aside
from game.view.blocks import clear_spot
from game.view.camera import Camera
from game.view.fonts import Fonts
from game.view.hint import HintPlacer
from game.view.hud import Block, HudState, layout_hud
from game.view.labels import HOUSEHOLD_FIRST, MAIN_BODY_FIRST, BannerPainter, banners_for
from game.view.options import HINT
from game.view.placement import place
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


def test_an_arrow_moves_the_caption_aside_but_never_narrows_it():
    """An arrow under the caption moves it along the foot where that clears it, but does not
    count as covered: narrowed (so taller) for arrows, the caption made the story camera draw
    back from the stand (the 1:1 hero's view 2.2 -> 5.5 km wide); only blocks narrow it."""
    units = units_for(SIZE)
    caption = Block("caption", pygame.Rect(360, 727, 1200, 167), ())
    arrow = pygame.Rect(420, 600, 14, 300)  # under the caption's left end
    [moved], covered = step_aside([caption], (), SIZE[0], units, (), 150, SIZE[1], soft=(arrow,))
    assert covered == 0 and not moved.box.colliderect(arrow), moved.box
    everywhere = tuple(pygame.Rect(x, 600, 14, 300) for x in range(0, SIZE[0], 100))
    _, covered = step_aside([caption], (), SIZE[0], units, (), 150, SIZE[1], soft=everywhere)
    assert covered == 0, "arrows alone count as covering the caption: it would narrow"


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


def _persian_banner(camera):
    one = np.ones(1)
    return banners_for(
        camera,
        ["Persian cavalry, right"],
        [(40, 110, 160)],
        one * 900,
        one * 560,
        np.array([3810.0]),
        np.stack([0 * one, -one]),  # facing north, at the stand: its rear to the south
        one * 40,
    )


def test_a_body_whose_near_places_are_all_taken_is_still_named_nearby():
    """The stand at 16:54: the Roman labels above, the caption below, the marks all round the
    Persian cavalry. Its name goes a little further out, clear of all of them."""
    pygame.font.init()
    camera = Camera(900, 540, 1.0, *SIZE)
    painter = BannerPainter(Fonts())
    [req] = painter.requests(_persian_banner(camera))
    taken = [req.rect_at(c) for c in req.candidates[: req.leader_from]]  # every near place is taken
    [(_, rect, _)] = place([req], taken, pygame.Rect(0, 0, *SIZE))
    assert rect.collidelist(taken) < 0
    h = req.surface.get_height()
    assert abs(rect.centerx - 900) <= rect.width / 2 + 5 * h and abs(rect.centery - 560) <= 6 * h


def test_a_name_placed_far_out_has_a_leader_line_and_a_name_close_by_has_none():
    """The line tells a visitor whose name it is; a name beside its body needs none."""
    pygame.font.init()
    camera = Camera(900, 540, 1.0, *SIZE)
    painter = BannerPainter(Fonts())
    [req] = painter.requests(_persian_banner(camera))
    taken = [req.rect_at(c) for c in req.candidates[: req.leader_from]]
    anchor = (round(req.anchor[0]), round(req.anchor[1]))
    for obstacles, drawn in ((taken, True), ([], False)):
        target = pygame.Surface(SIZE)
        target.fill((255, 255, 255))
        painter.leaders(target, place([req], obstacles, pygame.Rect(0, 0, *SIZE)))
        assert (target.get_at(anchor)[:3] != (255, 255, 255)) is drawn


def test_each_sides_biggest_body_on_screen_is_placed_before_the_rest():
    camera = Camera(900, 540, 1.0, *SIZE)
    n = np.ones(4)
    banners = banners_for(
        camera,
        ["Roman infantry", "Persian cavalry", "Picked horse (off screen)", "A household"],
        [(176, 48, 52)] + [(40, 110, 160)] * 3,
        np.array([900.0, 950.0, 5000.0, 1000.0]),
        n * 560,
        np.array([3600.0, 3810.0, 4560.0, 1800.0]),
        np.stack([0 * n, -n]),
        n * 40,
        households=[False, False, False, True],
        sides=["roman", "persian", "persian", "persian"],
    )
    weight = {b.text.split(" · ")[0]: b.weight for b in banners}
    assert weight["A household"] > weight["Roman infantry"] > weight["Picked horse (off screen)"]
    assert weight["Persian cavalry"] - 3810 == MAIN_BODY_FIRST < HOUSEHOLD_FIRST


HUD = HudState(
    title="The Battle of Callinicum",
    date="Easter Saturday (Holy Saturday), 19 April 531",
    time_of_day="14:12",
    phase="The blow on the Roman right",
    caption="At two-thirds of the day, the best Persian horse strike al-Harith's wing.",
    source="Procopius, Wars I.18",
    speed=1.0,
    paused=False,
    hint=HINT,
)


def _hud_at_the_blow():
    pygame.font.init()
    fonts, units = Fonts(), units_for(SIZE)
    return fonts, units, layout_hud(fonts, HUD, SIZE, 150, (0, 0), units)


def _box(blocks, name):
    return next(b.box for b in blocks if b.name == name)


def test_the_key_hint_steps_off_a_line_running_up_under_it():
    """14:13, the blow: the Roman line runs up the screen under the hint's left half."""
    fonts, units, blocks = _hud_at_the_blow()
    hint = _box(blocks, "hint")
    line = pygame.Rect(hint.x + hint.width // 4, 0, 14, 700)
    moved = HintPlacer(fonts).place(blocks, [line], units, HINT, HUD.phase, SIZE)
    box = _box(moved, "hint")
    assert not box.colliderect(line), box
    assert box.top == hint.top, "still along the top"
    assert box.collidelist([_box(moved, "title"), _box(moved, "clock")]) < 0
    sizes = {s.get_height() for b in moved if b.name == "hint" for s, _ in b.items}
    assert sizes == {s.get_height() for b in blocks if b.name == "hint" for s, _ in b.items}


def test_with_the_whole_top_taken_the_hint_goes_under_the_clock_clear_of_its_button():
    fonts, units, blocks = _hud_at_the_blow()
    title, clock = _box(blocks, "title"), _box(blocks, "clock")
    top = pygame.Rect(title.right, 0, clock.x - title.right, 400)  # blocks all along the top
    button = pygame.Rect(clock.right - 250, clock.bottom + 10, 250, 60)  # the Story button
    moved = HintPlacer(fonts).place(
        blocks, [top], units, HINT, HUD.phase, SIZE, (button,), SIZE[1] - 150
    )
    box = _box(moved, "hint")
    assert not box.colliderect(top) and not box.colliderect(button), box
    assert box.top > button.bottom and box.right == clock.right
    assert box.bottom <= SIZE[1] - 150
