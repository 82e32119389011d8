"""Encoding a clip's frames with PyAV (FFmpeg), on a thread of its own.

The frame renderer hands over each frame's pixels (`VideoSink.put`); a thread scales them to
the clip's size, converts them and encodes them while the next frame is drawn (PyAV releases
the interpreter lock inside FFmpeg, so drawing and encoding use both cores). A GIF goes through
FFmpeg's `palettegen`/`paletteuse`: one palette made from the whole clip, dithered, and only the
changed rectangle of each frame stored. The metadata includes the state hash of the last tick,
known only once the last frame is drawn, and a container writes its tags first: so the encoded
packets are held (compressed: a few MB a minute) and muxed when the clip is done, after its
tags. A GIF, which has no tags, gets a comment extension.

PyAV is the optional `[export]` extra; `require_av` says how to install it.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import queue
import threading
import time
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path

import numpy as np

from game.app.clip import Format
from game.scenario.errors import Refusal

INSTALL_HINT = "pip install -e '.[export]'"
QUEUE_FRAMES = 3
"""Frames waiting for the encoder: enough to keep it busy, few enough to bound memory."""


class ExtraMissing(Refusal):
    """The `[export]` extra (PyAV) is not installed."""


def require_av():
    """PyAV, or `ExtraMissing`: one line saying how to install it."""
    try:
        import av
    except ImportError:
        raise ExtraMissing(
            f"--export: needs the optional [export] extra (PyAV, with FFmpeg): {INSTALL_HINT}"
        ) from None
    return av


class VideoSink:
    """Encodes frames of `source` size (BGRX pixels) into `path`, scaled to `size`."""

    def __init__(
        self,
        path: Path,
        fmt: Format,
        source: tuple[int, int],
        size: tuple[int, int],
        fps: int,
    ):
        av = require_av()
        os.environ.setdefault("SVT_LOG", "1")  # SVT-AV1: errors only, no banner on stderr
        av.logging.set_level(av.logging.ERROR)
        self._av = av
        self.path = path
        self.fmt = fmt
        self.source = source
        self.size = size
        self.fps = fps
        self.frames_written = 0
        self.encoder_cpu = 0.0  # CPU seconds the encoder thread spent (for the benchmark)
        self._queue: queue.Queue = queue.Queue(maxsize=QUEUE_FRAMES)
        self._error: BaseException | None = None
        self._stop = threading.Event()
        self._packets: list = []  # encoded, muxed by `close` after the tags
        self._container = av.open(
            str(path), "w", format=fmt.container, options=dict(fmt.muxer_options)
        )
        stream = self._container.add_stream(fmt.codec, rate=fps, options=dict(fmt.options))
        stream.width, stream.height = size
        stream.pix_fmt = fmt.pix_fmt
        stream.time_base = Fraction(1, fps)
        self._stream = stream
        self._graph, self._src, self._sink = self._filters()
        self._thread = threading.Thread(target=self._run, name="clip-encoder", daemon=True)
        self._thread.start()

    def _filters(self):
        """buffer -> (scale) -> format [-> palettegen/paletteuse for a GIF] -> buffersink."""
        graph = self._av.filter.Graph()
        w, h = self.source
        src = graph.add_buffer(width=w, height=h, format="bgra", time_base=f"1/{self.fps}")
        chain = [src]
        if self.size != self.source:
            chain.append(graph.add("scale", f"{self.size[0]}:{self.size[1]}:flags=lanczos"))
        sink = graph.add("buffersink")
        if self.fmt.suffix == ".gif":
            chain.append(graph.add("format", "rgb24"))
            split = graph.add("split")
            gen = graph.add("palettegen", "stats_mode=diff")
            use = graph.add("paletteuse", "dither=bayer:bayer_scale=4:diff_mode=rectangle")
            _link(chain)
            chain[-1].link_to(split)
            split.link_to(use, 0, 0)
            split.link_to(gen, 1, 0)
            gen.link_to(use, 0, 1)
            use.link_to(sink)
        else:
            chain.append(graph.add("format", self.fmt.pix_fmt))
            chain.append(sink)
            _link(chain)
        graph.configure()
        return graph, src, sink

    # -- the renderer's side -----------------------------------------------------------------------
    def put(self, pixels: np.ndarray) -> None:
        """Queue one frame: `pixels` is (h, w, 4) B, G, R, X, handed over (not copied: the
        caller draws the next frame elsewhere). The encoder thread reads it in place."""
        self._check()
        while True:  # wait for room, but notice an encoder that has died meanwhile
            try:
                self._queue.put(pixels, timeout=0.5)
                return
            except queue.Full:
                self._check()

    def close(self, metadata: Mapping[str, str]) -> None:
        """Encode what is queued, flush the encoder, and write the file with `metadata`."""
        self._queue.put(None)
        self._thread.join()
        self._check()
        if self.fmt.suffix != ".gif":
            self._container.metadata.update(metadata)
        for packet in self._packets:
            self._container.mux(packet)
        self._packets.clear()
        self._container.close()
        if self.fmt.suffix == ".gif":
            self.path.write_bytes(with_gif_comment(self.path.read_bytes(), gif_comment(metadata)))

    def abort(self) -> None:
        """Stop without finishing the file (the caller removes it)."""
        self._stop.set()
        while True:  # make room for the stop sign, whatever the encoder is doing
            try:
                self._queue.put_nowait(None)
                break
            except queue.Full:
                with contextlib.suppress(queue.Empty):
                    self._queue.get_nowait()
        self._thread.join()
        with contextlib.suppress(Exception):  # a half-written container is discarded anyway
            self._container.close()

    def _check(self) -> None:
        if self._error is not None:
            raise self._error

    # -- the encoder thread ------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            self._encode_all()
        except BaseException as err:  # handed to the renderer's thread by `_check`
            self._error = err
            while self._queue.get() is not None:  # let a waiting `put` go on to see it
                pass
        finally:
            self.encoder_cpu = time.thread_time()

    def _encode_all(self) -> None:
        av = self._av
        while (pixels := self._queue.get()) is not None:
            # A frame over the pixels where they lie: the buffer source copies them into its
            # own (a memory copy without the interpreter lock), then they are converted
            frame = av.VideoFrame.from_numpy_buffer(pixels, format="bgra")
            frame.pts = self.frames_written
            frame.time_base = Fraction(1, self.fps)
            self.frames_written += 1
            self._src.push(frame)
            self._drain()
        if self._stop.is_set():
            return
        self._src.push(None)
        self._drain()
        self._packets.extend(self._stream.encode(None))

    def _drain(self) -> None:
        av = self._av
        while True:
            try:
                frame = self._sink.pull()
            except (av.BlockingIOError, av.EOFError):
                return
            self._packets.extend(self._stream.encode(frame))


def _link(chain: list) -> None:
    for a, b in itertools.pairwise(chain):
        a.link_to(b)


def gif_comment(metadata: Mapping[str, str]) -> bytes:
    """The metadata as one comment: `key=value` lines, ASCII."""
    text = "\n".join(f"{k}={v}" for k, v in metadata.items())
    return text.encode("ascii", "replace")


def with_gif_comment(data: bytes, comment: bytes) -> bytes:
    """`data`, a GIF, with a GIF89a comment extension (0x21 0xFE) after its header, logical
    screen descriptor and global colour table: FFmpeg's GIF muxer writes none."""
    if data[:6] not in (b"GIF89a", b"GIF87a"):
        raise ValueError("not a GIF")
    packed = data[10]
    start = 13 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)
    blocks = b"".join(
        bytes([len(chunk)]) + chunk
        for chunk in (comment[i : i + 255] for i in range(0, len(comment), 255))
    )
    extension = b"\x21\xfe" + blocks + b"\x00"
    return b"GIF89a" + data[6:start] + extension + data[start:]


def clip_tags(path: Path) -> dict[str, str]:
    """The tags a clip was written with (lower-case keys), whatever its format: for checking
    which run made it (`python -c` or a test)."""
    av = require_av()
    with av.open(str(path)) as container:
        tags = {k.lower(): v for k, v in container.metadata.items()}
    if container.format.name == "gif":
        lines = tags.get("comment", "").splitlines()
        tags = dict(line.split("=", 1) for line in lines if "=" in line)
    return tags
