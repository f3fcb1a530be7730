"""Every ``{{ }}`` of every template in the public WXML conformance suite parses and emits."""

from __future__ import annotations

import json
import re
from pathlib import Path

from openmini.compiler.diagnostics import Diagnostics, Severity
from openmini.compiler.generate.expression import ExprScope, emit_expression
from openmini.compiler.parse.expression import parse_expression
from openmini.compiler.source import SourceFile

CASES = Path(__file__).parent.parent / "conformance" / "cases.jsonl"
MUSTACHE = re.compile(r"\{\{(.*?)\}\}(?!\})", re.DOTALL)
WXS_BLOCK = re.compile(r"<wxs\b[^>]*>.*?</wxs>", re.DOTALL)


def templates() -> list[tuple[str, str]]:
    found = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        for name, content in case["files"].items():
            if name.endswith(".wxml"):
                found.append((f"{case['id']}/{name}", content))
    return found


def is_template_data(wxml: str, at: int) -> bool:
    tag = wxml[wxml.rfind("<", 0, at) : at]
    return tag.startswith("<template") and tag.endswith('data="')


def test_every_conformance_expression_parses_and_emits() -> None:
    problems: list[str] = []
    count = 0
    for path, wxml in templates():
        # Blank out inline WXS so that its code is not mistaken for a mustache, keeping offsets.
        text = WXS_BLOCK.sub(lambda m: " " * len(m.group()), wxml)
        source = SourceFile(path, wxml)
        for match in MUSTACHE.finditer(text):
            count += 1
            diagnostics = Diagnostics()
            start, end = match.span(1)
            shorthand = is_template_data(text, match.start())
            expr = parse_expression(source, start, end, diagnostics, object_shorthand=shorthand)
            errors = [str(d) for d in diagnostics.items if d.severity >= Severity.ERROR]
            if expr is None or errors:
                problems.append(f"{path}: {match.group()!r}: {errors}")
                continue
            emit_expression(expr, ExprScope(locals=frozenset({"item", "index"})))
    assert count > 300
    assert not problems, "\n".join(problems)
