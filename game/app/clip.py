"""What a clip is: which moments of the battle its frames show, and how its file is encoded.

A clip runs from one clock time of the battle day to another (`--from 14:10 --to 14:40`). The
battle's clock is compressed phase by phase (DESIGN.md "Time"), so a clock time is turned into
battle seconds through the scenario's clock; the clip then plays those battle seconds at
`--speed`, as the window would, and frame `i` shows the moment `i / fps` seconds of playback
after the start. The moments are exact fractions of a tick, so every run computes the same ones.

No pygame and no video library here: the export (`game.app.export`) and its tests read this.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from game.scenario.clock import Clock, hhmm
from game.scenario.errors import one_line

MAX_SIZE = (3840, 2160)
"""A clip is at most 4K: larger frames take minutes each and gigabytes of memory."""
LAYOUT_MIN = (1280, 720)
"""Frames are laid out as a screen at least this size, then scaled down to a smaller
`--size`: the interface is designed for 1024x600 and up, and a small GIF should look like a
shrunken screen, not like a screen of cramped, oversized text."""
FPS_RANGE = (1, 60)


@dataclass(frozen=True)
class Format:
    """How a file ending in `suffix` is written."""

    suffix: str
    container: str  # the FFmpeg muxer
    codec: str  # the FFmpeg encoder
    options: tuple[tuple[str, str], ...]
    pix_fmt: str
    max_size: tuple[int, int]
    max_fps: int
    muxer_options: tuple[tuple[str, str], ...] = ()
    label: str = ""


FORMATS = {
    f.suffix: f
    for f in (
        Format(
            ".webm",
            "webm",
            "libsvtav1",
            (("preset", "10"), ("crf", "35"), ("svtav1-params", "lp=2")),
            "yuv420p",
            MAX_SIZE,
            FPS_RANGE[1],
            label="AV1 (SVT-AV1) in WebM",
        ),
        Format(
            ".mp4",
            "mp4",
            "libx264",
            (("preset", "veryfast"), ("crf", "23"), ("threads", "2")),
            "yuv420p",
            MAX_SIZE,
            FPS_RANGE[1],
            (("movflags", "+faststart+use_metadata_tags"),),
            label="H.264 (x264) in MP4",
        ),
        Format(
            ".gif",
            "gif",
            "gif",
            (),
            "pal8",
            (960, 540),
            50,  # GIF delays are in hundredths of a second
            label="GIF (one palette for the clip)",
        ),
    )
}


def format_for(path: Path) -> Format:
    """The format a file name asks for; `ValueError` (the option's reason) for any other."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        raise ValueError(f"'{one_line(path.name)}' must end in {known} (the file's format)")
    return FORMATS[suffix]


_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?")


def time_of_day(text: str) -> float:
    """A clock time "14:10" or "14:10:30" as minutes after midnight; `ValueError` otherwise."""
    m = _TIME.fullmatch(text.strip())
    if m is None:
        raise ValueError(f"'{one_line(text)}' is not a time of day like 14:10 or 14:10:30")
    h, mins, secs = int(m[1]), int(m[2]), float(m[3] or 0)
    if h > 23 or mins > 59 or secs >= 60:
        raise ValueError(f"'{one_line(text)}' is not a time of day like 14:10 or 14:10:30")
    return h * 60 + mins + secs / 60


def clock_text(minutes: float) -> str:
    """Minutes after midnight as "14:10", or "14:10:30" when not on a whole minute."""
    seconds = round(minutes * 60)  # to the nearest second: 09:30:59.6 is 09:31
    whole = hhmm(seconds // 60)
    return whole if seconds % 60 == 0 else f"{whole}:{seconds % 60:02d}"


class ClipError(ValueError):
    """`--from`/`--to`/`--fps`/`--size` do not make a clip; `flag` names the option."""

    def __init__(self, flag: str, message: str):
        self.flag = flag
        super().__init__(message)


@dataclass(frozen=True)
class Clip:
    """The frames of a clip: `frames` of them at `fps`, the first at `first_tick`, each
    `ticks_per_frame` after the one before (a fraction: playback at `speed`)."""

    first_tick: int
    end_tick: int  # the --to moment: one frame's worth after the last frame shown
    tick_rate: int
    fps: int
    speed: Fraction
    frames: int

    @property
    def ticks_per_frame(self) -> Fraction:
        return self.speed * self.tick_rate / self.fps

    @property
    def duration(self) -> Fraction:
        """The clip's length in seconds of playback (`frames / fps`)."""
        return Fraction(self.frames, self.fps)

    def moment(self, i: int) -> Fraction:
        """The battle moment frame `i` shows, in ticks (a fraction between two ticks)."""
        return self.first_tick + i * self.ticks_per_frame

    def moments(self) -> Iterator[Fraction]:
        return (self.moment(i) for i in range(self.frames))

    @property
    def last_moment(self) -> Fraction:
        return self.moment(self.frames - 1)


def plan_clip(clock: Clock, start: float, stop: float, speed: float, fps: int) -> Clip:
    """The clip from clock time `start` to `stop` (minutes after midnight) played at `speed`
    and `fps`; `ClipError` naming the option when they do not make one."""
    first, last = clock.day_points[0][1], clock.day_points[-1][1]
    day = f"the battle day runs from {hhmm(first)} to {hhmm(last)}"
    for flag, minutes in (("--from", start), ("--to", stop)):
        if not first <= minutes <= last:
            raise ClipError(flag, f"{clock_text(minutes)} is outside the battle: {day}")
    if stop <= start:
        raise ClipError("--to", f"{clock_text(stop)} is not after --from {clock_text(start)}")
    rate = clock.tick_rate
    first_tick = min(round(clock.seconds_at(start) * rate), clock.end_tick)
    end_tick = min(round(clock.seconds_at(stop) * rate), clock.end_tick)
    exact_speed = Fraction(speed)
    frames = round(Fraction(end_tick - first_tick, rate) / exact_speed * fps)
    if frames < 1:
        seconds = (end_tick - first_tick) / rate
        raise ClipError(
            "--to",
            f"{clock_text(start)} to {clock_text(stop)} is {seconds:g} battle seconds: under one "
            f"frame at --speed {speed:g} and --fps {fps}; choose a later --to",
        )
    return Clip(first_tick, end_tick, rate, fps, exact_speed, frames)


def layout_size(size: tuple[int, int]) -> tuple[int, int]:
    """The screen a frame of `size` is laid out on: `size` times the smallest whole factor
    that reaches `LAYOUT_MIN` (so scaling it back down is exact)."""
    w, h = size
    k = max(1, math.ceil(LAYOUT_MIN[0] / w), math.ceil(LAYOUT_MIN[1] / h))
    return (w * k, h * k)


def check_frame(fmt: Format, size: tuple[int, int], fps: int) -> None:
    """Refuse a size or rate the format cannot take (`ClipError` naming the option)."""
    w, h = size
    mw, mh = fmt.max_size
    if w > mw or h > mh:
        small = " (GIF is for small clips; use .webm or .mp4)" if fmt.suffix == ".gif" else ""
        raise ClipError("--size", f"{w}x{h} is larger than {mw}x{mh} for {fmt.suffix}{small}")
    if fmt.pix_fmt == "yuv420p" and (w % 2 or h % 2):
        raise ClipError("--size", f"{w}x{h}: video needs an even width and height")
    if fps > fmt.max_fps:
        raise ClipError(
            "--fps", f"{fps} is more than {fmt.max_fps} frames a second for {fmt.suffix}"
        )
