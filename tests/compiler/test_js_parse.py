"""analyze_js: syntax errors, require() forms, wx API and framework call scanning."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.parse.js import JsAnalysis, analyze_js
from openmini.compiler.source import SourceFile


def analyze(text: str, path: str = "pages/index/index.js") -> tuple[JsAnalysis, Diagnostics]:
    diagnostics = Diagnostics()
    return analyze_js(SourceFile(path, text), diagnostics), diagnostics


def specs(analysis: JsAnalysis) -> list[str]:
    return [call.spec for call in analysis.requires]


def test_modern_syntax_parses_cleanly() -> None:
    code = """
const a = obj?.deep?.[key] ?? 'fallback'
class Store extends Base { static #count = 0; async load() { for await (const x of xs) {} } }
const merged = { ...defaults, ...opts }; fn(...args)
try { risky() } catch { recover() }
const f = async (x = 1, { y } = {}) => await x ** 2
label: for (const [k, v] of Object.entries(o)) { if (k) continue label }
const re = /a\\/b[/]+/giu; const t = `x ${a + `nested ${b}`}`
"""
    analysis, diagnostics = analyze(code)
    assert diagnostics.items == []
    assert analysis.syntax_ok


def test_top_level_return_is_allowed_as_in_a_module_function() -> None:
    analysis, diagnostics = analyze("if (done) return\nmodule.exports = 1\n")
    assert diagnostics.items == [] and analysis.syntax_ok


def test_require_forms() -> None:
    code = "\n".join(
        [
            "var a = require('./a')",
            'var b = require("../b.js")',
            "var c = require(`/utils/c`)",
            "var d = require('dayjs')",
            "var e = require('@vant/weapp/button/index')",
            "var f = require('./it\\'s')",
            "require('./data.json')",
        ]
    )
    analysis, diagnostics = analyze(code)
    assert diagnostics.items == []
    assert specs(analysis) == [
        "./a",
        "../b.js",
        "/utils/c",
        "dayjs",
        "@vant/weapp/button/index",
        "./it's",
        "./data.json",
    ]


def test_require_offsets_point_at_the_literal_even_after_non_ascii_text() -> None:
    code = "var 名前 = '😀é'; var u = require('./util')\n"
    analysis, _ = analyze(code)
    (call,) = analysis.requires
    assert code[call.start : call.end] == "'./util'"


@pytest.mark.parametrize(
    ("code", "column"),
    [
        ("var x = require(name)", 9),
        ("var x = require('./a' + suffix)", 9),
        ("var x = require(`./${name}`)", 9),
        ("require()", 1),
    ],
)
def test_dynamic_require_warns_with_position(code: str, column: int) -> None:
    analysis, diagnostics = analyze("\n" + code)
    assert analysis.requires == ()
    (warning,) = diagnostics.items
    assert warning.code == 6010
    assert warning.start is not None and (warning.start.line, warning.start.column) == (2, column)
    assert not diagnostics.has_errors


def test_dynamic_require_inside_npm_folder_is_silent() -> None:
    loader = "var __REQUIRE__ = function(id, source) { return require(source) }"
    _, diagnostics = analyze(loader, path="miniprogram_npm/dayjs/index.js")
    assert diagnostics.items == []


def test_shadowed_require_is_not_a_module_require() -> None:
    code = """
__DEFINE__(1, function (require, module, exports) { require('path') })
function load(require) { return require(x) }
var wrap = require => require('fs')
function inner() { var require = make(); require('os') }
require('./real')
"""
    analysis, diagnostics = analyze(code)
    assert specs(analysis) == ["./real"]
    assert diagnostics.items == []


def test_wx_api_scan() -> None:
    code = """
wx.request({ url })
wx['login']({})
wx.cloud.callFunction({ name: 'add' })
wx.cloud['database']()
const { getStorageSync, setStorage: save } = wx
promisify(wx.chooseImage)
obj.wx.notAnApi()
function f(wx) { wx.shadowed() }
"""
    analysis, _ = analyze(code)
    assert [use.name for use in analysis.apis] == [
        "request",
        "login",
        "cloud.callFunction",
        "cloud.database",
        "getStorageSync",
        "setStorage",
        "chooseImage",
    ]
    first = analysis.apis[0]
    assert code[first.start : first.end] == "wx.request"


def test_framework_calls() -> None:
    code = "const app = getApp()\nPage({ onLoad() { getCurrentPages() } })\nComponent({})\nBehavior({})\nApp({})\n"
    analysis, _ = analyze(code)
    assert [use.name for use in analysis.calls] == ["getApp", "Page", "getCurrentPages", "Component", "Behavior", "App"]
    assert analysis.call_names == {"getApp", "Page", "getCurrentPages", "Component", "Behavior", "App"}


@pytest.mark.parametrize(
    ("code", "code_number", "line", "column"),
    [
        ("var a = 1\nvar b = = 2\n", 6001, 2, 7),
        ("function f() {\n  return 1\n", 6002, 2, 11),
        ("if (a {\n}\n", 6002, 1, 6),
        ("var a = 1\nfoo(1,\n  2\n", 6003, 2, 1),
        ("}\nvar ok = 1\n", 6001, 1, 1),
    ],
)
def test_syntax_errors_are_positioned(code: str, code_number: int, line: int, column: int) -> None:
    analysis, diagnostics = analyze(code, path="utils/bad.js")
    assert not analysis.syntax_ok
    first = diagnostics.errors[0]
    assert first.code == code_number
    assert first.start is not None and (first.start.line, first.start.column) == (line, column)
    assert str(first).startswith(f"utils/bad.js:{line}:{column}: error OM{code_number}")
    assert ">" in first.frame and "^" in first.frame


def test_syntax_error_column_counts_utf16_units() -> None:
    # The emoji is one code point but two UTF-16 units, as editors count it.
    _, diagnostics = analyze("var s = '😀'; var = 1\n")
    first = diagnostics.errors[0]
    assert first.start is not None and first.start.column == 15


def test_many_syntax_errors_are_capped() -> None:
    code = "\n".join(f"var = {i}" for i in range(20))
    _, diagnostics = analyze(code)
    codes = [d.code for d in diagnostics.items]
    assert codes.count(6001) == 5 and codes[-1] == 6004


def test_requires_are_still_found_in_a_broken_file() -> None:
    analysis, diagnostics = analyze("var u = require('./util')\nvar = \n")
    assert diagnostics.has_errors
    assert specs(analysis) == ["./util"]


SAMPLES = [
    "const u = require('./util'); wx.request({url: `a${b}`}); Page({data: {a: 1}})",
    "class A { async *g() { yield* x?.y ?? z } }",
    "var re = /[/]\\//g; try {} catch {}",
    "function(require) { require(x) }",
]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_fuzz_random_text_never_raises(text: str) -> None:
    analyze(text)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SAMPLES), st.integers(min_value=0, max_value=80), st.text(max_size=8))
def test_fuzz_mutated_javascript_never_raises(sample: str, at: int, insert: str) -> None:
    position = at % (len(sample) + 1)
    analysis, _ = analyze(sample[:position] + insert + sample[position + 1 :])
    for call in analysis.requires:
        assert 0 <= call.start <= call.end


def test_deeply_nested_input_does_not_exhaust_the_stack() -> None:
    analysis, diagnostics = analyze("(" * 20_000 + "require('./x')" + ")" * 19_999)
    assert diagnostics.has_errors
    assert not analysis.syntax_ok
