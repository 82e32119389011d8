"""The order of a tick, written down once: each system, how often it runs, what it touches.

A system is a function `(world, scratch, seconds)`, where `seconds` is the battle time since it
last ran (a tick for most; its period for the slower ones). Rates are in battle seconds and
turned into ticks for the scenario's `tick_rate`, so a battle at 10 or 40 ticks a second still
shoots and wears morale once a battle second. `reads` and `writes` name what a system may look
at and change: a table column ("soldiers.pos"), a field of the tick's `Scratch`
("scratch.slots"), or the world's "events", "rng", "order_cursor" and "track". A test runs each
system on a copy of a world and checks it changes nothing it does not declare.

Why the slower rates: the neighbour search is the dearest system (~4-5 ms at 1:1, more than all
the every-tick systems together), so it and what uses its pairs run every `CONTACT_SECONDS`: a
man at a march pace (1.3 m/s x tempo 5) moves ~1 m between passes, about his own width, and
separation is a soft push blended with arrive, so lines still stop just apart; contact and
blows lag by at most 0.1 battle s more than at 10 Hz. It was 10 Hz; at 6.7 Hz the sources'
order of events still emerges (tests/test_battle.py). Volleys, morale and the track are once a
battle second, as the scenario's numbers are per second.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from game.sim.combat import land_arrows, overrun, volley
from game.sim.command import command_ai
from game.sim.contact import find_neighbours, halt_on_contact, strike, touch_and_separate
from game.sim.formation import march_anchors
from game.sim.morale import escape, leave_field, update_morale
from game.sim.motion import face, move, steer
from game.sim.orders import follow_chains, issue_orders
from game.sim.pace import find_slots, limit_speeds
from game.sim.phases import announce_phases
from game.sim.scratch import Scratch
from game.sim.track import record_track
from game.sim.world import World

CONTACT_SECONDS = 0.15
"""Battle seconds between neighbour passes: 3 ticks at 20 Hz (6.7 Hz). See the module doc."""


@dataclass(frozen=True)
class System:
    name: str
    run: Callable[[World, Scratch, float], None]
    every: float | None  # battle seconds between runs; None: every tick
    reads: tuple[str, ...]
    writes: tuple[str, ...]

    def period(self, tick_rate: int) -> int:
        """Ticks between runs at `tick_rate` (at least one)."""
        return 1 if self.every is None else max(1, round(self.every * tick_rate))


def contact_every(tick_rate: int) -> int:
    """Ticks between neighbour passes, which refresh `Soldiers.push` (keyframes need this)."""
    return max(1, round(CONTACT_SECONDS * tick_rate))


# -- adapters: the systems whose work lives elsewhere, under the name of what they do ----------
def record_track_row(world: World, t: Scratch, seconds: float) -> None:
    record_track(world)


def issue_timed_orders(world: World, t: Scratch, seconds: float) -> None:
    issue_orders(world, world.scenario.orders_for(world.account))


def follow_order_chains(world: World, t: Scratch, seconds: float) -> None:
    follow_chains(world, world.scenario.chains_for(world.account))


def let_routers_get_away(world: World, t: Scratch, seconds: float) -> None:
    escape(world)


def run_command_ai(world: World, t: Scratch, seconds: float) -> None:
    command_ai(world, seconds)


def march_formations(world: World, t: Scratch, seconds: float) -> None:
    f = world.formations
    march_anchors(f, world.tables.paces[f.kind, f.pace], t.tempo, seconds)


def shoot_volleys(world: World, t: Scratch, seconds: float) -> None:
    volley(world, seconds)


def land_arrows_due(world: World, t: Scratch, seconds: float) -> None:
    land_arrows(world)


def overrun_generals(world: World, t: Scratch, seconds: float) -> None:
    overrun(world)


def wear_morale(world: World, t: Scratch, seconds: float) -> None:
    update_morale(world, seconds)


def leave_the_field(world: World, t: Scratch, seconds: float) -> None:
    leave_field(world)


def cols(text: str) -> tuple[str, ...]:
    """'soldiers: pos vel; scratch: acc; rng' -> ('soldiers.pos', 'soldiers.vel', 'scratch.acc',
    'rng'): a table or the scratch, a colon and its columns; or a whole part of the world."""
    out: list[str] = []
    for part in text.split(";"):
        owner, _, names = part.strip().partition(":")
        if not names:
            out.append(owner.strip())
            continue
        out.extend(f"{owner.strip()}.{name}" for name in names.split())
    return tuple(out)


KILL = "soldiers: state vel; formations: killed recent morale stand_fast; events"
"""What killing a man touches (`combat.kill`): melee, arrows and an overrun all kill."""
ORDERED = "formations: target target_facing keep_facing state mode mode_timer target_formation pace"
"""What orders and the command AI set on a formation."""

SCHEDULE: tuple[System, ...] = (
    System(
        "record_track_row",
        record_track_row,
        1.0,
        reads=cols("soldiers: pos state formation men; formations: facing state"),
        writes=cols("track"),
    ),
    System("announce_phases", announce_phases, None, reads=cols("events"), writes=cols("events")),
    System(
        "issue_timed_orders",
        issue_timed_orders,
        None,
        reads=cols("order_cursor; formations: state files; soldiers: commander pos men"),
        writes=cols(
            "order_cursor; events; soldiers: kind state vel; formations: order files spacing "
            f"kind morale fled resolve stand_fast shield_wall swim retreat; {ORDERED}"
        ),
    ),
    System(
        "follow_order_chains",
        follow_order_chains,
        None,
        reads=cols("formations: chain state files; soldiers: commander pos men"),
        writes=cols(
            "formations: chain; events; soldiers: kind state vel; formations: order files "
            f"spacing kind morale fled resolve stand_fast shield_wall swim retreat; {ORDERED}"
        ),
    ),
    System(
        "run_command_ai",
        run_command_ai,
        None,
        reads=cols(
            "formations: anchor facing contact side first pursuit_from shield_wall; "
            f"soldiers: state pos; {ORDERED}"
        ),
        writes=cols(f"formations: pursuit_from; {ORDERED}"),
    ),
    System(
        "march_formations",
        march_formations,
        None,
        reads=cols(
            "formations: target target_facing keep_facing pace kind files spacing count state; "
            "scratch: tempo"
        ),
        writes=cols("formations: anchor facing state"),
    ),
    System(
        "find_slots",
        find_slots,
        None,
        reads=cols("soldiers: state pos; formations: anchor facing files spacing first count"),
        writes=cols("scratch: ranks active cells slots"),
    ),
    System(
        "limit_speeds",
        limit_speeds,
        None,
        reads=cols("scratch: slots tempo; soldiers: pos kind state formation; formations: pace"),
        writes=cols("scratch: to_slot max_speed max_force"),
    ),
    System(
        "find_neighbours",
        find_neighbours,
        CONTACT_SECONDS,
        reads=cols("scratch: active; soldiers: pos; formations: spacing shield_wall kind"),
        writes=cols("scratch: pairs"),
    ),
    System(
        "touch_and_separate",
        touch_and_separate,
        CONTACT_SECONDS,
        reads=cols("scratch: pairs max_force active; soldiers: kind side state"),
        writes=cols("soldiers: push state"),
    ),
    System(
        "strike",
        strike,
        CONTACT_SECONDS,
        reads=cols(
            "scratch: pairs; soldiers: side kind state vel facing pos formation men commander; "
            "formations: shield_wall fatigue facing spacing kind; rng"
        ),
        writes=cols(f"formations: flank_hits; rng; {KILL}"),
    ),
    System(
        "shoot_volleys",
        shoot_volleys,
        1.0,
        reads=cols(
            "soldiers: state pos men formation commander; "
            "formations: side kind arrows state facing first; missiles: impact; rng"
        ),
        writes=cols(
            f"formations: arrows; missiles: start end launch impact side victim; rng; {KILL}"
        ),
    ),
    System(
        "land_arrows_due",
        land_arrows_due,
        None,
        reads=cols("missiles: impact victim; soldiers: state"),
        writes=cols(f"missiles: victim; {KILL}"),
    ),
    System(
        "overrun_generals",
        overrun_generals,
        1.0,
        reads=cols("formations: state killed men_start stand_fast; soldiers: commander formation"),
        writes=cols(KILL),
    ),
    System(
        "wear_morale",
        wear_morale,
        1.0,
        reads=cols(
            "formations: men_start shield_wall resolve flank_hits recent contact side fatigue "
            "morale state stand_fast anchor; soldiers: state formation"
        ),
        writes=cols(
            "formations: fatigue morale recent flank_hits state mode target_formation; "
            "soldiers: state; events"
        ),
    ),
    System(
        "let_routers_get_away",
        let_routers_get_away,
        1.0,
        reads=cols(
            "soldiers: state commander pos side formation men kind; "
            "formations: first side kind state men_start; rng"
        ),
        writes=cols(f"formations: fled; rng; {KILL}"),  # foot among horse are ridden down
    ),
    System(
        "steer",
        steer,
        None,
        reads=cols(
            "soldiers: pos vel push state formation; formations: swim retreat; "
            "scratch: slots to_slot max_speed max_force ranks active cells"
        ),
        writes=cols("scratch: acc"),
    ),
    System(
        "move",
        move,
        None,
        reads=cols("scratch: acc max_speed cells active; soldiers: formation; formations: swim"),
        writes=cols("soldiers: pos vel"),
    ),
    System(
        "face",
        face,
        None,
        reads=cols("soldiers: vel state formation; formations: facing; scratch: tempo"),
        writes=cols("soldiers: facing"),
    ),
    System(
        "leave_the_field",
        leave_the_field,
        None,
        reads=cols("soldiers: state pos formation men; formations: retreat"),
        writes=cols("soldiers: state vel; formations: fled"),
    ),
    System(
        "halt_on_contact",
        halt_on_contact,
        None,
        reads=cols(
            "soldiers: state formation pos; formations: first mode pace swim state facing "
            "target anchor order; scratch: slots active"
        ),
        writes=cols("formations: contact pace anchor target state"),
    ),
)
"""The order of a tick. Names are unique; `bench/bench_systems.py` times each."""
