"""Where each man should stand this tick, and how fast he may get there.

His slot in his formation (`game.sim.formation`), whether he is in the ranks and on the field,
the terrain cell he stands on; then his speed and force limits: his formation's pace, hurried
when he has fallen behind his slot, the charge for a router, all scaled by the clock's tempo.
"""

from __future__ import annotations

import numpy as np

from game.sim import steering
from game.sim.codes import State
from game.sim.fastops import select
from game.sim.formation import in_ranks
from game.sim.scratch import Scratch
from game.sim.tables import per_soldier
from game.sim.world import World, on_field

F32 = np.float32


def find_slots(world: World, t: Scratch, seconds: float) -> None:
    """Each man's slot, and whether he is in the ranks and on the field, and his cell."""
    s = world.soldiers
    t.ranks = in_ranks(s.state)
    t.active = on_field(s.state)
    t.cells = world.terrain.cells(s.pos)
    t.slots = world.slot_cache.slots(s, world.formations)


def limit_speeds(world: World, t: Scratch, seconds: float) -> None:
    """Each man's top speed and force this tick: his pace, hurried by how far behind he is."""
    s = world.soldiers
    f = world.formations
    tab = world.tables
    t.to_slot = steering.to_slot_of(t.slots, s.pos)  # arrive (`steer`) uses them again
    behind = t.to_slot[1]
    n_paces = tab.paces.shape[1]
    flat_paces = tab.paces.ravel()
    kind = s.kind.astype(np.intp)  # np.take's index type: gathers by it convert nothing
    row = kind * n_paces
    pace = np.take(flat_paces, row + per_soldier(f, s, f.pace))
    charge = np.take(flat_paces, row + (n_paces - 1))
    tempo = F32(t.tempo)
    limit = np.minimum(charge, pace * (F32(1.15) + behind * steering.CATCH_UP_PER_METRE))
    limit = select(s.state == State.ROUTING, charge, limit)  # panic lends wings
    t.max_speed = limit * tempo
    t.max_force = np.take(tab.max_force, kind) * tempo
