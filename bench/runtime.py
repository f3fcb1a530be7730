"""Runtime benchmark: first paint, runtime size, 1,000-row first render, one-row update.

    .venv/bin/python bench/runtime.py [--runs 7] [--updates 200] [--example DIR] [--page ROUTE] [--modules]

One run, headless Debian Chromium (Playwright), a static server of a package compiled before
the clock starts (bench/fixtures/bench, or --example for the first paint) plus the runtime:
its bundles, one file per realm and lazy chunks (server/runtime_bundle.py, as `openmini dev`
serves them), or with --modules its plain ES modules. The first paint is measured both ways.
Every figure comes with a reference measured in the same run and the same browser, so
the ratios are what to compare across machines; the raw milliseconds are not. Nothing here
asserts on time.

How times are taken (bench/fixtures/probe.js, bench/fixtures/bench/utils/probe.js): the host
page and the page frames get an init script that stamps `page.open`, each `ops` batch's arrival
in the frame, the end of its DOM changes, and the `applied` the frame posts after the next
animation frame (painted); the fixture's own code, which runs in the logic worker, stamps
onLoad, setData and each `ops` batch render posts. Stamps are `performance.timeOrigin +
performance.now()`, comparable across realms; the worker → frame hops are printed as a check
(a negative one would mean the clocks disagree). The runtime itself is not changed.
"""

from __future__ import annotations

import argparse
import hashlib
import http.server
import math
import re
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import brotli

from openmini.compiler import CompileOptions, compile_project
from openmini.compiler.generate.package import Package
from openmini.server.files import content_type, runtime_root
from openmini.server.js_mangle import mangle
from openmini.server.js_modules import minify as minify_js
from openmini.server.runtime_bundle import ENTRIES, Bundle, RuntimeBundler

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
PROBE = (FIXTURES / "probe.js").read_text("utf-8")
REFERENCE = (FIXTURES / "reference.js").read_text("utf-8").strip().rstrip(";")
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    *("--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking"),
    *("--disable-component-update", "--no-first-run", "--disable-sync"),
]
TARGETS = {"size_kb": 60.0, "first_render_ms": 50.0, "update_ms": 4.0}
LIST = "pages/list/list"
FCP = "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
WAIT = "waiting for the page frame's runtime to load"
# The simulator is the dev server's page around the phone, not part of what a platform ships.
DEV_ONLY = ("host/simulator.",)

Spans = dict[str, list[float]]


# ---------------------------------------------------------------- server


