"""Every case `bench/hostile.py` runs, by class: data files, values, options, outputs, assets,
kiosk, banner and sanity runs. The kit they are built from is `bench/hostile_kit.py`.

Issue #19 lists what a hostile tester found; each of its findings is a case here (its wording
is in the case's summary), beside the refusals that already worked, so that a fix cannot
break them unseen, and new ones (hard links, a log that is a FIFO, two kiosks, umask 000).
"""

from __future__ import annotations

from bench.hostile_kit import (
    CHECK,
    HEADLESS,
    KIOSK,
    KIOSK_FILES,
    OK,
    WINDOW,
    Case,
    all_of,
    both,
    crlf,
    device,
    edit,
    grid_damage,
    json_report,
    kiosk_yaml,
    link,
    log_has,
    many_men,
    modes,
    mount,
    no_prefix,
    prefix,
    quiet_stderr,
    replace,
    second_refused,
    stdout_clean,
    stdout_has,
    under,
    write,
)

BOM = b"\xef\xbb\xbf"
CASES: list[Case] = []


def add(*cases: Case) -> None:
    CASES.extend(cases)


# -- data files: every file the program reads, damaged every way --------------------------------
YAML_FILES = {  # short name -> (file, how to run, drive script)
    "scenario": ("s", HEADLESS, None),
    "map": ("m", HEADLESS, None),
    "kiosk": ("k", KIOSK, "pin"),
    "tour": ("tour", KIOSK, "pin"),
}
GRID_FILES = {"terrain": ("t", HEADLESS, None), "elevation": ("e", HEADLESS, None)}
DUPLICATE = {
    "s": b"seed: 1\n",
    "m": b"tile_size: 20\n",
    "k": b"log: {}\n",
    "tour": b"ease_s: 4\n",
}
FAST_DATA = {"scenario-fifo", "scenario-zero", "scenario-nested", "terrain-folder", "map-dupkey"}

DAMAGES = {
    "missing": "deleted",
    "folder": "a folder in its place",
    "fifo": "a FIFO in its place (the round's start hung forever)",
    "zero": "a link to /dev/zero (the round's start ate 3-6 GB)",
    "empty": "0 bytes",
    "binary": "5 kB of random bytes",
    "huge": "3 MB (over the size limit)",
}
YAML_DAMAGES = {
    "nested": "400 nested brackets in 800 bytes (RecursionError at the round's start)",
    "nested-map": "400 nested mappings",
    "bomb": "a billion-laughs alias bomb",
    "tag": "a !!python/object/apply tag that would run a command",
    "list": "a list at the top (the round's start named an empty field)",
}

for what, (rel, argv, drive) in {**YAML_FILES, **GRID_FILES}.items():
    file = {"s": "scenario.yaml", "m": "map.yaml", "k": "kiosk.yaml", "tour": "tour.yaml"}.get(
        rel, f"{what}.txt"
    )
    damages = {**DAMAGES, **(YAML_DAMAGES if what in YAML_FILES else {})}
    for how, summary in damages.items():
        name = f"{what}-{how}"
        add(
            Case(
                "data",
                name,
                argv,
                summary=f"{file}: {summary}",
                prepare=replace(rel, how),
                drive=drive,
                names="folder" if how == "folder" else file,
                outputs=KIOSK_FILES if drive else (),
                fast=name in FAST_DATA,
                timeout=15 if how == "fifo" else 60,
            )
        )
    if what in YAML_FILES:
        add(
            Case(
                "data",
                f"{what}-dupkey",
                argv,
                summary=f"{file}: a key twice",
                prepare=prefix(rel, DUPLICATE[rel]),
                drive=drive,
                names=file,
                outputs=KIOSK_FILES if drive else (),
                fast=f"{what}-dupkey" in FAST_DATA,
            )
        )
    add(
        Case(
            "data",
            f"{what}-bom",
            argv,
            OK,
            summary=f"{file}: a UTF-8 byte-order mark (an editor's) must load",
            prepare=prefix(rel, BOM),
            drive=drive,
            outputs=KIOSK_FILES if drive else (),
            fast=what == "terrain",
        )
    )
