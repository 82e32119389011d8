"""Where each formation stands in this frame: centre, frontage, depth and facing of its men.

Measured for each frame and shared by the layers that need it: blocks, labels, arrows' heads,
the camera. A frame's men stand between two ticks, at prev + alpha (cur - prev); so each
formation's centre is linear in alpha and its variances quadratic, and the sums over its men
(a score of `bincount`s, no loop over soldiers) are made once per tick (`FootprintMeter`): the
frames between two ticks combine them per formation. At alpha 0 the result is bit for bit the
direct measure of the tick's positions; between ticks it differs from measuring the float32
interpolated positions only in the last bits (the exact interpolation, not float32's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from game.sim.codes import FormationState, Mode, State
from game.sim.track import ordered, spread_of
from game.sim.world import World, on_field
from game.view.kept import KeptInputs

ATTACKING = (Mode.CHARGE, Mode.ASSAULT_CHARGE, Mode.ASSAULT_CONTACT, Mode.PURSUE)
ATTACKING_LUT = np.isin(np.arange(256), ATTACKING)
"""`ATTACKING` by mode code (uint8): np.isin cost ~15 us a frame for a few dozen formations."""
SLACK = 1.25  # a block may be this much wider or deeper than its ordered frontage and depth...
SLACK_M = 30.0  # ...plus this: men strung out in a charge do not make a kilometre-deep block
ROUT_FRONT_M = 320.0
"""A routing mass is a scatter, not a block: its block is kept to this frontage..."""
ROUT_DEPTH_M = 160.0
"""...and this depth, so that a rout reads as a broken body, not as a huge square."""


def block_size(
    front: np.ndarray,
    depth: np.ndarray,
    ordered_front: np.ndarray,
    ordered_depth: np.ndarray,
    routing: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The block drawn for men filling `front` x `depth` metres: at most a little more than
    their ranks as ordered, and a routing mass no more than a broken body's size."""
    front = np.minimum(front, ordered_front * SLACK + SLACK_M)
    depth = np.minimum(depth, ordered_depth * SLACK + SLACK_M)
    front = np.where(routing, np.minimum(front, ROUT_FRONT_M), front)
    depth = np.where(routing, np.minimum(depth, ROUT_DEPTH_M), depth)
    return front, depth


@dataclass(frozen=True)
class Footprints:
    x: np.ndarray  # (F,) metres, NaN for a formation with nobody on the field
    y: np.ndarray
    front: np.ndarray  # (F,) metres across its facing
    depth: np.ndarray  # (F,) metres along it
    fx: np.ndarray  # (F,) its facing, a unit vector
    fy: np.ndarray
    men: np.ndarray  # (F,) men on the field
    figures: np.ndarray  # (F,) soldiers (agents) on the field
    state: np.ndarray  # (F,) FormationState
    morale: np.ndarray  # (F,)
    commanded: np.ndarray  # (F,) bool: a general of it is still on the field
    engaged: np.ndarray  # (F,) bool: some of its men touch the enemy (a melee)
    attacking: np.ndarray  # (F,) bool: charging or assaulting (drawn under those it attacks)

    @cached_property  # (read for each block a frame)
    def present(self) -> np.ndarray:
        return (self.men >= 0.5) & ~np.isnan(self.x)

    @cached_property
    def routing(self) -> np.ndarray:
        return self.state >= FormationState.ROUTING

    @classmethod
    def measure(cls, world: World, pos: np.ndarray) -> Footprints:
        """The footprints of the men at `pos` (one frame's positions)."""
        return TickSums.of(world, pos, pos).at(world, 0.0)


SOLDIER_INPUTS = ("state", "formation", "commander", "men")
"""The soldier columns the sums read (with the two ticks' positions)."""


