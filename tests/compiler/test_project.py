from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from openmini.compiler import project as project_module
from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.project import load_project, normalize, resolve


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())


def test_reads_every_file_below_the_root_with_posix_paths(tmp_path: Path) -> None:
    write(tmp_path, {"app.json": "{}", "pages/a/a.wxml": "<view/>", "img/x.png": b"\x89PNG"})
    diagnostics = Diagnostics()
    project = load_project(tmp_path, diagnostics)
    assert project is not None and not diagnostics.items
    assert sorted(project.files) == ["app.json", "img/x.png", "pages/a/a.wxml"]


def test_miniprogram_root_from_project_config_is_honoured(tmp_path: Path) -> None:
    write(tmp_path, {"project.config.json": json.dumps({"miniprogramRoot": "miniprogram/"}),
                     "miniprogram/app.json": "{}", "cloudfunctions/x.js": ""})
    project = load_project(tmp_path, Diagnostics())
    assert project is not None and project.root == tmp_path / "miniprogram/"
    assert list(project.files) == ["app.json"]


def test_miniprogram_root_dot_slash_is_the_project_folder(tmp_path: Path) -> None:
    write(tmp_path, {"project.config.json": json.dumps({"miniprogramRoot": "./"}), "app.json": "{}"})
    diagnostics = Diagnostics()
    project = load_project(tmp_path, diagnostics)
    assert project is not None and project.root == tmp_path and not diagnostics.items


def test_miniprogram_root_climbing_out_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "inner", {"project.config.json": json.dumps({"miniprogramRoot": "../"})})
    write(tmp_path, {"app.json": "{}"})
    diagnostics = Diagnostics()
    assert load_project(tmp_path / "inner", diagnostics) is None
    assert [d.name for d in diagnostics.items] == ["path_escapes_root"]


def test_missing_app_json_is_a_clear_error(tmp_path: Path) -> None:
    diagnostics = Diagnostics()
    assert load_project(tmp_path, diagnostics) is None
    assert diagnostics.items[0].name == "no_app_json"


def test_symlinks_leading_out_of_the_root_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    root = tmp_path / "app"
    write(root, {"app.json": "{}", "inside.txt": "ok"})
    os.symlink(secret, root / "leak.txt")
    os.symlink(tmp_path, root / "up")
    os.symlink(root / "inside.txt", root / "alias.txt")
    diagnostics = Diagnostics()
    project = load_project(root, diagnostics)
    assert project is not None
    assert "leak.txt" not in project.files and not any(p.startswith("up/") for p in project.files)
    assert project.files["alias.txt"] == b"ok"
    assert sorted(d.path for d in diagnostics.items if d.name == "symlink_refused") == ["leak.txt", "up"]


def test_tool_files_hidden_files_and_node_modules_are_left_out(tmp_path: Path) -> None:
    write(tmp_path, {"app.json": "{}", "project.private.config.json": "{}", ".eslintrc": "",
                     "node_modules/x/index.js": "", "miniprogram_npm/x/index.js": ""})
    project = load_project(tmp_path, Diagnostics())
    assert project is not None and sorted(project.files) == ["app.json", "miniprogram_npm/x/index.js"]


def test_non_utf8_text_is_reported_once(tmp_path: Path) -> None:
    write(tmp_path, {"app.json": "{}", "a.wxml": b"\xff\xfe<view>"})
    diagnostics = Diagnostics()
    project = load_project(tmp_path, diagnostics)
    assert project is not None
    assert project.source("a.wxml", diagnostics) is None and project.source("a.wxml", diagnostics) is None
    assert [d.name for d in diagnostics.items] == ["not_utf8"]


def test_bom_and_crlf_are_normalised(tmp_path: Path) -> None:
    write(tmp_path, {"app.json": "\ufeff{}\r\n"})
    project = load_project(tmp_path, Diagnostics())
    assert project is not None
    source = project.source("app.json", Diagnostics())
    assert source is not None and source.text == "{}\n"


def test_resolution_stays_inside_the_root() -> None:
    assert resolve("pages/a/a.wxml", "../common/t.wxml") == "pages/common/t.wxml"
    assert resolve("pages/a/a.wxml", "/common/t.wxml") == "common/t.wxml"
    assert resolve("pages/a/a.wxml", "../../../etc/passwd") is None
    assert normalize("a\\b/../c") == "a/c"
    assert normalize("/") is None


def test_a_malformed_project_config_is_reported(tmp_path: Path) -> None:
    write(tmp_path, {"project.config.json": "{nope", "app.json": "{}"})
    diagnostics = Diagnostics()
    assert load_project(tmp_path, diagnostics) is None
    assert [d.name for d in diagnostics.items] == ["bad_project_config"]


def test_a_missing_miniprogram_root_is_reported(tmp_path: Path) -> None:
    write(tmp_path, {"project.config.json": json.dumps({"miniprogramRoot": "src"})})
    diagnostics = Diagnostics()
    assert load_project(tmp_path, diagnostics) is None
    assert [d.name for d in diagnostics.items] == ["miniprogram_root_missing"]


def test_oversize_files_are_refused_without_being_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project_module, "MAX_FILE_BYTES", 10)
    write(tmp_path, {"app.json": "{}", "big.bin": "x" * 11})
    diagnostics = Diagnostics()
    project = load_project(tmp_path, diagnostics)
    assert project is not None and "big.bin" not in project.files
    assert [(d.name, d.path) for d in diagnostics.items] == [("file_too_large", "big.bin")]


def test_a_source_with_too_many_files_stops_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project_module, "MAX_FILES", 3)
    write(tmp_path, {"app.json": "{}", **{f"f{i}.txt": "" for i in range(10)}})
    diagnostics = Diagnostics()
    project = load_project(tmp_path, diagnostics)
    assert project is not None and len(project.files) == 4
    assert [d.name for d in diagnostics.items] == ["too_many_files"]


def test_special_and_unreadable_files_are_reported(tmp_path: Path) -> None:
    write(tmp_path, {"app.json": "{}"})
    os.mkfifo(tmp_path / "pipe")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    diagnostics = Diagnostics()
    project = load_project(tmp_path, diagnostics)
    assert project is not None and sorted(project.files) == ["app.json"]
    assert sorted((d.name, d.path) for d in diagnostics.items) == [("ignored_special", "pipe"),
                                                                   ("unreadable", "dangling.txt")]
