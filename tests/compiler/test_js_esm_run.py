"""Compiled ES modules run in node with the runtime's own loader (runtime/logic/modules.js)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from openmini.compiler.generate.modules import generate_module

NODE = shutil.which("node")
LOADER = Path(__file__).resolve().parents[2] / "src/openmini/runtime/logic/modules.js"

# The worker's globals, as WeChat has them: free names, not factory parameters.
RUNNER = """
import vm from 'node:vm';
import {{ readFileSync }} from 'node:fs';
import * as modules from {loader};
modules.setLogicGlobals({{ getApp: () => ({{ name: 'the app' }}), wx: {{}}, global: {{}} }});
globalThis.__openmini_define__ = modules.define;
vm.runInThisContext(readFileSync({bundle}, 'utf8'), {{ filename: 'bundle.js' }});
try {{ modules.requireModule({entry}); }}
catch (e) {{ console.log('threw', e.stack.split('\\n').slice(0, 2).join(' | ')); }}
"""


def run(tmp_path: Path, sources: dict[str, str], entry: str = "main.js") -> list[str]:
    """Build every module (each spec `./name` maps to `name.js`), run `entry`, return printed lines."""
    modules = []
    for path, text in sources.items():
        requires = {f"./{other[:-3]}": other for other in sources if other != path}
        modules.append(generate_module(path, text, requires))
    bundle = tmp_path / "bundle.js"
    bundle.write_text(";\n".join(modules) + ";\n", encoding="utf-8")
    runner = tmp_path / "run.mjs"
    runner.write_text(
        RUNNER.format(loader=json.dumps(str(LOADER)), bundle=json.dumps(str(bundle)), entry=json.dumps(entry)),
        encoding="utf-8",
    )
    done = subprocess.run([NODE or "node", str(runner)], capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_live_binding_of_an_exported_let(tmp_path: Path) -> None:
    sources = {
        "main.js": "import {count, inc} from './counter'\nconsole.log(count)\ninc()\ninc()\nconsole.log(count)",
        "counter.js": "export let count = 0\nexport function inc() { count++ }",
    }
    assert run(tmp_path, sources) == ["0", "2"]


def test_a_cycle_sees_functions_at_once_and_values_when_set(tmp_path: Path) -> None:
    sources = {
        "main.js": "import {ping} from './a'\nconsole.log(ping(3))",
        "a.js": "import {pong, late} from './b'\nexport function ping(n) { return n ? pong(n - 1) : 'a:' + late }",
        "b.js": "import {ping} from './a'\nconsole.log(typeof ping)\n"
        "export function pong(n) { return n ? ping(n - 1) : 'b:' + late }\nexport const late = 'set'",
    }
    assert run(tmp_path, sources) == ["function", "b:set"]


def test_imports_run_before_the_body_in_order(tmp_path: Path) -> None:
    sources = {
        "main.js": "console.log('main')\nimport './one'\nimport './two'",
        "one.js": "console.log('one')",
        "two.js": "console.log('two')",
    }
    assert run(tmp_path, sources) == ["one", "two", "main"]


def test_interop_with_commonjs_both_ways(tmp_path: Path) -> None:
    sources = {
        "main.js": "import f, {extra} from './cjs'\nimport * as ns from './cjs'\nimport plain from './cjs'\n"
        "const esm = require('./esm')\n"
        "console.log(f(), extra, ns.default === plain, ns.extra, esm.__esModule, esm.default, esm.named)",
        "cjs.js": "module.exports = function () { return 'cjs' }\nmodule.exports.extra = 1",
        "esm.js": "export default 'dflt'\nexport const named = 'n'",
    }
    assert run(tmp_path, sources) == ["cjs 1 true 1 true dflt n"]


def test_reexports_and_namespaces(tmp_path: Path) -> None:
    sources = {
        "main.js": "import * as all from './hub'\nimport {x as y, ns} from './hub'\n"
        "console.log(Object.keys(all).sort().join(), y, ns.x, all.default)",
        "hub.js": "export * from './lib'\nexport {x as renamed} from './lib'\nexport * as ns from './lib'\n"
        "export const own = 1\nexport default 'hub'",
        "lib.js": "export const x = 'X'\nexport const own = 'lib'\nexport default 'lib default'",
    }
    assert run(tmp_path, sources) == ["default,ns,own,renamed,x X X hub"]


def test_dynamic_import_is_a_promise_of_the_namespace(tmp_path: Path) -> None:
    sources = {
        "main.js": "import('./lazy').then((m) => console.log(m.default.v, m.v))\nconsole.log('first')",
        "lazy.js": "module.exports = { v: 2 }",
    }
    assert run(tmp_path, sources) == ["first", "2 2"]


def test_framework_names_are_globals_a_module_may_redeclare(tmp_path: Path) -> None:
    sources = {"main.js": "const App = getApp()\nlet wx = 'mine'\nconsole.log(App.name, wx, typeof global)"}
    assert run(tmp_path, sources) == ["the app mine object"]


def test_errors_keep_the_source_line(tmp_path: Path) -> None:
    sources = {"main.js": "import {\n  x\n} from './other'\nconsole.log(x)\nnull.boom"}
    sources["other.js"] = "export const x = 1"
    lines = run(tmp_path, sources)
    assert lines[0] == "1"
    assert "bundle.js:5" in lines[1]
