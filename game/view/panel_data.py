"""The unit panel's values: who these men are, how many are left, what they are doing and were
last ordered to do, how we know, and how a sweep of the battle spread their losses.

`panel_data(scenario, world, i)` reads the simulation and the scenario into plain values (the
numbers are the simulation's own: men at the start, on the field now, killed, fled), so the
words can be tested without drawing anything; `game.view.panel` lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.lang.words import ENGLISH, N_, Words
from game.scenario.specs import Scenario
from game.sim.codes import State
from game.sim.tables import label as code_label
from game.sim.tables import rows
from game.sim.world import World
from game.sweep.spread import FormationSpread
from game.view import theme
from game.view.chart import Series, lighten
from game.view.hud import cite
from game.view.patterns import formation_patterns
from game.view.whisker import strength_tag

KIND_TEXT = {
    "infantry": N_("heavy infantry"),
    "archer": N_("foot archers"),
    "light_infantry": N_("light infantry"),
    "cavalry": N_("armoured cavalry"),
    "horse_archer": N_("armoured horse archers"),
    "light_cavalry": N_("light cavalry"),
    "commander": N_("commanders"),
}
STATE_TEXT = {
    "WAITING": N_("waiting"),
    "MARCHING": N_("on the move"),
    "HOLDING": N_("holding its ground"),
    "HALTED": N_("halted by the enemy"),
    "ENGAGED": N_("fighting"),
    "ROUTING": N_("in flight"),
    "BROKEN": N_("broken: no men left on the field"),
}
ORDER_TEXT = {
    "march": N_("march to its position"),
    "advance": N_("advance"),
    "face": N_("turn to face"),
    "hold": N_("hold"),
    "form": N_("form line"),
    "charge": N_("charge"),
    "assault": N_("charge, fall back, charge again"),
    "withdraw": N_("fall back facing the enemy"),
    "dismount": N_("dismount and fight on foot"),
    "shield_wall": N_("lock shields"),
    "swim": N_("cross the water"),
    "rally": N_("rally"),
    "leave": N_("a commander leaves the field"),
}
SPREAD_TEXT = "By nightfall in {runs} runs{scale}: killed {killed} (median {median}), fled {fled}"
SPREAD_SCALE = " at 1 figure for {scale} men"


MOVES = frozenset({"march", "advance", "withdraw", "swim"})
"""Orders that end when the men arrive: once they hold there, the panel says so."""


def last_order_tick(scenario: Scenario, world: World, i: int, order: str) -> int | None:
    """When formation `i` was given the order it is under (the latest such order issued)."""
    ticks = [
        o.tick
        for o in scenario.orders_for(world.account)
        if o.formation == i and o.order == order and o.tick <= world.tick
    ]
    return max(ticks) if ticks else None


ORDERS = N_("Orders: {order}")
ORDERS_AT = N_("Orders, {time}: {order}")
REACHED = N_("{order} (reached)")


def order_line(text: str, when: str | None, reached: bool, words: Words = ENGLISH) -> str:
    """ "Orders, 10:14: march to its position (reached)": with its time, a march given at
    dawn does not read as what the men are doing in mid-battle."""
    order = words.t(REACHED).format(order=text) if reached else text
    if when is None:
        return words.t(ORDERS).format(order=order)
    return words.t(ORDERS_AT).format(time=words.clock(when), order=order)


@dataclass(frozen=True)
class CommanderLine:
    name: str
    title: str
    note: str
    on_field: bool


@dataclass(frozen=True)
class PanelData:
    index: int
    name: str
    side: str
    side_colour: tuple[int, int, int]
    side_pattern: str  # the swatch's pattern (game.view.patterns): sides and allies told apart
    troops: str  # "armoured cavalry"
    arms: str
    commanders: tuple[CommanderLine, ...]
    men_start: int
    range_lo: int
    range_hi: int
    reconstruction: bool  # the number at the start is ours, not a source's
    strength_note: str
    men_now: int
    killed: int
    fled: int
    morale: float  # 0..1
    fatigue: float  # 0..1
    doing: str  # "holding its ground"
    order: str  # "Orders, 10:14: march to its position (reached)"
    about: str
    citation: str
    spread: str = ""  # its losses over a sweep's runs, when the cache has one
    strength_tag: str = ""  # "from Procopius", "a modern inference", "our reconstruction"


def panel_data(
    scenario: Scenario,
    world: World,
    i: int,
    spread: FormationSpread | None = None,
    words: Words = ENGLISH,
) -> PanelData:
    """The panel's values for formation `i`, read from the simulation now; `spread` is its
    losses over a sweep of this battle (`game.sweep.spread`), if there is one."""
    spec = scenario.formations[i]
    f = world.formations
    s = world.soldiers
    own = rows(f, i)
    cmd_rows = s.commander[own] >= 0
    st = s.state[own][cmd_rows]
    cmd_gone = (st == State.DEAD) | (st == State.FLED)
    commanders = tuple(
        CommanderLine(
            c.name,
            c.title,
            c.note,
            on_field=not bool(cmd_gone[k]) if k < len(cmd_gone) else False,
        )
        for k, c in enumerate(spec.commanders)
    )
    state_name = code_label(f, "state", i).upper()
    order = code_label(f, "order", i)
    given = last_order_tick(scenario, world, i, order)
    kind_name = spec.kind.name.lower() if hasattr(spec.kind, "name") else str(spec.kind)
    lo, hi = spec.strength_range
    return PanelData(
        index=i,
        name=spec.name,
        side=scenario.sides[spec.side].name,
        side_colour=scenario.sides[spec.side].colour,
        side_pattern=formation_patterns(scenario)[i],
        troops=words.t(KIND_TEXT.get(kind_name, kind_name.replace("_", " "))),
        arms=spec.arms,
        commanders=commanders,
        men_start=round(float(f.men_start[i])),
        range_lo=int(lo),
        range_hi=int(hi),
        reconstruction=spec.strength_citation.source == "reconstruction",
        strength_tag=words.t(strength_tag(spec.strength_citation.source)),
        strength_note=spec.strength_note,
        men_now=round(float(world.men_now()[i])),
        killed=round(float(f.killed[i])),
        fled=round(float(f.fled[i])),
        morale=float(f.morale[i]),
        fatigue=float(f.fatigue[i]),
        doing=words.t(STATE_TEXT.get(state_name, state_name.lower().replace("_", " "))),
        order=order_line(
            words.t(ORDER_TEXT.get(order, order)),
            None if given is None else scenario.clock.time_of_day(given / scenario.clock.tick_rate),
            order in MOVES and state_name == "HOLDING",
            words,
        ),
        about=spec.about,
        citation=cite(spec.citation.source, spec.citation.ref, words),
        spread="" if spread is None else spread_text(spread, world.scale),
    )


def spread_text(sp: FormationSpread, shown_scale: int) -> str:
    """ "By nightfall in 64 runs: killed 1,050–1,430 (median 1,240), fled 0–230"; the sweep's
    scale is named when it is not the scale of the battle on screen."""
    scale = "" if sp.scale == shown_scale else SPREAD_SCALE.format(scale=sp.scale)
    k, f = sp.killed, sp.fled
    return SPREAD_TEXT.format(
        runs=sp.runs,
        scale=scale,
        killed=f"{k.low:,.0f}–{k.high:,.0f}",
        median=f"{k.median:,.0f}",
        fled=f"{f.low:,.0f}–{f.high:,.0f}",
    )


def chart_series(scenario: Scenario, world: World, i: int) -> list[Series]:
    """The formation in gold, each side in its (lightened) colour."""
    f = world.formations
    out = [
        Series(
            N_("This unit"),
            theme.GOLD,
            (i,),
            float(f.men_start[i]),
            4,
        )
    ]
    for side, spec in scenario.sides.items():
        cols = tuple(int(k) for k in range(len(f)) if int(f.side[k]) == int(side))
        start = float(sum(float(f.men_start[k]) for k in cols))
        out.insert(0, Series(spec.name, lighten(spec.colour, 0.35), cols, start, 3))
    return out
