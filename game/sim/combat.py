"""Combat: melee where enemies touch, and arrow volleys with flight time.

Both are vectorized over pairs (melee) or formations (volleys) and draw their chances from the
world's RNG only, so a battle is a pure function of scenario, seed and account. Losses are
recorded per soldier (state DEAD, or FLED elsewhere) and summed per formation, so
killed + fled + on the field = men at the start, always.
"""

from __future__ import annotations

import numpy as np

from game.scenario.codes import Kind, Side
from game.sim.codes import FormationState, State
from game.sim.events import Event
from game.sim.fastops import sorted_unique, unique_inverse
from game.sim.frontage import men_along_front
from game.sim.neighbours import Pairs
from game.sim.steering import ENEMY_MARGIN
from game.sim.tables import rows
from game.sim.world import World, on_field

F32 = np.float32

ARROW_SPEED = 60.0
"""Metres per second of an arrow in flight (a war bow's arrow leaves at 50-60 m/s) [u]."""

VISIBLE_ARROWS = 48
"""At most this many arrows drawn per volley: enough to read 'many' against 'few'."""

ARROWS_PER_VISIBLE = 30
"""One drawn arrow stands for this many shot, so volleys of 10,000 men look denser than 2,000."""


def kill(world: World, rows: np.ndarray) -> None:
    """Mark soldiers dead and book the men against their formations; name fallen generals."""
    s = world.soldiers
    f = world.formations
    rows = rows[on_field(s.state[rows])]
    if rows.size == 0:
        return
    rows = sorted_unique(rows)
    s.state[rows] = State.DEAD
    s.vel[:, rows] = 0
    men = np.bincount(s.formation[rows], weights=s.men[rows], minlength=len(f)).astype(F32)
    f.killed += men
    f.recent += men / np.maximum(f.men_start, F32(1))
    fallen = rows[s.commander[rows] >= 0]
    for row in fallen.tolist():  # a handful of generals in a whole battle, not a soldier loop
        i = int(s.formation[row])
        spec = world.scenario.formations[i]
        k = int(s.commander[row])
        name = spec.commanders[k].name
        f.morale[i] = max(0.0, float(f.morale[i]) - world.scenario.combat.commander_lost)
        f.stand_fast[i] = False  # those who stood by him lose heart when he falls
        text = world.scenario.wording.sentence("commander_falls", i, commander=name)
        cite = spec.cited_in(world.account, "commander_falls")
        world.events.append(
            Event(world.tick, "commander_falls", i, text, *cite, key="commander_falls", commander=k)
        )


def overrun(world: World) -> None:
    """Generals fall with their contingent when it is overrun: when a share of it is killed
    while it breaks, or a larger share while it stands to the last. Their guards close round
    them, so they do not die of a stray blow."""
    s = world.soldiers
    f = world.formations
    c = world.scenario.combat
    breaking = (f.state == FormationState.ROUTING) | (f.state == FormationState.BROKEN)
    share = f.killed / np.maximum(f.men_start, F32(1))
    gone = np.flatnonzero(
        ((share >= F32(c.falls_breaking)) & breaking)
        | ((share >= F32(c.falls_standing)) & f.stand_fast)
    )
    if gone.size == 0:
        return
    generals = np.flatnonzero((s.commander >= 0) & np.isin(s.formation, gone))
    if generals.size:
        kill(world, generals)


