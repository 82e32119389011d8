"""The command AI between orders: ride at the target, pursue a broken enemy briefly, turn on
the next one, and cycle an assault (charge, fight, fall back, re-form, charge again).

Formation-level decisions, a few per tick for ~10 formations; the soldiers follow their slots.
"""

from __future__ import annotations

import numpy as np

from game.scenario.specs import PACES
from game.sim.codes import FormationState, Mode, State
from game.sim.combat import box_gap, formation_boxes
from game.sim.formation import in_ranks
from game.sim.tables import rows
from game.sim.world import World, centres

F32 = np.float32

CHARGE_PACE = PACES.index("charge")
QUICK_PACE = PACES.index("quick")
NEXT_TARGET_RANGE = 2500.0
"""Metres within which a pursuer looks for a new, unbroken enemy to turn on."""

CONTACT_FOR_ASSAULT = 3
"""Men in contact (at scale 1) that count as the assault having struck home."""

STRUCK_HOME = 3.0
"""Metres between the assault's men and its target's: the contact is with the target itself.
Stragglers met on the way (a few routers) do not count, or an assault at 1:1, where three men
touching is a matter of course, recoils from every straggler and never reaches the stand."""


def formation_centres(world: World) -> tuple[np.ndarray, np.ndarray]:
    """(2, F) centres of the men in ranks, and their counts."""
    s = world.soldiers
    ranks = (s.state == State.FORMED) | (s.state == State.ENGAGED)
    cx, cy, count = centres(s.pos, ranks, s.formation, len(world.formations))
    return np.stack([cx, cy]).astype(F32), count


class _Centres:
    """The centres of `formation_centres`, computed only for the formations asked about.

    A charging formation needs its target's centre every tick, rarely all of them. One
    formation's rows are contiguous, and a cumulative sum in float64 adds them in the order
    `np.bincount` does, so each centre is bit-identical to the one of the whole table.
    """

    def __init__(self, world: World, ranks: np.ndarray) -> None:
        self._world = world
        self._ranks = ranks
        self._all: np.ndarray | None = None

    def __getitem__(self, i: int) -> np.ndarray:
        if self._all is not None:
            return self._all[:, i]
        f = self._world.formations
        r = rows(f, i)
        a, b = r.start, r.stop
        w = self._ranks[a:b].astype(np.float64)
        pos = self._world.soldiers.pos
        safe = max(float(w.sum()), 1.0)
        cx = np.cumsum(pos[0, a:b] * w)[-1] / safe
        cy = np.cumsum(pos[1, a:b] * w)[-1] / safe
        return np.array([cx, cy]).astype(F32)

    def all(self) -> np.ndarray:
        if self._all is None:
            self._all = formation_centres(self._world)[0]
        return self._all


