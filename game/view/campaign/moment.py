"""What a moment of the prologue or epilogue shows: its scene, caption, routes and view.

A pure function of (campaign, part, seconds into the part, account): no state, no wall clock,
so whatever the playhead did before, the same moment draws the same picture, and the report
lists the same captions the screen shows.

Within a scene the camera moves to the scene's view over its first `move_s` seconds (the
fly-down to the battle takes the whole scene), then the routes it names grow, one after another
a little apart (the Romans follow the Persians "a day behind"), and the scene holds the finished
picture for its last second so a visitor can take it in.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.scenario.campaign import Campaign, Caption, Scene, View
from game.view.campaign.plane import ease

HOLD_S = 1.2  # the finished picture stays this long at the end of a scene
STAGGER = 0.22  # each further growing route starts this share of the scene later
GHOST = 0.38  # a ghost route's opacity (what came before)


@dataclass(frozen=True)
class Moment:
    part: str
    index: int  # of the scene in its part
    scene: Scene
    seconds: float  # into the scene
    caption: Caption  # cited as `account` cites it
    account: str
    routes: tuple[tuple[str, float, float], ...]  # (route id, drawn share 0..1, opacity 0..1)
    previous: View | None  # the view the camera comes from (None: it starts here)
    move: float  # 0..1, how far the camera has come from `previous` to this scene's view

    @property
    def view(self) -> View:
        return self.scene.view


def moment(campaign: Campaign, part: str, seconds: float, account: str) -> Moment:
    """The moment `seconds` into `part`, as the `account` tells it."""
    index, t = campaign.scene_at(part, seconds)
    scenes = campaign.scenes(part)
    scene = scenes[index]
    previous = scenes[index - 1].view if index > 0 else None
    moving = scene.seconds if scene.view.battle == "battle" else scene.move_s
    move = 1.0 if previous is None or moving <= 0 else min(t / moving, 1.0)
    return Moment(
        part=part,
        index=index,
        scene=scene,
        seconds=t,
        caption=campaign.caption(scene, account),
        account=account,
        routes=_routes(campaign, scene, t, account),
        previous=previous,
        move=move,
    )


def _routes(
    campaign: Campaign, scene: Scene, t: float, account: str
) -> tuple[tuple[str, float, float], ...]:
    out: list[tuple[str, float, float]] = []
    for rid in scene.ghost:
        if campaign.routes[rid].told_in(account):
            out.append((rid, 1.0, GHOST))
    for rid in scene.show:
        if campaign.routes[rid].told_in(account):
            out.append((rid, 1.0, 1.0))
    growing = [rid for rid in scene.grow if campaign.routes[rid].told_in(account)]
    start = min(scene.move_s, scene.seconds * 0.3)
    span = max(scene.seconds - HOLD_S - start, 0.5)
    for k, rid in enumerate(growing):
        begin = start + k * STAGGER * span
        length = span - k * STAGGER * span
        out.append((rid, ease((t - begin) / max(length, 1e-6)), 1.0))
    return tuple(out)
