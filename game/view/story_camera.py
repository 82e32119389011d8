"""The story camera: frames each phase's action, as a narrated battle map does.

What to frame is data (`tour.yaml` beside the scenario): for each phase, shots naming the
formations the caption is about (and `water`, the nearest stretch of deep water, so that "backs
to the river" shows the river), and the formations its caption names (the spotlight). Each
frame the camera eases towards the rectangle holding those formations' men, so it follows the
battle as the simulation plays it out instead of pointing at fixed places. Easing is in wall
time and slow: a museum screen must be calm.

The window and the kiosk share it: in the window it runs until the visitor pans or zooms (then
a button or the S key gives the camera back); in the kiosk's attract loop it is the tour. With
reduced motion it shows one still view and never moves.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from game.scenario.specs import Scenario
from game.scenario.yamlsafe import Node, load_yaml
from game.sim.world import World
from game.view.camera import MAX_SCALE, MIN_SCALE, Camera
from game.view.framing import Framing, Rect, block_rects, formations_rect, rects_of
from game.view.layout import Layout
from game.view.phases import current_phase
from game.view.steady import SteadyEase
from game.view.units import UNSCALED, Units

Measured = tuple[Rect, np.ndarray, Rect | None]
"""A shot measured at a tick: its rectangle (water included), the other formations' blocks,
and its formations' own rectangle."""
MAX_STEP_S = 0.5
WATER = "water"
WATER_REACH_M = 2500.0
"""How far from a shot the camera looks for the river to frame with it."""
WATER_WIDTH_M = 400.0
WATER_DEPTH_M = 120.0
"""The stretch of river framed with a shot: this wide along the bank, this far out from it
(enough to read as the river behind the stand, little enough that the stand is framed close)."""


@dataclass(frozen=True)
class Shot:
    formations: tuple[int, ...] | None  # None: every man on the field
    water: bool = False  # frame the nearest stretch of deep water too


@dataclass(frozen=True)
class PhaseStory:
    shots: tuple[Shot, ...]
    spotlight: tuple[int, ...] = ()  # formations the caption names; none: nobody is dimmed


@dataclass(frozen=True)
class StorySpec:
    ease_s: float
    dwell_s: float
    margin: float
    max_scale: float
    still_view: Rect
    phases: dict[str, PhaseStory]


def story_path(scenario: Scenario) -> Path:
    """The story camera's data lives beside the scenario."""
    return scenario.path.parent / "tour.yaml"


def check_story(scenario: Scenario) -> StorySpec:
    """The scenario's story camera: its `tour.yaml` if there is anything by that name (a folder,
    a FIFO or a damaged file is refused in one line), else the default story (a small battle
    needs none)."""
    path = story_path(scenario)
    if path.exists() or path.is_symlink():
        return load_story(path, scenario)
    return default_story(scenario)


def load_story(path: Path, scenario: Scenario) -> StorySpec:
    """Read and check a story camera file against its scenario; one-line `DataError`."""
    root = load_yaml(path).mapping(
        required=("ease_s", "dwell_s", "margin", "max_scale", "still_view", "phases")
    )
    w, h = scenario.map.width_m, scenario.map.height_m
    box = root["still_view"].sequence(4, 4)
    x0, y0, x1, y1 = (box[i].number(0, w if i % 2 == 0 else h) for i in range(4))
    if x1 <= x0 or y1 <= y0:
        raise root["still_view"].error("must be [x0, y0, x1, y1] with x1 > x0 and y1 > y0")
    phase_ids = tuple(sorted({p.id for p in scenario.phases}))
    index = {f.id: i for i, f in enumerate(scenario.formations)}
    phases = {
        pid: _phase(node, index) for pid, node in root["phases"].mapping(optional=phase_ids).items()
    }
    return StorySpec(
        ease_s=root["ease_s"].number(0.1, 60),
        dwell_s=root["dwell_s"].number(2, 600),
        margin=root["margin"].number(0, 1),
        max_scale=root["max_scale"].number(MIN_SCALE, MAX_SCALE),
        still_view=(x0, y0, x1, y1),
        phases=phases,
    )


def default_story(scenario: Scenario) -> StorySpec:
    """Without a story file: the whole battle, nobody dimmed."""
    m = scenario.map
    return StorySpec(4.0, 24.0, 0.12, 0.9, (0.0, 0.0, m.width_m, m.height_m), {})


