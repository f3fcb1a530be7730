from __future__ import annotations

import json
from pathlib import Path

from openmini.compiler import CompileOptions, compile_project
from openmini.compiler.generate.package import PackageLimits


def write(root: Path, files: dict[str, object]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return root


GOOD = {
    "app.json": {
        "pages": ["pages/index/index"],
        "subpackages": [{"root": "shop", "pages": ["pages/list/list"]}],
        "usingComponents": {"badge": "/components/badge/badge"},
    },
    "app.js": "App({})",
    "app.wxss": ".title { font-size: 32rpx; }",
    "pages/index/index.wxml": (
        '<wxs module="m" src="/utils/m.wxs"/><view class="title">{{m.up(name)}}</view><badge n="{{1}}"/>'
    ),
    "pages/index/index.js": "const u = require('../../utils/u'); Page({ data: { name: u.name } })",
    "pages/index/index.json": {},
    "pages/index/index.wxss": ".title { color: red; }",
    "shop/pages/list/list.wxml": "<view wx:for='{{items}}' wx:key='id'>{{item.id}}</view>",
    "shop/pages/list/list.js": "Page({ data: { items: [] } })",
    "components/badge/badge.wxml": '<text class="b">{{n}}</text>',
    "components/badge/badge.wxss": ".b { padding: 4rpx; }",
    "components/badge/badge.js": "Component({ properties: { n: Number } })",
    "components/badge/badge.json": {"component": True},
    "utils/u.js": "module.exports = { name: 'x' }",
    "utils/m.wxs": "module.exports = { up: function (s) { return s.toUpperCase() } }",
    "images/logo.png": "not really a png",
}


def test_a_valid_app_compiles_into_per_package_bundles(tmp_path: Path) -> None:
    result = compile_project(write(tmp_path, GOOD))
    assert [str(d) for d in result.diagnostics] == []
    assert result.package is not None
    manifest = result.package.manifest
    assert set(manifest["packages"]) == {"main", "shop"}
    assert manifest["unsupportedApis"] == []  # the runtime installs failing functions only for these
    files = manifest["files"]
    bundles = {"@bundle/main/logic.js", "@bundle/main/view.js", "@bundle/shop/logic.js", "@bundle/shop/view.js"}
    assert bundles <= set(files)
    assert files["@bundle/shop/logic.js"]["package"] == "shop" and files["images/logo.png"]["kind"] == "asset"
    assert manifest["pages"]["pages/index/index"]["usingComponents"] == {"badge": "components/badge/badge"}
    blobs = result.package.blobs
    logic = blobs[files["@bundle/main/logic.js"]["file"]].decode()
    assert '"utils/u.js"' in logic and '"../../utils/u": "utils/u.js"' in logic
    page_css = blobs[files["pages/index/index.css"]["file"]].decode()
    prefix = manifest["components"]["components/badge/badge"]["classPrefix"]
    assert ".title{color:red}" in page_css and f".{prefix}--b" in page_css
    assert {"name": "text", "files": ["components/badge/badge.wxml"]} in manifest["capabilities"]["components"]


def test_a_broken_app_reports_every_error_at_once_with_positions(tmp_path: Path) -> None:
    broken = {
        **GOOD,
        "pages/index/index.wxml": "<view>{{ a + }}</view>\n<text>",
        "pages/index/index.wxss": ".a { color: red;\n@import 'missing.wxss';",
        "pages/index/index.js": "const x = require('./nowhere')\nPage({ data: { a: 1 }",
        "components/badge/badge.json": {"component": True, "usingComponents": 5},
    }
    result = compile_project(write(tmp_path, broken))
    assert result.package is None
    errors = [d for d in result.diagnostics if d.is_error]
    paths = {d.path for d in errors}
    assert {"pages/index/index.wxml", "pages/index/index.js", "components/badge/badge.json"} <= paths
    for d in errors:
        assert d.start is not None and d.frame, str(d)
        assert str(d).startswith(f"{d.path}:{d.start.line}:{d.start.column}: error OM")


def test_size_limits_fail_the_build_and_name_the_largest_files(tmp_path: Path) -> None:
    files = {**GOOD, "images/big.png": "x" * 5000}
    result = compile_project(write(tmp_path, files), CompileOptions(limits=PackageLimits(main=4000)))
    assert result.package is None
    [error] = [d for d in result.diagnostics if d.is_error]
    assert error.name == "package_too_large" and "images/big.png" in error.message


def test_output_is_deterministic(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    first, second = compile_project(tmp_path), compile_project(tmp_path)
    assert first.package is not None and second.package is not None
    assert first.package.manifest_bytes() == second.package.manifest_bytes()


def test_the_custom_tab_bar_gets_its_own_stylesheet(tmp_path: Path) -> None:
    files = {
        **GOOD,
        "app.json": {
            "pages": ["pages/index/index", "pages/me/me"],
            "tabBar": {
                "custom": True,
                "list": [{"pagePath": "pages/index/index", "text": "Home"}, {"pagePath": "pages/me/me", "text": "Me"}],
            },
            "usingComponents": {"badge": "/components/badge/badge"},
        },
        "pages/me/me.wxml": "<view>me</view>",
        "pages/me/me.js": "Page({})",
        "custom-tab-bar/index.wxml": '<view class="bar"><badge n="{{2}}"/></view>',
        "custom-tab-bar/index.wxss": ".bar { height: 100rpx; }",
        "custom-tab-bar/index.js": "Component({})",
        "custom-tab-bar/index.json": {"component": True},
    }
    result = compile_project(write(tmp_path, files))
    assert [str(d) for d in result.diagnostics if d.is_error] == []
    assert result.package is not None
    manifest = result.package.manifest
    assert manifest["customTabBar"] == "custom-tab-bar/index"
    assert manifest["components"]["custom-tab-bar/index"]["style"] == "custom-tab-bar/index.css"
    css = result.package.blobs[manifest["files"]["custom-tab-bar/index.css"]["file"]].decode()
    bar, badge = (manifest["components"][c]["classPrefix"] for c in ("custom-tab-bar/index", "components/badge/badge"))
    assert f".{bar}--bar" in css and f".{badge}--b" in css


def test_an_independent_subpackage_carries_the_main_modules_it_requires(tmp_path: Path) -> None:
    files = {
        **GOOD,
        "app.json": {
            "pages": ["pages/index/index"],
            "subpackages": [{"root": "solo", "pages": ["p/p"], "independent": True}],
            "usingComponents": {"badge": "/components/badge/badge"},
        },
        "solo/p/p.wxml": "<view>solo</view>",
        "solo/p/p.js": "import { name } from '../../utils/u'\nPage({ data: { name } })",
    }
    result = compile_project(write(tmp_path, files))
    assert [d.code for d in result.diagnostics] == [6015]
    assert result.package is not None
    blobs, manifest = result.package.blobs, result.package.manifest
    solo = blobs[manifest["files"]["@bundle/solo/logic.js"]["file"]].decode()
    assert '__openmini_define__("utils/u.js"' in solo and '__openmini_define__("solo/p/p.js"' in solo
