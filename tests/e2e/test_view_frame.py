"""The page frame runtime (runtime/view/) in a real browser.

A tiny harness plays host and logic: `host.html` makes a sandboxed page frame (opaque origin,
like the real host), hands it a MessagePort when it says `frame.ready`, records everything the
frame posts to the port (`window.got`) and to the host (`window.hostGot`), and lets the test send
`ops`/`query`/`method` batches as logic would.
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright import sync_api as playwright_api

CHROMIUM = "/usr/bin/chromium"
RUNTIME = Path(__file__).resolve().parents[2] / "src" / "openmini" / "runtime"
ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

HOST_HTML = """<!doctype html><meta charset="utf-8"><body style="margin:0">
<script>
window.got = []; window.hostGot = [];
const f = document.createElement('iframe');
f.sandbox = 'allow-scripts';
f.src = '/frame.html';
f.style = 'width:375px;height:600px;border:0;display:block';
addEventListener('message', (e) => {
  if (e.source !== f.contentWindow) return;
  const m = e.data;
  hostGot.push(m);
  if (m.t === 'frame.ready') {
    const ch = new MessageChannel();
    window.logicPort = ch.port1;
    ch.port1.onmessage = (ev) => got.push(ev.data);
    f.contentWindow.postMessage({t: 'port'}, '*', [ch.port2]);
  } else if (m.t === 'openType') {
    f.contentWindow.postMessage({t: 'openType.result', id: m.id, type: 'getuserinfo',
      detail: {errMsg: 'getUserInfo:fail not supported yet'}}, '*');
  }
});
document.body.append(f);
</script>"""

FRAME_HTML = """<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="stylesheet" href="/app.css"></head>
<body><script type="module" src="/runtime/view/index.js"></script></body></html>"""

APP_CSS = ".box{width:calc(375*var(--om-rpx));height:50px}.pressed{color:rgb(255,0,0)}"

# A 4x2 red PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAIAAADwyuo0AAAAEElEQVR4nGP4z8AARwzIHABvqgf5gNwAKAAAAABJRU5ErkJggg=="
)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with `Access-Control-Allow-Origin: *`: the opaque-origin frame imports modules."""

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("view")
    shutil.copytree(RUNTIME, root / "runtime")
    (root / "host.html").write_text(HOST_HTML)
    (root / "frame.html").write_text(FRAME_HTML)
    (root / "app.css").write_text(APP_CSS)
    (root / "pic.png").write_bytes(PNG)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Harness:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.seq = 0
        page.wait_for_function("() => window.logicPort")
        self.frame = next(f for f in page.frames if f.url.endswith("/frame.html"))

    def send(self, msg: dict[str, Any]) -> None:
        self.page.evaluate("(m) => window.logicPort.postMessage(m)", msg)

    def ops(self, *ops: list[Any]) -> None:
        """Send a batch and wait for its `applied`."""
        self.seq += 1
        self.send({"t": "ops", "seq": self.seq, "ops": list(ops)})
        self.wait(f"m.t === 'applied' && m.seq === {self.seq}")

    def wait(self, cond: str, where: str = "got") -> dict[str, Any]:
        js = f"() => window.{where}.find((m) => {cond})"
        self.page.wait_for_function(js, timeout=5000)
        return self.page.evaluate(js)

    def events(self, type: str | None = None) -> list[dict[str, Any]]:
        got = self.page.evaluate("() => window.got.filter((m) => m.t === 'event')")
        return [m for m in got if type is None or m["type"] == type]

    def clear(self) -> None:
        self.page.evaluate("() => { window.got.length = 0; window.hostGot.length = 0; }")

    def el(self, selector: str) -> Any:
        return self.frame.locator(selector)

    def js(self, expr: str) -> Any:
        return self.frame.evaluate(expr)


@pytest.fixture
def h(browser: Any, server: str) -> Iterator[Harness]:
    ctx = browser.new_context(viewport={"width": 375, "height": 600}, has_touch=True)
    page = ctx.new_page()
    page.goto(server + "/host.html")
    yield Harness(page)
    ctx.close()


# op codes (runtime/protocol.js)
CREATE, TEXT, INSERT, REMOVE, PROP, SET_TEXT, CLASS, STYLE, LISTEN, DATASET, ID = range(11)