def resolve_melee(world: World, pairs: Pairs, dt: float) -> None:
    """Men touching an enemy strike him; charge speed, flank, height and armour decide."""
    s = world.soldiers
    f = world.formations
    c = world.scenario.combat
    tab = world.tables
    i, j = pairs.i, pairs.j
    if i.size == 0:
        return
    # only enemies on the field can touch: the rest (nearly every pair, ~99 % of them in the
    # melee) are dropped first, and each value below is computed as before, on these pairs alone
    alive = on_field(s.state)
    foes = (np.take(s.side, i) != np.take(s.side, j)) & np.take(alive, i) & np.take(alive, j)
    e = np.flatnonzero(foes)
    i, j = np.take(i, e), np.take(j, e)
    pdx, pdy, pdist = np.take(pairs.dx, e), np.take(pairs.dy, e), np.take(pairs.dist, e)
    reach = np.take(tab.radius, np.take(s.kind, i)) + np.take(tab.radius, np.take(s.kind, j))
    reach += ENEMY_MARGIN
    # At --scale N an agent is N men side by side along his formation's front, not one man:
    # two agents touch where the ends of their files come within a man's reach, so the gap
    # between them along the front is shortened by both half-widths (`agent_reach`). Counted
    # between points, at --scale 10 only one agent in ten touched where at 1:1 the whole
    # stretch of front fought: Ascan's men met a third of the Persian swords and broke 25
    # minutes later than at 1:1 (issue #14). Nothing changes at 1:1, where the extra is 0.
    # A broken body's men run as a crowd, not a file along the front: a blow at a router is
    # man to man, between the agents themselves, at every scale; and a general is one man.
    widths = agent_reach(world)
    form_i, form_j = np.take(s.formation, i), np.take(s.formation, j)
    extra_i = np.take(widths, form_i) * (np.take(s.commander, i) < 0)
    extra_j = np.take(widths, form_j) * (np.take(s.commander, j) < 0)
    rout_pair = (np.take(s.state, i) == State.ROUTING) | (np.take(s.state, j) == State.ROUTING)
    ext = (extra_i + extra_j) * ~rout_pair
    rx, ry = -np.take(f.facing[1], form_i), np.take(f.facing[0], form_i)
    lat = pdx * rx + pdy * ry  # along i's front
    dep = pdy * rx - pdx * ry  # across it
    lat_gap = np.sign(lat) * np.maximum(np.abs(lat) - ext, F32(0))
    gap = np.sqrt(lat_gap * lat_gap + dep * dep)
    wide = ext > 0
    gap = np.where(wide, gap, pdist)
    sel = np.flatnonzero(gap < reach)
    if sel.size == 0:
        return
    a = np.concatenate([i[sel], j[sel]])  # attackers
    d = np.concatenate([j[sel], i[sel]])  # defenders
    # the blow's direction: between the nearest men of the two agents (between the agents
    # themselves at 1:1)
    gx = np.where(wide, lat_gap * rx - dep * ry, pdx)[sel]
    gy = np.where(wide, lat_gap * ry + dep * rx, pdy)[sel]
    inv = F32(1) / np.maximum(np.where(wide[sel], gap[sel], pdist[sel]), F32(1e-3))
    ux = np.concatenate([gx * inv, -gx * inv])  # unit attacker -> defender
    uy = np.concatenate([gy * inv, -gy * inv])

    fa = s.formation[a]
    fd = s.formation[d]
    ka = s.kind[a]
    kd = s.kind[d]
    p = (
        F32(c.melee_kill * dt)
        * np.take(tab.melee, ka)
        * (F32(1) - F32(0.5) * np.take(tab.armour, kd))
    )
    # charge impact: the speed at which the attacker closes on his foe, as a share of his
    # charge pace. A fugitive runs from the blow: the closing speed is the pursuer's less his,
    # and a pursuer no faster than the man he chases strikes his back without a charge's shock
    # (counted from his own speed alone, at 1:1 every blow of the Persian right's pursuit at
    # Sunicas' routers weighed up to three, and the horse who fled at once lost 24 %; issue
    # #14). A man in ranks is not running away: when the press shoves him back (separation),
    # the shock has struck him; for him it is the attacker's own speed, as before (with his
    # velocity too, a charge into a line's end, whose men the horse shove along, cost them no
    # more than one into its front: test_battle's flank test).
    fleeing = s.state[d] == State.ROUTING
    rel_x = s.vel[0, a] - s.vel[0, d] * fleeing
    rel_y = s.vel[1, a] - s.vel[1, d] * fleeing
    closing = np.maximum(rel_x * ux + rel_y * uy, F32(0))
    charge_pace = np.take(tab.paces[:, -1], ka) * F32(world.scenario.clock.tempo(world.seconds))
    impact = np.minimum(closing / np.maximum(charge_pace, F32(1e-3)), F32(1))
    walled = np.take(f.shield_wall, fd)
    mounted = np.take(tab.mounted, ka)
    # horses will not ride into a shield wall: they rear at the clash (Procopius I.18)
    p *= F32(1) + F32(c.charge_bonus) * impact * (mounted & ~walled)
    # where the blow comes from, seen from the defender: front, flank or rear
    cos = -(s.facing[0, d] * ux + s.facing[1, d] * uy)
    flank = (cos < F32(0.5)) & (cos >= F32(-0.5))
    rear = cos < F32(-0.5)
    side_blow = np.where(rear, F32(c.rear_bonus), np.where(flank, F32(c.flank_bonus), F32(1)))
    # A router's exposure is `routed_vulnerability` whichever way he faces: a broken man
    # neither faces, parries nor keeps his place, and the blow in his back is part of that.
    # Counted as a rear blow as well, a blow at a router weighed 2.5 x 2.5 = 6.25 frontal ones,
    # and most of the dead of a body that fled at once fell in the seconds it took to turn
    # (at 1:1 Sunicas' horse lost 684 of its 961 dead in the 8 battle seconds from its break,
    # still in contact; issue #14).
    p *= np.where(fleeing, F32(c.routed_vulnerability), side_blow)
    # and a man caught from the side or behind strikes back poorly
    facing_foe = s.facing[0, a] * ux + s.facing[1, a] * uy
    p *= np.where(facing_foe < F32(0.5), F32(c.turned_away), F32(1))
    cells_a = world.terrain.cells(s.pos[:, a])
    cells_d = world.terrain.cells(s.pos[:, d])
    above = np.take(world.terrain.elevation, cells_a) - np.take(world.terrain.elevation, cells_d)
    p *= np.minimum(F32(1) + F32(c.height_bonus) * np.maximum(above, F32(0)), F32(2))
    p *= F32(1) - F32(0.5) * np.take(f.fatigue, fa)
    p *= np.where(walled, F32(c.shield_wall_defence), F32(1))
    p *= s.state[a] != State.ROUTING  # routers do not fight back
    p *= s.commander[d] < 0  # generals fall with their men: see `overrun`

    # Each pair's chance is one man's blow. How many men strike: those of the attacker who
    # stand along the front where the two formations touch (`frontage`), shared among the
    # pairs that touch there, so that the same fight costs the same men at every scale.
    n_form = len(f)
    key = fa.astype(np.int64) * n_form + fd
    lateral = (s.pos[0, a] + s.pos[0, d]) * F32(0.5) * -np.take(f.facing[1], fa) + (
        s.pos[1, a] + s.pos[1, d]
    ) * F32(0.5) * np.take(f.facing[0], fa)
    width = np.maximum(np.take(f.spacing[0], fa), np.take(f.spacing[0], fd))
    files = file_widths(world)
    fighting = men_along_front(key, lateral, width, np.take(files, fa), n_form * n_form)
    pairs_of = np.bincount(key, minlength=n_form * n_form)
    blows = np.take(fighting / np.maximum(pairs_of, 1), key)  # men striking through each pair
    chance = p * blows / np.take(s.men, d)  # that the pair's defender (an agent) is cut down

    # expected men cut down from flank or rear: what unnerves a formation most
    struck = (flank | rear) & (s.state[d] != State.ROUTING)
    if struck.any():
        weight = s.men[d[struck]] * np.minimum(chance[struck], F32(1))
        f.flank_hits += np.bincount(fd[struck], weights=weight, minlength=len(f)).astype(F32)
    victims, pick = unique_inverse(d)
    risk = np.bincount(pick, weights=chance, minlength=victims.size)
    roll = world.rng.random(victims.size, dtype=F32)
    kill(world, victims[roll < risk])


