from __future__ import annotations

from openmini.compiler.diagnostics import Diagnostics, Severity, code_frame
from openmini.compiler.messages import AREAS, all_messages
from openmini.compiler.messages.project import NOT_UTF8
from openmini.compiler.messages.registry import Message
from openmini.compiler.source import SourceFile


def test_columns_count_utf16_units_like_editors() -> None:
    source = SourceFile("a.wxml", "😀x\n\tb")
    assert source.position(1).column == 3  # the emoji is two UTF-16 units
    assert source.position(3) == source.position(3)
    assert source.position(4).line == 2 and source.position(4).column == 2


def test_positions_clamp_to_the_text() -> None:
    source = SourceFile("a", "ab")
    assert source.position(-5).column == 1
    assert source.position(99).column == 3


def test_code_frame_marks_the_span_with_context() -> None:
    source = SourceFile("a.wxml", "<view>\n  <text>{{a +}}</text>\n</view>")
    frame = code_frame(source, 17, 21)
    lines = frame.splitlines()
    assert lines[1] == "> 2 |   <text>{{a +}}</text>"
    assert lines[2].index("^") == lines[1].index("{{a") + 2 and lines[2].count("^") == 4
    assert lines[0].startswith("  1 |") and lines[-1].startswith("  3 |")


def test_diagnostic_renders_path_line_column_code_and_frame() -> None:
    source = SourceFile("pages/a.js", "var x = 1\nvar y = \n")
    diagnostic = NOT_UTF8.at(source, 14, 15, reason="r")
    assert str(diagnostic).startswith("pages/a.js:2:5: error OM1005: not valid UTF-8 text: r\n")
    assert diagnostic.to_json()["start"] == {"line": 2, "column": 5}


def test_collector_sorts_by_file_and_position() -> None:
    collected = Diagnostics()
    b, a = SourceFile("b", "xx\nyy"), SourceFile("a", "z")
    collected.add(NOT_UTF8.at(b, 3, reason=""))
    collected.add(NOT_UTF8.at(b, 0, reason=""))
    collected.add(NOT_UTF8.in_file("a", reason=""))
    assert [(d.path, d.start.line if d.start else 0) for d in collected.sorted()] == [("a", 0), ("b", 1), ("b", 2)]
    assert collected.has_errors and not collected.warnings
    assert a.line_count == 1


def test_message_codes_are_unique_and_in_their_area_range() -> None:
    messages = all_messages()
    codes = [m.code for m in messages]
    assert len(codes) == len(set(codes))
    for m in messages:
        assert 1000 <= m.code < 9000
        assert m.severity in Severity


def test_message_names_are_unique_within_an_area() -> None:
    for area in AREAS:
        names = [v.name for v in vars(area).values() if isinstance(v, Message)]
        assert len(names) == len(set(names)), area.__name__
