"""compile_wxs: file and inline modules, positions in WXML coordinates, requires, built-ins."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.generate.wxs import WXS_FACTORY_PARAMS, WxsModule, compile_wxs
from openmini.compiler.project import Project
from openmini.compiler.source import SourceFile

NODE = shutil.which("node")

WXML = """<view>{{fmt.price(1)}}</view>
<wxs module="fmt">
var re = /<[^>]+>/g;
var slash = /\\/+$/;
function strip(s) { return s.replace(re, '').replace(slash, '') }
module.exports = { strip: strip, price: function (n) { return '¥' + n.toFixed(2) } };
</wxs>
"""


def inline(text: str = WXML, name: str = "fmt") -> tuple[int, int]:
    start = text.index(">", text.index(f'<wxs module="{name}"')) + 1
    return start, text.index("</wxs>", start)


def compile_inline(text: str) -> tuple[WxsModule | None, Diagnostics]:
    source = SourceFile("pages/index/index.wxml", text)
    diagnostics = Diagnostics()
    start, end = inline(text)
    module = compile_wxs(source, start, end, "pages/index/index.wxml#fmt", diagnostics)
    return module, diagnostics


def compile_file(
    text: str, path: str = "tools/fmt.wxs", project: Project | None = None
) -> tuple[WxsModule | None, Diagnostics]:
    diagnostics = Diagnostics()
    source = SourceFile(path, text)
    module = compile_wxs(source, 0, len(text), path, diagnostics, project=project)
    return module, diagnostics


def run(tmp_path: Path, modules: list[WxsModule], entry: str, expression: str) -> str:
    """Run WXS modules in node with a loader following docs/modules.md."""
    loader = """
