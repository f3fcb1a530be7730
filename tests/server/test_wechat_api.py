"""WeChat's credential and login calls (server/wechat_api.py) and the host's identity calls
(server/identity_api.py): shapes, errcodes, and the whole login flow over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest
from wechatpy.crypto import WeChatWxaCrypto
from wechatpy.utils import check_wxa_signature

from openmini.platform import accounts, apps, open_data
from openmini.platform.errors import Code
from openmini.server.app import create_platform_app
from openmini.server.state import PlatformState
from openmini.settings import Settings
from openmini.store.database import open_database

pytestmark = pytest.mark.anyio


@dataclass(frozen=True)
class Credentials:
    appid: str
    secret: str


@dataclass
class Api:
    """The platform app over a fresh database: "shop" and "games" of one organisation, "rival" of another."""

    client: httpx2.AsyncClient
    shop: Credentials
    games: Credentials
    rival: Credentials

    async def get(self, path: str, **params: Any) -> dict[str, Any]:
        response = await self.client.get(path, params=params)
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    async def post(self, path: str, body: Any = None, **params: Any) -> dict[str, Any]:
        response = await self.client.post(path, params=params, json=body)
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    async def token(self, app: Credentials | None = None) -> str:
        app = app or self.shop
        answer = await self.get("/cgi-bin/token", grant_type="client_credential", appid=app.appid, secret=app.secret)
        token: str = answer["access_token"]
        return token

    async def wx_login(self, app: Credentials | None = None) -> str:
        """What wx.login does: the host asks for a code for the session's end user."""
        code: str = (await self.post("/api/identity/login", appid=(app or self.shop).appid))["code"]
        return code

    async def code2session(self, code: str, app: Credentials | None = None, **extra: str) -> dict[str, Any]:
        app = app or self.shop
        params = {"appid": app.appid, "secret": app.secret, "js_code": code, "grant_type": "authorization_code"}
        return await self.get("/sns/jscode2session", **{**params, **extra})


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    settings = Settings(data_dir=tmp_path, secret_key="test-secret", review_screenshots=False)
    db = await open_database(settings.database_url)
    try:
        async with db.session() as s:
            admin = accounts.actor_for(await accounts.register(s, "admin@acme.example", "correct horse battery"))
            org = await accounts.create_organisation(s, admin, "Acme")
            other = await accounts.create_organisation(s, admin, "Rival")
            created = [
                await apps.create_app(s, admin, org_id, name)
                for org_id, name in ((org.id, "Shop"), (org.id, "Games"), (other.id, "Rival"))
            ]
    finally:
        await db.dispose()
    shop, games, rival = (Credentials(app.appid, secret) for app, secret in created)
    application = create_platform_app(settings)
    state: PlatformState = application.state.platform
    transport = httpx2.ASGITransport(app=application)
    async with httpx2.AsyncClient(transport=transport, base_url="http://testserver") as client:
        assert (await client.post("/api/shell/guest")).status_code == 200
        yield Api(client, shop, games, rival)
    await state.db.dispose()


def errcode(answer: dict[str, Any]) -> int:
    assert isinstance(answer.get("errmsg"), str), answer
    code: int = answer["errcode"]
    return code


# --- tokens -------------------------------------------------------------------------------------


async def test_token_answers_wechats_shape(api: Api) -> None:
    answer = await api.get(
        "/cgi-bin/token", grant_type="client_credential", appid=api.shop.appid, secret=api.shop.secret
    )
    assert set(answer) == {"access_token", "expires_in"} and answer["expires_in"] == 7200
    assert answer["access_token"] != await api.token()


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"grant_type": "client_credential", "secret": "s"}, Code.MISSING_APPID),
        ({"grant_type": "client_credential", "appid": "SHOP"}, Code.MISSING_SECRET),
        ({"grant_type": "password", "appid": "SHOP", "secret": "SECRET"}, Code.INVALID_GRANT_TYPE),
        ({"grant_type": "client_credential", "appid": "om0000000000000000", "secret": "s"}, Code.INVALID_APPID),
        ({"grant_type": "client_credential", "appid": "SHOP", "secret": "0" * 32}, Code.INVALID_CREDENTIAL),
    ],
)
async def test_token_refusals(api: Api, params: dict[str, str], code: Code) -> None:
    filled = {k: v.replace("SHOP", api.shop.appid).replace("SECRET", api.shop.secret) for k, v in params.items()}
    assert errcode(await api.get("/cgi-bin/token", **filled)) == code


