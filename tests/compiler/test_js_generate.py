"""generate_module: the __openmini_define__ wrapper is valid JavaScript, keeps lines, and runs."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from openmini.compiler.generate.modules import JS_FACTORY_PARAMS, generate_json_module, generate_module

NODE = shutil.which("node")


def node_check(tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "module.js"
    script.write_text(code + ";\n", encoding="utf-8")
    return subprocess.run([NODE or "node", "--check", str(script)], capture_output=True, text=True, check=False)


# A tiny loader implementing the contract of docs/modules.md, to run generated modules in node.
LOADER = """
const factories = {}; const cache = {};
function __openmini_define__(id, requires, factory) { factories[id] = { requires, factory }; }
function load(id) {
  if (cache[id]) return cache[id].exports;
  const { requires, factory } = factories[id];
  const module = { id, exports: {} }; cache[id] = module;
  const require = (spec) => {
    if (!(spec in requires)) throw new Error('module "' + spec + '" is not defined');
    return load(requires[spec]);
  };
  const names = PARAMS;
  const provided = { require, module, exports: module.exports, global: {} };
  factory.apply(module.exports, names.map((n) => provided[n]));
  return module.exports;
}
"""


def run_modules(tmp_path: Path, modules: list[str], entry: str) -> str:
    program = (
        LOADER.replace("PARAMS", json.dumps(list(JS_FACTORY_PARAMS)))
        + ";\n".join(modules)
        + f";\nload({json.dumps(entry)});\n"
    )
    script = tmp_path / "run.js"
    script.write_text(program, encoding="utf-8")
    done = subprocess.run([NODE or "node", str(script)], capture_output=True, text=True, check=False)
    return done.stdout + done.stderr


def test_shape_keeps_source_on_the_first_line() -> None:
    code = generate_module("utils/a.js", "var x = 1\nmodule.exports = x // end", {"./b": "utils/b.js"})
    first, rest = code.split("\n", 1)
    assert first.startswith('__openmini_define__("utils/a.js", {"./b": "utils/b.js"}, function (require, module, ')
    assert first.endswith("{var x = 1")
    assert rest == "module.exports = x // end\n})"


def test_requires_map_is_sorted_and_escaped() -> None:
    code = generate_module("a.js", "", {"z": "z.js", './q"uote': "q.js", "</script>": "s.js"})
    assert '{"./q\\"uote": "q.js", "<\\/script>": "s.js", "z": "z.js"}' in code


def test_hashbang_becomes_a_comment_in_place() -> None:
    code = generate_module("cli.js", "#!/usr/bin/env node\nx()", {})
    assert "{///usr/bin/env node\nx()" in code


@pytest.mark.parametrize(
    "source",
    [
        "module.exports = 1",
        "// only a comment",
        "'use strict'\nexports.a = async () => { for await (const x of y) {} }",
        "if (done) return\nmodule.exports = /}/g",
        "var s = `}` + '})' // trailing",
        "",
    ],
)
def test_wrapped_modules_pass_node_check(tmp_path: Path, source: str) -> None:
    done = node_check(tmp_path, generate_module("m.js", source, {"./x": "x.js"}))
    assert done.returncode == 0, done.stderr


def test_json_module_passes_node_check(tmp_path: Path) -> None:
    code = generate_json_module("d.json", '{"a": "\u2028</script>", "b": [1, 2]}')
    assert node_check(tmp_path, code).returncode == 0


def test_runtime_errors_keep_their_line_numbers(tmp_path: Path) -> None:
    module = generate_module("pages/a.js", "var a = 1\nvar b = 2\nthrow new Error('boom at 3')\n", {})
    output = run_modules(tmp_path, [module], "pages/a.js")
    assert "run.js" in output
    # The loader occupies the first lines of run.js; the module's line 3 is that many lines later.
    loader_lines = (LOADER.replace("PARAMS", json.dumps(list(JS_FACTORY_PARAMS)))).count("\n")
    assert f"run.js:{loader_lines + 3}" in output


def test_modules_run_with_the_require_map_and_json(tmp_path: Path) -> None:
    modules = [
        generate_module(
            "app.js",
            "var u = require('./utils/u'); var d = require('./data.json')\n"
            "console.log(u.double(d.n), this === exports, typeof wx)",
            {"./utils/u": "utils/u.js", "./data.json": "data.json"},
        ),
        generate_module("utils/u.js", "exports.double = function (n) { return n * 2 }", {}),
        generate_json_module("data.json", '{"n": 21}'),
    ]
    assert run_modules(tmp_path, modules, "app.js").strip() == "42 true undefined"


def test_module_code_is_not_strict_by_default(tmp_path: Path) -> None:
    module = generate_module("a.js", "undeclared = 5; console.log((function () { return this })() !== undefined)", {})
    assert run_modules(tmp_path, [module], "a.js").strip() == "true"


def test_invalid_json_module_throws_when_required(tmp_path: Path) -> None:
    output = run_modules(tmp_path, [generate_module("bad.json", "{nope", {})], "bad.json")
    assert "SyntaxError" in output
