from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from openmini.cli.main import app

runner = CliRunner()


def make_app(root: Path, wxml: str) -> Path:
    (root / "pages/index").mkdir(parents=True)
    (root / "app.json").write_text(json.dumps({"pages": ["pages/index/index"]}))
    (root / "pages/index/index.js").write_text("Page({})")
    (root / "pages/index/index.wxml").write_text(wxml)
    return root


def test_build_writes_a_package_and_summarises_sizes(tmp_path: Path) -> None:
    source = make_app(tmp_path / "src", "<view>hello</view>")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "built" in result.output and "main" in result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["entryPagePath"] == "pages/index/index"
    assert all((out / "files" / f["file"]).is_file() for f in manifest["files"].values())


def test_errors_print_file_line_column_and_frame_never_a_traceback(tmp_path: Path) -> None:
    source = make_app(tmp_path / "src", "<view>\n  {{ 1 + }}\n</view>")
    result = runner.invoke(app, ["build", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "pages/index/index.wxml:2:" in result.stderr and "Traceback" not in result.output + result.stderr
    assert "> 2 |   {{ 1 + }}" in result.stderr
    assert not (tmp_path / "out").exists()


def test_check_reports_json(tmp_path: Path) -> None:
    source = make_app(tmp_path / "src", "<view wx:else>x</view>")
    result = runner.invoke(app, ["check", str(source), "--json"])
    assert result.exit_code == 1
    [diagnostic] = json.loads(result.stdout)
    assert diagnostic["path"] == "pages/index/index.wxml" and diagnostic["severity"] == "error"


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "is not a directory" in result.stderr
