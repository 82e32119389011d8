"""Refusals: input the program will not take, each told in exactly one line, exit status 2.

A bad data file raises `DataError`: ``path:line:col: field: message``. Line and column are
1-based; 0:0 means the file as a whole (missing, unreadable, too large, damaged). The README
promises this format; `bench/hostile.py` checks it. Options, outputs and a world too large have
refusals of their own (`game.app.options`, `game.app.writing`, `game.sim.size`), all `Refusal`s.
"""

from __future__ import annotations

from pathlib import Path


class Refusal(ValueError):
    """Input the program refuses. `str(err)` is one line; `python main.py` prints it, exits 2."""


class DataError(Refusal):
    """A data file is wrong. `str(err)` is one line naming file, line, column and field."""

    def __init__(self, path: str | Path, line: int, column: int, field: str, message: str):
        self.path = str(path)
        self.line = line
        self.column = column
        self.field = field
        self.message = message
        where = f"{one_line(self.path)}:{line}:{column}"
        super().__init__(f"{where}: {one_line(field) or '(document)'}: {one_line(message)}")


def one_line(text: str) -> str:
    """`text` with newlines and other control characters written as escapes (a file name may
    hold a newline), so that an error is always exactly one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
