from __future__ import annotations

import pytest
from expression_helpers import parse_ok

from openmini.compiler.generate.expression import (
    EmittedExpression,
    ExprScope,
    Path,
    emit_expression,
    emit_interpolation,
    js_string,
)
from openmini.compiler.parse.expression_nodes import Expr

SCOPE = ExprScope(locals=frozenset({"item", "index"}), wxs=frozenset({"fmt", "util"}))


def emit(text: str, scope: ExprScope = SCOPE, *, object_shorthand: bool = False) -> EmittedExpression:
    return emit_expression(parse_ok(text, object_shorthand=object_shorthand), scope)


@pytest.mark.parametrize(
    ("text", "js"),
    [
        ("a", "D.a"),
        ("item", "S.item"),
        ("fmt", "W.fmt"),
        ("Math", "D.Math"),
        ("in", "D.in"),
        ("undefined", "undefined"),
        ("null", "null"),
        ("true", "true"),
        ("false", "false"),
        ("42", "42"),
        ("0.5", "0.5"),
        ("1e21", "1e+21"),
        ("1e-7", "1e-7"),
        ("0x10", "16"),
        ("010", "8"),
        ("1e400", "1e999"),
        ("'it\"s'", '"it\\"s"'),
        ("a.b.c", "D.a?.b?.c"),
        ("item.a", "S.item?.a"),
        ("a['b'][0]", 'D.a?.["b"]?.[0]'),
        ("list[idx].name", "D.list?.[D.idx]?.name"),
        ("fmt.price(x)", "W.fmt?.price?.(D.x)"),
        ("f(a, b)", "D.f?.(D.a,D.b)"),
        ("(a || b).c", "(D.a||D.b)?.c"),
        ("(a ? b : c)(d)", "(D.a?D.b:D.c)?.(D.d)"),
        ("0x10.toString", "16?.toString"),
        ("!a", "!D.a"),
        ("- -a", "- -D.a"),
        ("+ +a", "+ +D.a"),
        ("-(-a)", "- -D.a"),
        ("+-a", "+-D.a"),
        ("typeof a", "typeof D.a"),
        ("void 0", "void 0"),
        ("!(a + b)", "!(D.a+D.b)"),
        ("-a.b", "-D.a?.b"),
        ("a - -b", "D.a- -D.b"),
        ("a + +b", "D.a+ +D.b"),
        ("a - +b", "D.a-+D.b"),
        ("1 + 2 * 3", "1+2*3"),
        ("(1 + 2) * 3", "(1+2)*3"),
        ("10 - (4 - 3)", "10-(4-3)"),
        ("(10 - 4) - 3", "10-4-3"),
        ("a instanceof b", "D.a instanceof D.b"),
        ("a ? b : c", "D.a?D.b:D.c"),
        ("(a ? b : c) ? d : e", "(D.a?D.b:D.c)?D.d:D.e"),
        ("a ? b : c ? d : e", "D.a?D.b:D.c?D.d:D.e"),
        ("(a ? b : c) + 1", "(D.a?D.b:D.c)+1"),
        ("a ?? b || c", "(D.a??D.b)||D.c"),
        ("a || b ?? c", "(D.a||D.b)??D.c"),
        ("a ?? b && c", "D.a??(D.b&&D.c)"),
        ("a && b ?? c", "(D.a&&D.b)??D.c"),
        ("a ?? b ?? c", "D.a??D.b??D.c"),
        ("a ?? (b ?? c)", "D.a??(D.b??D.c)"),
        ("[1, , 2]", "[1,,2]"),
        ("[1,,]", "[1,,]"),
        ("[,]", "[,]"),
        ("[...xs, 4]", "[].concat(D.xs,[4])"),
        ("[0, ...xs, ...ys, 1, 2]", "[].concat([0],D.xs,D.ys,[1,2])"),
        ("[...xs].length", "[].concat(D.xs)?.length"),
        ("{a, b: 1, ...o}", "({a:D.a,b:1,...D.o})"),
        ("{'x-y': 1, in: 2, 3: c}", '({"x-y":1,in:2,"3":D.c})'),
        ("{__proto__: a}", '({["__proto__"]:D.a})'),
        ("{a: 1}.a", "({a:1}?.a)"),
        ("{a: 1}.a + 1", "({a:1}?.a+1)"),
        ("'<\\/script>'", '"\\u003c/script>"'),
    ],
)
def test_emits(text: str, js: str) -> None:
    assert emit(text).js == js


def test_object_shorthand_wraps_a_lone_name() -> None:
    assert emit("item", object_shorthand=True).js == "({item:S.item})"
    assert emit("a, ...o", object_shorthand=True).js == "({a:D.a,...D.o})"


