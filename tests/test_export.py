"""The clip export (`python main.py --export`): the frames that --from, --to, --speed and --fps
ask for, identical on every run, tagged with the run that made them; bad input refused in one
line with exit 2 and no file; without the [export] extra, one line saying how to install it.

Clips here are small (--scale 20, a few frames, 640x360 laid out as a 1280x720 screen) so the
module stays a few seconds of CPU. Tests that encode need PyAV (the [export] extra): without it
they are skipped with the reason (and fail under CI, which installs the extra).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from game.app.cli import DEFAULT_SCENARIO
from game.app.clip import plan_clip, time_of_day
from game.app.export import show_moment
from game.scenario.load import load_scenario
from game.sim.world import build_world
from game.start import main
from game.timeline.playback import Playback
from tests.support.extras import import_extra

ROOT = Path(__file__).resolve().parents[1]
SMALL = ["--scale", "20", "--size", "640x360", "--speed", "4", "--fps", "10"]
CLIP = ["--from", "09:31", "--to", "09:32", *SMALL]


@pytest.fixture(scope="module")
def av():
    return import_extra("av", "export")


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(DEFAULT_SCENARIO)


@pytest.fixture(scope="module")
def clips(av, tmp_path_factory) -> Path:
    """The folder of the module's exports (each made once)."""
    return tmp_path_factory.mktemp("clips")


def export(path: Path, *argv: str) -> int:
    return main(["--export", str(path), *argv])


@pytest.fixture(scope="module")
def webm(clips) -> Path:
    path = clips / "clip.webm"
    assert export(path, *CLIP) == 0
    return path


def decoded(av, path: Path) -> tuple[list[np.ndarray], object]:
    """Every frame of `path` as RGB, and the opened container's stream facts."""
    with av.open(str(path)) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
        stream = c.streams.video[0]
        facts = {
            "codec": stream.codec_context.name,
            "duration": c.duration,  # microseconds
            "size": (stream.codec_context.width, stream.codec_context.height),
            "format": c.format.name,
        }
    return frames, facts


def test_a_clip_has_the_frames_and_length_its_options_ask_for(av, webm, scenario):
    clock = scenario.clock
    battle_s = clock.seconds_at(time_of_day("09:32")) - clock.seconds_at(time_of_day("09:31"))
    expected = round(battle_s / 4 * 10)  # battle seconds / --speed x --fps
    frames, facts = decoded(av, webm)
    assert expected == 7
    assert len(frames) == expected
    assert facts["duration"] == expected * 100_000  # 7 frames of 1/10 s
    assert facts["size"] == (640, 360)
    assert facts["codec"] in ("libdav1d", "av1", "libaom-av1")  # AV1 in WebM
    assert facts["format"].startswith("matroska")


@pytest.fixture(scope="module")
def again(clips) -> tuple[Path, str]:
    """The same clip made again by another process (nothing carried over in memory), and
    what that process wrote on stderr."""
    path = clips / "again.webm"
    run = subprocess.run(
        [sys.executable, "main.py", "--export", str(path), *CLIP],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"},
    )
    assert run.returncode == 0, run.stderr
    return path, run.stderr


def test_two_exports_decode_to_identical_frames(av, webm, again):
    first, _ = decoded(av, webm)
    second, _ = decoded(av, again[0])
    assert len(first) == len(second) == 7
    for a, b in zip(first, second, strict=True):
        assert np.array_equal(a, b)
    assert not np.array_equal(first[0], first[-1])  # the clip moves: it is not one still


def test_progress_bars_with_an_eta_for_the_seek_and_the_frames(again):
    """tqdm's bars on stderr: done/total, elapsed<remaining (the ETA), and the rate."""
    shown = again[1].replace("\r", "\n")
    assert re.search(r"seek to 09:31: +100%\|.*\| 53/53 \[\d\d:\d\d<\d\d:\d\d", shown), shown
    assert re.search(r"render: +0%\|.*\| 0/7 \[\d\d:\d\d<\?", shown), shown  # ETA not yet known
    assert re.search(r"render: +100%\|.*\| 7/7 \[\d\d:\d\d<00:00, +[\d.]+frame/s\]", shown)
    assert "7 frames, 0.70 s; ticks 53..102" in shown  # and what was written, at the end


