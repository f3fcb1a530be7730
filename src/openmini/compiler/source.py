"""Source files and positions.

Offsets inside the compiler are Python string indices (code points). They are turned into
``line:col`` only at the edge, with columns counted in UTF-16 code units as editors, browsers
and source maps count them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, UTF-16 code units


@dataclass
class SourceFile:
    """One text file of the mini program, addressed by its path relative to the root."""

    path: str
    text: str
    _line_starts: list[int] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        starts = [0]
        for i, ch in enumerate(self.text):
            if ch == "\n":
                starts.append(i + 1)
        self._line_starts = starts

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line_index = bisect.bisect_right(self._line_starts, offset) - 1
        line_start = self._line_starts[line_index]
        prefix = self.text[line_start:offset]
        column = sum(2 if ord(ch) > 0xFFFF else 1 for ch in prefix) + 1
        return Position(line_index + 1, column)

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based line and UTF-16 column (clamped to the line): the inverse of ``position``."""
        line = max(1, min(line, len(self._line_starts)))
        index = self._line_starts[line - 1]
        stop = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        units = 1
        while index < stop and units < column:
            units += 2 if ord(self.text[index]) > 0xFFFF else 1
            index += 1
        return index

    def line_text(self, line: int) -> str:
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    @property
    def line_count(self) -> int:
        return len(self._line_starts)
