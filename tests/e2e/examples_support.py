"""Shared fixtures and helpers for the end-to-end tests of the example mini programs.

Each test module sets `EXAMPLE = "<folder under examples/>"`; the `base` fixture serves that
example with the dev server (the real runtime: no test doubles) and the `sim` fixture opens the
simulator on it. Helpers act as a user does: they tap elements in the top page frame and read
what it shows. Page frames' CSP refuses eval, so waits poll with `frame.evaluate` instead of
Playwright's `wait_for_function`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright import sync_api as playwright_sync

from openmini.server.dev import create_dev_app
from support.live_server import live_server

CHROMIUM = Path("/usr/bin/chromium")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TIMEOUT = 8.0


class Served(str):
    """The base URL of a running dev server; `paths` lists every HTTP path it was asked for."""

    paths: list[str]


@contextmanager
def chromium_page(timeout_s: float | None = None) -> Iterator[Any]:
    """A page in a fresh headless Chromium; the test fails if any of its frames threw an uncaught error."""
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        if timeout_s is not None:
            page.set_default_timeout(timeout_s * 1000)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        yield page
        browser.close()
        assert errors == []


def recording(app: Any, paths: list[str]) -> Any:
    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            paths.append(scope["path"])
        await app(scope, receive, send)

    return wrapped


def serve(source: Path, data: Path) -> Iterator[Served]:
    """The dev server for `source` on a free loopback port."""
    paths: list[str] = []
    app = recording(create_dev_app(source, data_dir=data, watch=False), paths)
    with live_server(app) as url:
        served = Served(f"{url}/")
        served.paths = paths
        yield served


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The test module's mini program served: its FIXTURE folder, else examples/<EXAMPLE>."""
    source = getattr(request.module, "FIXTURE", None) or EXAMPLES / request.module.EXAMPLE
    yield from serve(source, tmp_path_factory.mktemp("data"))


class Sim:
    """The simulator page, driven as a user would."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    # -- where we are ---------------------------------------------------------------------

    def stack(self) -> list[str]:
        stack: list[str] = self.page.evaluate("window.openmini.stack()")
        return stack

    def frame(self) -> Any:
        """The top page frame (the one whose document holds the visible <wx-page>)."""
        handle = self.page.evaluate_handle("window.openmini.frames().at(-1)").as_element()
        frame = handle.content_frame()
        assert frame is not None
        return frame

    def wait_route(self, route: str) -> Any:
        poll(lambda: self.stack() and self.stack()[-1] == route, f"route {route} (stack {self.stack()})")
        frame = self.frame()
        poll(lambda: _has_page(frame), f"{route} rendered")
        return frame

    # -- reading ----------------------------------------------------------------------------

    def text(self, selector: str = "wx-page") -> str:
        """The element's visible text ("" when it is not there)."""
        text: str = self.frame().evaluate(
            "(s) => { const e = document.querySelector(s); return e ? e.innerText : ''; }", selector
        )
        return text

    def style(self, selector: str, name: str) -> str:
        """A computed style property of the first element `selector` finds in the top page frame."""
        value: str = self.frame().evaluate(
            "([s, n]) => getComputedStyle(document.querySelector(s))[n]", [selector, name]
        )
        return value

    def wait_text(self, needle: str, selector: str = "wx-page") -> str:
        """Wait until the element's visible text contains `needle`; return that text."""
        seen = [""]

        def check() -> bool:
            seen[0] = self.text(selector)
            return needle in seen[0]

        poll(check, lambda: f"{needle!r} in {selector} (saw {seen[0]!r})")
        return seen[0]

    def console(self) -> str:
        text: str = self.page.locator("#console").inner_text()
        return text

    def lifecycle(self) -> list[str]:
        """The `[lifecycle] who.what` lines the example printed, from the simulator's Console."""
        return [
            line.removeprefix("[lifecycle] ").strip()
            for line in self.console().splitlines()
            if line.startswith("[lifecycle] ")
        ]

    # -- acting -----------------------------------------------------------------------------

    def tap(self, selector: str, *, has_text: str | None = None) -> None:
        locator = self.frame().locator(selector, has_text=has_text) if has_text else self.frame().locator(selector)
        locator.first.click()

    def tap_text(self, text: str) -> None:
        self.frame().get_by_text(text, exact=True).first.click()

    def back(self) -> None:
        self.page.locator(".om-nav-back").click()


def _has_page(frame: Any) -> bool:
    try:
        return bool(
            frame.evaluate(
                "() => !!document.querySelector('wx-page') && document.querySelector('wx-page').childElementCount > 0"
            )
        )
    except playwright_sync.Error:
        return False


def poll(check: Callable[[], Any], what: str | Callable[[], str], timeout: float = TIMEOUT) -> None:
    deadline = time.time() + timeout
    while True:
        try:
            if check():
                return
        except playwright_sync.Error:  # the frame navigated or went away: try again
            pass
        if time.time() > deadline:
            raise AssertionError(f"timed out waiting for {what() if callable(what) else what}")
        time.sleep(0.05)


# The simulator starts at the path in its "page path" box; fill it in before its script runs,
# as when a mini program is opened cold at a page (a QR code, a shared link).
START_AT = """(path) => new MutationObserver((_, observer) => {
  const input = document.getElementById('path');
  if (input) { input.value = path; observer.disconnect(); }
}).observe(document, {childList: true, subtree: true})"""


def open_sim(browser: Any, base: str, path: str | None = None) -> Sim:
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.set_default_timeout(TIMEOUT * 1000)
    s = Sim(page)
    if path:
        page.add_init_script(f"({START_AT})({json.dumps(path)})")
    page.goto(base)
    page.wait_for_function("window.openmini && window.openmini.frames().length > 0")
    return s


@contextmanager
def opened_sim(browser: Any, base: str, route: str | None = None) -> Iterator[Sim]:
    """The simulator at `route` (rendered), closed afterwards; no error may be left."""
    s = open_sim(browser, base, route)
    try:
        if route:
            s.wait_route(route)
        yield s
        assert s.errors == []
    finally:
        s.page.close()


@pytest.fixture
def sim(request: pytest.FixtureRequest, browser: Any, base: str) -> Iterator[Sim]:
    """The simulator, opened at the test module's ROUTE when it has one; no error may be left."""
    with opened_sim(browser, base, getattr(request.module, "ROUTE", None)) as s:
        yield s