def command_ai(world: World, dt: float) -> None:
    f = world.formations
    s = world.soldiers
    c = world.scenario.combat
    if not (f.mode != Mode.IDLE).any():
        return  # nobody is attacking: nothing to decide (and no centres to compute)
    ranks = (s.state == State.FORMED) | (s.state == State.ENGAGED)
    centres = _Centres(world, ranks)
    broken = (f.state == FormationState.ROUTING) | (f.state == FormationState.BROKEN)
    standing = ~broken & np.logical_or.reduceat(ranks, f.first)  # rows are contiguous
    need = max(1, CONTACT_FOR_ASSAULT // world.scale)
    for i in np.flatnonzero(standing & (f.mode != Mode.IDLE)).tolist():
        mode = Mode(int(f.mode[i]))
        f.mode_timer[i] += F32(dt)
        tgt = int(f.target_formation[i])
        if mode in (Mode.CHARGE, Mode.ASSAULT_CHARGE, Mode.PURSUE, Mode.ASSAULT_CONTACT):
            if tgt < 0 or not (standing[tgt] or f.state[tgt] == FormationState.ROUTING):
                tgt = _next_target(f, standing, centres.all(), i)
                if tgt < 0:
                    _stop(f, i)
                    continue
                f.target_formation[i] = tgt
                mode = Mode.CHARGE
                f.mode[i] = mode
            if mode == Mode.CHARGE and f.shield_wall[tgt]:
                # horse do not ride into a shield wall and stay: they charge, recoil and come
                # again ("charges fail again and again", Procopius, Wars I.18)
                mode = Mode.ASSAULT_CHARGE
                f.mode[i] = mode
            if f.state[tgt] == FormationState.ROUTING and mode != Mode.PURSUE:
                mode = Mode.PURSUE
                f.mode[i] = mode
                # the pursuit is counted from where the enemy broke, not from where the
                # pursuers then stood: horse still a few hundred metres off when a body of
                # foot broke turned back before they reached it, and the foot got away [R]
                f.pursuit_from[:, i] = _routers_centre(world, tgt)
            if mode == Mode.PURSUE:
                run = _past_the_break(world, i, tgt)
                if run > c.pursuit or f.state[tgt] == FormationState.BROKEN:
                    nxt = _next_target(f, standing, centres.all(), i)  # pursuit is short [P]
                    if nxt < 0:
                        _stop(f, i)
                        continue
                    f.target_formation[i] = nxt
                    f.mode[i] = Mode.CHARGE
                    tgt = nxt
                aim = _routers_centre(world, tgt)
            else:
                aim = centres[tgt]
            if mode == Mode.ASSAULT_CHARGE and f.contact[i] >= need and _touching(world, i, tgt):
                f.mode[i] = Mode.ASSAULT_CONTACT
                f.mode_timer[i] = 0
            in_contact = f.mode[i] == Mode.ASSAULT_CONTACT
            if in_contact and _clock_minutes(world, f.mode_timer[i]) > c.assault_contact_minutes:
                back = f.anchor[:, i] - f.facing[:, i] * F32(c.assault_recoil)
                f.target[:, i] = back
                f.keep_facing[i] = True
                f.pace[i] = QUICK_PACE
                f.state[i] = FormationState.MARCHING
                f.mode[i] = Mode.ASSAULT_RECOIL
                f.mode_timer[i] = 0
                continue
            _ride_at(f, i, aim)
        elif mode == Mode.ASSAULT_RECOIL:
            if f.state[i] == FormationState.HOLDING or f.mode_timer[i] > 30:
                f.mode[i] = Mode.ASSAULT_REST
                f.mode_timer[i] = 0
        elif mode == Mode.ASSAULT_REST:
            f.target[:, i] = f.anchor[:, i]
            if _clock_minutes(world, f.mode_timer[i]) > c.assault_rest_minutes:
                f.mode[i] = Mode.ASSAULT_CHARGE
                f.mode_timer[i] = 0
                f.pace[i] = CHARGE_PACE


def _clock_minutes(world: World, seconds: float) -> float:
    """Minutes of the clock in the last `seconds` battle seconds. The charge cycle's contact and
    rest are given in minutes of the day (history brief section 6): the clock is compressed
    five times more in the long stand than in the rally, and a fixed count of battle seconds
    meant 4 minutes of contact at 15:20 and 20 at 17:00."""
    clock = world.scenario.clock
    now = world.seconds
    return clock.minutes_of_day(now) - clock.minutes_of_day(now - float(seconds))


def _ride_at(f, i: int, aim: np.ndarray) -> None:
    if f.state[i] == FormationState.HALTED:
        return  # fighting where it met the enemy
    if f.contact[i] == 0:
        # clear of the enemy again, it gallops: a charge presses on at a walk only while it
        # touches (`halt_on_contact`), or a few stragglers met on the way would leave it
        # walking to its next target
        f.pace[i] = CHARGE_PACE
    to = aim - f.anchor[:, i]
    dist = float(np.sqrt(to[0] * to[0] + to[1] * to[1]))
    f.target[:, i] = aim
    if dist > 1:
        f.target_facing[:, i] = to / F32(dist)
    f.keep_facing[i] = False
    f.state[i] = FormationState.MARCHING


def _stop(f, i: int) -> None:
    f.mode[i] = Mode.IDLE
    f.target_formation[i] = -1
    f.target[:, i] = f.anchor[:, i]
    f.state[i] = FormationState.HOLDING


def _next_target(f, standing: np.ndarray, centres: np.ndarray, i: int) -> int:
    """The nearest unbroken enemy formation: where pursuers turn next [P]."""
    enemy = standing & (f.side != f.side[i])
    if not enemy.any():
        return -1
    dx = centres[0] - f.anchor[0, i]
    dy = centres[1] - f.anchor[1, i]
    d = np.sqrt(dx * dx + dy * dy)
    d[~enemy] = np.inf
    k = int(np.argmin(d))
    return k if d[k] < NEXT_TARGET_RANGE else -1


def _touching(world: World, i: int, tgt: int) -> bool:
    """Whether the men in ranks of formation i stand within STRUCK_HOME of those of tgt."""
    s = world.soldiers
    f = world.formations
    # only the two formations' rows, not the whole table: this runs in the tick
    mine = np.r_[rows(f, i)]
    theirs = np.r_[rows(f, tgt)]
    both = np.concatenate([mine, theirs])
    first = np.array([0, mine.size])
    boxes = formation_boxes(s.pos[:, both], in_ranks(s.state[both]), first)
    return bool(box_gap(boxes, 0)[1] <= STRUCK_HOME)


def _past_the_break(world: World, i: int, tgt: int) -> float:
    """Metres pursuer i has ridden past the place where `tgt` broke, along its flight."""
    f = world.formations
    start = f.pursuit_from[:, i]
    flight = _routers_centre(world, tgt) - start
    length = float(np.sqrt(flight[0] * flight[0] + flight[1] * flight[1]))
    if length < 1:
        return 0.0  # they have hardly started to run
    ahead = f.anchor[:, i] - start
    return float(ahead[0] * flight[0] + ahead[1] * flight[1]) / length


def _routers_centre(world: World, tgt: int) -> np.ndarray:
    s = world.soldiers
    f = world.formations
    own = rows(f, tgt)
    run = s.state[own] == State.ROUTING
    if not run.any():
        return f.anchor[:, tgt].copy()
    return np.array([s.pos[0, own][run].mean(), s.pos[1, own][run].mean()], F32)
