"""The one error a bad data file raises: `DataError`, whose text is exactly one line.

``path:line:col: field: message``. Line and column are 1-based; 0:0 means the file as a whole
(missing, unreadable, too large). The README promises this format; `bench/hostile.py` checks it.
"""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
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
