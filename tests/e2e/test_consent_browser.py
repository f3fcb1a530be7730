"""Consent in a real browser against a live `openmini serve`: the host's scope prompt (accept,
refuse, a refusal not asked again, revoked in the shell's settings page and then asked again),
wx.requestSubscribeMessage only during a tap, one message per accepted subscription sent by the
backend, and the shell's inbox opening the mini program at the message's page.

The fixture mini program is fixtures/consent_app; the backend's calls go over HTTP with the
mini program's access_token, as a developer's server makes them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests
from examples_support import chromium_page

from openmini.platform.errors import Code
from openmini.settings import Settings
from support.live_server import free_port, local_url, release_folder, serve_platform

FIXTURE = Path(__file__).parent / "fixtures" / "consent_app"
TIMEOUT_S = 20.0
TAP_ONLY = "requestSubscribeMessage:fail can only be invoked by user TAP gesture."


@dataclass(frozen=True)
class Served:
    base: str
    appid: str
    secret: str

    def call(self, path: str, access_token: str, body: Any = None, **params: Any) -> dict[str, Any]:
        query = {"access_token": access_token, **params}
        url = self.base + path
        response = requests.post(url, params=query, json=body) if body is not None else requests.get(url, params=query)
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    def token(self) -> str:
        params = {"grant_type": "client_credential", "appid": self.appid, "secret": self.secret}
        return str(requests.get(self.base + "/cgi-bin/token", params=params).json()["access_token"])



@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    public_url = local_url(free_port())
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("serve"), public_url=public_url, secret_key="test", review_screenshots=False
    )
    with serve_platform(settings) as base:
        appid, secret = asyncio.run(release_folder(settings, FIXTURE, "Consent"))
        yield Served(base, appid, secret)


@pytest.fixture
def page() -> Iterator[Any]:
    with chromium_page(TIMEOUT_S) as pg:
        yield pg


def mini_program(pg: Any, selector: str) -> Any:
    """The top page frame of the mini program, once it shows ``selector``."""
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        frames = pg.query_selector_all("#app iframe.om-page")
        frame = frames[-1].content_frame() if frames else None
        if frame is not None and frame.query_selector(selector) is not None:
            return frame
        assert time.monotonic() < deadline, f"the mini program did not show {selector}"
        time.sleep(0.1)


def answer(frame: Any, number: int) -> str:
    """The page's ``number``-th answer (#log shows the latest, numbered)."""
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        text = (frame.text_content("#log") or "").strip()
        if text.startswith(f"{number} "):
            return text[len(f"{number} ") :]
        assert time.monotonic() < deadline, f"answer {number} never came (#log: {text!r})"
        time.sleep(0.05)


def shown(frame: Any, selector: str) -> str:
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        text = (frame.text_content(selector) or "").strip()
        if text:
            return str(text)
        assert time.monotonic() < deadline, f"{selector} stayed empty"
        time.sleep(0.05)


def open_link(pg: Any, served: Served, tmpl_id: str) -> Any:
    pg.goto(f"{served.base}/a/{served.appid}?query={quote('tmpl=' + tmpl_id, safe='')}")
    return mini_program(pg, "#authorize")


def close(pg: Any) -> None:
    """Close the mini program with its capsule button: the shell's view under it comes back."""
    pg.locator(".om-capsule-close").click()
    pg.locator("#app").wait_for(state="hidden")


def test_consent_prompts_subscriptions_and_the_inbox(page: Any, served: Served) -> None:
    access_token = served.token()
    added = served.call("/wxaapi/newtmpl/addtemplate", access_token, {"tid": 1001, "kidList": [1, 2]})
    tmpl_id = str(added["priTmplId"])

    page.goto(f"{served.base}/")
    # the session must exist before the next navigation, which would cancel the request making it
    with page.expect_response("**/api/shell/guest"):
        page.get_by_role("button", name="Continue as guest").click()
    frame = open_link(page, served, tmpl_id)
    prompt = page.locator(".om-consent")

    # asked, with app.json's reason and declared private-info API; refused
    frame.click("#authorize")
    prompt.get_by_text("查找附近的门店").wait_for()
    assert "getLocation" in prompt.inner_text()
    prompt.get_by_role("button", name="拒绝").click()
    assert answer(frame, 1) == "authorize:fail auth deny"
    # a refusal is not asked again
    frame.click("#authorize")
    assert answer(frame, 2) == "authorize:fail auth deny"
    assert prompt.count() == 0

    # revoked in the shell's settings page...
    close(page)
    page.get_by_role("button", name="Settings of Consent").click()
    page.get_by_text("Precise location: refused").wait_for()
    page.get_by_role("button", name="Revoke: Precise location").click()
    page.get_by_text("No permissions granted yet").wait_for()

    # ...so it is asked again
    frame = open_link(page, served, tmpl_id)
    frame.click("#authorize")
    prompt.get_by_role("button", name="允许").click()
    assert answer(frame, 1) == "authorize:ok"

    # subscriptions: only during a tap, then the host's prompt
    frame.click("#late")
    assert answer(frame, 2) == TAP_ONLY
    frame.click("#subscribe")
    prompt.get_by_text("Order shipped").wait_for()
    prompt.get_by_role("button", name="允许").click()
    assert answer(frame, 3) == "requestSubscribeMessage:ok accept"

    # the backend sends one message for the one accepted subscription
    login = {"appid": served.appid, "secret": served.secret, "js_code": shown(frame, "#code")}
    session = requests.get(served.base + "/sns/jscode2session", params={**login, "grant_type": "authorization_code"})
    openid = session.json()["openid"]
    data = {"character_string1": {"value": "SO7"}, "thing2": {"value": "Coffee beans"}}
    message = {"touser": openid, "template_id": tmpl_id, "page": "pages/order/order?id=7", "data": data}
    assert served.call("/cgi-bin/message/subscribe/send", access_token, message)["errcode"] == 0
    again = served.call("/cgi-bin/message/subscribe/send", access_token, message)
    assert again["errcode"] == Code.SUBSCRIPTION_REFUSED

    # the inbox shows it, and opening it opens the mini program at its page
    close(page)
    page.get_by_role("button", name="Messages, 1 unread").click()
    page.get_by_role("button", name="Order shipped").click()
    assert shown(mini_program(page, "#order"), "#order") == "order 7"
    close(page)
    page.get_by_text("Consent · Order number: SO7 · Item: Coffee beans", exact=True).wait_for()  # read now
    page.locator("#inbox-back").click()
    page.get_by_role("button", name="Messages", exact=True).wait_for()
