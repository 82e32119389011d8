"""Who tells us: the two accounts' authors, how they differ, and where to read further.

Read from the scenario's `tellers:` block for the "Who tells us" panel
(`game/view/tellers.py`); each difference also carries a time, where the timeline marks it.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.scenario.clock import Clock, read_time_of_day
from game.scenario.yamlsafe import Node


@dataclass(frozen=True)
class Teller:
    author: str
    wrote: str  # who he was, where and when he wrote
    stresses: str


@dataclass(frozen=True)
class Difference:
    tick: int  # where the timeline marks it
    topic: str
    told: tuple[tuple[str, str], ...]  # (account, what it says)


@dataclass(frozen=True)
class Tellers:
    by_account: tuple[tuple[str, Teller], ...] = ()
    emphasis: str = ""  # the seed's sentence on the accounts' emphasis
    date: str = ""
    differences: tuple[Difference, ...] = ()
    bibliography: tuple[str, ...] = ()

    def of(self, account: str) -> Teller | None:
        return next((t for a, t in self.by_account if a == account), None)


def read_tellers(node: Node | None, accounts: tuple[str, ...], clock: Clock) -> Tellers:
    if node is None:
        return Tellers()
    node.mapping(required=("emphasis", "date", "differences", "bibliography"), optional=accounts)
    by_account = []
    for account in accounts:
        if account in node:
            t = node[account].mapping(required=("author", "wrote", "stresses"))
            by_account.append(
                (account, Teller(t["author"].text(), t["wrote"].text(), t["stresses"].text()))
            )
    differences = []
    for dnode in node["differences"].sequence(min_len=1):
        dnode.mapping(required=("at", "topic", *accounts))
        minutes = read_time_of_day(dnode["at"])
        tick = round(clock.seconds_at(minutes) * clock.tick_rate)
        told = tuple((a, dnode[a].text()) for a in accounts)
        differences.append(Difference(tick, dnode["topic"].text(), told))
    return Tellers(
        by_account=tuple(by_account),
        emphasis=node["emphasis"].text(),
        date=node["date"].text(),
        differences=tuple(differences),
        bibliography=tuple(b.text() for b in node["bibliography"].sequence(min_len=1)),
    )
