"""Differential test: emitted JavaScript, run in node, against JavaScript evaluating the same text.

The reference evaluates the expression text itself inside ``with (scope)``, where the scope is a
proxy that answers every name (so, like WXML, there are no globals: ``Math`` is undefined) and
resolves locals over WXS modules over data. Where WXML differs on purpose (null-safe member
access and calls, concat spread, keywords used as names, ``??`` next to ``||``), the case states
the expected value as JavaScript instead.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

from expression_helpers import parse_ok

from openmini.compiler.generate.expression import ExprScope, emit_expression, emit_interpolation
from openmini.compiler.parse.expression_nodes import Expr

DATA: dict[str, Any] = {
    "a": 1, "b": 2, "c": 3, "s": "str", "n": None, "z": 0, "t": True, "f": False, "e": "",
    "xs": [1, 2, 3], "ys": ["x", "y"], "o": {"a": 1, "b": {"c": "deep"}},
    "user": {"name": "Li", "age": 30, "tags": ["a", "b"]},
    "list": [{"name": "n0"}, {"name": "n1"}], "idx": 1, "key": "a",
    "map": {"k1": {"v": "V1"}}, "k": "k1", "neg": -16, "big": 2**40, "half": 0.5, "str5": "5",
    "in": 5, "new": 6, "o2": {"in": 7, "typeof": 8}, "name": "Ada",
}  # fmt: skip
LOCALS: dict[str, Any] = {"item": {"id": 7, "name": "it", "children": [1, 2]}, "index": 3, "a": "local-a"}
SCOPE = ExprScope(locals=frozenset(LOCALS), wxs=frozenset({"fmt"}))

SAME_AS_JS = [
    # arithmetic and strings
    "1 + 2 * 3", "(1 + 2) * 3", "10 - 4 - 3", "10 - (4 - 3)", "2 * 3 % 4", "100 / 10 / 2", "100 / (10 / 2)",
    "-7 % 3", "7 % -3", "0.1 + 0.2", "1 / 3", "0 / 0", "1 / 0", "-1 / 0", "'a' * 2", "b - -c", "b + +c",
    "b - - - c", "-b - -c", "-(-b)", "+str5 + 1", "str5 + 1", "str5 - 1", "'a' + 1 + 2", "1 + 2 + 'a'",
    "'n=' + (b + c)", "'n=' + b + c", "s + n", "s + z", "e + f", "-z", "1e21 + 1", "0.000001 * 1",
    # bitwise and shifts
    "5 & 3", "5 | 3", "5 ^ 3", "~5", "~~half", "1 << 4", "neg >> 2", "neg >>> 28", "b << b + c",
    "1 << 2 << 3", "big | 0", "5 & 3 | 2 ^ 1", "b | c & 4", "~-1",
    # comparison and equality
    "b < c", "b <= b", "c > b", "b >= c", "b == str5", "b === s", "b != c", "b !== b", "n == undefined",
    "n === undefined", "n == 0", "z == false", "z === false", "b < c == true", "1 < 2 < 3", "3 > 2 > 1",
    "'10' < '9'", "'10' < 9", "xs instanceof nope == 0",
    # logic and conditionals
    "b && c", "z && c", "b || c", "z || e || 'x'", "n ?? 'd'", "z ?? 'd'", "(n ?? z) || 'x'",
    "n ?? (z || 'x')", "b && c || z", "z || c && b", "!b == c", "!(b == c)", "!!s", "!!e", "!n",
    "t ? 'y' : 'n'", "f ? 'y' : 'n'", "z || c ? 't' : 'f'", "z && c ? 1 : 2", "t ? f ? 1 : 2 : 3",
    "f ? 1 : t ? 2 : 3", "(t ? b : c) + 1", "t ? b : c + 1", "b > c ? b : c", "(f ? b : c) ? 'x' : 'y'",
    # typeof and void
    "typeof b", "typeof s", "typeof o", "typeof nope", "typeof n", "typeof xs", "typeof typeof b",
    "void 0", "void b", "typeof fmt", "typeof fmt.price", "typeof Math", "typeof -b",
    # member access
    "user.name", "user['age']", "user.tags[1]", "list[idx].name", "list[0]['name']", "map[k].v", "o.b.c",
    "o['b']['c']", "xs.length", "s.length", "xs[xs.length - 1]", "user.tags.length + 1", "o[key]",
    "o2.in", "o2.typeof", "item.name", "item.children[1]", "index * 2", "item.children.length", "a",
    "Math", "JSON", "undefined",
    # literals
    "0x10 + 010", ".5 + 5.", "1e3", "1.5e-3", "0b101 + 0o17", "089", "'\\u0041\\x42\\n'", "\"it's\"",
    "'say \"hi\"'", "'\\u{1F600}'.length", "'a\\\nb'", "[1, 2, 3]", "[1, , 3]", "[1, , ]", "[,]",
    "[b, [c, [z]]]", "[...xs, 4]", "[0, ...xs]", "[...xs, ...ys]", "[0, ...xs].length", "[...xs, , 1]",
    "{a: 1, b: [2]}", "{b, c}", "{...o, a: 9}", "{a: 9, ...o}", "{'x-y': 1}['x-y']", "{1: 'one'}[1]",
    "[b, c][1]", "{in: 1}.in", "{null: 1, true: 2}", "{item}", "{b: {c: {d: b}}}.b.c.d",
    # calls
    "fmt.price(b)", "fmt.add(b, c)", "fmt.add(s, xs.length)", "fmt.self()", "xs.indexOf(2)",
    "s.toUpperCase()", "xs.join('-')", "user.tags.concat(ys).length", "xs.slice(1)", "(b + c).toFixed(2)",
    "b.toString()", "0x10.toString()", "5..toFixed(1)", "fmt.add(fmt.add(b, c), -b)",
    "fmt.price(b > c ? b : c)", "item.children.indexOf(2)",
]  # fmt: skip

# (expression, expected value as JavaScript) where WXML deliberately differs from JavaScript.
WXML_ONLY = [
    ("nope.x", "undefined"),
    ("n.a.b", "undefined"),
    ("list[5].name", "undefined"),
    ("nope[0]", "undefined"),
    ("z.a.b", "undefined"),
    ("nope()", "undefined"),
    ("o.missing(1)", "undefined"),
    ("fmt.nothing(1)", "undefined"),
    ("nope.fn(1).x", "undefined"),
    ("[...nope, 1]", "[undefined, 1]"),
    ("[...s]", "['str']"),
    ("b ?? c || z", "2"),
    ("n ?? z || 'x'", "'x'"),
    ("n || z ?? 'x'", "0"),
    ("z && n ?? 'x'", "0"),
    ("in", "5"),
    ("in + new", "11"),
    ("this", "undefined"),
    ("'\\1'", "'1'"),
]


def run_node(tmp_path: Path, script: str) -> Any:
    path = tmp_path / "cases.js"
    path.write_text(script, encoding="utf-8")
    result = subprocess.run(["node", str(path)], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


HARNESS = r"""
const util = require("util");
const R = { s: (v) => (v == null ? "" : String(v)) };
const W = {
  fmt: {
    price: function (x) { return "¥" + Number(x).toFixed(2); },
    add: function (x, y) { return x + y; },
    self: function () { return this === W.fmt; },
  },
};
const DATA = __DATA__;
const LOCALS = __LOCALS__;
function scope() {
  // Locals shadow WXS modules, which shadow data; every other name reads as undefined.
  const target = Object.assign({}, DATA, W, LOCALS);
  return new Proxy(target, {
    has: () => true,
    get: (t, k) => (k === Symbol.unscopables ? undefined : t[k]),
  });
}
function outcome(thunk) {
  try { return { value: thunk() }; } catch (e) { return { error: e.constructor.name + ": " + e.message }; }
}
const results = __CASES__.map((c) => {
  const got = outcome(() => new Function("D", "S", "W", "R", "return " + c.js + ";")(DATA, LOCALS, W, R));
  const want = c.expect !== undefined
    ? outcome(() => new Function("return (" + c.expect + ");")())
    : outcome(() => new Function("__scope", "with (__scope) { return (" + c.text + "\n); }")(scope()));
  const ok = util.isDeepStrictEqual(got, want);
  return { text: c.text, js: c.js, ok, got: util.inspect(got), want: util.inspect(want) };
});
process.stdout.write(JSON.stringify(results));
"""


def harness(cases: list[dict[str, str]]) -> str:
    return (
        HARNESS.replace("__DATA__", json.dumps(DATA))
        .replace("__LOCALS__", json.dumps(LOCALS))
        .replace("__CASES__", json.dumps(cases))
    )


def test_table_is_large_enough() -> None:
    assert len(SAME_AS_JS) + len(WXML_ONLY) >= 80
    assert len(set(SAME_AS_JS)) == len(SAME_AS_JS)


def test_emitted_js_matches_javascript_semantics(tmp_path: Path) -> None:
    cases: list[dict[str, str]] = []
    for text in SAME_AS_JS:
        cases.append({"text": text, "js": emit_expression(parse_ok(text), SCOPE).js})
    for text, expected in WXML_ONLY:
        expr = parse_ok(text) if text != "'\\1'" else _parse_with_warning(text)
        cases.append({"text": text, "js": emit_expression(expr, SCOPE).js, "expect": expected})
    results = run_node(tmp_path, harness(cases))
    failures = [f"{r['text']!r} → {r['js']}: got {r['got']}, want {r['want']}" for r in results if not r["ok"]]
    assert not failures, "\n".join(failures)


def _parse_with_warning(text: str) -> Expr:
    from expression_helpers import parse

    expr, diagnostics = parse(text)
    assert expr is not None and all(d.code == 3016 for d in diagnostics)
    return expr


# (WXML text run, expected rendered text) — the `value-rendering`/`interpolation` conformance cases.
TEXT_RUNS = [
    ("Hello, {{name}}!", "Hello, Ada!"),
    ("[{{nope}}][{{n}}]", "[][]"),
    ("[{{o.zz}}]", "[]"),
    ("{{t}}/{{f}}/{{!t}}/{{!!e}}", "true/false/false/false"),
    ("{{0/0}}|{{1/0}}|{{-1/0}}|{{'a' * 2}}", "NaN|Infinity|-Infinity|NaN"),
    ("{{0.1 + 0.2}}|{{1/3}}|{{10/4}}|{{7 % 3}}|{{-7 % 3}}", "0.30000000000000004|0.3333333333333333|2.5|1|-1"),
    ("x{{xs}}", "x1,2,3"),
    ("{{o}}!", "[object Object]!"),
    ("{{z}}-{{e}}-{{a}}", "0--local-a"),
    ('{{"{" + k + "}"}}', "{k1}"),
    ("  {{s}}  ", "  str  "),
    ("{{1e21}} {{0.0000001}}", "1e+21 1e-7"),
]


def test_interpolations_render_like_wechat(tmp_path: Path) -> None:
    cases = []
    for run, expected in TEXT_RUNS:
        pieces: list[str | Expr] = []
        for i, piece in enumerate(re.split(r"\{\{(.*?)\}\}", run)):
            pieces.append(parse_ok(piece) if i % 2 else piece)
        emitted = emit_interpolation(pieces, SCOPE)
        cases.append({"text": run, "js": emitted.js, "expect": json.dumps(expected)})
    results = run_node(tmp_path, harness(cases))
    failures = [f"{r['text']!r} → {r['js']}: got {r['got']}, want {r['want']}" for r in results if not r["ok"]]
    assert not failures, "\n".join(failures)