@pytest.mark.parametrize(
    ("text", "deps"),
    [
        ("list[idx].name", {("D", "list"), ("D", "idx")}),
        ("item.a.b", {("S", "item", "a", "b")}),
        ("a['b'][0]", {("D", "a", "b", 0)}),
        ("a[1.5]", {("D", "a", "1.5")}),
        ("a[9007199254740993]", {("D", "a", "9007199254740992")}),
        ("a[x].y", {("D", "a"), ("D", "x")}),
        ("a[b.c].d", {("D", "a"), ("D", "b", "c")}),
        ("index + 1", {("S", "index")}),
        ("fmt.price(x.y)", {("D", "x", "y")}),
        ("fmt.price(1)", set()),
        ("fmt", set()),
        ("list.indexOf(x)", {("D", "list"), ("D", "x")}),
        ("item.tags.join(',')", {("S", "item", "tags")}),
        ("f(a)", {("D", "f"), ("D", "a")}),
        ("fmt.get(a).name", {("D", "a")}),
        ("(a || b).c", {("D", "a"), ("D", "b")}),
        ("a ? b.c : d", {("D", "a"), ("D", "b", "c"), ("D", "d")}),
        ("{x: a.b, ...o}", {("D", "a", "b"), ("D", "o")}),
        ("[...xs, y]", {("D", "xs"), ("D", "y")}),
        ("-a.b", {("D", "a", "b")}),
        ("1 + 2", set()),
        ("undefined", set()),
        ("a.b + a.b", {("D", "a", "b")}),
        # `length` is never a setData path: the receiver is the dependency
        ("list.length", {("D", "list")}),
        ("item.tags['length'] > 0", {("S", "item", "tags")}),
        ("list.length.toFixed(0)", {("D", "list")}),
        ("user.length.x", {("D", "user")}),
    ],
)
def test_deps(text: str, deps: set[Path]) -> None:
    emitted = emit(text)
    assert set(emitted.deps) == deps
    assert len(emitted.deps) == len(set(emitted.deps))
    assert emitted.constant is (not deps)


def test_deps_keep_first_seen_order() -> None:
    assert emit("b + a + b").deps == (("D", "b"), ("D", "a"))


def test_locals_shadow_wxs_modules_and_data() -> None:
    scope = ExprScope(locals=frozenset({"fmt"}), wxs=frozenset({"fmt"}))
    assert emit("fmt.x", scope).js == "S.fmt?.x"
    assert emit("a", ExprScope()).js == "D.a"


def parts(*items: str | Expr) -> list[str | Expr]:
    return list(items)


def test_interpolation_of_a_lone_expression_keeps_its_type() -> None:
    assert emit_interpolation(parts(parse_ok("5")), SCOPE) == EmittedExpression("5", (), True)
    assert emit_interpolation(parts("", parse_ok("false"), ""), SCOPE).js == "false"
    assert emit_interpolation(parts(parse_ok("{a: 1}")), SCOPE).js == "({a:1})"


def test_interpolation_with_text_concatenates_strings() -> None:
    emitted = emit_interpolation(parts("a ", parse_ok("b"), " c"), SCOPE)
    assert emitted == EmittedExpression('"a "+R.s(D.b)+" c"', (("D", "b"),), False)
    emitted = emit_interpolation(parts(parse_ok("x"), parse_ok("item.y")), SCOPE)
    assert emitted.js == "R.s(D.x)+R.s(S.item?.y)"
    assert emitted.deps == (("D", "x"), ("S", "item", "y"))
    assert emit_interpolation(parts("n", parse_ok("a + b")), SCOPE).js == '"n"+R.s(D.a+D.b)'


def test_interpolation_of_text_only_is_a_constant_string() -> None:
    assert emit_interpolation(parts("plain"), SCOPE) == EmittedExpression('"plain"', (), True)
    assert emit_interpolation(parts("a", "b"), SCOPE).js == '"ab"'
    assert emit_interpolation(parts(), SCOPE) == EmittedExpression('""', (), True)
    assert emit_interpolation(parts("x", parse_ok("1")), SCOPE) == EmittedExpression('"x"+R.s(1)', (), True)


@pytest.mark.parametrize(
    ("value", "js"),
    [
        ("plain", '"plain"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash", '"back\\\\slash"'),
        ("line\nbreak\r\t", '"line\\nbreak\\r\\t"'),
        ("\u2028\u2029", '"\\u2028\\u2029"'),
        ("</script><!--", '"\\u003c/script>\\u003c!--"'),
        ("中文", '"中文"'),
        ("\ud800", '"\\ud800"'),
        ("\x00\x1f", '"\\u0000\\u001f"'),
    ],
)
def test_js_string(value: str, js: str) -> None:
    assert js_string(value) == js
