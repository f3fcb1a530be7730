"""WeChat's credential and login calls for developers' backends (platform-apis.md §1.1–1.3), at WeChat's
paths with WeChat's parameters and answers, so existing SDKs (wechatpy) work by pointing their HTTP
session at this server.

Every answer is HTTP 200; a refusal is ``{"errcode", "errmsg"}``. Token problems answer 41001
(missing), 40014 (malformed), 42001 (expired or replaced) and 40001 (unknown): on the last three
wechatpy fetches a new token and retries once. wechatpy adds ``access_token`` to the query of every
call, code2Session included; calls that do not need it ignore it.

Open API routes elsewhere take the calling mini program from :func:`access_token_app`. The app adds
``router`` with ``server.wechat_routes.include_wechat_routers``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from openmini.platform import access_tokens, apps, identity
from openmini.platform.apps import App
from openmini.platform.errors import Code, PlatformError
from openmini.server.open_api import NO_NUL, WeChatResult, WeChatRoute
from openmini.server.state import PlatformState, platform_state
from openmini.store.database import utcnow

CLIENT_CREDENTIAL = "client_credential"
AUTHORIZATION_CODE = "authorization_code"
TEXT = 128  # longer than any appid, secret, code or openid the platform issues

router = APIRouter(
    route_class=WeChatRoute,
    # WeChat's clients often post JSON without a Content-Type; WeChat reads it as JSON.
    strict_content_type=False,
    responses={200: {"description": "the answer on success; otherwise the errcode and errmsg of the refusal"}},
)
TAG = "WeChat credentials and login"


async def access_token_app(
    state: Annotated[PlatformState, Depends(platform_state)],
    access_token: Annotated[str, Query(description="From `/cgi-bin/token` or `/cgi-bin/stable_token`.")] = "",
) -> App:
    """The mini program whose ``access_token`` the call carries (a FastAPI dependency for open API routes).

    41001 missing, 40014 malformed, 42001 expired or replaced, 40001 unknown.
    """
    async with state.db.session(read_only=True) as session:
        return await access_tokens.app_for_token(session, access_token)


TokenApp = Annotated[App, Depends(access_token_app)]
Text = Annotated[str, Query(max_length=TEXT, pattern=NO_NUL)]


async def _verified(state: PlatformState, grant_type: str, wanted: str, appid: str, secret: str) -> App:
    if not appid:
        raise PlatformError(Code.MISSING_APPID, "appid missing")
    if not secret:
        raise PlatformError(Code.MISSING_SECRET, "missing secret")
    if grant_type != wanted:
        raise PlatformError(Code.INVALID_GRANT_TYPE, f"invalid grant_type, expected {wanted}")
    async with state.db.session(read_only=True) as session:
        return await apps.verify_secret(session, appid, secret)


# --- access tokens ------------------------------------------------------------------------------


class AccessTokenResult(BaseModel):
    access_token: str
    expires_in: int = Field(description="Seconds the token stays valid.")


@router.get("/cgi-bin/token", tags=[TAG], response_model=AccessTokenResult | WeChatResult, summary="getAccessToken")
async def get_token(
    state: Annotated[PlatformState, Depends(platform_state)],
    grant_type: Text = "",
    appid: Text = "",
    secret: Text = "",
) -> AccessTokenResult:
    """A new token valid 7200 s; tokens issued before end within 5 minutes. Errors: 41002, 41004,
    40002 (grant_type is not client_credential), 40013 (appid), 40001 (secret)."""
    app = await _verified(state, grant_type, CLIENT_CREDENTIAL, appid, secret)
    async with state.db.session() as session:
        issued = await access_tokens.issue_token(session, app)
    return AccessTokenResult(access_token=issued.access_token, expires_in=issued.expires_in)


class StableTokenBody(BaseModel):
    grant_type: str = Field("", max_length=TEXT)
    appid: str = Field("", max_length=TEXT, pattern=NO_NUL)
    secret: str = Field("", max_length=TEXT)
    force_refresh: bool = False


@router.post(
    "/cgi-bin/stable_token",
    tags=[TAG],
    response_model=AccessTokenResult | WeChatResult,
    summary="getStableAccessToken",
)
async def post_stable_token(
    state: Annotated[PlatformState, Depends(platform_state)], body: StableTokenBody
) -> AccessTokenResult:
    """The same token while it has more than 5 minutes left, then the next one; apart from
    `/cgi-bin/token`'s. ``force_refresh`` ends the current one at once. Errors: as `/cgi-bin/token`,
    and 45009 (more than 20 forced refreshes a day), 45011 (forced refreshes less than 30 s apart)."""
    app = await _verified(state, body.grant_type, CLIENT_CREDENTIAL, body.appid, body.secret)
    async with state.db.session() as session:
        issued = await access_tokens.stable_token(session, app, body.secret, force_refresh=body.force_refresh)
    return AccessTokenResult(access_token=issued.access_token, expires_in=issued.expires_in)


# --- login --------------------------------------------------------------------------------------


class SessionResult(BaseModel):
    openid: str
    session_key: str
    unionid: str = Field(description="The same for every mini program of the organisation.")


@router.get("/sns/jscode2session", tags=[TAG], response_model=SessionResult | WeChatResult, summary="code2Session")
async def jscode2session(
    state: Annotated[PlatformState, Depends(platform_state)],
    appid: Text = "",
    secret: Text = "",
    js_code: Text = "",
    grant_type: Text = "",
) -> SessionResult:
    """Exchange a ``wx.login`` code (single use, 5 minutes, of this appid). Errors: 41002, 41004,
    41008 (js_code missing), 40002 (grant_type is not authorization_code), 40013, 40001, 40029."""
    app = await _verified(state, grant_type, AUTHORIZATION_CODE, appid, secret)
    if not js_code:
        raise PlatformError(Code.MISSING_CODE, "missing code")
    async with state.db.session() as session:
        login = await identity.code_to_session(session, app, js_code)
    return SessionResult(openid=login.openid, session_key=login.session_key, unionid=login.unionid)


SignatureQuery = Annotated[str, Query(max_length=TEXT, description="hex HMAC-SHA256 of '' with the session_key")]
SigMethodQuery = Annotated[str, Query(max_length=TEXT, description="must be hmac_sha256")]


@router.get("/wxa/checksession", tags=[TAG], response_model=WeChatResult, summary="checkSessionKey")
async def checksession(
    app: TokenApp,
    state: Annotated[PlatformState, Depends(platform_state)],
    openid: Text = "",
    signature: SignatureQuery = "",
    sig_method: SigMethodQuery = "",
) -> WeChatResult:
    """Whether the backend's session_key is the user's current one. Errors: 87008 (sig_method),
    40003 (openid), 87009 (the signature does not match: the key changed or expired)."""
    async with state.db.session(read_only=True) as session:
        await identity.check_login_state(session, app, openid, signature, sig_method)
    return WeChatResult()


class ResetSessionKeyResult(WeChatResult):
    openid: str
    session_key: str


@router.get(
    "/wxa/resetusersessionkey",
    tags=[TAG],
    response_model=ResetSessionKeyResult | WeChatResult,
    summary="ResetUserSessionKey",
)
async def resetusersessionkey(
    app: TokenApp,
    state: Annotated[PlatformState, Depends(platform_state)],
    openid: Text = "",
    signature: SignatureQuery = "",
    sig_method: SigMethodQuery = "",
) -> ResetSessionKeyResult:
    """A new session_key, signed for with the current one; it keeps the current one's expiry.
    Errors: as checksession."""
    async with state.db.session() as session:
        user = await identity.reset_session_key(session, app, openid, signature, sig_method)
        assert user.session_key is not None
    return ResetSessionKeyResult(openid=user.openid, session_key=user.session_key)


# --- phone number -------------------------------------------------------------------------------


class PhoneNumberBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    code: str = Field("", max_length=TEXT, description="From the `bindgetphonenumber` event of the button.")
    openid: str | None = Field(None, max_length=TEXT, pattern=NO_NUL, description="Refuse a code of another user.")


class Watermark(BaseModel):
    timestamp: int
    appid: str


class PhoneInfo(BaseModel):
    phoneNumber: str = Field(description="With its country code unless it is a Chinese (86) number.")
    purePhoneNumber: str
    countryCode: int
    watermark: Watermark


class PhoneNumberResult(WeChatResult):
    phone_info: PhoneInfo


@router.post(
    "/wxa/business/getuserphonenumber",
    tags=[TAG],
    response_model=PhoneNumberResult | WeChatResult,
    summary="getPhoneNumber",
)
async def getuserphonenumber(
    app: TokenApp, state: Annotated[PlatformState, Depends(platform_state)], body: PhoneNumberBody
) -> PhoneNumberResult:
    """The number the user chose to share. Errors: 41008 (code missing), 40029 (the code is
    unknown, used, expired, another mini program's, or another user's than ``openid``)."""
    if not body.code:
        raise PlatformError(Code.MISSING_CODE, "missing code")
    async with state.db.session() as session:
        phone = await identity.redeem_phone_code(session, app, body.code, body.openid)
    watermark = Watermark(timestamp=int(utcnow().timestamp()), appid=app.appid)
    info = PhoneInfo(
        phoneNumber=phone.phone_number,
        purePhoneNumber=phone.pure_number,
        countryCode=int(phone.country_code),
        watermark=watermark,
    )
    return PhoneNumberResult(phone_info=info)
