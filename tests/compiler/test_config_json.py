from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openmini.compiler.diagnostics import Diagnostics, Severity
from openmini.compiler.parse.json import (
    MAX_DEPTH,
    JsonArray,
    JsonDocument,
    JsonObject,
    JsonScalar,
    make_pointer,
    node_at,
    parse_json,
    pointer_span,
    split_pointer,
)
from openmini.compiler.source import SourceFile


def parse(text: str) -> tuple[JsonDocument | None, Diagnostics]:
    diagnostics = Diagnostics()
    return parse_json(SourceFile("app.json", text), diagnostics), diagnostics


def only(diagnostics: Diagnostics) -> tuple[int, int, int]:
    assert len(diagnostics.items) == 1, [str(d) for d in diagnostics.items]
    d = diagnostics.items[0]
    assert d.start is not None
    return d.code, d.start.line, d.start.column


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "b": [true, false, null], "c": {"d": "e"}}',
        "[]",
        "{}",
        '"x"',
        "-0.5e+3",
        '{"s": "\\u00e9\\n\\t\\"\\\\\\/\\b\\f\\r"}',
        '{"emoji": "\\ud83d\\ude00", "lone": "\\ud800"}',
        "  \n\t[1 , 2 ]\n",
        '{"big": 123456789012345678901234567890}',
    ],
)
def test_values_match_the_standard_reader(text: str) -> None:
    doc, diagnostics = parse(text)
    assert doc is not None
    assert diagnostics.items == []
    assert doc.value == json.loads(text)


def test_every_value_knows_its_span() -> None:
    text = '{\n  "pages": ["a", "b"],\n  "window": {"x": 12}\n}'
    doc, _ = parse(text)
    assert doc is not None
    assert isinstance(doc.root, JsonObject)
    pages = doc.root.get("pages")
    assert pages is not None
    assert text[pages.key_start : pages.key_end] == '"pages"'
    assert isinstance(pages.value, JsonArray)
    second = pages.value.items[1]
    assert isinstance(second, JsonScalar)
    assert text[second.start : second.end] == '"b"'
    assert text[slice(*pointer_span(doc, "/window/x"))] == "12"
    assert text[slice(*pointer_span(doc, "/window/x", key=True))] == '"x"'
    assert text[slice(*pointer_span(doc, "/pages/1"))] == '"b"'


def test_pointer_span_stops_at_the_deepest_existing_value() -> None:
    text = '{"tabBar": {"list": []}}'
    doc, _ = parse(text)
    assert doc is not None
    assert text[slice(*pointer_span(doc, "/tabBar/list/3/pagePath"))] == "[]"
    assert text[slice(*pointer_span(doc, "/missing"))] == text
    assert pointer_span(doc, "") == (0, len(text))
    assert node_at(doc, "/tabBar/nope") is None


def test_pointer_escaping_round_trips() -> None:
    text = '{"a/b": {"c~d": 1}}'
    doc, _ = parse(text)
    assert doc is not None
    pointer = make_pointer("a/b", "c~d")
    assert pointer == "/a~1b/c~0d"
    assert split_pointer(pointer) == ["a/b", "c~d"]
    assert text[slice(*pointer_span(doc, pointer))] == "1"


def test_duplicate_key_warns_and_the_last_value_wins() -> None:
    doc, diagnostics = parse('{"a": 1,\n "a": 2}')
    assert doc is not None
    assert doc.value == {"a": 2}
    assert only(diagnostics) == (5009, 2, 2)
    assert diagnostics.items[0].severity == Severity.WARNING


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{\n  // note\n  "a": 1\n}', (5006, 2, 3)),
        ('{"a": 1 /* c */}', (5006, 1, 9)),
        ('{"a": [1, 2,],\n}', (5007, 1, 12)),
        ("{'a': 1}", (5008, 1, 2)),
        ('{a: 1, "b-c": 2}', (5013, 1, 2)),
    ],
)
def test_common_mistakes_are_errors_but_read_through(text: str, expected: tuple[int, int, int]) -> None:
    doc, diagnostics = parse(text)
    assert doc is not None
    codes = [d.code for d in diagnostics.items]
    assert expected[0] in codes
    first = next(d for d in diagnostics.items if d.code == expected[0])
    assert first.start is not None
    assert (first.code, first.start.line, first.start.column) == expected
    assert isinstance(doc.root, JsonObject)


