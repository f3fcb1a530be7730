"""examples/packages in a real browser: subpackages load when their pages open, npm packages work,
and the independent subpackage starts without the main package."""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import date, timedelta
from typing import Any

import examples_support as support
import pytest
from examples_support import Served, Sim, open_sim, poll

EXAMPLE = "packages"
browser, base, sim = support.browser, support.base, support.sim  # the fixtures, used by name
MAIN = {"@bundle/main/logic.js", "@bundle/main/view.js"}
SHOP = {"@bundle/shop/logic.js", "@bundle/shop/view.js"}
PROMO = {"@bundle/promo/logic.js", "@bundle/promo/view.js"}


@pytest.fixture
def loaded(base: Served) -> Any:
    """A function returning the logical names of the package files fetched since the test began.

    Tests name it before `sim`: pytest sets fixtures up in argument order, and it counts from its own
    set-up, so the simulator's first fetches must come after it."""
    manifest = json.load(urllib.request.urlopen(base + "app/manifest.json"))
    names = {entry["file"]: name for name, entry in manifest["files"].items()}
    start = len(base.paths)

    def fetched() -> set[str]:
        return {names.get(p.rsplit("/", 1)[-1], p) for p in base.paths[start:] if p.startswith("/app/files/")}

    return fetched


def app_console(sim: Sim) -> list[str]:
    return [line for line in sim.console().splitlines() if line.startswith("[app] ")]


def test_home_uses_npm_module_and_component(loaded: Any, sim: Sim) -> None:
    sim.wait_route("pages/index/index")
    # tiny-date (required through utils/format) formats today's date.
    text = sim.wait_text("Weekend Market")
    today = date.today()
    assert f"{today:%A}, {today.day} {today:%B %Y}" in text
    # tiny-badge, the npm component, with its own (prefixed) styles.
    badge = sim.frame().locator("#open-badge wx-text")
    assert badge.inner_text() == "OPEN"
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 255, 255)"
    # The root-absolute @import "/styles/base.wxss" in app.wxss styles the cards.
    card = sim.frame().locator("#to-about")
    assert card.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 255, 255)"
    assert card.evaluate("e => getComputedStyle(e).borderRadius") != "0px"
    assert re.search(r"App launched at \d\d:\d\d:\d\d", text)
    poll(lambda: app_console(sim)[:2] == ["[app] onLaunch", "[app] onShow"], "App lifecycle in the console")
    fetched = loaded()
    assert fetched >= MAIN and not fetched & PROMO
    # The main package's second page.
    sim.tap("#to-about")
    sim.wait_route("pages/about/about")
    assert "independent: pages/promo and its own utils" in sim.wait_text("Where things live".upper())
    sim.back()
    sim.wait_route("pages/index/index")


def test_subpackage_pages_load_their_package(loaded: Any, sim: Sim) -> None:
    sim.wait_route("pages/index/index")
    assert not loaded() & PROMO
    sim.tap("#to-shop")
    sim.wait_route("packageA/pages/list/list")
    assert loaded() >= SHOP
    text = sim.wait_text("Sourdough loaf")
    assert "5 stalls" in text and "Basket: 0" in text
    # The main package's price-tag component and the npm badge, used from packageA.
    assert "¥9.50 / loaf" in text and "¥14.50 / jar" in text
    assert sim.frame().locator("wx-tiny-badge", has_text="HOT").count() == 1
    assert sim.frame().locator("wx-tiny-badge", has_text="NEW").count() == 2
    # The relative @import "../../styles/shop.wxss" inside packageA.
    row = sim.frame().locator(".item").first
    assert row.evaluate("e => getComputedStyle(e).display") == "flex"
    assert row.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 255, 255)"

    # The second page of packageA: a query, tiny-date's fromNow, the shared App.
    sim.tap(".item", has_text="Wildflower honey")
    sim.wait_route("packageA/pages/detail/detail")
    picked = date.today() - timedelta(days=6)
    text = sim.wait_text("Picked 6 days ago")
    assert f"Picked 6 days ago · {picked:%A} {picked.day} {picked:%B}" in text
    assert "¥14.50 / jar" in text
    poll(lambda: sim.page.locator(".om-nav-title").text_content() == "Wildflower honey", "the title")
    sim.tap("#more")
    sim.tap("#more")
    sim.wait_text("3", "#quantity")
    sim.tap("#add")
    sim.page.get_by_text("Added 3").wait_for()  # the host's toast
    sim.wait_text("1", "#quantity")
    sim.back()
    sim.wait_route("packageA/pages/list/list")
    sim.wait_text("Basket: 3")  # onShow read the App's basket
    sim.back()
    sim.wait_route("pages/index/index")
    sim.wait_text("3 in basket", "#to-shop")
    assert not loaded() & PROMO  # never opened, never loaded

    # The independent subpackage, opened from the main package.
    sim.tap("#to-promo")
    sim.wait_route("packageB/pages/promo/promo")
    assert loaded() >= PROMO
    text = sim.wait_text("The main package is loaded")
    assert "Strawberries" in text and "¥3.90" in text


def test_independent_subpackage_starts_alone(browser: Any, base: Served, loaded: Any) -> None:
    # A cold start at the promo page, as from a QR code: only packageB's code is fetched and
    # App() does not run.
    sim = open_sim(browser, base, "packageB/pages/promo/promo")
    try:
        sim.wait_route("packageB/pages/promo/promo")
        text = sim.wait_text("Opened on its own")
        assert "App() has not run" in text
        assert sim.stack() == ["packageB/pages/promo/promo"]
        assert {name for name in loaded() if name.startswith("@bundle/")} == PROMO
        assert "packageB/pages/promo/promo.css" in loaded()
        assert app_console(sim) == []
        countdown = sim.text("#countdown")
        assert re.fullmatch(r"0[0-2]:[0-5]\d:[0-5]\d", countdown), countdown
        poll(lambda: sim.text("#countdown") != countdown, "the countdown to tick")
        # Leaving for the main package loads it and runs App first.
        sim.tap("#go")
        sim.wait_route("pages/index/index")
        sim.wait_text("Weekend Market")
        assert loaded() >= MAIN
        poll(lambda: app_console(sim) == ["[app] onLaunch", "[app] onShow"], "App's lifecycle in the console")
        assert sim.stack() == ["pages/index/index"]
    finally:
        sim.page.close()
    assert sim.errors == []


def test_preload_rule_fetches_the_shop_with_the_home_page(loaded: Any, sim: Sim) -> None:
    sim.wait_route("pages/index/index")
    sim.wait_text("Weekend Market")
    poll(lambda: loaded() >= SHOP, "the shop subpackage to be preloaded", timeout=3)


def test_app_wxss_does_not_apply_to_the_independent_subpackage(browser: Any, base: Served, loaded: Any) -> None:
    sim = open_sim(browser, base, "packageB/pages/promo/promo")
    try:
        sim.wait_route("packageB/pages/promo/promo")
        sim.wait_text("Opened on its own")
        assert "app.css" not in loaded()
    finally:
        sim.page.close()
