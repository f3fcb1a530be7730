"""resolve_require (WeChat's order, npm, JSON) and check_modules (graph, package rules)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openmini.compiler.check.modules import check_modules, require_candidates, resolve_require
from openmini.compiler.diagnostics import Diagnostic, Diagnostics
from openmini.compiler.project import Project


def project(files: dict[str, str]) -> Project:
    return Project(root=Path("/nonexistent"), files={path: text.encode() for path, text in files.items()})


FILES = {
    "app.js": "App({})",
    "utils/util.js": "",
    "utils/index.js": "",
    "utils/fmt/index.js": "",
    "utils/config.dev.js": "",
    "data/cities.json": "[]",
    "pages/index/index.js": "",
    "pages/index/util.js": "",
    "pages/index/helper.wxs": "",
    "miniprogram_npm/dayjs/index.js": "",
    "miniprogram_npm/dayjs/plugin/utc.js": "",
    "miniprogram_npm/lodash/package.json": json.dumps({"main": "./lib/lodash"}),
    "miniprogram_npm/lodash/lib/lodash.js": "",
    "miniprogram_npm/lodash/index.js": "",
    "miniprogram_npm/broken-main/package.json": "{not json",
    "miniprogram_npm/broken-main/index.js": "",
    "miniprogram_npm/@vant/weapp/button/index.js": "",
    "miniprogram_npm/@vant/weapp/index.js": "",
    "pkgA/pages/a.js": "",
    "pkgA/miniprogram_npm/dayjs/index.js": "",
}


@pytest.mark.parametrize(
    ("from_path", "spec", "expected"),
    [
        ("pages/index/index.js", "./util", "pages/index/util.js"),
        ("pages/index/index.js", "./util.js", "pages/index/util.js"),
        ("pages/index/index.js", "../../utils/util", "utils/util.js"),
        ("pages/index/index.js", "/utils/util", "utils/util.js"),
        ("pages/index/index.js", "/utils", "utils/index.js"),
        ("pages/index/index.js", "../../utils/fmt", "utils/fmt/index.js"),
        ("pages/index/index.js", "/utils/config.dev", "utils/config.dev.js"),
        ("pages/index/index.js", "/data/cities.json", "data/cities.json"),
        # A bare spec is relative to the file first (WeChat's require('common.js') form)…
        ("pages/index/index.js", "util", "pages/index/util.js"),
        ("app.js", "utils/util.js", "utils/util.js"),
        # …then an npm package, from the file's folder up to the root.
        ("pages/index/index.js", "dayjs", "miniprogram_npm/dayjs/index.js"),
        ("pages/index/index.js", "dayjs/plugin/utc", "miniprogram_npm/dayjs/plugin/utc.js"),
        ("pages/index/index.js", "lodash", "miniprogram_npm/lodash/lib/lodash.js"),
        ("pages/index/index.js", "broken-main", "miniprogram_npm/broken-main/index.js"),
        ("pages/index/index.js", "@vant/weapp", "miniprogram_npm/@vant/weapp/index.js"),
        ("pages/index/index.js", "@vant/weapp/button/index", "miniprogram_npm/@vant/weapp/button/index.js"),
        ("pkgA/pages/a.js", "dayjs", "pkgA/miniprogram_npm/dayjs/index.js"),
        ("miniprogram_npm/dayjs/plugin/utc.js", "dayjs", "miniprogram_npm/dayjs/index.js"),
    ],
)
def test_resolution(from_path: str, spec: str, expected: str) -> None:
    assert resolve_require(project(FILES), from_path, spec) == expected


@pytest.mark.parametrize(
    "spec",
    ["./missing", "../../../outside", "./helper.wxs", "./helper", "", "@vant", "/", "data/cities", "./util/"],
)
def test_unresolvable(spec: str) -> None:
    assert resolve_require(project(FILES), "pages/index/index.js", spec) is None


def test_explicitly_relative_spec_never_falls_back_to_npm() -> None:
    tried = require_candidates(project(FILES), "pages/index/index.js", "./dayjs")
    assert all("miniprogram_npm" not in path for path in tried)


def test_npm_search_order_walks_up_from_the_file() -> None:
    tried = require_candidates(project(FILES), "pkgA/pages/a.js", "dayjs")
    npm = [path for path in tried if "miniprogram_npm" in path]
    assert npm == [
        "pkgA/pages/miniprogram_npm/dayjs/index.js",
        "pkgA/miniprogram_npm/dayjs/index.js",
        "miniprogram_npm/dayjs/index.js",
    ]


def owner(path: str) -> str:
    for root in ("pkgA", "pkgB", "indie"):
        if path.startswith(root + "/"):
            return root
    return "main"


def only(diagnostics: Diagnostics) -> Diagnostic:
    assert len(diagnostics.items) == 1, [str(d) for d in diagnostics.items]
    return diagnostics.items[0]


def test_graph_follows_requires_transitively_and_includes_json() -> None:
    files = {
        "app.js": "const u = require('./utils/util')\nApp({})",
        "utils/util.js": "module.exports = { cities: require('../data/cities.json'), d: require('dayjs') }",
        "data/cities.json": '["Shanghai"]',
        "miniprogram_npm/dayjs/index.js": "module.exports = function () {}",
    }
    diagnostics = Diagnostics()
    graph = check_modules(project(files), ["app.js"], owner, diagnostics)
    assert diagnostics.items == []
    assert graph.modules == ["app.js", "data/cities.json", "miniprogram_npm/dayjs/index.js", "utils/util.js"]
    assert graph.requires["utils/util.js"] == {
        "../data/cities.json": "data/cities.json",
        "dayjs": "miniprogram_npm/dayjs/index.js",
    }
    assert graph.dependencies("app.js") == ["utils/util.js"]
    assert graph.json_modules == {"data/cities.json"}


def test_cycles_are_allowed() -> None:
    files = {"a.js": "require('./b')", "b.js": "require('./a')"}
    diagnostics = Diagnostics()
    graph = check_modules(project(files), ["a.js"], owner, diagnostics)
    assert diagnostics.items == []
    assert graph.requires == {"a.js": {"./b": "b.js"}, "b.js": {"./a": "a.js"}}


def test_unresolved_require_names_file_and_line() -> None:
    files = {"pages/home/home.js": "const a = 1\nconst m = require('./missing')\n"}
    diagnostics = Diagnostics()
    check_modules(project(files), ["pages/home/home.js"], owner, diagnostics)
    error = only(diagnostics)
    assert error.code == 6011 and not error.is_error  # WeChat uploads it; the require throws when it runs
    assert error.location == "pages/home/home.js:2:19"
    assert "'./missing'" in error.message and "pages/home/home.js" in error.message
    assert "pages/home/missing.js" in error.message


def test_unresolved_require_inside_npm_is_a_warning() -> None:
    files = {"miniprogram_npm/x/index.js": "try { require('crypto') } catch (e) {}"}
    diagnostics = Diagnostics()
    check_modules(project(files), ["miniprogram_npm/x/index.js"], owner, diagnostics)
    warning = only(diagnostics)
    assert warning.code == 6012 and not warning.is_error


def test_invalid_json_module_is_reported_at_its_position() -> None:
    files = {"app.js": "require('./conf.json')", "conf.json": '{\n  "a": 1,\n}'}
    diagnostics = Diagnostics()
    graph = check_modules(project(files), ["app.js"], owner, diagnostics)
    error = only(diagnostics)
    assert error.code == 6016 and error.location == "conf.json:3:1"
    assert graph.json_modules == set()


def test_main_package_cannot_require_subpackage() -> None:
    files = {"app.js": "\nrequire('./pkgA/util')", "pkgA/util.js": ""}
    diagnostics = Diagnostics()
    check_modules(project(files), ["app.js"], owner, diagnostics)
    error = only(diagnostics)
    assert error.code == 6013 and error.location == "app.js:2:9"
    assert "pkgA/util.js" in error.message


def test_subpackage_may_require_main_and_itself_but_not_another_subpackage() -> None:
    files = {
        "pkgA/a.js": "require('../utils/u')\nrequire('./own')\nrequire('../pkgB/b')",
        "pkgA/own.js": "",
        "pkgB/b.js": "",
        "utils/u.js": "",
    }
    diagnostics = Diagnostics()
    check_modules(project(files), ["pkgA/a.js"], owner, diagnostics)
    error = only(diagnostics)
    assert error.code == 6014 and error.location == "pkgA/a.js:3:9"


def test_independent_subpackage_requiring_main_is_warned() -> None:
    files = {"indie/a.js": "require('/utils/u')", "utils/u.js": ""}
    diagnostics = Diagnostics()
    graph = check_modules(project(files), ["indie/a.js"], owner, diagnostics, independent={"indie"})
    warning = only(diagnostics)
    assert warning.code == 6015 and not warning.is_error
    assert graph.requires["indie/a.js"] == {"/utils/u": "utils/u.js"}
    diagnostics = Diagnostics()
    check_modules(project(files), ["indie/a.js"], owner, diagnostics)
    assert diagnostics.items == []


def test_missing_and_non_utf8_entries_do_not_raise() -> None:
    proj = Project(root=Path("/nonexistent"), files={"bad.js": b"\xff\xfe"})
    diagnostics = Diagnostics()
    graph = check_modules(proj, ["bad.js", "gone.js", "gone.json"], owner, diagnostics)
    assert graph.modules == []
    assert [d.code for d in diagnostics.items] == [1005]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="./@ab-_\\x", max_size=20), st.sampled_from(sorted(FILES)))
def test_fuzz_resolution_never_raises_and_stays_inside(spec: str, from_path: str) -> None:
    found = resolve_require(project(FILES), from_path, spec)
    assert found is None or found in FILES


def test_import_and_export_from_specs_resolve_like_require() -> None:
    files = {
        "pages/a/a.js": "import d from 'dayjs'\nimport {x} from '../../utils/util'\nexport * from '/utils/fmt'\n"
        "export {y} from './b'\nimport('./lazy')\nimport './side'",
        "pages/a/b.js": "export const y = 1",
        "pages/a/lazy.js": "",
        "pages/a/side.js": "",
        "utils/util.js": "export const x = 1",
        "utils/fmt/index.js": "",
        "miniprogram_npm/dayjs/index.js": "module.exports = 1",
    }
    diagnostics = Diagnostics()
    graph = check_modules(project(files), ["pages/a/a.js"], owner, diagnostics)
    assert diagnostics.items == []
    assert graph.requires["pages/a/a.js"] == {
        "dayjs": "miniprogram_npm/dayjs/index.js",
        "../../utils/util": "utils/util.js",
        "/utils/fmt": "utils/fmt/index.js",
        "./b": "pages/a/b.js",
        "./lazy": "pages/a/lazy.js",
        "./side": "pages/a/side.js",
    }


def test_unresolved_import_is_reported_at_its_spec() -> None:
    files = {"pages/home/home.js": "const a = 1\nimport m from './missing'\n"}
    diagnostics = Diagnostics()
    check_modules(project(files), ["pages/home/home.js"], owner, diagnostics)
    error = only(diagnostics)
    assert error.code == 6011 and error.location == "pages/home/home.js:2:15"


def test_computed_dynamic_import_is_warned_about() -> None:
    files = {"pages/home/home.js": "const name = './x'\nimport(name).then(f)\n"}
    diagnostics = Diagnostics()
    check_modules(project(files), ["pages/home/home.js"], owner, diagnostics)
    warning = only(diagnostics)
    assert warning.code == 6010 and not warning.is_error
    assert warning.location == "pages/home/home.js:2:1"