for what, (rel, argv, _) in GRID_FILES.items():
    add(
        Case(
            "data",
            f"{what}-crlf",
            argv,
            OK,
            summary=f"{what}.txt with Windows line ends must load",
            prepare=crlf(rel),
        ),
        Case(
            "data",
            f"{what}-short-row",
            argv,
            summary=f"{what}.txt: a row one tile short",
            prepare=grid_damage(rel, "short"),
            names=f"{what}.txt",
        ),
        Case(
            "data",
            f"{what}-bad-char",
            argv,
            summary=f"{what}.txt: a character that is no tile",
            prepare=grid_damage(rel, "char"),
            names=f"{what}.txt",
        ),
    )

# -- values inside well-formed files ---------------------------------------------------------------
FIRST_FACING = "facing: east, files: 40}"
LEGEND_ENTRY = "{name: x, look: grass, passable: true, speed: 1, colour: [1, 2, 3]}"
VALUES = (  # name, summary, file, text, replaced by, the field the refusal names
    ("facing-1e308", "a facing of [0, 1e308] (overflowed and faced east)", "s",
     FIRST_FACING, "facing: [0, 1.0e+308], files: 40}", "facing"),
    ("facing-both-1e308", "a facing of [1e308, 1e308]", "s",
     FIRST_FACING, "facing: [1.0e+308, 1.0e+308], files: 40}", "facing"),
    ("facing-zero", "a facing of [0, 0]", "s",
     FIRST_FACING, "facing: [0, 0], files: 40}", "facing"),
    ("phases-out-of-order", "the archery duel listed after deployment, starting before it "
     "(re-sorted)", "s", 'start: "11:30"', 'start: "09:45"', "phases"),
    ("melee-kill-10000", "a chance per second of 10000 (accepted up to 10000)", "s",
     "melee_kill: 0.2 ", "melee_kill: 10000 ", "melee_kill"),
    ("rout-below-50", "morale (0..1) to rout below: 50", "s",
     "rout_below: 0.35", "rout_below: 50", "rout_below"),
    ("arrows-front-7", "a share (0..1) of 7", "s",
     "arrows_front: 0.3 ", "arrows_front: 7 ", "arrows_front"),
    ("melee-kill-nan", "a chance of .nan", "s",
     "melee_kill: 0.2 ", "melee_kill: .nan ", "melee_kill"),
    ("legend-not-latin1", "a legend key no grid byte can hold ('水', accepted but unusable)", "m",
     "legend:\n", f'legend:\n  "水": {LEGEND_ENTRY}\n', "legend"),
    ("legend-two-chars", "a legend key of two characters", "m",
     "legend:\n", f'legend:\n  "ab": {LEGEND_ENTRY}\n', "legend"),
    ("map-no-name", "map.yaml without its 'name' (the round's start named an empty field)", "m",
     "name: Callinicum, 19 April 531\n", "", "name"),
    ("map-tile-text", "tile_size: twenty", "m", "tile_size: 20", "tile_size: twenty", "tile_size"),
)  # fmt: skip
FAST_VALUES = {"facing-1e308", "phases-out-of-order", "melee-kill-10000", "legend-not-latin1"}
for name, summary, rel, old, new, field in VALUES:
    add(
        Case(
            "values",
            name,
            HEADLESS,
            summary=summary,
            prepare=edit(rel, old, new),
            names=field,
            fast=name in FAST_VALUES,
        )
    )
add(
    Case(
        "values",
        "scenario-unknown-key",
        HEADLESS,
        summary="an unknown top-level key",
        prepare=prefix("s", b"colour: red\n"),
        names="colour",
    ),
    Case(
        "values",
        "men-30-million",
        (*HEADLESS[:2], "1", *HEADLESS[3:]),
        summary="300 formations of 100,000 at --scale 1 (built 4.4 GB before failing)",
        prepare=many_men(),
        names="scale",
        check=under(15),
        fast=True,
        timeout=90,
    ),
    Case(
        "values",
        "men-30-million-scale-1000",
        (*HEADLESS[:2], "1000", *HEADLESS[3:]),
        OK,
        summary="the same 30 million at --scale 1000 (30,000 agents) must run",
        prepare=many_men(),
        timeout=120,
    ),
    Case(
        "values",
        "scenario-path-newline",
        ("--headless", "--scenario", "{d}/bad\nname.yaml"),
        summary="a scenario path with a newline in it (the error spanned two lines)",
        fast=True,
    ),
)

