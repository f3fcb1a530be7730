"""How people reach a mini program: its stable link, QR codes of the link, and launch scenes.

The stable link is ``{public_url}/a/{appid}?path=…&query=…&scene=…&env=…&via=…``. Its parameters
follow WeChat's rules for the same ideas: ``scene`` is the ``scene`` of ``getwxacodeunlimit`` (at most
32 visible characters from a fixed set), ``path`` is its ``page`` (no leading ``/``, no query),
``query`` is the ``query`` of ``generatescheme`` (at most 1024 characters from a fixed set) and
``env`` is ``env_version``. ``via`` says how the link was opened, which decides the launch scene the
mini program sees in ``onLaunch`` / ``getLaunchOptionsSync``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import IntEnum
from typing import Literal, cast, get_args
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import segno

from openmini.platform.errors import Code, PlatformError

Env = Literal["release", "trial", "develop"]
Via = Literal["link", "qr", "code", "search", "recents", "share", "message", "miniProgram"]

# WeChat's codes for the same mistakes (getwxacodeunlimit, generatescheme).
INVALID_SCENE = 40129
INVALID_SCENE_LENGTH = 40169
INVALID_PAGE = 41030
INVALID_QUERY = 40212

APPID = re.compile(r"om[0-9a-f]{16}")
SCENE = re.compile(r"[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]*")
QUERY = re.compile(r"[0-9A-Za-z!#$&'()*+,/:;=?@\-._~%]*")
PAGE = re.compile(r"[^\x00-\x20\x7f?#/\\][^\x00-\x20\x7f?#\\]*")
MAX_SCENE = 32
MAX_QUERY = 1024
MAX_PAGE = 1024
QR_WIDTH = (280, 1280)
QR_BORDER = 4  # the quiet zone scanners need, in modules
# What encodeURIComponent leaves alone: WeChat hands `query.scene` to onLoad encoded this way.
URI_COMPONENT_SAFE = "-_.!~*'()"


class Scene(IntEnum):
    """WeChat's launch scene values for the ways openmini opens a mini program."""

    RECENTS = 1001  # the "recently used" list
    SEARCH = 1005  # search results
    SHARE = 1007  # a shared card opened from a one-to-one chat
    SUBSCRIBE_MESSAGE = 1014  # a subscription message in the inbox
    MINI_PROGRAM = 1037  # another mini program opened it (wx.navigateToMiniProgram)
    SCAN_QR = 1011  # a plain QR code of the link
    SCAN_CODE = 1047  # a mini program code: a QR code carrying a `scene`
    URL_LINK = 1194  # an https link to the mini program (WeChat's "URL Link")


SCENE_OF_VIA: dict[Via, Scene] = {
    "link": Scene.URL_LINK,
    "qr": Scene.SCAN_QR,
    "code": Scene.SCAN_CODE,
    "search": Scene.SEARCH,
    "recents": Scene.RECENTS,
    "share": Scene.SHARE,
    "message": Scene.SUBSCRIBE_MESSAGE,
    "miniProgram": Scene.MINI_PROGRAM,
}


@dataclass(frozen=True)
class AppLink:
    appid: str
    path: str | None = None  # a page, e.g. "pages/item/item"; None opens the entry page
    query: str | None = None  # the page's query as text, e.g. "id=3&tab=2"
    scene: str | None = None
    env: Env = "release"
    via: Via = "link"

    def __post_init__(self) -> None:
        check_appid(self.appid)
        if self.path is not None:
            check_page(self.path)
        if self.query is not None:
            check_query(self.query)
        if self.scene is not None:
            check_scene(self.scene)
        as_env(self.env)
        as_via(self.via)

    @property
    def launch_scene(self) -> Scene:
        return SCENE_OF_VIA[self.via]

    def onload_query(self) -> dict[str, str]:
        """The query the page's ``onLoad`` receives: the link's query plus ``scene``, encoded as WeChat does."""
        values = {name: items[-1] for name, items in parse_qs(self.query or "", keep_blank_values=True).items()}
        if self.scene is not None:
            values["scene"] = quote(self.scene, safe=URI_COMPONENT_SAFE)
        return values


def as_env(value: str) -> Env:
    if value not in get_args(Env):
        raise PlatformError(Code.INVALID_ARGS, f"invalid env_version {value!r}: use release, trial or develop")
    return cast(Env, value)


def as_via(value: str) -> Via:
    if value not in get_args(Via):
        raise PlatformError(Code.INVALID_ARGS, f"invalid via {value!r}: use one of {', '.join(get_args(Via))}")
    return cast(Via, value)


