"""The attract loop's camera: a slow tour of the key moments, framed on the formations the
caption talks about.

The shots are data (`tour.yaml` beside the scenario); each frame the camera eases towards the
rectangle holding the named formations' men, so the tour follows the battle as it comes out of
the simulation instead of pointing at fixed places. Easing is in wall time and slow: a museum
screen must be calm. With reduced motion the camera shows one still view and never moves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from game.scenario.specs import Scenario
from game.scenario.yamlsafe import load_yaml
from game.sim.world import World, on_field
from game.view.camera import MAX_SCALE, MIN_SCALE, Camera
from game.view.scene import current_phase

Rect = tuple[float, float, float, float]
MAX_STEP_S = 0.5


@dataclass(frozen=True)
class TourSpec:
    ease_s: float
    dwell_s: float
    margin: float
    max_scale: float
    still_view: Rect
    shots: dict[str, tuple[tuple[int, ...] | None, ...]]  # phase id -> formation indices per shot


def load_tour(path: Path, scenario: Scenario) -> TourSpec:
    """Read and check a tour file against its scenario; one-line `DataError` on a fault."""
    root = load_yaml(path).mapping(
        required=("ease_s", "dwell_s", "margin", "max_scale", "still_view", "phases")
    )
    w, h = scenario.map.width_m, scenario.map.height_m
    box = root["still_view"].sequence(4, 4)
    x0, y0, x1, y1 = (box[i].number(0, w if i % 2 == 0 else h) for i in range(4))
    if x1 <= x0 or y1 <= y0:
        raise root["still_view"].error("must be [x0, y0, x1, y1] with x1 > x0 and y1 > y0")
    phase_ids = {p.id for p in scenario.phases}
    index = {f.id: i for i, f in enumerate(scenario.formations)}
    shots: dict[str, tuple[tuple[int, ...] | None, ...]] = {}
    for pid, node in root["phases"].mapping(optional=tuple(sorted(phase_ids))).items():
        seq: list[tuple[int, ...] | None] = []
        for shot in node.sequence(min_len=1, max_len=20):
            if isinstance(shot.value, str):
                shot.text(choices=("all",))
                seq.append(None)
                continue
            names = [n.text(choices=tuple(index)) for n in shot.sequence(min_len=1)]
            seq.append(tuple(index[n] for n in names))
        shots[pid] = tuple(seq)
    return TourSpec(
        ease_s=root["ease_s"].number(0.1, 60),
        dwell_s=root["dwell_s"].number(2, 600),
        margin=root["margin"].number(0, 1),
        max_scale=root["max_scale"].number(MIN_SCALE, MAX_SCALE),
        still_view=(x0, y0, x1, y1),
        shots=shots,
    )


def tour_path(scenario: Scenario) -> Path:
    """The attract loop's tour lives beside the scenario."""
    return scenario.path.parent / "tour.yaml"


def museum_tour(scenario: Scenario) -> Tour:
    """The attract loop's tour of `scenario`, for a camera that is not the kiosk's (a clip's:
    `python main.py --export`); one-line `DataError` on a faulty tour file."""
    return Tour(load_tour(tour_path(scenario), scenario), scenario)


class Tour:
    """Moves a camera along the tour. It only ever writes the camera, never the battle."""

    def __init__(self, spec: TourSpec, scenario: Scenario, bottom_reserved: int = 0):
        self.spec = spec
        self.scenario = scenario
        self.bottom_reserved = bottom_reserved
        self.reduced_motion = False
        self._phase: str | None = None
        self._phase_since = 0.0
        self._last = 0.0  # when the camera was last moved

    def shot_rect(self, world: World, pos: np.ndarray, now: float) -> Rect:
        """The world rectangle the camera should frame now."""
        if self.reduced_motion:
            return self.spec.still_view
        phase = current_phase(self.scenario.phases_for(world.account), world.tick, world.events)
        if phase.id != self._phase:
            self._phase, self._phase_since = phase.id, now
        shots = self.spec.shots.get(phase.id, (None,))
        shot = shots[int((now - self._phase_since) // self.spec.dwell_s) % len(shots)]
        s = world.soldiers
        men = on_field(s.state)
        if shot is not None:
            chosen = men & np.isin(s.formation, shot)
            men = chosen if chosen.any() else men
        if not men.any():
            return self.spec.still_view
        x, y = pos[0, men], pos[1, men]
        return (float(x.min()), float(y.min()), float(x.max()), float(y.max()))

    def target(self, camera: Camera, rect: Rect) -> tuple[float, float, float]:
        """Centre and scale that frame `rect` in the part of the screen above the bar."""
        x0, y0, x1, y1 = rect
        m = self.spec.margin
        w = max(x1 - x0, 1.0) * (1 + 2 * m)
        h = max(y1 - y0, 1.0) * (1 + 2 * m)
        free_h = max(camera.height - self.bottom_reserved, 1)
        scale = min(camera.width / w, free_h / h, self.spec.max_scale)
        scale = float(np.clip(scale, MIN_SCALE, MAX_SCALE))
        fill = camera.fill_scale(self.scenario.map.width_m, self.scenario.map.height_m)
        scale = min(max(scale, fill), MAX_SCALE)  # map to every edge of any screen: no bars
        cx = (x0 + x1) / 2
        cy = (y0 + y1) / 2 + self.bottom_reserved / (2 * scale)
        return cx, cy, scale

    def restart(self, camera: Camera, world: World, pos: np.ndarray, now: float) -> None:
        """Jump straight to the first shot (a reset must look exactly like a fresh start)."""
        self._phase = None
        self._last = now
        cx, cy, scale = self.target(camera, self.shot_rect(world, pos, now))
        camera.centre_x, camera.centre_y, camera.scale = cx, cy, scale
        self._clamp(camera)

    def update(self, camera: Camera, world: World, pos: np.ndarray, now: float) -> None:
        """Ease the camera towards the current shot by the time passed since the last call
        (at most half a second's worth: after a stall the camera glides, it never jumps)."""
        dt = min(max(now - self._last, 0.0), MAX_STEP_S)
        self._last = now
        cx, cy, scale = self.target(camera, self.shot_rect(world, pos, now))
        k = 1.0 - math.exp(-3.0 * dt / self.spec.ease_s)  # ~95 % of the way in ease_s
        camera.centre_x += (cx - camera.centre_x) * k
        camera.centre_y += (cy - camera.centre_y) * k
        camera.scale = math.exp(
            math.log(camera.scale) + (math.log(scale) - math.log(camera.scale)) * k
        )
        self._clamp(camera)

    def _clamp(self, camera: Camera) -> None:
        camera.clamp_to(self.scenario.map.width_m, self.scenario.map.height_m)
