
"""The host shell in a real browser: page stack, chrome, dialogs, broker, heartbeat, simulator.

The dev server (openmini.server.dev) serves the simulator, the runtime, the package and the
platform APIs. The logic worker and the page-frame view are replaced by small test doubles that
speak the runtime protocol, so these tests pin the host's behaviour alone: the doubles record
what the host sent and let a test make `call`s as developer code would.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright import sync_api as playwright_sync

from openmini.server.dev import create_dev_app
from support.live_server import live_server

CHROMIUM = Path("/usr/bin/chromium")

WORKER = """
export function start(self) {
  let control; const log = []; let next = 1; const waiting = new Map(); let init = null;
  self.addEventListener('message', (e) => {
    if (e.data && e.data.t === 'port') { control = e.ports[0]; control.onmessage = onControl; }
  });
  const call = (api, args) => new Promise((r) => { const id = next++; waiting.set(id, r); control.postMessage({t: 'call', id, api, args}); });
  function onControl(e) {
    const m = e.data;
    if (m.t !== 'ping' && m.t !== 'reply') log.push([m.t, m.page, m.route, m.openType, m.name, m.args].filter((x) => x !== undefined));
    if (m.t === 'init') {
      init = m;
      control.postMessage({t: 'ready'});
      control.postMessage({t: 'console', level: 'log', args: ['hello from logic'], where: {file: 'app.js', line: 3}});
    } else if (m.t === 'ping') control.postMessage({t: 'pong', n: m.n});
    else if (m.t === 'reply') { waiting.get(m.id)(m); waiting.delete(m.id); }
    else if (m.t === 'page.open') {
      const port = m.port;
      port.onmessage = (ev) => onPage(port, ev.data);
      port.postMessage({t: 'show', text: m.route + ' ' + JSON.stringify(m.query) + ' ' + m.openType});
    }
  }
  async function onPage(port, d) {
    if (d.t !== 'test') return;
    let value;
    if (d.api === '__log') value = log.slice();
    else if (d.api === '__init') value = {system: init.system, launch: init.launch, storage: init.storage, menuButton: init.menuButton};
    else if (d.api === '__hang') { port.postMessage({t: 'result', id: d.id, value: 'hanging'}); const end = Date.now() + d.args.ms; while (Date.now() < end) {} return; }
    else value = await call(d.api, d.args);
    port.postMessage({t: 'result', id: d.id, value});
  }
}
"""

VIEW = """
let port = null; let n = 0; const pending = new Map();
addEventListener('message', (e) => {
  if (e.source !== parent) return;
  const m = e.data;
  if (m.t === 'port') {
    port = e.ports[0];
    port.onmessage = (ev) => {
      const d = ev.data;
      if (d.t === 'show') document.body.textContent = d.text;
      else if (d.t === 'result') pending.get(d.id)(d.value);
    };
  } else (window.__hostMessages = window.__hostMessages || []).push(m);
});
window.__call = (api, args = {}) => new Promise((r) => { const id = ++n; pending.set(id, r); port.postMessage({t: 'test', id, api, args}); });
window.__toHost = (m) => parent.postMessage(m, '*');
parent.postMessage({t: 'frame.ready'}, '*');
"""

# the simulator runs the bundles (bundleBase); the plain modules stand in for them as well
DOUBLES = {f"/runtime/{b}{path}": code for path, code in (("logic/worker.js", WORKER), ("view/index.js", VIEW)) for b in ("", "bundle/")}

APP = {
    "pages": ["pages/home/home", "pages/list/list", "pages/detail/detail", "pages/me/me"],
    "window": {
        "navigationBarTitleText": "Shop",
        "navigationBarBackgroundColor": "#07c160",
        "navigationBarTextStyle": "white",
    },
    "tabBar": {
        "color": "#666666",
        "selectedColor": "#07c160",
        "list": [{"pagePath": "pages/home/home", "text": "Home"}, {"pagePath": "pages/me/me", "text": "Me"}],
    },
}


def write_app(root: Path, broken: bool = False) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "app.json").write_text(json.dumps(APP))
    (root / "app.js").write_text("App({})")
    (root / "project.config.json").write_text(json.dumps({"appid": "wxtest0001"}))
    for page in APP["pages"]:
        folder = root / Path(page).parent
        folder.mkdir(parents=True, exist_ok=True)
        name = Path(page).name
        (folder / f"{name}.js").write_text("Page({})")
        (folder / f"{name}.wxml").write_text("<view>{{x}}</view>" if not broken else "<view>{{x</view>")
        (folder / f"{name}.json").write_text(
            json.dumps({"navigationBarTitleText": name.title(), "enablePullDownRefresh": True})
        )
    return root


def with_doubles(app: Any) -> Any:
    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] in DOUBLES:
            headers = [(b"content-type", b"text/javascript"), (b"access-control-allow-origin", b"*")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": DOUBLES[scope["path"]].encode()})
            return
        await app(scope, receive, send)

    return wrapped


def serve(source: Path, data: Path) -> Iterator[str]:
    app = with_doubles(create_dev_app(source, data_dir=data, watch=False))
    with live_server(app) as url:
        yield f"{url}/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--headless=new",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("host")
    yield from serve(write_app(root / "src"), root / "data")


@pytest.fixture
def page(browser: Any, base: str) -> Iterator[Any]:
    pg = browser.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(base)
    pg.wait_for_function("window.openmini && window.openmini.frames().length > 0")
    wait_in(top_frame(pg), "() => document.body.textContent.length > 0")
    yield pg
    pg.close()
    assert errors == []


def wait_in(frame: Any, predicate: str, timeout: float = 5.0) -> None:
    """Poll `predicate` (a function expression) in a page frame. Playwright's wait_for_function
    evaluates strings with eval, which the frame's CSP (rightly) refuses."""
    deadline = time.time() + timeout
    while not frame.evaluate(predicate):
        assert time.time() < deadline, f"timed out waiting for {predicate}"
        time.sleep(0.05)


