"""What a visitor sees of the story: blocks and their marks, the story camera, event markers.

The real battle is played once per account (one agent per 20 men) and the frame a visitor sees
is drawn at a few moments, as the headless screenshot draws it; the tests read what was drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame
import pytest

from game.app.still import draw_still, visitor_camera
from game.scenario.codes import Kind
from game.sim.world import build_world, on_field
from game.timeline.playback import Playback
from game.view.bar_layout import BAR_HEIGHT
from game.view.blocks import DrawnBlock, Mark, draw_symbol
from game.view.camera import Camera
from game.view.layout import Layout
from game.view.moment import DIM
from game.view.scene import Scene
from game.view.story_camera import StoryCamera, block_rects, check_story
from game.view.timeline_bar import TimelineBar
from game.view.units import units_for
from tests.support.battles import EVERY

SCALE = 10  # as the whole-battle tests: the sources' order of events holds at this scale
SIZE = (1920, 1080)
SMALL = (1280, 720)
STAND = "the stand"  # a moment 30 battle seconds into the stand, whenever the account has it
NIGHT = "19:29"
LATE_STAND = "16:54"  # the Persians' charges crowd round the stand: at 1:1 the hero's moment
MOMENTS = {
    "procopius": ("10:40", "14:16", "14:38", STAND, LATE_STAND, NIGHT),
    "malalas": ("14:16", STAND),
}
ALSO_SMALL = {
    ("procopius", "10:40"),
    ("procopius", STAND),
    ("procopius", LATE_STAND),
    ("malalas", STAND),
    ("procopius", NIGHT),
}
"""Moments also drawn on a small screen (their frames keyed (account, when, SMALL))."""


@dataclass
class Frame:
    account: str
    when: str
    blocks: list[DrawnBlock]
    layout: Layout
    view: tuple[float, float, float, float]
    kinds: np.ndarray  # formation kinds at that moment
    commanded: np.ndarray  # a general of the formation still on the field
    stand_box: tuple[float, float, float, float] | None  # the men behind the shield wall
    dim: np.ndarray
    caption_number: int | None
    shots_hold: list[set[int]]  # per shot of the phase: the formations it holds in view
    size: tuple[int, int]
    arrows: tuple[pygame.Rect, ...] = ()  # the phase's arrows of movement, in short pieces


def _seconds(scenario, hhmm: str) -> float:
    h, m = hhmm.split(":")
    return scenario.clock.seconds_at(int(h) * 60 + int(m))


def _into_the_stand(battles, account: str, start: int, seconds: float = 30) -> int:
    """The tick a playback at `start` reaches by playing on, a battle second at a time, until
    the stand has begun (in Procopius when Belisarius' men dismount), and a little more: read
    off the shared straight run's snapshots (their events), not simulated again."""
    from game.view.phases import current_phase

    scenario = battles.scenario
    rate = scenario.clock.tick_rate
    phases = scenario.phases_for(account)
    tick = start
    while True:
        after = tick + -tick % EVERY  # the first kept snapshot at or after `tick`
        logged = battles.snapshot_at(min(after, scenario.clock.end_tick), account, SCALE)
        events = [e for e in logged["events"] if e.tick < tick]  # the world's own at `tick`
        if current_phase(phases, tick, events).id.startswith("stand"):
            return tick + round(seconds * rate)
        assert tick < scenario.clock.end_tick, "the stand never began"
        tick += rate


def _play_to(battles, pb: Playback, tick: int) -> None:
    """`pb` at `tick` as `pb.run_to(tick)` from tick 0 leaves it (the world at `tick`, the
    positions it is drawn between those of the tick before and its own), from the session's
    straight run (tests/support/battles.py) instead of a day simulated again."""
    battles.ready_to_seek(pb, tick - 1)
    pb.seek(tick - 1)
    pb.step_once()


@pytest.fixture(scope="module")
def frames(battles) -> dict[tuple[str, str], Frame]:
    """Each account's moments as a playback of the real battle reaches them, played from
    tick 0 (the session's straight run at SCALE: tests/test_battle.py's whole-day reports
    are the same runs, so the day is simulated once for both modules)."""
    scenario = battles.scenario
    rate = scenario.clock.tick_rate
    pygame.display.init()
    pygame.font.init()
    if pygame.display.get_surface() is None:
        pygame.display.set_mode(SIZE)
    out = {}
    for account, times in MOMENTS.items():
        pb = Playback(build_world(scenario, scale=SCALE, account=account))
        scene = Scene(scenario)
        tick = 0
        for when in times:
            if when == STAND:
                tick = _into_the_stand(battles, account, tick)
            else:
                tick = round(_seconds(scenario, when) * rate)
            _play_to(battles, pb, tick)
            for size in (SIZE, SMALL) if (account, when) in ALSO_SMALL else (SIZE,):
                key = (account, when) if size == SIZE else (account, when, size)
                out[key] = _frame(pb, scene, account, when, size)
    return out


def _frame(pb: Playback, scene: Scene, account: str, when: str, size) -> Frame:
    """The frame a visitor's `size` screen shows now (the story camera clear of its caption,
    as the headless screenshot and the window frame it), read back."""
    camera = visitor_camera(pb, size)
    _, layout = draw_still(pb, size, camera, scene=scene)
    camera = visitor_camera(pb, size, drawn=layout)
    _, layout = draw_still(pb, size, camera, scene=scene)
    w = pb.world
    s, f = w.soldiers, w.formations
    wall = on_field(s.state) & f.shield_wall[s.formation]
    box = None
    if wall.any():
        x, y = s.pos[0, wall], s.pos[1, wall]  # all but the odd straggler
        (ax, bx), (ay, by) = np.percentile(x, [1, 99]), np.percentile(y, [1, 99])
        box = (float(ax), float(ay), float(bx), float(by))
    m = scene.last_moment
    return Frame(
        account,
        when,
        list(scene.drawn_blocks),
        layout,
        camera.visible_world_rect(),
        f.kind.copy(),
        m.feet.commanded.copy(),
        box,
        m.dim.copy(),
        None if m.latest is None else m.latest.number,
        _shots_hold(pb, size, layout),
        size,
        scene.movement.boxes,
    )


def _shots_hold(pb: Playback, size, layout: Layout) -> list[set[int]]:
    """For each shot of the phase, the formations whose block the shot holds whole between
    the title (and hint) and the caption."""
    w = pb.world
    units = units_for(size)
    bar = TimelineBar(w.scenario).layout(size, (0, 0), units).bar_height
    story = StoryCamera(check_story(w.scenario), w.scenario, bar, units)
    story.clear_of_layout(layout)
    top, bottom = story.reserves()
    rects = block_rects(w, pb.positions())
    held = []
    for cam in story.shot_cameras(Camera(0, 0, 1.0, *size), w, pb.positions()):
        inside = set()
        for i, (x0, y0, x1, y1) in enumerate(rects):
            if np.isnan(x0):
                continue
            (sx0, sy0), (sx1, sy1) = cam.point_to_screen(x0, y0), cam.point_to_screen(x1, y1)
            if sx0 >= 0 and sx1 <= size[0] and sy0 >= top and sy1 <= size[1] - bottom:
                inside.add(i)
        held.append(inside)
    return held


EXPECTED_MARK = {
    Kind.INFANTRY: "infantry",
    Kind.ARCHER: "foot archers",
    Kind.LIGHT_INFANTRY: "light infantry",
    Kind.CAVALRY: "cavalry",
    Kind.HORSE_ARCHER: "horse archers",
    Kind.LIGHT_CAVALRY: "light cavalry",
}


def test_every_block_carries_the_mark_of_its_formations_kind(frames, real_scenario):
    named = real_scenario.wording.named
    seen = set()
    for fr in frames.values():
        assert fr.blocks, f"{fr.account} {fr.when}: no blocks at the overview"
        for b in fr.blocks:
            kind = Kind(int(fr.kinds[b.index]))
            assert b.mark.value == EXPECTED_MARK[kind], (fr.when, b.index, kind)
            assert b.flag == (named[b.index].household and bool(fr.commanded[b.index]))
            seen.add(b.mark)
    # Belisarius' men dismount and shoot from the stand: their mark turns to a bow
    late = {b.index: b.mark for b in frames[("procopius", STAND)].blocks}
    assert late[real_scenario.formation_index("belisarius")] is Mark.FOOT_ARCHERS
    assert seen >= {Mark.INFANTRY, Mark.CAVALRY, Mark.HORSE_ARCHERS, Mark.LIGHT_HORSE}


def _ink(mark: Mark) -> np.ndarray:
    """The dark strokes of a mark's symbol, (x, y) booleans, without the frame."""
    surf = draw_symbol(mark, False, (176, 48, 52), (240, 214, 130), 1.0)
    px = pygame.surfarray.array3d(surf).astype(int)
    ink = px.sum(axis=-1) < 300
    ink[:3, :] = ink[-3:, :] = False
    ink[:, :3] = False
    ink[:, 23:] = False  # the frame's bottom edge and the strength bar
    return ink


def _on_line(ink: np.ndarray, a: tuple[int, int], b: tuple[int, int]) -> float:
    """Share of the points between a and b (excluding their ends) that are inked."""
    t = np.linspace(0.25, 0.75, 11)
    xs = np.rint(a[0] + (b[0] - a[0]) * t).astype(int)
    ys = np.rint(a[1] + (b[1] - a[1]) * t).astype(int)
    near = [ink[x - 1 : x + 2, y - 1 : y + 2].any() for x, y in zip(xs, ys, strict=True)]
    return float(np.mean(near))


def test_the_marks_draw_what_they_stand_for():
    """Infantry crosses corner to corner; cavalry has one diagonal, rising; horse archers add
    an arrowhead at its top; foot archers a bow; light troops two dots (loose order)."""
    tl, br, bl, tr = (3, 3), (36, 22), (3, 22), (36, 3)
    for mark in Mark:
        ink = _ink(mark)
        rising, falling = _on_line(ink, bl, tr), _on_line(ink, tl, br)
        foot = mark in (Mark.INFANTRY, Mark.LIGHT_FOOT)
        horse = mark in (Mark.CAVALRY, Mark.HORSE_ARCHERS, Mark.LIGHT_HORSE)
        assert (rising > 0.9) == (foot or horse), mark
        assert (falling > 0.9) == foot, mark
    head = slice(26, 37), slice(3, 12)  # near the rising diagonal's top
    assert _ink(Mark.HORSE_ARCHERS)[head].sum() > _ink(Mark.CAVALRY)[head].sum() + 8
    for light, base in ((Mark.LIGHT_FOOT, Mark.INFANTRY), (Mark.LIGHT_HORSE, Mark.CAVALRY)):
        assert _ink(light).sum() > _ink(base).sum() + 6, "the dots of loose order"
    bow = _ink(Mark.FOOT_ARCHERS)
    assert bow[20:30, 4:20].sum() > 10, "a bow's arc and string"


def test_each_kind_mark_looks_different():
    masks = {}
    for mark in Mark:
        surf = draw_symbol(mark, False, (176, 48, 52), (240, 214, 130), 1.0)
        px = pygame.surfarray.array3d(surf).astype(int)
        masks[mark] = px.sum(axis=-1) < 300  # the dark strokes of the mark and frame
    for a in Mark:
        for b in Mark:
            if a is not b:
                assert (masks[a] != masks[b]).sum() > 12, f"{a} and {b} look alike"


def _deep_water(real_scenario, view) -> int:
    bmap = real_scenario.map
    deep = np.array([t.look == "deep_water" for t in bmap.types])[bmap.terrain]
    t = bmap.tile_size
    x0, y0, x1, y1 = view
    r0, r1 = max(0, int(y0 // t)), min(bmap.rows, int(np.ceil(y1 / t)))
    c0, c1 = max(0, int(x0 // t)), min(bmap.cols, int(np.ceil(x1 / t)))
    return int(deep[r0:r1, c0:c1].sum())


@pytest.mark.parametrize("account", ["procopius", "malalas"])
def test_during_the_stand_the_camera_shows_the_stand_and_the_river(frames, real_scenario, account):
    fr = frames[(account, STAND)]
    assert fr.stand_box is not None, "a shield wall stands by then"
    x0, y0, x1, y1 = fr.view
    # the free part of the screen, above the caption (and the bar), holds the whole stand
    free = fr.layout["caption"].top if "caption" in fr.layout else SIZE[1] - BAR_HEIGHT
    bottom = y0 + free * (y1 - y0) / SIZE[1]
    sx0, sy0, sx1, sy1 = fr.stand_box
    assert x0 <= sx0 and sx1 <= x1 and y0 <= sy0 and sy1 <= bottom, (fr.view, fr.stand_box)
    tile_area = real_scenario.map.tile_size**2
    assert _deep_water(real_scenario, (x0, y0, x1, bottom)) * tile_area >= 0.1e6, (
        "a stretch of deep water (>= 0.1 km2) in view"
    )


def test_the_blow_frames_the_roman_right(frames, real_scenario):
    fr = frames[("procopius", "14:16")]
    _, y0, _, y1 = fr.view
    arabs = real_scenario.formation_index("harith")
    block = next(b for b in fr.blocks if b.index == arabs)
    assert block.corners[:, 1].max() < SIZE[1] - BAR_HEIGHT, "the Ghassanids above the bar"
    assert y1 - y0 < 4000, "closer than the whole battlefield"


def test_labels_markers_the_hud_and_the_bar_never_overlap(frames):
    markers = 0
    for fr in frames.values():
        assert fr.layout.overlaps() == [], (fr.account, fr.when, fr.layout.overlaps())
        assert fr.layout.off_screen() == []
        markers += len(fr.layout.under("label.event."))
        for b in fr.blocks:  # no label lies on a block's symbol
            for name, rect in fr.layout.under("label."):
                assert not rect.colliderect(b.symbol), (fr.when, name)
    assert markers >= 3, "numbered event markers are on the map"


def test_the_caption_and_the_map_show_the_same_event_number(frames):
    keyed = 0
    for fr in frames.values():
        if fr.caption_number is None:
            continue
        assert "caption" in fr.layout.report()
        if f"label.event.{fr.caption_number}" in fr.layout:
            keyed += 1
    assert keyed >= 2


def test_the_spotlight_keeps_the_blows_formations_bright(frames, real_scenario):
    fr = frames[("procopius", "14:16")]
    for fid in ("persian_reserve", "harith", "harith_guard"):
        assert fr.dim[real_scenario.formation_index(fid)] == 1.0
    assert fr.dim[real_scenario.formation_index("peter")] == DIM
    assert (frames[("procopius", "10:40")].dim == 1.0).all(), "deployment: nobody is dimmed"


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["1920x1080", "1280x720"])
@pytest.mark.parametrize("account", ["procopius", "malalas"])
def test_at_the_stand_no_block_lies_under_the_caption(frames, real_scenario, account, size):
    """The README's hero: the stand, the Persians charging it and the river, every block
    clear of the caption (a block half under it reads as cut off)."""
    fr = frames[(account, STAND)] if size == SIZE else frames[(account, STAND, size)]
    caption = fr.layout["caption"]
    under = [real_scenario.formations[b.index].id for b in fr.blocks if b.box.colliderect(caption)]
    assert under == [], (account, size, under)
    assert fr.blocks, "the stand's blocks are in view"


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["1920x1080", "1280x720"])
def test_belisarius_boat_is_labelled(frames, size):
    """Procopius: after dark Belisarius crosses in a freight boat (Malalas: he takes to a boat
    at the stand). The boat's tag is placed on either screen, the river's name giving way."""
    for account, when in (("procopius", NIGHT), ("malalas", STAND)):
        fr = frames[(account, when)] if size == SIZE else frames[(account, when, size)]
        assert "label.boat.0" in fr.layout, (account, when, size)


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["1920x1080", "1280x720"])
def test_the_deployment_shots_walk_the_whole_roman_line(frames, real_scenario, size):
    """Both armies form up: the Roman line is 4 km long, more than one shot holds above the
    caption, so the phase's shots between them hold every Roman formation whole, al-Harith's
    Ghassanids at its far right included."""
    fr = frames[("procopius", "10:40")] if size == SIZE else frames[("procopius", "10:40", size)]
    seen = set().union(*fr.shots_hold)
    roman = {i for i, f in enumerate(real_scenario.formations) if f.side.name == "ROMAN"}
    ids = [real_scenario.formations[i].id for i in sorted(roman - seen)]
    assert ids == [], f"never framed whole: {ids}"
    assert real_scenario.formation_index("harith") in seen


def test_no_place_name_runs_across_a_block(frames):
    """ "Rising ground" lay across the Roman and Persian blocks at the blow: names give way to
    the armies, blocks and all (not only their kind marks)."""
    for fr in frames.values():
        boxes = [b.box for b in fr.blocks]
        across = [n for n, r in fr.layout.under("label.place.") if r.collidelist(boxes) >= 0]
        assert across == [], (fr.account, fr.when, fr.size, across)


def test_no_two_kind_marks_overlap(frames):
    """At the stand Persian and Roman blocks lie over each other: their marks are placed clear
    of one another, each still near its block, so every one can be read."""
    for key, fr in frames.items():
        marks = [b.symbol for b in fr.blocks]
        for i, a in enumerate(marks):
            hit = a.collidelist(marks[i + 1 :])
            assert hit < 0, (key, fr.blocks[i].index, fr.blocks[i + 1 + hit].index)
        for b in fr.blocks:  # a moved mark stays within a few marks' size of its block
            cx, cy = b.corners.mean(axis=0)
            assert abs(b.symbol.centerx - cx) <= 2.5 * b.symbol.width, (key, b.index)
            assert abs(b.symbol.centery - cy) <= 3.5 * b.symbol.height, (key, b.index)


def test_the_caption_covers_no_block_at_the_blow(frames, real_scenario):
    """14:16, the blow: the long Roman line runs down the screen; the caption steps aside (or
    narrows) along the screen's foot instead of lying over it."""
    fr = frames[("procopius", "14:16")]
    caption = fr.layout["caption"].inflate(16, 16)  # a block ending on its edge runs under it
    under = [real_scenario.formations[b.index].id for b in fr.blocks if b.box.colliderect(caption)]
    assert under == [], under


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["1920x1080", "1280x720"])
@pytest.mark.parametrize(
    "account,when", [("procopius", STAND), ("procopius", LATE_STAND), ("malalas", STAND)]
)
def test_at_the_stand_the_caption_hides_no_more_of_the_arrows_than_centred(
    frames, account, when, size
):
    """The Persians' charges come from the south in long arrows that ran under the centred
    caption to the bar: the caption moves along the foot off them where it can (it narrows
    for blocks only: for arrows the story camera drew back from the stand)."""
    fr = frames[(account, when)] if size == SIZE else frames[(account, when, size)]
    assert fr.arrows, "the charges' arrows are drawn"
    cap = fr.layout["caption"]
    centred = cap.move(fr.size[0] // 2 - cap.centerx, 0)

    def hidden(box):
        return sum(a.clip(box).width * a.clip(box).height for a in fr.arrows)

    assert hidden(cap) <= hidden(centred), (account, when, size, cap)


def test_no_formations_name_lies_across_an_arrow(frames):
    for key, fr in frames.items():
        across = [
            n for n, r in fr.layout.under("label.formation.") if r.collidelist(fr.arrows) >= 0
        ]
        assert across == [], (key, across)
