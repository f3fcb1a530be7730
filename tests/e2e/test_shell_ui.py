"""The end-user shell (runtime/host/shell.html) in a real browser, against the JSON contract of
docs/runtime-host.md "End-user shell" implemented here by a tiny in-test server over one
compiled fixture package and the real runtime: sign in or continue as guest, search, open,
close, recently used, the settings page, `/a/{appid}` links, API errors and signed manifests.
(The real server's own integration test is tests/e2e/test_serve_launch.py.)
"""

from __future__ import annotations

import datetime
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from playwright import sync_api as playwright_sync
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import HTTPConnection
from test_host_shell import CHROMIUM

from openmini.compiler import compile_project
from openmini.compiler.generate.package import Package
from openmini.platform.domains import DomainPolicy
from openmini.platform.signing import ManifestSigner
from openmini.platform.storage import FileStorage
from openmini.server.files import package_file, runtime_bundle, runtime_file, runtime_root
from openmini.server.platform_api import Caller, platform_router
from support.live_server import live_server

TIMEOUT = 20.0
SHOP = "om0000000000000001"
SHELF = "om0000000000000002"  # registered, never released
SIGNED = "om0000000000000003"
TAMPERED = "om0000000000000004"  # its answer's signature is of other bytes
APPS: dict[str, dict[str, Any]] = {
    SHOP: {"name": "Shop", "description": "Fresh fruit, delivered"},
    SHELF: {"name": "Shelf", "description": "Not out yet"},
    SIGNED: {"name": "Signed shop", "description": "Verified package"},
    TAMPERED: {"name": "Tampered shop", "description": "Signature does not match"},
}
RELEASED = {SHOP, SIGNED, TAMPERED}
DOMAINS = {"request": ["https://api.shop.test"], "socket": [], "upload": [], "download": ["https://cdn.shop.test"]}
SCENES = {"qr": 1011, "link": 1167, "search": 1005, "recents": 1001, "share": 1007}
ANN = {"id": "u-ann", "name": "Ann", "guest": False}

FILES = {
    "project.config.json": json.dumps({"appid": SHOP}),
    "app.json": json.dumps({"pages": ["pages/a/a", "pages/b/b"], "window": {"navigationBarTitleText": "Shop"}}),
    "app.js": "App({})",
    "pages/a/a.js": """Page({
  data: { q: '', s: '' },
  onLoad(q) { this.setData({ q: JSON.stringify(q), s: String(wx.getLaunchOptionsSync().scene) }); },
})""",
    "pages/a/a.wxml": '<view id="q">{{q}}</view><view id="s">{{s}}</view>',
    "pages/b/b.js": "Page({ onLoad(q) { this.setData({ q: JSON.stringify(q) }); } })",
    "pages/b/b.wxml": '<view id="q">page b {{q}}</view>',
}


def errcode(code: int, message: str, status: int = 200) -> JSONResponse:
    return JSONResponse({"errcode": code, "errmsg": message}, status_code=status)


