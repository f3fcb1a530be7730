from __future__ import annotations

import pytest
from expression_helpers import parse, parse_in_mustache, parse_ok, show

from openmini.compiler.diagnostics import Severity
from openmini.compiler.parse.expression import MAX_HEIGHT, MAX_NESTING
from openmini.compiler.parse.expression_nodes import (
    Binary,
    Identifier,
    Member,
    NumberLiteral,
    ObjectLiteral,
    StringLiteral,
)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        # literals
        ("0", "0"),
        ("42", "42"),
        ("0.5", "0.5"),
        (".5", "0.5"),
        ("5.", "5.0"),
        ("1e3", "1000.0"),
        ("1E-2", "0.01"),
        ("1.5e+2", "150.0"),
        ("0x1f", "31"),
        ("0XFF", "255"),
        ("0o17", "15"),
        ("0b101", "5"),
        ("010", "8"),
        ("089", "89"),
        ("08.5", "8.5"),
        ("'single'", '"single"'),
        ('"double"', '"double"'),
        ("'it\"s'", '"it\\"s"'),
        ('"a\'b"', '"a\'b"'),
        (r"'a\nb\tc\\d'", '"a\\nb\\tc\\\\d"'),
        (r"'\u0041\x4f\x4E'", '"AON"'),
        (r"'\u{1F600}'", '"\\ud83d\\ude00"'),
        (r"'\0'", '"\\u0000"'),
        (r"'\q'", '"q"'),
        ("'a\\\nb'", '"ab"'),
        ("'line\nbreak'", '"line\\nbreak"'),
        ("''", '""'),
        ("true", "true"),
        ("false", "false"),
        ("null", "null"),
        ("undefined", "undefined"),
        # names: words are keywords only where the grammar needs them
        ("a", "a"),
        ("$_a0", "$_a0"),
        ("in", "in"),
        ("new", "new"),
        ("this", "this"),
        ("instanceof", "instanceof"),
        ("truefalse", "truefalse"),
        ("Math", "Math"),
        # member access, index, calls
        ("a.b", "(. a b)"),
        ("a.in", "(. a in)"),
        ("a.typeof.true", "(. (. a typeof) true)"),
        ("a['b']", '([] a "b")'),
        ("a[0]", "([] a 0)"),
        ("a[b]", "([] a b)"),
        ("list[idx].name", "(. ([] list idx) name)"),
        ("a[x ? 1 : 2]", "([] a (? x 1 2))"),
        ("f()", "(call f)"),
        ("f(a, b)", "(call f a b)"),
        ("f(a,)", "(call f a)"),
        ("fmt.price(x)", "(call (. fmt price) x)"),
        ("a.b(c)(d)[e]", "([] (call (call (. a b) c) d) e)"),
        ("(a).b", "(. a b)"),
        ("0x10.toString", "(. 16 toString)"),
        ("5..toFixed", "(. 5.0 toFixed)"),
        # unary
        ("!a", "(! a)"),
        ("!!a", "(! (! a))"),
        ("-a", "(- a)"),
        ("- -a", "(- (- a))"),
        ("+a", "(+ a)"),
        ("~a", "(~ a)"),
        ("typeof a", "(typeof a)"),
        ("typeof typeof a", "(typeof (typeof a))"),
        ("void 0", "(void 0)"),
        ("-a.b", "(- (. a b))"),
        ("!a == b", "(== (! a) b)"),
        # binary precedence and associativity
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
        ("10 - 4 - 3", "(- (- 10 4) 3)"),
        ("2 * 3 % 4", "(% (* 2 3) 4)"),
        ("a - -b", "(- a (- b))"),
        ("a + +b", "(+ a (+ b))"),
        ("1 << 2 + 3", "(<< 1 (+ 2 3))"),
        ("a >> b >>> c", "(>>> (>> a b) c)"),
        ("a < b << c", "(< a (<< b c))"),
        ("a <= b", "(<= a b)"),
        ("a >= b", "(>= a b)"),
        ("a > b", "(> a b)"),
        ("a instanceof b >> c", "(instanceof a (>> b c))"),
        ("a == b < c", "(== a (< b c))"),
        ("a != b", "(!= a b)"),
        ("a === b", "(=== a b)"),
        ("a !== b", "(!== a b)"),
        ("a & b == c", "(& a (== b c))"),
        ("a ^ b & c", "(^ a (& b c))"),
        ("a | b ^ c", "(| a (^ b c))"),
        ("a && b | c", "(&& a (| b c))"),
        ("a || b && c", "(|| a (&& b c))"),
        ("a ?? b || c", "(|| (?? a b) c)"),
        ("a ?? b && c", "(?? a (&& b c))"),
        ("1 + 1 == 2 && 3 > 2", "(&& (== (+ 1 1) 2) (> 3 2))"),
        # conditional
        ("a ? b : c", "(? a b c)"),
        ("a || b ? 1 : 2", "(? (|| a b) 1 2)"),
        ("x ? y ? 1 : 2 : 3", "(? x (? y 1 2) 3)"),
        ("a ? b : c ? d : e", "(? a b (? c d e))"),
        ("a ?.5 : 1", "(? a 0.5 1)"),
        # arrays
        ("[]", "[]"),
        ("[a, b]", "[a b]"),
        ("[a,]", "[a]"),
        ("[,]", "[_]"),
        ("[, ,]", "[_ _]"),
        ("[1, , 2]", "[1 _ 2]"),
        ("[...xs, 4]", "[...xs 4]"),
        ("[0, ...xs].length", "(. [0 ...xs] length)"),
        # objects
        ("{}", "{}"),
        ("{a: 1}", "{a:1}"),
        ("{a}", "{a}"),
        ("{a, b: 1, ...o}", "{a b:1 ...o}"),
        ("{'x-y': 1, \"z\": 2}", "{x-y:1 z:2}"),
        ("{1: a, 1.50: b}", "{1:a 1.5:b}"),
        ("{null: 1, true: 2, in: 3}", "{null:1 true:2 in:3}"),
        ("{a: {b: [1]}}", "{a:{b:[1]}}"),
        ("{a: 1,}", "{a:1}"),
        # a brace-less property list is an object, as in glass-easel
        ("a: 1, b", "{a:1 b}"),
        ("a, b", "{a b}"),
        ("a,", "{a}"),
        ("...o", "{...o}"),
        ("...o, c: 3", "{...o c:3}"),
        ("'k': 1", "{k:1}"),
        # comments
        ("/* c */ a", "a"),
        ("a -/**/-1", "(- a (- 1))"),
    ],
)
def test_parses(text: str, tree: str) -> None:
    assert show(parse_ok(text)) == tree


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("item", "{item}"),
        ("a, b", "{a b}"),
        ("x: 1, y: b", "{x:1 y:b}"),
        ("...item", "{...item}"),
        ("...o, c: 3", "{...o c:3}"),
        ("a: 9, ...o", "{a:9 ...o}"),
        ("cond ? a : b", "(? cond a b)"),
        ("{a: 1}", "{a:1}"),
        ("item.x", "(. item x)"),
    ],
)
def test_object_shorthand_mode(text: str, tree: str) -> None:
    assert show(parse_ok(text, object_shorthand=True)) == tree