# -- options ---------------------------------------------------------------------------------
RUNS = {"window": (WINDOW, "quit"), "headless": (HEADLESS, None), "check": (CHECK, None)}
RUNS["kiosk"] = (KIOSK, "pin")
REFUSED_OPTIONS = (  # name, how it runs, options added, summary, what the refusal names
    ("speed-nan-window", "window", ("--speed", "nan"), "--speed nan in a window (traceback)",
     "--speed"),
    ("speed-inf-window", "window", ("--speed", "inf"), "--speed inf (traceback)", "--speed"),
    ("speed--inf-window", "window", ("--speed", "-inf"), "--speed -inf", "--speed"),
    ("speed-0-window", "window", ("--speed", "0"), "--speed 0 (accepted)", "--speed"),
    ("speed-neg-window", "window", ("--speed", "-1"), "--speed -1 (accepted)", "--speed"),
    ("speed-1000-window", "window", ("--speed", "1000"), "--speed 1000 (accepted)", "--speed"),
    ("speed-tiny-window", "window", ("--speed", "1e-9"), "--speed 1e-9", "--speed"),
    ("speed-text", "window", ("--speed", "fast"), "--speed fast", "--speed"),
    ("speed-headless", "headless", ("--speed", "2"),
     "--speed with --headless (nothing plays: ignored)", "--speed"),
    ("account-bogus-window", "window", ("--account", "bogus"),
     "an unknown --account in a window (traceback)", "bogus"),
    ("account-bogus-headless", "headless", ("--account", "bogus"),
     "an unknown --account, headless", "bogus"),
    ("account-bogus-check", "check", ("--account", "bogus"),
     "--check-determinism with an unknown --account (accepted)", "bogus"),
    ("kiosk-headless", "kiosk", ("--headless",), "--kiosk with --headless (contradictory)",
     "--kiosk"),
    ("kiosk-check", "kiosk", ("--check-determinism",), "--kiosk with --check-determinism",
     "--kiosk"),
    ("kiosk-config-alone", "window", ("--kiosk-config", "{k}"),
     "--kiosk-config without --kiosk (ignored)", "--kiosk-config"),
    ("kiosk-speed", "kiosk", ("--speed", "2"), "--speed with --kiosk (ignored)", "--speed"),
    ("kiosk-account", "kiosk", ("--account", "malalas"),
     "--account with --kiosk (ignored: the config's start_account rules)", "--account"),
    ("screenshot-window", "window", ("--screenshot", "{d}/out/s.png"),
     "--screenshot without --headless (ignored)", "--screenshot"),
    ("report-window", "window", ("--report", "{d}/out/r.json"), "--report without --headless",
     "--report"),
    ("until-window", "window", ("--until", "10"), "--until in a window", "--until"),
    ("check-size", "check", ("--size", "800x600"),
     "--size with --check-determinism (nothing is drawn)", "--size"),
    ("check-report", "check", ("--report", "{d}/out/r.json"), "--report with --check-determinism",
     "--report"),
    ("screenshot-tga", "headless", ("--screenshot", "{d}/out/s.tga"),
     "--screenshot s.tga (written as TGA)", ".png"),
    ("screenshot-no-suffix", "headless", ("--screenshot", "{d}/out/shot"),
     "--screenshot without .png", ".png"),
    ("screenshot-is-report", "headless",
     ("--screenshot", "{d}/out/x.png", "--report", "{d}/out/x.png"),
     "--screenshot and --report the same file", "--report"),
    ("unknown-option", "headless", ("--bogus",), "an unknown option", "--bogus"),
)  # fmt: skip
FAST_OPTIONS = {
    "speed-nan-window",
    "speed-headless",
    "account-bogus-check",
    "kiosk-headless",
    "kiosk-config-alone",
    "screenshot-window",
    "screenshot-tga",
    "unknown-option",
}
for name, run, extra, summary, named in REFUSED_OPTIONS:
    argv, drive = RUNS[run]
    add(
        Case(
            "option",
            name,
            (*argv, *extra),
            summary=summary,
            drive=drive,
            names=named,
            outputs=KIOSK_FILES if run == "kiosk" else (),
            fast=name in FAST_OPTIONS,
        )
    )