class Site:
    """What the static server serves (the runtime, one package, a few pages) and what it answered."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.pages: dict[str, bytes] = {"/launch.html": (FIXTURES / "launch.html").read_bytes()}
        self.log: list[tuple[str, int]] = []  # (path, status) of every request
        self.root = runtime_root().resolve()
        self.bundler = RuntimeBundler(self.root, prefix="bundle/")
        self.bundler.warm()

    def get(self, path: str, brotli_ok: bool) -> tuple[int, bytes, dict[str, str]]:
        h = {"Access-Control-Allow-Origin": "*", "Cross-Origin-Resource-Policy": "cross-origin"}
        if path in self.pages:
            return 200, self.pages[path], {**h, "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
        if path.startswith("/runtime/bundle/"):
            # As the dev server (server/files.py runtime_bundle): entries revalidated, chunks immutable.
            rel = path.removeprefix("/runtime/bundle/")
            chunk = rel.startswith("chunk/")
            found = (
                self.bundler.chunk(rel.removeprefix("chunk/"))
                if chunk
                else self.bundler.entry(rel)
                if rel in ENTRIES
                else None
            )
            if found is not None:
                h |= {"Content-Type": content_type(rel), "ETag": f'"{found.hash}"'}
                h["Cache-Control"] = "public, max-age=31536000, immutable" if chunk else "no-cache"
                if brotli_ok:
                    return 200, found.encoded("br"), {**h, "Content-Encoding": "br"}
                return 200, found.code, h
        if path.startswith("/runtime/"):
            target = (self.root / path.removeprefix("/runtime/")).resolve()
            if target.is_relative_to(self.root) and target.is_file():
                body = target.read_bytes()
                # Revalidated on every use (as the dev server's no-cache), 304 by ETag.
                h |= {"Content-Type": content_type(target.name), "Cache-Control": "no-cache"}
                return 200, body, {**h, "ETag": f'"{hashlib.sha1(body).hexdigest()[:16]}"'}
        if path == "/app/manifest.json":
            h |= {"Content-Type": "application/json", "Cache-Control": "no-cache"}
            return 200, self.package.manifest_bytes(), h
        stored = path.removeprefix("/app/files/")
        body_or_none = self.package.blobs.get(stored)
        if path.startswith("/app/files/") and body_or_none is not None and not stored.endswith(".br"):
            h |= {"Content-Type": content_type(stored), "Cache-Control": "public, max-age=31536000, immutable"}
            if brotli_ok and stored + ".br" in self.package.blobs:
                return 200, self.package.blobs[stored + ".br"], {**h, "Content-Encoding": "br"}
            return 200, body_or_none, h
        if path == "/api/storage":
            return 200, b'{"items": {}, "limit": 10485760}', {**h, "Content-Type": "application/json"}
        return 404, b"not found", h


def handler_for(site: Site) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; with Nagle on, the client's delayed ACK adds
        # ~40 ms to a response on loopback.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            status, body, headers = site.get(path, "br" in self.headers.get("Accept-Encoding", ""))
            if status == 200 and "ETag" in headers and self.headers.get("If-None-Match") == headers["ETag"]:
                status, body = 304, b""
            site.log.append((path, status))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class Server(http.server.ThreadingHTTPServer):
    # The default backlog of 5 overflows when a frame opens many connections for its module
    # graph at once, and a dropped SYN costs a retransmission.
    request_queue_size = 128
    daemon_threads = True


@contextmanager
def serve(site: Site) -> Iterator[str]:
    server = Server(("127.0.0.1", 0), handler_for(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def build(source: Path) -> Package:
    result = compile_project(source, CompileOptions())
    if result.package is None:
        for d in result.diagnostics[:10]:
            print(d)
        raise SystemExit(f"{source} did not compile")
    return result.package


# ---------------------------------------------------------------- figures and printing


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def p95(xs: list[float]) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, round(0.95 * (len(s) - 1)))] if s else float("nan")


def ratio(ours: float, reference: float) -> str:
    return f"{ours / reference:.1f}x" if reference > 0 else "n/a"


def verdict(value: float, limit: float) -> str:
    return "met" if value < limit else "NOT met"


def row(label: str, *cells: str) -> None:
    print(f"  {label:<46}" + "".join(f"{c:>12}" for c in cells))


def print_spans(spans: Spans, columns: tuple[str, ...]) -> None:
    row("", *columns)
    for key, values in spans.items():
        cells = {"median": median(values), "p95": p95(values), "min": min(values), "max": max(values)}
        counts = key.startswith(("ops in", "runtime req", "  of them"))
        row(key, *(f"{cells[c]:.0f}" if counts else f"{cells[c]:.2f}" for c in columns))


def add(spans: Spans, sample: dict[str, float]) -> None:
    for key, value in sample.items():
        spans.setdefault(key, []).append(value)


# ---------------------------------------------------------------- 2. runtime size


def minify(path: Path) -> bytes:
    text = path.read_text("utf-8")
    if path.suffix == ".js":
        return minify_js(mangle(text)).encode()  # the bundler's own minifier: what the server ships
    # No CSS minifier is a project dependency: comments and whitespace only.
    text = re.sub(r"\s+", " ", re.sub(r"/\*.*?\*/", "", text, flags=re.S))
    return re.sub(r"\s*([{};:,>])\s*", r"\1", text).strip().encode()


def kb(n: float) -> str:
    return f"{n / 1000:.1f}"


def runtime_files() -> list[Path]:
    root = runtime_root().resolve()
    files = [p for p in sorted(root.rglob("*")) if p.suffix in (".js", ".css")]
    return [p for p in files if not p.relative_to(root).as_posix().startswith(DEV_ONLY)]


def css_sizes(fetched: set[str]) -> list[tuple[str, int, int, int, bool]]:
    root = runtime_root().resolve()
    out = []
    for path in runtime_files():
        if path.suffix == ".css":
            rel = path.relative_to(root).as_posix()
            mini = minify(path)
            out.append(
                (
                    rel,
                    path.stat().st_size,
                    len(mini),
                    len(brotli.compress(mini, quality=11)),
                    f"/runtime/{rel}" in fetched,
                )
            )
    return out


def bundle_sizes(site: Site, fetched: set[str]) -> dict[str, float]:
    """Per served bundle and chunk: source bytes of its modules, minified, brotli-11 (as served)."""
    root = runtime_root().resolve()
    print("\n2. Runtime size, bundled (KB = 1,000 bytes; the bundler's minifier, brotli-11 per file as served)")
    row("file (its last module)", "modules", "raw", "min", "min+br", "page load")
    rows: list[tuple[str, int, int, int, bool]] = []

    def walk(item: Bundle, depth: int) -> None:
        raw = sum((root / m).stat().st_size for m in item.modules)
        br = len(item.encoded("br"))
        loaded = f"/runtime/{item.url}" in fetched
        name = item.url if not depth else f"{'  ' * depth}{item.url.removeprefix('bundle/')} ({item.modules[-1]})"
        row(name, str(len(item.modules)), kb(raw), kb(len(item.code)), kb(br), "yes" if loaded else "")
        rows.append((item.url, raw, len(item.code), br, loaded))
        for chunk in item.chunks:
            walk(chunk, depth + 1)

    for entry in ENTRIES:
        walk(site.bundler.entry(entry), 0)
    for rel, raw, mini, br, loaded in css_sizes(fetched):
        row(rel, "", kb(raw), kb(mini), kb(br), "yes" if loaded else "")
        rows.append((rel, raw, mini, br, loaded))
    load = [r for r in rows if r[4]]
    row("fetched by the page load", str(len(load)), *(kb(sum(r[i] for r in load)) for i in (1, 2, 3)))
    row(
        "every file served (chunks repeat shared modules)",
        str(len(rows)),
        *(kb(sum(r[i] for r in rows)) for i in (1, 2, 3)),
    )
    every = [minify(p) for p in runtime_files()]
    once = sum(len(brotli.compress(m, quality=11)) for m in every)
    row("every module once (brotli per file)", str(len(every)), "", kb(sum(len(m) for m in every)), kb(once))
    unlisted = sorted(
        p for p in fetched if p.endswith((".js", ".css")) and not any(p == f"/runtime/{r[0]}" for r in rows)
    )
    if unlisted:
        print(f"  fetched but not a bundle or stylesheet: {', '.join(unlisted)}")
    print(f"  requests to /runtime/ in one cold launch: {len(fetched)}")
    return {"load_br": sum(r[3] for r in load) / 1000, "all_br": once / 1000}


def module_sizes(fetched: set[str]) -> dict[str, float]:
    root = runtime_root().resolve()
    files = runtime_files()
    groups: dict[str, list[tuple[int, int, int]]] = {}
    minified: dict[str, list[bytes]] = {"load": [], "all": []}
    for path in files:
        rel = path.relative_to(root).as_posix()
        mini = minify(path)
        loaded = f"/runtime/{rel}" in fetched
        kind = rel.split("/")[0].removesuffix(".js")
        kind = "css" if path.suffix == ".css" else "view widgets" if rel.startswith("view/widgets/") else kind
        group = f"{kind} ({'page load' if loaded else 'not fetched'})"
        groups.setdefault(group, []).append((path.stat().st_size, len(mini), len(brotli.compress(mini, quality=11))))
        minified["all"].append(mini)
        if loaded:
            minified["load"].append(mini)
    print("\n2. Runtime size, modules (KB = 1,000 bytes; the bundler's minifier, brotli-11 per file as each is served)")
    row("part", "files", "raw", "min", "min+br")
    totals = {"load": [0, 0, 0, 0], "all": [0, 0, 0, 0]}
    for name in sorted(groups):
        entries = groups[name]
        sums = [len(entries), *(sum(e[i] for e in entries) for i in range(3))]
        row(name, str(sums[0]), *(kb(s) for s in sums[1:]))
        for key in ("all", "load") if "page load" in name else ("all",):
            totals[key] = [t + s for t, s in zip(totals[key], sums, strict=True)]
    for key, label in (("load", "fetched by a page load"), ("all", "whole runtime (simulator excluded)")):
        n, raw, mini_size, br = totals[key]
        row(label, str(n), kb(raw), kb(mini_size), kb(br))
        one = len(brotli.compress(b"\n".join(minified[key]), quality=11))
        row("  the same as one brotli stream", "", "", "", kb(one))
    missing = [p.relative_to(root).as_posix() for p in files]
    missing = [rel for rel in missing if f"/runtime/{rel}" not in fetched]
    print(f"  not fetched by the page load (lazy or unused): {', '.join(missing) or 'none'}")
    print(f"  requests to /runtime/ in one cold launch: {len(fetched)}")
    return {"load_br": totals["load"][3] / 1000, "all_br": totals["all"][3] / 1000}


# ---------------------------------------------------------------- browser helpers


def new_context(browser: Any) -> Any:
    """A fresh context: its own (empty) HTTP cache; the probe in every document."""
    context = browser.new_context(viewport={"width": 800, "height": 800})
    context.add_init_script(PROBE)
    return context


def top_frame(page: Any) -> Any:
    """The Playwright frame of the page on top of the mini program's stack."""
    return page.evaluate_handle("__handle.frames().at(-1)").as_element().content_frame()