def top_frame(pg: Any) -> Any:
    return pg.evaluate_handle("window.openmini.frames().at(-1)").as_element().content_frame()


def top_text(pg: Any) -> str:
    frame = top_frame(pg)
    wait_in(frame, "() => !!document.body && document.body.textContent.length > 0")
    return frame.evaluate("() => document.body.textContent")


def call(pg: Any, api: str, args: dict[str, Any] | None = None) -> Any:
    frame = top_frame(pg)
    wait_in(frame, "() => !!window.__call && document.body.textContent.length > 0")
    return frame.evaluate("([a, b]) => window.__call(a, b)", [api, args or {}])


def call_async(pg: Any, api: str, args: dict[str, Any]) -> None:
    """Start a call whose answer needs a tap in the host; read it later from window.__last."""
    frame = top_frame(pg)
    wait_in(frame, "() => !!window.__call && document.body.textContent.length > 0")
    try:
        frame.evaluate(
            "([a, b]) => { window.__last = null; window.__call(a, b).then((r) => window.__last = r); }", [api, args]
        )
    except playwright_sync.Error as error:  # a navigation call may remove the calling frame at once
        assert "detached" in str(error)


def last(pg: Any) -> Any:
    frame = top_frame(pg)
    wait_in(frame, "() => window.__last !== null")
    return frame.evaluate("() => window.__last")


def test_launch_sends_init_and_opens_the_entry_page(page: Any) -> None:
    assert top_text(page) == "pages/home/home {} appLaunch"
    init = call(page, "__init")
    assert init["system"]["screenWidth"] == 375
    assert init["system"]["windowHeight"] == 667 - 20 - 44 - 50
    assert init["system"]["platform"] == "devtools"
    assert init["launch"] == {"path": "pages/home/home", "query": {}, "scene": 1001, "referrerInfo": {}}
    assert init["menuButton"]["width"] == 87
    assert page.locator(".om-nav-title").text_content() == "Home"
    assert page.locator(".om-tab").nth(0).evaluate("e => getComputedStyle(e).color") == "rgb(7, 193, 96)"
    page.locator("#console").get_by_text("hello from logic").wait_for()
    # The frames are sandboxed without same-origin: developer code cannot reach the host.
    sandboxes = page.eval_on_selector_all("iframe", "fs => fs.map(f => f.getAttribute('sandbox'))")
    assert set(sandboxes) == {"allow-scripts"}