add(
    Case(
        "option",
        "speed-16-window",
        (*WINDOW, "--speed", "16"),
        OK,
        summary="--speed 16, the fastest, must open",
        drive="quit",
    ),
    Case(
        "option",
        "check-account-malalas",
        (*CHECK, "--account", "malalas"),
        OK,
        summary="--check-determinism --account malalas checks Malalas (checked the default)",
        check=stdout_has("malalas"),
    ),
    Case(
        "option",
        "check-account-all",
        (*CHECK, "--account", "all"),
        OK,
        summary="--check-determinism --account all checks both accounts",
        check=stdout_has("procopius", "malalas"),
        fast=True,
    ),
    Case(
        "option",
        "check-headless",
        ("--headless", *CHECK),
        OK,
        summary="--check-determinism with a redundant --headless still checks",
    ),
    Case(
        "option",
        "screenshot-upper-png",
        (*HEADLESS, "--screenshot", "{d}/out/S.PNG"),
        OK,
        summary="--screenshot S.PNG is a PNG",
        outputs=("out/S.PNG",),
    ),
    Case(
        "option", "scenario-empty-name", ("--headless", "--scenario", ""), summary="--scenario ''"
    ),
    Case("option", "help", ("--help",), OK, summary="--help", check=stdout_has("--scenario")),
)
for opt, values in {
    "--size": ("1x1", "0x0", "99999x99999", "big"),
    "--seed": ("-1", "1.5", "1e10"),
    "--scale": ("0", "-3", "many"),
    "--until": ("nan", "inf", "-1"),
}.items():
    for value in values:
        add(
            Case(
                "option",
                f"{opt[2:]}-{value}",
                (*HEADLESS, opt, value),
                summary=f"{opt} {value}",
                names=opt,
            )
        )

# -- outputs -----------------------------------------------------------------------------------
OLD = b'{"old": "report"}\n'
for opt, name in (("--report", "r.json"), ("--screenshot", "s.png")):
    o = opt[2:]
    add(
        Case(
            "output",
            f"{o}-folder",
            (*HEADLESS, opt, f"{{d}}/out/{name}"),
            summary=f"{opt} names a folder",
            prepare=lambda box, name=name: (box.work / "out" / name).mkdir(),
        ),
        Case(
            "output",
            f"{o}-read-only",
            (*HEADLESS, opt, f"{{d}}/ro/{name}"),
            summary=f"{opt} on a read-only filesystem (traceback)",
            prepare=mount("ro", "ro"),
        ),
        Case(
            "output",
            f"{o}-full-disk",
            (*HEADLESS, opt, f"{{d}}/full/{name}"),
            summary=f"{opt} on a full filesystem (traceback, and an empty .tmp left)",
            prepare=mount("full", "full"),
            fast=o == "report",
        ),
        Case(
            "output",
            f"{o}-full-disk-existing",
            (*HEADLESS, opt, f"{{d}}/full/{name}"),
            summary=f"{opt} over an existing file on a full filesystem: the old one stays",
            prepare=mount("full", "full", {name: OLD}),
        ),
        Case(
            "output",
            f"{o}-stdout",
            (*HEADLESS, opt, f"{{d}}/out/std.{name.split('.')[1]}"),
            summary=f"{opt} to stdout (a link to /proc/self/fd/1, as /dev/stdout is)",
            prepare=lambda box, name=name: (
                box.work / "out" / f"std.{name.split('.')[1]}"
            ).symlink_to("/proc/self/fd/1"),
        ),
        Case(
            "output",
            f"{o}-parent-is-file",
            (*HEADLESS, opt, f"{{d}}/out/file.txt/{name}"),
            summary=f"{opt} under a parent that is a file",
            prepare=write("out/file.txt", b"a file\n"),
            fast=o == "report",
        ),
        Case(
            "output",
            f"{o}-device",
            (*HEADLESS, opt, f"{{d}}/out/full.{name.split('.')[1]}"),
            summary=f"{opt} to a device node like /dev/full (replaced by a file, as root)",
            prepare=device(f"out/full.{name.split('.')[1]}"),
            fast=o == "report",
        ),
        Case(
            "output",
            f"{o}-hard-link-to-scenario",
            (*HEADLESS, opt, f"{{d}}/out/{name}"),
            summary=f"{opt} to a hard link of the scenario",
            prepare=link(f"out/{name}", "s", hard=True),
            fast=o == "report",
        ),
        Case(
            "output",
            f"{o}-link-to-map",
            (*HEADLESS, opt, f"{{d}}/out/{name}"),
            summary=f"{opt} to a symbolic link to map.yaml",
            prepare=link(f"out/{name}", "m"),
        ),
        Case(
            "output",
            f"{o}-new-folders",
            (*HEADLESS, opt, f"{{d}}/out/a/b/{name}"),
            OK,
            summary=f"{opt} into folders that do not exist yet: made",
            outputs=("out/*",),
        ),
        Case(
            "output",
            f"{o}-replace",
            (*HEADLESS, opt, f"{{d}}/out/{name}"),
            OK,
            summary=f"{opt} over an old file: replaced whole",
            prepare=write(f"out/{name}", OLD),
            outputs=(f"out/{name}",),
        ),
        Case(
            "output",
            f"{o}-umask-000",
            (*HEADLESS, opt, f"{{d}}/out/{name}"),
            OK,
            summary=f"{opt} under umask 000 is not world-writable",
            umask=0,
            outputs=(f"out/{name}",),
            check=modes(**{f"out__{name.replace('.', '_dot_')}": 0o640}),
        ),
    )