def test_the_tags_name_the_run_and_its_state_hash(av, webm, scenario):
    from game.app.encode import clip_tags

    tags = clip_tags(webm)
    rate = scenario.clock.tick_rate
    first = round(scenario.clock.seconds_at(time_of_day("09:31")) * rate)
    # the last frame shows 6 frames x 8 ticks after the first; the world stands a tick after
    last = first + 6 * 8 + 1
    assert tags["account"] == "procopius"
    assert tags["seed"] == "531"
    assert tags["scale"] == "20"
    assert tags["strengths"] == "default"
    assert tags["camera"] == "tour"  # the museum's tour, handed in by game.start
    assert tags["language"] == "en"
    assert (tags["first_tick"], tags["last_tick"]) == (str(first), str(last))
    world = build_world(scenario, scale=20, account="procopius")
    Playback(world).run_to(last)
    assert tags["state_hash"] == world.state_hash()  # the same battle as any other run


def test_mp4_and_gif_follow_the_ending_with_the_other_account(av, clips, scenario):
    mp4, gif = clips / "clip.mp4", clips / "clip.gif"
    argv = [*CLIP, "--account", "malalas", "--strengths", "high"]
    assert export(mp4, *argv) == 0
    assert export(gif, *argv) == 0
    from game.app.encode import clip_tags

    for path, codec, fmt in ((mp4, "h264", "mov"), (gif, "gif", "gif")):
        frames, facts = decoded(av, path)
        assert len(frames) == 7, path
        assert facts["codec"] == codec and facts["format"].startswith(fmt), facts
        tags = clip_tags(path)
        assert (tags["account"], tags["strengths"]) == ("malalas", "high"), path
    world = build_world(scenario, scale=20, account="malalas", strengths="high")
    Playback(world).run_to(int(tags["last_tick"]))
    assert tags["state_hash"] == world.state_hash()


def test_an_arabic_clip_is_worded_in_arabic_and_says_so(av, webm, clips):
    """--language ar: the same battle (the same state hash), other words on the frames."""
    from game.app.encode import clip_tags

    path = clips / "ar.webm"
    assert export(path, *CLIP, "--language", "ar") == 0
    tags, english = clip_tags(path), clip_tags(webm)
    assert tags["language"] == "ar"
    assert tags["state_hash"] == english["state_hash"]
    arabic, _ = decoded(av, path)
    first, _ = decoded(av, webm)
    assert len(arabic) == len(first)
    assert not np.array_equal(arabic[0], first[0])  # the words differ, the battle does not


def test_a_frame_between_two_ticks_shows_the_men_between_them(scenario):
    """The window's interpolation: a moment a quarter of the way from tick 30 to 31 draws
    each man a quarter of the way from where he stood at 30 to where he stands at 31."""
    world = build_world(scenario, scale=20, account="procopius")
    playback = Playback(world)
    show_moment(playback, Fraction(121, 4))
    reference = build_world(scenario, scale=20, account="procopius")
    ref = Playback(reference)
    ref.run_to(30)
    at_30 = reference.soldiers.pos.copy()
    ref.run_to(31)
    at_31 = reference.soldiers.pos.copy()
    assert playback.shown_tick == pytest.approx(30.25)
    assert not np.allclose(at_30, at_31)  # they do move in that tick
    np.testing.assert_allclose(playback.positions(), at_30 + (at_31 - at_30) * 0.25, atol=1e-3)


def test_the_world_simulated_ahead_is_the_world_stepped_here(scenario):
    """The export's worker process steps its own copy of the battle ahead of the frames: at
    every frame the restored world (its state hash), the men's positions between the two ticks
    and the moment shown are those of stepping in place, and the worker's end is the clip's."""
    from game.app.clip_sim import Ahead, frame_ticks

    clip = plan_clip(scenario.clock, time_of_day("09:31"), time_of_day("09:32"), 1.5, 10)
    here = Playback(build_world(scenario, scale=20, account="malalas"))
    there = Playback(build_world(scenario, scale=20, account="malalas"))
    here.run_to(clip.first_tick)
    there.run_to(clip.first_tick)
    ahead = Ahead(there.world)
    try:
        ahead.begin(there.world, frame_ticks(clip.moments(), there.end_tick))
        for moment in clip.moments():
            show_moment(here, moment)
            show_moment(there, moment, ahead)
            assert there.world.state_hash() == here.world.state_hash()
            assert there.shown_tick == here.shown_tick
            np.testing.assert_array_equal(there.positions(), here.positions())
        ahead._process.kill()  # a worker gone mid-clip is said, not waited for forever
        with pytest.raises(RuntimeError, match="simulation process stopped"):
            ahead.bring(there, there.world.tick + 1)
    finally:
        ahead.close()