const factories = {}; const cache = {};
function __openmini_define__(id, requires, factory) { factories[id] = { requires, factory }; }
function getRegExp(p, f) { return new RegExp(p, f) }
function getDate() { return new (Function.prototype.bind.apply(Date, [null].concat([].slice.call(arguments)))) }
function load(id) {
  if (cache[id]) return cache[id].exports;
  const { requires, factory } = factories[id];
  const module = { exports: {} }; cache[id] = module;
  const require = (spec) => load(requires[spec]);
  const provided = { require, module, exports: module.exports, getRegExp, getDate };
  factory.apply(null, PARAMS.map((n) => provided[n]));
  return module.exports;
}
""".replace("PARAMS", json.dumps(list(WXS_FACTORY_PARAMS)))
    program = (
        loader
        + ";\n".join(m.code for m in modules)
        + f";\nconsole.log({expression.replace('M', f'load({json.dumps(entry)})')});\n"
    )
    script = tmp_path / "wxs.js"
    script.write_text(program, encoding="utf-8")
    done = subprocess.run([NODE or "node", str(script)], capture_output=True, text=True, check=False)
    return done.stdout.strip() + done.stderr


def test_inline_module_with_regex_literals_compiles() -> None:
    module, diagnostics = compile_inline(WXML)
    assert diagnostics.items == []
    assert module is not None
    assert module.module_id == "pages/index/index.wxml#fmt" and module.path == "pages/index/index.wxml"
    assert module.requires == {}


def test_inline_module_lines_match_the_wxml_file() -> None:
    module, _ = compile_inline(WXML)
    assert module is not None
    code_lines = module.code.split("\n")
    for number, line in enumerate(WXML.split("\n")[2:6], start=3):
        assert code_lines[number - 1] == line


def test_inline_module_runs_in_node(tmp_path: Path) -> None:
    module, _ = compile_inline(WXML)
    assert module is not None
    assert run(tmp_path, [module], module.module_id, "M.strip('<b>hi</b>//') + M.price(3)") == "hi¥3.00"


def test_inline_syntax_error_is_reported_in_wxml_coordinates() -> None:
    text = '<view/>\n<wxs module="fmt">\nvar ok = 1;\nvar = 2;\n</wxs>\n'
    module, diagnostics = compile_inline(text)
    assert module is None
    error = diagnostics.errors[0]
    assert error.code == 6001 and error.location == "pages/index/index.wxml:4:1"
    assert "> 4 | var = 2;" in error.frame


def test_inline_offsets_are_exact_on_the_tag_line() -> None:
    text = '<wxs module="fmt">var a = require(x)</wxs>'
    _, diagnostics = compile_inline(text)
    (error,) = diagnostics.items
    assert error.code == 6031 and error.location == "pages/index/index.wxml:1:27"


def test_get_regexp_and_get_date_are_free_names() -> None:
    code = "var r = getRegExp('^a+$', 'i'); var d = getDate(2020, 1, 1); module.exports = { ok: r.test('AA') }"
    module, diagnostics = compile_file(code)
    assert diagnostics.items == [] and module is not None
    assert "function (require, module, exports, getRegExp, getDate) {var r" in module.code


def test_get_regexp_runs(tmp_path: Path) -> None:
    module, _ = compile_file("var r = getRegExp('^a+$', 'i'); module.exports = { ok: r.test('AA') }")
    assert module is not None
    assert run(tmp_path, [module], "tools/fmt.wxs", "M.ok") == "true"


def test_requires_resolve_relative_bare_and_absolute() -> None:
    files = {"tools/num.wxs": b"", "tools/sub/deep.wxs": b"", "common/base.wxs": b""}
    project = Project(root=Path("/nonexistent"), files=files)
    code = (
        "var a = require('./num.wxs')\nvar b = require('sub/deep.wxs')\n"
        "var c = require('/common/base.wxs')\nvar d = require('../common/base.wxs')\n"
    )
    module, diagnostics = compile_file(code, project=project)
    assert diagnostics.items == [] and module is not None
    assert module.requires == {
        "./num.wxs": "tools/num.wxs",
        "sub/deep.wxs": "tools/sub/deep.wxs",
        "/common/base.wxs": "common/base.wxs",
        "../common/base.wxs": "common/base.wxs",
    }
    assert '"./num.wxs": "tools/num.wxs"' in module.code


def test_inline_requires_resolve_from_the_wxml_folder() -> None:
    text = '<wxs module="fmt">var n = require("../../tools/num.wxs")</wxs>'
    module, diagnostics = compile_inline(text)
    assert diagnostics.items == [] and module is not None
    assert module.requires == {"../../tools/num.wxs": "tools/num.wxs"}


def test_required_wxs_modules_run(tmp_path: Path) -> None:
    helper, _ = compile_file("module.exports = { twice: function (n) { return n * 2 } }", path="tools/num.wxs")
    main, _ = compile_file("var num = require('./num.wxs'); module.exports = num.twice(21)")
    assert helper is not None and main is not None
    assert run(tmp_path, [helper, main], "tools/fmt.wxs", "M") == "42"


@pytest.mark.parametrize(
    ("code", "number", "column"),
    [
        ("var u = require('./util.js')", 6030, 17),
        ("var u = require('./util')", 6030, 17),
        ("var u = require('../../../x.wxs')", 6032, 17),
        ("var u = require('./nope.wxs')", 6033, 17),
        ("var u = require(name)", 6031, 9),
    ],
)
def test_require_errors(code: str, number: int, column: int) -> None:
    project = Project(root=Path("/nonexistent"), files={})
    module, diagnostics = compile_file("\n" + code, project=project)
    (error,) = diagnostics.items
    assert error.code == number and error.is_error
    assert error.location == f"tools/fmt.wxs:2:{column}"
    assert module is not None and module.requires == {}


def test_logic_layer_and_browser_globals_warn_once_each() -> None:
    code = (
        "var a = wx.getSystemInfoSync(); var b = wx.x; getApp(); window.x; setTimeout(f, 1)\n"
        "var local = function (document) { return document }"
    )
    module, diagnostics = compile_file(code)
    assert module is not None
    assert [(d.code, d.message.split("'")[1]) for d in diagnostics.items] == [
        (6034, "wx"),
        (6034, "getApp"),
        (6034, "window"),
        (6034, "setTimeout"),
    ]
    assert not diagnostics.has_errors


@pytest.mark.parametrize("body", ["", "// comment only", "var x = /[/]/; module.exports = x"])
def test_generated_wxs_passes_node_check(tmp_path: Path, body: str) -> None:
    module, _ = compile_file(body)
    assert module is not None
    script = tmp_path / "m.js"
    script.write_text(module.code + ";\n", encoding="utf-8")
    assert subprocess.run([NODE or "node", "--check", str(script)], check=False).returncode == 0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60), st.text(max_size=60))
def test_fuzz_inline_wxs_never_raises(before: str, body: str, after: str) -> None:
    text = before + body + after
    source = SourceFile("p.wxml", text)
    diagnostics = Diagnostics()
    module = compile_wxs(source, len(before), len(before) + len(body), "p.wxml#m", diagnostics)
    for diagnostic in diagnostics.items:
        assert diagnostic.start is not None and diagnostic.start.line >= 1
    if module is not None:
        assert body in module.code
