"""Starting and stopping kiosk mode from the command line: configuration, the single-instance
lock, the staff log, and the exit status the supervisor acts on (0: staff exit or SIGTERM,
whatever happens to the log on the way out; 1: an error, restart me; 2: refused at start-up)."""

from __future__ import annotations

import argparse
import logging
from dataclasses import replace

import pygame

from game.kiosk.app import KioskApp, tour_path
from game.kiosk.config import KioskConfig, load_kiosk_config
from game.kiosk.lock import KioskLock, hold_kiosk_lock
from game.kiosk.stafflog import close_logging, setup_logging
from game.scenario.load import load_scenario
from game.scenario.specs import Scenario
from game.view.story_camera import load_story


def run_kiosk(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    load_story(tour_path(scenario), scenario)  # the attract loop's tour: missing or damaged,
    # it is refused in one line before the display opens (a window falls back to a default)
    inputs = (*scenario.files, tour_path(scenario))
    config = load_kiosk_config(args.kiosk_config, tuple(scenario.accounts), inputs)
    config = with_language(config, args.language)
    lock, unguarded = _lock(config)  # KioskBusy (exit 2) before anything is logged or drawn
    log = setup_logging(config.log.folder, config.log.max_bytes, config.log.backups)
    if unguarded:
        log.warning("no single-instance lock (%s): a second kiosk would not be stopped", unguarded)
    try:
        return _run(args, scenario, config, log)
    finally:
        close_logging(log)
        if lock is not None:
            lock.release()


def with_language(config: KioskConfig, code: str | None) -> KioskConfig:
    """`--language` starts (and resets) the kiosk in `code`; offered beside the configured
    ones if they lack it."""
    if code is None:
        return config
    offered = config.languages if code in config.languages else (code, *config.languages)
    return replace(config, language=code, languages=offered)


def _lock(config: KioskConfig) -> tuple[KioskLock | None, str]:
    try:
        return hold_kiosk_lock(config.log.folder), ""
    except OSError as err:  # a read-only log folder: the kiosk must still come up
        return None, str(err.strerror or err)


def _run(
    args: argparse.Namespace, scenario: Scenario, config: KioskConfig, log: logging.Logger
) -> int:
    try:
        app = KioskApp(
            scenario,
            config,
            seed=args.seed,
            scale=args.scale,
            size=args.size,
            logger=log,
        )
    except Exception:
        log.exception("kiosk could not start")
        raise
    status = 1
    try:
        status = app.run()
    finally:
        try:
            app.close()
            pygame.quit()
        except Exception:  # leaving must not turn a staff exit into "restart me"
            log.exception("while closing the kiosk")
    return status
