"""Fixtures for test_isolation.py: a request recorder, dev servers for the hostile mini programs
under tests/e2e/hostile/, and a Chromium driven by Playwright.

The recorder is a raw TCP listener: any connection counts as a hit (an HTTP request line, a TLS
handshake, a WebSocket upgrade), so "no hit" means nothing at all reached it.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright import sync_api as playwright_sync

from openmini.server.dev import create_dev_app

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = Path(__file__).parent / "hostile"
ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@dataclass
class Recorder:
    """Records every connection made to it (first line of what was sent)."""

    port: int = 0
    hits: list[str] = field(default_factory=list)
    _server: socket.socket | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Recorder:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        self._server = server
        self.port = server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def _accept(self) -> None:
        assert self._server is not None
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        # Answer like a permissive server, so that an attack that gets through also "succeeds".
        conn.settimeout(2)
        try:
            data = conn.recv(4096)
        except OSError:
            data = b""
        line = data.split(b"\r\n", 1)[0].decode("latin-1")
        self.hits.append(line if line.isprintable() and line else f"<binary {data[:8]!r}>")
        body = b"export default 1;"
        with contextlib.suppress(OSError):
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nContent-Type: text/javascript\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body
            )
        conn.close()

    def hits_for(self, marker: str) -> list[str]:
        return [h for h in self.hits if marker in h]

    def stop(self) -> None:
        if self._server is not None:
            self._server.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class DevServer:
    base: str  # "http://127.0.0.1:P"
    source: Path
    server: Any


def start_dev_server(
    fixture: str, workdir: Path, data_dir: Path, recorder: Recorder, appid: str | None = None
) -> DevServer:
    """Copy a hostile fixture, point its config.js at the recorder, and serve it with `openmini dev`."""
    source = workdir / fixture
    shutil.copytree(HOSTILE / fixture, source)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    config = {"rec": recorder.url, "devOrigin": base}
    (source / "config.js").write_text(f"module.exports = {json.dumps(config)}\n")
    if appid is not None:
        project = json.loads((source / "project.config.json").read_text())
        project["appid"] = appid
        (source / "project.config.json").write_text(json.dumps(project))
    app = create_dev_app(source, data_dir=data_dir, watch=False)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.time() + 10
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started, "the dev server did not start"
    return DevServer(base, source, server)


@pytest.fixture(scope="module")
def recorder() -> Iterator[Recorder]:
    rec = Recorder().start()
    yield rec
    rec.stop()


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Any) -> Iterator[Any]:
    b = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    yield b
    b.close()


# ---- driving the simulator


def poll(fn: Any, timeout: float = 10.0, interval: float = 0.1, message: str = "condition") -> Any:
    """Call ``fn`` until it returns something truthy (page frames' CSP blocks wait_for_function)."""
    deadline = time.time() + timeout
    last: Any = None
    while time.time() < deadline:
        try:
            last = fn()
        except Exception as error:  # a frame may be detached or still loading
            last = error
        else:
            if last:
                return last
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}; last: {last!r}")


def open_host(browser: Any, dev: DevServer, before: str | None = None) -> Any:
    """A new tab on the simulator, with the mini program launched. ``before`` runs in the host
    document first (then the simulator is reloaded so that the mini program starts after it)."""
    page = browser.new_page()
    page.goto(dev.base + "/")
    if before:
        page.evaluate(before)
        page.reload()
    poll(lambda: page.evaluate("!!window.openmini"), 20, message="the simulator to launch")
    return page


def top_frame(page: Any) -> Any:
    """The Playwright frame of the page on top of the mini program's stack."""
    index = page.evaluate(
        "() => { const fs = window.openmini ? window.openmini.frames() : [];"
        " return fs.length ? Array.from(document.querySelectorAll('iframe')).indexOf(fs[fs.length - 1]) : -1 }"
    )
    if index < 0:
        return None
    return page.query_selector_all("iframe")[index].content_frame()


def top_text(page: Any) -> str:
    frame = top_frame(page)
    return frame.evaluate("document.body ? document.body.innerText : ''") if frame else ""


def console_text(page: Any) -> str:
    """The simulator's console panel (developer console output and errors)."""
    return str(page.evaluate("document.getElementById('console').innerText"))


def open_page(page: Any, path: str) -> None:
    """Open ``path`` as the simulator's path box and Open button do (a fresh launch)."""
    page.fill("#path", path)
    page.click("#open")


def wait_text(page: Any, needle: str, timeout: float = 15.0, text: Any = None) -> str:
    """Poll the top page frame's text (or ``text()``) until it contains ``needle``."""
    read = text or (lambda: top_text(page))
    return str(poll(lambda: (lambda t: t if needle in t else "")(read()), timeout, 0.1, f"{needle!r} on the page"))


def wait_report(page: Any, timeout: float = 90.0, text: Any = None) -> dict[str, str]:
    """Wait until a hostile page reports (``done`` on its first line) and parse its lines."""
    read = text or (lambda: top_text(page))
    done = poll(lambda: (lambda t: t if t.startswith("done") else "")(read()), timeout, 0.2, "the page to report")
    return parse_lines(str(done))


def parse_lines(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            out[key.strip()] = value.strip()
    return out


def run_lines(page: Any, path: str, timeout: float = 90.0) -> dict[str, str]:
    """Open a hostile page that reports ``name=outcome`` lines under a final ``done``."""
    open_page(page, path)
    return wait_report(page, timeout)


def banner_shown(page: Any) -> bool:
    return bool(page.evaluate("() => { const b = document.querySelector('.om-banner'); return !!b && !b.hidden }"))


def worker_targets(browser: Any) -> list[str]:
    """URLs of the dedicated workers alive in the browser (the logic workers are blob:null/…)."""
    session = browser.new_browser_cdp_session()
    try:
        infos = session.send("Target.getTargets")["targetInfos"]
    finally:
        session.detach()
    return [t["url"] for t in infos if t["type"] == "worker"]
