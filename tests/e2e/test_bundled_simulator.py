
"""The dev simulator with every realm loading its bundle (server/runtime_bundle.py).

The simulator's config carries `bundleBase`: the simulator imports the host's bundle, the host
starts the worker and the page frames on theirs; lazy parts (the worker's render chunk, complex
widgets) arrive as chunks.
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
from openmini.server.runtime_bundle import ENTRIES
from support.live_server import live_server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    *("--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking"),
    *("--disable-component-update", "--no-first-run", "--disable-sync"),
]

APP = {
    "app.json": json.dumps(
        {"pages": ["pages/index/index", "pages/form/form"], "window": {"navigationBarTitleText": "Bundled"}}
    ),
    "app.js": "App({ onLaunch() { console.log('launched'); } })",
    "utils/fmt.wxs": "module.exports = { price: function (n) { return '¥' + n.toFixed(2); } };",
    "components/card/card.json": json.dumps({"component": True}),
    "components/card/card.js": "Component({ properties: { title: String }, data: { n: 0 }, methods: { bump() { this.setData({ n: this.data.n + 1 }); } } })",
    "components/card/card.wxml": '<view class="card" bindtap="bump">{{title}} #{{n}}</view>',
    "components/card/card.wxss": ".card { padding: 10rpx; }",
    "pages/index/index.json": json.dumps({"usingComponents": {"card": "/components/card/card"}}),
    "pages/index/index.js": """Page({
  data: { items: [{ id: 1, name: 'tea', price: 3 }, { id: 2, name: 'cake', price: 4.5 }] },
  go() { wx.navigateTo({ url: '/pages/form/form?from=index' }); },
})""",
    "pages/index/index.wxml": """<wxs src="../../utils/fmt.wxs" module="fmt" />
<view id="list"><view wx:for="{{items}}" wx:key="id" class="row">{{item.name}} {{fmt.price(item.price)}}</view></view>
<card id="card" title="Card" />
<button id="go" bindtap="go">next</button>""",
    "pages/form/form.js": "Page({ data: { from: '', text: '' }, onLoad(q) { this.setData({ from: q.from }); }, typed(e) { this.setData({ text: e.detail.value }); } })",
    "pages/form/form.wxml": '<view id="from">from {{from}}</view><input id="in" bindinput="typed" /><text id="echo">{{text}}</text>',
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    root = tmp_path_factory.mktemp("bundled")
    for name, text in APP.items():
        (root / "src" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "src" / name).write_text(text)
    log: list[str] = []
    inner = create_dev_app(root / "src", data_dir=root / "data", watch=False)

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            log.append(scope["path"])
        await inner(scope, receive, send)

    with live_server(app) as url:
        yield f"{url}/", log


def wait_in(frame: Any, predicate: str, timeout: float = 15.0) -> Any:
    """Poll a function expression in a frame (the page frame's CSP refuses Playwright's eval)."""
    deadline = time.time() + timeout
    while not (value := frame.evaluate(predicate)):
        assert time.time() < deadline, f"timed out waiting for {predicate}"
        time.sleep(0.05)
    return value


def top_frame(page: Any) -> Any:
    return page.evaluate_handle("window.openmini.frames().at(-1)").as_element().content_frame()


def test_the_simulator_runs_on_bundles(served: tuple[str, list[str]]) -> None:
    base, log = served
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base)
        page.wait_for_function("window.openmini && window.openmini.frames().length > 0", timeout=20000)
        frame = top_frame(page)
        rows = wait_in(frame, "() => [...document.querySelectorAll('.row')].map((r) => r.textContent.trim())")
        assert rows == ["tea ¥3.00", "cake ¥4.50"]  # render chunk, a WXS module, wx:for
        # base.css came through the rewritten import.meta.url: wx-view is a block.
        assert wait_in(frame, "() => getComputedStyle(document.querySelector('wx-view')).display") == "block"
        frame.click("text=Card #0")  # a component's event, handled in the worker (class names are prefixed)
        wait_in(frame, "() => document.body.textContent.includes('Card #1')")
        frame.click("#go")
        page.wait_for_function("window.openmini.frames().length === 2")
        form = top_frame(page)
        assert (
            wait_in(form, "() => document.querySelector('#from') && document.querySelector('#from').textContent")
            == "from index"
        )
        form.click("#in input, #in textarea, #in")
        page.keyboard.type("hi")
        wait_in(form, "() => document.querySelector('#echo').textContent === 'hi'")
        assert errors == []
        browser.close()
    scripts = sorted({path for path in log if path.startswith("/runtime/") and path.endswith(".js")})
    plain = [path for path in scripts if not path.startswith("/runtime/bundle/")]
    # Only the simulator's own script is a module; all else is bundles: the three entries, the
    # worker's render chunk and the form widgets' chunk (<input> on the second page; no other
    # widget chunk, no host API chunk: nothing called a platform or device API).
    assert plain == ["/runtime/host/simulator.js"]
    bundles = [path for path in scripts if path.startswith("/runtime/bundle/")]
    assert {f"/runtime/bundle/{entry}" for entry in ENTRIES} <= set(bundles)
    assert len(bundles) == 5 and sum(path.startswith("/runtime/bundle/chunk/") for path in bundles) == 2
