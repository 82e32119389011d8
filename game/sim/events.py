"""Events the simulation emits (a formation routs, a commander falls, the stand forms...).

Appended to `World.events` by the systems, in tick order. The log is part of the state: a
snapshot keeps it (a tuple of frozen events) and a restore puts it back, so after any seek
the log holds exactly the events of the ticks simulated so far. Captions, the timeline's
icons and the report all read this one log.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = (
    "phase",  # a phase of the battle begins
    "rout",  # a formation breaks and runs
    "rally",  # a routing formation re-forms
    "commander_falls",
    "commander_leaves",
    "stand_formed",
    "nightfall",
    "crossing",
    "charge",
    "dismount",
)


@dataclass(frozen=True)
class Event:
    tick: int
    kind: str  # one of KINDS
    formation: int  # row in the formations table, -1 for the whole battle
    text: str  # one plain sentence, worded from the scenario's templates (`Wording`)
    source: str  # citation: "Procopius, Wars I.18" or "modern reconstruction"
    basis: str = ""  # what the citation is: procopius, malalas, zacharias, modern, reconstruction
    target: int = -1  # the formation charged or attacked, -1 for none
    # What `text` was worded from, so that a view can word it again in another language: the
    # sentence's key in the scenario's `story:` block (an assault's is "assault"), or the
    # phase's id; and the commander's row in his formation's `commanders` (-1: none).
    key: str = ""
    commander: int = -1
