"""The command line: every option, declared once, with the modes it means something in.

To add an option, add one `Option` to `OPTIONS` (and a rule to `RULES` only if it relates to
another option); `python main.py --help`, the refusals and the modes follow from it. Parsing and
checking live in `game.app.options`; which mode then runs is `game.start`'s job.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from game.app.clip import (
    FORMATS,
    ClipError,
    check_frame,
    clock_text,
    format_for,
    time_of_day,
)
from game.app.options import (
    CHECK,
    EXPORT,
    HEADLESS,
    KIOSK,
    WINDOW,
    Option,
    OptionError,
    choice,
    number,
    one_of,
    parse,
    path,
    path_ending,
    size,
    whole,
)
from game.lang.languages import LANGUAGES
from game.timeline.clock import SPEEDS
from game.timeline.programme import STARTS

if TYPE_CHECKING:
    from game.scenario.specs import Scenario

DEFAULT_SCENARIO = Path(__file__).resolve().parents[2] / "maps" / "callinicum" / "scenario.yaml"
ALL_ACCOUNTS = "all"
STRENGTHS = ("low", "default", "high")
SHOWN = frozenset(
    {WINDOW, HEADLESS, CHECK, EXPORT}
)  # the modes that show a battle of one's choosing
CLIP_SIZE = (1920, 1080)


@dataclass(frozen=True)
class PartTime:
    """`--until prologue:S` or `epilogue:S`: a moment of the campaign before or after the
    battle, `seconds` into that part at 1x."""

    part: str
    seconds: float


PARTS = ("prologue", "epilogue")


def _until(text: str) -> float | PartTime:
    """Battle seconds (as always), or a moment of the prologue or the epilogue."""
    part, colon, rest = text.partition(":")
    if not colon:
        return number(text, 0, 1e7, " battle seconds")
    if part not in PARTS:
        raise ValueError(f"'{text}' is not battle seconds, prologue:SECONDS or epilogue:SECONDS")
    return PartTime(part, number(rest, 0, 3600, " seconds"))


def _clip_path(text: str) -> Path:
    p = path(text)
    format_for(p)  # an unknown ending is refused here, before anything is simulated
    return p


OPTIONS = (
    Option(
        "--scenario",
        "scenario YAML (default: maps/callinicum/scenario.yaml)",
        parse=path,
        default=DEFAULT_SCENARIO,
        metavar="PATH",
    ),
    Option(
        "--seed",
        "random seed (default: the scenario's own, 531)",
        parse=whole(0),
        metavar="N",
    ),
    Option(
        "--scale",
        "men per simulated soldier: 1 = every man (default); 10 for slow machines",
        parse=whole(1),
        default=1,
        metavar="N",
    ),
    Option(
        "--speed",
        "playback speed: 0.25, 0.5, 1 (default), 2, 4, 8 or 16 (a window's first speed; a "
        "clip's throughout)",
        frozenset({WINDOW, EXPORT}),
        parse=one_of(SPEEDS),
        default=1.0,
        metavar="X",
    ),
    Option(
        "--account",
        "whose account of the battle: procopius (default) or malalas; the A key switches; "
        "with --check-determinism, 'all' checks every account",
        SHOWN,
        parse=str,
        metavar="NAME",
        note="a kiosk starts with its configuration's start_account",
    ),
    Option(
        "--strengths",
        "the armies' size: low (20,000 Romans, 15,000 Persians), default (20,000 and 20,000) "
        "or high (25,000 and 20,000), the seed's figures split per formation",
        SHOWN,
        parse=choice(*STRENGTHS),
        default="default",
        metavar="|".join(STRENGTHS),
        note="a kiosk always shows the default strengths",
    ),
    Option(
        "--start",
        "where the window opens: prologue (default: the campaign of April 531, then the battle) "
        "or battle (the battle's first moment, 09:30)",
        frozenset({WINDOW}),
        parse=choice(*STARTS),
        default="prologue",
        metavar="|".join(STARTS),
        note="a kiosk starts where its configuration's start says",
    ),
    Option(
        "--headless",
        "no window: simulate, then write --screenshot and/or --report",
        frozenset({HEADLESS, CHECK}),
        selects=HEADLESS,
    ),
    Option(
        "--until",
        "with --headless or --check-determinism: battle seconds to simulate "
        "(past the end = the end); with --headless also prologue:S or epilogue:S, a moment of "
        "the campaign before or after the battle (S seconds into it at 1x)",
        frozenset({HEADLESS, CHECK}),
        parse=_until,
        metavar="SECONDS",
    ),
    Option(
        "--screenshot",
        "with --headless: write the frame at --until to this .png, as a visitor sees it "
        "(the story camera's shot, captions, timeline bar)",
        frozenset({HEADLESS}),
        parse=path_ending(".png"),
        metavar="PATH",
    ),
    Option(
        "--no-ui",
        "with --screenshot: the map alone, without the HUD, captions and timeline bar",
        frozenset({HEADLESS}),
    ),
    Option(
        "--report",
        "with --headless: write a JSON report (hashes each battle-second, formations) here",
        frozenset({HEADLESS}),
        parse=path,
        metavar="PATH",
    ),
    Option(
        "--check-determinism",
        "no window: play the battle (to --until), then seek at random and print the first "
        "tick whose state hash differs from the straight run, or 'no divergence'; exit 1 or 0",
        frozenset({CHECK}),
        selects=CHECK,
    ),
    Option(
        "--kiosk",
        "museum kiosk: fullscreen, touch, attract loop, idle reset, no way out but the "
        "staff exit (5 taps in the top-left corner, then the PIN)",
        frozenset({KIOSK}),
        selects=KIOSK,
    ),
    Option(
        "--kiosk-config",
        "with --kiosk: kiosk settings YAML (default: built-in; see deploy/kiosk.example.yaml)",
        frozenset({KIOSK}),
        parse=path,
        metavar="PATH",
    ),
    Option(
        "--language",
        "what visitors read: en (English, the default), ar (Arabic), fa (Persian), "
        "el (Greek), tr (Turkish), de (German) or fr (French); the bar offers the others",
        frozenset({WINDOW, HEADLESS, KIOSK, EXPORT}),
        parse=choice(*LANGUAGES),
        default=None,
        metavar="|".join(LANGUAGES),
    ),
    Option(
        "--size",
        "window WIDTHxHEIGHT (default: the largest 16:9 window the screen holds; with --kiosk "
        "the screen's own size; with --headless and --export 1920x1080)",
        frozenset({WINDOW, HEADLESS, KIOSK, EXPORT}),
        parse=size,
        default=None,
        metavar="WxH",
    ),
    Option(
        "--export",
        "no window: render a clip of the battle, frame by frame as the window would show it "
        f"playing, into this file ({', '.join(FORMATS)}: the ending chooses AV1 WebM, H.264 "
        "MP4 or a small GIF); needs the [export] extra",
        frozenset({EXPORT}),
        parse=_clip_path,
        metavar="PATH",
        selects=EXPORT,
    ),
    Option(
        "--from",
        "with --export: the clip's first moment, a clock time of the battle day shown on "
        "the clock (09:30 to 19:30), e.g. 14:10 or 14:10:30. The clock is compressed phase by "
        "phase (the scenario's time block: a clock minute is under half a battle second in "
        "the stand, nearly three in the approach); the clip plays the battle seconds between "
        "--from and --to at --speed, as the window does, and says how long it is",
        frozenset({EXPORT}),
        parse=time_of_day,
        metavar="HH:MM",
    ),
    Option(
        "--to",
        "with --export: the clip's last moment, a clock time after --from",
        frozenset({EXPORT}),
        parse=time_of_day,
        metavar="HH:MM",
    ),
    Option(
        "--fps",
        "with --export: frames a second of the clip (default 30)",
        frozenset({EXPORT}),
        parse=whole(1, 60),
        default=30,
        metavar="N",
    ),
)


def _one_file_each(args: argparse.Namespace, mode: str) -> None:
    shot, report = args.screenshot, args.report
    if shot is not None and report is not None and Path(shot).absolute() == report.absolute():
        raise OptionError("--report", f"{report} is also the --screenshot; give two files")


def _size_needs_a_screenshot(args: argparse.Namespace, mode: str) -> None:
    if mode == HEADLESS and "--size" in args.given and args.screenshot is None:
        raise OptionError("--size", "with --headless it sizes the --screenshot; none is asked for")


def _all_accounts_only_when_checking(args: argparse.Namespace, mode: str) -> None:
    if args.account == ALL_ACCOUNTS and mode != CHECK:
        raise OptionError("--account", "'all' is only for --check-determinism; name one account")


def _a_clip_has_two_ends(args: argparse.Namespace, mode: str) -> None:
    if mode != EXPORT:
        return
    for flag in ("--from", "--to"):
        if flag not in args.given:
            raise OptionError(flag, "--export needs --from and --to (clock times, e.g. 14:10)")
    start, stop = getattr(args, "from"), args.to
    if stop <= start:
        raise OptionError("--to", f"{clock_text(stop)} is not after --from {clock_text(start)}")


def _a_clip_fits_its_format(args: argparse.Namespace, mode: str) -> None:
    if mode != EXPORT:
        return
    try:
        check_frame(format_for(args.export), args.size or CLIP_SIZE, args.fps)
    except ClipError as err:
        raise OptionError(err.flag, str(err)) from None


def _campaign_moments_only_headless(args: argparse.Namespace, mode: str) -> None:
    if isinstance(args.until, PartTime) and mode != HEADLESS:
        raise OptionError("--until", "prologue:S and epilogue:S are for --headless; give seconds")


RULES = (
    _one_file_each,
    _size_needs_a_screenshot,
    _all_accounts_only_when_checking,
    _a_clip_has_two_ends,
    _a_clip_fits_its_format,
    _campaign_moments_only_headless,
)


def parse_options(argv: list[str] | None = None) -> argparse.Namespace:
    """The options of one run, checked as a whole; `OptionError` (one line) if they are not."""
    return parse(
        OPTIONS,
        RULES,
        argv,
        prog="python main.py",
        description="Callinicum 531: the Battle of Callinicum (19 April 531), animated from the "
        "sources. Opens a window by default.",
    )


def chosen_accounts(args: argparse.Namespace, scenario: Scenario) -> list[str]:
    """The accounts this run shows or checks: `--account`, every one for 'all', or the
    scenario's default; a name the scenario does not know is refused."""
    known = tuple(scenario.accounts)
    if args.account is None:
        return [scenario.default_account]
    if args.account == ALL_ACCOUNTS:
        return list(known)
    if args.account not in known:
        raise OptionError(
            "--account",
            f"no account '{args.account}' in {scenario.path.name}; known: {', '.join(known)}",
        )
    return [args.account]
