"""Staying alive: staff log, heartbeat file, systemd notify/watchdog and the example unit file.

The systemd side is tested against a real Unix datagram socket standing in for systemd, with a
fake clock, so no test sleeps.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import os
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

from game.kiosk import health
from game.kiosk.health import Heartbeat, SystemdNotifier, process_stats
from game.kiosk.stafflog import close_logging, setup_logging

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "deploy" / "callinicum-kiosk.service"
FRAME = 1 / 60


@pytest.fixture
def staff_log(tmp_path):
    logger = setup_logging(tmp_path / "logs", max_bytes=2000, backups=2)
    yield logger
    close_logging(logger)


# -- staff log --------------------------------------------------------------------------------


def log_lines(tmp_path: Path) -> list[str]:
    return (tmp_path / "logs" / "callinicum531.log").read_text().splitlines()


def test_log_writes_one_line_per_record_with_an_iso_time_even_for_a_traceback(tmp_path, staff_log):
    try:
        raise RuntimeError("display lost")
    except RuntimeError:
        staff_log.exception("frame failed")
    (line,) = log_lines(tmp_path)
    stamp, level, pid, _ = line.split(" ", 3)
    assert dt.datetime.fromisoformat(stamp).tzinfo is not None
    assert level == "ERROR" and "frame failed" in line and "RuntimeError: display lost" in line
    assert pid == f"[{os.getpid()}]"  # two kiosks, or a kiosk and its restart, are told apart


def test_setting_up_the_log_twice_does_not_write_each_line_twice(tmp_path, staff_log):
    again = setup_logging(tmp_path / "logs", max_bytes=2000, backups=2)
    again.info("started")
    assert again is staff_log and len(staff_log.handlers) == 1
    assert len(log_lines(tmp_path)) == 1


def test_log_rotates_and_keeps_only_the_configured_number_of_old_files(tmp_path, staff_log):
    for i in range(500):
        staff_log.info("frame time high: %d ms", i)
    files = sorted((tmp_path / "logs").iterdir())
    assert [f.name for f in files] == [
        "callinicum531.log",
        "callinicum531.log.1",
        "callinicum531.log.2",
    ]
    assert all(f.stat().st_size <= 2000 for f in files)


def test_closing_the_log_releases_its_file_descriptor(tmp_path):
    before = process_stats()["fds"]
    logger = setup_logging(tmp_path / "logs", max_bytes=2000, backups=2)
    assert process_stats()["fds"] == before + 1
    close_logging(logger)
    assert process_stats()["fds"] == before and logger.handlers == []


def test_an_unwritable_log_folder_falls_back_to_stderr_instead_of_failing(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    logger = setup_logging(blocker / "logs", max_bytes=2000, backups=2)
    try:
        logger.error("still running")
    finally:
        close_logging(logger)
    err = capsys.readouterr().err
    assert "cannot write the log" in err and "still running" in err


# -- process figures --------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_process_stats_count_a_newly_opened_file_and_report_memory_and_threads(tmp_path):
    before = process_stats()
    with open(tmp_path / "x", "w"):
        during = process_stats()
    assert during["fds"] == before["fds"] + 1
    assert during["rss_bytes"] > 10 * 2**20  # python + numpy + pytest: tens of MB
    assert during["threads"] >= 1


# -- heartbeat --------------------------------------------------------------------------------


def beat(hb: Heartbeat, now: float, **kw) -> bool:
    return hb.beat(now, **{"fps": 60.0, "state": "attract", "last_error": None, **kw})


def test_first_heartbeat_is_written_at_once_with_the_monitoring_fields(tmp_path):
    path = tmp_path / "state" / "heartbeat.json"
    hb = Heartbeat(path, 60, started_at=100.0, wall_clock=lambda: 1_700_000_000.0)
    assert beat(hb, 112.5, fps=59.94, state="playing", last_error="ValueError: x\n  at y")
    data = json.loads(path.read_text())
    assert set(data) == {
        "time", "uptime_s", "fps", "rss_mb", "fds", "state", "last_error", "pid", "version"
    }  # fmt: skip
    assert dt.datetime.fromisoformat(data["time"]).timestamp() == 1_700_000_000.0
    assert (data["uptime_s"], data["fps"], data["state"]) == (12.5, 59.9, "playing")
    assert data["last_error"] == "ValueError: x at y"
    assert data["pid"] == os.getpid() and data["rss_mb"] > 0


def test_heartbeat_is_rewritten_only_once_the_interval_has_passed(tmp_path):
    path = tmp_path / "heartbeat.json"
    hb = Heartbeat(path, 60)
    wrote = [beat(hb, t * FRAME, fps=float(t)) for t in range(0, 60 * 130)]  # 130 s of frames
    assert [i for i, w in enumerate(wrote) if w] == [0, 3600, 7200]
    assert json.loads(path.read_text())["uptime_s"] == 120.0


def test_forced_heartbeat_is_written_at_once_so_a_crash_is_reported(tmp_path):
    hb = Heartbeat(tmp_path / "heartbeat.json", 60)
    beat(hb, 0.0)
    assert beat(hb, 1.0, state="error", last_error="OSError: display lost", force=True)
    data = json.loads((tmp_path / "heartbeat.json").read_text())
    assert (data["state"], data["last_error"]) == ("error", "OSError: display lost")


def test_heartbeat_with_nan_fps_is_still_valid_json(tmp_path):
    hb = Heartbeat(tmp_path / "heartbeat.json", 60)
    assert beat(hb, 0.0, fps=float("nan"))
    assert json.loads((tmp_path / "heartbeat.json").read_text())["fps"] is None


def test_failed_heartbeat_write_keeps_the_previous_file_and_leaves_no_temporary(
    tmp_path, monkeypatch
):
    path = tmp_path / "heartbeat.json"
    hb = Heartbeat(path, 60)
    beat(hb, 0.0, state="attract")

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(health.os, "replace", disk_full)
    assert not beat(hb, 60.0, state="playing")
    assert json.loads(path.read_text())["state"] == "attract"
    assert [p.name for p in tmp_path.iterdir()] == ["heartbeat.json"]


def test_heartbeat_that_cannot_be_written_logs_once_and_never_raises(tmp_path, caplog):
    (tmp_path / "file").write_text("")
    hb = Heartbeat(tmp_path / "file" / "heartbeat.json", 60)
    with caplog.at_level(logging.WARNING, logger=health.LOGGER_NAME):
        results = [beat(hb, t * 60.0) for t in range(5)]
    assert results == [False] * 5
    assert len([r for r in caplog.records if "heartbeat" in r.getMessage()]) == 1


# -- systemd notify and watchdog --------------------------------------------------------------


@pytest.fixture
def fake_systemd(tmp_path):
    """A datagram socket where systemd's would be; returns (address, receive-all)."""
    address = str(tmp_path / "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(address)
    sock.setblocking(False)

    def received() -> list[str]:
        out = []
        while True:
            try:
                out.append(sock.recv(4096).decode())
            except BlockingIOError:
                return out

    yield address, received
    sock.close()


def notifier_for(address: str, watchdog_usec: int | None = 10_000_000, **env) -> SystemdNotifier:
    environ = {"NOTIFY_SOCKET": address, **env}
    if watchdog_usec is not None:
        environ["WATCHDOG_USEC"] = str(watchdog_usec)
    return SystemdNotifier.from_env(environ)


def test_without_notify_socket_every_call_is_a_silent_no_op():
    n = SystemdNotifier.from_env({"WATCHDOG_USEC": "10000000"})
    assert not n.enabled
    assert (n.ready(), n.status("x"), n.stopping(), n.watchdog(0.0)) == (False,) * 4
    n.close()


def test_ready_status_and_stopping_reach_systemd(fake_systemd):
    address, received = fake_systemd
    n = notifier_for(address)
    n.ready()
    n.status("attract loop\nrunning")
    n.stopping()
    n.close()
    assert received() == ["READY=1", "STATUS=attract loop running", "STOPPING=1"]


def test_watchdog_is_pinged_at_the_first_frame_and_then_every_half_interval(fake_systemd):
    address, received = fake_systemd
    n = notifier_for(address, watchdog_usec=10_000_000)
    assert n.watchdog_interval_s == 10
    pings = []
    for frame in range(int(30 / FRAME)):  # 30 s of frames at 60 fps
        now = frame * FRAME
        n.watchdog(now)
        pings += [now] * len(received())
    n.close()
    assert len(pings) == 6 and pings[0] == 0
    gaps = [b - a for a, b in itertools.pairwise(pings)]
    assert all(5 <= g < 5 + 2 * FRAME for g in gaps)


def test_a_stalled_loop_stops_the_pings_so_systemd_can_restart_it(fake_systemd):
    """Only the frame loop pings: while it hangs, real time passes (three watchdog intervals
    of 0.2 s) and nothing else, no thread or timer, pings on its behalf."""
    address, received = fake_systemd
    n = notifier_for(address, watchdog_usec=200_000)
    threads = threading.active_count()
    for frame in range(20):  # a third of a second of frames: a ping every 0.1 s
        n.watchdog(frame * FRAME)
    assert received().count("WATCHDOG=1") >= 3
    time.sleep(0.6)  # the loop now hangs: no frames, so no calls
    assert received() == []
    assert threading.active_count() == threads
    # After the hang (had systemd not killed it) the first frame pings at once.
    assert n.watchdog(20 * FRAME + 0.6) and received() == ["WATCHDOG=1"]
    n.close()


def test_watchdog_addressed_to_another_process_is_ignored_but_ready_is_sent(fake_systemd):
    address, received = fake_systemd
    n = notifier_for(address, WATCHDOG_PID=str(os.getpid() + 1))
    assert not n.watchdog(0.0)
    n.ready()
    n.close()
    assert received() == ["READY=1"]


def test_watchdog_addressed_to_this_process_is_used(fake_systemd):
    address, received = fake_systemd
    n = notifier_for(address, WATCHDOG_PID=str(os.getpid()))
    assert n.watchdog(0.0)
    n.close()
    assert received() == ["WATCHDOG=1"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract sockets are Linux")
def test_abstract_notify_socket_name_works():
    name = f"callinicum531-test-{os.getpid()}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name)
    try:
        n = notifier_for("@" + name)
        n.ready()
        n.close()
        assert sock.recv(64) == b"READY=1"
    finally:
        sock.close()


def test_vanished_systemd_socket_is_logged_once_and_never_raises(fake_systemd, caplog):
    address, _ = fake_systemd
    os.unlink(address)
    n = notifier_for(address)
    with caplog.at_level(logging.WARNING, logger=health.LOGGER_NAME):
        results = [n.watchdog(t * 5.0) for t in range(4)] + [n.ready()]
    n.close()
    assert results == [False] * 5
    assert len(caplog.records) == 1


def test_a_full_systemd_socket_never_blocks_the_frame_loop(fake_systemd):
    address, received = fake_systemd
    n = notifier_for(address)
    sent = [n.status(f"frame {i}") for i in range(2000)]  # nobody reads: the queue fills
    n.close()
    assert sent[0] and not all(sent)
    assert len(received()) == sent.count(True)


# -- the example unit file --------------------------------------------------------------------


def unit_settings(path: Path) -> dict[tuple[str, str], list[str]]:
    """(section, key) -> values, in order; systemd allows keys to repeat."""
    out: dict[tuple[str, str], list[str]] = {}
    section = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        out.setdefault((section, key.strip()), []).append(value.strip())
    return out


def test_unit_restarts_forever_and_kills_a_hung_kiosk():
    s = unit_settings(UNIT)
    assert s[("Unit", "StartLimitIntervalSec")] == ["0"]
    assert s[("Service", "Restart")] == ["always"]
    assert s[("Service", "RestartPreventExitStatus")] == ["0"]  # the staff exit stays out
    assert 0 < float(s[("Service", "RestartSec")][-1]) <= 5
    assert s[("Service", "WatchdogSec")] == ["10"]
    assert s[("Service", "Type")] == ["notify"]
    assert s[("Service", "NotifyAccess")] == ["main"]
    assert "--kiosk" in s[("Service", "ExecStart")][-1]


def test_unit_keeps_fullscreen_on_focus_loss_and_leaves_touch_mouse_events_to_the_app():
    env = " ".join(unit_settings(UNIT)[("Service", "Environment")])
    assert "SDL_VIDEO_MINIMIZE_ON_FOCUS_LOSS=0" in env
    assert "SDL_TOUCH_MOUSE_EVENTS" not in env