def node(id: int, tag: str, parent: int = 0, *more: list[Any], text: str | None = None) -> list[list[Any]]:
    """Ops that create `wx-<tag>` #id under `parent`, with extra ops about it."""
    out: list[list[Any]] = [[CREATE, id, tag, 0], [ID, id, f"n{id}"]]
    if text is not None:
        out += [[TEXT, id + 1000, text], [INSERT, id, id + 1000, 0]]
    out += list(more)
    out.append([INSERT, parent, id, 0])
    return out


# ---- applier -------------------------------------------------------------------------------------


def test_frame_ready_then_ops_build_the_page(h: Harness) -> None:
    assert h.page.evaluate("() => window.hostGot[0]") == {"t": "frame.ready"}
    h.ops(
        *node(
            1, "view", 0, [CLASS, 1, "box"], [STYLE, 1, "color: rgb(0, 0, 255)"], [DATASET, 1, {"k": 1}], text="hello"
        ),
        *node(2, "image", 0),
    )
    assert h.js("document.querySelector('body > wx-page').contains(document.getElementById('n1'))")
    v = h.el("#n1")
    assert v.text_content() == "hello"
    assert v.evaluate("e => getComputedStyle(e).display") == "block"
    # 375rpx = half of the frame width (375px)
    assert v.evaluate("e => e.getBoundingClientRect().width") == pytest.approx(187.5, abs=0.5)
    assert v.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 255)"
    assert v.evaluate("e => e.__om.dataset") == {"k": 1}
    assert h.el("#n2").evaluate("e => [e.offsetWidth, e.offsetHeight]") == [320, 240]
    h.ops([SET_TEXT, 1001, "bye"], [REMOVE, 2])
    assert v.text_content() == "bye"
    assert h.el("#n2").count() == 0


def test_prop_values_are_kept_typed_and_hidden_hides(h: Harness) -> None:
    h.ops(*node(1, "view", 0, [PROP, 1, "hidden", True], [PROP, 1, "hover-class", "x"], text="a"))
    assert h.el("#n1").evaluate("e => getComputedStyle(e).display") == "none"
    assert h.el("#n1").evaluate("e => e.__om.props") == {"hidden": True, "hoverClass": "x"}
    h.ops([PROP, 1, "hidden", False])
    assert h.el("#n1").evaluate("e => getComputedStyle(e).display") == "block"


def test_query_measures_nodes_and_viewport(h: Harness) -> None:
    h.ops(*node(1, "view", 0, [CLASS, 1, "box"], [DATASET, 1, {"a": 2}]))
    h.send(
        {
            "t": "query",
            "id": 7,
            "nodes": [1, None, 99],
            "fields": {"id": True, "dataset": True, "rect": True, "size": True, "computedStyle": ["backgroundColor"]},
        }
    )
    r = h.wait("m.t === 'queryResult' && m.id === 7")["result"]
    assert r[0]["id"] == "n1" and r[0]["dataset"] == {"a": 2}
    assert r[0]["width"] == pytest.approx(187.5, abs=0.5) and r[0]["height"] == 50
    assert r[0]["height"] == r[0]["bottom"] - r[0]["top"] and r[0]["backgroundColor"] == "rgba(0, 0, 0, 0)"
    assert r[1]["width"] == 375 and r[1]["height"] == 600
    assert r[2] is None


def test_batched_query_as_selector_query_exec_sends_it(h: Harness) -> None:
    h.ops(*node(1, "view", 0, [CLASS, 1, "box"]), *node(2, "view", 0, [STYLE, 2, "height:2000px"]))
    h.js("window.scrollTo(0, 300)")
    h.send(
        {
            "t": "query",
            "id": 8,
            "nodes": [[1, 2], [0]],
            "fields": [{"size": True}, {"scrollOffset": True, "size": True}],
        }
    )
    r = h.wait("m.t === 'queryResult' && m.id === 8")["result"]
    assert [x["height"] for x in r[0]] == [50, 2000]
    assert r[1][0]["scrollTop"] == 300 and r[1][0]["height"] == 600


def test_method_on_a_node_without_one_fails_with_errmsg(h: Harness) -> None:
    h.ops(*node(1, "view", 0))
    h.send({"t": "method", "node": 1, "name": "play", "args": [], "id": 3})
    r = h.wait("m.t === 'methodResult' && m.id === 3")
    assert r["errMsg"] == "play:fail not supported"


