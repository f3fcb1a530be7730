"""examples/shop in a real browser, driven as a customer would use it.

The dev server (openmini.server.dev) serves the example from its source folder; the simulator
page runs it with the real logic worker and view. The tests tap through the café: menu → item
detail (navigateTo with a query) → add to cart (toast, storage) → back → Cart tab (path setData)
→ checkout form → result → Me tab, and check the detail page's lifecycle order in the
simulator's Console panel.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright import sync_api as playwright_sync

from openmini.server.dev import create_dev_app
from support.live_server import live_server

CHROMIUM = Path("/usr/bin/chromium")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "shop"

MENU, CART, ME = "pages/menu/menu", "pages/cart/cart", "pages/me/me"
DETAIL, CHECKOUT = "pages/detail/detail", "pages/checkout/checkout"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = create_dev_app(EXAMPLE, data_dir=tmp_path_factory.mktemp("shop-data"), watch=False)
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


@pytest.fixture
def sim(browser: Any, base: str) -> Iterator[Any]:
    """The simulator with the café open on its menu; fails the test on any script error."""
    pg = browser.new_page(viewport={"width": 1000, "height": 760})
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(base)
    pg.wait_for_function("window.openmini && window.openmini.stack().length > 0")
    see(pg, "Caffè Latte")
    yield pg
    problems = pg.locator("#console .sim-error, #console .sim-warn").all_inner_texts()
    pg.close()
    assert errors == []
    assert problems == []


# ---- helpers: what a person sees and does ----------------------------------------------------


def until(check: Any, what: str, timeout: float = 5.0) -> Any:
    """Poll `check()` until it is truthy. (Page frames' CSP refuses Playwright's eval-based
    wait_for_function, so waits are plain polls.)"""
    deadline = time.time() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.time() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def settled(locator: Any) -> Any:
    """The element's box once it has stopped moving (sheets and dialogs slide in)."""

    def still() -> Any:
        box = locator.bounding_box()
        time.sleep(0.05)
        now = locator.bounding_box()
        return box if box == now else None

    return until(still, "the element to stop moving")


def stack(pg: Any) -> list[str]:
    return pg.evaluate("window.openmini.stack()")


def top(pg: Any) -> Any:
    """The frame of the page on top of the stack."""
    return pg.evaluate_handle("window.openmini.frames().at(-1)").as_element().content_frame()


def text(pg: Any) -> str:
    """What the top page shows (its rendered text, as laid out)."""
    try:
        frame = top(pg)
        if frame is None:  # between pages
            return ""
        return frame.evaluate("() => document.querySelector('wx-page') ? document.body.innerText : ''")
    except playwright_sync.Error:  # the frame was replaced while we looked
        return ""


def see(pg: Any, *needles: str, timeout: float = 5.0) -> str:
    return until(
        lambda: (t := text(pg)) and all(n in t for n in needles) and t,
        f"{needles} on screen (now: {text(pg)!r})",
        timeout,
    )


def at(pg: Any, *routes: str) -> None:
    until(lambda: stack(pg) == list(routes), f"page stack {routes} (now: {stack(pg)})")


def tap(pg: Any, selector: str, has_text: str | None = None) -> None:
    """A finger (the mouse) on the element's centre, as the simulator's user taps."""
    target = top(pg).locator(selector, has_text=has_text).first
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box, f"{selector} {has_text or ''} is not on screen"
    pg.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def lifecycle(pg: Any, prefix: str) -> list[str]:
    """The console lines logged by one page, in order, e.g. ['onLoad id=latte', 'onShow']."""
    rows = pg.locator("#console .msg").all_inner_texts()
    return [row[len(prefix) + 1 :] for row in rows if row.startswith(prefix + " ")]


def toast(pg: Any, title: str) -> None:
    """Wait for the host-drawn toast with this title (a new toast replaces the one shown)."""
    until(lambda: title in pg.locator(".om-toast-title").all_inner_texts(), f"the toast {title!r}", timeout=3)


