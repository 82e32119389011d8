"""Boats: a general who leaves the field by water, with a few men and his standard.

Malalas has Belisarius take his standard and cross to Callinicum by boat at the height of the
battle; Procopius has him cross to the island in a freight boat after dark. The simulation logs
the departure (`commander_leaves`) and takes him and his party off the field where they
embarked; this layer draws the boat from there to where the `leave` order sends it, at a
rower's pace sped up by the scenario's motion tempo like everything else. It is derived from
the log, the order and the clock, so it needs no state of its own and is right after any seek.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pygame

from game.lang.words import N_
from game.scenario.specs import Order, Scenario
from game.sim.tables import rows
from game.sim.world import World
from game.view import theme
from game.view.camera import Camera
from game.view.legend import LegendContext, LegendEntry
from game.view.placement import LabelRequest
from game.view.units import UNSCALED, Units

ROW_SPEED = 1.5
"""Metres per second of a rowed river boat in life (a freight boat, laden) [u]."""
HULL_METRES = 14.0  # a freight boat: ~12-15 m
MIN_HULL_PX = 34  # never smaller than this on screen, so it reads at the whole-battle view
HULL = (92, 62, 38)
HULL_EDGE = (40, 26, 16)
MEN = (232, 222, 196)
LABEL_PRIORITY = 150.0
"""Above the place-name band (0..100: at nightfall the river's name stood on the boat's only
free spots), below any formation's banner (its men)."""
STRINGS = {
    "legend": N_("A general's boat, with his standard"),
    "label": N_("{commander} by boat"),
}
"""Every visible string of this module, in one place (for a catalogue later)."""


@dataclass(frozen=True)
class Boat:
    formation: int
    x: float
    y: float
    heading: tuple[float, float]  # unit vector of its course
    men: int  # agents of the party aboard (drawn as dots, at most a few)
    landed: bool
    commander: str = ""


