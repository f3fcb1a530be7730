# ruff: noqa: E501  (JavaScript sources and expected outputs are kept on one line)
"""One file per realm (server/runtime_bundle.py): module semantics kept, run in node.

Synthetic module trees pin each piece of module syntax, cycles and chunks; the real entries are
bundled and run (the worker bundle answers a ping through its render chunk). Browser checks are
in tests/e2e/test_runtime_bundle.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from openmini.server.files import runtime_root
from openmini.server.runtime_bundle import ENTRIES, Bundle, BundleError, RuntimeBundler, bundle, minify

NODE = shutil.which("node")


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def emit(out: Path, built: Bundle) -> Path:
    """Write a bundle and its chunks where their URLs say (relative to `out`)."""
    for item in (built, *built.chunks):
        (out / item.url).parent.mkdir(parents=True, exist_ok=True)
        (out / item.url).write_bytes(item.code)
        for nested in item.chunks:
            emit(out, nested)
    return out / built.url


def node(script: str, cwd: Path) -> object:
    """Run an ES module script in node; its last stdout line is JSON."""
    assert NODE is not None
    (cwd / "driver.mjs").write_text(script)
    done = subprocess.run([NODE, "driver.mjs"], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_bundle(tmp_path: Path, files: dict[str, str], entry: str = "main.js", body: str = "") -> object:
    root = write(tmp_path / "src", files)
    path = emit(tmp_path / "out", bundle(root, entry))
    script = f"const m = await import({json.dumps(path.as_uri())});\n{body or 'console.log(JSON.stringify(m));'}"
    return node(script, tmp_path)


# ---------------------------------------------------------------- module syntax


def test_imports_and_exports_of_every_supported_form(tmp_path: Path) -> None:
    files = {
        "main.js": """
            import { a, b as bee } from './lib/a.js';
            import * as ns from './lib/ns.js';
            import def, { named } from './lib/def.js';
            import './lib/side.js';
            export { x, y as why, z } from './lib/a.js';
            export * from './lib/star.js';
            export * as all from './lib/ns.js';
            const local = 1;
            export { local as renamed };
            export const [first, { inner }] = [10, { inner: 20 }];
            export class K { static k = bee; }
            export function f() { return a + ns.one + def() + named; }
            export const side = globalThis.sideEffects;
        """,
        "lib/a.js": "export const a = 1, b = 2; export let x = 'x'; export function y() { return 'y'; } export class z {}",
        "lib/ns.js": "export const one = 100; export default 'ns-default';",
        "lib/def.js": "export default function () { return 1000; }\nexport const named = 5;",
        "lib/side.js": "globalThis.sideEffects = (globalThis.sideEffects || 0) + 1;",
        "lib/star.js": "export const s1 = 's1'; export { s1 as s2 }; export default 'not re-exported';",
    }
    body = """console.log(JSON.stringify({f: m.f(), why: m.why(), x: m.x, z: typeof m.z, s1: m.s1, s2: m.s2,
      all: m.all.one, allDefault: m.all.default, renamed: m.renamed, first: m.first, inner: m.inner,
      k: m.K.k, side: m.side, keys: Object.keys(m).sort(), hasDefault: 'default' in m}));"""
    got = run_bundle(tmp_path, files, body=body)
    assert got == {
        "f": 1 + 100 + 1000 + 5, "why": "y", "x": "x", "z": "function", "s1": "s1", "s2": "s1",
        "all": 100, "allDefault": "ns-default", "renamed": 1, "first": 10, "inner": 20, "k": 2, "side": 1,
        "keys": sorted(["K", "all", "f", "first", "inner", "renamed", "s1", "s2", "side", "why", "x", "z"]),
        "hasDefault": False,
    }  # fmt: skip


def test_modules_keep_their_own_scope_and_run_once_in_esm_order(tmp_path: Path) -> None:
    files = {
        "main.js": "import { log, seen } from './log.js'; import './b.js'; import './c.js'; const n = 'main'; log(n); export { seen };",
        "b.js": "import { log } from './log.js'; import './c.js'; const n = 'b'; log(n);",
        "c.js": "import { log } from './log.js'; const n = 'c'; log(n);",
        "log.js": "export const seen = []; export function log(x) { seen.push(x); } log('log');",
    }
    assert run_bundle(tmp_path, files, body="console.log(JSON.stringify(m.seen));") == ["log", "c", "b", "main"]
    assert bundle(tmp_path / "src", "main.js").modules == ("log.js", "c.js", "b.js", "main.js")


def test_import_meta_url_is_the_modules_own_url(tmp_path: Path) -> None:
    files = {"view/index.js": "export const css = new URL('./base.css', import.meta.url).href, me = import.meta.url;"}
    got = run_bundle(tmp_path, files, entry="view/index.js", body="console.log(JSON.stringify([m.css, m.me]));")
    out = (tmp_path / "out").as_uri()
    assert got == [f"{out}/view/base.css", f"{out}/view/index.js"]


def test_an_import_cycle_binds_late_and_works_from_functions(tmp_path: Path) -> None:
    files = {
        "main.js": "import { even } from './even.js'; export const answer = [even(10), even(7)];",
        "even.js": "import { odd } from './odd.js'; export function even(n) { return n === 0 ? true : odd(n - 1); }",
        "odd.js": "import { even as e } from './even.js'; import * as E from './even.js';\n"
        "export function odd(n) { return n === 0 ? false : e(n - 1) && E.even(n - 1); }",
    }
    assert run_bundle(tmp_path, files, body="console.log(JSON.stringify(m.answer));") == [True, False]


def test_a_cycle_binding_read_while_the_module_evaluates_is_refused(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "main.js": "import './a.js';",
        "a.js": "import { b } from './b.js'; export const a = 1;",
        "b.js": "import { a } from './a.js'; export const b = a + 1;",
    })  # fmt: skip
    with pytest.raises(
        BundleError, match=r"b\.js: a from a\.js \(an import cycle\) is used while the module evaluates"
    ):
        bundle(root, "main.js")


def test_a_dynamic_import_becomes_a_chunk_sharing_module_instances(tmp_path: Path) -> None:
    files = {
        "main.js": "import { count } from './shared.js'; export const later = () => import('./lazy.js'); export const again = () => import('./shared.js'); export { count };",
        "lazy.js": "import { count, bump } from './shared.js'; import { extra } from './extra.js'; bump(); export const seen = count(); export { extra };",
        "extra.js": "export const extra = 'extra';",
        "shared.js": "let n = 0; export const bump = () => ++n; export const count = () => n;",
    }
    root = write(tmp_path / "src", files)
    built = bundle(root, "main.js")
    assert [c.modules for c in built.chunks] == [("extra.js", "lazy.js")]
    assert built.chunks[0].url == f"bundle/chunk/{built.chunks[0].hash}.js"
    path = emit(tmp_path / "out", built)
    body = """const lazy = await m.later(); const twice = await m.later(); const shared = await m.again();
