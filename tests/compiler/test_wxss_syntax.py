"""WXSS syntax errors: positioned diagnostics, and compilation goes on after each one."""

from __future__ import annotations

from pathlib import Path

import pytest

from openmini.compiler.diagnostics import Diagnostic, Diagnostics
from openmini.compiler.generate.wxss import compile_wxss
from openmini.compiler.parse.wxss import AtRule, Import, StyleRule, parse_wxss
from openmini.compiler.project import Project
from openmini.compiler.source import SourceFile


def run(text: str) -> tuple[str, list[Diagnostic]]:
    project = Project(Path("/nonexistent"), {"a.wxss": text.encode()})
    diagnostics = Diagnostics()
    result = compile_wxss(project, "a.wxss", diagnostics)
    assert result is not None
    return result.css, diagnostics.items


def where(diagnostics: list[Diagnostic]) -> list[tuple[int, int, int]]:
    return [(d.code, d.start.line, d.start.column) for d in diagnostics if d.start]


@pytest.mark.parametrize(
    ("text", "expected_css", "code", "line", "column"),
    [
        ('.a{x:y}\n.b { content: "abc\n; }\n.c{x:y}', ".a{x:y}.c{x:y}", 4001, 2, 15),
        (".a { background: url(a b.png) }\n.c{x:y}", ".c{x:y}", 4002, 1, 18),
        (".a { background: url(a.png", "", 4002, 1, 18),
        (".a{x:y}\n}\n.b{x:y}\n.c{x:y}", ".a{x:y}.c{x:y}", 4003, 2, 1),
        (".a { width: calc(1px)); height: 2px }", ".a{height:2px}", 4003, 1, 22),
        (".a{x:y}\n.b", ".a{x:y}", 4004, 2, 2),
        (".a { color red; width: 1px }", ".a{width:1px}", 4005, 1, 12),
        (".a { 12: red; width: 1px }", ".a{width:1px}", 4005, 1, 6),
        (".a { color: red\n.b { color: blue }\n", "", 4005, 1, 11),
        ("\n  .a, , .b { x: y }\n.c{x:y}", ".c{x:y}", 4006, 2, 7),
        ("{ x: y }", "", 4006, 1, 1),
        (". a { x: y }", "", 4006, 1, 1),
        ("50% { x: y }", "", 4006, 1, 1),
        (".a:(b) { x: y }", "", 4006, 1, 3),
        ("#1a { x: y }", "", 4006, 1, 1),
        ("a b() { x: y }", "", 4006, 1, 3),
        (".a:is(.b { x: y }) { c: d }\n.e{x:y}", ".e{x:y}", 4006, 1, 4),
        (".a { color: ; width: 1px }", ".a{width:1px}", 4007, 1, 6),
        (".a { @media screen { .b { x: y } } color: red }", ".a{color:red}", 4021, 1, 6),
        ("@keyframes k { @media x {} to { x: y } }", "@keyframes k{to{x:y}}", 4021, 1, 16),
        ("@media screen;\n.a{x:y}", ".a{x:y}", 4022, 1, 1),
    ],
)
def test_syntax_error_is_positioned_and_compilation_continues(
    text: str, expected_css: str, code: int, line: int, column: int
) -> None:
    css, diagnostics = run(text)
    assert css == expected_css
    assert where(diagnostics)[:1] == [(code, line, column)]
    assert diagnostics[0].frame  # a code frame is always attached


def test_every_error_in_a_file_is_reported() -> None:
    css, diagnostics = run('.a { color red }\n.b { content: "x\n}\n.c{x:y}\n) .d{x:y}\n.e{x:y}')
    assert css == ".c{x:y}.e{x:y}"
    assert [code for code, _, _ in where(diagnostics)] == [4005, 4001, 4003]


def test_error_message_and_frame_are_cli_ready() -> None:
    _, diagnostics = run(".ok{x:y}\n.a { color red }\n")
    text = str(diagnostics[0])
    head = "a.wxss:2:12: error OM4005: invalid declaration: expected ':' after the property name"
    assert text.splitlines()[0] == head
    assert "> 2 | .a { color red }" in text


def test_columns_count_utf16_units() -> None:
    _, diagnostics = run('.😀 { content: "x\n}')
    assert where(diagnostics) == [(4001, 1, 16)]


def test_offsets_survive_crlf_and_form_feeds() -> None:
    source = SourceFile("a.wxss", '.a{x:y}\r\n\f.b { content: "x\n}')
    diagnostics = Diagnostics()
    parse_wxss(source, diagnostics)
    [error] = diagnostics.items
    assert error.start is not None
    # SourceFile counts "\n" only, so the form feed is the first character of line 2.
    assert (error.start.line, error.start.column) == (2, 16)


def test_parse_tree_shape() -> None:
    text = (
        '@import "b.wxss" screen;\n.a { x: 1rpx !important; --v: }\n'
        "@media print { .b { y: z } }\n@font-face { src: url(f) }"
    )
    sheet = parse_wxss(SourceFile("a.wxss", text), Diagnostics())
    imported, rule, media, font = sheet.rules
    assert isinstance(imported, Import) and imported.target == "b.wxss"
    assert (imported.target_start, imported.target_end) == (8, 16)
    assert isinstance(rule, StyleRule)
    assert [(d.name, d.important, d.is_custom) for d in rule.declarations] == [("x", True, False), ("--v", False, True)]
    assert isinstance(media, AtRule) and media.kind == "group" and isinstance(media.rules[0], StyleRule)
    assert isinstance(font, AtRule) and font.kind == "declarations" and font.declarations[0].name == "src"
    assert sheet.offset(rule.declarations[0].value[1]) == text.index("1rpx")


def test_unclosed_block_at_end_of_file_is_accepted_like_browsers_do() -> None:
    css, diagnostics = run(".a { color: red")
    assert (css, diagnostics) == (".a{color:red}", [])
