"""Reduced motion (the kiosk's accessibility setting, WCAG 2.3.3): nothing on the map moves
but the battle itself. The story camera stands still (test_campaign_app, test_kiosk); the
story's numbered markers keep their places instead of hopping from spot to spot round their
event as the blocks and banners near them move (they did, several times a minute).

Nothing of the story pulses or blinks in any mode (the markers, arrows and ghosts are drawn
from the battle's own state: the arrows grow as the formations move, once a battle second);
the kiosk's touch hint, which breathes, stands still with reduced motion (test_kiosk).
"""

from __future__ import annotations

import pygame
import pytest

from game.app.still import draw_still, visitor_camera
from game.sim.world import build_world
from game.timeline.playback import Playback
from game.view.options import ViewOptions
from game.view.placement import GAP_PX
from game.view.scene import Scene

SIZE = (1920, 1080)
FRAMES = 60  # half a battle second apart: 30 s of the blow and the collapse


def _hops(battles, still: bool) -> tuple[int, list[str]]:
    """Play from 14:10 and count the markers' moves; those made while their last place was
    still free (nothing else lies there now) are listed."""
    tick = battles.tick_at("14:10")
    tick -= tick % 60
    pb = Playback(build_world(battles.scenario, scale=100))
    battles.ready_to_seek(pb, tick)
    pb.seek(tick)
    scene = Scene(battles.scenario)
    camera = visitor_camera(pb, SIZE)  # held: the camera does not move the markers
    options = ViewOptions(story=True, still=still)
    last: dict[str, pygame.Rect] = {}
    moves, free_moves = 0, []
    for k in range(FRAMES):
        pb.run_to(pb.world.tick + 10)
        _, layout = draw_still(pb, SIZE, camera, scene=scene, options=options, complete=False)
        boxes = [r for _, r in layout.items() if r.w * r.h < SIZE[0] * SIZE[1] / 2]
        boxes += [b.symbol for b in scene.drawn_blocks]
        for name, rect in layout.under("label.event."):
            before = last.get(name)
            if before is not None and before.topleft != rect.topleft:
                moves += 1
                others = [r for r in boxes if r != rect]
                taken = before.inflate(2 * GAP_PX, 2 * GAP_PX).collidelist(others) >= 0
                if not taken and layout.screen.contains(before):
                    free_moves.append(f"{name} at frame {k}")
            last[name] = rect
    return moves, free_moves


@pytest.fixture(scope="module")
def hops(battles):
    pygame.display.init()
    pygame.font.init()
    if pygame.display.get_surface() is None:
        pygame.display.set_mode(SIZE)
    return {still: _hops(battles, still) for still in (False, True)}


def test_with_reduced_motion_a_marker_keeps_its_place_while_it_is_free(hops):
    _moves, free_moves = hops[True]
    assert free_moves == [], free_moves


def test_without_it_the_markers_take_the_nearest_free_spot_each_frame(hops):
    """(What reduced motion changes: the markers do move without it, so the test above can
    fail.)"""
    moves, free_moves = hops[False]
    assert free_moves, (moves, "no marker ever moved from a free place: nothing to keep still")
