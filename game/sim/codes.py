"""Codes of the runtime state: what a soldier, a formation and its command AI are doing.

Small integer codes, because the tables are numpy arrays (`game.sim.world`). Unlike troop kinds
and sides (`game.scenario.codes`), these never appear in the data files: the simulation makes them.
"""

from __future__ import annotations

from enum import IntEnum


class State(IntEnum):
    """What a soldier is doing. Rows are forever: the dead and the fled keep their row."""

    FORMED = 0  # in or moving to his slot
    ENGAGED = 1  # in contact with the enemy
    ROUTING = 2  # running away
    DEAD = 3
    FLED = 4  # left the field alive


class FormationState(IntEnum):
    WAITING = 0  # not yet on the field / holding
    MARCHING = 1  # anchor moving to an order's target
    HOLDING = 2  # at its target, dressing ranks
    HALTED = 3  # stopped by contact with the enemy
    ENGAGED = 4
    ROUTING = 5
    BROKEN = 6  # no men left on the field


class Mode(IntEnum):
    """What the command AI is doing with a formation, beyond its last order."""

    IDLE = 0
    CHARGE = 1  # riding at a target formation
    ASSAULT_CHARGE = 2  # an assault cycle: charge...
    ASSAULT_CONTACT = 3  # ...fight a while...
    ASSAULT_RECOIL = 4  # ...fall back...
    ASSAULT_REST = 5  # ...re-form, and charge again
    PURSUE = 6  # chasing a broken enemy, briefly