class BoatLayer:
    """Finds and draws the boats; keeps each boat's route (found once, along the water)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._routes: dict[tuple[int, int, str], np.ndarray] = {}
        self.name_of: Callable[[str], str] = str  # a commander's name in the shown language

    def boats(self, world: World, display_seconds: float) -> list[Boat]:
        """The boats on the water (or moored where they landed) at `display_seconds`."""
        rate = self.scenario.clock.tick_rate
        out = []
        for e in world.events:
            if e.kind != "commander_leaves" or e.tick / rate > display_seconds:
                continue
            order = _leave_order(self.scenario, world.account, e.formation, e.tick)
            if order is None or order.to is None:
                continue
            route = self._route(world, e.tick, e.formation, order)
            if route is None:
                continue
            run = ROW_SPEED * _tempo_integral(self.scenario, e.tick / rate, display_seconds)
            at, heading, landed = along(route, run)
            party = 1 + max(0, round(order.party / max(world.scale, 1)))
            out.append(
                Boat(e.formation, at[0], at[1], heading, party, landed, order.commander or "")
            )
        return out

    def _route(self, world: World, tick: int, formation: int, order: Order) -> np.ndarray | None:
        key = (tick, formation, world.account)
        if key not in self._routes:
            start = _general_at(world, formation, order)
            if start is None:
                return None
            self._routes[key] = water_route(world.terrain, start, np.array(order.to))
        return self._routes[key]

    def draw(
        self, target: pygame.Surface, camera: Camera, world: World, display_seconds: float, palettes
    ) -> list[pygame.Rect]:
        """Draw every boat; return their screen rectangles (for the layout and tests)."""
        drawn = []
        for b in self.boats(world, display_seconds):
            flag, trim = (tuple(int(v) for v in c) for c in palettes[b.formation])
            drawn.append(draw_boat(target, camera, b, flag, trim))
        return drawn

    def label_requests(
        self, world: World, camera: Camera, display_seconds: float, fonts, units: Units = UNSCALED
    ) -> list[LabelRequest]:
        """A tag beside each boat ("Belisarius by boat"), through the frame's placement pass:
        above every place name (the river's name moves along the water for it), below the
        banners of formations; beside the boat on either side, above, level or below it."""
        out = []
        for k, b in enumerate(self.boats(world, display_seconds)):
            text = fonts.t(STRINGS["label"]).format(commander=self.name_of(b.commander))
            surf = fonts.render(text, "sans-bold", units.text(theme.SMALL_SIZE), theme.INK)
            pad = pygame.Surface(
                (surf.get_width() + units.px(12), surf.get_height() + units.px(6)), pygame.SRCALPHA
            )
            pad.fill((*theme.PANEL, 220))
            pad.blit(surf, (units.px(6), units.px(3)))
            w, h = pad.get_size()
            x, y = camera.point_to_screen(b.x, b.y)
            gap, lift = units.px(18), units.px(10)
            beside = tuple(
                (dx, dy) for dy in (-h - lift, -h / 2, units.px(8)) for dx in (gap, -w - gap)
            )
            cands = (*beside, (-w / 2, -h - 2 * gap), (-w / 2, 2 * gap))  # or over, or under
            out.append(LabelRequest(f"boat.{k}", pad, (x, y), cands, priority=LABEL_PRIORITY))
        return out


def water_route(terrain, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """(K, 2) a way by water from the deep water nearest `start` to that nearest `end`: he
    goes down to the bank and takes the boat there; it keeps to the channels, round the
    islands. Breadth-first over the map's deep-water tiles (found once per boat)."""
    tile = terrain.tile
    water = terrain.water.reshape(terrain.rows, terrain.cols)
    wr, wc = np.nonzero(water)
    if wr.size == 0:
        return np.stack([start, end]).astype(np.float64)

    def nearest(p: np.ndarray) -> tuple[int, int]:
        k = int(np.argmin((wc + 0.5 - p[0] / tile) ** 2 + (wr + 0.5 - p[1] / tile) ** 2))
        return int(wr[k]), int(wc[k])

    a, b = nearest(start), nearest(end)
    came = {a: a}
    todo = deque([a])
    steps = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1))
    while todo and b not in came:
        r, c = todo.popleft()
        for dr, dc in steps:
            n = (r + dr, c + dc)
            inside = 0 <= n[0] < terrain.rows and 0 <= n[1] < terrain.cols
            if inside and n not in came and water[n]:
                came[n] = (r, c)
                todo.append(n)
    if b not in came:
        return np.stack([start, end]).astype(np.float64)
    path = [b]
    while path[-1] != a:
        path.append(came[path[-1]])
    cells = np.array(path[::-1], np.float64)
    points = np.stack([cells[:, 1] + 0.5, cells[:, 0] + 0.5], axis=1) * tile
    keep = np.unique(np.r_[np.arange(0, len(points), 6), len(points) - 1])
    return points[keep]


def along(route: np.ndarray, run: float) -> tuple[tuple[float, float], tuple[float, float], bool]:
    """Where a boat is `run` metres along its route, its heading, and whether it has landed."""
    legs = np.diff(route, axis=0)
    lengths = np.hypot(legs[:, 0], legs[:, 1])
    if lengths.size == 0 or lengths.sum() < 1:
        return (float(route[-1][0]), float(route[-1][1])), (1.0, 0.0), True
    done = np.concatenate([[0.0], np.cumsum(lengths)])
    if run >= done[-1]:
        k = int(np.flatnonzero(lengths > 0)[-1])
        u = legs[k] / lengths[k]
        return (float(route[-1][0]), float(route[-1][1])), (float(u[0]), float(u[1])), True
    k = int(np.searchsorted(done, run, side="right") - 1)
    k = min(k, len(lengths) - 1)
    u = legs[k] / max(lengths[k], 1e-6)
    at = route[k] + u * (run - done[k])
    return (float(at[0]), float(at[1])), (float(u[0]), float(u[1])), False


def _leave_order(scenario: Scenario, account: str, formation: int, tick: int) -> Order | None:
    found = None
    for o in scenario.orders_for(account):
        if o.order == "leave" and o.formation == formation and o.tick <= tick:
            found = o
    return found