def wait_for(poll: Callable[[], Any], what: str, timeout_s: float = 60) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = poll()
        if value:
            return value
        time.sleep(0.01)
    raise SystemExit(f"timed out waiting for {what}")


def painted_top(page: Any) -> bool:
    return bool(page.evaluate("!!window.__handle && __handle.frames().length > 0") and top_frame(page).evaluate(FCP))


def reports(page: Any, kind: str) -> list[dict[str, Any]]:
    return [r for r in page.evaluate("window.__bench || []") if r["kind"] == kind]


def reference(frame: Any, name: str, arg: Any = None) -> Any:
    return frame.evaluate(f"(arg) => ({REFERENCE}).{name}(arg)", arg)


# ---------------------------------------------------------------- 1. first paint


def launch_paint(context: Any, url: str, route: str, mode: str) -> dict[str, float]:
    """One navigation to the launch page; ms from its navigation start (performance.timeOrigin)."""
    page = context.new_page()
    page.goto(f"{url}/launch.html?path={route}{mode}", wait_until="commit")
    wait_for(lambda: painted_top(page), "the first contentful paint in the page frame")
    frame = top_frame(page)
    start = page.evaluate("performance.timeOrigin")
    host, view = page.evaluate("window.__probe"), frame.evaluate("window.__probe")
    paint = frame.evaluate(f"performance.timeOrigin + {FCP}")
    launched = reports(page, "launch")
    nan = float("nan")
    first = view["ops"][0] if view["ops"] else {"recv": nan, "done": nan}
    page.close()
    return {
        "page.open posted by the host": host["opens"][0]["t"] - start,
        "app.js running in the logic worker": launched[0]["appJs"] - start if launched else nan,
        "page frame's view runtime ready": view["port"] - start,
        "first ops batch received by the frame": first["recv"] - start,
        "first ops batch applied to the DOM": first["done"] - start,
        "first contentful paint in the page frame": paint - start,
    }