def agent_reach(world: World) -> np.ndarray:
    """(F,) metres each side of an agent's centre that his men stand beyond a single man: half
    of (his formation's spacing along the front less one man's file). 0 at 1:1; at --scale 10
    a Persian agent of ten horsemen, 15 m wide, reaches 6.75 m further each side."""
    f = world.formations
    return np.maximum(f.spacing[0] - file_widths(world), F32(0)) * F32(0.5)


def file_widths(world: World) -> np.ndarray:
    """(F,) metres of front one man's file takes in each formation (its kind's, or packed
    shields'), the same at every scale."""
    kinds = world.scenario.kinds
    by_kind = np.array([kinds[k].spacing[0] if k in kinds else 1.0 for k in Kind], F32)
    f = world.formations
    wall = F32(world.scenario.combat.shield_wall_spacing[0])
    return np.where(f.shield_wall, wall, np.take(by_kind, f.kind))


def volley(world: World, period: float) -> None:
    """Every formation with bows and arrows shoots at the enemy across from its front.

    A line a kilometre long does not pour all its arrows on one enemy: each stretch of it
    shoots at what stands opposite, so the shots are shared by frontage (see `opposite`).
    """
    s = world.soldiers
    f = world.formations
    tab = world.tables
    n_form = len(f)
    alive = on_field(s.state)
    in_ranks = (s.state == State.FORMED) | (s.state == State.ENGAGED)
    men = np.bincount(s.formation, weights=s.men * in_ranks, minlength=n_form)
    boxes = formation_boxes(s.pos, in_ranks, f.first)
    tempo = world.scenario.clock.tempo(world.seconds)
    for i in range(n_form):  # formations, not soldiers: ~10 a side
        side = world.scenario.sides[Side(int(f.side[i]))]
        bow = side.bow
        shooters = men[i] * float(tab.shoots[int(f.kind[i])])
        if bow is None or shooters < 1 or f.arrows[i] < 1 or f.state[i] >= 5:  # ROUTING/BROKEN
            continue
        targets, shares, lanes = opposite(f, boxes, men, i, bow.range)
        if targets.size == 0:
            continue
        shots = min(shooters * bow.shots_per_second * period, float(f.arrows[i]))
        f.arrows[i] -= shots
        aims = zip(targets.tolist(), shares.tolist(), lanes.T.tolist(), strict=True)
        for target, share, lane in aims:
            armour = float(tab.armour[int(f.kind[target])])
            p = armour * bow.kill_armoured + (1 - armour) * bow.kill_unarmoured
            kills_men = int(world.rng.binomial(int(shots * share), p))
            _launch(world, i, target, shots * share, kills_men, alive, tempo, lane)


