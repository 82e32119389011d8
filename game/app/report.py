"""The JSON battle report: what ran, a state hash every battle-second, the formations' state.

Two runs with the same scenario, seed and scale give byte-identical reports; comparing two
reports names the first battle-second whose hash differs.
"""

from __future__ import annotations

from game.analysis.track import Recorder
from game.sim.tables import label
from game.sim.world import centres, on_field
from game.timeline.playback import Playback


def battle_report(playback: Playback, until_tick: int) -> dict:
    """Simulate from the playback's current tick to `until_tick`, hashing each battle-second."""
    world = playback.world
    scenario = world.scenario
    rate = scenario.clock.tick_rate
    hashes = []
    recorder = Recorder(world)
    while True:
        if world.tick % rate == 0:
            hashes.append(
                {"second": world.tick // rate, "tick": world.tick, "hash": world.state_hash()}
            )
            recorder.observe(world)
        if world.tick >= until_tick:
            break
        playback.step_once()
    if world.tick % rate:
        recorder.observe(world)
    men_now = world.men_now()
    f = world.formations
    centre = formation_centres(world)
    formations = [
        {
            "id": spec.id,
            "name": spec.name,
            "side": label(f, "side", i),
            "men_start": round(float(f.men_start[i])),
            "men_now": round(float(men_now[i])),
            "killed": round(float(f.killed[i])),
            "fled": round(float(f.fled[i])),
            "state": label(f, "state", i),
            "centre": centre[i],
            "commanders": [c.name for c in spec.commanders],
        }
        for i, spec in enumerate(world.scenario.formations)
    ]
    return {
        "scenario": world.scenario.name,
        "scenario_file": str(world.scenario.path.name),
        "account": world.account,
        "seed": world.seed,
        "scale": world.scale,
        "strengths": world.strengths,
        "tick_rate": rate,
        "ticks_run": world.tick,
        "final_hash": world.state_hash(),
        "hashes": hashes,
        "formations": formations,
        "clock": {"day": [list(p) for p in scenario.clock.day_points]},  # (battle s, minutes)
        "sides": {
            side.side.name.lower(): {"name": side.name, "retreat": list(side.retreat)}
            for side in scenario.sides.values()
        },
        "phases": [
            {
                "id": p.id,
                "name": p.name,
                "tick": p.tick,
                "time_of_day": scenario.clock.time_of_day(p.tick / rate),
                "caption": p.caption,
                "source": p.citation.ref,
                "basis": p.citation.source,
            }
            for p in scenario.phases_for(world.account)
        ],
        "track": recorder.record(),
        "events": [
            {
                "tick": e.tick,
                "time_of_day": world.scenario.clock.time_of_day(e.tick / rate),
                "kind": e.kind,
                "formation": world.scenario.formations[e.formation].id
                if e.formation >= 0
                else None,
                "text": e.text,
                "source": e.source,
                "basis": e.basis,
                "target": _formation_id(world, e.target),
            }
            for e in world.events
        ],
    }


def formation_centres(world) -> list[list[float] | None]:
    """Each formation's centre [x, y] in metres: the mean of its men on the field (None when
    nobody is left on it)."""
    s, f = world.soldiers, world.formations
    x, y, count = centres(s.pos, on_field(s.state), s.formation, len(f))
    return [
        [round(float(x[i]), 1), round(float(y[i]), 1)] if count[i] > 0 else None
        for i in range(len(f))
    ]


def first_divergence(a: dict, b: dict) -> int | None:
    """The first battle-second whose hash differs between two reports, or None."""
    for ha, hb in zip(a["hashes"], b["hashes"], strict=False):
        if ha["hash"] != hb["hash"]:
            return int(ha["second"])
    if len(a["hashes"]) != len(b["hashes"]):
        return int(min(len(a["hashes"]), len(b["hashes"])))
    return None


def _formation_id(world, index: int) -> str | None:
    return world.scenario.formations[index].id if index >= 0 else None
