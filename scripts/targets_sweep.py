#!/usr/bin/env python3
"""Open every page of real mini programs in the simulator and tell what broke.

    .venv/bin/python scripts/targets_sweep.py FOLDER... [--json out.json] [--wait 3] [--queries F | --no-queries]

For each mini program folder: serve it with the dev server (openmini.server.dev), open the
simulator in headless Chromium, then open every page of the manifest one after another with the
simulator's path box and Open button (a fresh launch per page, so that one page's errors and
timers never leak into the next). Per page it collects

* uncaught errors: what the logic worker reports as `{t:"error"}` (the simulator sends it to the
  dev server's socket, where `on_console` hears it) and `pageerror` in any frame of the browser;
* developer `console.error` output (reported, not counted as uncaught);
* browser console errors (CSP refusals, failed resource loads) other than echoes of the above;
* network calls the host refused or that failed (the simulator's Network panel): these are the
  expected clean failures of a sandbox without the developers' servers;
* whether the page frame's `<wx-page>` rendered anything (elements or text).

Pages that WeChat only ever opens with a query (an order page needs its `orderNo`) are opened
with the query the mini program's own navigation passes, from scripts/targets_queries.json
(target folder → route → query string, each value taken from the target's source and mock data;
`--no-queries` opens every page bare). The table shows which pages got one.

Some targets need what their developer sets up before they run at all: TCMPP's movie app throws in
app.js without the map key its README asks for, and Dimina's vant example is TypeScript and Less
that WeChat's devtools compile only with `useCompilerPlugins` on (Dimina compiles them itself).
scripts/targets_setup.json holds those edits (target folder → file → {text: replacement}); such
a target is swept from an edited copy.

Prints one table per target and a final `targets: N pages, M without uncaught errors` line.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

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
# What counts as a clean network failure: the host refusing a domain, or the request failing.
CLEAN_NETWORK = re.compile(r"not in domain list|:fail|HTTP|net::|refused|timeout", re.I)
# Errors that are only the consequence of such a refusal: an unhandled `request:fail` promise, or
# an exception in the fail/complete callback of a network call (only a failed request runs it).
NETWORK_CAUSED = re.compile(
    r"(request|uploadFile|downloadFile|connectSocket):fail|not in domain list"
    r"|^wx\.(request|uploadFile|downloadFile|connectSocket) (fail|complete):"
)
QUERIES = Path(__file__).with_name("targets_queries.json")
SETUP = Path(__file__).with_name("targets_setup.json")

# Reads the page frame's <wx-page>: [elements, text length, first text].
RENDERED = """() => {
  const r = document.querySelector('wx-page');
  if (!r) return null;
  const text = (r.innerText || r.textContent || '').replace(/\\s+/g, ' ').trim();
  return [r.querySelectorAll('*').length, text.length, text.slice(0, 80)];
}"""
# Reads the simulator's Network panel (all rows, failed rows), then clears its panels.
PANELS = """() => {
  const rows = (id, sel) => [...document.querySelectorAll(`#${id} ${sel} .msg`)].map((m) => m.textContent);
  const out = { network: rows('network', '.sim-row'), failed: rows('network', '.sim-error') };
  document.getElementById('clear').click();
  return out;
}"""


@dataclass
class PageResult:
    route: str
    query: str = ""  # what the page was opened with (known queries, see the module docstring)
    ms: int = 0
    elements: int = 0
    text: int = 0
    sample: str = ""
    frame: bool = False  # the page frame appeared
    uncaught: list[str] = field(default_factory=list)
    network_caused: list[str] = field(default_factory=list)  # uncaught, but only a refused request
    dev_console: list[str] = field(default_factory=list)
    browser_console: list[str] = field(default_factory=list)
    network_failed: list[str] = field(default_factory=list)
    network_total: int = 0

    @property
    def empty(self) -> bool:
        return self.elements == 0 and self.text == 0


@dataclass
class TargetResult:
    folder: str
    compiled: bool = True
    diagnostics: list[str] = field(default_factory=list)
    pages: list[PageResult] = field(default_factory=list)
    seconds: float = 0.0


def first_line(text: str, limit: int = 200) -> str:
    line = text.strip().split("\n", 1)[0].strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Collector:
    """What the simulator forwards to the dev server's socket (`on_console`), per page."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[dict[str, Any]] = []

    def __call__(self, entry: dict[str, Any]) -> None:
        with self.lock:
            self.entries.append(entry)

    def take(self) -> list[dict[str, Any]]:
        with self.lock:
            out, self.entries = self.entries, []
        return out