def opposite(
    f, boxes: np.ndarray, men: np.ndarray, i: int, reach: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The enemy formations in range of formation i, each one's share of its arrows, and the
    stretch of i's front (the lane, in metres along the front) that shoots at it.

    Shares follow how much of i's front each target faces; when none faces it (a flank in
    range, or a target off the end of the line) the nearest takes every arrow from the whole
    front. This keeps the fall of arrows the same at every scale: it does not hang on which
    box edge happens to be a metre nearer.
    """
    gap = box_gap(boxes, i)
    ok = np.flatnonzero((f.side != f.side[i]) & (men > 0) & (gap <= reach))
    if ok.size == 0:
        return ok, np.zeros(0), np.zeros((2, 0))
    lo_i, hi_i = _along_front(boxes[:, [i]], f.facing[:, i])
    lo, hi = _along_front(boxes[:, ok], f.facing[:, i])
    start = np.maximum(lo, lo_i)
    end = np.minimum(hi, hi_i)
    facing = np.maximum(end - start, 0)
    if facing.sum() <= 0:
        nearest = int(ok[np.argmin(gap[ok])])
        return np.array([nearest]), np.ones(1), np.array([[lo_i[0]], [hi_i[0]]])
    keep = facing > 0
    return ok[keep], facing[keep] / facing.sum(), np.stack([start[keep], end[keep]])


def _along_front(boxes: np.ndarray, facing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Extent of each box along a front whose facing is `facing`: metres to its right."""
    right = np.array([-facing[1], facing[0]], np.float64)
    xs = np.where(right[0] >= 0, boxes[[0, 2]], boxes[[2, 0]])  # (lo, hi) corners along right
    ys = np.where(right[1] >= 0, boxes[[1, 3]], boxes[[3, 1]])
    return xs[0] * right[0] + ys[0] * right[1], xs[1] * right[0] + ys[1] * right[1]


