"""Motion: steering forces blended per man, integrated over the tick, and where men face.

Arrive at the slot, the stored separation push, avoidance of impassable terrain, and flight
for routers (`game.sim.steering` holds each force); blended and truncated in one place, then
integrated with the terrain's speed, never into deep water unless the formation swims.
"""

from __future__ import annotations

import numpy as np

from game.sim import steering
from game.sim.codes import State
from game.sim.fastops import floor_at, select
from game.sim.formation import turn_towards
from game.sim.scratch import Scratch
from game.sim.tables import per_soldier
from game.sim.world import World

F32 = np.float32


def steer(world: World, t: Scratch, seconds: float) -> None:
    """Each man's acceleration: his forces blended and truncated by his kind's limits."""
    s = world.soldiers
    swimmer = per_soldier(world.formations, s, world.formations.swim)
    forces = {
        "arrive": steering.arrive(s.pos, s.vel, t.slots, t.max_speed, t.ranks, t.to_slot),
        "separate": s.push * t.active,
        "avoid": steering.avoid_terrain(t.cells, world.terrain, t.max_force, t.active & ~swimmer),
    }
    some = {}
    running = np.flatnonzero(s.state == State.ROUTING)
    if running.size:
        f = world.formations
        form = np.take(s.formation, running)
        refuge = np.stack([np.take(f.retreat[0], form), np.take(f.retreat[1], form)])
        pos, vel = np.take(s.pos, running, axis=1), np.take(s.vel, running, axis=1)
        speed = np.take(t.max_speed, running)
        some["flee"] = (running, steering.flee(pos, vel, refuge, speed))
    t.acc = steering.blend(forces, t.max_force, some)


def move(world: World, t: Scratch, seconds: float) -> None:
    """Integrate velocity and position over the tick (terrain speed, slope, deep water)."""
    s = world.soldiers
    swimmer = per_soldier(world.formations, s, world.formations.swim)
    steering.move(
        s.pos, s.vel, t.acc, t.max_speed, world.terrain, t.cells, world.dt, t.active, swimmer
    )


def face(world: World, t: Scratch, seconds: float) -> None:
    """Men face where they go when moving briskly, else the way their formation faces."""
    s = world.soldiers
    f = world.formations
    speed = np.sqrt(s.vel[0] * s.vel[0] + s.vel[1] * s.vel[1])
    # a man shoved about in the press keeps his face to the front; a man on the move looks
    # where he goes
    brisk = (speed > F32(0.6 * t.tempo)) & (s.state != State.ENGAGED)
    inv = F32(1) / floor_at(speed, F32(1e-6))
    desired = np.empty_like(s.facing)
    desired[0] = select(brisk, s.vel[0] * inv, per_soldier(f, s, f.facing[0]))
    desired[1] = select(brisk, s.vel[1] * inv, per_soldier(f, s, f.facing[1]))
    s.facing[:] = turn_towards(s.facing, desired, 0.25)