add(
    Case(
        "output",
        "report-is-scenario",
        (*HEADLESS, "--report", "{s}"),
        summary="--report over the scenario it reads (overwrote it)",
        fast=True,
    ),
    Case(
        "output",
        "report-is-map",
        (*HEADLESS, "--report", "{m}"),
        summary="--report over the map it reads",
    ),
    Case(
        "output",
        "report-is-terrain",
        (*HEADLESS, "--report", "{t}"),
        summary="--report over the terrain grid it reads",
    ),
    Case(
        "output",
        "report-json",
        (*HEADLESS, "--report", "{d}/out/r.json"),
        OK,
        summary="a plain report is whole JSON",
        outputs=("out/r.json",),
        check=json_report("out/r.json"),
    ),
)
HEARTBEATS = {
    "scenario": ("map/scenario.yaml", "the scenario (overwritten: never starts again)"),
    "config": ("kiosk.yaml", "the kiosk configuration itself"),
    "staff-log": ("log/callinicum531.log", "the staff log"),
    "map": ("map/map.yaml", "the map"),
    "tour": ("map/tour.yaml", "the tour"),
    "folder": ("out", "a folder"),
    "device": ("out/full", "a device node"),
}
for label, (target, summary) in HEARTBEATS.items():
    add(
        Case(
            "output",
            f"heartbeat-{label}",
            KIOSK,
            summary=f"the heartbeat path is {summary}",
            prepare=both(
                kiosk_yaml(f"log:\n  folder: log\nheartbeat:\n  path: {target}\n"),
                device("out/full") if label == "device" else (lambda box: None),
            ),
            drive="pin",
            names="heartbeat",
            outputs=KIOSK_FILES,
        )
    )
add(
    Case(
        "output",
        "heartbeat-full-disk",
        KIOSK,
        OK,
        summary="the heartbeat on a full filesystem: the kiosk runs on, no .tmp left",
        prepare=both(
            mount("full", "full"),
            kiosk_yaml("log:\n  folder: log\nheartbeat:\n  path: full/hb.json\n"),
        ),
        drive="pin",
        outputs=KIOSK_FILES,
    ),
)

# -- assets: fonts, sprite sheets and their manifest, damaged in a copy of the program -----------
SPRITE = "prog/assets/sprites/infantry.png"
SHEETS = "prog/assets/sprites/sheets.yaml"
FONT = "prog/assets/fonts/DejaVuSans.ttf"


def _truncate(rel: str, keep: int):
    def prepare(box) -> None:
        p = box.work / rel
        p.write_bytes(p.read_bytes()[:keep])

    return prepare


def _copy(rel: str, source: str):
    def prepare(box) -> None:
        (box.work / rel).write_bytes((box.work / source).read_bytes())

    return prepare


