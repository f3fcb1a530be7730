"""Skyline worklets on the web renderer, in the simulator (tests/e2e/fixtures/worklet_app).

* a tap starts `timing` on a shared value that `applyAnimatedStyle` binds to a node: the node's
  transform ends at the target, the animation's callback runs (`runOnJS`), and a later setData
  that rewrites the node's inline style leaves the animated style in place;
* a mouse drag inside `<pan-gesture-handler worklet:ongesture>` calls the method with ACTIVE
  events whose deltas move a box by exactly the drag, then an END event;
* `<tap-gesture-handler onGestureEvent>` (the older attribute) reports a tap;
* `this.renderer` is "webview" and `wx.getSkylineInfoSync()` says Skyline is not supported;
* a Component page querying its scroll-view's node in `attached` gets a working ScrollViewContext;
* `navigateTo({routeType})` plays the builder's styles on the new page's frame (ending at opacity 1,
  no offset), keeps the page below visible under an `opaque: false` route with its barrier, and
  `navigateBack` removes the frame once the reverse animation brought it back to its start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import examples_support as support
from examples_support import Sim, opened_sim, poll

FIXTURE = Path(__file__).parent / "fixtures" / "worklet_app"
browser = support.browser  # the fixtures, used by name
base, sim = support.base, support.sim
ROUTE = "pages/worklet/worklet"


def test_timing_drives_the_animated_style_to_its_target(sim: Sim) -> None:
    sim.wait_text("renderer webview, skyline false", "#info")
    assert sim.style("#box", "transform") == "matrix(1, 0, 0, 1, 0, 0)"
    sim.tap("#go")
    sim.wait_text("timed", "#status")
    poll(lambda: sim.style("#box", "backgroundColor") == "rgb(0, 128, 0)", "the setData restyled #box")
    assert sim.style("#box", "transform") == "matrix(1, 0, 0, 1, 120, 0)"


def test_a_pan_gesture_moves_the_box_by_the_drag(sim: Sim) -> None:
    poll(lambda: sim.style("#drag", "transform") == "matrix(1, 0, 0, 1, 0, 0)", "the style bound to #drag")
    box = sim.frame().locator("#drag").bounding_box()
    assert box is not None
    x, y = box["x"] + 50, box["y"] + 50
    mouse = sim.page.mouse
    mouse.move(x, y)
    mouse.down()
    mouse.move(x + 80, y + 30, steps=8)
    mouse.up()
    sim.wait_text("panned 80 30", "#status")
    poll(lambda: sim.style("#drag", "transform") == "matrix(1, 0, 0, 1, 80, 30)", "#drag moved by the drag")


def test_a_tap_gesture_handler_reports_the_tap(sim: Sim) -> None:
    sim.tap("#tap")
    sim.wait_text("tapped", "#status")


SCROLL_TOP = """() => document.querySelector('#sv').shadowRoot.querySelector('[part=scroller]').scrollTop"""


def test_a_query_in_a_component_pages_attached_gets_the_scroll_view_context(browser: Any, base: str) -> None:
    """Skyline's refresher examples ask `wx.createSelectorQuery()` for the scroll-view's node in the
    page's `attached`, before the page is on the stack; the answer comes once the page is built."""
    with opened_sim(browser, base, "pages/scroll/scroll") as s:
        s.wait_text("found yes", "#found")
        s.tap("#down")
        s.wait_text("scrollTo:ok", "#scrolled")
        poll(lambda: s.frame().evaluate(SCROLL_TOP) == 200, "the scroll-view scrolled to 200")


# The host's page frames (window.openmini.frames(): the stack, top last) and what the route set on them.
FRAMES = """() => [...document.querySelectorAll('.om-body > iframe.om-page')].map((f) => ({
  route: f.title, hidden: f.hidden, opacity: getComputedStyle(f).opacity, transform: getComputedStyle(f).transform,
}))"""
BARRIER = """() => { const b = document.querySelector('.om-barrier');
  return b ? {hidden: b.hidden, opacity: getComputedStyle(b).opacity} : null; }"""
# Record the top frame's inline opacity and transform when it is hidden (the route's last style).
WATCH_EXIT = """() => { const f = window.openmini.frames().at(-1);
  new MutationObserver(() => { if (f.hidden) window.exitStyle = f.style.opacity + '|' + f.style.transform; })
    .observe(f, {attributes: true, attributeFilter: ['hidden']}); }"""
IDENTITY = ("none", "matrix(1, 0, 0, 1, 0, 0)")


def frames(s: Sim) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = s.page.evaluate(FRAMES)
    return found


def test_a_custom_route_plays_its_entrance_and_exit_on_the_page_frame(browser: Any, base: str) -> None:
    with opened_sim(browser, base, "pages/route/route") as s:
        s.tap("#fade")
        s.wait_route("pages/sheet/sheet")
        s.wait_text("entering 0", "#status")  # onLoad sees the builder's context
        poll(
            lambda: frames(s)[-1]["opacity"] == "1" and frames(s)[-1]["transform"] in IDENTITY,
            lambda: f"entered ({frames(s)})",
        )
        poll(lambda: frames(s)[0]["hidden"], "an opaque route hides the page below once it has entered")
        s.page.evaluate(WATCH_EXIT)
        s.tap("#back")
        poll(lambda: s.stack() == ["pages/route/route"], "back")
        poll(lambda: len(frames(s)) == 1, lambda: f"the popped frame removed ({frames(s)})")
        # it was hidden at the end of its reverse animation: transparent, 100px down
        assert s.page.evaluate("window.exitStyle") == "0|translateY(100px)"
        assert not frames(s)[0]["hidden"]


def test_a_see_through_route_keeps_the_page_below_visible_behind_its_barrier(browser: Any, base: str) -> None:
    with opened_sim(browser, base, "pages/route/route") as s:
        s.tap("#sheet")
        s.wait_route("pages/sheet/sheet")
        poll(lambda: frames(s)[-1]["transform"] in IDENTITY, lambda: f"entered ({frames(s)})")
        assert not frames(s)[0]["hidden"]
        poll(lambda: s.page.evaluate(BARRIER) == {"hidden": False, "opacity": "1"}, "the barrier painted")
        s.tap("#back")
        poll(lambda: len(frames(s)) == 1 and s.page.evaluate(BARRIER) is None, "frame and barrier removed")
        assert s.stack() == ["pages/route/route"]
