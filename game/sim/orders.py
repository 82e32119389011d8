"""Command: the scenario's timed orders, handed to formations when their tick comes.

Orders are sorted by tick at load; the world keeps a cursor, so issuing is O(orders due) and a
restored snapshot (which carries the cursor) resumes exactly where it was. What a formation
does between orders (pursue, re-charge, run) is the command AI's (`command.py`).
"""

from __future__ import annotations

import numpy as np

from game.scenario.codes import Kind
from game.scenario.specs import ORDERS, PACES, Order
from game.sim.codes import FormationState, Mode, State
from game.sim.events import Event
from game.sim.tables import rows
from game.sim.world import World, files_at_scale, on_field, spacing_at_scale

F32 = np.float32

DISPOSITIONS = frozenset({"resolve", "stand_fast"})
"""Orders that set how steady a contingent is, not what it does: not shown as its order."""


def issue_orders(world: World, orders: tuple[Order, ...]) -> None:
    """Give every order due at or before this tick to its formation."""
    while world.order_cursor < len(orders) and orders[world.order_cursor].tick <= world.tick:
        obey(world, orders[world.order_cursor])
        world.order_cursor += 1


def follow_chains(world: World, chains: tuple[tuple[int, tuple[Order, ...]], ...]) -> None:
    """Give each formation its next conditional orders once their time and condition come."""
    f = world.formations
    for i, chain in chains:  # the few formations that wait on something
        k = int(f.chain[i])
        while k < len(chain) and _ready(world, i, chain[k]):
            obey(world, chain[k])
            k += 1
        f.chain[i] = k


def _ready(world: World, i: int, order: Order) -> bool:
    f = world.formations
    if world.tick < order.tick:
        return False
    if order.after_break is not None and f.state[order.after_break] < FormationState.ROUTING:
        return False  # it holds as long as the other holds
    return not order.on_arrival or f.state[i] == FormationState.HOLDING


def obey(world: World, order: Order) -> None:
    f = world.formations
    i = order.formation
    routing = f.state[i] in (FormationState.BROKEN, FormationState.ROUTING)
    if routing and order.order not in ("rally", "resolve", "leave"):
        return  # a broken formation no longer takes orders
    if order.order not in DISPOSITIONS:
        f.order[i] = ORDERS.index(order.order)
    if order.pace is not None:
        f.pace[i] = PACES.index(order.pace)
    handler = HANDLERS[order.order]
    handler(world, i, order)


def _march(world: World, i: int, order: Order) -> None:
    f = world.formations
    f.target[:, i] = order.to
    f.keep_facing[i] = False
    if order.facing is not None:
        f.target_facing[:, i] = order.facing
    f.state[i] = FormationState.MARCHING
    f.mode[i] = Mode.IDLE


def _withdraw(world: World, i: int, order: Order) -> None:
    _march(world, i, order)
    world.formations.keep_facing[i] = True  # back off facing the enemy


def _swim(world: World, i: int, order: Order) -> None:
    _march(world, i, order)
    world.formations.swim[i] = True
    world.formations.retreat[:, i] = order.to  # from now on, safety lies across the water
    _tell(world, "crossing", i)


def _advance(world: World, i: int, order: Order) -> None:
    f = world.formations
    assert order.distance is not None
    f.target[:, i] = f.anchor[:, i] + f.facing[:, i] * F32(order.distance)
    f.target_facing[:, i] = f.facing[:, i]
    f.keep_facing[i] = True
    f.state[i] = FormationState.MARCHING
    f.mode[i] = Mode.IDLE


def _face(world: World, i: int, order: Order) -> None:
    f = world.formations
    f.target_facing[:, i] = order.facing
    f.target[:, i] = f.anchor[:, i]


def _hold(world: World, i: int, order: Order) -> None:
    f = world.formations
    f.target[:, i] = f.anchor[:, i]
    f.state[i] = FormationState.HOLDING
    f.mode[i] = Mode.IDLE


def _form(world: World, i: int, order: Order) -> None:
    f = world.formations
    kspec = world.scenario.kinds[Kind(int(f.kind[i]))]
    assert order.files is not None
    f.files[i] = files_at_scale(order.files, world.scale)
    spacing = world.scenario.combat.shield_wall_spacing if f.shield_wall[i] else kspec.spacing
    f.spacing[:, i] = spacing_at_scale(spacing, order.files, int(f.files[i]))


def _charge(world: World, i: int, order: Order) -> None:
    f = world.formations
    f.target_formation[i] = order.target
    f.mode[i] = Mode.CHARGE if order.order == "charge" else Mode.ASSAULT_CHARGE
    f.mode_timer[i] = 0
    f.state[i] = FormationState.MARCHING
    f.keep_facing[i] = False
    if order.pace is None:
        f.pace[i] = PACES.index("charge")
    target = -1 if order.target is None else order.target
    _tell(world, "charge", i, target=target, wording=order.order)


