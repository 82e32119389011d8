"""Codes shared by every table: soldier kinds, soldier states, formation states, sides.

Small integer codes, because the tables are numpy arrays. The names are the vocabulary of the
scenario files and of the view.
"""

from __future__ import annotations

from enum import IntEnum


class Kind(IntEnum):
    """What a soldier is; sets his speeds, his footprint and his sprite."""

    INFANTRY = 0  # heavy foot: shield and spear
    ARCHER = 1  # foot archer
    LIGHT_INFANTRY = 2  # raw, lightly armed foot (the Lycaonians)
    CAVALRY = 3  # armoured horseman, lance and bow
    HORSE_ARCHER = 4  # Persian aswaran: armoured horse archer
    LIGHT_CAVALRY = 5  # Arab light horse, lance and javelin
    COMMANDER = 6  # a named general with his standard


KIND_NAMES: dict[str, Kind] = {k.name.lower(): k for k in Kind}
MOUNTED = frozenset({Kind.CAVALRY, Kind.HORSE_ARCHER, Kind.LIGHT_CAVALRY, Kind.COMMANDER})


class State(IntEnum):
    """What a soldier is doing. Rows are forever: the dead and the fled keep their row."""

    FORMED = 0  # in or moving to his slot
    ENGAGED = 1  # in contact with the enemy
    ROUTING = 2  # running away
    DEAD = 3
    FLED = 4  # left the field alive
    SWIMMING = 5  # in the river on purpose (crossing to the island)


GONE = (State.DEAD, State.FLED)


class FormationState(IntEnum):
    WAITING = 0  # not yet on the field / holding
    MARCHING = 1  # anchor moving to an order's target
    HOLDING = 2  # at its target, dressing ranks
    HALTED = 3  # stopped by contact with the enemy
    ENGAGED = 4
    ROUTING = 5
    BROKEN = 6  # no men left on the field


class Side(IntEnum):
    ROMAN = 0
    PERSIAN = 1


SIDE_NAMES: dict[str, Side] = {"roman": Side.ROMAN, "persian": Side.PERSIAN}


class Mode(IntEnum):
    """What the command AI is doing with a formation, beyond its last order."""

    IDLE = 0
    CHARGE = 1  # riding at a target formation
    ASSAULT_CHARGE = 2  # an assault cycle: charge...
    ASSAULT_CONTACT = 3  # ...fight a while...
    ASSAULT_RECOIL = 4  # ...fall back...
    ASSAULT_REST = 5  # ...re-form, and charge again
    PURSUE = 6  # chasing a broken enemy, briefly