async def test_stable_token_is_reused_and_force_refresh_is_limited(api: Api) -> None:
    body = {"grant_type": "client_credential", "appid": api.shop.appid, "secret": api.shop.secret}
    first = await api.post("/cgi-bin/stable_token", body)
    assert set(first) == {"access_token", "expires_in"}
    assert (await api.post("/cgi-bin/stable_token", body))["access_token"] == first["access_token"]
    forced = await api.post("/cgi-bin/stable_token", {**body, "force_refresh": True})
    assert forced["access_token"] != first["access_token"] and forced["expires_in"] == 7200
    assert errcode(await api.post("/cgi-bin/stable_token", {**body, "force_refresh": True})) == Code.FREQUENCY_LIMIT
    expired = await api.get("/wxa/checksession", access_token=first["access_token"])
    assert errcode(expired) == Code.ACCESS_TOKEN_EXPIRED
    # WeChat's clients often post JSON without a Content-Type.
    bare = await api.client.post("/cgi-bin/stable_token", content=httpx2.Request("POST", "/", json=body).content)
    assert bare.json()["access_token"] == forced["access_token"]


async def test_stable_token_refusals(api: Api) -> None:
    assert errcode(await api.post("/cgi-bin/stable_token")) == Code.EMPTY_POST_DATA
    broken = await api.client.post(
        "/cgi-bin/stable_token", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert errcode(broken.json()) == Code.DATA_FORMAT_ERROR
    wrong = {"grant_type": "client_credential", "appid": api.shop.appid, "secret": api.games.secret}
    assert errcode(await api.post("/cgi-bin/stable_token", wrong)) == Code.INVALID_CREDENTIAL


@pytest.mark.parametrize(
    ("token", "code"),
    [("", Code.MISSING_CREDENTIAL), ("short", Code.INVALID_ACCESS_TOKEN), ("A" * 86, Code.INVALID_CREDENTIAL)],
)
async def test_calls_check_the_access_token(api: Api, token: str, code: Code) -> None:
    params = {"access_token": token} if token else {}
    assert (
        errcode(await api.get("/wxa/checksession", openid="o", signature="s", sig_method="hmac_sha256", **params))
        == code
    )
    phone = await api.post("/wxa/business/getuserphonenumber", {"code": "c"}, **params)
    assert errcode(phone) == code


# --- login --------------------------------------------------------------------------------------


async def test_a_login_code_exchanges_once_for_pairwise_ids(api: Api) -> None:
    code = await api.wx_login()
    # wechatpy sends its access_token along; code2Session does not need one and ignores it.
    session = await api.code2session(code, access_token=await api.token())
    assert set(session) == {"openid", "session_key", "unionid"}
    assert errcode(await api.code2session(code)) == Code.INVALID_CODE
    in_games = await api.code2session(await api.wx_login(api.games), api.games)
    at_rival = await api.code2session(await api.wx_login(api.rival), api.rival)
    assert in_games["openid"] != session["openid"] and in_games["unionid"] == session["unionid"]
    assert at_rival["unionid"] != session["unionid"]


async def test_code2session_refusals(api: Api) -> None:
    code = await api.wx_login()
    assert errcode(await api.code2session(code, api.games)) == Code.INVALID_CODE  # another mini program's code
    assert errcode(await api.code2session("")) == Code.MISSING_CODE
    assert errcode(await api.code2session(code, grant_type="client_credential")) == Code.INVALID_GRANT_TYPE
    assert errcode(await api.code2session(code, secret=api.games.secret)) == Code.INVALID_CREDENTIAL
    assert "openid" in await api.code2session(code)  # none of the refusals used the code up


async def test_checksession_and_resetusersessionkey(api: Api) -> None:
    session = await api.code2session(await api.wx_login())
    token = await api.token()
    signed = {"openid": session["openid"], "sig_method": "hmac_sha256", "access_token": token}
    old = open_data.login_state_signature(session["session_key"])
    assert await api.get("/wxa/checksession", signature=old, **signed) == {"errcode": 0, "errmsg": "ok"}
    assert errcode(await api.get("/wxa/checksession", signature="0" * 64, **signed)) == Code.INVALID_SIGNATURE
    assert errcode(await api.get("/wxa/checksession", signature=old, **{**signed, "sig_method": "md5"})) == (
        Code.INVALID_SIG_METHOD
    )
    assert errcode(await api.get("/wxa/checksession", signature=old, **{**signed, "openid": "oX"})) == (
        Code.INVALID_OPENID
    )
    # Another mini program's token does not see this user.
    rival_token = {**signed, "access_token": await api.token(api.games)}
    assert errcode(await api.get("/wxa/checksession", signature=old, **rival_token)) == Code.INVALID_OPENID

    reset = await api.get("/wxa/resetusersessionkey", signature=old, **signed)
    assert reset["errcode"] == 0 and reset["openid"] == session["openid"]
    assert reset["session_key"] != session["session_key"]
    assert errcode(await api.get("/wxa/checksession", signature=old, **signed)) == Code.INVALID_SIGNATURE
    new = open_data.login_state_signature(reset["session_key"])
    assert errcode(await api.get("/wxa/checksession", signature=new, **signed)) == 0
    assert (await api.client.get("/api/identity/session", params={"appid": api.shop.appid})).json() == {"valid": True}


async def test_open_data_for_the_mini_program_verifies_with_the_session_key(api: Api) -> None:
    session = await api.code2session(await api.wx_login())
    answer = await api.post("/api/identity/userinfo", {"anonymous": False, "lang": "zh_CN"}, appid=api.shop.appid)
    assert set(answer) == {"userInfo", "rawData", "signature", "encryptedData", "iv"}
    assert session["session_key"] not in str(answer)
    check_wxa_signature(session["session_key"], answer["rawData"], answer["signature"])
    private = WeChatWxaCrypto(session["session_key"], answer["iv"], api.shop.appid).decrypt_message(
        answer["encryptedData"]
    )
    assert private["openId"] == session["openid"] and private["watermark"]["appid"] == api.shop.appid
    assert private["nickName"] == answer["userInfo"]["nickName"] == "Guest"


# --- phone number -------------------------------------------------------------------------------


async def test_a_shared_phone_number_reaches_the_backend_once(api: Api) -> None:
    session = await api.code2session(await api.wx_login())
    none = await api.client.post("/api/identity/phone-code", params={"appid": api.shop.appid})
    assert errcode(none.json()) == Code.NOT_FOUND
    kept = await api.client.put("/api/identity/phone", json={"countryCode": "86", "number": "13800138000"})
    assert kept.json() == {"phone": {"countryCode": "86", "number": "13800138000"}}
    prompt = await api.get("/api/identity/prompt", appid=api.shop.appid)
    assert prompt["name"] == "Shop" and prompt["phone"] == {"countryCode": "86", "number": "13800138000"}
    code = (await api.post("/api/identity/phone-code", appid=api.shop.appid))["code"]
    token = await api.token()
    wrong_user = await api.post("/wxa/business/getuserphonenumber", {"code": code, "openid": "oX"}, access_token=token)
    assert errcode(wrong_user) == Code.INVALID_CODE
    answer = await api.post(
        "/wxa/business/getuserphonenumber", {"code": code, "openid": session["openid"]}, access_token=token
    )
    info = answer.pop("phone_info")
    assert answer == {"errcode": 0, "errmsg": "ok"}
    assert info["phoneNumber"] == info["purePhoneNumber"] == "13800138000" and info["countryCode"] == 86
    assert info["watermark"]["appid"] == api.shop.appid and isinstance(info["watermark"]["timestamp"], int)
    again = await api.post("/wxa/business/getuserphonenumber", {"code": code}, access_token=token)
    assert errcode(again) == Code.INVALID_CODE
    assert errcode(await api.post("/wxa/business/getuserphonenumber", {}, access_token=token)) == Code.MISSING_CODE


async def test_identity_calls_need_a_session(tmp_path: Path, api: Api) -> None:
    api.client.cookies.clear()
    for method, path in (
        ("POST", "/api/identity/login"),
        ("GET", "/api/identity/session"),
        ("GET", "/api/identity/phone"),
    ):
        response = await api.client.request(method, path, params={"appid": api.shop.appid})
        assert response.status_code == 401 and errcode(response.json()) == Code.MISSING_CREDENTIAL
