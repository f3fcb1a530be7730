"""Every WXML file of the public conformance cases compiles without errors to valid JavaScript."""

from __future__ import annotations

import json
import posixpath
import subprocess
from pathlib import Path
from typing import Any

from wxml_support import project_of

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.generate.wxml import compile_wxml
from openmini.compiler.project import resolve

CASES = Path(__file__).parents[1] / "conformance" / "cases.jsonl"

# Parses every program given on stdin (a JSON list) without running it, reporting the bad ones.
_SYNTAX_CHECK = r"""
const vm = require("vm");
const programs = JSON.parse(require("fs").readFileSync(0, "utf8"));
const bad = [];
for (const [name, code] of programs) {
  try { new vm.Script(code, {filename: name}); } catch (e) { bad.push(name + ": " + e.message); }
}
process.stdout.write(JSON.stringify(bad));
"""


def _components(files: dict[str, Any], wxml: str) -> tuple[dict[str, str], frozenset[str]]:
    config = files.get(wxml[: -len(".wxml")] + ".json")
    if not isinstance(config, dict):
        return {}, frozenset()
    using = config.get("usingComponents") or {}
    components = {tag: resolve(wxml, target) or target for tag, target in using.items()}
    generics = frozenset(config.get("componentGenerics") or {})
    return components, generics


def _text_files(files: dict[str, Any]) -> dict[str, str]:
    return {path: content if isinstance(content, str) else json.dumps(content) for path, content in files.items()}


def test_every_conformance_wxml_compiles_to_valid_javascript() -> None:
    programs: list[tuple[str, str]] = []
    failures: list[str] = []
    for line in CASES.read_text().splitlines():
        case = json.loads(line)
        files = case["files"]
        project = project_of(_text_files(files))
        for path in sorted(p for p in files if p.endswith(".wxml")):
            components, generics = _components(files, path)
            diagnostics = Diagnostics()
            result = compile_wxml(project, path, diagnostics, components=components, generics=generics)
            failures.extend(f"{case['id']}: {d}" for d in diagnostics.errors)
            assert result is not None
            name = posixpath.join(case["id"], path)
            programs.append((name, f"module.exports = ({result.js});"))
    assert not failures, "\n".join(failures)
    assert len(programs) >= 180
    done = subprocess.run(
        ["node", "-e", _SYNTAX_CHECK], input=json.dumps(programs), capture_output=True, text=True, timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