def shell_app(package: Package, data: Path) -> FastAPI:
    """The shell's JSON contract over one package, which every released app here serves."""
    signer = ManifestSigner.generate()
    manifest = package.manifest_bytes()
    recents: dict[str, list[dict[str, Any]]] = {}
    app = FastAPI()
    app.add_middleware(SessionMiddleware, secret_key="test-secret", same_site="lax")

    def user_of(request: HTTPConnection) -> dict[str, Any] | None:
        user: dict[str, Any] | None = request.session.get("user")
        return user

    def caller(request: HTTPConnection) -> Caller | None:
        user = user_of(request)
        return Caller(user=user["id"], appid=request.query_params.get("appid", "")) if user else None

    async def domains_of(_appid: str) -> DomainPolicy:
        return DomainPolicy.from_entries([*DOMAINS["request"], *DOMAINS["download"]])

    app.include_router(platform_router(FileStorage(data), domains_of, caller), prefix="/api")

    def page(request: Request, launch: dict[str, Any] | None) -> HTMLResponse:
        config = {"runtimeBase": "/runtime/", "bundleBase": "/runtime/bundle/", "apiBase": "/api/", "launch": launch}
        # a script element's text is not HTML-decoded: "<" and "&" are escaped the JSON way
        data = json.dumps(config).replace("<", "\\u003c").replace("&", "\\u0026")
        block = f'<script type="application/json" id="openmini-config">{data}</script>'
        text = (runtime_root() / "host" / "shell.html").read_text("utf-8").replace("</head>", block + "</head>", 1)
        return HTMLResponse(text, headers={"Cache-Control": "no-store"})

    @app.get("/")
    def home(request: Request) -> HTMLResponse:
        return page(request, None)

    @app.get("/a/{appid}")
    def link(request: Request, appid: str) -> HTMLResponse:
        fields = {k: request.query_params.get(k) for k in ("path", "query", "scene", "env", "via")}
        return page(request, {"appid": appid, **fields})

    @app.get("/runtime/bundle/{path:path}")
    def bundle(request: Request, path: str) -> Response:
        return runtime_bundle(request, path)

    @app.get("/runtime/{path:path}")
    def runtime(path: str) -> Response:
        return runtime_file(path)

    @app.get("/p/v1/manifest.json")
    def package_manifest() -> Response:
        return Response(manifest, media_type="application/json", headers={"Cache-Control": "max-age=60"})

    @app.get("/p/v1/files/{stored}")
    def package_files(request: Request, stored: str) -> Response:
        return package_file(request, package, stored)

    @app.get("/api/shell/me")
    def me(request: Request) -> dict[str, Any]:
        return {"user": user_of(request)}

    @app.post("/api/shell/guest")
    def guest(request: Request) -> dict[str, Any]:
        request.session["user"] = {"id": "g-1", "name": "Visitor", "guest": True}
        return {"user": request.session["user"]}

    @app.post("/api/shell/signin", response_model=None)
    async def signin(request: Request) -> dict[str, Any] | JSONResponse:
        body = await request.json()
        if (body.get("email"), body.get("password")) != ("ann@example.com", "pw"):
            return errcode(40013, "wrong email or password", 401)
        request.session["user"] = ANN
        return {"user": ANN}

    @app.post("/api/shell/signout")
    def signout(request: Request) -> dict[str, Any]:
        request.session.clear()
        return {}

    @app.get("/api/shell/search")
    def search(q: str) -> dict[str, Any]:
        found = [a for a in RELEASED if q.lower() in APPS[a]["name"].lower()]
        return {"items": [{"appid": a, "icon": None, **APPS[a]} for a in sorted(found)]}

    @app.get("/api/shell/recents", response_model=None)
    def recent(request: Request) -> dict[str, Any] | JSONResponse:
        user = user_of(request)
        if user is None:
            return errcode(41001, "sign in first", 401)
        return {"items": recents.get(user["id"], [])}

    @app.post("/api/shell/launch", response_model=None)
    async def launch(request: Request) -> dict[str, Any] | JSONResponse:
        user = user_of(request)
        if user is None:
            return errcode(41001, "sign in first", 401)
        body = await request.json()
        appid = body["appid"]
        if appid not in RELEASED:
            return errcode(85079, "the mini program has no release")
        signed = appid in (SIGNED, TAMPERED)
        signature = signer.sign(manifest if appid == SIGNED else manifest + b" ")
        mine = [r for r in recents.get(user["id"], []) if r["appid"] != appid]
        opened = datetime.datetime.now(datetime.UTC).isoformat()
        recents[user["id"]] = [{"appid": appid, "name": APPS[appid]["name"], "icon": None, "openedAt": opened}, *mine]
        query = {**body.get("query", {}), **({"scene": body["scene"]} if body.get("scene") else {})}
        return {
            "appid": appid,
            "name": APPS[appid]["name"],
            "version": {"id": "v1", "userVersion": "1.0.0", "env": "release"},
            "packageBase": "/p/v1/",
            "path": body.get("path") or "pages/a/a",
            "query": query,
            "scene": SCENES[body.get("via", "link")],
            "domains": DOMAINS,
            "signature": signature if signed else None,
            "publicKey": signer.public_key_b64 if signed else None,
        }

    @app.get("/api/shell/inbox", response_model=None)
    def inbox(request: Request) -> dict[str, Any] | JSONResponse:
        if user_of(request) is None:
            return errcode(41001, "sign in first", 401)
        return {"unread": 0, "items": []}

    @app.get("/api/shell/apps/{appid}/settings")
    def settings(appid: str) -> dict[str, Any]:
        version = {"id": "v1", "userVersion": "1.0.0", "env": "release"}
        return {"appid": appid, "name": APPS[appid]["name"], "version": version, "domains": DOMAINS, "scopes": []}

    return app


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("shell")
    for name, text in FILES.items():
        (root / "src" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "src" / name).write_text(text)
    result = compile_project(root / "src")
    assert result.package is not None, [d.to_json() for d in result.diagnostics]
    with live_server(shell_app(result.package, root / "storage")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--headless=new", "--disable-gpu", "--no-first-run", "--disable-sync"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A phone-sized tab with a fresh cookie jar (no session)."""
    context = browser.new_context(viewport={"width": 390, "height": 760})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT * 1000)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert errors == []


def poll(check: Callable[[], Any], what: str) -> None:
    deadline = time.time() + TIMEOUT
    while True:
        try:
            if check():
                return
        except playwright_sync.Error:  # the frame is still loading or went away: try again
            pass
        assert time.time() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def mini_text(pg: Any, selector: str) -> str:
    """The text of `selector` in the running mini program's top page, once it is rendered."""
    seen = [""]

    def check() -> bool:
        frame = pg.locator("#app iframe.om-page").last.element_handle().content_frame()
        seen[0] = frame.evaluate(
            "(s) => { const e = document.querySelector(s); return e ? e.innerText : ''; }", selector
        )
        return bool(seen[0])

    poll(check, f"{selector} in the mini program")
    return seen[0]


