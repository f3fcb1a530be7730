"""app.json ``workers``: the folder packed into one bundle for wx.createWorker, and its diagnostics."""

from __future__ import annotations

from pathlib import Path

from test_pipeline import write

from openmini.compiler import compile_project
from openmini.compiler.pipeline import CompileResult

APP = {
    "pages/index/index.js": "Page({ onLoad() { this.w = wx.createWorker('workers/calc/index.js') } })",
    "pages/index/index.wxml": "<view/>",
    "workers/calc/index.js": "const m = require('./math'); worker.onMessage((x) => worker.postMessage(m.sq(x)))",
    "workers/calc/math.js": "module.exports = { sq: (n) => n * n, data: require('../data.json') }",
    "workers/data.json": '{"k": 1}',
    "workers/README.md": "not code",
}


def codes(result: CompileResult) -> list[tuple[str, int]]:
    return [(d.path, d.code) for d in result.diagnostics]


def test_the_workers_folder_is_one_bundle_named_by_the_manifest(tmp_path: Path) -> None:
    config = {"pages": ["pages/index/index"], "workers": "workers"}
    result = compile_project(write(tmp_path, {**APP, "app.json": config}))
    assert codes(result) == []
    assert result.package is not None
    manifest = result.package.manifest
    assert manifest["workers"] == {"root": "workers", "logic": "@bundle/workers.js"}
    entry = manifest["files"]["@bundle/workers.js"]
    assert (entry["package"], entry["kind"]) == ("main", "logic")
    code = result.package.blobs[entry["file"]].decode()
    assert '__openmini_define__("workers/calc/index.js", {"./math": "workers/calc/math.js"}' in code
    assert '"workers/data.json"' in code
    # worker sources are not shipped as they are; the other files of the folder are assets
    assert "workers/calc/index.js" not in manifest["files"] and "workers/README.md" in manifest["files"]


def test_worker_code_packed_apart_counts_in_its_own_package(tmp_path: Path) -> None:
    config = {"pages": ["pages/index/index"], "workers": {"path": "workers", "isSubpackage": True}}
    result = compile_project(write(tmp_path, {**APP, "app.json": config}))
    assert result.package is not None
    manifest = result.package.manifest
    assert manifest["files"]["@bundle/workers.js"]["package"] == "@workers"
    sources = [text for path, text in APP.items() if path.startswith("workers/") and path.endswith((".js", ".json"))]
    assert manifest["sizes"]["@workers"] == sum(len(text) for text in sources)


def test_a_workers_folder_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    result = compile_project(write(tmp_path, {**APP, "app.json": {"pages": ["pages/index/index"], "workers": "wrk"}}))
    assert codes(result) == [("app.json", 5240)]
    assert not result.ok
    config = {"pages": ["pages/index/index"], "workers": {"path": "../up"}}
    assert codes(compile_project(write(tmp_path, {"app.json": config}))) == [("app.json", 5240)]


def test_create_worker_without_a_workers_folder_warns(tmp_path: Path) -> None:
    files = {k: v for k, v in APP.items() if not k.startswith("workers/")}
    result = compile_project(write(tmp_path, {**files, "app.json": {"pages": ["pages/index/index"]}}))
    assert codes(result) == [("app.json", 5241)]
    assert result.ok and result.package is not None and result.package.manifest["workers"] is None


def test_worker_code_requires_only_files_of_the_folder(tmp_path: Path) -> None:
    files = {
        **APP,
        "app.json": {"pages": ["pages/index/index"], "workers": "workers"},
        "workers/calc/math.js": "module.exports = require('../../utils/u')",
        "utils/u.js": "module.exports = 1",
    }
    result = compile_project(write(tmp_path, files))
    assert codes(result) == [("workers/calc/math.js", 6020)]
    assert "cannot require utils/u.js" in result.diagnostics[0].message