def _dismount(world: World, i: int, order: Order) -> None:
    f = world.formations
    s = world.soldiers
    own = rows(f, i)
    troops = s.commander[own] < 0
    kinds = s.kind[own]
    kinds[troops] = order.kind
    f.kind[i] = order.kind
    # horses are sent away: the men now shoot and fight on foot with their own kind's numbers
    _tell(world, "dismount", i)


def _shield_wall(world: World, i: int, order: Order) -> None:
    f = world.formations
    combat = world.scenario.combat
    f.shield_wall[i] = True
    files_men = order.files if order.files is not None else int(f.files[i]) * world.scale
    f.files[i] = files_at_scale(files_men, world.scale)
    f.spacing[:, i] = spacing_at_scale(combat.shield_wall_spacing, files_men, int(f.files[i]))
    f.pace[i] = PACES.index("slow")
    if order.to is not None:
        f.target[:, i] = order.to
        f.state[i] = FormationState.MARCHING
    if order.facing is not None:
        f.target_facing[:, i] = order.facing
    _tell(world, "stand_formed", i)


def _rally(world: World, i: int, order: Order) -> None:
    f = world.formations
    s = world.soldiers
    own = rows(f, i)
    st = s.state[own]
    st[st == State.ROUTING] = State.FORMED
    f.state[i] = FormationState.MARCHING if order.to is not None else FormationState.HOLDING
    f.morale[i] = max(float(f.morale[i]), 0.6)
    f.mode[i] = Mode.IDLE
    if order.to is not None:
        f.target[:, i] = order.to
    _tell(world, "rally", i)


def _leave(world: World, i: int, order: Order) -> None:
    f = world.formations
    s = world.soldiers
    spec = world.scenario.formations[i]
    k = next(n for n, c in enumerate(spec.commanders) if c.name == order.commander)
    own = np.r_[rows(f, i)]
    row = own[s.commander[own] == k]
    if row.size and s.state[row[0]] not in (State.DEAD, State.FLED):
        row = np.concatenate([row, _party(world, own, int(row[0]), order.party)])
        s.state[row] = State.FLED
        s.vel[:, row] = 0  # they stay where they embarked: the boat is the view's (boats.py)
        f.fled[i] += s.men[row].sum()
        if not f.swim[i]:  # leaving his men on the field, not crossing with them at night
            f.morale[i] = max(0.0, float(f.morale[i]) - world.scenario.combat.commander_lost)
        _tell(world, "commander_leaves", i, commander=order.commander)


def _party(world: World, own: np.ndarray, general: int, men: int) -> np.ndarray:
    """The troops nearest the general, enough agents for `men` men: they go in his boat."""
    s = world.soldiers
    troops = own[(s.commander[own] < 0) & on_field(s.state[own])]
    if men <= 0 or troops.size == 0:
        return troops[:0]
    need = min(troops.size, max(1, round(men / float(s.men[troops].mean()))))
    d = (s.pos[0, troops] - s.pos[0, general]) ** 2 + (s.pos[1, troops] - s.pos[1, general]) ** 2
    return troops[np.argsort(d, kind="stable")[:need]]


def _resolve(world: World, i: int, order: Order) -> None:
    assert order.value is not None
    world.formations.resolve[i] = order.value


def _stand_fast(world: World, i: int, order: Order) -> None:
    world.formations.stand_fast[i] = True


def _tell(
    world: World,
    kind: str,
    i: int,
    target: int = -1,
    commander: str = "",
    wording: str | None = None,
) -> None:
    """Log event `kind` of formation i, in the words of the scenario's template `wording`
    (by default the event's own): an assault is a charge, told as one that comes again."""
    key = wording or kind
    text = world.scenario.wording.sentence(key, i, target, commander)
    spec = world.scenario.formations[i]
    ref, basis = spec.cited_in(world.account, kind)
    k = next((n for n, c in enumerate(spec.commanders) if c.name == commander), -1)
    world.events.append(Event(world.tick, kind, i, text, ref, basis, target, key, k))


HANDLERS = {
    "march": _march,
    "advance": _advance,
    "face": _face,
    "hold": _hold,
    "form": _form,
    "charge": _charge,
    "assault": _charge,
    "withdraw": _withdraw,
    "dismount": _dismount,
    "shield_wall": _shield_wall,
    "swim": _swim,
    "rally": _rally,
    "leave": _leave,
    "resolve": _resolve,
    "stand_fast": _stand_fast,
}
assert set(HANDLERS) == set(ORDERS)