def test_a_lone_name_is_a_value_outside_template_data() -> None:
    assert show(parse_ok("item")) == "item"


def test_positions_are_absolute_offsets_in_the_source() -> None:
    wxml = "<view>\n  {{ user.name + 1 }}</view>"
    expr, diagnostics = parse_in_mustache(wxml)
    assert not diagnostics
    assert isinstance(expr, Binary)
    assert wxml[expr.start : expr.end] == "user.name + 1"
    assert isinstance(expr.left, Member)
    assert wxml[expr.left.start : expr.left.end] == "user.name"
    assert wxml[expr.left.name_start : expr.left.end] == "name"
    assert isinstance(expr.left.object, Identifier)
    assert wxml[expr.left.object.start : expr.left.object.end] == "user"
    assert isinstance(expr.right, NumberLiteral)
    assert wxml[expr.right.start : expr.right.end] == "1"


def test_brace_less_object_spans_its_properties() -> None:
    wxml = '<template is="t" data="{{ a, b: 1 }}"/>'
    expr, _ = parse_in_mustache(wxml)
    assert isinstance(expr, ObjectLiteral)
    assert wxml[expr.start : expr.end] == "a, b: 1"


def test_empty_expression_is_an_empty_string_with_a_warning() -> None:
    for text in ("", "   ", " /* nothing */ "):
        expr, diagnostics = parse(text)
        assert isinstance(expr, StringLiteral) and expr.value == ""
        assert [(d.code, d.severity) for d in diagnostics] == [(3001, Severity.WARNING)]