ASSET_DAMAGES = {
    "sprite-missing": (SPRITE, replace(SPRITE, "missing"), "a sprite sheet deleted"),
    "sprite-truncated": (SPRITE, _truncate(SPRITE, 300), "a sprite sheet cut at 300 bytes"),
    "sprite-garbage": (SPRITE, replace(SPRITE, "binary"), "a sprite sheet of random bytes"),
    "sprite-wrong-size": (
        SPRITE,
        _copy(SPRITE, "prog/assets/sprites/fallen.png"),
        "a sprite sheet of the wrong size",
    ),
    "sprite-empty": (SPRITE, replace(SPRITE, "empty"), "a sprite sheet of 0 bytes"),
    "sprite-fifo": (SPRITE, replace(SPRITE, "fifo"), "a FIFO for a sprite sheet"),
    "sprite-huge": (SPRITE, replace(SPRITE, "huge50"), "a 50 MB sprite sheet"),
    "sheets-missing": (SHEETS, replace(SHEETS, "missing"), "sheets.yaml deleted"),
    "sheets-syntax": (SHEETS, edit(SHEETS, "frames: 8}", "frames: [8}"), "sheets.yaml malformed"),
    "sheets-dupkey": (SHEETS, prefix(SHEETS, b"px_per_m: 16\n"), "sheets.yaml with a key twice"),
    "sheets-nested": (SHEETS, replace(SHEETS, "nested"), "sheets.yaml nested 400 deep"),
    "sheets-huge": (SHEETS, replace(SHEETS, "huge50"), "a 50 MB sheets.yaml (blocked 31 s)"),
    "sheets-fifo": (SHEETS, replace(SHEETS, "fifo"), "sheets.yaml a FIFO"),
    "font-missing": (FONT, replace(FONT, "missing"), "a font deleted"),
    "font-truncated": (FONT, _truncate(FONT, 1000), "a font cut at 1000 bytes"),
    "font-garbage": (FONT, replace(FONT, "binary"), "a font of random bytes"),
    "font-empty": (FONT, replace(FONT, "empty"), "a font of 0 bytes"),
    "font-fifo": (FONT, replace(FONT, "fifo"), "a FIFO for a font"),
}
for label, (rel, damage, summary) in ASSET_DAMAGES.items():
    file = rel.rsplit("/", 1)[1]
    add(
        Case(
            "asset",
            f"{label}-screenshot",
            (*HEADLESS, "--screenshot", "{d}/out/s.png"),
            summary=f"{summary}: a headless screenshot",
            prepare=damage,
            names=file,
            tree=True,
            timeout=30,
        ),
        Case(
            "asset",
            f"{label}-window",
            WINDOW,
            summary=f"{summary}: a window, zoomed past 3 px/m",
            prepare=damage,
            drive="zoom-quit",
            names=file,
            tree=True,
            timeout=40,
        ),
        Case(
            "asset",
            f"{label}-kiosk",
            KIOSK,
            OK,
            summary=f"{summary}: a kiosk, a visitor zooms past 3 px/m (exit 1 at every zoom)",
            prepare=damage,
            drive="zoom-pin",
            tree=True,
            outputs=KIOSK_FILES,
            check=log_has(file),
            timeout=60,
        ),
    )
add(
    Case(
        "asset",
        "sprite-garbage-report",
        (*HEADLESS, "--report", "{d}/out/r.json"),
        summary="a damaged sprite and a report, which draws the interface for its layout: "
        "refused before the battle is simulated",
        prepare=replace(SPRITE, "binary"),
        names="infantry.png",
        tree=True,
        check=under(10),
    ),
)