console.log(JSON.stringify([lazy.seen, lazy.extra, m.count(), lazy === twice, typeof shared.bump]));"""
    got = node(f"const m = await import({json.dumps(path.as_uri())});\n{body}", tmp_path)
    assert got == [1, "extra", 1, True, "function"]


def test_two_chunks_share_the_instance_of_a_module_both_need(tmp_path: Path) -> None:
    # common.js can come with either chunk: each chunk keeps a function per module, run once.
    files = {
        "main.js": "export { tick } from './tick.js'; export const a = () => import('./a.js'), b = () => import('./b.js');",
        "tick.js": "let n = 0; export const tick = () => ++n;",
        "a.js": "import { tick } from './main.js'; import { made } from './common.js'; export const got = [made, tick()];",
        "b.js": "import { made } from './common.js'; export const got = made;",
        "common.js": "import { tick } from './tick.js'; export const made = tick();",
    }
    root = write(tmp_path / "src", files)
    built = bundle(root, "main.js")
    assert [c.modules for c in built.chunks] == [("common.js", "a.js"), ("common.js", "b.js")]
    path = emit(tmp_path / "out", built)
    body = "const b = await m.b(); const a = await m.a(); console.log(JSON.stringify([b.got, a.got, m.tick()]));"
    assert node(f"const m = await import({json.dumps(path.as_uri())});\n{body}", tmp_path) == [1, [1, 2], 3]


def test_a_chunk_loads_its_own_chunk(tmp_path: Path) -> None:
    # view/widgets/picker.js (a chunk) imports region-data.js when a region picker first opens
    files = {
        "main.js": "export const open = () => import('./picker.js').then((p) => p.regions());",
        "picker.js": "import { tick } from './tick.js'; export const regions = () => import('./data.js').then((d) => [d.DATA, tick()]);",
        "data.js": "import { tick } from './tick.js'; export const DATA = ['广东省', tick()];",
        "tick.js": "let n = 0; export const tick = () => ++n;",
    }
    root = write(tmp_path / "src", files)
    built = bundle(root, "main.js")
    assert [[c.modules for c in ch.chunks] for ch in built.chunks] == [[("data.js",)]]
    path = emit(tmp_path / "out", built)
    body = "console.log(JSON.stringify([await m.open(), await m.open()]));"
    got = node(f"const m = await import({json.dumps(path.as_uri())});\n{body}", tmp_path)
    assert got == [[["广东省", 1], 2], [["广东省", 1], 3]]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"main.js": "import x from 'lodash';"}, "only relative runtime modules"),
        ({"main.js": "import x from '../outside.js';"}, "leaves the runtime folder"),
        ({"main.js": "import d from './d.json' with { type: 'json' };", "d.json": "{}"}, "import attributes"),
        ({"main.js": "await Promise.resolve();"}, "top-level await"),
        ({"main.js": "export const r = import.meta.resolve('./x.js');"}, r"only import\.meta\.url"),
        ({"main.js": "const p = './x.js'; import(p);"}, "one string literal"),
        ({"main.js": "export let n = 0; export function inc() { n++; }"}, "n is reassigned"),
        ({"main.js": "const a = 1; export { a as 'a b' };"}, "string module export names"),
        ({"main.js": "const $$M = [];"}, "reserved for the bundle"),
        ({"main.js": "import { nope } from './a.js';", "a.js": "export const yes = 1;"}, "a.js does not export nope"),
        ({"main.js": "import './missing.js';"}, "missing.js: no such runtime module"),
        (
            {
                "main.js": "export * from './a.js'; export * from './b.js';",
                "a.js": "export const x = 1;",
                "b.js": "export const x = 2;",
            },
            "two `export \\*`",
        ),
        ({"main.js": "const = ;"}, "syntax error"),
    ],
)
def test_syntax_the_bundler_cannot_keep_exact_is_an_error(tmp_path: Path, files: dict[str, str], message: str) -> None:
    with pytest.raises(BundleError, match=message):
        bundle(write(tmp_path, files), "main.js")


def test_strings_comments_and_regexes_cannot_fool_it(tmp_path: Path) -> None:
    files = {
        "main.js": """
            // import { nope } from './nope.js';
            /* export const hidden = 1; */
            const s = "import x from './nope.js'; export const y = 2;";
            const t = `export { s }; ${'import(\\'./nope.js\\')'}`;
            const r = /^(https?:)?\\/\\//i, q = 4 / 2 / 1;
            export const out = [s.length, t.length, r.test('//x'), q, 1 .toString(), 1 + +'2', 3 - -1];
        """
    }
    got = run_bundle(tmp_path, files, body="console.log(JSON.stringify(m.out));")
    assert got == [
        len("import x from './nope.js'; export const y = 2;"),
        len("export { s }; import('./nope.js')"),
        True,
        2,
        "1",
        3,
        4,
    ]


def test_minify_keeps_tokens_and_the_line_breaks_that_can_end_a_statement() -> None:
    code = "function f() {\n  let a = b\n  (c) // call\n  return\n  x /* multi\nline */\n  y;\n}\nconst r = a / /re/g.source, s = `  ${ a /* c */ + `${ b }` } `; i++ + ++j"
    assert (
        minify(code) == "function f(){let a=b\n(c)\nreturn\nx\ny}\nconst r=a/ /re/g.source,s=`  ${a+`${b}`} `;i++ + ++j"
    )
    # An empty statement's `;` stays; one ending a statement goes before `}`.
    assert (
        minify("if (a) ;\nfor (;;) {\n  x();\n}\nclass A { x = 1; m() {}; }")
        == "if(a);for(;;){x()}\nclass A{x=1;m(){}}"
    )


# ---------------------------------------------------------------- the real runtime


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Bundle]]:
    out = tmp_path_factory.mktemp("bundles")
    built = {entry: bundle(runtime_root(), entry) for entry in ENTRIES}
    for item in built.values():
        emit(out, item)
    return out, built


def test_each_realm_gets_one_file_with_its_whole_static_graph(real: tuple[Path, dict[str, Bundle]]) -> None:
    _, built = real
    view, worker, host = (built[e] for e in ENTRIES)
    assert view.modules[-1] == "view/index.js" and "view/widgets/basic.js" in view.modules
    # Lazy in the page frame (view/widgets/complex.js, view/index.js): one chunk per widget module
    # (form fields, scroll-view, picker…), selector queries, intersection observers.
    lazy = {chunk.modules[-1] for chunk in view.chunks}
    assert {"view/widgets/form.js", "view/widgets/picker.js", "view/query.js", "view/observe.js"} <= lazy
    assert not lazy & set(view.modules) and "view/widgets/shared.js" not in view.modules
    # the region picker's divisions (~19 KB brotli): a chunk of the picker's chunk
    picker = next(c for c in view.chunks if c.modules[-1] == "view/widgets/picker.js")
    assert [c.modules for c in picker.chunks] == [("view/widgets/region-data.js",)]
    assert worker.modules[-1] == "logic/worker.js" and not any(m.startswith("render/") for m in worker.modules)
    # Lazy in the host: the APIs beyond the shell's (host/apis.js), open-types, identity, the battery,
    # custom routes (host/routes.js).
    assert host.modules[-1] == "host/index.js"
    assert {c.modules[-1] for c in host.chunks} == {
        f"host/{m}.js" for m in ("apis", "open-types", "identity", "battery", "routes")
    }
    # The render layer is a lazy chunk reusing the worker's logic modules; the test control is
    # another; the others are API chunks (logic/wx/deferred.js).
    chunks = {c.modules[-1]: c for c in worker.chunks}
    render, testing = chunks.pop("render/index.js"), chunks.pop("logic/testing.js")
    assert {f"logic/wx/{m}.js" for m in ("saved-files", "worklet", "device", "workers")} <= set(chunks)
    assert render.modules[-1] == "render/index.js" and not any(m.startswith("logic/") for m in render.modules)
    assert testing.modules == ("logic/testing.js",)
    for item in (view, worker, render, host):
        assert b"/**" not in item.code and b"@type" not in item.code


def test_the_worker_bundle_starts_and_loads_its_render_chunk(real: tuple[Path, dict[str, Bundle]]) -> None:
    out, built = real
    url = (out / built["logic/worker.js"].url).as_uri()
    script = f"""const m = await import({json.dumps(url)});
