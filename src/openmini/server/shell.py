"""The end-user shell: the page at `/` and `/a/{appid}`, its JSON API under `/api/shell/`, the runtime
it loads, and the mini programs' platform APIs (`/api/storage`, `/api/request`, …) for the session's
end user. The contract is docs/runtime-host.md "End-user shell"; errors are WeChat-shaped
(`{"errcode", "errmsg"}`): `PlatformError`s from the domain, and 41001 when nobody has a session yet.
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection, Request

from openmini.platform import accounts, apps, consent, launches, links, releases
from openmini.platform.accounts import EndUser, User
from openmini.platform.apps import DOMAIN_KINDS, App
from openmini.platform.domains import DomainPolicy
from openmini.platform.errors import Code, PlatformError
from openmini.server import auth
from openmini.server.files import host_page, runtime_bundle, runtime_file
from openmini.server.packages import ServedManifest
from openmini.server.platform_api import Caller, platform_router
from openmini.server.state import PlatformState

NO_SESSION = {"errcode": int(Code.MISSING_CREDENTIAL), "errmsg": "sign in or continue as guest first"}


class SignIn(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1000)


class LaunchRequest(BaseModel):
    appid: str = Field(max_length=64)
    path: str | None = Field(default=None, max_length=links.MAX_PAGE)
    query: dict[str, str] | None = None
    scene: str | None = Field(default=None, max_length=200)
    env: str = "release"
    via: str = "link"


def user_json(session_user: User | None, end_user: EndUser) -> dict[str, Any]:
    name = (session_user.display_name or session_user.email) if session_user is not None else "Guest"
    return {"id": end_user.id, "name": name, "guest": end_user.user_id is None}


def domains_json(app: App) -> dict[str, list[str]]:
    return {kind: app.domain_list(kind) for kind in DOMAIN_KINDS}


def icon_url(app: App) -> str | None:
    return app.icon or None


def version_json(resolved: releases.ResolvedVersion) -> dict[str, str]:
    return {"id": str(resolved.version_id), "userVersion": resolved.user_version, "env": resolved.env_version}


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


async def known_end_user(connection: HTTPConnection, session: AsyncSession) -> tuple[User | None, EndUser] | None:
    """The session's signed-in user (if any) and end user when both already exist: reads only."""
    user_id = auth.session_user_id(connection)
    user = await session.get(User, user_id) if user_id is not None else None
    end_user_id = auth.session_end_user_id(connection)
    end_user = await session.get(EndUser, end_user_id) if end_user_id is not None else None
    if end_user is not None and end_user.user_id == (user.id if user is not None else None):
        return user, end_user
    return None


async def session_end_user(connection: HTTPConnection, session: AsyncSession) -> tuple[User | None, EndUser] | None:
    """The session's signed-in user (if any) and end user; a console sign-in gets its end user here."""
    known = await known_end_user(connection, session)
    if known is not None:
        return known
    user_id = auth.session_user_id(connection)
    user = await session.get(User, user_id) if user_id is not None else None
    if user is None:
        return None
    end_user = await accounts.end_user_for(session, user)
    auth.remember_end_user(connection, end_user.id)
    return user, end_user