def _general_at(world: World, formation: int, order: Order) -> np.ndarray | None:
    """Where the general stood when he embarked: his row keeps its last place once gone."""
    spec = world.scenario.formations[formation]
    k = next((n for n, c in enumerate(spec.commanders) if c.name == order.commander), None)
    if k is None:
        return None
    s = world.soldiers
    own = np.r_[rows(world.formations, formation)]
    row = own[s.commander[own] == k]
    return s.pos[:, row[0]].astype(np.float64) if row.size else None


def _tempo_integral(scenario: Scenario, t0: float, t1: float, steps: int = 64) -> float:
    """Seconds of life that pass on the water between battle seconds t0 and t1 (the motion
    tempo integrated: the boat is sped up as the men are)."""
    if t1 <= t0:
        return 0.0
    ts = np.linspace(t0, t1, steps + 1)
    tempo = np.array([scenario.clock.tempo(float(t)) for t in ts])
    return float(((tempo[1:] + tempo[:-1]) * 0.5 * np.diff(ts)).sum())


def draw_boat(
    target: pygame.Surface, camera: Camera, b: Boat, flag: tuple, trim: tuple
) -> pygame.Rect:
    cx, cy = camera.point_to_screen(b.x, b.y)
    length = max(MIN_HULL_PX, HULL_METRES * camera.scale)
    ux, uy = b.heading
    nx, ny = -uy, ux
    half, beam = length / 2, length / 5
    bow = (cx + ux * half, cy + uy * half)
    stern = (cx - ux * half * 0.8, cy - uy * half * 0.8)
    hull = [
        bow,
        (cx + ux * half * 0.3 + nx * beam, cy + uy * half * 0.3 + ny * beam),
        (stern[0] + nx * beam * 0.9, stern[1] + ny * beam * 0.9),
        (stern[0] - nx * beam * 0.9, stern[1] - ny * beam * 0.9),
        (cx + ux * half * 0.3 - nx * beam, cy + uy * half * 0.3 - ny * beam),
    ]
    if not b.landed:  # a wake: two pale lines behind the stern
        for side in (1, -1):
            tail = (
                stern[0] - ux * length * 0.9 + side * nx * beam * 1.6,
                stern[1] - uy * length * 0.9 + side * ny * beam * 1.6,
            )
            pygame.draw.line(target, (210, 226, 230), stern, tail, 2)
    pygame.draw.polygon(target, HULL, hull)
    pygame.draw.polygon(target, HULL_EDGE, hull, 2)
    for k in range(min(b.men, 5)):  # the party aboard
        t = -0.45 + 0.22 * k
        px, py = cx + ux * half * t, cy + uy * half * t
        pygame.draw.circle(target, MEN, (round(px), round(py)), max(2, round(length / 14)))
    # the standard on its pole, amidships: upright on the screen, the banner streaming aft
    mast = max(14, length * 0.9)
    top = (cx, cy - mast)
    pygame.draw.line(target, HULL_EDGE, (cx, cy), top, 3)
    w, h = mast * 0.6, mast * 0.38
    sgn = -1 if ux > 0 else 1
    banner = [
        top,
        (top[0] + sgn * w, top[1] + h * 0.15),
        (top[0] + sgn * w * 0.8, top[1] + h * 0.55),
        (top[0] + sgn * w, top[1] + h),
        (top[0], top[1] + h),
    ]
    pygame.draw.polygon(target, flag, banner)
    pygame.draw.polygon(target, trim, banner, 2)
    xs = [p[0] for p in (*hull, *banner)]
    ys = [p[1] for p in (*hull, *banner)]
    return pygame.Rect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)


def legend_entries(ctx: LegendContext) -> list[LegendEntry]:
    """For the map's legend: what the boat means."""

    def swatch(surf: pygame.Surface, rect: pygame.Rect) -> None:
        cam = Camera(0, 0, 1.0, rect.width, rect.height)
        cam.centre_x, cam.centre_y = 0.0, 0.0
        b = Boat(0, 0.0, 6.0, (1.0, 0.0), 3, True)
        sub = surf.subsurface(rect)
        draw_boat(sub, cam, b, (176, 48, 52), (240, 214, 130))

    return [LegendEntry(STRINGS["legend"], swatch, group=N_("Reconstruction"), key="boat")]
