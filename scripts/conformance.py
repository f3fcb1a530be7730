#!/usr/bin/env python3
"""Run the WXML/component conformance suite (tests/conformance/README.md) in a real browser.

Every case goes through the real compiler and the real runtime: the host shell, the service
frame and its logic worker, and a sandboxed page frame, in headless Chromium (Debian's
/usr/bin/chromium, driven by Playwright). Steps are driven as a user and a test would:
`setData`, `call` and custom `event` steps through the host's test-only control request
(`launch({test: true})`, logic/testing.js), `tap` as a real mouse click on the element in the
page frame. After each step the page frame's DOM is serialised into the canonical `tree`.

    .venv/bin/python scripts/conformance.py tests/conformance/cases.jsonl [-v] [--only id,id]

Prints `conformance: N/M passed` and the failing ids (with -v: expected and actual trees).
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from starlette.applications import Starlette  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import HTMLResponse, JSONResponse, Response  # noqa: E402
from starlette.routing import Route  # noqa: E402

from openmini.compiler import compile_project  # noqa: E402
from openmini.compiler.generate.package import Package  # noqa: E402
from openmini.server.files import CORS, package_file, runtime_root  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
STEP_TIMEOUT_S = 10.0

# Cases compared on the `text` projection instead of the `tree`, because our element shape
# differs from glass-easel's for a documented reason. Empty: every case is compared on `tree`.
TEXT_ONLY: dict[str, str] = {}

HARNESS = """<!doctype html><html><head><meta charset="utf-8"><title>openmini conformance</title>
<style>html,body{margin:0} #phone{width:375px;height:667px;position:relative}</style></head>
<body><div id="phone"></div><script type="module">
import { launch } from "/runtime/host/index.js";
let app = null;
window.omRun = async (base, path) => {
  if (app) app.close();
  const errors = [];
  window.omErrors = errors;
  app = await launch(document.getElementById("phone"), {
    runtimeBase: location.origin + "/runtime/", packageBase: location.origin + base,
    apiBase: location.origin + "/api/", appId: "conformance", user: "conformance", path, test: true,
    onError: (e) => errors.push(String(e.message) + (e.file ? ` (${e.file}:${e.line})` : "")),
    onConsole: (e) => { if (e.level === "error") errors.push(e.args.join(" ")); },
  });
  window.omApp = app;
  await app.ready;
};
window.omTest = (msg) => app.test(msg);
window.omReady = true;
</script></body></html>"""

# The canonical tree of the README, read from the page frame's DOM and the node state the view
# keeps on each element (view/apply.js): tags without `wx-`, hosts flagged, class names without
# component prefixes, other attributes of native nodes typed and in name order, text merged.
SERIALISE = """(prefixes) => {
  const unprefix = (cls) => {
    const out = [];
    for (let t of cls.split(/\\s+/)) {
      if (!t) continue;
      for (const p of prefixes) if (t.startsWith(p + "--")) t = t.slice(p.length + 2);
      if (!out.includes(t)) out.push(t);
    }
    return out.join(" ");
  };
  const kids = (el) => {
    const out = [];
    for (let c = el.firstChild; c; c = c.nextSibling) {
      const s = c.__om;
      if (!s) continue;
      if (c.nodeType === 3) {
        const t = s.text;
        if (t === "") continue;
        if (typeof out[out.length - 1] === "string") out[out.length - 1] += t;
        else out.push(t);
        continue;
      }
      const attrs = {};
      const id = c.getAttribute("id");
      if (id) attrs.id = id;
      const cls = unprefix(s.cls || "");
      if (cls) attrs.class = cls;
      if (s.style) attrs.style = s.style;
      if (!s.host) for (const k of Object.keys(s.attrs).sort()) {
        const v = s.attrs[k];
        // class names in hover-class / placeholder-class carry the component prefix, like class
        attrs[k] = (k === "hover-class" || k === "placeholder-class") && typeof v === "string" ? unprefix(v) : v;
      }
      const node = { tag: s.tag };
      if (s.host) node.component = true;
      node.attrs = attrs;
      if (s.dataset && Object.keys(s.dataset).length) node.dataset = s.dataset;
      node.children = kids(c);
      out.push(node);
    }
    return out;
  };
  return kids(document.querySelector("wx-page"));
}"""

# Where to click `#id`: the centre of the first of a few points inside its box whose hit-test
# lands on the element itself (not a child, which would change the event's target). null when
# there is none — an element its children cover entirely (event-bind-bubble's #outer,
# event-mut-bind's #m), or one without a box: then the mouse's pointer events are dispatched on
# it, which runs the same frame code (view/events.js) from pointerdown on.
HIT_POINT = """(id) => {
  const el = document.getElementById(id);
  if (!el) return { missing: true };
  const owner = (n) => { for (; n; n = n.parentNode) if (n.__om && n.nodeType === 1) return n; return null; };
  const r = el.getBoundingClientRect();
  const xs = [r.left + r.width / 2, r.left + 1, r.right - 1];
  const ys = [r.top + r.height / 2, r.top + 1, r.bottom - 1];
  for (const x of xs) for (const y of ys) {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    if (owner(document.elementFromPoint(x, y)) === el) return { x, y };
  }
  return { x: null };
}"""

DISPATCH_TAP = """(id) => {
  const el = document.getElementById(id);
  const r = el.getBoundingClientRect();
  const init = { bubbles: true, cancelable: true, composed: true, pointerType: "mouse", button: 0,
                 isPrimary: true, clientX: r.left, clientY: r.top };
  el.dispatchEvent(new PointerEvent("pointerdown", init));
  el.dispatchEvent(new PointerEvent("pointerup", init));
}"""


@dataclass
class Built:
    case: dict[str, Any]
    package: Package | None
    errors: str = ""
    prefixes: list[str] = field(default_factory=list)


def build_cases(cases: list[dict[str, Any]], work: Path) -> list[Built]:
    """Turn each case into a mini program folder (as scripts/conformance_node.mjs does) and compile it."""
    out = []
    for i, case in enumerate(cases):
        src = work / str(i)
        page = case.get("root", "index")
        files: dict[str, Any] = {"app.json": {"pages": [page]}, **case["files"]}
        files.setdefault(page + ".js", f"Component({{ data: {json.dumps(case.get('data', {}))} }})")
        for name, content in files.items():
            target = src / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
        result = compile_project(src)
        if result.package is None:
            errors = "\n".join(str(d) for d in result.diagnostics if d.is_error)
            out.append(Built(case, None, errors))
            continue
        manifest = json.loads(result.package.manifest_bytes())
        prefixes = [u["classPrefix"] for u in (manifest.get("components") or {}).values() if u.get("classPrefix")]
        out.append(Built(case, result.package, prefixes=prefixes))
    return out


def make_app(built: list[Built]) -> Starlette:
    root = runtime_root().resolve()

    def harness(_: Request) -> Response:
        return HTMLResponse(HARNESS, headers={"Cache-Control": "no-store"})

    def runtime(request: Request) -> Response:
        target = (root / request.path_params["path"]).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            return Response("not found", status_code=404, headers=CORS)
        kind = "text/css" if target.suffix == ".css" else "text/javascript"
        # Cached for the run: every case starts a new worker and page frame that import it again.
        return Response(target.read_bytes(), media_type=kind, headers={**CORS, "Cache-Control": "max-age=3600"})

    def manifest(request: Request) -> Response:
        pkg = built[int(request.path_params["case"])].package
        if pkg is None:
            return Response("no package", status_code=404, headers=CORS)
        return Response(pkg.manifest_bytes(), media_type="application/json", headers=CORS)

    def files(request: Request) -> Response:
        pkg = built[int(request.path_params["case"])].package
        if pkg is None:
            return Response("no package", status_code=404, headers=CORS)
        return package_file(request, pkg, request.path_params["stored"])

    def storage(_: Request) -> Response:
        return JSONResponse({"items": {}, "limit": 10 * 1024 * 1024})

    return Starlette(
        routes=[
            Route("/", harness),
            Route("/runtime/{path:path}", runtime),
            Route("/c/{case:int}/manifest.json", manifest),
            Route("/c/{case:int}/files/{stored}", files),
            Route("/api/storage", storage, methods=["GET"]),
        ]
    )


@contextmanager
def serving(app: Starlette) -> Iterator[str]:
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 10
    while not server.started and time.time() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(5)


class Runner:
    """One browser page reused for every case; each case is a fresh launch()."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.page.goto(base)
        self.page.wait_for_function("window.omReady === true")

    def frame(self) -> Any:
        handle = self.page.evaluate_handle("window.omApp.frames().at(-1)")
        return handle.as_element().content_frame()

    def test(self, msg: dict[str, Any]) -> Any:
        return self.page.evaluate(
            """([msg, ms]) => Promise.race([window.omTest(msg),
                 new Promise((_, no) => setTimeout(() => no(new Error("step timed out")), ms))])""",
            [msg, int(STEP_TIMEOUT_S * 1000)],
        )

    def tree(self, built: Built) -> Any:
        return self.frame().evaluate(SERIALISE, built.prefixes)

    def tap(self, selector: str) -> None:
        frame = self.frame()
        where = frame.evaluate(HIT_POINT, selector[1:])
        if where.get("missing"):
            raise RuntimeError(f"no node {selector}")
        if where["x"] is None:
            frame.evaluate(DISPATCH_TAP, selector[1:])
        else:
            box = frame.frame_element().bounding_box()
            self.page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])
        # the tap travels frame → logic on the page channel: let logic see it before settling
        self.test({"action": "settle", "quiet": 3})

    def run(self, index: int, built: Built) -> list[Any]:
        case = built.case
        self.page.evaluate("([base, path]) => window.omRun(base, path)", [f"/c/{index}/", case.get("root", "index")])
        self.test({"action": "settle"})
        out = [self.tree(built)]
        for step in case["steps"]:
            if "setData" in step:
                self.test({"action": "setData", "target": step.get("target"), "data": step["setData"]})
            elif "call" in step:
                c = step["call"]
                self.test(
                    {"action": "call", "target": c.get("target"), "method": c["method"], "args": c.get("args", [])}
                )
            elif "tap" in step:
                self.tap(step["tap"])
            else:
                ev = step["event"]
                if ev.get("type", "tap") == "tap" and not ev.get("detail"):
                    self.tap(ev["target"])
                else:
                    self.test(
                        {"action": "event", "target": ev["target"], "type": ev["type"], "detail": ev.get("detail", {})}
                    )
            out.append(self.tree(built))
        return out

    def errors(self) -> list[str]:
        return list(self.page.evaluate("window.omErrors || []"))


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def text_of(tree: list[Any]) -> list[str]:
    """The README's `text` projection: merged text nodes in composed-tree order, blank ones dropped."""
    out: list[str] = []
    pending = ""

    def walk(children: list[Any]) -> None:
        nonlocal pending
        for c in children:
            if isinstance(c, str):
                pending += c
            else:
                flush()
                walk(c["children"])
                flush()

    def flush() -> None:
        nonlocal pending
        if pending.strip():
            out.append(pending)
        pending = ""

    walk(tree)
    flush()
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="?", default=str(ROOT / "tests/conformance/cases.jsonl"))
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--only", default="")
    args = parser.parse_args(argv)
    only = set(filter(None, args.only.split(",")))
    cases = [json.loads(line) for line in Path(args.cases).read_text("utf-8").splitlines() if line.strip()]
    if only:
        cases = [c for c in cases if c["id"] in only]

    from playwright.sync_api import sync_playwright

    failed: list[str] = []
    passed = 0
    with tempfile.TemporaryDirectory(prefix="om-conf-") as tmp:
        built = build_cases(cases, Path(tmp))
        with serving(make_app(built)) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            runner = Runner(page, base)
            for i, b in enumerate(built):
                case = b.case
                got: list[Any] = []
                problem = b.errors
                if b.package is not None:
                    try:
                        got = runner.run(i, b)
                    except Exception as error:  # one broken case must not stop the run
                        problem = str(error).splitlines()[0] if str(error) else repr(error)
                        page.close()
                        page = browser.new_page()
                        runner = Runner(page, base)
                want = [e["tree"] for e in case["expected"]]
                if case["id"] in TEXT_ONLY:
                    ok = not problem and [text_of(t) for t in got] == [e["text"] for e in case["expected"]]
                else:
                    ok = not problem and got == want
                if ok:
                    passed += 1
                    continue
                failed.append(case["id"])
                if args.verbose:
                    print(f"\n✗ {case['id']}: {case.get('title', '')}")
                    if problem:
                        print("  " + problem)
                    for s, (w, g) in enumerate(zip(want, got, strict=False)):
                        if w != g:
                            print(f"  step {s}:\n    want {dump(w)}\n    got  {dump(g)}")
                            break
                    errors = runner.errors()
                    if errors:
                        print("  errors: " + "\n          ".join(errors))
            browser.close()
    print(f"conformance: {passed}/{len(cases)} passed")
    if failed:
        print("failing: " + " ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