def test_navigation_stack_rules(page: Any) -> None:
    assert call(page, "navigateTo", {"url": "/pages/list/list?id=7&q=%E4%BD%A0"})["ok"]
    assert top_text(page) == 'pages/list/list {"id":"7","q":"你"} navigateTo'
    assert page.locator(".om-nav-title").text_content() == "List"
    assert page.locator(".om-nav-back").is_visible()
    assert not page.locator(".om-tabbar").is_visible()
    assert (
        call(page, "navigateTo", {"url": "/pages/me/me"})["errMsg"]
        == "navigateTo:fail can not navigateTo a tabbar page"
    )
    call_async(page, "redirectTo", {"url": "../detail/detail"})  # the calling page goes away
    page.wait_for_function("window.openmini.stack().at(-1) === 'pages/detail/detail'")
    assert page.evaluate("window.openmini.stack()") == ["pages/home/home", "pages/detail/detail"]
    for _ in range(8):
        assert call(page, "navigateTo", {"url": "/pages/list/list"})["ok"]
    reply = call(page, "navigateTo", {"url": "/pages/list/list"})
    assert reply == {
        "t": "reply",
        "id": reply["id"],
        "ok": False,
        "errMsg": "navigateTo:fail webview count limit exceed",
    }
    page.locator(".om-nav-back").click()
    assert len(page.evaluate("window.openmini.stack()")) == 9
    call_async(page, "navigateBack", {"delta": 20})
    page.wait_for_function("window.openmini.stack().length === 1")
    assert page.evaluate("window.openmini.stack()") == ["pages/home/home"]
    log = call(page, "__log")
    assert ["page.unload", 3] in [entry[:2] for entry in log]
    assert log[-1][:2] == ["page.show", 1]


def test_tab_bar_switch_and_apis(page: Any) -> None:
    page.locator(".om-tab").nth(1).click()
    assert top_text(page) == "pages/me/me {} switchTab"
    assert page.locator(".om-nav-title").text_content() == "Me"
    log = call(page, "__log")
    assert log[-3:] == [
        ["page.hide", 1],
        ["page.open", 2, "pages/me/me", "switchTab"],
        ["page.event", 2, "tabItemTap", {"index": "1", "pagePath": "pages/me/me", "text": "Me"}],
    ]
    assert call(page, "setTabBarBadge", {"index": 0, "text": "3"})["ok"]
    assert page.locator(".om-tab-badge").text_content() == "3"
    assert (
        call(page, "setTabBarBadge", {"index": 9, "text": "3"})["errMsg"] == "setTabBarBadge:fail tabbar item not found"
    )
    page.locator(".om-tab").nth(0).click()
    assert top_text(page) == "pages/home/home {} appLaunch"  # the same, still alive
    assert call(page, "__log")[-3:] == [
        ["page.hide", 2],
        ["page.show", 1],
        ["page.event", 1, "tabItemTap", {"index": "0", "pagePath": "pages/home/home", "text": "Home"}],
    ]
    assert call(page, "navigateTo", {"url": "/pages/list/list"})["ok"]
    assert call(page, "setTabBarBadge", {"index": 0, "text": "1"})["errMsg"] == "setTabBarBadge:fail not TabBar page"


def test_navigation_bar_apis(page: Any) -> None:
    assert call(page, "setNavigationBarTitle", {"title": "Hello"})["ok"]
    assert page.locator(".om-nav-title").text_content() == "Hello"
    assert call(page, "setNavigationBarColor", {"frontColor": "#000000", "backgroundColor": "#ff0000"})["ok"]
    assert page.locator(".om-navbar").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 0, 0)"
    assert (
        call(page, "setNavigationBarColor", {"frontColor": "red"})["errMsg"]
        == "setNavigationBarColor:fail invalid frontColor"
    )