def as_guest(pg: Any) -> None:
    pg.get_by_role("button", name="Continue as guest").click()
    pg.get_by_text("Visitor (guest)").wait_for()


def test_guest_searches_opens_closes_and_sees_recents_and_settings(page: Any, base: str) -> None:
    page.goto(base + "/")
    assert page.get_by_label("Email").is_visible() and page.get_by_label("Password").is_visible()
    as_guest(page)
    assert page.locator("#recents li").count() == 0
    assert page.get_by_text("Mini programs you open appear here.").is_visible()

    page.get_by_label("Search mini programs").fill("sho")
    results = page.get_by_role("list", name="Search results")
    results.get_by_role("button", name="Shop Fresh fruit, delivered").wait_for()
    assert results.get_by_role("listitem").count() == 3  # Shelf has no release, so it is not found
    page.get_by_label("Search mini programs").fill("zzz")
    page.get_by_text("No mini program is called “zzz”.").wait_for()
    page.get_by_label("Search mini programs").fill("shop")
    results.get_by_role("button", name="Shop Fresh fruit, delivered").click()

    assert json.loads(mini_text(page, "#q")) == {}
    assert mini_text(page, "#s") == "1005"  # the search scene, as the server answered
    assert page.title() == "Shop"
    assert not page.locator("#shell").is_visible()

    page.get_by_role("button", name="close").click()  # the host's capsule
    recents = page.get_by_role("list", name="Recently used")
    recents.get_by_role("button", name="Shop", exact=False).first.wait_for()
    assert page.locator("#shell").is_visible() and not page.locator("#app").is_visible()
    assert page.locator("#app iframe").count() == 0  # the mini program is gone, not hidden
    # focus returns to the result that opened it
    page.wait_for_function("document.activeElement.closest('#results')?.querySelector('strong').textContent === 'Shop'")

    recents.get_by_role("button", name="Settings of Shop").click()
    settings = page.locator("#settings")
    settings.get_by_role("heading", name="Shop").wait_for()
    text = settings.inner_text()
    for line in (
        "Version\n1.0.0",
        "Request domains\nhttps://api.shop.test",
        "WebSocket domains\nNone",
        "Download domains\nhttps://cdn.shop.test",
        "Permissions\nNo permissions granted yet",
    ):
        assert line in text
    page.get_by_role("button", name="← Back").click()
    assert page.get_by_role("button", name="Settings of Shop").evaluate("b => b === document.activeElement")

    recents.get_by_role("button", name="Shop", exact=False).first.click()
    assert mini_text(page, "#s") == "1001"  # opened from recents


def test_a_link_asks_for_a_session_then_opens_at_once(page: Any, base: str) -> None:
    page.goto(base + f"/a/{SHOP}?path=pages/b/b&query=x%3D1%26y%3D%E4%BD%A0&scene=abc&via=qr")
    page.get_by_text("Sign in or continue as guest to open the mini program.").wait_for()
    assert page.locator("#app iframe").count() == 0
    page.get_by_role("button", name="Continue as guest").click()
    assert json.loads(mini_text(page, "#q").removeprefix("page b ")) == {"x": "1", "y": "你", "scene": "abc"}
    page.get_by_role("button", name="close").click()
    page.get_by_role("list", name="Recently used").get_by_role("button", name="Shop", exact=False).first.wait_for()
    page.reload()  # the session remains; the link opens again without asking
    assert json.loads(mini_text(page, "#q").removeprefix("page b "))["scene"] == "abc"


def test_sign_in_errors_and_sign_out(page: Any, base: str) -> None:
    page.goto(base + "/")
    page.get_by_label("Email").fill("ann@example.com")
    page.get_by_label("Password").fill("nope")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text() == "wrong email or password (errcode 40013)"
    page.get_by_label("Password").fill("pw")
    page.get_by_label("Password").press("Enter")
    page.locator("#who").get_by_text("Ann", exact=True).wait_for()
    assert not page.get_by_role("alert").is_visible()

    # a released app that the answer refuses shows the server's errmsg on the home page
    page.goto(base + f"/a/{SHELF}")
    page.get_by_role("alert").get_by_text("the mini program has no release (errcode 85079)").wait_for()
    assert page.locator("#home").is_visible()

    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Email").wait_for()
    page.goto(base + "/")
    assert page.get_by_role("button", name="Continue as guest").is_visible()  # the session is gone


def test_signed_manifests_are_verified_before_running(page: Any, base: str) -> None:
    page.goto(base + "/")
    as_guest(page)
    page.get_by_label("Search mini programs").fill("tampered")
    page.get_by_role("button", name="Tampered shop", exact=False).click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "does not match the platform’s signature" in alert.inner_text()
    assert page.locator("#app iframe").count() == 0

    page.get_by_label("Search mini programs").fill("signed")
    page.get_by_role("button", name="Signed shop", exact=False).click()
    assert mini_text(page, "#s") == "1005"
