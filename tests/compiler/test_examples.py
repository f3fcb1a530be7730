"""Every example mini program under examples/ compiles with no errors and no warnings.

The examples are what a newcomer opens first: `openmini check examples/<name>` must be clean.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from openmini.compiler import CompileOptions, compile_project

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# Mini programs have an app.json; examples/login_demo_backend is the sample's Python backend.
FOLDERS = sorted(p for p in EXAMPLES.iterdir() if (p / "app.json").is_file())


def test_there_are_examples() -> None:
    assert FOLDERS, f"no examples under {EXAMPLES}"


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_example_compiles_cleanly(folder: Path) -> None:
    result = compile_project(folder, CompileOptions())
    assert [str(d) for d in result.diagnostics] == []
    assert result.package is not None
    assert result.package.manifest["pages"], "an example has at least one page"
