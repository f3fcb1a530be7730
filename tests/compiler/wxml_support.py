"""Helpers for the WXML tests: compile from a dict of files, and look at the view code in node."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.generate.wxml import CompiledTemplate, compile_wxml
from openmini.compiler.project import Project

# Turns each binding [fn, deps] into {"value": fn(D,S,W,R), "deps": deps, "fn": source}.
_EVALUATE = r"""
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const R = {s: (v) => (v === undefined || v === null ? "" : String(v)),
           match: (re, s) => re.test(s)};
const out = input.views.map(({js, D, S, W}) => {
  const view = (0, eval)("(" + js + ")");
  const walk = (x) => {
    if (Array.isArray(x) && typeof x[0] === "function") {
      return {value: x[0](D, S, W, R), deps: x[1], fn: x[0].toString()};
    }
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === "object") {
      return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v)]));
    }
    return x;
  };
  return walk(view);
});
process.stdout.write(JSON.stringify(out, (k, v) => (v === undefined ? "<undefined>" : v)));
"""


def project_of(files: dict[str, str]) -> Project:
    return Project(root=Path("/nowhere"), files={k: v.encode() for k, v in files.items()})


def compile_file(
    files: dict[str, str],
    path: str = "index.wxml",
    components: dict[str, str] | None = None,
    generics: frozenset[str] = frozenset(),
) -> tuple[CompiledTemplate | None, Diagnostics]:
    diagnostics = Diagnostics()
    result = compile_wxml(project_of(files), path, diagnostics, components=components or {}, generics=generics)
    return result, diagnostics


def evaluate(views: list[dict[str, Any]]) -> list[Any]:
    """Run view code in node; each view is {"js", "D", "S", "W"}."""
    payload = json.dumps({"views": views})
    done = subprocess.run(
        ["node", "-e", _EVALUATE], input=payload, capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result: list[Any] = json.loads(done.stdout)
    return result


def view(
    text: str,
    data: dict[str, Any] | None = None,
    *,
    scope: dict[str, Any] | None = None,
    others: dict[str, str] | None = None,
    components: dict[str, str] | None = None,
    generics: frozenset[str] = frozenset(),
) -> Any:
    """Compile ``index.wxml`` with no errors and return its evaluated view code."""
    files = {"index.wxml": text, **(others or {})}
    result, diagnostics = compile_file(files, components=components, generics=generics)
    assert result is not None and not diagnostics.errors, [str(d) for d in diagnostics.items]
    return evaluate([{"js": result.js, "D": data or {}, "S": scope or {}, "W": {}}])[0]
