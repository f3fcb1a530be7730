"""Every case of the vendored WXML/component conformance suite compiles as a whole mini program.

Rendering the cases is the runtime's half (scripts/conformance.py); here each case's files
become a one-page app and must compile without an error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from openmini.compiler import compile_project

CASES_FILE = Path(__file__).parents[1] / "conformance" / "cases.jsonl"
CASES = [json.loads(line) for line in CASES_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_case(case: dict[str, Any], root: Path) -> None:
    page = case.get("root", "index")
    files: dict[str, Any] = {"app.json": {"pages": [page]}, **case["files"]}
    # The suite's rule: a root without a .js file is `Component({ data: <case data> })`.
    files.setdefault(f"{page}.js", f"Component({{ data: {json.dumps(case.get('data', {}))} }})")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")


def test_the_suite_is_complete() -> None:
    assert len(CASES) == 180


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_compiles_without_errors(case: dict[str, Any], tmp_path: Path) -> None:
    write_case(case, tmp_path)
    result = compile_project(tmp_path)
    errors = [str(d) for d in result.diagnostics if d.is_error]
    assert errors == []
    assert result.package is not None
    assert result.package.manifest["entryPagePath"] == case.get("root", "index")