# ---- events ----------------------------------------------------------------------------------


def test_mouse_click_is_a_tap_with_page_coordinates(h: Harness) -> None:
    h.ops(
        *node(1, "view", 0, [CLASS, 1, "box"], [LISTEN, 1, ["tap", "touchstart", "touchend"]]),
        *node(2, "view", 1, [CLASS, 2, "box"]),
    )
    h.el("#n2").click(position={"x": 10, "y": 20})
    tap = h.wait("m.t === 'event' && m.type === 'tap'")
    assert tap["node"] == 2  # the innermost node is the target; logic bubbles it to node 1
    assert tap["detail"] == {"x": 10, "y": 20}
    assert tap["changedTouches"][0]["pageX"] == 10
    assert [e["type"] for e in h.events()] == ["touchstart", "touchend", "tap"]
    start = h.events("touchstart")[0]
    assert set(start["touches"][0]) == {"identifier", "pageX", "pageY", "clientX", "clientY", "force"}


def test_touch_tap(h: Harness) -> None:
    h.ops(*node(1, "view", 0, [CLASS, 1, "box"], [LISTEN, 1, ["tap", "touchstart"]]))
    h.el("#n1").tap()
    h.wait("m.t === 'event' && m.type === 'tap'")
    assert [e["type"] for e in h.events()] == ["touchstart", "tap"]


def test_no_event_without_a_listener_on_the_path(h: Harness) -> None:
    h.ops(*node(1, "view", 0, [CLASS, 1, "box"]), *node(2, "view", 0, [CLASS, 2, "box"], [LISTEN, 2, ["tap"]]))
    h.el("#n1").click()
    h.el("#n2").click()
    h.wait("m.t === 'event' && m.type === 'tap'")
    assert [e["node"] for e in h.events()] == [2]


def test_moving_is_not_a_tap(h: Harness) -> None:
    h.ops(*node(1, "view", 0, [STYLE, 1, "height:200px"], [LISTEN, 1, ["tap", "touchmove"]]))
    box = h.el("#n1").bounding_box()
    m = h.page.mouse
    m.move(box["x"] + 10, box["y"] + 10)
    m.down()
    m.move(box["x"] + 10, box["y"] + 60, steps=3)
    m.up()
    h.wait("m.t === 'event' && m.type === 'touchmove'")
    h.page.wait_for_timeout(50)
    assert not h.events("tap")


def test_longpress_fires_while_held_and_suppresses_tap(h: Harness) -> None:
    h.ops(*node(1, "view", 0, [CLASS, 1, "box"], [LISTEN, 1, ["tap", "longpress", "longtap"]]))
    box = h.el("#n1").bounding_box()
    h.page.mouse.move(box["x"] + 5, box["y"] + 5)
    h.page.mouse.down()
    h.wait("m.t === 'event' && m.type === 'longpress'")
    h.page.mouse.up()
    h.page.wait_for_timeout(50)
    assert [e["type"] for e in h.events()] == ["longpress", "longtap"]


def test_hover_class_while_pressed(h: Harness) -> None:
    h.ops(
        *node(1, "view", 0, [CLASS, 1, "box"], [PROP, 1, "hover-class", "pressed"], [PROP, 1, "hover-stay-time", 100])
    )
    box = h.el("#n1").bounding_box()
    h.page.mouse.move(box["x"] + 5, box["y"] + 5)
    h.page.mouse.down()
    h.frame.wait_for_function("document.getElementById('n1').classList.contains('pressed')")
    h.ops([CLASS, 1, "box other"])  # a class change while pressed keeps the hover class
    assert h.el("#n1").get_attribute("class") == "box other pressed"
    h.page.mouse.up()
    h.frame.wait_for_function("!document.getElementById('n1').classList.contains('pressed')")
    assert h.el("#n1").get_attribute("class") == "box other"


def test_navigator_asks_the_host_to_navigate(h: Harness) -> None:
    h.ops(*node(1, "navigator", 0, [PROP, 1, "url", "../b/b?x=1"], [PROP, 1, "open-type", "redirect"], text="go"))
    h.el("#n1").click()
    m = h.wait("m.t === 'navigate'", "hostGot")
    assert m == {"t": "navigate", "openType": "redirect", "url": "../b/b?x=1", "delta": 1}


