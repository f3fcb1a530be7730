"""The runtime's parts together in a real browser: host, logic worker, render, page frames.

A small mini program served by the dev server (openmini.server.dev) exercises the contracts
between the parts: the custom tab bar (`getTabBar()`), `this.createSelectorQuery()`,
`this.createIntersectionObserver()`, the page frame's base.css, `catch` LISTEN entries and
button open-types answered by the host.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright import sync_api as playwright_sync
from test_host_shell import CHROMIUM, wait_in

from openmini.server.dev import create_dev_app
from support.live_server import live_server

APP = {
    "pages": ["pages/a/a", "pages/b/b"],
    "tabBar": {
        "custom": True,
        "list": [{"pagePath": "pages/a/a", "text": "A"}, {"pagePath": "pages/b/b", "text": "B"}],
    },
}
FILES = {
    "project.config.json": json.dumps({"appid": "wxinteg0001"}),
    "app.json": json.dumps(APP),
    "app.js": "App({})",
    "pages/a/a.js": """Page({
  data: { log: [], seen: '' },
  onShow() { const bar = this.getTabBar(); if (bar) bar.setData({ sel: 'a' }); },
  onReady() {
    this.createSelectorQuery().select('#box').boundingClientRect((r) => {
      this.setData({ log: this.data.log.concat('rect ' + (r && r.id) + ' ' + (r && r.height)) });
    }).exec();
    this.createIntersectionObserver().relativeToViewport().observe('#far', (res) => {
      this.setData({ seen: res.id + ' ' + (res.intersectionRatio > 0) });
    });
  },
  got(e) { this.setData({ log: this.data.log.concat(e.type + ' ' + e.detail.errMsg) }); },
  move() {},
})""",
    "pages/a/a.wxml": """<view id="box" style="height:40px">box</view>
<view id="mask" catchtouchmove="move">mask</view>
<button id="who" open-type="getUserInfo" bindgetuserinfo="got">who</button>
<view id="log">{{log}}</view><view id="seen">{{seen}}</view>
<view style="height:3000px"></view><view id="far">far</view>""",
    "pages/b/b.js": "Page({ onShow() { const bar = this.getTabBar(); if (bar) bar.setData({ sel: 'b' }); } })",
    "pages/b/b.wxml": "<view>page b</view>",
    "custom-tab-bar/index.json": json.dumps({"component": True}),
    "custom-tab-bar/index.js": """Component({ data: { sel: '' }, methods: {
  go(e) { wx.switchTab({ url: '/pages/' + e.currentTarget.dataset.p + '/' + e.currentTarget.dataset.p }); } } })""",
    "custom-tab-bar/index.wxml": """<view class="bar"><view id="ta" data-p="a" bindtap="go">A</view>
<view id="tb" data-p="b" bindtap="go">B</view><view id="sel">{{sel}}</view></view>""",
}


def serve(source: Path, data: Path) -> Iterator[str]:
    """The dev server with the real runtime (test_host_shell's serve swaps in test doubles)."""
    app = create_dev_app(source, data_dir=data, watch=False)
    with live_server(app) as url:
        yield f"{url}/"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("integ")
    for name, text in FILES.items():
        target = root / "src" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    yield from serve(root / "src", root / "data")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"],
        )  # fmt: skip
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, base: str) -> Iterator[Any]:
    pg = browser.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(base)
    pg.wait_for_function("window.openmini && window.openmini.frames().length > 0")
    yield pg
    pg.close()
    assert errors == []


def frame_of(pg: Any, selector: str) -> Any:
    return pg.wait_for_selector(selector).content_frame()


def text(frame: Any, element_id: str, want: str, timeout: float = 5.0) -> str:
    predicate = f"() => (document.getElementById({element_id!r}) || {{}}).textContent === {want!r}"
    deadline = time.time() + timeout
    while not frame.evaluate(predicate):
        if time.time() > deadline:
            got = frame.evaluate(f"() => (document.getElementById({element_id!r}) || {{}}).textContent")
            raise AssertionError(f"#{element_id}: want {want!r}, got {got!r}")
        time.sleep(0.05)
    return want


def test_custom_tab_bar_is_the_tab_pages_get_tab_bar(page: Any) -> None:
    bar = frame_of(page, ".om-custom-tabbar iframe")
    assert page.evaluate("() => !document.querySelector('.om-custom-tabbar iframe').hidden")
    text(bar, "sel", "a")  # pages/a onShow ran after the bar opened
    bar.click("#tb")
    page.wait_for_function("window.openmini.stack().join() === 'pages/b/b'")
    text(bar, "sel", "b")


def test_selector_query_intersection_observer_and_base_css(page: Any) -> None:
    top = page.evaluate_handle("window.openmini.frames().at(-1)").as_element().content_frame()
    text(top, "log", "rect box 40")
    text(top, "seen", "")
    # base.css (from the runtime origin) loaded despite the frame's CSP: wx-view is a block
    assert top.evaluate("() => getComputedStyle(document.querySelector('wx-view')).display") == "block"
    top.evaluate("() => document.getElementById('far').scrollIntoView()")
    text(top, "seen", "far true")


def test_catch_listeners_and_open_types_answered_by_the_host(page: Any) -> None:
    top = page.evaluate_handle("window.openmini.frames().at(-1)").as_element().content_frame()
    wait_in(top, "() => !!document.getElementById('mask')")
    assert top.evaluate("() => document.getElementById('mask').__om.listen") == ["!touchmove"]
    text(top, "log", "rect box 40")
    top.click("#who")
    text(top, "log", "rect box 40,getuserinfo getUserInfo:fail not supported here: identity needs the platform (openmini serve)")


def test_test_control_is_refused_without_the_test_flag(page: Any) -> None:
    # the simulator launches without `test: true`: the host refuses, and logic would ignore it
    with pytest.raises(playwright_sync.Error, match="test: true"):
        page.evaluate("() => window.openmini.test({action: 'settle'})")
