"""Command: the scenario's timed orders, handed to formations when their tick comes.

Orders are sorted by tick at load; the world keeps a cursor, so issuing is O(orders due) and a
restored snapshot (which carries the cursor) resumes exactly where it was.
"""

from __future__ import annotations

import numpy as np

from game.scenario.codes import FormationState
from game.scenario.scenario import PACES, Order
from game.sim.world import World, files_at_scale, spacing_at_scale

F32 = np.float32


def issue_orders(world: World, orders: tuple[Order, ...]) -> None:
    """Give every order due at or before this tick to its formation."""
    while world.order_cursor < len(orders) and orders[world.order_cursor].tick <= world.tick:
        obey(world, orders[world.order_cursor])
        world.order_cursor += 1


def obey(world: World, order: Order) -> None:
    f = world.formations
    i = order.formation
    if f.state[i] in (FormationState.BROKEN, FormationState.ROUTING):
        return  # a broken formation no longer takes orders
    if order.pace is not None:
        f.pace[i] = PACES.index(order.pace)
    if order.order == "march":
        assert order.to is not None
        f.target[:, i] = order.to
        f.keep_facing[i] = False
        if order.facing is not None:
            f.target_facing[:, i] = order.facing
        f.state[i] = FormationState.MARCHING
    elif order.order == "advance":
        assert order.distance is not None
        f.target[:, i] = f.anchor[:, i] + f.facing[:, i] * F32(order.distance)
        f.target_facing[:, i] = f.facing[:, i]
        f.keep_facing[i] = True
        f.state[i] = FormationState.MARCHING
    elif order.order == "face":
        assert order.facing is not None
        f.target_facing[:, i] = order.facing
        f.target[:, i] = f.anchor[:, i]
    elif order.order == "hold":
        f.target[:, i] = f.anchor[:, i]
        f.state[i] = FormationState.HOLDING
    elif order.order == "form":
        assert order.files is not None
        spec = world.scenario.formations[i]
        kspec = world.scenario.kinds[spec.kind]
        f.files[i] = files_at_scale(order.files, world.scale)
        f.spacing[:, i] = spacing_at_scale(kspec.spacing, order.files, int(f.files[i]))
