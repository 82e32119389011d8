"""How big a world will be, counted from the scenario before a single array is allocated.

`build_world` asks `agent_rows` first, so 30 million men at `--scale 1` are refused in a moment
with the scale that would fit, instead of building gigabytes of tables and then failing.
"""

from __future__ import annotations

import math

from game.scenario.errors import Refusal
from game.scenario.specs import Scenario

MAX_AGENTS = 1_000_000
"""The most soldier rows a world may have: 25 times the real battle at 1:1. A row costs ~53
bytes in the tables and as much again in each of the five snapshots the keyframe cache must hold
at least (300 MB), and a tick's temporaries several times that; beyond this a machine runs out
of memory long before the battle is drawn."""


class WorldTooLarge(Refusal):
    """More agents than `MAX_AGENTS`; the message says which scale would fit."""


def agent_rows(scenario: Scenario, scale: int, strengths: str = "default") -> list[tuple[int, int]]:
    """(troop rows, commander rows) per formation at `scale`, counted before anything is
    allocated; raises `WorldTooLarge` if the whole exceeds `MAX_AGENTS`."""
    if scale < 1:
        raise ValueError(f"scale must be a whole number >= 1, got {scale}")
    rows = []
    for spec, men in zip(scenario.formations, scenario.strengths_for(strengths), strict=True):
        n_cmd = len(spec.commanders)
        rows.append((max(1, round(max(men - n_cmd, 1) / scale)), n_cmd))
    total = sum(t + c for t, c in rows)
    if total > MAX_AGENTS:
        men = sum(scenario.strengths_for(strengths))
        fits = math.ceil(men / MAX_AGENTS)
        raise WorldTooLarge(
            f"--scale {scale}: {men:,} men would be {total:,} agents, more than the "
            f"{MAX_AGENTS:,} a world may hold; use --scale {fits} or more"
        )
    return rows
