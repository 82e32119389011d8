"""Kiosk configuration: what a museum sets once per installation, in one YAML file.

Read with `load_kiosk_config(path)`; with no file (``None``) every value takes its default, and the
defaults are the project's kiosk goals (G5, G6, G10 in shared/notes/kiosk-and-reliability.md).
Every key is optional; unknown keys, wrong types and absurd numbers are refused with one line
``path:line:col: field: message`` (the same `DataError` as the scenario), so a typo never
silently falls back to a default. ``deploy/kiosk.example.yaml`` lists every key with a comment.

**The default staff PIN is 5310.** It is public (it is written here), so staff must change it
before the kiosk goes on the floor: ``python -m game.kiosk.pin`` prints a new ``pin_hash`` line.
`KioskConfig.admin.uses_default_pin` tells the app to warn on the admin screen until they do.

Relative paths in the file are taken from the file's own folder (a systemd service starts in
``/``), and ``~`` means the kiosk user's home. The opening hours (game/kiosk/hours.py) and the
language keys (game/kiosk/language_keys.py) have readers of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from game.app.gestures import DEFAULT_SCREEN_INCHES
from game.app.writing import output_problem
from game.kiosk.hours import OpeningHours, read_hours
from game.kiosk.language_keys import (
    LANGUAGES,
    check_default_language,
    read_language,
    read_languages,
)
from game.kiosk.lock import lock_path
from game.kiosk.pin import parse_pin_hash
from game.kiosk.stafflog import log_files
from game.scenario.yamlsafe import DataError, Node, load_yaml
from game.timeline.programme import STARTS

T = TypeVar("T")

POINTERS = ("auto", "touch", "trackball")
"""auto: follow the input that arrives; touch: never a cursor; trackball: a large in-app pointer
that hides after `pointer_hide_s` without movement."""

DEFAULT_PIN = "5310"
DEFAULT_PIN_HASH = (
    "pbkdf2_sha256$200000$6065a836032b84340ed8bd116f69aeb2$"
    "db9500fc20b4db3654dd048f4b2908941e564ead89514331372eff203373bd7f"
)
"""`hash_pin(DEFAULT_PIN)` with a fixed salt, so the default needs no work at start-up."""

DEFAULT_LOG_FOLDER = "~/.local/state/callinicum531"

MIN_COUNTDOWN_S = 20.0
"""WCAG 2.2.1 (Timing Adjustable): a warning with at least 20 s to extend by one simple action."""

QUIET_BEFORE_WARNING_S = 10.0
"""A reset time must leave at least this long without input before the countdown appears;
otherwise the warning would cover the screen as soon as a visitor stops to read."""

MAX_IDLE_S = 3600.0
"""An hour without input is no longer "idle": the next visitor must not inherit the last one's
view, so longer resets are refused as a typo (e.g. minutes written as seconds x 60)."""


@dataclass(frozen=True)
class IdleConfig:
    """When the kiosk gives up on an absent visitor (G6): warn, count down, reset."""

    countdown_s: float = 20.0  # the warning is shown this long before the reset
    reset_paused_s: float = 90.0  # no input this long while paused or inspecting -> reset
    reset_playing_s: float = 180.0  # ... while the battle plays (people watch without touching)

    def warn_after_s(self, playing: bool) -> float:
        """Seconds without input before the countdown appears (70 s paused by default)."""
        return (self.reset_playing_s if playing else self.reset_paused_s) - self.countdown_s


@dataclass(frozen=True)
class AdminConfig:
    """The staff way out (G5): taps in the hidden top-left corner, then the PIN."""

    corner_px: int = 96  # side of the hidden square, logical px
    corner_taps: int = 5
    corner_window_s: float = 3.0  # all taps within this many seconds
    pin_hash: str = DEFAULT_PIN_HASH
    max_wrong: int = 5  # wrong PINs in a row before the lockout
    lockout_s: float = 300.0

    @property
    def uses_default_pin(self) -> bool:
        """True until staff set their own PIN; the admin screen should say so."""
        return self.pin_hash == DEFAULT_PIN_HASH


@dataclass(frozen=True)
class BurnInConfig:
    """Static HUD drift against LCD image retention (G10): move `drift_px` every `period_s`."""

    drift_px: int = 6  # 0 turns drifting off (projectors)
    period_s: float = 600.0


def _default_log_folder() -> Path:
    return Path(DEFAULT_LOG_FOLDER).expanduser()


@dataclass(frozen=True)
class LogConfig:
    """Rotated, capped staff log (G10: 5 files x 5 MB). Never holds visitor data."""

    folder: Path = field(default_factory=_default_log_folder)
    max_bytes: int = 5_000_000
    backups: int = 4  # + the current file: 5 files, 25 MB at most


@dataclass(frozen=True)
class HeartbeatConfig:
    """A small JSON file rewritten every `interval_s` for remote monitoring (dead man's switch)."""

    path: Path | None = None  # None: <log folder>/heartbeat.json
    interval_s: float = 60.0


@dataclass(frozen=True)
class KioskConfig:
    idle: IdleConfig = field(default_factory=IdleConfig)
    admin: AdminConfig = field(default_factory=AdminConfig)
    start_account: str = "procopius"  # the app checks it against the scenario's accounts
    start: str = "prologue"  # where the attract loop begins: the campaign, or the battle (09:30)
    captions: bool = True
    language: str = "en"  # one of LANGUAGES: the one a visitor finds, and an idle reset restores
    languages: tuple[str, ...] = LANGUAGES  # those offered on the bar (the default among them)
    reduced_motion: bool = False  # no automatic camera tour (WCAG 2.3.3, technique C39)
    pointer: str = "auto"  # one of POINTERS
    pointer_hide_s: float = 3.0
    screen_inches: float = DEFAULT_SCREEN_INCHES  # diagonal: touch slop mm -> px
    burn_in: BurnInConfig = field(default_factory=BurnInConfig)
    hours: OpeningHours | None = None  # None: never blank the screen
    log: LogConfig = field(default_factory=LogConfig)
    heartbeat: HeartbeatConfig = field(default_factory=HeartbeatConfig)
    watchdog: bool = True  # ping systemd's watchdog when it asks for pings
    source: Path | None = field(default=None, compare=False)  # the file read, for messages

    @property
    def heartbeat_path(self) -> Path:
        return self.heartbeat.path or self.log.folder / "heartbeat.json"


TOP_KEYS = (
    "idle",
    "admin",
    "start_account",
    "start",
    "captions",
    "language",
    "languages",
    "reduced_motion",
    "pointer",
    "pointer_hide_s",
    "screen_inches",
    "burn_in",
    "hours",
    "log",
    "heartbeat",
    "watchdog",
)


def own_files(config: KioskConfig, inputs: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    """Files no kiosk output may replace: `inputs` (the scenario's files, the tour), this
    configuration, the staff log with its rotated copies, and the single-instance lock."""
    source = () if config.source is None else (config.source,)
    log = log_files(config.log.folder, config.log.backups)
    return (*inputs, *source, *log, lock_path(config.log.folder))


def load_kiosk_config(
    path: Path | None,
    accounts: tuple[str, ...] | None = None,
    inputs: tuple[Path, ...] = (),
) -> KioskConfig:
    """Read and check a kiosk file; `None` gives the defaults. Raises a one-line `DataError`.

    `accounts`, the scenario's accounts, lets a misspelt `start_account` be refused here, with
    its line, rather than when the kiosk starts; `inputs`, the files the kiosk reads, lets a
    heartbeat path that would overwrite one be refused (so would the config and the log)."""
    if path is None:
        return KioskConfig()
    root = load_yaml(path).mapping(optional=TOP_KEYS)
    base = Path(path).expanduser().absolute().parent
    d = KioskConfig()
    log = _log(root.get("log"), base)
    config = KioskConfig(
        idle=_idle(root.get("idle")),
        admin=_admin(root.get("admin")),
        start_account=_opt(
            root, "start_account", d.start_account, lambda n: n.text(choices=accounts)
        ),
        start=_opt(root, "start", d.start, lambda n: n.text(choices=STARTS)),
        captions=_opt(root, "captions", d.captions, Node.boolean),
        language=_opt(root, "language", d.language, read_language),
        languages=_opt(root, "languages", d.languages, read_languages),
        reduced_motion=_opt(root, "reduced_motion", d.reduced_motion, Node.boolean),
        pointer=_opt(root, "pointer", d.pointer, lambda n: n.text(choices=POINTERS)),
        pointer_hide_s=_opt(root, "pointer_hide_s", d.pointer_hide_s, _between(0.5, 600)),
        screen_inches=_opt(root, "screen_inches", d.screen_inches, _between(7, 120)),
        burn_in=_burn_in(root.get("burn_in")),
        hours=read_hours(root.get("hours")),
        log=log,
        heartbeat=_heartbeat(root.get("heartbeat"), base),
        watchdog=_opt(root, "watchdog", d.watchdog, Node.boolean),
        source=Path(path),
    )
    check_default_language(config.language, config.languages, root)
    problem = output_problem(config.heartbeat_path, own_files(config, inputs), folders=False)
    if problem:
        heartbeat = root.get("heartbeat")
        where = heartbeat.get("path") if heartbeat is not None else None
        node = where if where is not None else heartbeat if heartbeat is not None else root
        field = "heartbeat.path" if where is not None else node.field or "heartbeat"
        raise DataError(
            node.mark.path,
            node.mark.line,
            node.mark.column,
            field,
            f"{config.heartbeat_path}: {problem}",
        )
    return config


def _opt(node: Node, key: str, default: T, read: Callable[[Node], T]) -> T:
    """`read(node[key])` if the key is present, else `default`. An explicit null is an error."""
    value = node.get(key)
    return default if value is None else read(value)


def _between(lo: float, hi: float) -> Callable[[Node], float]:
    return lambda n: n.number(min=lo, max=hi)


def _idle(node: Node | None) -> IdleConfig:
    d = IdleConfig()
    if node is None:
        return d
    node.mapping(optional=("countdown_s", "reset_paused_s", "reset_playing_s"))
    countdown = _opt(node, "countdown_s", d.countdown_s, _between(MIN_COUNTDOWN_S, 600))
    shortest = countdown + QUIET_BEFORE_WARNING_S

    def reset(n: Node) -> float:
        value = n.number(max=MAX_IDLE_S)
        if value < shortest:
            raise n.error(
                f"{value:g} s must exceed countdown_s ({countdown:g} s) by at least "
                f"{QUIET_BEFORE_WARNING_S:g} s, i.e. be {shortest:g} or more, so the warning "
                "does not appear the moment a visitor stops to read"
            )
        return value

    for key in ("reset_paused_s", "reset_playing_s"):
        # A long countdown can overrun a default reset time: name the key to add.
        if key not in node and getattr(d, key) < shortest:
            raise node["countdown_s"].error(
                f"{countdown:g} s is too long for the default {key} ({getattr(d, key):g} s); "
                f"set {key} to {shortest:g} or more"
            )
    return IdleConfig(
        countdown_s=countdown,
        reset_paused_s=_opt(node, "reset_paused_s", d.reset_paused_s, reset),
        reset_playing_s=_opt(node, "reset_playing_s", d.reset_playing_s, reset),
    )


def _pin_hash(node: Node) -> str:
    if isinstance(node.value, int) and not isinstance(node.value, bool):
        raise node.error(
            "looks like a plain PIN; store only its hash, made with: python -m game.kiosk.pin"
        )
    text = node.text().strip()
    try:
        parse_pin_hash(text)
    except ValueError as err:
        raise node.error(str(err)) from None
    return text


def _admin(node: Node | None) -> AdminConfig:
    d = AdminConfig()
    if node is None:
        return d
    node.mapping(
        optional=(
            "corner_px",
            "corner_taps",
            "corner_window_s",
            "pin_hash",
            "max_wrong",
            "lockout_s",
        )
    )
    return AdminConfig(
        # 48 px is the smallest target the layout allows (G9); 540 px is half a 1080p screen
        corner_px=_opt(node, "corner_px", d.corner_px, lambda n: n.integer(min=48, max=540)),
        # fewer than 3 taps and a visitor finds the way out by accident
        corner_taps=_opt(node, "corner_taps", d.corner_taps, lambda n: n.integer(min=3, max=20)),
        corner_window_s=_opt(node, "corner_window_s", d.corner_window_s, _between(1, 30)),
        pin_hash=_opt(node, "pin_hash", d.pin_hash, _pin_hash),
        max_wrong=_opt(node, "max_wrong", d.max_wrong, lambda n: n.integer(min=1, max=20)),
        lockout_s=_opt(node, "lockout_s", d.lockout_s, _between(10, 24 * 3600)),
    )


def _burn_in(node: Node | None) -> BurnInConfig:
    d = BurnInConfig()
    if node is None:
        return d
    node.mapping(optional=("drift_px", "period_s"))
    return BurnInConfig(
        drift_px=_opt(node, "drift_px", d.drift_px, lambda n: n.integer(min=0, max=40)),
        # G10 asks for a move at least every 10 minutes; faster than 10 s would be distracting
        period_s=_opt(node, "period_s", d.period_s, _between(10, 600)),
    )


def _path(node: Node, base: Path) -> Path:
    p = Path(node.text().strip()).expanduser()
    return p if p.is_absolute() else base / p


def _log(node: Node | None, base: Path) -> LogConfig:
    d = LogConfig()
    if node is None:
        return d
    node.mapping(optional=("folder", "max_bytes", "backups"))
    return LogConfig(
        folder=_opt(node, "folder", d.folder, lambda n: _path(n, base)),
        max_bytes=_opt(
            node, "max_bytes", d.max_bytes, lambda n: n.integer(min=100_000, max=100_000_000)
        ),
        backups=_opt(node, "backups", d.backups, lambda n: n.integer(min=1, max=50)),
    )


def _heartbeat(node: Node | None, base: Path) -> HeartbeatConfig:
    d = HeartbeatConfig()
    if node is None:
        return d
    node.mapping(optional=("path", "interval_s"))
    path_node = node.get("path")
    return HeartbeatConfig(
        path=None if path_node is None or path_node.value is None else _path(path_node, base),
        interval_s=_opt(node, "interval_s", d.interval_s, _between(5, 3600)),
    )
