from __future__ import annotations

import json
from pathlib import Path

import brotli

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.generate.package import PackageLimits, Unit, build_package, content_hash


def units() -> list[Unit]:
    return [
        Unit("main/logic.js", b"console.log('hello');" * 50, "main", "logic"),
        Unit("images/a.png", b"\x89PNG" + bytes(range(200)), "main", "asset"),
        Unit("packageA/logic.js", b"var a = 1;" * 40, "packageA", "logic"),
    ]


def test_files_are_content_addressed_with_brotli_copies(tmp_path: Path) -> None:
    package = build_package({"app": {}}, units(), PackageLimits(), Diagnostics())
    package.write(tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    logic = manifest["files"]["main/logic.js"]
    stored = tmp_path / "files" / logic["file"]
    assert logic["file"] == content_hash(stored.read_bytes()) + ".js"
    assert brotli.decompress((tmp_path / "files" / (logic["file"] + ".br")).read_bytes()) == stored.read_bytes()
    assert "brotliSize" not in manifest["files"]["images/a.png"]  # images are not recompressed
    assert manifest["sizes"]["main"] == logic["size"] + manifest["files"]["images/a.png"]["size"]
    assert manifest["sizes"]["total"] == sum(f["size"] for f in manifest["files"].values())


def test_identical_content_is_stored_once() -> None:
    same = [Unit("a.js", b"x" * 100, "main", "logic"), Unit("b.js", b"x" * 100, "main", "logic")]
    package = build_package({}, same, PackageLimits(), Diagnostics())
    assert len([name for name in package.blobs if not name.endswith(".br")]) == 1
    assert package.manifest["files"]["a.js"]["brotliSize"] == package.manifest["files"]["b.js"]["brotliSize"]


def test_limits_report_the_package_and_its_largest_files() -> None:
    diagnostics = Diagnostics()
    build_package({}, units(), PackageLimits(main=500, subpackage=100, total=600), diagnostics)
    names = [d.name for d in diagnostics.items]
    assert names == ["package_too_large", "package_too_large", "total_too_large"]
    assert "main/logic.js" in diagnostics.items[0].message and "packageA" in diagnostics.items[1].message


def test_manifest_is_deterministic() -> None:
    first = build_package({"app": {"b": 1, "a": 2}}, units(), PackageLimits(), Diagnostics())
    second = build_package({"app": {"a": 2, "b": 1}}, list(reversed(units())), PackageLimits(), Diagnostics())
    assert first.manifest_bytes() == second.manifest_bytes()