def test_dialogs(page: Any) -> None:
    call_async(page, "showModal", {"title": "Delete?", "content": "sure", "confirmText": "Yes"})
    page.locator(".om-modal-title").get_by_text("Delete?").wait_for()
    page.locator(".om-modal-confirm").click()
    assert last(page)["result"] == {"confirm": True, "cancel": False, "errMsg": "showModal:ok"}
    call_async(page, "showModal", {"editable": True, "placeholderText": "name"})
    page.locator(".om-modal-input").fill("Ann")
    page.locator(".om-modal-confirm").click()
    assert last(page)["result"]["content"] == "Ann"
    call_async(page, "showActionSheet", {"itemList": ["A", "B"]})
    page.locator(".om-sheet-item").get_by_text("B").click()
    assert last(page)["result"]["tapIndex"] == 1
    call_async(page, "showActionSheet", {"itemList": ["A"]})
    page.locator(".om-sheet-cancel").click()
    assert last(page)["errMsg"] == "showActionSheet:fail cancel"
    assert call(page, "showToast", {"title": "Saved", "duration": 300})["ok"]
    page.locator(".om-toast-title").get_by_text("Saved").wait_for()
    page.locator(".om-toast").wait_for(state="detached")
    # the dev server has no accounts: identity fails clearly there, never with a made-up user
    assert call(page, "login")["errMsg"] == "login:fail not supported here: identity needs the platform (openmini serve)"


def test_storage_and_request_through_the_platform(page: Any, base: str) -> None:
    value = {"type": "Object", "data": {"n": 1}}
    assert call(page, "storage.set", {"key": "cart", "value": value})["ok"]
    stored = page.evaluate("fetch('api/storage?appid=wxtest0001').then(r => r.json())")
    assert stored["items"]["cart"] == value
    page.locator('[data-tab="storage"]').click()
    page.locator("#storage").get_by_text('cart = {"n":1}').wait_for()
    assert call(page, "storage.remove", {"key": "cart"})["ok"]
    reply = call(page, "request", {"url": "https://not-registered.example.com/x"})
    assert reply["errMsg"].startswith("request:fail")
    assert "domain" in reply["errMsg"]


def test_pull_down_refresh(page: Any) -> None:
    top_frame(page).evaluate("() => window.__toHost({t: 'pulldown', phase: 'start'})")
    top_frame(page).evaluate("() => window.__toHost({t: 'pulldown', phase: 'release'})")
    page.locator(".om-pull-refresh").wait_for()
    assert any(e[0] == "page.event" and e[2] == "pullDownRefresh" for e in call(page, "__log"))
    assert call(page, "stopPullDownRefresh")["ok"]
    assert page.locator(".om-pull-refresh").count() == 0
    assert top_frame(page).evaluate("() => window.__hostMessages.at(-1)") == {"t": "pulldown.end"}


def test_unresponsive_banner_and_close(page: Any) -> None:
    call(page, "__hang", {"ms": 7000})
    page.locator(".om-banner").wait_for(state="visible", timeout=9000)
    page.locator(".om-banner").wait_for(state="hidden", timeout=9000)  # pong after the loop ends
    # The capsule's close button always works and removes the frames (ending the worker).
    page.locator(".om-capsule-close").click()
    page.get_by_text("The mini program was closed.").wait_for()
    assert page.locator("iframe").count() == 0


def test_compile_errors_show_the_overlay(browser: Any, tmp_path: Path) -> None:
    for url in serve(write_app(tmp_path / "src", broken=True), tmp_path / "data"):
        pg = browser.new_page()
        pg.goto(url)
        pg.locator("#overlay").get_by_text("Compile failed").wait_for()
        assert "pages/home/home.wxml" in pg.locator("#overlay").text_content()
        pg.close()
