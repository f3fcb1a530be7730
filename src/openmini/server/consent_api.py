"""Consent calls the host makes for the mini program it runs (runtime/host/consent.js), for the
session's end user and ``?appid=``: scope decisions (``wx.authorize``, ``wx.getSetting``,
``wx.openSetting``, the scope-guarded APIs) and subscription prompts (``wx.requestSubscribeMessage``);
and the shell's settings page revoking a decision.

Only the host reaches these routes: mini program code runs in frames without the session cookie.
Errors are WeChat-shaped (``{"errcode", "errmsg"}``); 41001 with HTTP 401 when nobody has a session.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from openmini.platform import apps, consent, messages
from openmini.platform.accounts import EndUser
from openmini.platform.apps import App
from openmini.server.open_api import NO_NUL
from openmini.server.shell import NO_SESSION, session_end_user
from openmini.server.state import PlatformState, platform_state

router = APIRouter()
State = Annotated[PlatformState, Depends(platform_state)]
AppId = Annotated[str, Query(min_length=1, max_length=64, pattern=r"^[0-9a-z]+$")]
Scope = Annotated[str, Field(max_length=64)]
# PostgreSQL text cannot hold NUL; refusing it here keeps both databases answering alike.
TmplId = Annotated[str, Field(max_length=64, pattern=NO_NUL)]


class NoSession(Exception):
    """Nobody has a session yet: answered 401 with WeChat's 41001."""


@asynccontextmanager
async def _for_user(
    request: Request, state: PlatformState, appid: str
) -> AsyncIterator[tuple[AsyncSession, EndUser, App]]:
    async with state.db.session() as session:
        found = await session_end_user(request, session)
        if found is None:
            raise NoSession
        yield session, found[1], await apps.get_app(session, appid)


def no_session_answer() -> JSONResponse:
    return JSONResponse(NO_SESSION, status_code=401)


async def _auth_setting(session: AsyncSession, end_user: EndUser, app: App) -> dict[str, bool]:
    return {scope: grant.granted for scope, grant in (await consent.grants(session, end_user, app)).items()}


# --- scopes ---------------------------------------------------------------------------------------


@router.get("/api/consent/setting", response_model=None)
async def setting(
    request: Request, state: State, appid: AppId, withSubscriptions: bool = False
) -> dict[str, Any] | JSONResponse:
    """``wx.getSetting``: ``{authSetting}`` and, when asked, ``subscriptionsSetting`` (the kept choices);
    ``labels`` name the decided scopes for ``wx.openSetting``'s sheet."""
    try:
        async with _for_user(request, state, appid) as (session, end_user, app):
            auth_setting = await _auth_setting(session, end_user, app)
            labels = {scope: consent.SCOPES[scope].prompt for scope in auth_setting}
            answer: dict[str, Any] = {"authSetting": auth_setting, "labels": labels}
            if withSubscriptions:
                kept = await messages.kept_choices(session, end_user, app)
                answer["subscriptionsSetting"] = {"mainSwitch": True, "itemSettings": kept}
    except NoSession:
        return no_session_answer()
    return answer


@router.get("/api/consent/scope", response_model=None)
async def scope(request: Request, state: State, appid: AppId, scope: Scope) -> dict[str, Any] | JSONResponse:
    """What a prompt for ``scope`` needs: ``state`` (granted, refused or ask), the mini program's
    name and what the scope gives access to."""
    try:
        async with _for_user(request, state, appid) as (session, end_user, app):
            info = consent.SCOPES[consent.check_scope(scope)]
            grant = (await consent.grants(session, end_user, app)).get(scope)
    except NoSession:
        return no_session_answer()
    decided = "ask" if grant is None else "granted" if grant.granted else "refused"
    return {"scope": scope, "state": decided, "name": app.name, "what": info.prompt}


class DecideBody(BaseModel):
    scope: Scope
    granted: bool


@router.post("/api/consent/decide", response_model=None)
async def decide(request: Request, state: State, appid: AppId, body: DecideBody) -> dict[str, Any] | JSONResponse:
    """The user's answer to a prompt or a toggle in ``wx.openSetting``; answers ``{authSetting}``."""
    try:
        async with _for_user(request, state, appid) as (session, end_user, app):
            await consent.decide(session, end_user, app, body.scope, body.granted)
            return {"authSetting": await _auth_setting(session, end_user, app)}
    except NoSession:
        return no_session_answer()


class RevokeBody(BaseModel):
    scope: Scope


@router.post("/api/shell/apps/{appid}/revoke", response_model=None)
async def revoke(
    request: Request, state: State, appid: Annotated[str, Path(max_length=64, pattern=NO_NUL)], body: RevokeBody
) -> dict[str, Any] | JSONResponse:
    """The shell's settings page: forget a decision, so the mini program asks again. 90001 when
    nothing was decided."""
    try:
        async with _for_user(request, state, appid) as (session, end_user, app):
            await consent.revoke(session, end_user, app, body.scope)
    except NoSession:
        return no_session_answer()
    return {}


# --- subscriptions --------------------------------------------------------------------------------


class TemplatesBody(BaseModel):
    tmplIds: list[TmplId] = Field(max_length=10)


@router.post("/api/consent/subscriptions/plan", response_model=None)
async def plan(request: Request, state: State, appid: AppId, body: TemplatesBody) -> dict[str, Any] | JSONResponse:
    """What ``wx.requestSubscribeMessage`` shows: each template's title and keywords, and ``answer``
    (null: ask the user). Errors: 20001 (no such template), 20003 (more than 3)."""
    try:
        async with _for_user(request, state, appid) as (session, end_user, app):
            planned = await messages.plan(session, end_user, app, body.tmplIds)
    except NoSession:
        return no_session_answer()
    items = [
        {"tmplId": p.tmpl_id, "title": p.title, "keywords": p.keywords, "answer": p.answer, "kept": p.kept}
        for p in planned
    ]
    return {"name": app.name, "items": items}


class SubscribeBody(TemplatesBody):
    choices: dict[TmplId, Literal["accept", "reject"]] = Field(max_length=10)
    keep: bool = False


@router.post("/api/consent/subscriptions", response_model=None)
async def subscribe(request: Request, state: State, appid: AppId, body: SubscribeBody) -> dict[str, Any] | JSONResponse:
    """The user's answers (``keep``: "always keep this choice"); answers ``{result: {tmplId: answer}}``."""
    try:
        async with _for_user(request, state, appid) as (session, end_user, app):
            result = await messages.subscribe(session, end_user, app, body.tmplIds, body.choices, body.keep)
    except NoSession:
        return no_session_answer()
    return {"result": {tmpl_id: answer.value for tmpl_id, answer in result.items()}}
