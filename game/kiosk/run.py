"""Starting and stopping kiosk mode from the command line: configuration, the staff log, and
the exit status the supervisor acts on (0 staff exit, 1 an error: restart me)."""

from __future__ import annotations

import argparse
import logging

import pygame

from game.kiosk.app import KioskApp
from game.kiosk.config import KioskConfig, load_kiosk_config
from game.kiosk.health import close_logging, setup_logging
from game.scenario.load import load_scenario
from game.scenario.specs import Scenario


def run_kiosk(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    config = load_kiosk_config(args.kiosk_config, tuple(scenario.accounts))
    log = setup_logging(config.log.folder, config.log.max_bytes, config.log.backups)
    try:
        return _run(args, scenario, config, log)
    finally:
        close_logging(log)


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
    try:
        return app.run()
    finally:
        app.close()
        pygame.quit()
