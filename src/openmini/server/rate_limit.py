"""The open API's rate limits as one FastAPI dependency (``rate_limited``) on every WeChat-shaped route.

It counts a call against the mini program that makes it — proven by the call's ``access_token``,
or by ``appid`` and ``secret`` on the credential calls — and against the end user the call is
about. A call without valid credentials is not counted: the route refuses it with its own errcode,
and strangers cannot spend a mini program's quota.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Depends
from fastapi.routing import APIRoute
from starlette.requests import Request

from openmini.platform import access_tokens, apps, identity
from openmini.platform.apps import App
from openmini.platform.errors import PlatformError
from openmini.platform.rate_limits import RateLimits
from openmini.server.state import PlatformState, platform_state

# Where a call names the end user it is about, in the query or in the JSON body.
USER_FIELDS = ("openid", "touser")


def rate_limits(request: Request) -> RateLimits:
    """The running app's limits (``create_platform_app`` sets them)."""
    limits: RateLimits = request.app.state.rate_limits
    return limits


async def _body(request: Request) -> dict[str, Any]:
    # FastAPI has read the body before dependencies run, so this is the cached copy.
    try:
        parsed = json.loads(await request.body() or b"{}")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


async def _caller(state: PlatformState, query: dict[str, str], body: dict[str, Any]) -> App | None:
    token = query.get("access_token", "")
    appid = query.get("appid") or _text(body.get("appid"))
    secret = query.get("secret") or _text(body.get("secret"))
    async with state.db.session(read_only=True) as session:
        try:
            # Credential calls (token, code2Session) prove the appsecret; wechatpy sends a token with them too.
            if appid and secret:
                return await apps.verify_secret(session, appid, secret)
            if token:
                return await access_tokens.app_for_token(session, token)
        except PlatformError:
            return None
    return None


async def _end_user(state: PlatformState, app: App, query: dict[str, str], body: dict[str, Any]) -> str | None:
    for name in USER_FIELDS:
        named = query.get(name) or _text(body.get(name))
        if named:
            return named
    js_code = query.get("js_code", "")
    if js_code:
        async with state.db.session(read_only=True) as session:
            return await identity.code_holder(session, app, js_code)
    return None


async def rate_limited(
    request: Request,
    state: Annotated[PlatformState, Depends(platform_state)],
    limits: Annotated[RateLimits, Depends(rate_limits)],
) -> None:
    """Count this call; 45009 when a daily quota is spent, 45011 when a per-minute one is."""
    route = request.scope.get("route")
    assert isinstance(route, APIRoute)
    query = dict(request.query_params)
    body = await _body(request)
    app = await _caller(state, query, body)
    if app is None:
        return
    await limits.check(route.path, app.appid, await _end_user(state, app, query, body))
