"""Hostile input: the parser never raises, and whatever it accepts emits valid JavaScript."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import tree_sitter_javascript
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tree_sitter import Language, Parser

from openmini.compiler.diagnostics import Diagnostics, Severity
from openmini.compiler.generate.expression import ExprScope, emit_expression
from openmini.compiler.parse.expression import parse_expression
from openmini.compiler.source import SourceFile

SCOPE = ExprScope(locals=frozenset({"item", "index"}), wxs=frozenset({"fmt"}))
JS = Parser(Language(tree_sitter_javascript.language()))
ALPHABET = "abcinxyz0189._$'\"\\`{}[]()+-*/%<>=!&|^~?:,; \n\t#e" + "中😀\u2028"
SEEDS = [
    "a + b * c", "list[idx].name", "user['age'] >= 18 ? 'adult' : 'minor'", "fmt.price(item.cost, 2)",
    "[...xs, {a, b: [1, , 2]}, -x]", "a, b: 1, ...o", "!a && (b || c) ?? d", "typeof x === 'string'",
    "'it\\'s \\u0041' + \"x\"", "0x1F | 010 << .5e1", "item.children[index].tags.length > 0",
    "{'k': v, in: typeof void 0}", "a ? b ? c : d : e",
]  # fmt: skip


def is_valid_js(js: str) -> bool:
    tree = JS.parse(f"x = {js};".encode())
    return not tree.root_node.has_error


def check(text: str, object_shorthand: bool) -> None:
    prefix, suffix = "<view>\n  {{", "}}</view>"
    source = SourceFile("pages/fuzz.wxml", prefix + text + suffix)
    start, end = len(prefix), len(prefix) + len(text)
    diagnostics = Diagnostics()
    expr = parse_expression(source, start, end, diagnostics, object_shorthand=object_shorthand)
    errors = [d for d in diagnostics.items if d.severity >= Severity.ERROR]
    for diagnostic in diagnostics.items:
        assert diagnostic.start is not None and diagnostic.start.line >= 2
        assert 3000 < diagnostic.code < 4000
        assert str(diagnostic)
    if expr is None:
        assert errors, "a failed parse must say why"
        return
    assert start <= expr.start <= expr.end <= end
    emitted = emit_expression(expr, SCOPE)
    assert is_valid_js(emitted.js), emitted.js
    assert emitted.constant is (not emitted.deps)
    for path in emitted.deps:
        assert path[0] in ("D", "S") and len(path) >= 2


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40), st.booleans())
def test_random_text_never_raises(text: str, object_shorthand: bool) -> None:
    check(text, object_shorthand)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), st.booleans())
def test_arbitrary_unicode_never_raises(text: str, object_shorthand: bool) -> None:
    check(text, object_shorthand)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_expressions_never_raise(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(SEEDS))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        insert = data.draw(st.text(alphabet=ALPHABET, max_size=3))
        text = text[:at] + insert + text[at + cut :]
    check(text, data.draw(st.booleans()))


def test_the_seeds_are_valid() -> None:
    for seed in SEEDS:
        diagnostics = Diagnostics()
        source = SourceFile("s.wxml", seed)
        assert parse_expression(source, 0, len(seed), diagnostics) is not None
        assert not diagnostics.items, [str(d) for d in diagnostics.items]


# Generated well-formed expressions, checked against JavaScript in node: the property behind the
# precedence, spacing and literal rules of the emitter. `??` is left out because JavaScript refuses
# it next to `||`/`&&` without parentheses while WXML accepts it (the node table covers it).
LEAVES = st.sampled_from(
    ["0", "1", "2", "7", "0.5", ".25", "1e3", "0x1f", "010", "'a'", "'10'", '""', "true", "false", "null",
     "undefined", "p", "q", "r", "s", "nope", "arr"]
)  # fmt: skip
BINARY = ["*", "/", "%", "+", "-", "<<", ">>", ">>>", "<", ">", "<=", ">=", "==", "!=", "===", "!==", "&", "^", "|"]
BINARY += ["&&", "||"]
UNARY = ["!", "- ", "+ ", "~", "typeof ", "void "]  # "- -0", not the decrement "--0"


def _grow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    # Each operand is parenthesized or not at random: without parentheses the text means what
    # JavaScript's precedence says, so both our parser and our emitter are put to the test.
    operand = st.tuples(children, st.booleans()).map(lambda t: f"({t[0]})" if t[1] else t[0])
    return st.one_of(
        st.tuples(operand, st.sampled_from(BINARY), operand).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        st.tuples(st.sampled_from(UNARY), operand).map(lambda t: f"{t[0]}{t[1]}"),
        st.tuples(operand, operand, operand).map(lambda t: f"{t[0]} ? {t[1]} : {t[2]}"),
        st.lists(children, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        children.map(lambda x: f"[{x}, 1].length"),
        children.map(lambda x: f"arr[{x}]"),
    )


EXPRESSIONS = st.recursive(LEAVES, _grow, max_leaves=12)
FUZZ_DATA = {"p": 3, "q": -2, "r": "x", "s": "5", "arr": [10, 20, 30]}

NODE_CHECK = r"""
const util = require("util");
const cases = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const DATA = __DATA__;
const scope = new Proxy(Object.assign({}, DATA), {
  has: () => true,
  get: (t, k) => (k === Symbol.unscopables ? undefined : t[k]),
});
function outcome(thunk) {
  try { return { value: thunk() }; } catch (e) { return { error: e.constructor.name }; }
}
const bad = [];
for (const c of cases) {
  const got = outcome(() => new Function("D", "S", "W", "R", "return " + c.js + ";")(DATA, {}, {}, {}));
  const want = outcome(() => new Function("__s", "with (__s) { return (" + c.text + "\n); }")(scope));
  if (!util.isDeepStrictEqual(got, want)) bad.push([c.text, c.js, util.inspect(got), util.inspect(want)]);
}
process.stdout.write(JSON.stringify(bad));
"""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(EXPRESSIONS, min_size=50, max_size=50))
def test_generated_expressions_agree_with_javascript(tmp_path: Path, texts: list[str]) -> None:
    cases = []
    for text in texts:
        diagnostics = Diagnostics()
        expr = parse_expression(SourceFile("g.wxml", text), 0, len(text), diagnostics)
        assert expr is not None and not diagnostics.items, (text, [str(d) for d in diagnostics.items])
        cases.append({"text": text, "js": emit_expression(expr, ExprScope()).js})
    (tmp_path / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    script = tmp_path / "check.js"
    script.write_text(NODE_CHECK.replace("__DATA__", json.dumps(FUZZ_DATA)), encoding="utf-8")
    result = subprocess.run(
        ["node", str(script), str(tmp_path / "cases.json")], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