def check_appid(appid: str) -> str:
    if not APPID.fullmatch(appid):
        raise PlatformError(Code.INVALID_APPID, f"invalid appid {appid!r}")
    return appid


def check_scene(scene: str) -> str:
    """A ``scene`` as WeChat's mini program codes take it, else PlatformError 40169/40129."""
    if not 1 <= len(scene) <= MAX_SCENE:
        raise PlatformError(INVALID_SCENE_LENGTH, f"invalid length for scene: {len(scene)} characters, 1-{MAX_SCENE}")
    if not SCENE.fullmatch(scene):
        raise PlatformError(
            INVALID_SCENE,
            f"invalid scene {scene!r}: only letters, digits and !#$&'()*+,/:;=?@-._~ (encode anything else)",
        )
    return scene


def check_page(page: str, pages: Collection[str] | None = None) -> str:
    """A page path (no leading ``/``, no query); with ``pages``, also one of them (``check_path``)."""
    if len(page) > MAX_PAGE or not PAGE.fullmatch(page):
        raise PlatformError(INVALID_PAGE, f"invalid page {page!r}: a page path like pages/index/index, no query")
    if pages is not None and page not in pages:
        raise PlatformError(INVALID_PAGE, f"invalid page {page!r}: the version has no such page")
    return page


def check_query(query: str) -> str:
    if len(query) > MAX_QUERY or not QUERY.fullmatch(query):
        raise PlatformError(INVALID_QUERY, f"invalid query: at most {MAX_QUERY} URL-safe characters (percent-encode)")
    return query


def link_url(public_url: str, link: AppLink) -> str:
    """The absolute URL of a link; defaults (release, opened as a link) are left out."""
    params = {"path": link.path, "query": link.query, "scene": link.scene}
    if link.env != "release":
        params["env"] = link.env
    if link.via != "link":
        params["via"] = link.via
    text = urlencode({k: v for k, v in params.items() if v is not None}, quote_via=quote, safe="/")
    return f"{public_url.rstrip('/')}/a/{link.appid}" + (f"?{text}" if text else "")


def qr_link(link: AppLink) -> AppLink:
    """The link a QR code carries: scanning it is a scan scene (1047 with a ``scene``, else 1011)."""
    return AppLink(link.appid, link.path, link.query, link.scene, link.env, "code" if link.scene else "qr")


def parse_link(url: str) -> AppLink:
    """The link in a URL (absolute or just ``/a/…?…``); PlatformError when it is not a valid one.

    Unknown parameters are ignored: pages that share links often add their own (``utm_…``).
    """
    parts = urlsplit(url)
    match = re.fullmatch(r"/a/([^/]+)/?", parts.path)
    if match is None:
        raise PlatformError(Code.INVALID_ARGS, f"not a mini program link: {url!r}")
    values = {name: items[-1] for name, items in parse_qs(parts.query).items()}
    env, via = as_env(values.get("env", "release")), as_via(values.get("via", "link"))
    return AppLink(match.group(1), values.get("path"), values.get("query"), values.get("scene"), env, via)


def _qr(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def _checked_width(width: int) -> int:
    low, high = QR_WIDTH
    if not low <= width <= high:
        raise PlatformError(Code.INVALID_ARGS, f"invalid width {width}: {low}-{high} pixels")
    return width


def qr_png(url: str, width: int = 430, *, dark: tuple[int, int, int] = (0, 0, 0), transparent: bool = False) -> bytes:
    """A PNG QR code of ``url`` at most ``width`` pixels wide: modules are whole pixels, so it may be
    up to one module's worth smaller. ``dark`` colours the modules; ``transparent`` leaves the rest
    see-through (WeChat's ``line_color`` and ``is_hyaline``)."""
    code = _qr(url)
    modules = code.symbol_size(scale=1, border=QR_BORDER)[0]
    out = io.BytesIO()
    scale = max(1, _checked_width(width) // modules)
    code.save(out, kind="png", scale=scale, border=QR_BORDER, dark=dark, light=None if transparent else "white")
    return out.getvalue()


def qr_svg(url: str, width: int = 430) -> bytes:
    """An SVG QR code of ``url`` exactly ``width`` pixels wide."""
    code = _qr(url)
    modules = code.symbol_size(scale=1, border=QR_BORDER)[0]
    out = io.BytesIO()
    code.save(out, kind="svg", scale=_checked_width(width) / modules, border=QR_BORDER, xmldecl=False)
    return out.getvalue()
