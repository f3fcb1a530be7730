"""The real client: the unmodified `wechatpy` package, pointed at a live `openmini serve` by a
transport adapter on its HTTP session, logs a user in, sends subscription messages and makes
mini program codes the way a developer's backend does.

A fixture mini program (fixtures/identity_app) runs in headless Chromium, opened through the
shell as a guest: `wx.login` gives a code, `wx.getUserProfile` after a tap gives signed and
encrypted open data, the getPhoneNumber button gives a phone code, the subscribe button asks for
a subscription. wechatpy fetches a token, exchanges the code, checks the signature and decrypts
the data with its own helpers, sends a message per accepted subscription, and fetches a code
image that zbarimg decodes back to the mini program's link.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from examples_support import chromium_page
from requests import PreparedRequest, Response
from requests.adapters import HTTPAdapter
from wechatpy import WeChatClient
from wechatpy.crypto import WeChatWxaCrypto
from wechatpy.exceptions import WeChatClientException
from wechatpy.utils import check_wxa_signature

from openmini.settings import Settings
from support.live_server import free_port, local_url, release_folder, serve_platform

FIXTURE = Path(__file__).parent / "fixtures" / "identity_app"
WECHAT = "https://api.weixin.qq.com"
TIMEOUT_S = 20.0
NOT_BLANK = re.compile(r"\S")
# Library template 1001 "Order shipped" with its keywords 1 (character_string) and 2 (thing).
ORDER_SHIPPED = {"tid": 1001, "kidList": [1, 2], "sceneDesc": "order shipping"}


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



@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    # The public URL is the server's own: codes carry it, so a decoded code leads back to this server.
    public_url = local_url(free_port())
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("serve"), public_url=public_url, secret_key="test", review_screenshots=False
    )
    with serve_platform(settings) as base:
        appid, secret = asyncio.run(release_folder(settings, FIXTURE, "Identity"))
        yield Served(base, appid, secret)


@pytest.fixture
def page() -> Iterator[Any]:
    with chromium_page(TIMEOUT_S) as pg:
        yield pg


def open_as_guest(pg: Any, served: Served, query: str = "") -> Any:
    """Open the mini program's link (with the page's ``query``) as a guest; its page frame, once rendered."""
    link = f"{served.base}/a/{served.appid}" + (f"?query={quote(query, safe='')}" if query else "")
    pg.goto(link)
    pg.get_by_role("button", name="Continue as guest").click()
    frame = pg.frame_locator("iframe.om-page").last
    frame.locator("#login").wait_for()
    return frame


def shown(frame: Any, element_id: str) -> str:
    """The text the page shows in ``#element_id``, once it shows any."""
    return str(frame.locator(f"#{element_id}").filter(has_text=NOT_BLANK).inner_text()).strip()


def test_wechatpy_fetches_a_token(served: Served) -> None:
    client = served.client()
    answer = client.fetch_access_token()
    assert answer["expires_in"] == 7200 and client.access_token == answer["access_token"]


def test_wechatpy_logs_in_a_user_of_a_mini_program_in_the_browser(page: Any, served: Served) -> None:
    frame = open_as_guest(page, served)
    assert shown(frame, "early") == "getUserProfile:fail can only be invoked by user TAP gesture."
    frame.locator("#login").click()
    code = shown(frame, "code")
    assert len(code) == 32, code
    assert shown(frame, "session") == "valid"

    client = served.client()
    session = client.wxa.code_to_session(code)
    assert {"openid", "session_key", "unionid"} <= set(session)
    with pytest.raises(WeChatClientException) as reused:
        client.wxa.code_to_session(code)
    assert reused.value.errcode == 40029

    frame.locator("#profile").click()
    page.locator(".om-modal").get_by_text("to greet you by name").wait_for()
    page.locator(".om-modal-cancel").click()
    assert shown(frame, "raw") == "getUserProfile:fail auth deny"
    frame.locator("#profile").click()
    page.locator(".om-modal").get_by_text("to greet you by name").wait_for()
    page.locator(".om-modal-confirm").click()
    encrypted = shown(frame, "encrypted")
    raw, signature, iv = shown(frame, "raw"), shown(frame, "signature"), shown(frame, "iv")
    check_wxa_signature(session["session_key"], raw, signature)
    user = WeChatWxaCrypto(session["session_key"], iv, served.appid).decrypt_message(encrypted)
    assert user["openId"] == session["openid"] and user["unionId"] == session["unionid"]
    assert user["nickName"] == "Guest" and user["watermark"]["appid"] == served.appid


def test_a_phone_number_the_user_shares_reaches_the_backend(page: Any, served: Served) -> None:
    frame = open_as_guest(page, served)
    frame.locator("#phone").click()
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


def test_wechatpy_sends_one_subscription_message_per_consent(page: Any, served: Served) -> None:
    client = served.client()
    # wechatpy's add_template is the retired template-message route; its generic post reaches newtmpl
    tmpl_id = str(client.post(f"{WECHAT}/wxaapi/newtmpl/addtemplate", data=ORDER_SHIPPED)["priTmplId"])
    frame = open_as_guest(page, served, f"tmpl={tmpl_id}")
    frame.locator("#login").click()
    openid = client.wxa.code_to_session(shown(frame, "code"))["openid"]

    frame.locator("#subscribe").click()
    prompt = page.locator(".om-consent")
    prompt.get_by_text("Order shipped").wait_for()
    prompt.get_by_role("button", name="允许").click()
    assert shown(frame, "subscribed") == "requestSubscribeMessage:ok accept"

    # wechatpy posts UTF-8 JSON as is (ensure_ascii=False), with no Content-Type
    data = {"character_string1": {"value": "SO7"}, "thing2": {"value": "咖啡豆"}}
    sent = client.wxa.send_subscribe_message(openid, tmpl_id, data, page="pages/index/index?from=message")
    assert sent["errcode"] == 0
    with pytest.raises(WeChatClientException) as again:
        client.wxa.send_subscribe_message(openid, tmpl_id, data, page="pages/index/index?from=message")
    assert again.value.errcode == 43101  # the one subscription is spent

    inbox = page.request.get(f"{served.base}/api/shell/inbox").json()
    assert inbox["unread"] == 1
    [message] = inbox["items"]
    assert message["appid"] == served.appid and message["title"] == "Order shipped"
    assert message["fields"] == [{"name": "Order number", "value": "SO7"}, {"name": "Item", "value": "咖啡豆"}]
    assert (message["path"], message["query"]) == ("pages/index/index", "from=message")


def test_wechatpy_fetches_a_mini_program_code_that_decodes_to_the_link(served: Served, tmp_path: Path) -> None:
    client = served.client()
    # wechatpy answers the raw response when the body is not JSON: here the image
    image = client.wxa.get_wxa_code_unlimited(scene="item=7&from=qr", page="pages/index/index")
    assert isinstance(image, Response) and image.headers["Content-Type"] == "image/png"
    png = tmp_path / "code.png"
    png.write_bytes(image.content)
    decoded = subprocess.run(["zbarimg", "--raw", "-q", str(png)], check=True, capture_output=True, text=True)
    link = decoded.stdout.strip()
    assert link == f"{served.base}/a/{served.appid}?path=pages/index/index&scene=item%3D7%26from%3Dqr&via=code"
    assert parse_qs(urlsplit(link).query)["scene"] == ["item=7&from=qr"]

    with pytest.raises(WeChatClientException) as refused:
        client.wxa.get_wxa_code_unlimited(scene="item 7", page="pages/index/index")
    assert refused.value.errcode == 40129  # a space is not among the characters a scene may use
