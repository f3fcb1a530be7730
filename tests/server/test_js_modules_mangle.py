# ruff: noqa: E501  (JavaScript sources are kept on one line)
"""Local names made short (server/js_mangle.py), on the scope analysis of server/js_scopes.py.

Each tricky scope runs in node before and after mangling and must print the same; the names
that must survive are checked in the text. The real bundles are checked to parse, to read
exactly the same globals as before, and to be smaller. Browser behaviour of the mangled
runtime: tests/e2e (conformance, bundled simulator, examples).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from openmini.server import runtime_bundle
from openmini.server.files import runtime_root
from openmini.server.js_mangle import mangle
from openmini.server.js_modules import BundleError, parser
from openmini.server.js_scopes import Scopes
from openmini.server.runtime_bundle import ENTRIES, Bundle, bundle

NODE = shutil.which("node")


def run(code: str) -> object:
    """Run an ES module in node; it prints one JSON line."""
    assert NODE is not None
    done = subprocess.run(
        [NODE, "--input-type=module", "-e", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def same(code: str) -> str:
    """Mangle the code, check that it prints what the original prints, return the mangled code."""
    mangled = mangle(code)
    assert run(mangled) == run(code), mangled
    return mangled


def declared(code: str) -> set[str]:
    return set(re.findall(r"\b(?:let|const|var|function|class)\s+([\w$]+)", code))


CASES = {
    "shadowing and closures": """
        const out = (() => {
            const value = 1, fns = [];
            for (let index = 0; index < 3; index++) fns.push(() => index * value);
            { const value = 10; fns.push(() => value); }
            function inner(value) { return value + 1; }
            return [...fns.map((f) => f()), inner(5), value];
        })();
        console.log(JSON.stringify(out));
    """,
    "shorthand properties and destructuring": """
        const out = (() => {
            const alpha = 1, beta = { gamma: 2, delta: 3 };
            let { gamma, delta = 9, missing = alpha } = beta, epsilon, zeta;
            ({ gamma: epsilon, delta: zeta } = { gamma: 7, delta: 8 });
            ({ gamma, delta } = { gamma: 4, delta: 5 });
            const [first, { second } = { second: 6 }, ...rest] = [alpha, undefined, 10, 11];
            return { alpha, gamma, delta, missing, epsilon, zeta, first, second, rest };
        })();
        console.log(JSON.stringify(out));
    """,
    "a default value cannot see the body": """
        const seen = 'outer';
        const out = (() => {
            const seen = 'enclosing';
            function pick(first = seen, second = () => seen) { var seen = 'body'; return [first, second(), seen]; }
            function again(param) { var param; return param; }
            return [...pick(), again(3)];
        })();
        console.log(JSON.stringify([out, seen]));
    """,
    "function and class expressions name themselves": """
        const out = (() => {
            const fact = function self(n) { return n <= 1 ? 1 : n * self(n - 1); };
            const shadow = function self(self) { return self; };
            const Klass = class Inner { static make() { return new Inner(); } get kind() { return typeof Inner; } };
            class Point { #secret = 3; constructor(x) { this.x = x; } sum(other) { return this.x + other.x + this.#secret; } }
            return [fact(5), shadow(4), Klass.make().kind, new Point(1).sum(new Point(2)), Point.name.length > 0];
        })();
        console.log(JSON.stringify(out));
    """,
    "labels, switch and loops": """
        const out = (() => {
            const found = [];
            outer: for (const row of [[1, 2], [3, 4]]) {
                for (const cell in row) { if (row[cell] === 4) break outer; found.push(row[cell]); }
            }
            for (var counter = 0; counter < 2; counter++) {}
            switch (found.length) { case 3: { let label = 'three'; found.push(label); break; } default: found.push('other'); }
            return [found, counter];
        })();
        console.log(JSON.stringify(out));
    """,
}


@pytest.mark.parametrize("code", CASES.values(), ids=CASES.keys())
def test_mangled_code_behaves_the_same(code: str) -> None:
    mangled = same(code)
    assert len(mangled) < len(code)


def test_locals_are_renamed_and_the_program_keeps_its_names() -> None:
    mangled = same(
        "export const answer = (() => { const longName = 40; function helper(other) { return other + 2; }"
        " return helper(longName); })(); console.log(JSON.stringify(answer));"
    )
    assert "answer" in mangled and not {"longName", "helper", "other"} & declared(mangled)


def test_a_new_name_never_captures_a_global() -> None:
    # Every one-letter name is a global the inner code reads: the local must take another name.
    globals_ = "".join(f"globalThis.{c} = '{c}';" for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$")
    reads = "+".join("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$")
    mangled = same(
        f"{globals_} const out = (() => {{ const local = '!'; return {reads} + local; }})(); console.log(JSON.stringify(out));"
    )
    assert "const aa = '!'" in mangled


def test_names_eval_can_see_are_kept() -> None:
    mangled = same(
        "const out = (() => { const secret = 1; const inner = () => { const hidden = 2; return hidden; };"
        " return [eval('secret + 1'), inner()]; })(); console.log(JSON.stringify(out));"
    )
    assert "secret" in declared(mangled) and "inner" in declared(mangled) and "hidden" not in declared(mangled)


def test_a_var_assigning_a_catch_parameter_keeps_both_names() -> None:
    mangled = mangle("(() => { try { throw 1; } catch (problem) { var problem = 2; } return problem; })();")
    assert mangled.count("problem") == 3


def test_arguments_and_this_are_untouched() -> None:
    mangled = same(
        "const out = (function () { const first = arguments[0]; return [first, arguments.length, this === undefined]; })(5, 6);"
        " console.log(JSON.stringify(out));"
    )
    assert "arguments[0]" in mangled


def test_code_that_does_not_parse_is_refused() -> None:
    with pytest.raises(BundleError, match="does not parse"):
        mangle("const = ;")


# ---------------------------------------------------------------- the real bundles


def items(built: Bundle) -> list[Bundle]:
    return [built, *(i for chunk in built.chunks for i in items(chunk))]


@pytest.mark.parametrize("entry", ENTRIES)
def test_every_realms_bundle_parses_and_reads_the_same_globals(entry: str, monkeypatch: pytest.MonkeyPatch) -> None:
    mangled = {item.modules[-1]: item for item in items(bundle(runtime_root(), entry))}
    monkeypatch.setattr(runtime_bundle, "mangle", lambda code: code)
    plain = {item.modules[-1]: item for item in items(bundle(runtime_root(), entry))}
    assert mangled.keys() == plain.keys()
    for small, big in ((mangled[key], plain[key]) for key in plain):
        small_tree, big_tree = parser().parse(small.code), parser().parse(big.code)
        assert not small_tree.root_node.has_error, small.url
        assert Scopes(small_tree.root_node).free == Scopes(big_tree.root_node).free, small.url
        assert len(small.code) < len(big.code)