def tab(pg: Any, name: str) -> None:
    label = pg.locator(".om-tab-text", has_text=re.compile(f"^{name}$"))
    pg.locator(".om-tab", has=label).click()


def pick_pickup_time(pg: Any, rows_down: int) -> None:
    """Open the checkout's picker, scroll its wheel down some rows, and tap 确定 (confirm)."""
    frame = top(pg)
    tap(pg, "wx-picker")
    wheel = frame.locator("om-layer .s")
    until(lambda: wheel.count() == 1, "the picker sheet")
    box = settled(wheel)  # the sheet slides up first
    pg.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    pg.mouse.wheel(0, 34 * rows_down)
    until(lambda: wheel.evaluate("(s) => Math.round(s.scrollTop)") == 34 * rows_down, "the wheel to settle")
    time.sleep(0.3)  # the wheel reports the row it settled on once scrolling stops
    frame.locator("om-layer .ok").click()


def nav_title(pg: Any) -> str:
    return pg.locator(".om-nav-title").inner_text()


# ---- tests -----------------------------------------------------------------------------------


def test_order_a_latte_from_menu_to_receipt(sim: Any) -> None:
    pg = sim
    menu = see(pg, "Caffè Latte", "¥28.00", "Little Bean Café", "12 Harbour Street")
    assert "Sold out" in menu and "Popular" in menu  # the template's wx:if / wx:elif tags
    assert lifecycle(pg, "[app]")[:2] == ["onLaunch pages/menu/menu", "onShow"]

    # Menu → detail: navigateTo with ?id=latte, read in onLoad(query).
    tap(pg, ".item", "Caffè Latte")
    at(pg, MENU, DETAIL)
    see(pg, "A double shot of espresso", "Made fresh when you order.", "Add to cart · ¥28.00")
    until(lambda: nav_title(pg) == "Caffè Latte", "the title set in onLoad")
    until(lambda: len(lifecycle(pg, "[detail]")) >= 3, "the detail page's lifecycle")
    assert lifecycle(pg, "[detail]") == ["onLoad id=latte", "onShow", "onReady"]

    # Medium (+¥3.00), two of them.
    tap(pg, ".size", "Medium")
    see(pg, "Add to cart · ¥31.00")
    tap(pg, ".stepper__btn", "+")
    see(pg, "Add to cart · ¥62.00")
    tap(pg, "wx-button", "Add to cart")
    toast(pg, "Added to cart")
    see(pg, "You have 2 in your cart.")  # wx:elif now that the cart holds it

    # wx.navigateBack from the page's own button: the detail page unloads.
    tap(pg, "wx-button", "Back to menu")
    at(pg, MENU)
    see(pg, "×2 in cart")
    until(lambda: lifecycle(pg, "[detail]")[-1:] == ["onUnload"], "onUnload")
    assert lifecycle(pg, "[detail]") == ["onLoad id=latte", "onShow", "onReady", "onUnload"]
    until(lambda: pg.locator(".om-tab-badge").all_inner_texts() == ["2"], "the Cart tab's badge")

    # The Cart tab: the line, the WXS total, and setData('cart[0].qty') from the stepper.
    tab(pg, "Cart")
    at(pg, CART)
    see(pg, "Caffè Latte", "Medium · ¥31.00", "2 items", "Total ¥62.00")
    tap(pg, ".stepper__btn", "+")
    see(pg, "3 items", "Total ¥93.00")
    tap(pg, ".stepper__btn", "−")
    see(pg, "2 items", "Total ¥62.00")

    # Checkout: submitting without a name is refused with a toast.
    tap(pg, "wx-button", "Checkout")
    at(pg, CART, CHECKOUT)
    see(pg, "2 × Caffè Latte", "Place order · ¥62.00")
    tap(pg, "wx-button", "Place order")
    toast(pg, "Please enter your name")
    assert stack(pg) == [CART, CHECKOUT] and "placed" not in text(pg)

    frame = top(pg)
    frame.locator(".field", has_text="Name").locator("input").click()
    pg.keyboard.type("Alice")
    frame.locator(".field", has_text="Phone").locator("input").click()
    pg.keyboard.type("138ab12345678")  # the number keyboard drops the letters
    until(lambda: frame.locator(".field", has_text="Phone").locator("input").input_value() == "13812345678", "phone")

    pick_pickup_time(pg, 1)
    see(pg, "In 15 minutes")

    tap(pg, "wx-switch")  # takeaway: on → off
    frame.locator(".field", has_text="Note").locator("textarea").click()
    pg.keyboard.type("Oat milk, please")

    tap(pg, "wx-button", "Place order")
    toast(pg, "Order placed")
    receipt = see(pg, "placed", "Alice")
    assert re.search(r"Order A\d{3} placed", receipt)
    assert "138****5678" in receipt  # the inline <wxs> regex masked the phone number
    for shown in ("In 15 minutes", "No, for here", "Oat milk, please", "¥62.00", "12 Harbour Street"):
        assert shown in receipt, shown
    number = re.search(r"Order (A\d{3})", receipt).group(1)  # type: ignore[union-attr]

    # Done → navigateBack to a now empty cart; the badge is gone.
    tap(pg, "wx-button", "Done")
    at(pg, CART)
    see(pg, "Your cart is empty")
    until(lambda: pg.locator(".om-tab-badge").count() == 0, "no badge")

    # Me: the order history read from storage.
    tab(pg, "Me")
    at(pg, ME)
    me = see(pg, f"Order {number}")
    assert "Alice" in me and "1 order · 0 items in cart" in me
    assert "¥62.00" in me

    # Clearing the history asks first (wx.showModal, drawn by the host).
    tap(pg, "wx-button", "Clear history")
    until(lambda: pg.locator(".om-modal-title").all_inner_texts() == ["Clear history?"], "the modal")
    pg.locator(".om-modal-confirm", has_text="Clear").click()
    see(pg, "No orders yet", "Guest")


