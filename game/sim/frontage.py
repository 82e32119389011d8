"""How many men fight where two formations touch: the length of their front, not the agents.

At --scale N an agent stands for N men of one rank, side by side, so a formation's agents
stand N times as far apart along its front as its men would. Counting the agents that touch an
enemy then under-counts the men fighting, and by how much depends on how the two formations'
agents happen to fall against each other: at --scale 10 a Persian agent (15 m wide) touches one
of the 2.5 Roman shield-wall agents (6 m) opposite it, where at 1:1 all 25 Romans in those 15 m
fight. So the melee counts the length of front along which two formations touch, and the men
of each who stand along it: a man's file is the same width at every scale.
"""

from __future__ import annotations

import numpy as np


def union_length(key: np.ndarray, start: np.ndarray, end: np.ndarray, n_keys: int) -> np.ndarray:
    """Per key, the length covered by the union of the intervals [start, end) with that key.

    Vectorised: intervals are sorted by (key, start), each key's coordinates shifted by a gap
    larger than any coordinate so that one running maximum sweeps every key at once.
    """
    if key.size == 0:
        return np.zeros(n_keys)
    start = start.astype(np.float64)
    end = end.astype(np.float64)
    span = float(max(end.max(), -start.min(), 1.0)) * 4 + 1
    shift = key.astype(np.float64) * span
    order = np.lexsort((start, key))
    s = start[order] + shift[order]
    e = end[order] + shift[order]
    reach = np.maximum.accumulate(e)
    before = np.concatenate([[-np.inf], reach[:-1]])  # furthest end of the intervals before
    covered = np.maximum(e - np.maximum(s, before), 0.0)
    return np.bincount(key[order], weights=covered, minlength=n_keys)


def men_along_front(
    key: np.ndarray,
    lateral: np.ndarray,
    width: np.ndarray,
    file_width: np.ndarray,
    n_keys: int,
) -> np.ndarray:
    """Per key (an attacking formation against a defending one), the men of the attacker who
    stand along the front where they touch: the front's length over the width of a man's file.

    `lateral` is each touching pair's place along the attacker's front (metres), `width` the
    stretch of front the pair covers (the wider of its two agents), `file_width` per pair the
    width of one of the attacker's files of men.
    """
    front = union_length(key, lateral - width / 2, lateral + width / 2, n_keys)
    files = np.zeros(n_keys)
    files[key] = file_width
    return np.where(files > 0, front / np.maximum(files, 1e-6), 0.0)