def static_paint(context: Any, url: str) -> float:
    page = context.new_page()
    page.goto(f"{url}/reference/page.html", wait_until="commit")
    paint = float(wait_for(lambda: page.evaluate(FCP), "the first contentful paint of the reference"))
    page.close()
    return paint


CAPTURE = """() => {
    const doc = document.documentElement.cloneNode(true);
    for (const el of doc.querySelectorAll('script, meta[http-equiv]')) el.remove();
    for (const el of doc.querySelectorAll('link')) el.setAttribute('href', el.href);
    return '<!doctype html>' + doc.outerHTML;
}"""


def first_paint(browser: Any, url: str, site: Site, route: str, runs: int, mode: str) -> tuple[Spans, set[str]]:
    how = "plain ES modules" if mode else "bundles"
    print(
        f"\n1. First paint of {route}, runtime as {how} (ms from the launch page's navigation start; median of {runs})"
    )
    cold: Spans = {}
    warm: Spans = {}
    fetched: set[str] = set()
    warm_ours, warm_ref = new_context(browser), new_context(browser)
    for i in range(runs + 1):  # run 0 warms the server and the OS, and captures the reference page
        context = new_context(browser)
        mark = len(site.log)
        sample = launch_paint(context, url, route, mode)
        if i == 0:
            fetched = {p for p, _ in site.log[mark:] if p.startswith("/runtime/")}
            page = context.new_page()
            page.goto(f"{url}/launch.html?path={route}{mode}")
            wait_for(lambda: painted_top(page), "the page to capture")  # noqa: B023 (called at once)
            # The reference: the page frame's final DOM and stylesheets as one static document.
            site.pages["/reference/page.html"] = top_frame(page).evaluate(CAPTURE).encode()
        context.close()
        context = new_context(browser)
        sample["reference: the same DOM + CSS as static HTML"] = static_paint(context, url)
        context.close()
        warm_sample = launch_paint(warm_ours, url, route, mode)
        warm_sample["reference: the same DOM + CSS as static HTML"] = static_paint(warm_ref, url)
        if i:
            add(cold, sample)
            add(warm, warm_sample)
    warm_ours.close()
    warm_ref.close()
    row("", "cold", "warm")
    for key in cold:
        if not all(math.isnan(v) for v in cold[key]):  # app.js is stamped by the fixture's probe only
            row(key, f"{median(cold[key]):.1f}", f"{median(warm[key]):.1f}")
    ours, ref = "first contentful paint in the page frame", "reference: the same DOM + CSS as static HTML"
    row("ratio ours / reference", *(ratio(median(s[ours]), median(s[ref])) for s in (cold, warm)))
    return {"cold": cold[ours], "ref_cold": cold[ref]}, fetched


