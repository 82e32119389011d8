"""Reading only regular files up to a limit; writing outputs whole, never over a device, a
folder or one of the program's own inputs."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from game.app import writing
from game.app.writing import OutputError, output_problem, write_whole
from game.scenario.errors import DataError
from game.scenario.reading import read_limited


def test_a_fifo_is_refused_at_once_instead_of_hanging(tmp_path):
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    done = []
    reader = threading.Thread(
        target=lambda: done.append(_refusal(read_limited, fifo, 1000)), daemon=True
    )
    reader.start()
    reader.join(timeout=5)
    assert done and "FIFO" in done[0]


def test_dev_zero_a_folder_and_a_large_file_are_refused_without_reading_them(tmp_path):
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    assert "device" in _refusal(read_limited, tmp_path / "zero.yaml", 1000)
    assert "is a folder" in _refusal(read_limited, tmp_path, 1000)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 1001)
    assert "1001 bytes is too large (at most 1000" in _refusal(read_limited, big, 1000)
    assert read_limited(big, 1001) == b"x" * 1001


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="no /proc")
def test_a_file_longer_than_its_stated_size_is_still_cut_at_the_limit():
    """/proc files say they are empty, as a file being appended to may lie: the read streams."""
    assert "grew past 100 bytes" in _refusal(read_limited, "/proc/self/status", 100)


def _refusal(call, *args) -> str:
    with pytest.raises(DataError) as info:
        call(*args)
    assert "\n" not in str(info.value)
    return str(info.value)


@pytest.fixture
def scenario_file(tmp_path) -> Path:
    p = tmp_path / "scenario.yaml"
    p.write_text("name: a battle\n")
    return p


def test_an_output_never_replaces_an_input_however_it_is_named(tmp_path, scenario_file):
    (tmp_path / "hard.json").hardlink_to(scenario_file)
    (tmp_path / "soft.json").symlink_to(scenario_file)
    for target in (scenario_file, tmp_path / "hard.json", tmp_path / "soft.json"):
        with pytest.raises(OutputError, match="one of the program's own inputs"):
            write_whole("--report", target, b"{}", inputs=[scenario_file])
    assert scenario_file.read_text() == "name: a battle\n"


def test_devices_pipes_and_folders_are_not_outputs(tmp_path):
    os.mkfifo(tmp_path / "pipe.json")
    assert "not a regular file" in output_problem(tmp_path / "pipe.json")
    assert "not a regular file" in output_problem("/dev/null")
    assert "is a folder" in output_problem(tmp_path)
    (tmp_path / "file.txt").write_text("x")
    assert "is a file, not a folder" in output_problem(tmp_path / "file.txt" / "r.json")


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    target.write_text("old\n")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writing.os, "fsync", full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_whole("--report", target, b"new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


@pytest.mark.parametrize("umask", [0o000, 0o077])
def test_a_new_output_is_0640_whatever_the_umask_and_a_replaced_one_keeps_its_mode(tmp_path, umask):
    old = os.umask(umask)
    try:
        write_whole("--report", tmp_path / "new" / "r.json", b"{}")
        kept = tmp_path / "kept.json"
        kept.write_text("{}")
        kept.chmod(0o600)
        write_whole("--report", kept, b"[]")
    finally:
        os.umask(old)
    assert (tmp_path / "new" / "r.json").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o750
    assert kept.stat().st_mode & 0o777 == 0o600 and kept.read_text() == "[]"