def shell_router(state: PlatformState) -> APIRouter:
    """The page, the shell API and the platform APIs; `state` is the app's `PlatformState`."""
    router = APIRouter()
    db, packages = state.db, state.packages

    def page(launch: dict[str, Any] | None) -> HTMLResponse:
        config = {"runtimeBase": "/runtime/", "bundleBase": "/runtime/bundle/", "apiBase": "/api/", "launch": launch}
        return HTMLResponse(host_page("shell.html", config), headers={"Cache-Control": "no-store"})

    @router.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> HTMLResponse:
        return page(None)

    @router.get("/a/{appid}", response_class=HTMLResponse, include_in_schema=False)
    def app_link(request: Request, appid: str) -> HTMLResponse:
        """The stable link of a mini program (platform/links.py): the shell, opening it at once."""
        try:
            link = links.parse_link(f"/a/{appid}?{request.url.query}")
        except PlatformError as error:
            text = html.escape(error.errmsg)
            return HTMLResponse(f"<!doctype html><title>openmini</title><p>Not a valid link: {text}</p>", 400)
        launch = {
            "appid": link.appid,
            "path": link.path,
            "query": link.query,
            "scene": link.scene,
            "env": link.env,
            "via": link.via,
        }
        return page(launch)

    @router.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        # the shell page links none; answered so that browsers log no 404
        return Response(status_code=204, headers={"Cache-Control": "public, max-age=86400"})

    @router.get("/runtime/bundle/{path:path}", include_in_schema=False)
    def bundle(request: Request, path: str) -> Response:
        return runtime_bundle(request, path)

    @router.get("/runtime/{path:path}", include_in_schema=False)
    def runtime(path: str) -> Response:
        return runtime_file(path)

    @router.get("/api/shell/me")
    async def me(request: Request) -> dict[str, Any]:
        async with db.session() as session:
            found = await session_end_user(request, session)
        return {"user": user_json(*found) if found is not None else None}

    @router.post("/api/shell/guest")
    async def guest(request: Request) -> dict[str, Any]:
        async with db.session() as session:
            end_user = await accounts.guest_end_user(session)
        auth.continue_as_guest(request, end_user.id)
        return {"user": user_json(None, end_user)}

    @router.post("/api/shell/signin")
    async def signin(request: Request, body: SignIn) -> dict[str, Any]:
        async with db.session() as session:
            user = await accounts.authenticate(session, body.email, body.password)
            end_user = await accounts.end_user_for(session, user)
        auth.sign_in(request, user.id, end_user.id)
        return {"user": user_json(user, end_user)}

    @router.post("/api/shell/signout")
    def signout(request: Request) -> dict[str, Any]:
        auth.sign_out(request)
        return {}

    @router.get("/api/shell/search")
    async def search(q: Annotated[str, Query(max_length=100)] = "") -> dict[str, Any]:
        async with db.session() as session:
            found = await launches.search_released(session, q)
        items = [{"appid": a.appid, "name": a.name, "icon": icon_url(a), "description": a.description} for a in found]
        return {"items": items}

    @router.get("/api/shell/recents", response_model=None)
    async def recents(request: Request) -> dict[str, Any] | JSONResponse:
        async with db.session() as session:
            found = await session_end_user(request, session)
            if found is None:
                return JSONResponse(NO_SESSION, status_code=401)
            opened = await launches.recents(session, found[1])
        items = [
            {
                "appid": r.app.appid,
                "name": r.app.name,
                "icon": icon_url(r.app),
                "env": r.env_version,
                "openedAt": iso(r.last_opened),
            }
            for r in opened
        ]
        return {"items": items}

    @router.post("/api/shell/launch", response_model=None)
    async def launch(request: Request, body: LaunchRequest) -> dict[str, Any] | JSONResponse:
        """Resolve the version this end user opens, record the launch, and answer what the host needs."""
        query = urlencode(body.query, quote_via=quote) if body.query else None
        path = body.path.lstrip("/") if body.path else None
        link = links.AppLink(
            body.appid, path or None, query, body.scene, links.as_env(body.env), links.as_via(body.via)
        )
        # Resolving only reads; the launch record is the one write, kept short, since SQLite lets
        # one writer in at a time (a write transaction around it all queued every launch).
        async with db.session(read_only=True) as session:
            found = await known_end_user(request, session)
        if found is None:  # a console sign-in opening its first mini program gets its end user
            async with db.session() as session:
                found = await session_end_user(request, session)
        if found is None:
            return JSONResponse(NO_SESSION, status_code=401)
        async with db.session(read_only=True) as session:
            resolved = await releases.resolve(session, link.appid, found[1], link.env)
            app = await apps.get_app(session, link.appid)
        manifest = await _manifest(resolved.version_id)
        page_path = links.check_page(link.path, manifest.pages) if link.path else manifest.entry_page
        launched = page_path + (f"?{link.query}" if link.query else "")
        async with db.session() as session:
            await launches.record_launch(session, found[1], resolved, int(link.launch_scene), launched)
        return {
            "appid": app.appid,
            "name": app.name,
            "version": version_json(resolved),
            "packageBase": f"/p/{resolved.version_id}/",
            "path": page_path,
            "query": link.onload_query(),
            "scene": int(link.launch_scene),
            # None: the host leaves the check to the server, which skips it when url_check is off.
            "domains": domains_json(app) if state.settings.url_check else None,
            "signature": manifest.signature,
            "publicKey": state.signer.public_key_b64 if state.signer is not None else None,
        }

    async def _manifest(version_id: int) -> ServedManifest:
        manifest = await packages.manifest(version_id)
        if manifest is None:
            raise PlatformError(Code.NOT_FOUND, f"the package of version {version_id} is missing")
        return manifest

    @router.get("/api/shell/apps/{appid}/settings", response_model=None)
    async def settings(request: Request, appid: str) -> dict[str, Any] | JSONResponse:
        """What a mini program may do — its domains, and the scopes this end user decided on (revoked
        with ``POST /api/shell/apps/{appid}/revoke``) — and the version they get (None when not released)."""
        async with db.session() as session:
            found = await session_end_user(request, session)
            if found is None:
                return JSONResponse(NO_SESSION, status_code=401)
            app = await apps.get_app(session, appid)
            try:
                version: dict[str, str] | None = version_json(await releases.resolve(session, appid, found[1]))
            except PlatformError as error:
                if error.errcode != Code.NO_ONLINE_VERSION:
                    raise
                version = None
            scopes = [
                {
                    "scope": grant.scope,
                    "label": consent.SCOPES[grant.scope].label,
                    "granted": grant.granted,
                    "at": iso(grant.at),
                    "versionId": grant.version_id,
                }
                for grant in (await consent.grants(session, found[1], app)).values()
            ]
        domains = domains_json(app)
        return {"appid": app.appid, "name": app.name, "version": version, "domains": domains, "scopes": scopes}

    router.include_router(platform_router(state.storage, _domain_policy(state), _caller), prefix="/api")
    return router


def _caller(connection: HTTPConnection) -> Caller | None:
    """The session's end user and the mini program the host names (`?appid=`); None without a session."""
    end_user = auth.session_end_user_id(connection)
    appid = connection.query_params.get("appid", "")
    if end_user is None or not links.APPID.fullmatch(appid):
        return None
    return Caller(user=end_user, appid=appid)


def _domain_policy(state: PlatformState) -> Callable[[str], Awaitable[DomainPolicy]]:
    async def policy(appid: str) -> DomainPolicy:
        """The app's registered domains (every kind: DomainPolicy tells kinds apart by scheme only)."""
        async with state.db.session() as session:
            try:
                app = await apps.get_app(session, appid)
            except PlatformError:
                return DomainPolicy()
        entries = [entry for kind in DOMAIN_KINDS for entry in app.domain_list(kind)]
        return DomainPolicy.from_entries(entries, url_check=state.settings.url_check)

    return policy
