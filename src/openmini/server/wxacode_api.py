"""Entry points for developers' backends: mini program codes (QR), URL Schemes and URL Links, at
WeChat's paths with WeChat's parameters and errcodes (platform-apis.md §1.5–1.7), and the short
``/l/{token}`` path those links open.

Every code and link leads to the mini program's stable link (:mod:`openmini.platform.links`), so it
opens the same way a link from the console does: a code with a ``scene`` is launch scene 1047 and
hands ``query.scene`` to the page, a plain QR code 1011, a URL Scheme or Link 1194. Codes are PNG
images on success and JSON errors otherwise, both HTTP 200 (WeChat answers JPEG; clients such as
wechatpy only tell JSON from not-JSON). ``auto_color`` has no logo to take a colour from, so codes
stay ``line_color`` (black by default). ``msg_sec_check`` refuses with 90201: the platform has no
content filter to judge with, and never answers a pass it did not check.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from starlette.responses import Response

from openmini.platform import links, short_links
from openmini.platform.apps import App
from openmini.platform.errors import Code, PlatformError
from openmini.server.open_api import MAX_ID, NO_NUL, WeChatResult, WeChatRoute
from openmini.server.state import PlatformState, platform_state
from openmini.server.version_pages import env_pages
from openmini.server.wechat_api import TokenApp
from openmini.store.database import utcnow

State = Annotated[PlatformState, Depends(platform_state)]
TAG = "WeChat mini program codes and links"
WXACODE_PATH_MAX = 1024  # bytes: getwxacode
QRCODE_PATH_MAX = 128  # bytes: createwxaqrcode
IMAGE: dict[int | str, dict[str, Any]] = {
    200: {"model": WeChatResult, "content": {"image/png": {}}, "description": "The code as a PNG, or a refusal."}
}

router = APIRouter(
    route_class=WeChatRoute,
    # WeChat's clients often post JSON without a Content-Type; WeChat reads it as JSON.
    strict_content_type=False,
    responses={200: {"description": "the answer on success; otherwise the errcode and errmsg of the refusal"}},
)


class LineColor(BaseModel):
    r: int = Field(default=0, ge=0, le=255)
    g: int = Field(default=0, ge=0, le=255)
    b: int = Field(default=0, ge=0, le=255)


class CodeLook(BaseModel):
    env_version: str = Field(default="release", max_length=16)
    width: int = Field(default=430, ge=-MAX_ID, le=MAX_ID, description="280-1280 pixels.")
    auto_color: bool = False
    line_color: LineColor | None = None
    is_hyaline: bool = Field(default=False, description="A transparent background.")


def _png(state: PlatformState, link: links.AppLink, look: CodeLook) -> Response:
    color = look.line_color or LineColor()
    url = links.link_url(state.settings.public_url, link)
    image = links.qr_png(url, look.width, dark=(color.r, color.g, color.b), transparent=look.is_hyaline)
    return Response(image, media_type="image/png")


class UnlimitedBody(CodeLook):
    scene: str = Field(
        default="", max_length=200, description="At most 32 visible characters; the page gets query.scene."
    )
    page: str = Field(default="", max_length=links.MAX_PAGE, pattern=NO_NUL, description="No leading /, no query.")
    check_path: bool = Field(default=True, description="The page must be in the released version.")


@router.post("/wxa/getwxacodeunlimit", tags=[TAG], response_model=None, responses=IMAGE)
async def getwxacodeunlimit(app: TokenApp, state: State, body: UnlimitedBody) -> Response:
    """A mini program code with a ``scene``. Errors: 40169 (scene length), 40129 (scene characters),
    41030 (page invalid, or not in the released version with ``check_path``), 40097 (env_version, width)."""
    env = links.as_env(body.env_version)
    links.check_scene(body.scene)
    page = body.page or None
    if page is not None:
        links.check_page(page)
    if body.check_path:
        async with state.db.session(read_only=True) as session:
            released = await env_pages(state, session, app, "release")
        if released is None:
            raise PlatformError(links.INVALID_PAGE, "the mini program is not released (pass check_path false)")
        if page is not None:
            links.check_page(page, released)
    link = links.AppLink(app.appid, page, None, body.scene, env, "code")
    return _png(state, link, body)


def _path_link(app: App, path: str, limit: int, env: links.Env, via: links.Via) -> links.AppLink:
    """The link of a ``path`` with an optional query (``pages/a/a?x=1``); 40159 empty or too long."""
    if not path or len(path.encode()) > limit:
        raise PlatformError(Code.WXA_PATH_INVALID, f"invalid length for path: 1-{limit} bytes")
    page, _, query = path.lstrip("/").partition("?")
    return links.AppLink(app.appid, page or None, query or None, None, env, via)


class CodeBody(CodeLook):
    path: str = Field(default="", max_length=4 * WXACODE_PATH_MAX, pattern=NO_NUL)


@router.post("/wxa/getwxacode", tags=[TAG], response_model=None, responses=IMAGE)
async def getwxacode(app: TokenApp, state: State, body: CodeBody) -> Response:
    """A mini program code of ``path`` (may carry a query). Errors: 40159 (path empty or over 1024
    bytes), 41030 (page), 40212 (query), 40097 (env_version, width)."""
    link = _path_link(app, body.path, WXACODE_PATH_MAX, links.as_env(body.env_version), "code")
    return _png(state, link, body)


class QrCodeBody(BaseModel):
    path: str = Field(default="", max_length=4 * QRCODE_PATH_MAX, pattern=NO_NUL)
    width: int = Field(default=430, ge=-MAX_ID, le=MAX_ID)


@router.post("/cgi-bin/wxaapp/createwxaqrcode", tags=[TAG], response_model=None, responses=IMAGE)
async def createwxaqrcode(app: TokenApp, state: State, body: QrCodeBody) -> Response:
    """A square QR code of ``path`` (opened as a QR code scan, scene 1011). Errors: 40159 (path
    empty or over 128 bytes), 41030, 40212, 40097 (width)."""
    link = _path_link(app, body.path, QRCODE_PATH_MAX, "release", "qr")
    return _png(state, link, CodeLook(width=body.width))


# --- URL Scheme and URL Link ----------------------------------------------------------------------


class Expiry(BaseModel):
    expire_type: int = Field(
        default=0, ge=-MAX_ID, le=MAX_ID, description="0: at expire_time; 1: after expire_interval days."
    )
    expire_time: int | None = Field(default=None, ge=-(2**53), le=2**53, description="Unix seconds, within 30 days.")
    expire_interval: int | None = Field(default=None, ge=-MAX_ID, le=MAX_ID, description="Days, 1-30.")
    is_expire: bool = Field(default=True, description="Legacy: every link expires, within 30 days at most.")


class Target(BaseModel):
    path: str = Field(
        default="", max_length=links.MAX_PAGE, pattern=NO_NUL, description="A page; empty opens the home page."
    )
    query: str = Field(default="", max_length=4 * links.MAX_QUERY, pattern=NO_NUL)
    env_version: str = Field(default="release", max_length=16)


async def _short_link(state: PlatformState, app: App, kind: short_links.Kind, target: Target, expiry: Expiry) -> str:
    env = links.as_env(target.env_version)
    page = target.path.lstrip("/") or None
    if target.query:
        links.check_query(target.query)
    expires_at = short_links.expiry(utcnow(), expiry.expire_type, expiry.expire_time, expiry.expire_interval)
    async with state.db.session() as session:
        pages = await env_pages(state, session, app, env)
        if pages is None:
            raise PlatformError(Code.NO_ONLINE_VERSION, f"the mini program has no {env} version")
        if page is not None and page not in pages:
            raise PlatformError(Code.INVALID_WEAPP_PATH, f"invalid path {page!r}: no such page in the {env} version")
        link = links.AppLink(app.appid, page, target.query or None, None, env, "link")
        short = await short_links.create(session, app, kind, link, expires_at)
    return short_links.short_url(state.settings.public_url, short)


class SchemeBody(Expiry):
    jump_wxa: Target = Target()


class SchemeResult(WeChatResult):
    openlink: str = Field(description="Opens the mini program until it expires: a /l/… URL of this platform.")


@router.post("/wxa/generatescheme", tags=[TAG], response_model=SchemeResult | WeChatResult)
async def generatescheme(app: TokenApp, state: State, body: SchemeBody) -> SchemeResult:
    """A URL Scheme. Errors: 85079 (no such version: not released), 40165 (path), 40212 (query),
    85401 (expire_time), 85402 (expire_interval), 40097 (env_version, expire_type)."""
    return SchemeResult(openlink=await _short_link(state, app, "scheme", body.jump_wxa, body))


class UrlLinkBody(Expiry, Target):
    cloud_base: dict[str, str] | None = Field(default=None, description="Not supported: refused with 40097.")


class UrlLinkResult(WeChatResult):
    url_link: str


@router.post("/wxa/generate_urllink", tags=[TAG], response_model=UrlLinkResult | WeChatResult)
async def generate_urllink(app: TokenApp, state: State, body: UrlLinkBody) -> UrlLinkResult:
    """A URL Link; errors as generatescheme."""
    if body.cloud_base is not None:
        raise PlatformError(
            Code.INVALID_ARGS, "cloud_base is not supported: the platform has no static website hosting"
        )
    return UrlLinkResult(url_link=await _short_link(state, app, "urllink", body, body))


link_router = APIRouter()


def _page(status: int, text: str) -> HTMLResponse:
    return HTMLResponse(f"<!doctype html><title>openmini</title><p>{text}</p>", status)


@link_router.get("/l/{token}", include_in_schema=False, response_model=None)
async def open_short_link(token: str, state: State) -> Response:
    """Redirect to the mini program's link while the short link is valid."""
    if not short_links.TOKEN.fullmatch(token):
        return _page(404, "There is no such link.")
    try:
        async with state.db.session(read_only=True) as session:
            link = await short_links.resolve(session, token, utcnow())
    except PlatformError as error:
        if error.errcode == Code.LINK_EXPIRED:
            return _page(410, "This link has expired.")
        return _page(404, "There is no such link.")
    return RedirectResponse(links.link_url(state.settings.public_url, link), status_code=302)


# --- content security -----------------------------------------------------------------------------


class MsgSecCheckBody(BaseModel):
    content: str = Field(default="", max_length=10_000, pattern=NO_NUL)
    version: int = Field(default=2, ge=-MAX_ID, le=MAX_ID)
    scene: int = Field(default=1, ge=-MAX_ID, le=MAX_ID)
    openid: str = Field(default="", max_length=128, pattern=NO_NUL)


@router.post("/wxa/msg_sec_check", tags=["WeChat content security"], response_model=WeChatResult)
async def msg_sec_check(app: TokenApp, body: MsgSecCheckBody) -> WeChatResult:
    """Always 90201: no content filter is configured, so the platform cannot say content is safe."""
    raise PlatformError(
        Code.NO_CONTENT_FILTER, "no content filter is configured on this platform: content is not checked"
    )
