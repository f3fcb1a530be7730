"""Regressions found by compiling real mini programs (docs/compatibility.md): each test is the
smallest program showing what WeChat accepts, or how a deliberate refusal is worded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openmini.compiler import CompileOptions, compile_project
from openmini.compiler.diagnostics import Diagnostic, Diagnostics, Severity, collapse_repeated_warnings
from openmini.compiler.generate.package import MIB, PackageLimits
from openmini.compiler.parse.wxss import Import, StyleRule, parse_wxss
from openmini.compiler.pipeline import CompileResult
from openmini.compiler.source import SourceFile


def build(tmp_path: Path, files: dict[str, Any], options: CompileOptions | None = None) -> CompileResult:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return compile_project(tmp_path, options)


def page(path: str, wxml: str = "<view/>", **extra: Any) -> dict[str, Any]:
    files: dict[str, Any] = {f"{path}.wxml": wxml, f"{path}.js": "Page({})"}
    files.update({f"{path}{suffix}": content for suffix, content in extra.items()})
    return files


def component(path: str, config: dict[str, Any] | None = None, wxss: str | None = None) -> dict[str, Any]:
    files: dict[str, Any] = {
        f"{path}.json": {"component": True, **(config or {})},
        f"{path}.wxml": "<view/>",
        f"{path}.js": "Component({})",
    }
    if wxss is not None:
        files[f"{path}.wxss"] = wxss
    return files


def codes(result: CompileResult, severity: Severity | None = None) -> list[int]:
    return [d.code for d in result.diagnostics if severity is None or d.severity == severity]


def where(d: Diagnostic) -> tuple[str, int, int, int]:
    assert d.start is not None
    return d.path, d.code, d.start.line, d.start.column


# --- WXSS ----------------------------------------------------------------------------------------


def test_import_without_semicolon_ends_at_the_line_break() -> None:
    text = "@import '../common.wxss'\n/* c */\n\nicon {\n  margin: 1px;\n}\n"
    diagnostics = Diagnostics()
    sheet = parse_wxss(SourceFile("pages/a.wxss", text), diagnostics)
    assert diagnostics.items == []
    first, second = sheet.rules
    assert isinstance(first, Import) and first.target == "../common.wxss"
    assert isinstance(second, StyleRule) and sheet.source.position(second.offset).line == 4


def test_import_followed_by_a_rule_on_the_same_line_is_still_malformed() -> None:
    diagnostics = Diagnostics()
    parse_wxss(SourceFile("a.wxss", "@import 'b.wxss' .x { color: red }"), diagnostics)
    assert [d.code for d in diagnostics.items] == [4010]


def test_invalid_selector_drops_the_rule_with_a_warning(tmp_path: Path) -> None:
    files = {"app.json": {"pages": ["p/a"]}, **page("p/a", **{".wxss": ". { color: red }\n.ok { color: blue }"})}
    result = build(tmp_path, files)
    assert result.package is not None
    [warning] = result.diagnostics
    assert where(warning) == ("p/a.wxss", 4006, 1, 1) and warning.severity == Severity.WARNING


def test_a_stylesheet_shared_by_two_pages_reports_its_problem_once(tmp_path: Path) -> None:
    files = {
        "app.json": {"pages": ["p/a", "p/b"]},
        "common.wxss": ". { color: red }",
        **page("p/a", **{".wxss": "@import '../common.wxss';"}),
        **page("p/b", **{".wxss": "@import '../common.wxss';"}),
    }
    assert codes(build(tmp_path, files)) == [4006]


def test_component_attribute_selector_warning_names_the_selector(tmp_path: Path) -> None:
    files = {
        "app.json": {"pages": ["p/a"], "usingComponents": {"c-x": "/c/x"}},
        **page("p/a", "<c-x/>"),
        **component("c/x", wxss="[data-theme=dark] .a { color: red }"),
    }
    [warning] = build(tmp_path, files).diagnostics
    assert warning.code == 4032 and "[data-theme=dark]" in warning.message


def test_repeated_warnings_of_one_code_in_one_file_are_counted_on_the_first(tmp_path: Path) -> None:
    rules = "\n".join(f"view{i} {{ color: red }}" for i in range(5))
    files = {
        "app.json": {"pages": ["p/a"], "usingComponents": {"c-x": "/c/x"}},
        **page("p/a", "<c-x/>"),
        **component("c/x", wxss=rules),
    }
    [warning] = build(tmp_path, files).diagnostics
    assert where(warning) == ("c/x.wxss", 4030, 1, 1)
    assert warning.message.endswith("(and 4 more like this in this file)")


def test_collapsing_keeps_every_error() -> None:
    error = Diagnostic(4010, "bad_import", Severity.ERROR, "m", "a.wxss")
    assert collapse_repeated_warnings([error, error]) == [error, error]


def test_less_stylesheet_without_wxss_is_named(tmp_path: Path) -> None:
    files = {"app.json": {"pages": ["p/a"]}, **page("p/a", **{".less": ".a { .b { color: red } }"})}
    result = build(tmp_path, files)
    assert result.package is not None
    [warning] = result.diagnostics
    assert (warning.code, warning.path) == (4018, "p/a.less") and "p/a.wxss" in warning.message


# --- configuration -------------------------------------------------------------------------------


def test_component_may_use_the_xr_frame_renderer_with_a_warning(tmp_path: Path) -> None:
    files = {
        "app.json": {"pages": ["p/a"], "usingComponents": {"xr-start": "/c/xr"}},
        **page("p/a", "<xr-start/>"),
        **component("c/xr", {"renderer": "xr-frame"}),
    }
    result = build(tmp_path, files)
    assert result.package is not None
    assert [where(d) for d in result.diagnostics] == [("c/xr.json", 5112, 1, 33)]


def test_page_renderer_stays_webview_or_skyline(tmp_path: Path) -> None:
    files = {"app.json": {"pages": ["p/a"]}, **page("p/a", **{".json": {"renderer": "xr-frame"}})}
    assert codes(build(tmp_path, files)) == [5102]


def test_subpackage_may_choose_renderer_and_component_framework(tmp_path: Path) -> None:
    sub = {"root": "s", "pages": ["a"], "renderer": "skyline", "componentFramework": "glass-easel"}
    files = {"app.json": {"pages": ["p/a"], "subpackages": [sub]}, **page("p/a"), **page("s/a")}
    assert build(tmp_path, files).diagnostics == []


def test_mixed_case_component_tag_is_accepted(tmp_path: Path) -> None:
    files = {
        "app.json": {"pages": ["p/a"], "usingComponents": {"mp-halfScreen": "/c/x"}},
        **page("p/a", "<mp-halfScreen/>"),
        **component("c/x"),
    }
    assert build(tmp_path, files).diagnostics == []


def test_typescript_page_names_the_ts_file(tmp_path: Path) -> None:
    files = {"app.json": {"pages": ["p/a"]}, "p/a.wxml": "<view/>", "p/a.ts": "Page({})"}
    [error] = build(tmp_path, files).diagnostics
    assert where(error) == ("app.json", 5207, 1, 12) and "p/a.ts" in error.message


# --- subpackages and asynchronous requires -------------------------------------------------------

ASYNC_APP = {
    "pages": ["p/a"],
    "subPackages": [{"root": "subA", "pages": ["index"]}, {"root": "subB", "pages": []}],
}


def test_subpackage_without_pages_holds_modules_for_asynchronous_use(tmp_path: Path) -> None:
    files = {
        "app.json": ASYNC_APP,
        **page("p/a"),
        "subA/index.wxml": "<view/>",
        "subA/index.js": (
            "require('../subB/utils.js', u => u.who)\nrequire.async('../subB/more.js').then(m => m)\nPage({})"
        ),
        "subB/utils.js": "module.exports = {who: 1}",
        "subB/more.js": "module.exports = {}",
    }
    result = build(tmp_path, files)
    assert result.diagnostics == [] and result.package is not None
    logic = result.package.manifest["packages"]["subB"]
    assert logic["pages"] == []


def test_synchronous_require_across_subpackages_is_still_refused(tmp_path: Path) -> None:
    files = {
        "app.json": ASYNC_APP,
        **page("p/a"),
        "subA/index.wxml": "<view/>",
        "subA/index.js": "const u = require('../subB/utils.js'); Page({})",
        "subB/utils.js": "module.exports = {}",
    }
    assert codes(build(tmp_path, files)) == [6014]


# --- WXML ----------------------------------------------------------------------------------------


def test_missing_import_is_a_warning_and_the_page_builds(tmp_path: Path) -> None:
    files = {"app.json": {"pages": ["p/a"]}, **page("p/a", '<import src="../gone.wxml"/><template is="head"/>')}
    result = build(tmp_path, files)
    assert result.package is not None
    [warning] = result.diagnostics
    assert where(warning) == ("p/a.wxml", 2105, 1, 14) and warning.severity == Severity.WARNING


def test_missing_wxs_file_is_still_an_error(tmp_path: Path) -> None:
    files = {"app.json": {"pages": ["p/a"]}, **page("p/a", '<wxs module="m" src="../gone.wxs"/>')}
    assert codes(build(tmp_path, files), Severity.ERROR) == [2123]


# --- what we do not provide ----------------------------------------------------------------------


def test_extended_weui_library_is_one_error_saying_what_to_install(tmp_path: Path) -> None:
    files = {
        "app.json": {
            "pages": ["p/a", "p/b"],
            "useExtendedLib": {"weui": True},
            "usingComponents": {"mp-cell": "weui-miniprogram/cell/cell"},
        },
        **page("p/a", "<mp-cell/>", **{".json": {"usingComponents": {"mp-icon": "weui-miniprogram/icon/icon"}}}),
        **page("p/b", "<mp-cell/>"),
    }
    result = build(tmp_path, files)
    [error] = [d for d in result.diagnostics if d.is_error]
    assert error.code == 5311 and "npm install weui-miniprogram" in error.message


def test_extended_library_installed_from_npm_resolves(tmp_path: Path) -> None:
    files = {
        "app.json": {"pages": ["p/a"], "useExtendedLib": {"weui": True}},
        **page("p/a", "<mp-cell/>", **{".json": {"usingComponents": {"mp-cell": "weui-miniprogram/cell/cell"}}}),
        **component("miniprogram_npm/weui-miniprogram/cell/cell"),
    }
    assert codes(build(tmp_path, files), Severity.ERROR) == []


def test_unbuilt_npm_package_names_the_fix(tmp_path: Path) -> None:
    files = {
        "app.json": {"pages": ["p/a"]},
        "package.json": {"dependencies": {"miniprogram-barrage": "^1.1.0"}},
        **page("p/a", "<barrage/>", **{".json": {"usingComponents": {"barrage": "miniprogram-barrage"}}}),
        "p/b.js": "require('miniprogram-barrage')",
    }
    files["p/a.js"] = "require('./b'); Page({})"
    result = build(tmp_path, files)
    assert sorted(codes(result)) == [5312, 6017]
    assert all("build npm" in d.message for d in result.diagnostics)


# --- package size --------------------------------------------------------------------------------


def test_size_counts_component_css_once_and_only_uploaded_files(tmp_path: Path) -> None:
    pages = [f"p/{i}" for i in range(4)]
    files: dict[str, Any] = {"app.json": {"pages": pages, "usingComponents": {"c-x": "/c/x"}}}
    for path in pages:
        files.update(page(path, "<c-x/>"))
    files.update(component("c/x", wxss=".a{color:red}" * 300))  # 3.9 KB, reached by every page
    files["README.md"] = "x" * 5000  # WeChat never uploads it
    limits = PackageLimits(main=12000)
    result = build(tmp_path, files, CompileOptions(limits=limits))
    assert result.package is not None, [str(d) for d in result.diagnostics]
    sizes = result.package.manifest["sizes"]
    packed = sum(f["size"] for f in result.package.manifest["files"].values())
    assert sizes["main"] < 12000 < packed
    assert result.package.manifest["files"]["README.md"]["size"] == 5000
    assert PackageLimits().total == 30 * MIB


def test_xr_frame_notice_is_given_once_per_build(tmp_path: Path) -> None:
    files: dict[str, Any] = {"app.json": {"pages": ["p/a"], "usingComponents": {"x1": "/c/x1", "x2": "/c/x2"}}}
    files.update(page("p/a", "<x1/><x2/>"))
    files.update(component("c/x1", {"renderer": "xr-frame"}))
    files.update(component("c/x2", {"renderer": "xr-frame"}))
    [warning] = build(tmp_path, files).diagnostics
    assert warning.code == 5112 and warning.message.endswith("(and 1 more like this in other files)")