def test_single_quoted_string_value_is_read() -> None:
    doc, _ = parse("{\"a\": 'it\\'s'}")
    assert doc is not None
    assert doc.value == {"a": "it's"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (5011, 1, 1)),
        ("  \n ", (5011, 1, 1)),
        ('{"a": 1} x', (5010, 1, 10)),
        ('{"a": 1 "b": 2}', (5001, 1, 9)),
        ('{"a" 1}', (5001, 1, 6)),
        ('{"a": }', (5001, 1, 7)),
        ('{"a": [1, 2}', (5001, 1, 12)),
        ('{"a": "x', (5002, 1, 7)),
        ('{"a": "x\ny"}', (5002, 1, 7)),
        ('{"a": "\\q"}', (5003, 1, 8)),
        ('{"a": "\\u12g4"}', (5003, 1, 8)),
        ('{"a": "\t"}', (5004, 1, 8)),
        ('{"a": 01}', (5005, 1, 7)),
        ('{"a": 1.}', (5005, 1, 7)),
        ('{"a": -}', (5005, 1, 7)),
        ('{"a": +1}', (5001, 1, 7)),
        ('{"a": NaN}', (5001, 1, 7)),
        ('{"a": undefined}', (5001, 1, 7)),
        ('{"a": 1', (5001, 1, 8)),
        ('{\n  "a": 1,\n  "b": tru\n}', (5001, 3, 8)),
    ],
)
def test_syntax_errors_are_positioned(text: str, expected: tuple[int, int, int]) -> None:
    doc, diagnostics = parse(text)
    assert doc is None
    assert only(diagnostics) == expected


def test_columns_count_utf16_units() -> None:
    doc, diagnostics = parse('{"😀": 1 x}')
    assert doc is None
    assert only(diagnostics) == (5001, 1, 10)


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    doc, diagnostics = parse("[" * (MAX_DEPTH + 10) + "]" * (MAX_DEPTH + 10))
    assert doc is None
    assert [d.code for d in diagnostics.items] == [5012]


def test_very_long_integer_does_not_raise() -> None:
    doc, diagnostics = parse("9" * 5000)
    assert doc is not None
    assert diagnostics.items == []
    assert doc.value == float("inf")


def test_diagnostic_has_a_code_frame() -> None:
    _, diagnostics = parse('{\n  "a": [1,,2]\n}')
    text = str(diagnostics.items[0])
    assert text.startswith("app.json:2:11: error OM5001")
    assert "> 2 |" in text and "^" in text


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(json_values, st.booleans())
def test_fuzz_valid_json_reads_like_the_standard_reader(value: object, indent: bool) -> None:
    text = json.dumps(value, indent=2 if indent else None, ensure_ascii=False)
    doc, diagnostics = parse(text)
    assert doc is not None
    assert diagnostics.items == []
    assert doc.value == json.loads(text)


@settings(max_examples=200, deadline=None)
@given(json_values, st.data())
def test_fuzz_mutated_json_never_raises(value: object, data: st.DataObject) -> None:
    text = json.dumps(value)
    position = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 3))
    noise = data.draw(st.text(alphabet="{}[]\",:'/*\\ \nu0-e.tfn", max_size=4))
    mutated = text[:position] + noise + text[position + cut :]
    doc, diagnostics = parse(mutated)
    if doc is None:
        assert diagnostics.has_errors
    for d in diagnostics.items:
        assert d.start is not None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_fuzz_random_text_never_raises(text: str) -> None:
    doc, diagnostics = parse(text)
    assert doc is not None or diagnostics.has_errors