@contextlib.contextmanager
def dev_server(folder: Path, data: Path, collector: Collector) -> Iterator[tuple[str, Any]]:
    import uvicorn

    from openmini.server.dev import create_dev_app

    app = create_dev_app(folder, data_dir=data, watch=False, on_console=collector)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 15
    while not server.started and time.time() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}/", app
    finally:
        server.should_exit = True
        thread.join(5)


def page_frame(pg: Any, route: str) -> Any:
    el = pg.query_selector(f'iframe.om-page[title="{route}"]')
    return el.content_frame() if el else None


def rendered(frame: Any) -> list[Any] | None:
    try:
        return frame.evaluate(RENDERED)  # type: ignore[no-any-return]
    except Exception:  # the frame is still loading, or was replaced
        return None


def for_target(folder: Path, table: dict[str, Any]) -> Any:
    """The entry of `table` for the target at `folder` (keys are folder path endings: "tcmpp/movie")."""
    where = folder.resolve().as_posix()
    for key, entry in table.items():
        if where == key or where.endswith("/" + key.strip("/")):
            return entry
    return {}


@contextlib.contextmanager
def set_up(folder: Path, edits: dict[str, dict[str, str]]) -> Iterator[Path]:
    """`folder`, or an edited copy of it when its README asks for settings (see the module docstring)."""
    if not edits:
        yield folder
        return
    with tempfile.TemporaryDirectory(prefix="om-setup-") as tmp:
        copy = Path(tmp) / folder.resolve().name
        shutil.copytree(folder, copy, symlinks=True)
        for name, replacements in edits.items():
            path = copy / name
            text = path.read_text(encoding="utf-8")
            for old, new in replacements.items():
                if old not in text:
                    raise SystemExit(f"{folder}: {name} no longer contains {old!r} (scripts/targets_setup.json)")
                text = text.replace(old, new)
            path.write_text(text, encoding="utf-8")
        yield copy


def open_page(pg: Any, route: str, wait: float, query: str = "") -> PageResult:
    """Launch the mini program at `route` (with `query`) and poll until its page rendered and settled."""
    res = PageResult(route, query)
    start = time.time()
    pg.fill("#path", f"{route}?{query}" if query else route)
    pg.click("#open")
    last: list[Any] | None = None
    stable_since = 0.0
    while time.time() - start < wait:
        time.sleep(0.08)
        frame = page_frame(pg, route)
        if frame is None:
            continue
        res.frame = True
        now = rendered(frame)
        if now is None:
            continue
        if now != last:
            last, stable_since = now, time.time()
        elif (now[0] or now[1]) and time.time() - stable_since > 0.35:
            break
    if last:
        res.elements, res.text, res.sample = last[0], last[1], last[2]
    res.ms = int((time.time() - start) * 1000)
    return res