def test_each_frame_is_drawn_on_pixels_of_its_own(scenario):
    """The encoder reads a frame's pixels where they were drawn, while the next frame is being
    drawn: so no frame may be drawn over another's."""
    from game.app.frames import ClipFrames

    playback = Playback(build_world(scenario, scale=20, account="procopius"))
    frames = ClipFrames(playback, (1280, 720))
    first = frames.draw(0.0)
    kept = first.copy()
    show_moment(playback, Fraction(45))
    second = frames.draw(1.0)
    assert not np.shares_memory(first, second)
    assert np.array_equal(first, kept) and not np.array_equal(first, second)


def test_the_clip_camera_follows_the_tour_to_the_formations_it_names(scenario):
    """With a tour, frame 0 frames the shot's formations (here al-Harith's Ghassanids alone,
    closer than the whole battle) and later frames ease on by clip time; without one, the
    battle is fitted and held."""
    from game.app.frames import ClipFrames
    from game.kiosk.tour import Tour, load_tour, tour_path
    from game.view.story_camera import PhaseStory, Shot

    world = build_world(scenario, scale=20, account="procopius")
    harith = [f.id for f in scenario.formations].index("harith")
    spec = load_tour(tour_path(scenario), scenario)
    only_harith = dict.fromkeys((p.id for p in scenario.phases), PhaseStory((Shot((harith,)),)))
    tour = Tour(replace(spec, phases=only_harith), scenario)
    playback = Playback(world)
    toured = ClipFrames(playback, (1280, 720), tour=tour)
    held = ClipFrames(playback, (1280, 720))
    toured.draw(0.0)
    held.draw(0.0)
    cam = toured.camera

    def on_screen(men: np.ndarray) -> np.ndarray:
        x, y = cam.world_to_screen(world.soldiers.pos[:, men])
        return (x >= 0) & (x < 1280) & (y >= 0) & (y < 720)

    assert on_screen(world.soldiers.formation == harith).all()  # the Ghassanids all in view
    assert not on_screen(world.soldiers.formation != harith).all()  # the whole line is not
    assert cam.scale > held.camera.scale * 1.5  # closer than the fitted battle
    first = (cam.centre_x, cam.centre_y, cam.scale)
    fitted = (held.camera.centre_x, held.camera.centre_y, held.camera.scale)
    show_moment(playback, Fraction(400))  # the Ghassanids march: the tour follows them
    toured.draw(2.0)
    held.draw(2.0)
    assert (cam.centre_x, cam.centre_y, cam.scale) != first
    assert (held.camera.centre_x, held.camera.centre_y, held.camera.scale) == fitted