def _launch(
    world: World,
    i: int,
    target: int,
    shots: float,
    kills_men: int,
    alive: np.ndarray,
    tempo: float,
    lane: list[float],
) -> None:
    s = world.soldiers
    f = world.formations
    rng = world.rng
    t_rows = np.r_[rows(f, target)]
    # arrows fall on the ranks: a general behind them, among his guards, is not singled out
    t_rows = t_rows[alive[t_rows] & (s.state[t_rows] != State.ROUTING) & (s.commander[t_rows] < 0)]
    a_rows = np.r_[rows(f, i)]
    a_rows = a_rows[alive[a_rows]]
    if t_rows.size == 0 or a_rows.size == 0:
        return
    # the shooters: those on the stretch of the front that faces the target
    right = (-f.facing[1, i], f.facing[0, i])
    along = s.pos[0, a_rows] * right[0] + s.pos[1, a_rows] * right[1]
    in_lane = a_rows[(along >= lane[0] - 1) & (along <= lane[1] + 1)]
    if in_lane.size:
        a_rows = in_lane
    # the front: the target's men nearest the shooters' centre
    cx, cy = s.pos[0, a_rows].mean(), s.pos[1, a_rows].mean()
    dist2 = (s.pos[0, t_rows] - cx) ** 2 + (s.pos[1, t_rows] - cy) ** 2
    n_front = max(1, int(t_rows.size * world.scenario.combat.arrows_front))
    front = t_rows[np.argsort(dist2, kind="stable")[:n_front]]
    per_agent = float(s.men[front].mean())
    expected = kills_men / per_agent
    n_dead = int(expected) + int(rng.random() < expected - int(expected))
    n_dead = min(n_dead, front.size)
    victims = rng.choice(front, size=n_dead, replace=False) if n_dead else front[:0]
    n_vis = min(VISIBLE_ARROWS, 1 + int(shots) // ARROWS_PER_VISIBLE)
    aims = np.concatenate([victims, rng.choice(front, size=n_vis)])
    starts = rng.choice(a_rows, size=aims.size)
    m = world.missiles
    free = np.flatnonzero(m.impact < world.tick)[: aims.size]
    k = free.size
    scatter = rng.normal(0.0, 3.0, (2, aims.size)).astype(F32)
    scatter[:, : victims.size] = 0  # the arrows that kill land on their man
    end = s.pos[:, aims] + scatter
    start = s.pos[:, starts]
    dist = np.sqrt(((end - start) ** 2).sum(axis=0))
    flight = np.maximum(1, np.round(dist / (ARROW_SPEED * tempo) * world.scenario.clock.tick_rate))
    m.start[:, free] = start[:, :k]
    m.end[:, free] = end[:, :k]
    m.launch[free] = world.tick
    m.impact[free] = world.tick + flight[:k].astype(np.int32)
    m.side[free] = f.side[i]
    victim = np.full(aims.size, -1, np.int32)
    victim[: victims.size] = victims
    m.victim[free] = victim[:k]
    if k < victims.size:  # no room to draw them all: the rest die at once
        kill(world, victims[k:])


def land_arrows(world: World) -> None:
    """Arrows landing this tick kill their marked victims (if still on the field)."""
    m = world.missiles
    due = np.flatnonzero((m.impact == world.tick) & (m.victim >= 0))
    if due.size:
        kill(world, m.victim[due].astype(np.int64))
        m.victim[due] = -1


def formation_boxes(pos: np.ndarray, mask: np.ndarray, first: np.ndarray) -> np.ndarray:
    """(4, F) x0, y0, x1, y1 of each formation's men in `mask` (rows are contiguous)."""
    big = F32(1e9)
    x0 = np.minimum.reduceat(np.where(mask, pos[0], big), first)
    y0 = np.minimum.reduceat(np.where(mask, pos[1], big), first)
    x1 = np.maximum.reduceat(np.where(mask, pos[0], -big), first)
    y1 = np.maximum.reduceat(np.where(mask, pos[1], -big), first)
    return np.stack([x0, y0, x1, y1])


def box_gap(boxes: np.ndarray, i: int) -> np.ndarray:
    """Distance from formation i's box to every other box (0 where they overlap)."""
    gx = np.maximum(0, np.maximum(boxes[0] - boxes[2, i], boxes[0, i] - boxes[2]))
    gy = np.maximum(0, np.maximum(boxes[1] - boxes[3, i], boxes[1, i] - boxes[3]))
    return np.sqrt(gx * gx + gy * gy)
