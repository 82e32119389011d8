"""The light of the day: the map is lit by the clock, from morning to dusk and moonlit night.

The light is a multiply tint over the map layers only (terrain up to the men and missiles),
applied once per frame as one `BLEND_MULT` fill (~0.4 ms at 1080p, and none at all in full
daylight). Names, marginalia and the HUD are drawn after it and keep their own colours, so
text stays legible at night; labels drawn over the dark map switch to their night style
(`is_dark`). The keys are data (`maps/<map>/light.yaml`), read here.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pygame

from game.scenario.clock import read_time_of_day
from game.scenario.yamlsafe import load_yaml

Tint = tuple[float, float, float]

DARK_BELOW = 0.5
"""Below this luminance of the tint the map reads as dark: labels take their night style."""


@dataclass(frozen=True)
class LightKey:
    minutes: float  # after midnight
    tint: Tint
    name: str


@dataclass(frozen=True)
class LightOfDay:
    keys: tuple[LightKey, ...]

    def tint(self, minutes: float) -> Tint:
        """The map's tint at a time of day (interpolated between keys, held past the ends)."""
        keys = self.keys
        if minutes <= keys[0].minutes:
            return keys[0].tint
        for a, b in itertools.pairwise(keys):
            if minutes <= b.minutes:
                t = (minutes - a.minutes) / (b.minutes - a.minutes)
                return tuple(p + (q - p) * t for p, q in zip(a.tint, b.tint, strict=True))
        return keys[-1].tint

    def level(self, minutes: float) -> float:
        """Relative luminance of the tint: 1 at noon, ~0.3 by moonlight."""
        r, g, b = self.tint(minutes)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    def is_dark(self, minutes: float) -> bool:
        return self.level(minutes) < DARK_BELOW

    def name(self, minutes: float) -> str:
        """The name of the key in force (the latest one at or before `minutes`)."""
        current = self.keys[0].name
        for k in self.keys:
            if k.minutes <= minutes:
                current = k.name
        return current

    def apply(self, target: pygame.Surface, minutes: float) -> None:
        """Tint what is drawn so far on `target` (the map layers) by the light at `minutes`."""
        rgb = tuple(min(255, round(c * 255)) for c in self.tint(minutes))
        if rgb != (255, 255, 255):
            target.fill(rgb, special_flags=pygame.BLEND_RGB_MULT)


DAYLIGHT = LightOfDay((LightKey(0.0, (1.0, 1.0, 1.0), "daylight"),))
"""A map with no light file is lit as at noon all day."""


def load_light(path: str | Path) -> LightOfDay:
    """Read a light file; a one-line `DataError` (file, line, field) on any fault."""
    root = load_yaml(path).mapping(required=("keys",))
    keys: list[LightKey] = []
    for node in root["keys"].sequence(min_len=1):
        node.mapping(required=("at", "tint", "name"))
        minutes = read_time_of_day(node["at"])
        if keys and minutes <= keys[-1].minutes:
            raise node["at"].error("the times must increase from one key to the next")
        tint = tuple(c.number(min=0.0, max=1.0) for c in node["tint"].sequence(3, 3))
        keys.append(LightKey(minutes, tint, node["name"].text()))  # type: ignore[arg-type]
    return LightOfDay(tuple(keys))


def light_for_map(map_path: Path) -> LightOfDay:
    """The light file beside a map (`light.yaml`), or daylight if it has none."""
    path = Path(map_path).parent / "light.yaml"
    return load_light(path) if path.is_file() else DAYLIGHT
