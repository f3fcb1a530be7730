"""The real client: the unmodified `wechatpy` package, pointed at a live `openmini serve` by a
transport adapter on its HTTP session, logs a user in the way a developer's backend does.

A fixture mini program (fixtures/identity_app) runs in headless Chromium, opened through the
shell as a guest: `wx.login` gives a code, `wx.getUserProfile` after a tap gives signed and
encrypted open data, the getPhoneNumber button gives a phone code. wechatpy fetches a token,
exchanges the code, checks the signature and decrypts the data with its own helpers.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from requests import PreparedRequest, Response
from requests.adapters import HTTPAdapter

playwright_sync = pytest.importorskip("playwright.sync_api")

from examples_support import ARGS, CHROMIUM  # noqa: E402
from wechatpy import WeChatClient  # noqa: E402
from wechatpy.crypto import WeChatWxaCrypto  # noqa: E402
from wechatpy.exceptions import WeChatClientException  # noqa: E402
from wechatpy.utils import check_wxa_signature  # noqa: E402

from openmini.platform import accounts, apps, releases, versions  # noqa: E402
from openmini.platform.audit import Actor  # noqa: E402
from openmini.platform.uploads import pack_source, prepare_upload  # noqa: E402
from openmini.server.app import create_platform_app  # noqa: E402
from openmini.settings import Settings  # noqa: E402
from openmini.store.blobs import open_blob_store  # noqa: E402
from openmini.store.database import open_database  # noqa: E402
from support.open_api import live_server  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "identity_app"
WECHAT = "https://api.weixin.qq.com"
TIMEOUT_S = 20.0


class ToServer(HTTPAdapter):
    """Sends what wechatpy addresses to WeChat's API host to ``base`` instead, path and query kept."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base

    def send(self, request: PreparedRequest, *args: Any, **kwargs: Any) -> Response:
        assert request.url is not None and request.url.startswith(WECHAT + "/")
        request.url = self.base + request.url[len(WECHAT) :]
        return super().send(request, *args, **kwargs)


@dataclass(frozen=True)
class Served:
    base: str
    appid: str
    secret: str

    def client(self) -> WeChatClient:
        client = WeChatClient(self.appid, self.secret)
        client._http.mount(WECHAT + "/", ToServer(self.base))
        return client


async def publish(settings: Settings) -> tuple[str, str]:
    """Release the fixture as a mini program of its own organisation; returns its appid and appsecret."""
    db = await open_database(settings.database_url)
    blobs = open_blob_store(settings.blob_url)
    prepared = prepare_upload(pack_source(FIXTURE))
    operator = Actor.system()
    try:
        async with db.session() as s:
            org = await accounts.create_organisation(s, operator, "Identity test")
            app, secret = await apps.create_app(s, operator, org.id, "Identity")
            version = await versions.create_version(
                s, blobs, operator, app, prepared.package, prepared.source_archive, user_version="1.0.0"
            )
            await versions.submit_audit(s, operator, app, version.id)
            await versions.approve(s, operator, app, version.id)
            await releases.release(s, operator, app, version.id)
            return app.appid, secret
    finally:
        await db.dispose()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("serve"), secret_key="test", review_screenshots=False)
    with live_server(create_platform_app(settings, on_first_run=lambda _: None)) as base:
        appid, secret = asyncio.run(publish(settings))
        yield Served(base, appid, secret)


@pytest.fixture
def page(served: Served) -> Iterator[Any]:
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pg = browser.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(f"{served.base}/a/{served.appid}")
        pg.get_by_role("button", name="Continue as guest").click()
        yield pg
        browser.close()
        assert errors == []


def mini_program(pg: Any) -> Any:
    """The page frame of the mini program, once its page rendered."""
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        frames = pg.query_selector_all("iframe.om-page")
        frame = frames[-1].content_frame() if frames else None
        if frame is not None and frame.query_selector("#login") is not None:
            return frame
        assert time.monotonic() < deadline, "the mini program did not render"
        time.sleep(0.1)


def shown(frame: Any, element_id: str) -> str:
    """The text the page shows in ``#element_id``, once it shows any."""
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        text = (frame.text_content(f"#{element_id}") or "").strip()
        if text:
            return str(text)
        assert time.monotonic() < deadline, f"#{element_id} stayed empty"
        time.sleep(0.05)


def test_wechatpy_fetches_a_token(served: Served) -> None:
    client = served.client()
    answer = client.fetch_access_token()
    assert answer["expires_in"] == 7200 and client.access_token == answer["access_token"]


def test_wechatpy_logs_in_a_user_of_a_mini_program_in_the_browser(page: Any, served: Served) -> None:
    frame = mini_program(page)
    assert shown(frame, "early") == "getUserProfile:fail can only be invoked by user TAP gesture."
    frame.click("#login")
    code = shown(frame, "code")
    assert len(code) == 32, code
    assert shown(frame, "session") == "valid"

    client = served.client()
    session = client.wxa.code_to_session(code)
    assert {"openid", "session_key", "unionid"} <= set(session)
    with pytest.raises(WeChatClientException) as reused:
        client.wxa.code_to_session(code)
    assert reused.value.errcode == 40029

    frame.click("#profile")
    page.locator(".om-modal").get_by_text("to greet you by name").wait_for()
    page.locator(".om-modal-cancel").click()
    assert shown(frame, "raw") == "getUserProfile:fail auth deny"
    frame.click("#profile")
    page.locator(".om-modal").get_by_text("to greet you by name").wait_for()
    page.locator(".om-modal-confirm").click()
    encrypted = shown(frame, "encrypted")
    raw, signature, iv = shown(frame, "raw"), shown(frame, "signature"), shown(frame, "iv")
    check_wxa_signature(session["session_key"], raw, signature)
    user = WeChatWxaCrypto(session["session_key"], iv, served.appid).decrypt_message(encrypted)
    assert user["openId"] == session["openid"] and user["unionId"] == session["unionid"]
    assert user["nickName"] == "Guest" and user["watermark"]["appid"] == served.appid


def test_a_phone_number_the_user_shares_reaches_the_backend(page: Any, served: Served) -> None:
    frame = mini_program(page)
    frame.click("#phone")
    page.locator(".om-modal-input").fill("+86 138 0013 8000")
    page.locator(".om-modal-confirm").click()
    code = shown(frame, "phone-code")
    client = served.client()
    answer = client.post(f"{WECHAT}/wxa/business/getuserphonenumber", data={"code": code})
    assert answer["phone_info"]["purePhoneNumber"] == "13800138000"
    assert answer["phone_info"]["watermark"]["appid"] == served.appid
    with pytest.raises(WeChatClientException) as reused:
        client.post(f"{WECHAT}/wxa/business/getuserphonenumber", data={"code": code})
    assert reused.value.errcode == 40029