def test_cart_survives_a_restart(sim: Any) -> None:
    pg = sim
    tap(pg, ".item", "Butter Croissant")
    at(pg, MENU, DETAIL)
    see(pg, "Butter Croissant", "regular")
    tap(pg, "wx-button", "Add to cart")
    toast(pg, "Added to cart")

    tap(pg, "wx-button", "Back to menu")
    at(pg, MENU)

    # Reload the mini program: a new worker, so the cart can only come from storage.
    pg.locator("#reload").click()
    until(lambda: lifecycle(pg, "[app]").count("onLaunch pages/menu/menu") == 2, "a second launch")
    at(pg, MENU)
    see(pg, "×1 in cart")
    tab(pg, "Cart")
    at(pg, CART)
    see(pg, "Butter Croissant", "1 item", "Total ¥16.00")
    pg.locator("[data-tab=storage]").click()
    assert "Butter Croissant" in pg.locator("#storage").inner_text()

    # Empty it again: tapping − at one removes the line.
    tap(pg, ".stepper__btn", "−")
    see(pg, "Your cart is empty")


def test_detail_page_branches(sim: Any) -> None:
    pg = sim
    for path, expected in [
        (f"{DETAIL}?id=oolong", "Sold out today, back tomorrow morning."),  # wx:if
        (f"{DETAIL}?id=nope", "We could not find that item"),  # the outer wx:else
    ]:
        pg.locator("#path").fill(path)
        pg.locator("#open").click()
        at(pg, DETAIL)
        shown = see(pg, expected)
        assert "Add to cart" not in shown

    # Opened directly, the page is alone on the stack: "Back to menu" switches to the Menu tab.
    tap(pg, "wx-button", "Back to menu")
    at(pg, MENU)
    see(pg, "Caffè Latte")