# ---------------------------------------------------------------- 3. 1,000-row first render


def first_render(page: Any, site: Site, runs: int, updates: int) -> Spans:
    """reLaunch the list page `runs` times (after a warm-up); spans from the probes, in ms."""
    spans: Spans = {}
    for i in range(runs + 1):
        mark = len(site.log)
        page.evaluate(f"__handle.navigate('{LIST}?n={updates}')")
        wait_for(lambda: len(reports(page, "first")) > i, "the list page's onReady")  # noqa: B023 (called at once)
        report = reports(page, "first")[i]
        opened = [o for o in page.evaluate("window.__probe.opens") if o["route"] == LIST][-1]["t"]
        batch = max((o for o in report["ops"] if o["label"] == "first"), key=lambda o: o["n"])

        def seen(seq: int = batch["seq"]) -> Any:  # onReady may report before the frame has the batch
            v = top_frame(page).evaluate("window.__probe")
            ok = any(o["seq"] == seq for o in v["ops"]) and any(a["seq"] == seq for a in v["applied"])
            return v if ok else None

        view = wait_for(seen, "the list batch in the page frame")
        got = next(o for o in view["ops"] if o["seq"] == batch["seq"])
        applied = next(a["t"] for a in view["applied"] if a["seq"] == batch["seq"])
        onload, posted, ready = report["onLoad"], batch["t"], view["port"]
        wait = max(0.0, ready - posted)
        fetched = [status for p, status in site.log[mark:] if p.startswith("/runtime/")]
        sample = {
            "page.open → onLoad (host → worker)": onload - opened,
            "onLoad → ops posted (logic: data, tree, ops)": posted - onload,
            WAIT: wait,
            "ops posted → received (message hop)": got["recv"] - max(posted, ready),
            "received → DOM done (apply)": got["done"] - got["recv"],
            "DOM done → applied (style, layout, paint)": applied - got["done"],
            "render to DOM: onLoad → DOM done, minus wait": got["done"] - onload - wait,
            "render painted: onLoad → applied, minus wait": applied - onload - wait,
            "end to end: page.open → applied": applied - opened,
            "ops in the batch": float(batch["n"]),
            "runtime requests by the new page frame": float(len(fetched)),
            "  of them answered 304 (HTTP cache)": float(fetched.count(304)),
        }
        if i:
            add(spans, sample)
    return spans


