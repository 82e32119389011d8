"""Codes the scenario files name: troop kinds and sides.

Small integer codes, because the tables are numpy arrays; the names are the vocabulary of the
scenario files and of the view. The runtime states are the simulation's (`game.sim.codes`).
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


class Side(IntEnum):
    ROMAN = 0
    PERSIAN = 1


SIDE_NAMES: dict[str, Side] = {"roman": Side.ROMAN, "persian": Side.PERSIAN}
