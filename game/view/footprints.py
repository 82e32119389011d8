"""Where each formation stands in this frame: centre, frontage, depth and facing of its men.

Measured once a frame from the interpolated positions (a handful of `bincount`s, no loop over
soldiers) and shared by the layers that need it: blocks, labels, arrows' heads, the camera.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from game.sim.codes import FormationState, Mode, State
from game.sim.track import ordered, spread_rows
from game.sim.world import World, on_field

ATTACKING = (Mode.CHARGE, Mode.ASSAULT_CHARGE, Mode.ASSAULT_CONTACT, Mode.PURSUE)
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
        s, f = world.soldiers, world.formations
        n = len(f)
        on = np.flatnonzero(on_field(s.state))
        formation = s.formation[on].astype(np.intp)
        geo = spread_rows(pos, on, formation, f.facing, n)
        routing = f.state >= FormationState.ROUTING
        front, depth = block_size(geo[:, 2], geo[:, 3], *ordered(f, geo[:, 4]), routing)
        generals = on[(s.commander[on] >= 0) & (s.state[on] != State.ROUTING)]
        commanded = np.zeros(n, bool)
        commanded[s.formation[generals]] = True
        return cls(
            x=geo[:, 0],
            y=geo[:, 1],
            front=front,
            depth=depth,
            fx=f.facing[0].astype(np.float64),
            fy=f.facing[1].astype(np.float64),
            men=np.bincount(formation, weights=s.men[on], minlength=n),  # = world.men_now()
            figures=geo[:, 4],
            state=f.state.copy(),
            morale=f.morale.astype(np.float64),
            commanded=commanded,
            engaged=f.contact > 0,
            attacking=np.isin(f.mode, ATTACKING),
        )
