"""Building npm into miniprogram_npm, extended libraries from their npm packages, and what the size counts.

Every package here is a small fake written by the test into tmp_path/node_modules.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from openmini.compiler.generate.package import PackageLimits
from openmini.compiler.pipeline import CompileOptions, CompileResult, compile_project


def write(root: Path, files: dict[str, Any]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")


def app_using(extra: dict[str, Any] | None = None, **page_json: Any) -> dict[str, Any]:
    return {
        "app.json": {"pages": ["p/a"], **(extra or {})},
        "p/a.json": {"usingComponents": page_json},
        "p/a.wxml": "<view/>",
    }


def names(result: CompileResult) -> set[str]:
    """Packaged file names, and the modules and components compiled into the bundles."""
    package = result.package
    assert package is not None, [str(d) for d in result.diagnostics]
    logic = b"".join(package.blobs[f.stored_name] for f in package.files if f.kind == "logic").decode()
    modules = set(re.findall(r'__openmini_define__\("([^"]+)"', logic))
    return {f.name for f in package.files} | modules | set(package.manifest["components"])


COMPONENT_PACKAGE = {
    "node_modules/fancy/package.json": {"name": "fancy", "main": "miniprogram_dist/index.js", "miniprogram": "dist"},
    "node_modules/fancy/dist/index.json": {"component": True},
    "node_modules/fancy/dist/index.wxml": "<view>fancy</view>",
    "node_modules/fancy/dist/index.js": "const h = require('helper')\nComponent({ data: { v: h.v } })",
    "node_modules/fancy/src/index.ts": "unbuilt source",
    "node_modules/helper/package.json": {"name": "helper", "main": "lib/main"},
    "node_modules/helper/lib/main.js": "module.exports = require('./util')",
    "node_modules/helper/lib/util.js": "exports.v = 1",
    "node_modules/helper/lib/unused.js": "exports.never = 1",
    "node_modules/helper/test/spec.js": "throw new Error('never shipped')",
}


def test_a_component_package_and_a_plain_package_are_built_as_wechat_builds_them(tmp_path: Path) -> None:
    files = {
        **app_using(fancy="fancy"),
        "package.json": {"dependencies": {"fancy": "^1.0.0"}},
        "p/a.js": "const h = require('helper')\nPage({ data: { v: h.v } })",
        **COMPONENT_PACKAGE,
        "node_modules/fancy/package.json": {
            **COMPONENT_PACKAGE["node_modules/fancy/package.json"],
            "dependencies": {"helper": "1"},
        },
    }
    write(tmp_path, files)
    built = names(compile_project(tmp_path))
    # The miniprogram folder is copied whole; the plain package contributes what its entry reaches.
    assert {"miniprogram_npm/fancy/index", "miniprogram_npm/fancy/index.js"} <= built
    assert {"miniprogram_npm/helper/lib/main.js", "miniprogram_npm/helper/lib/util.js"} <= built
    assert not any("unused" in n or "test/" in n or "src/" in n for n in built)


def test_an_existing_miniprogram_npm_is_used_as_it_is(tmp_path: Path) -> None:
    files = {
        **app_using(fancy="fancy"),
        "p/a.js": "Page({})",
        "package.json": {"dependencies": {"fancy": "^1.0.0"}},
        **COMPONENT_PACKAGE,
        "miniprogram_npm/fancy/index.json": {"component": True},
        "miniprogram_npm/fancy/index.wxml": "<view>prebuilt</view>",
        "miniprogram_npm/fancy/index.js": "Component({})",
    }
    write(tmp_path, files)
    result = compile_project(tmp_path)
    assert result.package is not None
    view = next(f for f in result.package.files if f.name == "@bundle/main/view.js")
    assert b"prebuilt" in result.package.blobs[view.stored_name]


def test_pack_npm_relation_list_builds_into_the_named_folder(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "project.config.json": {
                "miniprogramRoot": "mp/",
                "setting": {
                    "packNpmManually": True,
                    "packNpmRelationList": [{"packageJsonPath": "./package.json", "miniprogramNpmDistDir": "./mp/"}],
                },
            },
            "package.json": {"dependencies": {"helper": "1"}},
            **{f"mp/{name}": content for name, content in app_using().items()},
            "mp/p/a.js": "const h = require('helper')\nPage({ data: { v: h.v } })",
            **{name: content for name, content in COMPONENT_PACKAGE.items() if "helper" in name},
        },
    )
    assert "miniprogram_npm/helper/lib/util.js" in names(compile_project(tmp_path))


def test_a_dependency_that_is_not_installed_is_reported_and_then_missing(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            **app_using(),
            "p/a.js": "require('ghost')\nPage({})",
            "package.json": {"dependencies": {"ghost": "1"}},
            "node_modules/.package-lock.json": "{}",
        },
    )
    result = compile_project(tmp_path)
    assert {(d.code, d.path) for d in result.diagnostics} >= {(8201, "package.json"), (6017, "p/a.js")}


def test_links_out_of_the_project_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside, {"secret/package.json": {"name": "secret", "main": "index.js"}, "secret/index.js": "'x'"})
    project = tmp_path / "project"
    write(project, {**app_using(), "p/a.js": "Page({})", "package.json": {"dependencies": {"secret": "1"}}})
    (project / "node_modules").mkdir()
    (project / "node_modules/secret").symlink_to(outside / "secret")
    built = names(compile_project(project))
    assert not any(n.startswith("miniprogram_npm/") for n in built)


WEUI = {
    "package.json": {"name": "weui-miniprogram", "miniprogram": "miniprogram_dist"},
    "miniprogram_dist/navigation-bar/navigation-bar.json": {"component": True},
    "miniprogram_dist/navigation-bar/navigation-bar.wxml": "<view>nav</view>",
    "miniprogram_dist/navigation-bar/navigation-bar.js": "Component({})",
    "miniprogram_dist/navigation-bar/navigation-bar.wxss": ".nav { color: red }",
    "miniprogram_dist/navigation-bar/big.png": "x" * 5000,
}
NAV = "weui-miniprogram/navigation-bar/navigation-bar"


def test_use_extended_lib_is_served_from_the_platform_folder_and_not_counted(tmp_path: Path) -> None:
    platform = tmp_path / "libs"
    write(platform, {f"node_modules/weui-miniprogram/{name}": content for name, content in WEUI.items()})
    source = tmp_path / "src"
    write(source, {**app_using({"useExtendedLib": {"weui": "latest"}}, nav=NAV), "p/a.js": "Page({})"})
    options = CompileOptions(extended_lib_folders=(platform,))
    result = compile_project(source, options)
    assert f"miniprogram_npm/{NAV}" in names(result)
    assert result.package is not None
    main_size = result.package.manifest["sizes"]["main"]
    without = compile_project(source, CompileOptions(extended_lib_folders=()))
    assert [d.code for d in without.diagnostics if d.is_error] == [5311]
    assert "OPENMINI_EXTENDED_LIBS" in without.diagnostics[0].message
    # Served by the platform, as WeChat serves it: not in the developer's package size.
    assert main_size == sum(len((source / n).read_bytes()) for n in ("app.json", "p/a.json", "p/a.wxml", "p/a.js"))


def test_an_unknown_component_of_a_served_library_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path, {f"node_modules/weui-miniprogram/{name}": content for name, content in WEUI.items()})
    write(
        tmp_path,
        {
            **app_using({"useExtendedLib": {"weui": True}}, typo="weui-miniprogram/nagivation-bar/x"),
            "p/a.js": "Page({})",
        },
    )
    result = compile_project(tmp_path)
    assert result.ok and [d.code for d in result.diagnostics] == [5314]


def test_the_size_counts_sources_not_our_bundles(tmp_path: Path) -> None:
    big = "// " + "x" * 3000 + "\nmodule.exports = 1\n"
    write(
        tmp_path,
        {
            **app_using(),
            "p/a.js": "require('./big')\nPage({})",
            "p/big.js": big,
            "p/unused.js": big,
        },
    )
    result = compile_project(tmp_path, CompileOptions(limits=PackageLimits(main=4000)))
    assert result.ok, [str(d) for d in result.diagnostics]
    counted = result.package.manifest["sizes"]["main"] if result.package else 0
    sources = sum(len((tmp_path / n).read_bytes()) for n in ("app.json", "p/a.js", "p/big.js", "p/a.wxml", "p/a.json"))
    assert counted == sources
    write(tmp_path, {"project.config.json": {"setting": {"minified": True}}})
    minified = compile_project(tmp_path, CompileOptions(limits=PackageLimits(main=4000)))
    assert minified.package is not None and minified.package.manifest["sizes"]["main"] < sources - 3000
