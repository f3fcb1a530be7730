"""Device and mini-program-level wx APIs in the simulator (tests/e2e/fixtures/device_app).

* `wx.getRandomValues` gives the bytes asked for;
* `wx.getSelectedTextRange` while typing answers the caret; `wx.hideKeyboard` blurs the field
  (its `blur` event fires); `wx.onKeyboardHeightChange` follows the host's visual viewport;
* `wx.startLocationUpdate` asks for consent, then `wx.onLocationChange` gets the browser's position;
* `wx.startAccelerometer` succeeds once the device gives motion data (in g, WeChat's signs) and
  fails clearly when it gives none;
* `wx.loadFontFace` downloads the font as downloadFile does, and a `global` font reaches pages
  opened later; a file that is not a font fails;
* `wx.navigateToMiniProgram` fails clearly in the simulator; `wx.exitMiniProgram` closes it;
  `wx.restartMiniProgram` launches it again at its path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import examples_support as support
import playwright
import pytest
from examples_support import START_AT, TIMEOUT, Served, Sim, poll, serve

FIXTURE = Path(__file__).parent / "fixtures" / "device_app"
ROUTE = "pages/index/index"
browser = support.browser  # the fixture, used by name
# any TrueType file will do: this one ships with Playwright, which the tests need anyway
FONT = next(Path(playwright.__file__).parent.glob("driver/package/**/*.ttf"))
# the page frame's focused field, inside the input widget's shadow root or not
FOCUSED = """() => { let f = document.activeElement;
  while (f && f.shadowRoot && f.shadowRoot.activeElement) f = f.shadowRoot.activeElement;
  return f ? f.tagName : null; }"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from serve(FIXTURE, tmp_path_factory.mktemp("data"))


@pytest.fixture
def sim(browser: Any, base: str) -> Iterator[Sim]:
    # a context of its own: the position, and the permissions to read it and the motion sensors
    context = browser.new_context(
        viewport={"width": 1100, "height": 900},
        geolocation={"latitude": 31.2304, "longitude": 121.4737},
        permissions=["geolocation", "accelerometer", "gyroscope"],
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT * 1000)
    s = Sim(page)
    page.add_init_script(f"({START_AT})({json.dumps(ROUTE)})")
    page.goto(base)
    page.wait_for_function("window.openmini && window.openmini.frames().length > 0")
    s.wait_route(ROUTE)
    yield s
    context.close()
    assert s.errors == []


def test_random_values(sim: Sim) -> None:
    sim.wait_text("random 16", "#random")


def test_selection_and_hide_keyboard_while_typing(sim: Sim) -> None:
    field = sim.frame().locator("#field")
    field.click()
    sim.page.keyboard.press("End")
    sim.page.keyboard.type("?")
    sim.wait_text("getSelectedTextRange:ok 6-6", "#log")
    assert sim.frame().evaluate(FOCUSED) == "INPUT"
    sim.page.keyboard.type("!")
    sim.wait_text("hideKeyboard:ok", "#log")
    sim.wait_text("blurred", "#blur")
    assert sim.frame().evaluate(FOCUSED) != "INPUT"


def test_keyboard_height_follows_the_visual_viewport(sim: Sim) -> None:
    sim.wait_text("random 16", "#random")  # onLoad registered the listener
    # A software keyboard takes the bottom 300 px of the visual viewport. The host starts watching
    # a moment after the listener was registered (its API chunk loads first), so the resize is
    # repeated until the page saw it, as a keyboard's own resizes repeat while it slides in.
    sim.page.evaluate(
        """() => { const h = innerHeight - 300;
        Object.defineProperty(visualViewport, 'height', { configurable: true, get: () => h }); }"""
    )
    resize = "() => visualViewport.dispatchEvent(new Event('resize'))"
    poll(lambda: sim.page.evaluate(resize) or "keyboard 300" in sim.text("#keyboard"), "keyboard 300 in #keyboard")
    sim.page.evaluate("() => { delete visualViewport.height; visualViewport.dispatchEvent(new Event('resize')); }")
    sim.wait_text("keyboard 0", "#keyboard")


def test_location_updates_after_consent(sim: Sim) -> None:
    sim.tap("#location")
    prompt = sim.page.locator(".om-consent")
    prompt.wait_for()
    assert "跟踪路线" in prompt.inner_text()
    prompt.locator(".om-modal-confirm").click()
    sim.wait_text("startLocationUpdate:ok", "#log")
    sim.wait_text("at 31.2304,121.4737", "#where")


def test_accelerometer_reads_the_host_motion_events(sim: Sim) -> None:
    sim.tap("#motion")
    sim.wait_text("startAccelerometer:fail no accelerometer: this device gave no readings", "#log")
    # the phone held upright: gravity along +y in the DOM's terms
    sim.page.evaluate(
        """() => { window.motion = setInterval(() => dispatchEvent(new DeviceMotionEvent('devicemotion',
        { accelerationIncludingGravity: { x: 0, y: 9.80665, z: 0 }, interval: 16 })), 16); }"""
    )
    sim.tap("#motion")
    sim.wait_text("startAccelerometer:ok", "#log")
    sim.wait_text("acc 0,-1,0", "#acc")
    sim.page.evaluate("() => clearInterval(window.motion)")


def test_load_font_face_downloads_and_reaches_later_pages(sim: Sim) -> None:
    # the platform's download proxy, as the dev server would answer for an allowed https URL
    sim.page.route(
        re.compile(r".*/download\?appid=.*"),
        lambda route: route.fulfill(json={"tempFilePath": "/fonts-test/icons.ttf", "statusCode": 200}),
    )
    sim.page.route("**/fonts-test/icons.ttf", lambda route: route.fulfill(body=FONT.read_bytes()))
    sim.tap("#font")
    sim.wait_text("loadFontFace:ok loaded", "#log")
    check = "() => document.fonts.check('16px \"Fixture Icons\"') && [...document.fonts].some((f) => f.family.includes('Fixture Icons'))"
    poll(lambda: sim.frame().evaluate(check), "the font in the page frame")
    sim.tap("#badfont")
    sim.wait_text("loadFontFace:fail", "#log")
    assert "is not a font the browser can read" in sim.text("#log")
    sim.tap("#second")
    sim.wait_route("pages/second/second")
    poll(lambda: sim.frame().evaluate(check), "the global font in a page opened later")


def test_other_mini_programs_fail_clearly_in_the_simulator_and_exit_closes(sim: Sim) -> None:
    sim.tap("#other")
    sim.wait_text(
        'navigateToMiniProgram:fail appId "om0123456789abcdef" is not on this platform (the simulator runs one mini program)',
        "#log",
    )
    sim.tap("#exit")
    sim.page.locator(".sim-closed").wait_for()


def test_restart_launches_again_at_the_path(sim: Sim) -> None:
    sim.tap("#restart")
    sim.wait_route("pages/second/second")
    sim.wait_text("from restart", "#query")
    assert sim.stack() == ["pages/second/second"]
