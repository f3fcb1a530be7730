"""The capability report: wx APIs by file, built-in components by template, custom component count."""

from __future__ import annotations

import json

from openmini.compiler.check.capabilities import (
    BUILTIN_COMPONENTS,
    UNSUPPORTED_APIS,
    Capabilities,
    builtin_components_json,
    collect_capabilities,
    unsupported_apis,
)
from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.parse.js import JsAnalysis, analyze_js
from openmini.compiler.source import SourceFile


def analysis(path: str, text: str) -> JsAnalysis:
    return analyze_js(SourceFile(path, text), Diagnostics())


def test_report_collects_apis_components_and_custom_components() -> None:
    report = collect_capabilities(
        [
            analysis("app.js", "wx.login({}); wx.cloud.callFunction({})"),
            analysis("pages/a/a.js", "wx.request({}); wx['login']()"),
            analysis("pages/b/b.js", "const { request } = wx"),
        ],
        [
            ("pages/a/a.wxml", ["view", "text", "block", "my-card", "view"]),
            ("pages/b/b.wxml", ["view", "scroll-view", "template"]),
        ],
        ["components/card/card", "components/card/card", "components/list/list"],
    )
    assert report.to_json() == {
        "apis": [
            {"name": "cloud.callFunction", "files": ["app.js"]},
            {"name": "login", "files": ["app.js", "pages/a/a.js"]},
            {"name": "request", "files": ["pages/a/a.js", "pages/b/b.js"]},
        ],
        "components": [
            {"name": "scroll-view", "files": ["pages/b/b.wxml"]},
            {"name": "text", "files": ["pages/a/a.wxml"]},
            {"name": "view", "files": ["pages/a/a.wxml", "pages/b/b.wxml"]},
        ],
        "custom_components": 2,
    }
    json.dumps(report.to_json())


def test_empty_report() -> None:
    assert Capabilities().to_json() == {"apis": [], "components": [], "custom_components": 0}


def test_builtin_component_list() -> None:
    for name in ("view", "text", "image", "button", "picker-view-column", "web-view", "page-meta", "root-portal"):
        assert name in BUILTIN_COMPONENTS
    for name in ("block", "template", "slot", "wxs", "import", "include", "div"):
        assert name not in BUILTIN_COMPONENTS
    exported = json.loads(builtin_components_json())
    assert exported == sorted(BUILTIN_COMPONENTS)


def test_the_unsupported_apis_a_report_names_are_listed_for_the_manifest() -> None:
    names = ("getWeRunData", "onBeaconUpdate", "request", "cloud.callFunction")
    report = {
        "apis": [{"name": n, "files": ["a.js"]} for n in names],
        "components": [],
        "custom_components": 0,
    }
    assert unsupported_apis(report) == ["getWeRunData", "onBeaconUpdate"]
    assert {"startWifi", "offBeaconUpdate", "getExtConfigSync"} <= UNSUPPORTED_APIS
    assert "request" not in UNSUPPORTED_APIS
