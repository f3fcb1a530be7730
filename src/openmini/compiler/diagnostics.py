"""The one error type that crosses the compiler boundary."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import Any

from openmini.compiler.source import Position, SourceFile


class Severity(enum.IntEnum):
    NOTE = 0
    WARNING = 1
    ERROR = 2
    FATAL = 3


@dataclass(frozen=True)
class Diagnostic:
    code: int
    name: str
    severity: Severity
    message: str
    path: str
    start: Position | None = None
    end: Position | None = None
    frame: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity >= Severity.ERROR

    @property
    def location(self) -> str:
        if self.start is None:
            return self.path
        return f"{self.path}:{self.start.line}:{self.start.column}"

    def __str__(self) -> str:
        label = self.severity.name.lower()
        head = f"{self.location}: {label} OM{self.code}: {self.message}"
        return f"{head}\n{self.frame}" if self.frame else head

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.name.lower(),
            "message": self.message,
            "path": self.path,
            "start": None if self.start is None else {"line": self.start.line, "column": self.start.column},
            "end": None if self.end is None else {"line": self.end.line, "column": self.end.column},
            "frame": self.frame,
        }


def code_frame(source: SourceFile, start: int, end: int | None = None, context: int = 2) -> str:
    """Lines around ``start`` with a caret line under the reported span, like Svelte and Babel print."""
    begin = source.position(start)
    finish = source.position(end if end is not None and end > start else start)
    first = max(1, begin.line - context)
    last = min(source.line_count, begin.line + context)
    width = len(str(last))
    out: list[str] = []
    for line in range(first, last + 1):
        text = source.line_text(line).expandtabs(4)
        marker = ">" if line == begin.line else " "
        out.append(f"{marker} {line:>{width}} | {text}".rstrip())
        if line == begin.line:
            raw = source.line_text(line)
            col = _display_column(raw, begin.column)
            span_end = _display_column(raw, finish.column) if finish.line == begin.line else len(text) + 1
            carets = "^" * max(1, span_end - col)
            out.append(f"  {' ' * width} | {' ' * (col - 1)}{carets}")
    return "\n".join(out)


def _display_column(raw: str, utf16_column: int) -> int:
    """Map a UTF-16 column back to a display column in the tab-expanded line."""
    units = 0
    display = 0
    for ch in raw:
        if units >= utf16_column - 1:
            break
        units += 2 if ord(ch) > 0xFFFF else 1
        display = display + (4 - display % 4) if ch == "\t" else display + 1
    return display + 1


class Diagnostics:
    """Collects diagnostics so that one run reports every problem; only a fatal one stops a phase."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []
        self._seen: set[Diagnostic] = set()

    def add(self, diagnostic: Diagnostic) -> None:
        # A shared file (a stylesheet imported by many pages, a template included twice) is
        # checked once per user; the same finding at the same place is still one problem.
        if diagnostic not in self._seen:
            self._seen.add(diagnostic)
            self.items.append(diagnostic)

    def extend(self, diagnostics: list[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.add(diagnostic)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == Severity.WARNING]

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        def key(d: Diagnostic) -> tuple[str, int, int, int]:
            line, col = (d.start.line, d.start.column) if d.start else (0, 0)
            return (d.path, line, col, d.code)

        return sorted(self.items, key=key)


def collapse_repeated_warnings(
    diagnostics: list[Diagnostic], *, across_files: frozenset[int] = frozenset()
) -> list[Diagnostic]:
    """Keep the first warning of each code in each file and count the rest on it.

    Library stylesheets and templates repeat one pattern dozens of times; the first place shows
    what to change, and a wall of identical warnings hides the ones that matter. Codes in
    ``across_files`` say one thing about the whole program and are kept once in all. Errors are all kept.
    """

    def key(d: Diagnostic) -> tuple[str, int]:
        return ("", d.code) if d.code in across_files else (d.path, d.code)

    counts: dict[tuple[str, int], int] = {}
    for d in diagnostics:
        if d.severity == Severity.WARNING:
            counts[key(d)] = counts.get(key(d), 0) + 1
    out: list[Diagnostic] = []
    shown: set[tuple[str, int]] = set()
    for d in diagnostics:
        if d.severity != Severity.WARNING or counts[key(d)] == 1:
            out.append(d)
        elif key(d) not in shown:
            shown.add(key(d))
            where = "in other files" if d.code in across_files else "in this file"
            out.append(replace(d, message=f"{d.message} (and {counts[key(d)] - 1} more like this {where})"))
    return out