def test_page_scroll_and_reach_bottom(h: Harness) -> None:
    h.ops(*node(1, "view", 0, [STYLE, 1, "height:3000px"]))
    h.send({"t": "config", "window": {"onReachBottomDistance": 100}})
    h.js("window.scrollTo(0, 1000)")
    m = h.wait("m.t === 'scroll' && m.scrollTop === 1000")
    assert m["viewHeight"] == 600 and m["scrollHeight"] >= 3000 and "reachBottom" not in m
    h.wait("m.t === 'scrolled' && m.scrollTop === 1000", "hostGot")
    bottom = h.js("document.documentElement.scrollHeight") - 600 - 50
    h.js(f"window.scrollTo(0, {bottom})")
    m = h.wait(f"m.t === 'scroll' && m.scrollTop === {bottom}")
    assert m["reachBottom"] is True


def test_host_scroll_to_selector(h: Harness) -> None:
    h.ops(*node(1, "view", 0, [STYLE, 1, "height:2000px"]), *node(2, "view", 0, [STYLE, 2, "height:10px"]))
    h.page.evaluate(
        "() => document.querySelector('iframe').contentWindow.postMessage("
        "{t: 'scrollTo', selector: '#n2', duration: 0}, '*')"
    )
    h.frame.wait_for_function("window.scrollY > 1300")


# ---- widgets -----------------------------------------------------------------------------------


def test_image_load_event_and_width_fix(h: Harness) -> None:
    h.ops(
        *node(1, "image", 0, [PROP, 1, "mode", "widthFix"], [STYLE, 1, "width:100px"], [LISTEN, 1, ["load", "error"]])
    )
    h.ops([PROP, 1, "src", "/pic.png"])
    load = h.wait("m.t === 'event' && m.type === 'load'")
    assert load["detail"] == {"width": 4, "height": 2}
    assert h.el("#n1").evaluate("e => e.offsetHeight") == 50
    h.ops([PROP, 1, "src", "/missing.png"])
    err = h.wait("m.t === 'event' && m.type === 'error'")
    assert "missing.png" in err["detail"]["errMsg"]


def test_image_aspect_fit(h: Harness) -> None:
    h.ops(*node(1, "image", 0, [PROP, 1, "mode", "aspectFit"], [PROP, 1, "src", "/pic.png"]))
    assert h.el("#n1 img").evaluate("e => getComputedStyle(e).objectFit") == "contain"


def test_icon_draws_an_svg(h: Harness) -> None:
    h.ops(*node(1, "icon", 0, [PROP, 1, "type", "success"], [PROP, 1, "size", 40], [PROP, 1, "color", "red"]))
    svg = h.el("#n1 svg")
    assert svg.evaluate("e => e.getBoundingClientRect().width") == 40
    assert svg.locator("circle").get_attribute("fill") == "red"


def test_text_space_and_decode(h: Harness) -> None:
    h.ops(*node(1, "text", 0, [PROP, 1, "decode", True], [PROP, 1, "space", "nbsp"], text="a b&lt;"))
    assert h.el("#n1").text_content() == "a\u00a0b<"
    h.ops([SET_TEXT, 1001, "c&amp;d e"])
    assert h.el("#n1").text_content() == "c&d\u00a0e"
    assert h.el("#n1").evaluate("e => getComputedStyle(e).display") == "inline"


def test_button_attributes_and_open_type(h: Harness) -> None:
    h.ops(
        *node(
            1,
            "button",
            0,
            [PROP, 1, "type", "primary"],
            [PROP, 1, "open-type", "getUserInfo"],
            [LISTEN, 1, ["getuserinfo"]],
            text="ok",
        )
    )
    assert h.el("#n1").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(26, 173, 25)"
    h.el("#n1").click()
    ask = h.wait("m.t === 'openType'", "hostGot")
    assert ask["openType"] == "getUserInfo" and ask["target"] == {"id": "n1", "dataset": {}}
    ev = h.wait("m.t === 'event' && m.type === 'getuserinfo'")
    assert ev["detail"] == {"errMsg": "getUserInfo:fail not supported yet"}


