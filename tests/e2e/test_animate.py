"""Keyframe animations and component routers in the simulator (tests/e2e/fixtures/animate_app).

* `this.animate(selector, keyframes, duration, callback)` on a page and in a component plays
  in the page frame: afterwards the element's computed style is the last keyframe's (it stays,
  as in WeChat) and the callback has run;
* `this.clearAnimation(selector, {rotate: true})` removes only the rotation: the scale stays;
* the scroll-driven form follows the scroll-view's position;
* `this.router.navigateTo` in a component resolves a relative URL against the component's file;
* an exported `wx.createAnimation()` set on `animation="{{…}}"` plays its steps in the page frame and
  its last styles stay; the same data object set again with new actions plays again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import examples_support as support
from examples_support import Sim, opened_sim, poll

FIXTURE = Path(__file__).parent / "fixtures" / "animate_app"
browser = support.browser  # the fixtures, used by name
base, sim = support.base, support.sim
ROUTE = "pages/animate/animate"


def test_animate_keeps_the_last_keyframe_and_calls_back(sim: Sim) -> None:
    sim.tap("#go")
    sim.wait_text("animated", "#status")
    assert sim.style("#box", "opacity") == "0.5"
    assert sim.style("#box", "width") == "200px"
    assert sim.style("#box", "backgroundColor") == "rgb(0, 0, 255)"


def test_clear_animation_removes_only_the_named_properties(sim: Sim) -> None:
    sim.tap("#go")
    sim.wait_text("cleared", "#status")
    # rotate(90deg) scale(2, 2) without the rotation
    poll(lambda: sim.style("#spin", "transform") == "matrix(2, 0, 0, 2, 0, 0)", "only the scale left on #spin")


def test_a_component_animates_its_own_template(sim: Sim) -> None:
    sim.wait_text("card faded", "#inner")
    assert sim.style("#inner", "opacity") == "0.25"


def test_scroll_driven_animation_follows_the_scroll_view(sim: Sim) -> None:
    assert sim.style("#follow", "opacity") == "1"
    sim.frame().evaluate("() => { document.querySelector('#sv').scrollTop = 50; }")
    poll(lambda: abs(float(sim.style("#follow", "opacity")) - 0.5) < 0.02, "half way at 50 of 100 px")
    sim.frame().evaluate("() => { document.querySelector('#sv').scrollTop = 300; }")
    poll(lambda: sim.style("#follow", "opacity") == "0", "the end of the range")


def test_component_router_resolves_against_the_component(sim: Sim) -> None:
    sim.tap("#nav")
    sim.wait_route("pages/target/target")
    sim.wait_text("target page")
    assert sim.stack() == [ROUTE, "pages/target/target"]


def test_exported_animation_plays_its_steps_and_plays_again(browser: Any, base: str) -> None:
    with opened_sim(browser, base, "pages/exported/exported") as s:
        s.tap("#play")
        poll(lambda: s.style("#box", "opacity") == "0.5", "the second step faded #box")
        assert s.style("#box", "transform") == "matrix(1, 0, 0, 1, 40, 0)"
        assert s.style("#box", "width") == "80px"
        s.tap("#again")
        poll(lambda: s.style("#box", "transform") == "matrix(2, 0, 0, 2, 0, 0)", "the new actions scaled #box")
        poll(lambda: s.style("#box", "opacity") == "1", "and showed it again")
