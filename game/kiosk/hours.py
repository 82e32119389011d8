"""Opening hours: when the kiosk blanks its screen, read from the kiosk file's ``hours`` key.

Their own reader because times of day are where YAML misleads: an unquoted ``18:00`` is the
base-60 number 1080, and the one-line error must say so (game/kiosk/config.py reads the rest).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from game.scenario.yamlsafe import Node


@dataclass(frozen=True)
class OpeningHours:
    """The screen is blanked outside [open, close) local time."""

    open: dt.time
    close: dt.time

    def is_open(self, now: dt.time) -> bool:
        return self.open <= now < self.close


def read_hours(node: Node | None) -> OpeningHours | None:
    """The ``hours`` mapping (``open`` and ``close``, quoted HH:MM); absent or null: never
    blank the screen. Raises a one-line `DataError` naming the field."""
    if node is None or node.value is None:
        return None
    node.mapping(required=("open", "close"))
    opening, closing = _time_of_day(node["open"]), _time_of_day(node["close"])
    if closing <= opening:
        raise node["close"].error(
            f"closes at {closing:%H:%M}, not after it opens at {opening:%H:%M}; "
            "to keep the screen on all day, set hours: null"
        )
    return OpeningHours(open=opening, close=closing)


def _time_of_day(node: Node) -> dt.time:
    v = node.value
    if isinstance(v, int) and not isinstance(v, bool):
        # YAML 1.1 reads an unquoted 18:00 as the base-60 number 1080 (09:00 stays text).
        hint = f'"{v // 60:02d}:{v % 60:02d}"' if 0 <= v < 24 * 60 else '"18:00"'
        raise node.error(f"write the time in quotes, like {hint}; unquoted it reads as {v}")
    text = node.text().strip()
    hh, _, mm = text.partition(":")
    if not (len(hh) == 2 and len(mm) == 2 and hh.isdigit() and mm.isdigit()):
        raise node.error(f"'{text}' is not a time like \"09:00\" (HH:MM, 24-hour)")
    if not (int(hh) < 24 and int(mm) < 60):
        raise node.error(f"'{text}' is not a time of day (00:00 to 23:59)")
    return dt.time(int(hh), int(mm))
