"""examples/components in a real browser: a user opens each gallery page, taps, and reads it."""

from __future__ import annotations

import examples_support as support
from examples_support import Sim, poll

EXAMPLE = "components"
browser, base, sim = support.browser, support.base, support.sim  # the fixtures, used by name


def open_demo(sim: Sim, title: str, route: str) -> None:
    sim.wait_route("pages/index/index")
    sim.tap_text(title)
    sim.wait_route(route)


def test_launch_lifecycle_and_gallery(sim: Sim) -> None:
    sim.wait_route("pages/index/index")
    text = sim.wait_text("5. index.onReady", "#log")
    assert "1. App.onLaunch\n2. App.onShow\n3. index.onLoad\n4. index.onShow\n5. index.onReady" in text
    poll(lambda: len(sim.lifecycle()) >= 5, "the console shows the lifecycle")
    assert sim.lifecycle()[:5] == ["App.onLaunch", "App.onShow", "index.onLoad", "index.onShow", "index.onReady"]
    page = sim.text()
    for title in ("Slots, styles and generics", "Properties and observers", "Relations and behaviors"):
        assert title in page
    assert sim.page.locator(".om-nav-title").text_content() == "Component gallery"


def test_slots_classes_isolation_virtual_host_and_generics(sim: Sim) -> None:
    open_demo(sim, "Slots, styles and generics", "pages/slots/slots")
    frame = sim.frame()
    # Named slots land in the card's header and footer; the rest in its body.
    assert frame.evaluate("() => document.querySelector('#extra-slot').parentElement.className").endswith("--head")
    assert frame.evaluate("() => document.querySelector('#default-slot').parentElement.className").endswith("--body")
    assert frame.evaluate("() => document.querySelector('#footer-slot').parentElement.className").endswith("--foot")
    assert "This text is the default slot's content" in sim.text()
    # externalClasses: the page's big-title class reaches the card's title.
    restyled = frame.get_by_text("Restyled title", exact=True)
    assert "big-title" in restyled.get_attribute("class")
    assert restyled.evaluate("e => getComputedStyle(e).color") == "rgb(224, 112, 58)"
    # styleIsolation: app.wxss's .pill applies in apply-shared, not in isolated.
    pill = "(s) => getComputedStyle(document.querySelector(s + ' wx-text')).backgroundColor"
    assert frame.evaluate(pill, "#shared-note") == "rgb(225, 243, 232)"
    assert frame.evaluate(pill, "#isolated-note") == "rgba(0, 0, 0, 0)"
    # virtualHost: the chips are direct children of the flex row, with no <wx-chip> host.
    assert frame.evaluate("() => document.querySelectorAll('wx-chip').length") == 0
    assert frame.evaluate("() => [...document.querySelector('#chips').children].map(e => e.textContent)") == [
        "Tea",
        "Coffee",
        "Juice",
        "Water",
    ]
    sim.tap("#chips >> text=Juice")
    sim.wait_text("Picked: Tea, Juice")
    sim.tap("#chips >> text=Tea")
    sim.wait_text("Picked: Juice")
    # Generics: the default plain-item, and fancy-item chosen with generic:item.
    assert frame.evaluate("() => document.querySelector('#plain-list').innerText").split() == ["Ada", "Grace", "Linus"]
    fancy = sim.text("#fancy-list")
    assert "Compiler" in fancy and "Host shell" in fancy
    sim.back()
    sim.wait_route("pages/index/index")


def test_counter_properties_observers_and_select_component(sim: Sim) -> None:
    open_demo(sim, "Properties and observers", "pages/counter/counter")
    counter = "#cups"
    # The legacy observer ran for the initial value 2 (default 0); the behavior logged attached.
    sim.wait_text("Cups of tea", counter)
    history = sim.text(counter)
    assert "value 0 → 2" in history and "attached" in history
    assert sim.text("#cups-value") == "2"
    sim.tap(f"{counter} >> text=+")
    sim.wait_text("3", "#cups-value")
    sim.tap(f"{counter} >> text=+")
    sim.wait_text("4", "#cups-value")
    assert "+1" in sim.text(counter)
    # The page sets the bound property: the legacy observer sees the change.
    sim.tap("#set-five")
    sim.wait_text("value 4 → 5", counter)
    sim.tap(f"{counter} >> text=+")  # max is 5: nothing happens
    assert sim.text("#cups-value") == "5"
    # selectComponent('#cups').reset() from the page.
    sim.tap("#reset")
    sim.wait_text("0", "#cups-value")
    assert "reset" in sim.text(counter)

    # The basket: each row's counter sets items[i].qty; the 'items.**' observer recomputes.
    sim.wait_text("3 items · ¥15.50", "#basket")
    assert "observer ran 1×" in sim.text("#basket")
    assert sim.text("#total") == "3 items, ¥15.50"
    pears = sim.frame().locator("#basket wx-view", has_text="Pears").first
    pears.get_by_text("+", exact=True).click()
    sim.wait_text("4 items · ¥19.70", "#basket")
    sim.wait_text("4 items, ¥19.70", "#total")
    assert "observer ran 2×" in sim.text("#basket")