# -- the kiosk's own files: the staff log, the lock, signals ---------------------------------------
add(
    Case(
        "kiosk",
        "staff-exit",
        KIOSK,
        OK,
        summary="the corner taps and the PIN leave with status 0",
        drive="pin",
        outputs=KIOSK_FILES,
        check=log_has("staff exit"),
    ),
    Case(
        "kiosk",
        "sigterm",
        KIOSK,
        OK,
        summary="SIGTERM (systemctl stop) leaves with status 0",
        drive="sigterm",
        outputs=KIOSK_FILES,
        check=log_has("SIGTERM"),
    ),
    Case(
        "kiosk",
        "log-full-staff-exit",
        KIOSK,
        OK,
        summary="the log disk is full, staff exit (exit 1: systemd restarted it)",
        prepare=both(
            mount("full", "full", {"log/callinicum531.log": b"y" * 4096}),
            kiosk_yaml("log:\n  folder: full/log\nheartbeat:\n  path: log/heartbeat.json\n"),
        ),
        drive="pin",
        outputs=(*KIOSK_FILES, "full/*"),
        check=quiet_stderr(2),
    ),
    Case(
        "kiosk",
        "log-full-sigterm",
        KIOSK,
        OK,
        summary="the log disk is full, SIGTERM (exit 1, a logging traceback per record)",
        prepare=both(
            mount("full", "full", {"log/callinicum531.log": b"y" * 4096}),
            kiosk_yaml("log:\n  folder: full/log\nheartbeat:\n  path: log/heartbeat.json\n"),
        ),
        drive="sigterm",
        outputs=(*KIOSK_FILES, "full/*"),
        check=quiet_stderr(2),
    ),
    Case(
        "kiosk",
        "pin-lockout-logged",
        KIOSK,
        OK,
        summary="five wrong PINs: the lock-out reaches the staff log (went to stderr only)",
        drive="lockout-sigterm",
        outputs=KIOSK_FILES,
        check=log_has("locked"),
    ),
    Case(
        "kiosk",
        "umask-000",
        KIOSK,
        OK,
        summary="under umask 000 the log and heartbeat are not world-writable",
        drive="pin",
        umask=0,
        outputs=KIOSK_FILES,
        check=modes(log__callinicum531_dot_log=0o640, log__heartbeat_dot_json=0o640),
    ),
    Case(
        "kiosk",
        "two-kiosks",
        KIOSK,
        OK,
        summary="a second kiosk while one runs (shared the log without PIDs)",
        drive="hold-pin",
        outputs=KIOSK_FILES,
        second=KIOSK,
        check=second_refused,
        timeout=90,
    ),
    Case(
        "kiosk",
        "log-fifo",
        KIOSK,
        OK,
        summary="the staff log is a FIFO: the kiosk must not hang",
        prepare=replace("log/callinicum531.log", "fifo"),
        drive="pin",
        outputs=KIOSK_FILES,
        timeout=40,
    ),
    Case(
        "kiosk",
        "log-folder-is-file",
        KIOSK,
        OK,
        summary="the log folder is a file: log to stderr and run",
        prepare=both(write("out/file.txt", b"x\n"), kiosk_yaml("log:\n  folder: out/file.txt\n")),
        drive="pin",
        outputs=KIOSK_FILES,
    ),
    Case(
        "kiosk",
        "log-read-only",
        KIOSK,
        OK,
        summary="the log folder is read-only: log to stderr and run",
        prepare=both(mount("ro", "ro"), kiosk_yaml("log:\n  folder: ro/log\n")),
        drive="pin",
        outputs=KIOSK_FILES,
    ),
    Case(
        "kiosk",
        "start-account-bogus",
        KIOSK,
        summary="start_account: bogus",
        prepare=kiosk_yaml("log:\n  folder: log\nstart_account: bogus\n"),
        drive="pin",
        names="start_account",
    ),
    Case(
        "kiosk",
        "config-plain-pin",
        KIOSK,
        summary="a plain PIN instead of its hash",
        prepare=kiosk_yaml("admin:\n  pin_hash: 1234\n"),
        drive="pin",
        names="pin_hash",
    ),
)

# -- what a refusal prints, and runs that must simply work ---------------------------------------
add(
    Case(
        "banner",
        "banner-data",
        HEADLESS,
        summary="a data refusal prints pygame's banner on stdout first",
        prepare=replace("s", "missing"),
        check=stdout_clean,
        fast=True,
    ),
    Case(
        "banner",
        "banner-option",
        (*WINDOW, "--account", "bogus"),
        summary="a refusal after pygame is imported (the window's) prints nothing on stdout",
        check=stdout_clean,
        fast=True,
    ),
    Case(
        "banner",
        "banner-asset",
        (*HEADLESS, "--screenshot", "{d}/out/s.png"),
        summary="an asset refusal prints nothing on stdout",
        prepare=replace(SPRITE, "binary"),
        tree=True,
        check=stdout_clean,
    ),
    Case(
        "banner",
        "readme-format",
        HEADLESS,
        summary="the line printed is the README's `path:line:col: field: message` ('error: ...')",
        prepare=replace("s", "missing"),
        check=no_prefix,
        fast=True,
    ),
    Case("sanity", "headless", HEADLESS, OK, summary="a plain headless run"),
    Case("sanity", "window", WINDOW, OK, summary="a plain window, closed", drive="quit"),
    Case(
        "sanity",
        "check",
        CHECK,
        OK,
        summary="a plain determinism check",
        check=all_of(stdout_has("no divergence")),
    ),
)