@dataclass(frozen=True)
class TickSums:
    """Per formation, the sums over its men on the field between two ticks (positions `prev`
    and `cur`, d = cur - prev; u and v the deviations of prev and d from their means)."""

    count: np.ndarray  # (F,) soldiers on the field
    men: np.ndarray  # (F,)
    commanded: np.ndarray  # (F,) bool
    mean_p: np.ndarray  # (2, F) mean of prev, x and y
    mean_d: np.ndarray  # (2, F) mean of d
    c0: np.ndarray  # (3, F) E[ux ux], E[uy uy], E[ux uy]
    c1: np.ndarray  # (3, F) 2 E[ux vx], 2 E[uy vy], E[ux vy + vx uy]
    c2: np.ndarray  # (3, F) E[vx vx], E[vy vy], E[vx vy]

    @classmethod
    def of(cls, world: World, prev: np.ndarray, cur: np.ndarray) -> TickSums:
        s = world.soldiers
        n = len(world.formations)
        runs = Runs.of(s.formation, n)
        if runs is None:
            return cls.scattered(world, prev, cur)
        on = on_field(s.state).astype(np.float64)  # a weight: 1 on the field, else 0
        count = runs.sums(on)
        safe = np.maximum(count, 1)

        def mean(w: np.ndarray) -> np.ndarray:
            return runs.sums(w * on) / safe

        p = prev.astype(np.float64)
        d = cur.astype(np.float64) - p
        generals = (on > 0) & (s.commander >= 0) & (s.state != State.ROUTING)
        commanded = np.zeros(n, bool)
        commanded[s.formation[generals]] = True
        men = runs.sums(s.men * on)  # = world.men_now()
        return cls._of_moments(count, men, commanded, p, d, mean, runs.each)

    @classmethod
    def scattered(cls, world: World, prev: np.ndarray, cur: np.ndarray) -> TickSums:
        """`of` for soldiers not stored formation by formation: sums by `bincount`."""
        s, f = world.soldiers, world.formations
        n = len(f)
        on = np.flatnonzero(on_field(s.state))
        form = s.formation[on].astype(np.intp)
        count = np.bincount(form, minlength=n).astype(np.float64)
        safe = np.maximum(count, 1)

        def mean(w: np.ndarray) -> np.ndarray:
            return np.bincount(form, weights=w, minlength=n) / safe

        p = prev[:, on].astype(np.float64)
        d = cur[:, on].astype(np.float64) - p
        generals = on[(s.commander[on] >= 0) & (s.state[on] != State.ROUTING)]
        commanded = np.zeros(n, bool)
        commanded[s.formation[generals]] = True
        men = np.bincount(form, weights=s.men[on], minlength=n)  # = world.men_now()
        return cls._of_moments(count, men, commanded, p, d, mean, lambda v: v[form])

    @classmethod
    def _of_moments(
        cls,
        count: np.ndarray,
        men: np.ndarray,
        commanded: np.ndarray,
        p: np.ndarray,
        d: np.ndarray,
        mean: Callable[[np.ndarray], np.ndarray],
        each: Callable[[np.ndarray], np.ndarray],
    ) -> TickSums:
        """The sums from the men's positions `p` and moves `d`, given a formation's `mean` of a
        column and `each` (a formation's value on its men's rows): the two groupings share it."""
        mean_p = np.stack([mean(p[0]), mean(p[1])])
        mean_d = np.stack([mean(d[0]), mean(d[1])])
        ux, uy = p[0] - each(mean_p[0]), p[1] - each(mean_p[1])
        vx, vy = d[0] - each(mean_d[0]), d[1] - each(mean_d[1])
        return cls(
            count=count,
            men=men,
            commanded=commanded,
            mean_p=mean_p,
            mean_d=mean_d,
            c0=np.stack([mean(ux * ux), mean(uy * uy), mean(ux * uy)]),
            c1=np.stack([2 * mean(ux * vx), 2 * mean(uy * vy), mean(ux * vy + vx * uy)]),
            c2=np.stack([mean(vx * vx), mean(vy * vy), mean(vx * vy)]),
        )

    def spread(self, world: World, alpha: float) -> np.ndarray:
        """`track.spread` of the frame `alpha` of the way from prev to cur: (F, 5) centre x, y,
        frontage, depth and soldiers on the field (the story camera frames these)."""
        sx, sy = self.mean_p + alpha * self.mean_d
        vxx, vyy, vxy = self.c0 + alpha * (self.c1 + alpha * self.c2)  # (at 0: c0 exactly)
        return spread_of(sx, sy, vxx, vyy, vxy, self.count, world.formations.facing)

    def at(self, world: World, alpha: float) -> Footprints:
        """The footprints of the frame `alpha` of the way from prev to cur (formations' own
        columns, facing and state, read now)."""
        f = world.formations
        geo = self.spread(world, alpha)
        routing = f.state >= FormationState.ROUTING
        front, depth = block_size(geo[:, 2], geo[:, 3], *ordered(f, geo[:, 4]), routing)
        return Footprints(
            x=geo[:, 0],
            y=geo[:, 1],
            front=front,
            depth=depth,
            fx=f.facing[0].astype(np.float64),
            fy=f.facing[1].astype(np.float64),
            men=self.men,
            figures=geo[:, 4],
            state=f.state.copy(),
            morale=f.morale.astype(np.float64),
            commanded=self.commanded,
            engaged=f.contact > 0,
            attacking=ATTACKING_LUT[f.mode],
        )


