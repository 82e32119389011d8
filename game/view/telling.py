"""An event of the battle in the words of the shown language.

The simulation logs each event with an English sentence (for the report) and what it was
worded from (`Event.key`, `Event.commander`); a view words it again from the shown scenario's
templates (`game.scenario.translations.translated`), so switching language rewords the events
already logged without touching the simulation.
"""

from __future__ import annotations

from collections.abc import Iterable

from game.scenario.specs import Scenario
from game.sim.events import Event

PHASE_KINDS = ("phase", "nightfall")


def told(event: Event, shown: Scenario) -> str:
    """`event`'s sentence (or its phase's name) in `shown`'s language."""
    if event.kind in PHASE_KINDS:
        return next((p.name for p in shown.phases if p.id == event.key), event.text)
    if not event.key or event.formation < 0 or event.key not in shown.wording.sentences:
        return event.text
    commander = ""
    if event.commander >= 0:
        commander = shown.formations[event.formation].commanders[event.commander].name
    return shown.wording.sentence(event.key, event.formation, event.target, commander)


def phase_log(events: Iterable[Event]) -> dict[str, int]:
    """When each phase told by an event began: phase id (or, for an event logged without
    one, its name) -> tick."""
    return {(e.key or e.text): e.tick for e in events if e.kind in PHASE_KINDS}