# (text, code, column) — every text is on line 1 of the source.
ERRORS = [
    ("a +", 3004, 4),
    ("(", 3004, 2),
    ("( )", 3004, 3),
    ("a b", 3013, 3),
    ("1 2", 3013, 3),
    ("a; b", 3013, 2),
    ("a, 1", 3003, 5),
    ("1, 2", 3013, 2),
    ("'abc", 3005, 1),
    ('a + "abc', 3005, 5),
    ("a /* x", 3006, 3),
    ("1.toString()", 3008, 1),
    ("3in", 3008, 1),
    ("0x", 3008, 1),
    ("1e", 3008, 1),
    ("1_000", 3008, 1),
    ("09a", 3008, 1),
    (r"'\u00g1'", 3007, 2),
    (r"'\x4'", 3007, 2),
    (r"'\u{110000}'", 3007, 2),
    ("a # b", 3002, 3),
    ("a @ b", 3002, 3),
    ("名字", 3002, 1),
    ("a.", 3012, 3),
    ("a.0", 3012, 3),
    ("a.'b'", 3012, 3),
    ("a[0", 3010, 4),
    ("f(0", 3010, 4),
    ("f(0 1)", 3010, 5),
    ("(a", 3010, 3),
    ("[1, 2", 3010, 6),
    ("[1 2]", 3010, 4),
    ("{a: 1", 3003, 6),
    ("{a: 1 b: 2}", 3003, 7),
    ("{a b}", 3003, 4),
    ("{,}", 3012, 2),
    ("{'a'}", 3003, 5),
    ("{a: }", 3004, 5),
    ("a ? b", 3011, 6),
    ("a ? b c", 3011, 7),
    ("a: 1 b", 3003, 6),
    ("...", 3004, 4),
    ("...o x", 3003, 6),
    # JavaScript that WXML does not have
    ("x => 1", 3009, 3),
    ("(a) => 1", 3009, 5),
    ("() => 1", 3009, 4),
    ("f(x => 1)", 3009, 5),
    ("a = 1", 3009, 3),
    ("a += 1", 3009, 3),
    ("a >>>= 1", 3009, 3),
    ("a ??= 1", 3009, 3),
    ("a++", 3009, 2),
    ("++a", 3009, 1),
    ("--a", 3009, 1),
    ("a ** 2", 3009, 3),
    ("a?.b", 3009, 2),
    ("a?.[0]", 3009, 2),
    ("`x${a}`", 3009, 1),
    ("a + `x`", 3009, 5),
    ("/ab+c/.test(s)", 3009, 1),
    ("a + /x/", 3009, 5),
    ("new Date()", 3009, 1),
    ("a in b", 3009, 3),
    ("{[k]: 1}", 3009, 2),
    ("f(...a)", 3009, 3),
    ("(...a)", 3009, 2),
]


@pytest.mark.parametrize(("text", "code", "column"), ERRORS)
def test_reports_errors_with_code_and_position(text: str, code: int, column: int) -> None:
    expr, diagnostics = parse(text)
    errors = [d for d in diagnostics if d.severity >= Severity.ERROR]
    assert errors, f"no error for {text!r}"
    first = errors[0]
    assert (first.code, first.start and first.start.line, first.start and first.start.column) == (code, 1, column), str(
        first
    )
    assert first.path == "pages/index.wxml"
    assert first.frame  # a code frame is attached
    if code not in (3007,):
        assert expr is None


def test_bad_escape_keeps_the_tree_and_reports_every_escape() -> None:
    expr, diagnostics = parse(r"'\x4' + '\u12'")
    assert expr is not None
    assert [(d.code, d.start and d.start.column) for d in diagnostics] == [(3007, 2), (3007, 10)]


def test_octal_escape_reads_the_digit_with_a_warning() -> None:
    expr, diagnostics = parse(r"'\1\08'")
    assert isinstance(expr, StringLiteral) and expr.value == "108"
    assert [(d.code, d.severity) for d in diagnostics] == [(3016, Severity.WARNING), (3016, Severity.WARNING)]


def test_duplicate_keys_warn_at_the_later_key() -> None:
    expr, diagnostics = parse("{a: 1, b: 2, a: 3}")
    assert expr is not None
    assert [(d.code, d.severity, d.start and d.start.column) for d in diagnostics] == [(3014, Severity.WARNING, 14)]


def test_error_positions_are_absolute_lines_and_utf16_columns() -> None:
    wxml = "<view>\n  <text>😀{{ a +\n  * b }}</text></view>"
    expr, diagnostics = parse_in_mustache(wxml)
    assert expr is None
    [error] = diagnostics
    assert error.code == 3004
    assert (error.start and error.start.line, error.start and error.start.column) == (3, 3)
    assert "> 3 |   * b }}</text></view>" in error.frame
    wxml = "<text>😀{{ a b }}</text>"
    _, [error] = parse_in_mustache(wxml)
    # 😀 is two UTF-16 code units, as editors count it.
    assert (error.code, error.start and error.start.column) == (3013, 14)


def test_stops_at_the_first_syntax_error() -> None:
    expr, diagnostics = parse("a + + ) ] 'unterminated")
    assert expr is None
    assert [d.code for d in diagnostics] == [3004]


def test_deep_nesting_is_refused_not_a_crash() -> None:
    deep = "(" * (MAX_NESTING + 5) + "a" + ")" * (MAX_NESTING + 5)
    expr, diagnostics = parse(deep)
    assert expr is None and [d.code for d in diagnostics] == [3015]
    unary = "!" * (MAX_NESTING + 5) + "a"
    expr, diagnostics = parse(unary)
    assert expr is None and [d.code for d in diagnostics] == [3015]
    long_chain = " + ".join(["a"] * (MAX_HEIGHT + 5))
    expr, diagnostics = parse(long_chain)
    assert expr is None and [d.code for d in diagnostics] == [3015]
    members = "a" + ".b" * (MAX_HEIGHT + 5)
    expr, diagnostics = parse(members)
    assert expr is None and [d.code for d in diagnostics] == [3015]


def test_moderate_nesting_is_fine() -> None:
    assert parse_ok("(" * 20 + "a" + ")" * 20)
    assert parse_ok(" + ".join(["a"] * 100))