def _phase(node: Node, index: dict[str, int]) -> PhaseStory:
    """A phase is its list of shots, or {shots: [...], spotlight: [formation ids]}."""
    spotlight: tuple[int, ...] = ()
    if isinstance(node.value, dict):
        node.mapping(required=("shots",), optional=("spotlight",))
        if "spotlight" in node:
            spot = node["spotlight"].sequence(min_len=1)
            spotlight = tuple(index[n.text(choices=tuple(index))] for n in spot)
        node = node["shots"]
    shots = []
    for shot in node.sequence(min_len=1, max_len=20):
        if isinstance(shot.value, str):
            shot.text(choices=("all",))
            shots.append(Shot(None))
            continue
        names = [n.text(choices=(*index, WATER, "all")) for n in shot.sequence(min_len=1)]
        chosen = tuple(index[n] for n in names if n in index)
        if not chosen and "all" not in names:
            raise shot.error("a shot needs 'all' or at least one formation besides 'water'")
        shots.append(Shot(None if "all" in names else chosen, WATER in names))
    return PhaseStory(tuple(shots), spotlight)


class StoryCamera(Framing):
    """Moves a camera along the story. It only ever writes the camera, never the battle."""

    def __init__(
        self,
        spec: StorySpec,
        scenario: Scenario,
        bottom_reserved: int = 0,
        units: Units = UNSCALED,
    ):
        self.spec = spec
        self.scenario = scenario
        self.bottom_reserved = bottom_reserved  # screen px: the bar
        self.units = units  # sizes the reserves for the title, clock and caption
        self.drawn: tuple[int, int] = (0, 0)  # px the last frame's title/hint and caption took
        self.reduced_motion = False
        self.active = True  # False once the visitor takes the camera
        self._phase: str | None = None
        self._phase_since = 0.0
        self._last = 0.0  # when the camera was last moved
        self._rects: dict[tuple, Measured] = {}  # per shot at a tick: its
        # rectangle, and the blocks of the other formations (that the caption must not cut)
        self._others = np.zeros((0, 4))  # those of the shot last framed
        self._core: Rect | None = None  # its formations' rectangle (without the water)
        self.ease = SteadyEase()  # the zoom held between moves, the centre on whole pixels
        self.moved_px = 0.0  # how far the last update eased the picture (before rounding)
        self.spread_now: Callable[[World], np.ndarray | None] | None = None
        """The formations' spread in the frame on screen, from sums kept elsewhere (the window
        shares its scene's: `moment.shown_spread`); None: measured from the positions."""
        bmap = scenario.map
        deep = np.array([t.look == "deep_water" for t in bmap.types])[bmap.terrain]
        rows, cols = np.nonzero(deep)
        self._water = np.stack([(cols + 0.5) * bmap.tile_size, (rows + 0.5) * bmap.tile_size])

    def story_of(self, world: World) -> PhaseStory | None:
        phase = current_phase(self.scenario.phases_for(world.account), world.tick, world.events)
        return self.spec.phases.get(phase.id)

    def shot_rect(self, world: World, pos: np.ndarray, now: float) -> Rect:
        """The world rectangle the camera should frame now."""
        if self.reduced_motion:
            return self.spec.still_view
        phase = self._phase_of(world)
        if phase != self._phase:
            self._phase, self._phase_since = phase, now
        shots = self._shots(phase)
        shot = shots[int((now - self._phase_since) // self.spec.dwell_s) % len(shots)]
        return self._frame_of(world, pos, shot)

    def _phase_of(self, world: World) -> str:
        return current_phase(self.scenario.phases_for(world.account), world.tick, world.events).id

    def _shots(self, phase: str) -> tuple[Shot, ...]:
        story = self.spec.phases.get(phase)
        return story.shots if story is not None else (Shot(None),)

    def _frame_of(self, world: World, pos: np.ndarray, shot: Shot) -> Rect:
        """The shot's rectangle, measured once a battle tick: a paused battle (or the 60 FPS
        loop between two 20 Hz ticks) does not measure every man again each frame."""
        key = (world.account, world.tick, shot)
        if key not in self._rects:
            if len(self._rects) >= 8:
                self._rects.clear()
            self._rects[key] = self._measure(world, pos, shot)
        rect, self._others, self._core = self._rects[key]
        return rect

    def _measure(self, world: World, pos: np.ndarray, shot: Shot) -> Measured:
        geo = None if self.spread_now is None else self.spread_now(world)
        rects = block_rects(world, pos) if geo is None else rects_of(geo, world.formations.facing)
        rect = formations_rect(rects, shot.formations)
        if rect is None:
            return self.spec.still_view, np.zeros((0, 4)), None
        others = ~np.isnan(rects[:, 0])
        others[list(shot.formations or range(len(rects)))] = False
        return (self._with_water(rect) if shot.water else rect), rects[others], rect

    def first_shot(self, world: World, pos: np.ndarray) -> Rect:
        """The rectangle of the phase's first shot (what `restart` jumps to), read without
        touching the story's clock: the prologue's fly-down aims at it, so it lands on the very
        picture the battle opens with."""
        if self.reduced_motion:
            return self.spec.still_view
        return self._frame_of(world, pos, self._shots(self._phase_of(world))[0])

    def shot_cameras(self, camera: Camera, world: World, pos: np.ndarray) -> list[Camera]:
        """Where the camera stands for each of this phase's shots, in turn (what a visitor
        sees of the phase over its shots' dwell times)."""
        out = []
        for shot in self._shots(self._phase_of(world)):
            at = self.target(camera, self._frame_of(world, pos, shot))
            out.append(self._seen(camera, at))
        return out

    def _with_water(self, rect: Rect) -> Rect:
        """`rect` grown to hold the nearest stretch of deep water, out from the bank."""
        if self._water.shape[1] == 0:
            return rect
        x0, y0, x1, y1 = rect
        wx, wy = self._water
        nx, ny = np.clip(wx, x0, x1), np.clip(wy, y0, y1)  # each tile's nearest point of rect
        d2 = (wx - nx) ** 2 + (wy - ny) ** 2
        k = int(np.argmin(d2))
        if d2[k] > WATER_REACH_M**2:
            return rect
        px, py, qx, qy = float(wx[k]), float(wy[k]), float(nx[k]), float(ny[k])
        d = max(math.hypot(px - qx, py - qy), 1e-6)
        ux, uy = ((px - qx) / d, (py - qy) / d) if d > 1 else (0.0, -1.0)
        far = (px + ux * WATER_DEPTH_M, py + uy * WATER_DEPTH_M)
        half = WATER_WIDTH_M / 2
        xs = [x0, x1, far[0], px - uy * half, px + uy * half]
        ys = [y0, y1, far[1], py + ux * half, py - ux * half]
        return (min(xs), min(ys), max(xs), max(ys))

    def restart(self, camera: Camera, world: World, pos: np.ndarray, now: float) -> None:
        """Jump straight to the phase's first shot (a reset must look like a fresh start)."""
        self._phase, self._phase_since, self._last = self._phase_of(world), now, now
        self.frame_opening(camera, world, pos)

    def frame_opening(self, camera: Camera, world: World, pos: np.ndarray) -> None:
        """Put `camera` on the phase's first shot at once, as `restart` does (the story's clock
        left alone)."""
        cx, cy, scale = self.target(camera, self.first_shot(world, pos))
        camera.centre_x, camera.centre_y, camera.scale = cx, cy, scale
        self._clamp(camera)
        self.ease.forget()

    def update(
        self, camera: Camera, world: World, pos: np.ndarray, now: float, held: bool = False
    ) -> None:
        """Ease the camera towards the current shot by the time passed since the last call
        (at most half a second's worth: after a stall the camera glides, it never jumps); the
        zoom held between deliberate moves (`game.view.steady`). `held` (the battle paused):
        the shot in view stays, its dwell does not run on. A paused window went from shot to
        shot on its own, each ease two seconds of full-rate frames (at 1:1, paused with the
        cache full, ~10 % of a core)."""
        dt = min(max(now - self._last, 0.0), MAX_STEP_S)
        if held:
            self._phase_since += max(now - self._last, 0.0)
        self._last = now
        at = self.target(camera, self.shot_rect(world, pos, now))
        k = 1.0 - math.exp(-3.0 * dt / self.spec.ease_s)  # ~95 % of the way in ease_s
        self.moved_px = self.ease.step(camera, at, k, self._clamp)


def story_view(
    world: World,
    pos: np.ndarray,
    size: tuple[int, int],
    bottom_reserved: int = 0,
    units: Units = UNSCALED,
    drawn: Layout | None = None,
) -> Camera:
    """The camera a visitor's screen of `size` has at this moment: the story camera's first
    shot of the phase, straight away (a screenshot, a report, a fresh window); clear of the
    interface of a frame `drawn` at this moment, if given."""
    scenario = world.scenario
    path = story_path(scenario)
    spec = load_story(path, scenario) if path.is_file() else default_story(scenario)
    camera = Camera(0, 0, 1.0, *size)
    story = StoryCamera(spec, scenario, bottom_reserved, units)
    if drawn is not None:
        story.clear_of_layout(drawn)
    story.restart(camera, world, pos, 0.0)
    return camera