def test_tabs_relations_and_behavior(sim: Sim) -> None:
    open_demo(sim, "Relations and behaviors", "pages/tabs/tabs")
    tabs = "#drinks"
    text = sim.wait_text("tab 1 of 3", tabs)
    assert "Green tea" in text and "Flat white" not in text
    assert "attached → linked → shown" in text
    sim.tap(f"{tabs} >> text=Coffee")
    text = sim.wait_text("Flat white", tabs)
    assert "Green tea" not in text and "tab 2 of 3" in text
    sim.wait_text("Page heard Coffee (1 changes)")
    # A tab added at run time links itself to <tabs>; the headers follow.
    sim.tap("#toggle-extra")
    sim.wait_text("tab 2 of 4", tabs)
    sim.tap(f"{tabs} >> text=Water")
    text = sim.wait_text("Sparkling water", tabs)
    assert "tab 4 of 4" in text and "attached → linked → shown" in text
    sim.wait_text("Page heard Water (2 changes)")
    # Removing it unlinks it.
    sim.tap("#toggle-extra")
    poll(lambda: "Water" not in sim.text(tabs), "the Water header to go")
    assert "tab 3 of 3" in sim.text(tabs)


def test_events_bubbles_composed_and_lifetimes(sim: Sim) -> None:
    open_demo(sim, "Events and lifetimes", "pages/events/events")
    panel = "#panel"
    sim.tap(f"{panel} >> text=No options")
    sim.wait_text("on the emitter\nNo options", panel)
    assert "on the panel's view\n—" in sim.text(panel)
    assert sim.text("#page-heard") == "—"
    sim.tap(f"{panel} >> text=Bubbles only")
    sim.wait_text("on the panel's view\nBubbles only", panel)
    assert sim.text("#page-heard") == "—"  # not composed: it stays inside the panel
    sim.tap(f"{panel} >> text=Bubbles + composed")
    sim.wait_text("Bubbles + composed", "#page-heard")
    assert 'target id "panel"' in sim.text()  # retargeted to the panel's host

    # Lifetimes: the probe's and the page's, in order (the parts WeChat and openmini agree on).
    log = lifelog(sim, "events.onReady")
    assert_before(log, "probe.created", "probe.attached", "probe.ready", "events.onReady")
    assert_before(log, "events.onLoad", "events.onShow", "events.onReady")
    assert_before(log, "probe.attached", "probe.pageShow", "probe.ready")
    # Another page on top hides this one; coming back shows it again.
    sim.tap("#open-another")
    sim.wait_route("pages/tabs/tabs")
    sim.back()
    sim.wait_route("pages/events/events")
    log = lifelog(sim, "probe.pageShow", after="events.onHide")
    # (Whether a page's own hook or its components' pageLifetimes run first is not pinned.)
    hidden, shown = log[-4:-2], log[-2:]
    assert sorted(hidden) == ["events.onHide", "probe.pageHide"]
    assert sorted(shown) == ["events.onShow", "probe.pageShow"]
    # wx:if removes the probe: detached.
    sim.tap("#toggle-probe")
    log = lifelog(sim, "probe.detached")
    assert "probe component is attached" not in sim.text()
    # The console shows the same lines.
    poll(lambda: "probe.detached" in sim.lifecycle(), "the console to show probe.detached")
    assert_before(sim.lifecycle(), "App.onLaunch", "probe.created", "events.onReady", "events.onHide", "probe.detached")


def test_components_attach_before_page_on_load(sim: Sim) -> None:
    open_demo(sim, "Events and lifetimes", "pages/events/events")
    log = lifelog(sim, "events.onReady")
    # WeChat: component created → attached → page onLoad → onShow → component ready → onReady.
    assert_before(log, "probe.created", "probe.attached", "events.onLoad", "events.onShow", "probe.ready")


def lifelog(sim: Sim, last: str, after: str | None = None) -> list[str]:
    """The lines of the events page's on-screen log, once it shows `last` (after `after`)."""

    def lines() -> list[str]:
        return [line.split(". ", 1)[1] for line in sim.text("#lifelog").splitlines() if ". " in line]

    def ready() -> bool:
        got = lines()
        start = got.index(after) if after and after in got else (0 if not after else len(got))
        return last in got[start:]

    poll(ready, lambda: f"{last!r} in the log (saw {lines()})")
    return lines()


def assert_before(log: list[str], *names: str) -> None:
    positions = [log.index(n) for n in names]
    assert positions == sorted(positions), f"{names} out of order in {log}"
