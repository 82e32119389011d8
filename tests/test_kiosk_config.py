"""Kiosk configuration and staff PIN: defaults are the goals, mistakes are one clear line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest

from game.kiosk import pin
from game.kiosk.config import (
    DEFAULT_PIN,
    DEFAULT_PIN_HASH,
    KioskConfig,
    load_kiosk_config,
)
from game.kiosk.hours import OpeningHours
from game.scenario.yamlsafe import DataError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "deploy" / "kiosk.example.yaml"
FAST = pin.MIN_ITERATIONS  # fewest iterations the config accepts: keeps PIN tests quick


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.yaml"
    path.write_text(text)
    return path


def refusal(tmp_path: Path, text: str) -> str:
    with pytest.raises(DataError) as err:
        load_kiosk_config(write(tmp_path, text))
    message = str(err.value)
    assert "\n" not in message
    return message


# -- defaults ---------------------------------------------------------------------------------


def test_no_file_gives_the_idle_goals_warning_at_70_s_reset_at_90_and_180():
    cfg = load_kiosk_config(None)
    assert cfg.idle.countdown_s >= 20
    assert cfg.idle.warn_after_s(playing=False) == 70
    assert (cfg.idle.reset_paused_s, cfg.idle.reset_playing_s) == (90, 180)


def test_no_file_gives_the_admin_goals_5_taps_in_96_px_within_3_s_and_5_min_lockout():
    admin = load_kiosk_config(None).admin
    assert (admin.corner_taps, admin.corner_px, admin.corner_window_s) == (5, 96, 3)
    assert (admin.max_wrong, admin.lockout_s) == (5, 300)


def test_no_file_caps_logs_at_5_files_of_5_mb_and_beats_every_minute_into_the_log_folder():
    cfg = load_kiosk_config(None)
    assert (cfg.log.max_bytes, cfg.log.backups + 1) == (5_000_000, 5)  # 4 old files + current
    assert cfg.heartbeat.interval_s == 60
    assert cfg.heartbeat_path == cfg.log.folder / "heartbeat.json"
    assert "~" not in str(cfg.log.folder)


def test_no_file_moves_the_hud_at_least_4_px_every_10_minutes_and_never_blanks():
    cfg = load_kiosk_config(None)
    assert cfg.burn_in.drift_px >= 4 and cfg.burn_in.period_s <= 600
    assert cfg.hours is None


def test_the_default_pin_5310_opens_admin_and_is_flagged_as_default():
    cfg = load_kiosk_config(None)
    assert DEFAULT_PIN == "5310"
    assert pin.check_pin("5310", cfg.admin.pin_hash)
    assert cfg.admin.uses_default_pin


def test_example_file_equals_the_defaults_except_its_opening_hours():
    expected = dataclasses.replace(
        KioskConfig(), hours=OpeningHours(open=dt.time(9, 0), close=dt.time(18, 0))
    )
    assert load_kiosk_config(EXAMPLE) == expected


# -- values read from the file ----------------------------------------------------------------


def test_values_in_the_file_replace_the_defaults_and_missing_ones_keep_theirs(tmp_path):
    cfg = load_kiosk_config(
        write(tmp_path, "idle:\n  countdown_s: 30\ncaptions: false\npointer: trackball\n")
    )
    assert (cfg.idle.countdown_s, cfg.idle.reset_paused_s) == (30, 90)
    assert cfg.captions is False and cfg.pointer == "trackball"
    assert cfg.admin == KioskConfig().admin


def test_relative_log_folder_is_taken_from_the_files_folder_not_the_working_directory(
    tmp_path, monkeypatch
):
    monkeypatch.chdir("/")
    cfg = load_kiosk_config(write(tmp_path, "log:\n  folder: logs\n"))
    assert cfg.log.folder == tmp_path / "logs"
    assert cfg.heartbeat_path == tmp_path / "logs" / "heartbeat.json"


def test_heartbeat_path_in_the_file_is_used(tmp_path):
    cfg = load_kiosk_config(write(tmp_path, "heartbeat:\n  path: /srv/hb.json\n"))
    assert cfg.heartbeat_path == Path("/srv/hb.json")


def test_screen_is_open_only_between_opening_and_closing(tmp_path):
    cfg = load_kiosk_config(write(tmp_path, 'hours: {open: "09:30", close: "17:00"}\n'))
    assert cfg.hours is not None
    assert not cfg.hours.is_open(dt.time(9, 29))
    assert cfg.hours.is_open(dt.time(9, 30)) and cfg.hours.is_open(dt.time(16, 59))
    assert not cfg.hours.is_open(dt.time(17, 0))


# -- refusals: one line naming file, line, field ----------------------------------------------


def test_misspelt_key_is_refused_at_its_line_with_the_allowed_keys(tmp_path):
    message = refusal(tmp_path, "captions: true\nidle:\n  countdwn_s: 30\n")
    assert message.startswith(f"{tmp_path / 'kiosk.yaml'}:3:3: idle.countdwn_s: unknown key")
    assert "countdown_s" in message


def test_countdown_below_20_s_is_refused_for_wcag(tmp_path):
    assert "idle.countdown_s: 10 is below the minimum 20" in refusal(
        tmp_path, "idle:\n  countdown_s: 10\n"
    )


def test_reset_too_close_to_the_countdown_is_refused(tmp_path):
    message = refusal(tmp_path, "idle:\n  countdown_s: 20\n  reset_paused_s: 25\n")
    assert "idle.reset_paused_s" in message and "countdown_s" in message


def test_long_countdown_overrunning_a_default_reset_names_the_key_to_set(tmp_path):
    message = refusal(tmp_path, "idle:\n  countdown_s: 100\n  reset_playing_s: 400\n")
    assert "idle.countdown_s" in message and "set reset_paused_s to 110" in message


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("admin:\n  corner_taps: 1\n", "admin.corner_taps"),
        ("admin:\n  corner_px: 8\n", "admin.corner_px"),
        ("admin:\n  lockout_s: -1\n", "admin.lockout_s"),
        ("idle:\n  reset_playing_s: 1000000\n", "idle.reset_playing_s"),
        ("burn_in:\n  drift_px: 41\n", "burn_in.drift_px"),
        ("burn_in:\n  period_s: 3600\n", "burn_in.period_s"),
        ("log:\n  max_bytes: 10\n", "log.max_bytes"),
        ("log:\n  backups: 0\n", "log.backups"),
        ("heartbeat:\n  interval_s: 0\n", "heartbeat.interval_s"),
        ("pointer_hide_s: .nan\n", "pointer_hide_s"),
        ("screen_inches: 2\n", "screen_inches"),
        ("pointer_hide_s: null\n", "pointer_hide_s"),
        ("captions: yes please\n", "captions"),
        ("language: la\n", "language"),
        ("pointer: mouse\n", "pointer"),
        ("start_account: ''\n", "start_account"),
        ("burn_in: 6\n", "burn_in"),
    ],
)
def test_absurd_or_mistyped_values_are_refused_naming_the_field(tmp_path, text, field):
    assert f": {field}: " in refusal(tmp_path, text)


@pytest.mark.parametrize(
    "stored",
    [
        "5310",  # a plain PIN pasted where the hash goes
        "sha256$200000$6065a836032b84340ed8bd116f69aeb2$" + "0" * 64,
        "pbkdf2_sha256$1000$6065a836032b84340ed8bd116f69aeb2$" + "0" * 64,
        "pbkdf2_sha256$200000$6065a836032b84340ed8bd116f69aeb2$" + "0" * 63,
        "pbkdf2_sha256$200000$zz65a836032b84340ed8bd116f69aeb2$" + "0" * 64,
        "pbkdf2_sha256$200000$abcd$" + "0" * 64,
    ],
)
def test_malformed_pin_hash_is_refused(tmp_path, stored):
    assert ": admin.pin_hash: " in refusal(tmp_path, f'admin:\n  pin_hash: "{stored}"\n')


@pytest.mark.parametrize("value", ["'5310'", "5310"])
def test_plain_pin_in_the_file_says_how_to_make_a_hash(tmp_path, value):
    assert "python -m game.kiosk.pin" in refusal(tmp_path, f"admin:\n  pin_hash: {value}\n")


def test_unquoted_closing_time_says_to_write_it_in_quotes(tmp_path):
    # YAML 1.1 reads 18:00 as 1080 (base 60); 09:00 stays text.
    message = refusal(tmp_path, "hours:\n  open: 09:00\n  close: 18:00\n")
    assert 'hours.close: write the time in quotes, like "18:00"' in message


@pytest.mark.parametrize("text", ['"9:00"', '"24:00"', '"09:60"', '"nine"'])
def test_opening_time_that_is_not_hh_mm_is_refused(tmp_path, text):
    assert ": hours.open: " in refusal(tmp_path, f'hours:\n  open: {text}\n  close: "18:00"\n')


def test_closing_before_opening_is_refused(tmp_path):
    assert ": hours.close: " in refusal(tmp_path, 'hours: {open: "18:00", close: "09:00"}\n')


def test_missing_file_is_one_line_naming_it(tmp_path):
    with pytest.raises(DataError, match=r"nope\.yaml:0:0: \(file\): file not found"):
        load_kiosk_config(tmp_path / "nope.yaml")


def test_a_start_account_the_scenario_lacks_is_refused_at_its_line(tmp_path):
    path = write(tmp_path, "captions: true\nstart_account: herodotus\n")
    with pytest.raises(DataError) as err:
        load_kiosk_config(path, ("procopius", "malalas"))
    assert str(err.value).startswith(f"{path}:2:")
    assert ": start_account: 'herodotus' is not one of: procopius, malalas" in str(err.value)
    assert load_kiosk_config(path).start_account == "herodotus"  # no scenario: checked later


def test_kiosk_with_a_bad_config_exits_2_with_one_line_naming_it(tmp_path, capsys):
    from game.start import main

    path = write(tmp_path, "start_account: herodotus\n")
    assert main(["--kiosk", "--kiosk-config", str(path), "--scale", "100"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{path}:") and err.count("\n") == 0
    assert f"{path}:1:" in err and "start_account" in err


# -- PIN --------------------------------------------------------------------------------------


def test_right_pin_matches_its_hash_and_a_wrong_one_does_not():
    stored = pin.hash_pin("271828", iterations=FAST)
    assert pin.check_pin("271828", stored)
    assert not pin.check_pin("271829", stored)


def test_the_same_pin_hashes_differently_each_time():
    assert pin.hash_pin("5310", iterations=FAST) != pin.hash_pin("5310", iterations=FAST)


@pytest.mark.parametrize("bad", ["123", "1234567890123", "12a4", "", " 1234", "١٢٣٤"])
def test_pins_are_4_to_12_ascii_digits(bad):
    assert not pin.valid_pin(bad)
    assert not pin.check_pin(bad, DEFAULT_PIN_HASH)
    with pytest.raises(ValueError):
        pin.hash_pin(bad)


def test_check_pin_says_no_to_a_malformed_hash_instead_of_raising():
    assert not pin.check_pin("5310", "garbage")


def test_pin_tool_prints_a_line_the_config_accepts(tmp_path):
    out = io.StringIO()
    assert pin.main([], ask=lambda prompt: "86420", out=out) == 0
    cfg = load_kiosk_config(write(tmp_path, "admin:\n" + out.getvalue()))
    assert pin.check_pin("86420", cfg.admin.pin_hash)
    assert not cfg.admin.uses_default_pin
    assert "86420" not in out.getvalue()


def test_pin_tool_refuses_two_different_entries(capsys):
    answers = iter(["1111", "2222"])
    out = io.StringIO()
    assert pin.main([], ask=lambda prompt: next(answers), out=out) == 1
    assert out.getvalue() == ""
    assert "differ" in capsys.readouterr().err


def test_pin_tool_with_no_input_exits_cleanly_and_prints_no_hash(capsys):
    def closed_stdin(prompt: str) -> str:
        raise EOFError

    out = io.StringIO()
    assert pin.main([], ask=closed_stdin, out=out) == 1
    assert out.getvalue() == "" and "nothing changed" in capsys.readouterr().err


@pytest.mark.parametrize(
    "target", ["kiosk.yaml", "logs/callinicum531.log", "scenario.yaml", "logs/kiosk.lock"]
)
def test_a_heartbeat_over_one_of_the_kiosks_own_files_is_refused(tmp_path, target):
    (tmp_path / "scenario.yaml").write_text("name: x\n")
    path = write(tmp_path, f"log:\n  folder: logs\nheartbeat:\n  path: {target}\n")
    with pytest.raises(DataError) as err:
        load_kiosk_config(path, inputs=(tmp_path / "scenario.yaml",))
    assert f"{path}:4:9: heartbeat.path: " in str(err.value)
    assert (tmp_path / "scenario.yaml").read_text() == "name: x\n"


def test_a_heartbeat_that_is_a_folder_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    path = write(tmp_path, "heartbeat:\n  path: out\n")
    with pytest.raises(DataError, match=r"heartbeat\.path: .*is a folder, not a file"):
        load_kiosk_config(path)


def test_the_languages_offered_and_the_default_are_read_and_checked(tmp_path):
    cfg = load_kiosk_config(write(tmp_path, "language: ar\nlanguages: [ar, en, fa]\n"))
    assert (cfg.language, cfg.languages) == ("ar", ("ar", "en", "fa"))
    assert load_kiosk_config(write(tmp_path, "captions: true\n")).languages == (
        "en", "ar", "fa", "el", "tr", "de", "fr")  # fmt: skip
    path = write(tmp_path, "captions: true\nlanguage: de\nlanguages: [en, fr]\n")
    with pytest.raises(DataError) as err:
        load_kiosk_config(path)
    assert str(err.value).startswith(f"{path}:2:") and "'de' is the default language" in str(
        err.value
    )
    with pytest.raises(DataError, match=r"languages.*'xx' is not one of"):
        load_kiosk_config(write(tmp_path, "languages: [en, xx]\n"))
