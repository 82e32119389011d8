"""What the run showed: every caption of the programme, prologue, battle and epilogue, with
its time, text and source (the `--report` JSON's `captions`).

Times are given twice: `time`, seconds on the programme's timeline at 1x from the prologue's
first moment (the order a visitor sees them in), and `at`, the caption's own clock: seconds
into the prologue or epilogue, or the battle's time of day. The battle's captions are its
phases' and the notable events the HUD words (the run's own event log, so they are exactly
the ones this run showed); the epilogue's cost of the day quotes this run's figures.
"""

from __future__ import annotations

from game.scenario.campaign import EPILOGUE, PROLOGUE, Campaign
from game.sim.world import World
from game.view.hud import credit
from game.view.scene import NOTABLE_EVENTS


def programme_report(campaign: Campaign | None, world: World) -> dict:
    """How the report counts: the battle's own ticks and seconds, the parts round it apart."""
    clock = world.scenario.clock
    return {
        "prologue_s": campaign.seconds(PROLOGUE) if campaign else 0.0,
        "battle_s": clock.end_seconds,
        "epilogue_s": campaign.seconds(EPILOGUE) if campaign else 0.0,
        "counting": "ticks, hashes and seconds are the battle's own, from its tick 0 at "
        f"{clock.time_of_day(0)}; the prologue and the epilogue are not simulated (the battle "
        "stands at its first tick during the one and at its last during the other)",
    }


def shown_captions(
    campaign: Campaign | None,
    world: World,
    battle_until: int,
    prologue_until: float | None = None,
    epilogue_until: float | None = None,
    figures: dict[str, int] | None = None,
) -> list[dict]:
    """Every caption from the programme's start up to the run's moment: the prologue up to
    `prologue_until` seconds (None: all of it), the battle up to tick `battle_until`, the
    epilogue up to `epilogue_until` seconds (None: none of it)."""
    scenario, account = world.scenario, world.account
    clock = scenario.clock
    rate = clock.tick_rate
    pro = campaign.seconds(PROLOGUE) if campaign else 0.0
    out: list[dict] = []
    if campaign is not None:
        out += _part(campaign, PROLOGUE, account, 0.0, prologue_until, None)
    if prologue_until is not None:
        return out
    for ph in scenario.phases_for(account):
        if ph.tick <= battle_until:
            s = ph.tick / rate
            out.append(_battle(ph.id, pro + s, clock.time_of_day(s), ph.caption, ph.citation))
    for e in world.events:
        if e.kind in NOTABLE_EVENTS and e.tick <= battle_until:
            s = e.tick / rate
            out.append(
                {
                    "part": "battle",
                    "id": f"event.{e.kind}",
                    "time": round(pro + s, 2),
                    "at": clock.time_of_day(s),
                    "text": e.text,
                    "source": e.source,
                    "basis": e.basis,
                }
            )
    if campaign is not None and epilogue_until is not None:
        start = pro + clock.end_seconds
        out += _part(campaign, EPILOGUE, account, start, epilogue_until, figures)
    out.sort(key=lambda c: c["time"])
    return out


def _battle(cid: str, time: float, at: str, text: str, citation) -> dict:
    return {
        "part": "battle",
        "id": f"phase.{cid}",
        "time": round(time, 2),
        "at": at,
        "text": text,
        "source": credit(citation),
        "basis": citation.source,
    }


def _part(
    campaign: Campaign,
    part: str,
    account: str,
    offset: float,
    until: float | None,
    figures: dict[str, int] | None,
) -> list[dict]:
    out = []
    for start, scene in zip(campaign.starts(part), campaign.scenes(part), strict=True):
        if until is not None and start > until:
            break
        caption = campaign.caption(scene, account)
        out.append(
            {
                "part": part,
                "id": caption.id,
                "time": round(offset + start, 2),
                "at": f"{part} {start:g} s",
                "text": caption.say(figures),
                "source": credit(caption.source),
                "basis": caption.source.source,
            }
        )
    return out
