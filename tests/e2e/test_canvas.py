"""WeChat's canvases in the simulator (tests/e2e/fixtures/canvas_app), judged by what is on screen.

* `type="2d"`: `SelectorQuery…fields({node: true})` gives a Canvas node whose 2D context draws
  synchronously in the logic worker onto the canvas the page frame shows, and whose
  `createImage()` loads a package image and whose `toDataURL()` gives the same picture;
* `type="webgl"`: the same node gives a WebGL context (when the browser has WebGL at all);
* `wx.createOffscreenCanvas` draws in the worker, its images loaded by the page frame;
* legacy canvases are found by `canvas-id`, here drawn with `wx.createContext`/`wx.drawCanvas`
  and read back with `wx.canvasGetImageData`.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import examples_support as support
from examples_support import Sim, opened_sim, poll

FIXTURE = Path(__file__).parent / "fixtures" / "canvas_app"
browser, base = support.browser, support.base  # the fixtures, used by name

# The colour at (x, y) of a PNG, decoded by the browser (the simulator's own page).
PIXEL = """async ([png, x, y]) => {
  const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
  const c = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(bitmap, 0, 0);
  return Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3));
}"""


def pixel(s: Sim, x: int, y: int, tag: str = "wx-canvas") -> list[int]:
    """The colour on screen at (x, y) of the page's element `tag` (CSS px from its top left)."""
    png = s.frame().locator(tag).screenshot()
    ratio = s.frame().evaluate("devicePixelRatio")
    colour: list[int] = s.page.evaluate(PIXEL, [base64.b64encode(png).decode(), int(x * ratio), int(y * ratio)])
    return colour


def near(colour: list[int], want: list[int]) -> bool:
    return all(abs(a - b) <= 8 for a, b in zip(colour, want, strict=True))


def test_a_2d_canvas_node_draws_in_the_worker_onto_the_page(browser: Any, base: str) -> None:
    with opened_sim(browser, base, "pages/two/two") as s:
        poll(lambda: "[canvas] 2d drawn 4x4 true" in s.console(), lambda: f"the 2d drawing (console: {s.console()!r})")
        poll(lambda: near(pixel(s, 75, 75), [255, 0, 0]), "red where only fillRect drew")
        poll(lambda: near(pixel(s, 20, 20), [0, 0, 255]), "the package's blue image drawn by createImage")
        # toDataURL (synchronous, as in WeChat) shown by an <image>: the same picture
        poll(lambda: near(pixel(s, 75, 75, "wx-image"), [255, 0, 0]), "red in the toDataURL picture")
        poll(lambda: near(pixel(s, 20, 20, "wx-image"), [0, 0, 255]), "blue in the toDataURL picture")


def test_a_webgl_canvas_node_gives_a_webgl_context(browser: Any, base: str) -> None:
    with opened_sim(browser, base, "pages/gl/gl") as s:
        poll(lambda: "[canvas] webgl" in s.console(), "the webgl page's answer")
        # Debian's Chromium has WebGL headless (SwiftShader); without it the node answers null, as WeChat does.
        assert "webgl unavailable" not in s.console(), "this Chromium has no WebGL"
        poll(lambda: near(pixel(s, 50, 50), [0, 255, 0]), "green from gl.clear")


def test_a_legacy_canvas_is_found_by_its_canvas_id(browser: Any, base: str) -> None:
    with opened_sim(browser, base, "pages/legacy/legacy") as s:
        poll(lambda: "[canvas] legacy drawn" in s.console(), lambda: f"drawCanvas success (console: {s.console()!r})")
        poll(lambda: near(pixel(s, 50, 50), [0, 0, 255]), "blue from drawCanvas")
        poll(lambda: "[canvas] pixel 0,0,255,255 canvasGetImageData:ok" in s.console(), "canvasGetImageData's answer")


def test_an_offscreen_canvas_draws_a_package_image(browser: Any, base: str) -> None:
    with opened_sim(browser, base, "pages/offscreen/offscreen") as s:
        poll(lambda: "[canvas] offscreen" in s.console(), "the offscreen canvas's answer")
        assert "[canvas] offscreen 0,0,255,255" in s.console()