def sweep_target(
    browser: Any,
    folder: Path,
    wait: float = 3.0,
    log: Any = None,
    only: str | None = None,
    queries: dict[str, str] | None = None,
) -> TargetResult:
    result = TargetResult(str(folder))
    queries = queries or {}
    t0 = time.time()
    collector = Collector()
    with (
        tempfile.TemporaryDirectory(prefix="om-sweep-") as data,
        dev_server(folder, Path(data), collector) as (
            base,
            app,
        ),
    ):
        build = app.state.build
        if build.package is None:
            result.compiled = False
            diags = build.result.diagnostics if build.result else []
            items = [d.to_json() for d in diags]
            result.diagnostics = [
                f"{d.get('path')}: {d.get('name')}: {first_line(str(d.get('message')))}"
                for d in items
                if d.get("severity") == "error"
            ]
            result.seconds = time.time() - t0
            return result
        manifest = json.loads(build.package.manifest_bytes())
        routes = [r for pkg in manifest["packages"].values() for r in pkg.get("pages", [])]
        routes = [r for r in routes if not only or re.search(only, r)]
        ctx = browser.new_context(viewport={"width": 1100, "height": 900})
        pg = ctx.new_page()
        browser_errors: list[str] = []
        page_errors: list[str] = []
        pg.on("pageerror", lambda e: page_errors.append(f"{e.name}: {e.message}" if e.name else str(e)))
        api = f"{base}api/"

        def on_console(m: Any) -> None:
            # The host's own calls to the platform API (a refused request answers 403) are
            # already counted as network failures.
            if m.type == "error" and not str((m.location or {}).get("url", "")).startswith(api):
                browser_errors.append(m.text)

        pg.on("console", on_console)
        pg.goto(base)
        # The simulator launches the entry page, then connects its socket; only from then on do
        # its errors reach the collector, so every page (the entry page too) is opened after.
        deadline = time.time() + 10
        while not build.listeners and time.time() < deadline:
            time.sleep(0.05)
        # Warm up (the first launch compiles nothing but fetches and parses every bundle): let the
        # entry page render before the clock of the first page starts.
        entry = manifest.get("entryPagePath", "")
        deadline = time.time() + 2 * wait
        while time.time() < deadline:
            frame = page_frame(pg, entry)
            now = rendered(frame) if frame else None
            if now and (now[0] or now[1]):
                break
            time.sleep(0.1)
        pg.evaluate(PANELS)
        collector.take()
        browser_errors.clear()
        page_errors.clear()
        for route in routes:
            res = open_page(pg, route, wait, queries.get(route, ""))
            # Close the mini program (its worker ends), so that nothing it does later is blamed on
            # the next page; then let the socket deliver what is still in flight.
            pg.evaluate("() => window.openmini && window.openmini.close()")
            time.sleep(0.15)
            panels = pg.evaluate(PANELS)
            dev_texts: list[str] = []
            for entry in collector.take():
                if entry.get("t") == "error":
                    msg = first_line(str(entry.get("message") or entry.get("stack") or ""))
                    where = entry.get("file") or ""
                    text = f"{msg}  [{where}:{entry.get('line')}]" if where else msg
                    (res.network_caused if NETWORK_CAUSED.search(msg) else res.uncaught).append(text)
                elif entry.get("t") == "console" and entry.get("level") == "error":
                    full = " ".join(str(a) for a in entry.get("args") or [])
                    dev_texts.append(full)
                    res.dev_console.append(first_line(full))
            res.uncaught += [first_line(e) for e in page_errors]
            for text in browser_errors:
                # The worker prints what it reports ("[openmini] …") and developer console.error.
                if text.startswith("[openmini]") or any(text.startswith(first_line(d, 60)) for d in dev_texts):
                    continue
                res.browser_console.append(first_line(text))
            res.network_total = len(panels["network"])
            res.network_failed = [first_line(t) for t in panels["failed"]]
            page_errors.clear()
            browser_errors.clear()
            result.pages.append(res)
            if log:
                log(res)
        ctx.close()
    result.seconds = time.time() - t0
    return result


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def normalise(msg: str) -> str:
    """Group messages that differ only by numbers (ids, lines)."""
    return re.sub(r"\d+", "N", msg)


