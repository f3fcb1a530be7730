"""Complex built-in widgets (view/widgets/*) driven in Chromium through a tiny harness page.

The harness creates `wx-<tag>` elements the way the page frame's applier does (widget.create,
then widget.set per typed prop) and records every event the widgets send.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from playwright import sync_api as playwright

RUNTIME = Path(__file__).resolve().parents[2] / "src" / "openmini" / "runtime"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

HARNESS = """<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=375">
<style>:root{--om-rpx:calc(100vw / 750)}body{margin:0}</style></head><body>
<script type="module">
import { getWidget } from "/runtime/view/widgets/registry.js";
import * as complex from "/runtime/view/widgets/complex.js";
window.events = [];
window.complex = complex;
await complex.loadAll(); // the page frame loads them on first use (widgets/complex.js)
const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
window.mk = (tag, props = {}, parent = document.body, style = "") => {
  const el = document.createElement("wx-" + tag);
  el.__om = { id: 0, tag, props: {} };
  const w = getWidget(tag);
  if (w) w.create(el, (type, detail) => events.push({ tag, id: el.id, type, detail }));
  if (style) el.setAttribute("style", style);
  parent.appendChild(el);
  for (const k in props) w.set(el, camel(k), props[k]);
  return el;
};
window.set = (el, k, v) => getWidget(el.localName.slice(3)).set(el, camel(k), v);
window.call = (el, name, args) => getWidget(el.localName.slice(3)).method(el, name, args);
window.of = (type) => events.filter((e) => e.type === type);
window.ready = true;
</script></body></html>"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("widgets")
    shutil.copytree(RUNTIME, root / "runtime")
    (root / "index.html").write_text(HARNESS, encoding="utf-8")
    handler = functools.partial(Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    pg = browser.new_page(viewport={"width": 375, "height": 667})
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(server)
    pg.wait_for_function("window.ready")
    yield pg
    assert not errors, errors
    pg.close()


def events(page, type_):
    return page.evaluate("(t) => of(t).map(e => e.detail)", type_)


def test_scroll_view_positions_thresholds_and_into_view(page):
    page.evaluate("""() => {
      const sv = mk("scroll-view", {"scroll-y": true, "lower-threshold": 60}, document.body, "height:100px");
      sv.id = "sv";
      for (let i = 0; i < 20; i++) { const v = document.createElement("div"); v.id = "it" + i;
        v.style.height = "50px"; v.textContent = i; sv.appendChild(v); }
      set(sv, "scroll-top", 300);
    }""")
    page.wait_for_function("document.getElementById('sv').scrollTop === 300")
    page.wait_for_function("of('scroll').length > 0")
    d = events(page, "scroll")[-1]
    assert d["scrollTop"] == 300 and d["scrollHeight"] == 1000 and set(d) >= {"scrollLeft", "deltaX", "deltaY", "scrollWidth"}
    page.evaluate("() => set(document.getElementById('sv'), 'scroll-top', 890)")
    page.wait_for_function("of('scrolltolower').length === 1")
    assert events(page, "scrolltolower") == [{"direction": "bottom"}]
    page.evaluate("() => set(document.getElementById('sv'), 'scroll-into-view', 'it4')")
    page.wait_for_function("document.getElementById('sv').scrollTop === 200")
    page.evaluate("() => set(document.getElementById('sv'), 'scroll-top', 0)")
    page.wait_for_function("of('scrolltoupper').length === 1")
    assert page.evaluate("() => call(document.getElementById('sv'), 'scrollOffset')")["scrollTop"] == 0


def test_swiper_current_dots_drag_and_circular(page):
    page.evaluate("""() => {
      const sw = mk("swiper", {"indicator-dots": true, duration: 50}, document.body, "width:300px;height:100px");
      sw.id = "sw";
      for (let i = 0; i < 3; i++) mk("swiper-item", {"item-id": "k" + i}, sw).textContent = "item " + i;
    }""")
    page.wait_for_function("document.getElementById('sw').shadowRoot.querySelectorAll('.wx-swiper-dot').length === 3")
    page.evaluate("() => set(document.getElementById('sw'), 'current', 1)")
    page.wait_for_function("of('animationfinish').length === 1")
    assert events(page, "change") == [{"current": 1, "currentItemId": "k1", "source": ""}]
    # the visible item is item 1, at the swiper's left edge
    x = page.evaluate("() => document.querySelectorAll('wx-swiper-item')[1].getBoundingClientRect().left")
    assert abs(x) < 1
    page.mouse.move(250, 50)
    page.mouse.down()
    for dx in range(1, 11):
        page.mouse.move(250 - dx * 15, 52)
    page.mouse.up()
    page.wait_for_function("of('change').length === 2")
    assert events(page, "change")[-1] == {"current": 2, "currentItemId": "k2", "source": "touch"}
    page.wait_for_function("of('animationfinish').length === 2")
    # not circular: dragging further left stays on the last item
    page.mouse.move(250, 50)
    page.mouse.down()
    for dx in range(1, 11):
        page.mouse.move(250 - dx * 15, 52)
    page.mouse.up()
    page.wait_for_timeout(200)
    assert len(events(page, "change")) == 2
    page.evaluate("() => set(document.getElementById('sw'), 'circular', true)")
    page.mouse.move(250, 50)
    page.mouse.down()
    for dx in range(1, 11):
        page.mouse.move(250 - dx * 15, 52)
    page.mouse.up()
    page.wait_for_function("of('change').length === 3")
    assert events(page, "change")[-1]["current"] == 0
    active = page.evaluate("() => [...document.getElementById('sw').shadowRoot.querySelectorAll('.wx-swiper-dot')].findIndex(d => d.classList.contains('wx-swiper-dot-active'))")
    assert active == 0


def test_swiper_autoplay(page):
    page.evaluate("""() => {
      const sw = mk("swiper", {autoplay: true, interval: 100, duration: 10}, document.body, "width:300px");
      for (let i = 0; i < 2; i++) mk("swiper-item", {}, sw);
    }""")
    page.wait_for_function("of('change').length >= 2", timeout=3000)
    assert [e["source"] for e in events(page, "change")][:2] == ["autoplay", "autoplay"]
    assert [e["current"] for e in events(page, "change")][:2] == [1, 0]


def test_picker_selector_sheet(page):
    page.evaluate("""() => { const p = mk("picker", {range: ["a", "b", "c", "d"], value: 1, "header-text": "Pick"});
      p.id = "pk"; p.textContent = "open"; }""")
    page.click("#pk")
    page.wait_for_selector("om-layer", state="attached")
    layer = page.locator("om-layer")
    assert layer.locator(".hd b").text_content() == "Pick"
    assert layer.locator(".i").count() == 4
    page.wait_for_function("document.querySelector('om-layer').shadowRoot.querySelector('.s').scrollTop === 34")
    # scroll the wheel to "d" and confirm
    page.evaluate("() => document.querySelector('om-layer').shadowRoot.querySelector('.s').scrollTop = 102")
    page.wait_for_timeout(400)
    layer.locator(".ok").click()
    assert events(page, "change") == [{"value": 3}]
    assert page.locator("om-layer").count() == 0
    page.click("#pk")
    page.locator("om-layer").locator(".no").click()
    assert events(page, "cancel") == [{}]


def test_picker_date_and_time(page):
    page.evaluate("""() => {
      const d = mk("picker", {mode: "date", value: "2024-02-10", start: "2024-01-15", end: "2024-03-05"}); d.id = "d"; d.textContent = "d";
      const t = mk("picker", {mode: "time", value: "09:05"}); t.id = "t"; t.textContent = "t";
      const r = mk("picker", {mode: "region", value: ["广东省", "广州市", "海珠区"]}); r.id = "r"; r.textContent = "r";
      const off = mk("picker", {disabled: true, range: ["x"]}); off.id = "off"; off.textContent = "off";
    }""")
    page.click("#d")
    layer = page.locator("om-layer")
    assert layer.locator(".s").nth(0).locator(".i").all_text_contents() == ["2024"]
    assert layer.locator(".s").nth(1).locator(".i").all_text_contents() == ["01", "02", "03"]
    assert layer.locator(".s").nth(2).locator(".i").count() == 29
    layer.locator(".ok").click()
    page.click("#t")
    page.locator("om-layer").locator(".ok").click()
    page.click("#r")
    page.locator("om-layer").locator(".ok").click()
    page.click("#off")
    assert page.locator("om-layer").count() == 0
    assert events(page, "change") == [
        {"value": "2024-02-10"},
        {"value": "09:05"},
        {"value": ["广东省", "广州市", "海珠区"], "code": ["440000", "440100", "440105"]},
    ]


def test_picker_region_columns_follow_the_choice(page):
    page.evaluate("""() => {
      const r = mk("picker", {mode: "region", value: ["北京市", "北京市", "海淀区"]}); r.id = "rg"; r.textContent = "rg";
      const c = mk("picker", {mode: "region", level: "city", "custom-item": "全部"}); c.id = "rc"; c.textContent = "rc";
      window.wheel = (k) => document.querySelector('om-layer').shadowRoot.querySelectorAll('.s')[k];
      window.names = (k) => [...wheel(k).children].map((e) => e.textContent);
      window.choose = (k, name) => { wheel(k).scrollTop = names(k).indexOf(name) * 34; };
    }""")
    page.click("#rg")  # the first region picker loads the divisions' chunk, then opens
    page.wait_for_function("document.querySelector('om-layer') && wheel(2)?.scrollTop === names(2).indexOf('海淀区') * 34")
    assert page.evaluate("names(1)") == ["北京市"]
    page.evaluate("choose(0, '广东省')")
    page.wait_for_function("names(1)[0] === '广州市' && names(2)[0] === '荔湾区' && wheel(2).scrollTop === 0")
    page.evaluate("choose(1, '深圳市')")
    page.wait_for_function("names(2)[0] === '罗湖区'")
    page.evaluate("choose(2, '南山区')")
    page.wait_for_timeout(400)  # the wheel reads its index once scrolling settles
    page.locator("om-layer").locator(".ok").click()
    assert events(page, "change") == [{"value": ["广东省", "深圳市", "南山区"], "code": ["440000", "440300", "440305"]}]
    # level city with custom-item: two columns, each headed by the custom item
    page.click("#rc")
    page.wait_for_function("document.querySelector('om-layer') && names(1).join() === '全部'")
    assert page.evaluate("wheel(2)") is None and page.evaluate("names(0)[0]") == "全部"
    page.evaluate("choose(0, '广东省')")
    page.wait_for_function("names(1).slice(0, 2).join() === '全部,广州市'")
    page.locator("om-layer").locator(".ok").click()
    assert events(page, "change")[1] == {"value": ["广东省", "全部"], "code": ["440000", ""]}


def test_picker_multiselector_columnchange(page):
    page.evaluate("""() => { const p = mk("picker", {mode: "multiSelector", range: [["a", "b"], ["x", "y", "z"]], value: [0, 2]});
      p.id = "m"; p.textContent = "m"; }""")
    page.click("#m")
    page.evaluate("() => document.querySelector('om-layer').shadowRoot.querySelectorAll('.s')[0].scrollTop = 34")
    page.wait_for_function("of('columnchange').length === 1")
    assert events(page, "columnchange") == [{"column": 0, "value": 1}]
    page.locator("om-layer").locator(".ok").click()
    assert events(page, "change") == [{"value": [1, 2]}]


def test_picker_view_columns(page):
    page.evaluate("""() => {
      const pv = mk("picker-view", {value: [2, 1], "indicator-style": "height: 40px"}, document.body, "width:300px;height:200px");
      pv.id = "pv";
      for (let c = 0; c < 2; c++) { const col = mk("picker-view-column", {}, pv);
        for (let i = 0; i < 6; i++) { const v = document.createElement("div"); v.textContent = c + ":" + i; col.appendChild(v); } }
    }""")
    page.wait_for_function("""() => { const cols = document.querySelectorAll('wx-picker-view-column');
      return cols[0].shadowRoot.querySelector('.s').scrollTop === 80 && cols[1].shadowRoot.querySelector('.s').scrollTop === 40; }""")
    page.evaluate("() => document.querySelectorAll('wx-picker-view-column')[1].shadowRoot.querySelector('.s').scrollTop = 160")
    page.wait_for_function("of('change').length === 1")
    assert events(page, "change") == [{"value": [2, 4]}]


def test_movable_view_drag_bounds_and_props(page):
    page.evaluate("""() => {
      const a = mk("movable-area", {}, document.body, "width:200px;height:200px");
      const v = mk("movable-view", {direction: "all", damping: 100}, a, "width:50px;height:50px;background:red"); v.id = "mv";
    }""")
    page.mouse.move(25, 25)
    page.mouse.down()
    page.mouse.move(55, 45)
    page.mouse.move(85, 65)
    page.wait_for_timeout(150)  # no fling
    page.mouse.up()
    last = events(page, "change")[-1]
    assert (last["x"], last["y"], last["source"]) == (60, 40, "touch")
    box = page.locator("#mv").bounding_box()
    assert (box["x"], box["y"]) == (60, 40)
    page.evaluate("() => set(document.getElementById('mv'), 'x', 500)")
    page.wait_for_timeout(400)
    assert events(page, "change")[-1] == {"x": 150, "y": 40, "source": ""}
    # author styles on the element are untouched by the movement
    assert page.evaluate("() => document.getElementById('mv').getAttribute('style')") == "width:50px;height:50px;background:red"


def test_rich_text_is_sanitised(page):
    html = page.evaluate("""() => {
      const r = mk("rich-text", {nodes: '<div class="x" onclick="alert(1)" id="i"><script>window.pwned=1<\\/script>'
        + '<img src="javascript:alert(1)" onerror="window.pwned=1"><b>ok</b><iframe src="https://a"></iframe></div>'});
      return new Promise(r2 => setTimeout(() => r2(r.innerHTML), 50));
    }""")
    assert html == '<div class="x"><img referrerpolicy="no-referrer"><b>ok</b></div>'
    assert page.evaluate("() => window.pwned") is None


def test_progress(page):
    page.evaluate("""() => { const p = mk("progress", {percent: 150, "show-info": true, activeColor: "rgb(1, 2, 3)"}); p.id = "pg";
      mk("progress", {percent: 40, active: true, duration: 1}); }""")
    page.wait_for_function("of('activeend').length === 1")
    assert events(page, "activeend") == [{"curPercent": 40}]
    root = "document.getElementById('pg').shadowRoot"
    assert page.evaluate(f"() => {root}.querySelector('.wx-progress-info').textContent") == "100%"
    assert page.evaluate(f"() => {root}.querySelector('.wx-progress-inner-bar').style.width") == "100%"
    assert page.evaluate(f"() => getComputedStyle({root}.querySelector('.wx-progress-inner-bar')).backgroundColor") == "rgb(1, 2, 3)"


def test_canvas_legacy_draw_and_export(page):
    res = page.evaluate("""async () => {
      const c = mk("canvas", {"canvas-id": "c"}, document.body, "width:20px;height:10px");
      await new Promise(r => requestAnimationFrame(r));
      await call(c, "draw", {actions: [["setFillStyle", "#ff0000"], ["fillRect", 0, 0, 10, 10],
        ["fillStyle", {type: "linear", args: [10, 0, 20, 0], stops: [[0, "#00f"], [1, "#00f"]]}], ["fillRect", 10, 0, 10, 10],
        ["bogus", 1], ["getContext", "webgl"]], reserve: false});
      const px = await call(c, "getImageData", {x: 2, y: 2, width: 1, height: 1});
      const px2 = await call(c, "getImageData", {x: 15, y: 2, width: 1, height: 1});
      const url = await call(c, "toDataURL", {});
      await call(c, "draw", {actions: [], reserve: false});
      const cleared = await call(c, "getImageData", {x: 2, y: 2, width: 1, height: 1});
      return [Array.from(px.data), Array.from(px2.data), url.tempFilePath.slice(0, 22), Array.from(cleared.data)];
    }""")
    assert res[0] == [255, 0, 0, 255]
    assert res[1] == [0, 0, 255, 255]
    assert res[2] == "data:image/png;base64,"
    assert res[3] == [0, 0, 0, 0]


def test_web_view_allow_list(page):
    page.evaluate("""() => { complex.setWebViewDomains(["example.com"]);
      const a = mk("web-view", {src: "https://evil.test/"}); a.id = "bad";
      const b = mk("web-view", {src: "https://example.com/x"}); b.id = "good"; }""")
    page.wait_for_function("of('error').length === 1")
    assert "not in the business domain list" in events(page, "error")[0]["errMsg"]
    assert page.evaluate("() => document.getElementById('bad').shadowRoot.querySelector('iframe')") is None
    sandbox = page.evaluate("() => document.getElementById('good').shadowRoot.querySelector('iframe').getAttribute('sandbox')")
    assert "allow-scripts" in sandbox and "allow-top-navigation" not in sandbox


def test_video_and_audio(page):
    page.evaluate("""() => { const v = mk("video", {src: "", poster: "", "object-fit": "cover", title: "T"}); v.id = "v";
      const a = mk("audio", {controls: true, name: "Song"}); a.id = "a"; }""")
    page.wait_for_timeout(50)
    assert page.evaluate("() => document.getElementById('v').shadowRoot.querySelector('video').controls") is True
    assert page.evaluate("() => document.getElementById('v').shadowRoot.querySelector('video').style.objectFit") == "cover"
    page.evaluate("() => call(document.getElementById('v'), 'requestFullScreen', {})")
    page.wait_for_function("of('fullscreenchange').length === 1")
    assert events(page, "fullscreenchange")[0]["fullScreen"] is True
    assert page.evaluate("() => document.getElementById('a').shadowRoot.querySelector('.n').textContent") == "Song"
    assert page.evaluate("() => document.getElementById('a').shadowRoot.querySelector('.au').textContent") == "未知作者"


def test_map_open_data_and_ad(page):
    page.evaluate("""() => { const m = mk("map", {longitude: 113.3, latitude: 23.1, markers: [{id: 7, title: "Shop"}]}); m.id = "m";
      const o = mk("open-data", {type: "userNickName"}); o.id = "o"; mk("ad", {"unit-id": "x"}); }""")
    page.wait_for_timeout(50)
    assert "113.3" in page.evaluate("() => document.getElementById('m').shadowRoot.querySelector('.c').textContent")
    page.evaluate("() => document.getElementById('m').shadowRoot.querySelector('li').click()")
    assert events(page, "markertap") == [{"markerId": 7}]
    assert page.evaluate("() => document.getElementById('o').shadowRoot.textContent") == "微信用户"
    assert events(page, "error")[0]["errCode"] == 1004
