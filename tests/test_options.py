"""Options are checked as a whole: one mode per run, nothing a mode would ignore, values in
range, one line naming the option; and imports run one way (app never imports kiosk)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from game.app.cli import OPTIONS, parse_options
from game.app.options import CHECK, HEADLESS, KIOSK, WINDOW, Option, OptionError, parse, whole
from game.start import main

ROOT = Path(__file__).resolve().parents[1]


def refusal(argv: list[str]) -> str:
    with pytest.raises(OptionError) as info:
        parse_options(argv)
    assert "\n" not in str(info.value)
    return str(info.value)


@pytest.mark.parametrize(
    ("argv", "mode"),
    [
        ([], WINDOW),
        (["--headless"], HEADLESS),
        (["--check-determinism"], CHECK),
        (["--headless", "--check-determinism"], CHECK),  # redundant, not contradictory
        (["--kiosk"], KIOSK),
    ],
)
def test_the_switches_choose_one_mode(argv, mode):
    assert parse_options(argv).mode == mode


@pytest.mark.parametrize("other", ["--headless", "--check-determinism"])
def test_the_kiosk_with_another_mode_is_refused(other):
    assert refusal(["--kiosk", other]).startswith("--kiosk: cannot be combined with")


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["--kiosk-config", "k.yaml"], "--kiosk-config"),
        (["--screenshot", "s.png"], "--screenshot"),
        (["--report", "r.json"], "--report"),
        (["--until", "10"], "--until"),
        (["--kiosk", "--speed", "2"], "--speed"),
        (["--kiosk", "--account", "malalas"], "--account"),
        (["--kiosk", "--strengths", "high"], "--strengths"),
        (["--headless", "--speed", "2"], "--speed"),
        (["--check-determinism", "--size", "800x600"], "--size"),
        (["--headless", "--size", "800x600"], "--size"),  # sizes a screenshot; none asked for
        (["--headless", "--account", "all"], "--account"),
    ],
)
def test_an_option_the_mode_would_ignore_is_refused_naming_it(argv, flag):
    assert refusal(argv).startswith(f"{flag}: ")


@pytest.mark.parametrize("speed", ["nan", "inf", "-inf", "0", "-1", "1000", "3", "1e-9"])
def test_only_the_offered_speeds_are_accepted(speed):
    assert refusal(["--speed", speed]).startswith("--speed: ")


def test_every_offered_speed_and_a_png_of_any_case_are_accepted():
    for speed in ("0.25", "0.5", "1", "2", "4", "8", "16"):
        assert parse_options(["--speed", speed]).speed == float(speed)
    assert parse_options(["--headless", "--screenshot", "A.PNG"]).screenshot.name == "A.PNG"
    assert ".png" in refusal(["--headless", "--screenshot", "a.tga"])


def test_two_outputs_naming_one_file_are_refused():
    assert refusal(["--headless", "--screenshot", "x.png", "--report", "x.png"]).startswith(
        "--report: "
    )


def test_an_option_is_one_declaration():
    """A new option needs only its `Option`: parsing, the mode check and help follow."""
    extra = Option("--narration", "spoken captions", frozenset({WINDOW, KIOSK}), parse=str)
    args = parse((*OPTIONS, extra), (), ["--kiosk", "--narration", "el"])
    assert args.narration == "el" and args.mode == KIOSK
    with pytest.raises(OptionError, match=r"^--narration: only in a window or with --kiosk"):
        parse((*OPTIONS, extra), (), ["--headless", "--narration", "el"])
    with pytest.raises(OptionError, match=r"^--count: 'x' is not a whole number"):
        parse((Option("--count", "n", parse=whole(0)),), (), ["--count", "x"])


def test_a_refusal_is_one_line_on_stderr_and_exit_2(capsys):
    assert main(["--screenshot", "s.png"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == "--screenshot: only with --headless, not in a window\n"


def test_an_unknown_account_is_refused_naming_the_known_ones(capsys):
    assert main(["--check-determinism", "--scale", "100", "--account", "zosimus"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("--account: no account 'zosimus'") and "procopius, malalas" in err


@pytest.mark.parametrize(
    ("account", "checked"), [("all", ["procopius", "malalas"]), ("malalas", ["malalas"])]
)
def test_check_determinism_checks_the_accounts_asked_for(account, checked, capsys, monkeypatch):
    from game.app import check

    worlds = []

    def checking(scenario, **kw):
        worlds.append(kw["account"])
        return real(scenario, **kw)

    real = check.check_determinism
    monkeypatch.setattr(check, "check_determinism", checking)
    argv = ["--check-determinism", "--scale", "100", "--until", "1", "--account", account]
    assert main(argv) == 0
    assert worlds == checked  # the battle each check plays is that account's
    verdicts = [ln for ln in capsys.readouterr().out.splitlines() if "divergence" in ln]
    assert verdicts == [f"{a}: no divergence" for a in checked]


def test_the_app_layer_never_imports_the_kiosk():
    """Imports run one way: kiosk -> app, and the mode dispatch (game/start.py) on top."""
    for path in sorted((ROOT / "game" / "app").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            elif isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            else:
                continue
            assert not any(m.startswith("game.kiosk") for m in modules), path.name