const listeners = [], posted = [];
const scope = {{ importScripts() {{}}, addEventListener(t, f) {{ listeners.push([t, f]); }}, removeEventListener() {{}} }};
m.start(scope);
const port = {{ postMessage(x) {{ posted.push(x); }}, onmessage: null }};
for (const [t, f] of listeners) if (t === 'message') f({{ data: {{ t: 'port' }}, ports: [port] }});
for (let i = 0; i < 500 && !port.onmessage; i++) await new Promise((r) => setTimeout(r, 10));
port.onmessage({{ data: {{ t: 'ping', n: 7 }} }});
console.log(JSON.stringify({{ exports: Object.keys(m).sort(), posted }}));"""
    got = node(script, out)
    assert got == {"exports": ["createWorker", "start"], "posted": [{"t": "pong", "n": 7}]}


def test_the_host_and_view_bundles_are_valid_modules(real: tuple[Path, dict[str, Bundle]]) -> None:
    out, built = real
    host = (out / built["host/index.js"].url).as_uri()
    assert (
        node(f"const m = await import({json.dumps(host)}); console.log(JSON.stringify(typeof m.launch));", out)
        == "function"
    )
    assert NODE is not None
    view = out / built["view/index.js"].url
    (out / "view.mjs").write_bytes(view.read_bytes())  # needs a DOM to run; node can still parse it
    checked = subprocess.run([NODE, "--check", str(out / "view.mjs")], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr


def test_the_bundles_are_smaller_than_the_modules(real: tuple[Path, dict[str, Bundle]]) -> None:
    _, built = real
    for item in (*built.values(), *built["logic/worker.js"].chunks):
        raw = sum((runtime_root() / m).stat().st_size for m in item.modules)
        assert len(item.code) < 0.75 * raw
        assert len(item.encoded("br")) < len(item.encoded("gzip")) < len(item.code)


# ---------------------------------------------------------------- cache and serving


def test_the_cache_rebuilds_when_a_source_file_changes(tmp_path: Path) -> None:
    root = write(tmp_path, {"main.js": "import { v } from './v.js'; export { v };", "v.js": "export const v = 1;"})
    bundler = RuntimeBundler(root)
    first = bundler.entry("main.js")
    assert bundler.entry("main.js") is first
    (root / "v.js").write_text("export const v = 22;")
    os.utime(root / "v.js", ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    second = bundler.entry("main.js")
    assert second is not first and b"22" in second.code


def test_the_dev_server_serves_bundles(tmp_path: Path) -> None:
    from openmini.server.dev import create_dev_app

    source = write(tmp_path / "src", {"app.json": '{"pages": ["pages/index/index"]}', "app.js": "App({})",
        "pages/index/index.js": "Page({})", "pages/index/index.wxml": "<view>hi</view>"})  # fmt: skip
    client = TestClient(create_dev_app(source, data_dir=tmp_path / "data", watch=False))
    page = client.get("/").text
    assert '"bundleBase": "http://testserver/runtime/bundle/"' in page
    response = client.get("/runtime/bundle/logic/worker.js", headers={"accept-encoding": "br"})
    assert response.status_code == 200 and response.headers["content-encoding"] == "br"
    assert response.headers["cache-control"] == "no-cache" and response.headers["access-control-allow-origin"] == "*"
    assert response.headers["content-type"].startswith("text/javascript") and "export const{" in response.text
    again = client.get(
        "/runtime/bundle/logic/worker.js", headers={"accept-encoding": "br", "if-none-match": response.headers["etag"]}
    )
    assert again.status_code == 304
    chunk = response.text.split('$$c("bundle/', 1)[1].split('"', 1)[0]
    lazy = client.get(f"/runtime/bundle/{chunk}", headers={"accept-encoding": "gzip"})
    assert lazy.status_code == 200 and "immutable" in lazy.headers["cache-control"]
    assert lazy.headers["content-encoding"] == "gzip" and lazy.text.startswith("export default")
    assert client.get("/runtime/bundle/logic/index.js").status_code == 404
    assert client.get("/runtime/bundle/chunk/0000.js").status_code == 404
    assert client.get("/runtime/protocol.js").status_code == 200  # the modules stay served