# ---------------------------------------------------------------- 4. one-row update


def one_row_updates(page: Any) -> Spans:
    frame = top_frame(page)
    frame.click("wx-button.go")
    report = wait_for(lambda: reports(page, "updates"), "the updates", timeout_s=300)[0]
    view = frame.evaluate("window.__probe")
    got = {o["seq"]: o for o in view["ops"]}
    applied = {a["seq"]: a["t"] for a in view["applied"]}
    posted = {o["label"]: o for o in report["ops"]}
    spans: Spans = {}
    for s in report["samples"]:
        batch = posted[f"u{s['i']}"]
        frame_side = got[batch["seq"]]
        add(spans, {
            "setData → ops posted (logic)": batch["t"] - s["start"],
            "ops posted → received (message hop)": frame_side["recv"] - batch["t"],
            "received → DOM done (apply)": frame_side["done"] - frame_side["recv"],
            "setData → DOM updated": frame_side["done"] - s["start"],
            "setData → applied (painted)": applied[batch["seq"]] - s["start"],
            "setData → callback (round trip)": s["callback"] - s["start"],
            "ops in the batch": float(batch["n"]),
        })  # fmt: skip
    return spans


def references(page: Any, runs: int, updates: int) -> tuple[Spans, Spans]:
    """bench/fixtures/reference.js in a runtime-less frame in place of the list page's."""
    styles = top_frame(page).evaluate("[...document.querySelectorAll('link[rel=stylesheet]')].map((l) => l.href)")
    handle = page.evaluate_handle(f"(styles) => ({REFERENCE}).frame(styles)", styles)
    frame = handle.as_element().content_frame()
    rows: Spans = {}
    for i in range(runs + 1):
        result = reference(frame, "rows")
        if i:
            add(rows, result)
    update: Spans = {}
    for result in reference(frame, "updates", updates):
        add(update, result)
    return rows, update


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="first paint and first render runs (after a warm-up)")
    parser.add_argument("--updates", type=int, default=200, help="one-row setData updates")
    parser.add_argument("--example", type=Path, help="measure the first paint of this mini program instead")
    parser.add_argument("--page", help="the route whose first paint is measured (default: the entry page)")
    parser.add_argument("--modules", action="store_true", help="run the runtime's plain ES modules, not its bundles")
    args = parser.parse_args()
    mode, other = ("&modules", "") if args.modules else ("", "&modules")

    from playwright.sync_api import sync_playwright

    bench_site = Site(build(FIXTURES / "bench"))
    paint_site = Site(build(args.example)) if args.example else bench_site
    route = args.page or paint_site.package.manifest["entryPagePath"]
    with sync_playwright() as playwright, serve(paint_site) as paint_url, serve(bench_site) as url:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        print(f"openmini runtime benchmark: Chromium {browser.version} headless, launch box 375x667")
        paint, fetched = first_paint(browser, paint_url, paint_site, route, args.runs, mode)
        size = module_sizes(fetched) if args.modules else bundle_sizes(paint_site, fetched)
        other_paint, _ = first_paint(browser, paint_url, paint_site, route, args.runs, other)
        context = new_context(browser)
        page = context.new_page()
        page.goto(f"{url}/launch.html?{mode}")
        wait_for(lambda: painted_top(page), "the fixture's first page")
        render = first_render(page, bench_site, args.runs, args.updates)
        update = one_row_updates(page)
        ref_rows, ref_update = references(page, args.runs, args.updates)
        errors = page.evaluate("window.__errors")
        browser.close()

    print(f"\n3. First render of 1,000 rows (reLaunch of {LIST}; ms; {args.runs} runs after a warm-up)")
    print_spans(render, ("median", "min", "max"))
    to_dom = median(render["render to DOM: onLoad → DOM done, minus wait"])
    to_paint = median(render["render painted: onLoad → applied, minus wait"])
    row("reference: plain DOM code, to the end of the loop", f"{median(ref_rows['dom']):.2f}")
    row("reference: plain DOM code, to after the paint", f"{median(ref_rows['painted']):.2f}")
    row("ratio to DOM: ours / reference", ratio(to_dom, median(ref_rows["dom"])))
    row("ratio to painted: ours / reference", ratio(to_paint, median(ref_rows["painted"])))

    print(f"\n4. One-row update: setData({{'list[500].name': …}}) x{args.updates}, each after the last callback (ms)")
    print_spans(update, ("median", "p95", "max"))
    ref_dom = statistics.fmean(ref_update["dom"])  # one write is below the timer's resolution: the mean
    ours, ours_painted = update["setData → DOM updated"], update["setData → applied (painted)"]
    ref_painted = ref_update["painted"]
    row("reference: textContent write (mean)", f"{ref_dom:.3f}")
    row("reference: write → after the paint", f"{median(ref_painted):.2f}", f"{p95(ref_painted):.2f}")
    row("ratio to DOM: ours / reference", ratio(median(ours), ref_dom))
    row("ratio to painted: ours / reference", *(ratio(f(ours_painted), f(ref_painted)) for f in (median, p95)))
    hops = render["ops posted → received (message hop)"] + update["ops posted → received (message hop)"]
    lo, hi = min(hops), max(hops)
    print(f"  clock check: worker → frame hops {lo:.2f} … {hi:.2f} ms (≥ -0.1, the timer's grain, if clocks agree)")

    print("\nTargets (issue)")
    size_kb, limit_ms, update_ms = TARGETS["size_kb"], TARGETS["first_render_ms"], TARGETS["update_ms"]
    row("runtime fetched by a page load < 60 KB brotli", f"{size['load_br']:.1f} KB", verdict(size["load_br"], size_kb))
    row("  whole runtime, every module once", f"{size['all_br']:.1f} KB", verdict(size["all_br"], size_kb))
    row("first render of 1,000 rows < 50 ms (to DOM)", f"{to_dom:.1f} ms", verdict(to_dom, limit_ms))
    row("  to painted (`applied`)", f"{to_paint:.1f} ms", verdict(to_paint, limit_ms))
    row("one-row update < 4 ms (setData → DOM, median)", f"{median(ours):.2f} ms", verdict(median(ours), update_ms))
    row("  p95", f"{p95(ours):.2f} ms", verdict(p95(ours), update_ms))
    for label, figures in (
        (("modules" if args.modules else "bundles"), paint),
        (("bundles" if args.modules else "modules"), other_paint),
    ):
        cold = median(figures["cold"])
        row(
            f"first paint, cold, {label} (no target; ratio to static)",
            f"{cold:.0f} ms",
            ratio(cold, median(figures["ref_cold"])),
        )
    if errors:
        print(f"\nerrors reported by the mini program: {errors[:5]}")


if __name__ == "__main__":
    main()