def test_checkbox_group_change_and_label(h: Harness) -> None:
    h.ops(
        *node(1, "checkbox-group", 0, [LISTEN, 1, ["change"]]),
        *node(2, "checkbox", 1, [PROP, 2, "value", "a"]),
        *node(3, "checkbox", 1, [PROP, 3, "value", "b"], [PROP, 3, "checked", True]),
        *node(4, "label", 1, [PROP, 4, "for", "n2"], text="label"),
    )
    h.el("#n4").click()  # the label acts on checkbox #n2
    ev = h.wait("m.t === 'event' && m.type === 'change'")
    assert ev["node"] == 1 and ev["detail"] == {"value": ["a", "b"]}
    assert h.el("#n2 .wx-checkbox-input").evaluate("e => e.classList.contains('wx-checkbox-input-checked')")
    h.clear()
    h.el("#n3").click()
    ev = h.wait("m.t === 'event' && m.type === 'change'")
    assert ev["detail"] == {"value": ["a"]}


def test_radio_group_change(h: Harness) -> None:
    h.ops(
        *node(1, "radio-group", 0, [LISTEN, 1, ["change"]]),
        *node(2, "radio", 1, [PROP, 2, "value", "x"], [PROP, 2, "checked", True], text=None),
    )
    h.ops(*node(3, "radio", 1, [PROP, 3, "value", "y"]))
    h.el("#n3").click()
    ev = h.wait("m.t === 'event' && m.type === 'change'")
    assert ev["detail"] == {"value": "y"}
    assert h.el("#n2").get_attribute("checked") is None


def test_switch_change(h: Harness) -> None:
    h.ops(*node(1, "switch", 0, [LISTEN, 1, ["change"]]))
    h.el("#n1").click()
    assert h.wait("m.t === 'event' && m.type === 'change'")["detail"] == {"value": True}
    h.ops([PROP, 1, "disabled", True])
    h.clear()
    h.el("#n1").click()
    h.page.wait_for_timeout(50)
    assert not h.events("change")


def test_input_events(h: Harness) -> None:
    h.ops(
        *node(
            1,
            "input",
            0,
            [PROP, 1, "placeholder", "name"],
            [PROP, 1, "type", "number"],
            [LISTEN, 1, ["input", "focus", "blur", "confirm"]],
        )
    )
    assert h.el("#n1 .input-placeholder").is_visible()
    h.el("#n1 input").click()
    h.wait("m.t === 'event' && m.type === 'focus'")
    h.page.keyboard.type("1a2")
    inputs = [e["detail"] for e in h.events("input")]
    assert inputs[-1]["value"] == "12" and inputs[-1]["cursor"] == 2 and "keyCode" in inputs[-1]
    assert not h.el("#n1 .input-placeholder").is_visible()
    h.page.keyboard.press("Enter")
    assert h.wait("m.t === 'event' && m.type === 'confirm'")["detail"] == {"value": "12"}
    h.wait("m.t === 'event' && m.type === 'blur'")
    h.ops([PROP, 1, "value", "7"])
    assert h.el("#n1 input").input_value() == "7"


def test_textarea_auto_height_and_linechange(h: Harness) -> None:
    h.ops(
        *node(
            1,
            "textarea",
            0,
            [PROP, 1, "auto-height", True],
            [STYLE, 1, "width:200px;line-height:20px"],
            [LISTEN, 1, ["linechange", "input"]],
        )
    )
    h.el("#n1 textarea").click()
    h.page.keyboard.type("one")
    h.page.keyboard.press("Enter")
    h.page.keyboard.type("two")
    ev = h.wait("m.t === 'event' && m.type === 'linechange'")
    assert ev["detail"]["lineCount"] == 2
    assert h.el("#n1").evaluate("e => e.offsetHeight") == 40


def test_slider_drag(h: Harness) -> None:
    h.ops(
        *node(1, "slider", 0, [PROP, 1, "step", 10], [PROP, 1, "show-value", True], [LISTEN, 1, ["change", "changing"]])
    )
    bar = h.el("#n1 .wx-slider-handle-wrapper").bounding_box()
    y = bar["y"] + 1
    h.page.mouse.move(bar["x"] + 1, y)
    h.page.mouse.down()
    h.page.mouse.move(bar["x"] + bar["width"] * 0.52, y, steps=4)
    h.page.mouse.up()
    assert h.wait("m.t === 'event' && m.type === 'change'")["detail"] == {"value": 50}
    assert h.events("changing")
    assert h.el("#n1 .wx-slider-value").text_content() == "50"