# -- refusals ------------------------------------------------------------------------------------
def refused(capsys, path: Path, *argv: str) -> str:
    """Run an export that must be refused: exit 2, one line, no file and no temporary."""
    before = set(path.parent.iterdir()) if path.parent.is_dir() else set()
    assert export(path, *argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert not path.exists() or path.is_dir()
    after = set(path.parent.iterdir()) if path.parent.is_dir() else set()
    assert after == before, after - before
    return err


@pytest.mark.parametrize(
    ("argv", "start"),
    [
        (["--from", "14:40", "--to", "14:10"], "--to: 14:10 is not after --from 14:40"),
        (["--from", "14:10", "--to", "14:10"], "--to: 14:10 is not after --from 14:10"),
        (["--from", "08:00", "--to", "14:10"], "--from: 08:00 is outside the battle"),
        (["--from", "14:10", "--to", "20:00"], "--to: 20:00 is outside the battle"),
        (["--from", "14:10", "--to", "25:00"], "--to: '25:00' is not a time of day"),
        (["--from", "teatime", "--to", "14:40"], "--from: 'teatime' is not a time of day"),
        (["--from", "14:10"], "--to: --export needs --from and --to"),
        (["--from", "14:10", "--to", "14:40", "--fps", "0"], "--fps: 0 must be between 1 and"),
        (["--from", "14:10", "--to", "14:40", "--fps", "1000"], "--fps: 1000 must be between"),
        (["--from", "14:10", "--to", "14:40", "--size", "9999x9999"], "--size: 9999x9999 is"),
        (["--from", "14:10", "--to", "14:40", "--size", "641x360"], "--size: 641x360: video"),
        (
            ["--from", "14:10", "--to", "14:40", "--size", "7680x4320"],
            "--size: 7680x4320 is larger",
        ),
        (["--from", "14:10", "--to", "14:40", "--speed", "3"], "--speed: 3 is not one of"),
        (
            ["--from", "14:10", "--to", "14:40", "--headless"],
            "--headless: cannot be combined with --export",
        ),
        (["--from", "14:10", "--to", "14:10:10", "--speed", "16"], "--to: 14:10 to 14:10:10"),
    ],
)
def test_a_bad_clip_is_refused_in_one_line_and_leaves_no_file(capsys, tmp_path, argv, start):
    assert refused(capsys, tmp_path / "clip.webm", *argv).startswith(start)


def test_a_gif_is_for_small_clips(capsys, tmp_path):
    err = refused(capsys, tmp_path / "clip.gif", "--from", "14:10", "--to", "14:11")
    assert err.startswith("--size: 1920x1080 is larger than 960x540 for .gif")


@pytest.mark.parametrize("name", ["clip.avi", "clip", "clip.webm.part"])
def test_an_unknown_ending_is_refused(capsys, tmp_path, name):
    err = refused(capsys, tmp_path / name, "--from", "14:10", "--to", "14:40")
    assert err.startswith("--export: ") and ".webm, .mp4, .gif" in err


def test_an_unwritable_path_is_refused_before_anything_is_simulated(av, capsys, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    err = refused(capsys, tmp_path / "a-file" / "clip.webm", *CLIP)
    assert err.startswith("--export: ") and "is a file, not a folder" in err
    (tmp_path / "folder.webm").mkdir()
    err = refused(capsys, tmp_path / "folder.webm", *CLIP)
    assert "is a folder, not a file" in err


def test_a_link_to_a_pipe_or_to_an_input_is_refused(av, capsys, tmp_path):
    """A clip named well but leading to a pipe (as /dev/full or /dev/stdout would: never
    replaced, which as root would replace the device) or to the scenario is never opened. A
    FIFO of the test's own stands for the device, so a regression cannot clobber /dev/full."""
    scenario_file = Path(DEFAULT_SCENARIO)
    before = scenario_file.read_bytes()
    fifo = tmp_path / "pipe" / "fifo"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    out = tmp_path / "out"
    out.mkdir()
    for target, says in ((fifo, "not a regular file"), (scenario_file, "own inputs")):
        link = out / "clip.webm"
        link.symlink_to(target)
        assert export(link, *CLIP) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and err.startswith("--export: "), err
        assert says in err, err
        assert sorted(p.name for p in out.iterdir()) == ["clip.webm"]  # no temporary
        link.unlink()
    assert fifo.is_fifo() and sorted(p.name for p in fifo.parent.iterdir()) == ["fifo"]
    assert scenario_file.read_bytes() == before


def test_a_failure_while_rendering_leaves_the_old_file_and_no_temporary(
    av, capsys, tmp_path, monkeypatch
):
    from game.app import frames

    path = tmp_path / "clip.webm"
    path.write_bytes(b"yesterday's clip")
    drawn = []
    real_draw = frames.ClipFrames.draw

    def draw_three(self, now):
        if len(drawn) == 3:
            raise OSError(28, "No space left on device")
        drawn.append(now)
        return real_draw(self, now)

    monkeypatch.setattr(frames.ClipFrames, "draw", draw_three)
    assert export(path, *CLIP) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"--export: {path}: cannot write: No space left on device")
    assert len(drawn) == 3
    assert path.read_bytes() == b"yesterday's clip"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clip.webm"]


def test_a_killed_export_leaves_no_file(av, tmp_path):
    path = tmp_path / "clip.webm"
    long_clip = ["--from", "09:30", "--to", "10:00", *SMALL]  # 80 battle s: 200 frames
    run = subprocess.Popen(
        [sys.executable, "main.py", "--export", str(path), *long_clip],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"},
    )
    try:
        deadline = time.monotonic() + 120
        while not list(tmp_path.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.1)  # until the export has begun writing its temporary file
        assert list(tmp_path.iterdir()), "the export never started writing"
        time.sleep(1.0)
        run.send_signal(signal.SIGTERM)
        assert run.wait(timeout=60) == 128 + signal.SIGTERM
    finally:
        run.kill()
    assert list(tmp_path.iterdir()) == []


def test_without_the_extra_one_line_says_how_to_install_it(tmp_path):
    path = tmp_path / "clip.webm"
    code = (
        "import sys; sys.modules['av'] = None\n"  # as if PyAV were not installed
        "from game.start import main\n"
        f"sys.exit(main(['--export', {str(path)!r}, '--from', '14:10', '--to', '14:40']))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"},
    )
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1
    assert "[export]" in run.stderr and "pip install -e '.[export]'" in run.stderr
    assert not path.exists() and list(tmp_path.iterdir()) == []
