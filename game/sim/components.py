"""The codes of the simulation's tables (kinds, states, sides), re-exported for the sim and view.

They are defined beside the scenario loader (`game.scenario.codes`) because they are the
vocabulary of the data files, and imports run one way: data -> scenario -> sim -> view.
"""

from game.scenario.codes import (
    GONE,
    KIND_NAMES,
    MOUNTED,
    SIDE_NAMES,
    FormationState,
    Kind,
    Side,
    State,
)

__all__ = ["GONE", "KIND_NAMES", "MOUNTED", "SIDE_NAMES", "FormationState", "Kind", "Side", "State"]
