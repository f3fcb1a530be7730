"""The capability report: wx APIs by file, built-in components by template, custom component count."""

from __future__ import annotations

import json
from typing import Any

from openmini.compiler.check.capabilities import (
    BUILTIN_COMPONENTS,
    Capabilities,
    builtin_components_json,
    collect_capabilities,
    uses_worklets,
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


def test_worklets_are_flagged_by_the_worklet_or_router_namespace_or_a_gesture_handler() -> None:
    def report(apis: list[str], components: list[str]) -> dict[str, Any]:
        return {
            "apis": [{"name": n, "files": ["a.js"]} for n in apis],
            "components": [{"name": n, "files": ["a.wxml"]} for n in components],
            "custom_components": 0,
        }

    assert not uses_worklets(report(["request"], ["view", "scroll-view"]))
    assert uses_worklets(report(["worklet"], []))
    assert uses_worklets(report(["router"], []))
    assert uses_worklets(report([], ["pan-gesture-handler"]))
    assert "tap-gesture-handler" in BUILTIN_COMPONENTS
