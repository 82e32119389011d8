"""Which phase of the battle is being told at a tick (the caption, the camera, the arrows ask).

A phase starts at its time of day, or, told when something happens (`Phase.after`: the rally
when Ascan's men rout, the stand when Belisarius dismounts), where the event log has it; so
pass the world's `events`.
"""

from __future__ import annotations

from game.scenario.specs import Phase
from game.view.telling import phase_log


def starts(phases: tuple[Phase, ...], events=()) -> list[tuple[Phase, int]]:
    """(phase, start tick) of the phases begun so far, in the order told."""
    logged = phase_log(events)  # by the phase's id: its name may be in another language
    out: list[tuple[Phase, int]] = []
    for p in phases:
        start = p.tick if p.after is None else logged.get(p.id, logged.get(p.name))
        if start is not None:
            out.append((p, start))
    out.sort(key=lambda ps: ps[1])
    return out


def current_phase(phases: tuple[Phase, ...], tick: int, events=()) -> Phase:
    """The phase being told at `tick`."""
    return phase_spans(phases, tick, events)[0][0]


def phase_spans(
    phases: tuple[Phase, ...], tick: int, events=()
) -> tuple[tuple[Phase, int], tuple[Phase, int] | None]:
    """The current phase with its start tick, and the one before it with its (or None)."""
    begun = [ps for ps in starts(phases, events) if ps[1] <= tick]
    if not begun:
        return (phases[0], phases[0].tick), None
    return begun[-1], (begun[-2] if len(begun) > 1 else None)