@dataclass(frozen=True)
class Runs:
    """The soldiers of each formation as one run of rows (how `build_world` stores them): a
    sum per formation is then `np.add.reduceat` over the runs, a weight of 0 leaving out the
    men off the field, instead of gathering the men on it and `bincount`ing each column
    (at 1:1, 40,000 men: 0.9 ms a tick instead of 3.7, issue #15)."""

    bounds: np.ndarray  # (F + 1,) the first row of each formation's run, and the end
    starts: np.ndarray  # the first rows of the runs that are not empty...
    filled: np.ndarray  # ...and their formations
    lengths: np.ndarray  # (F,) rows in each run

    @classmethod
    def of(cls, formation: np.ndarray, n: int) -> Runs | None:
        """The runs of `formation` (a column of formation indices), None if not in order."""
        if len(formation) and (formation[1:] < formation[:-1]).any():
            return None
        bounds = np.searchsorted(formation, np.arange(n + 1))
        lengths = np.diff(bounds)
        filled = np.flatnonzero(lengths)
        return cls(bounds, bounds[filled], filled, lengths)

    def sums(self, w: np.ndarray) -> np.ndarray:
        """(F,) the sum of `w` (one value per soldier) over each formation's run."""
        out = np.zeros(len(self.lengths))
        if len(self.starts):
            out[self.filled] = np.add.reduceat(w, self.starts)
        return out

    def each(self, v: np.ndarray) -> np.ndarray:
        """(N,) each soldier's formation's value of `v` (F,)."""
        return np.repeat(v, self.lengths)


class FootprintMeter:
    """Keeps the last tick's sums while their inputs (both ticks' positions and the soldier
    columns they read, compared in full each frame: a seek or a preview rewrites them in
    place) are unchanged: the frames between two ticks cost a few operations per formation."""

    def __init__(self) -> None:
        self._inputs = KeptInputs()
        self._sums: TickSums | None = None

    def measure(self, world: World, prev: np.ndarray, cur: np.ndarray, alpha: float) -> Footprints:
        return self.sums(world, prev, cur).at(world, alpha)

    def sums(self, world: World, prev: np.ndarray, cur: np.ndarray) -> TickSums:
        """The sums of the tick from `prev` to `cur`, made again only when an input changed
        (the story camera and the frame's moment share them: one measure a tick)."""
        s = world.soldiers
        inputs = (prev, cur, *(getattr(s, c) for c in SOLDIER_INPUTS))
        if self._inputs.changed(inputs) or self._sums is None:
            self._sums = TickSums.of(world, prev, cur)
        return self._sums