def report(results: list[TargetResult], out: Any = sys.stdout) -> tuple[int, int]:
    total = clean = 0
    for t in results:
        print(f"\n== {t.folder}", file=out)
        if not t.compiled:
            print("   not compiled (documented refusals, docs/compatibility.md):", file=out)
            kinds: Counter[str] = Counter(d.split(": ")[1] for d in t.diagnostics)
            for kind, n in kinds.most_common():
                example = next(d for d in t.diagnostics if d.split(": ")[1] == kind)
                print(f"     {n:>3}× {kind}, e.g. {first_line(example, 160)}", file=out)
            continue
        ok = [p for p in t.pages if not p.uncaught]
        empty = [p for p in t.pages if p.empty]
        net = sum(len(p.network_failed) for p in t.pages)
        total += len(t.pages)
        clean += len(ok)
        print(
            f"   pages {len(t.pages)} | no uncaught error {len(ok)} | empty {len(empty)} | "
            f"clean network failures {net} | {t.seconds:.1f} s",
            file=out,
        )
        print(f"   {'page':<48} {'ms':>5} {'elems':>5} {'text':>5} {'unc':>3} {'net':>3} {'con':>3}", file=out)
        for p in t.pages:
            mark = " ".join(x for x in ("EMPTY" if p.empty else "", f"?{p.query}"[:60] if p.query else "") if x)
            print(
                f"   {p.route[:48]:<48} {p.ms:>5} {p.elements:>5} {p.text:>5} {len(p.uncaught):>3} "
                f"{len(p.network_failed):>3} {len(p.dev_console) + len(p.browser_console):>3} {mark}",
                file=out,
            )
        for title, attr in (
            ("uncaught errors", "uncaught"),
            ("uncaught, caused by a refused request (clean)", "network_caused"),
            ("developer console.error", "dev_console"),
            ("browser console errors", "browser_console"),
            ("network failures (clean)", "network_failed"),
        ):
            counts: Counter[str] = Counter()
            sample: dict[str, str] = {}
            for p in t.pages:
                for m in set(map(normalise, getattr(p, attr))):
                    counts[m] += 1
                for m in getattr(p, attr):
                    sample.setdefault(normalise(m), m)
            if counts:
                print(f"   {title} (distinct messages, × pages):", file=out)
                for m, n in counts.most_common(12 if attr == "network_failed" else 40):
                    print(f"     {n:>3}× {sample[m]}", file=out)
    print(f"\ntargets: {total} pages, {clean} without uncaught errors", file=out)
    return total, clean


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("folders", nargs="+", type=Path, help="mini program folders (with app.json)")
    ap.add_argument("--wait", type=float, default=3.0, help="max seconds per page (default 3)")
    ap.add_argument("--json", type=Path, help="also write the full results here")
    ap.add_argument("--pages", help="only the routes this regular expression finds")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each page as it is done")
    ap.add_argument("--queries", type=Path, default=QUERIES, help="known queries (default: %(default)s)")
    ap.add_argument("--no-queries", action="store_true", help="open every page without a query")
    ap.add_argument("--setup", type=Path, default=SETUP, help="settings targets need (default: %(default)s)")
    args = ap.parse_args(argv)
    table: dict[str, dict[str, str]] = {} if args.no_queries else json.loads(args.queries.read_text())
    setup: dict[str, dict[str, dict[str, str]]] = json.loads(args.setup.read_text())

    def log(p: PageResult) -> None:
        print(f"  {p.route} {p.ms} ms, {len(p.uncaught)} errors", file=sys.stderr)

    results = []
    with chromium() as browser:
        for folder in args.folders:
            if args.verbose:
                print(f"{folder}", file=sys.stderr)
            queries = for_target(folder, table)
            with set_up(folder, for_target(folder, setup)) as ready:
                result = sweep_target(browser, ready, args.wait, log if args.verbose else None, args.pages, queries)
            result.folder = str(folder)
            results.append(result)
    report(results)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