def test_form_submit_and_reset(h: Harness) -> None:
    h.ops(
        *node(1, "form", 0, [LISTEN, 1, ["submit", "reset"]]),
        *node(2, "input", 1, [PROP, 2, "name", "who"], [PROP, 2, "value", "amy"]),
        *node(3, "switch", 1, [PROP, 3, "name", "on"], [PROP, 3, "checked", True]),
        *node(4, "slider", 1, [PROP, 4, "name", "level"], [PROP, 4, "value", 30]),
        *node(5, "checkbox-group", 1, [PROP, 5, "name", "tags"]),
        *node(6, "checkbox", 5, [PROP, 6, "value", "t1"], [PROP, 6, "checked", True]),
        *node(7, "radio-group", 1, [PROP, 7, "name", "pick"]),
        *node(8, "radio", 7, [PROP, 8, "value", "r1"]),
        *node(9, "input", 1),  # no name: not submitted
        *node(10, "button", 1, [PROP, 10, "form-type", "submit"], text="go"),
    )
    h.ops(*node(11, "button", 1, [PROP, 11, "form-type", "reset"], text="clear"))
    h.el("#n10").click()
    ev = h.wait("m.t === 'event' && m.type === 'submit'")
    assert ev["node"] == 1
    assert ev["detail"]["value"] == {"who": "amy", "on": True, "level": 30, "tags": ["t1"], "pick": ""}
    h.el("#n11").click()
    h.wait("m.t === 'event' && m.type === 'reset'")
    h.clear()
    h.el("#n10").click()
    ev = h.wait("m.t === 'event' && m.type === 'submit'")
    assert ev["detail"]["value"] == {"who": "", "on": False, "level": 0, "tags": [], "pick": ""}


def test_catch_touchmove_stops_page_scroll(h: Harness) -> None:
    h.ops(*node(1, "view", 0, [STYLE, 1, "height:3000px"], [LISTEN, 1, ["!touchmove"]]))
    prevented = h.js("""(() => {
        const el = document.getElementById('n1');
        const t = new Touch({identifier: 1, target: el, clientX: 5, clientY: 5});
        const init = {touches: [t], changedTouches: [t], bubbles: true, cancelable: true};
        el.dispatchEvent(new TouchEvent('touchstart', init));
        const e = new TouchEvent('touchmove', init);
        el.dispatchEvent(e);
        return e.defaultPrevented;
    })()""")
    assert prevented is True
    assert json.dumps(h.events("touchmove")[0]["touches"][0]["identifier"]) == "1"


def test_pull_down_gesture_reports_to_the_host(h: Harness) -> None:
    h.ops(*node(1, "view", 0, [STYLE, 1, "height:300px"]))
    h.send({"t": "config", "window": {"enablePullDownRefresh": True}})
    h.js("0")  # the config message is handled before the next evaluate round-trip
    m = h.page.mouse
    m.move(100, 20)
    m.down()
    m.move(100, 120, steps=5)
    h.wait("m.t === 'pulldown' && m.phase === 'start'", "hostGot")
    m.up()
    h.wait("m.t === 'pulldown' && m.phase === 'release'", "hostGot")
    # While refreshing, a second pull does nothing until the host says `pulldown.end`.
    h.clear()
    m.move(100, 20)
    m.down()
    m.move(100, 120, steps=5)
    m.up()
    h.page.wait_for_timeout(50)
    assert not [x for x in h.page.evaluate("() => window.hostGot") if x["t"] == "pulldown"]
    h.page.evaluate("() => document.querySelector('iframe').contentWindow.postMessage({t: 'pulldown.end'}, '*')")
    m.move(100, 20)
    m.down()
    m.move(100, 60, steps=3)
    m.move(100, 120, steps=3)
    m.move(100, 30, steps=3)  # back up before letting go: no refresh
    m.up()
    h.wait("m.t === 'pulldown' && m.phase === 'cancel'", "hostGot")
