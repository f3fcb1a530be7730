"""The shape of a compiler message; each area module lists its messages as constants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openmini.compiler.diagnostics import Diagnostic, Severity, code_frame
from openmini.compiler.source import SourceFile


@dataclass(frozen=True)
class Message:
    code: int
    name: str
    severity: Severity
    text: str  # str.format template; parameters are named

    def at(self, source: SourceFile, start: int, end: int | None = None, **params: Any) -> Diagnostic:
        """A diagnostic pointing at ``source.text[start:end]`` with a code frame."""
        return Diagnostic(
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=self.text.format(**params),
            path=source.path,
            start=source.position(start),
            end=source.position(end if end is not None else start),
            frame=code_frame(source, start, end),
        )

    def in_file(self, path: str, **params: Any) -> Diagnostic:
        """A diagnostic about a whole file (or the whole project when ``path`` is empty)."""
        return Diagnostic(
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=self.text.format(**params),
            path=path,
        )


ERROR = Severity.ERROR
WARNING = Severity.WARNING
NOTE = Severity.NOTE
FATAL = Severity.FATAL
