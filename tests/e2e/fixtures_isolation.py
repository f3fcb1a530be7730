"""Fixtures for test_isolation.py: a request recorder, dev servers for the hostile mini programs
under tests/e2e/hostile/, and a Chromium driven by Playwright.

The recorder is a raw TCP listener: any connection counts as a hit (an HTTP request line, a TLS
handshake, a WebSocket upgrade), so "no hit" means nothing at all reached it.
"""

from __future__ import annotations

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

playwright_sync = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from openmini.server.dev import create_dev_app  # noqa: E402

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
        try:
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nContent-Type: text/javascript\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body
            )
        except OSError:
            pass
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


def start_dev_server(fixture: str, workdir: Path, data_dir: Path, recorder: Recorder, appid: str | None = None) -> DevServer:
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
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium")
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
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
        except Exception as error:  # a frame may be detached or not yet loaded
            last = error
        else:
            if last:
                return last
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}; last: {last!r}")


def page_frames(page: Any) -> list[Any]:
    return [f for f in page.frames if f.parent_frame is not None and f.name != "" or _is_page_frame(f)]


def _is_page_frame(frame: Any) -> bool:
    try:
        return frame.parent_frame is not None and frame.evaluate("!!document.querySelector('wx-page, body > *')")
    except Exception:
        return False


def top_frame_text(page: Any) -> str:
    """Text of the top page frame (the mini program page on screen)."""
    index = page.evaluate(
        "() => { const fs = window.openmini ? window.openmini.frames() : []; return fs.length ? "
        "Array.from(document.querySelectorAll('iframe')).indexOf(fs[fs.length - 1]) : -1 }"
    )
    if index < 0:
        return ""
    handle = page.query_selector_all("iframe")[index]
    frame = handle.content_frame()
    return frame.evaluate("document.body ? document.body.innerText : ''") if frame else ""


def console_text(page: Any) -> str:
    return page.evaluate("document.getElementById('console').innerText")


def open_page(page: Any, path: str) -> None:
    """Open `path` in the simulator as its path box and Open button do (a fresh launch)."""
    page.fill("#path", path)
    page.click("#open")


def lines(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            out[key.strip()] = value.strip()
    return out


def run_lines(page: Any, path: str, timeout: float = 60.0) -> dict[str, str]:
    """Open a hostile page that reports `name=outcome` lines and a final `done`, and parse them."""
    open_page(page, path)
    text = poll(lambda: (t := top_frame_text(page)) and "done" in t.split("\n")[0] and t, timeout, 0.2, f"{path} to finish")
    return lines(text)
