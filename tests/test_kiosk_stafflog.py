"""The staff log survives a full disk, holds every part's records with the PID, and is made
0640 whatever the umask; one kiosk at a time."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pygame
import pytest

from game.kiosk import stafflog
from game.kiosk.admin import AdminGate, CornerTaps
from game.kiosk.lock import KioskBusy, hold_kiosk_lock
from game.kiosk.stafflog import close_logging, setup_logging


@pytest.fixture
def staff_log(tmp_path):
    logger = setup_logging(tmp_path / "logs", max_bytes=100_000, backups=2)
    yield logger
    close_logging(logger)


def text(tmp_path: Path) -> str:
    return (tmp_path / "logs" / "callinicum531.log").read_text()


def test_a_full_disk_gives_one_warning_then_counts_the_dropped_records(
    tmp_path, staff_log, monkeypatch, capsys
):
    staff_log.info("before")
    real_write = os.write

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(stafflog.os, "write", full)
    for i in range(500):
        staff_log.info("record %d", i)
    monkeypatch.setattr(stafflog.os, "write", real_write)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err  # one line, no traceback
    assert "Logging error" not in err
    staff_log.info("after")
    lines = text(tmp_path).splitlines()
    assert "before" in lines[0]
    assert "500 log records were dropped" in lines[1] and "after" in lines[2]


def test_a_full_disk_never_buffers_the_records_it_drops(tmp_path, staff_log, monkeypatch):
    monkeypatch.setattr(
        stafflog.os, "write", lambda fd, data: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full"))
    )
    staff_log.info("lost " + "x" * 10_000)
    monkeypatch.undo()
    staff_log.info("next")
    assert "lost" not in text(tmp_path)


def test_pin_lockouts_reach_the_staff_log_file(tmp_path, staff_log):
    gate = AdminGate(lambda pin: False, corner=CornerTaps(), max_wrong=2, lockout_s=60)
    for t in range(5):
        gate.tap((1, 1), t * 0.1)
    for _ in range(2):  # two wrong PINs, typed
        for digit in "12":
            gate.key(0, digit, 1.0)
        gate.key(pygame.K_RETURN, "", 1.0)
    line = next(ln for ln in text(tmp_path).splitlines() if "locked" in ln)
    assert f"[{os.getpid()}]" in line and "WARNING" in line


@pytest.mark.parametrize("umask", [0o000, 0o077])
def test_the_log_is_made_0640_whatever_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        logger = setup_logging(tmp_path / "logs", max_bytes=100_000, backups=2)
        logger.info("started")
        close_logging(logger)
    finally:
        os.umask(old)
    assert (tmp_path / "logs" / "callinicum531.log").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "logs").stat().st_mode & 0o777 == 0o750


def test_a_fifo_in_place_of_the_log_falls_back_to_stderr_without_hanging(tmp_path, capsys):
    (tmp_path / "logs").mkdir()
    os.mkfifo(tmp_path / "logs" / "callinicum531.log")
    made = []
    opening = threading.Thread(
        target=lambda: made.append(setup_logging(tmp_path / "logs", 100_000, 2)), daemon=True
    )
    opening.start()
    opening.join(timeout=5)
    assert made, "opening a FIFO as the log hung"
    try:
        made[0].warning("still here")
    finally:
        close_logging(made[0])
    err = capsys.readouterr().err
    assert "cannot write the log" in err and "still here" in err


def test_a_second_kiosk_is_refused_naming_the_first(tmp_path):
    first = hold_kiosk_lock(tmp_path)
    try:
        with pytest.raises(KioskBusy) as info:
            hold_kiosk_lock(tmp_path)
        assert f"PID {os.getpid()}" in str(info.value) and "\n" not in str(info.value)
        assert (tmp_path / "kiosk.lock").stat().st_mode & 0o777 == 0o600
    finally:
        first.release()
    hold_kiosk_lock(tmp_path).release()  # the lock goes with its holder
