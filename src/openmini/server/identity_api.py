"""Identity calls the host makes for the mini program it runs (runtime/host/identity.js): the session's
end user and ``?appid=``, as the other platform APIs under ``/api``.

The host asks only after the user agreed in a host-drawn prompt where that is needed; mini program
code never reaches these routes (its frames have no cookies) and never sees a session_key: what it
gets back is a login code, signed and encrypted open data, or a phone number code. Errors are
WeChat-shaped (``{"errcode", "errmsg"}``); 41001 with HTTP 401 when nobody has a session.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.requests import Request

from openmini.platform import apps, identity
from openmini.platform.identity import PhoneNumber
from openmini.server.shell import NO_SESSION, session_end_user
from openmini.server.state import PlatformState, platform_state

router = APIRouter(prefix="/api/identity")
State = Annotated[PlatformState, Depends(platform_state)]
AppId = Annotated[str, Query(min_length=1, max_length=64, pattern=r"^[0-9a-z]+$")]


def _no_session() -> JSONResponse:
    return JSONResponse(NO_SESSION, status_code=401)


def _phone_json(phone: PhoneNumber | None) -> dict[str, str] | None:
    return None if phone is None else {"countryCode": phone.country_code, "number": phone.number}


@router.post("/login", response_model=None)
async def login(request: Request, state: State, appid: AppId) -> dict[str, Any] | JSONResponse:
    """``wx.login``: ``{code}`` for the developer's backend."""
    async with state.db.session() as session:
        found = await session_end_user(request, session)
        if found is None:
            return _no_session()
        return {"code": await identity.login(session, found[1].id, appid)}


@router.get("/session", response_model=None)
async def check_session(request: Request, state: State, appid: AppId) -> dict[str, Any] | JSONResponse:
    """``wx.checkSession``: ``{valid}``, whether the session_key is still valid."""
    async with state.db.session() as session:
        found = await session_end_user(request, session)
        if found is None:
            return _no_session()
        return {"valid": await identity.has_session(session, found[1].id, appid)}


@router.get("/prompt", response_model=None)
async def prompt(request: Request, state: State, appid: AppId) -> dict[str, Any] | JSONResponse:
    """What the consent prompts show: the mini program's name and what would be shared."""
    async with state.db.session() as session:
        found = await session_end_user(request, session)
        if found is None:
            return _no_session()
        app = await apps.get_app(session, appid)
        return {
            "name": app.name,
            "icon": app.icon or None,
            "userInfo": await identity.profile(session, found[1].id),
            "phone": _phone_json(await identity.phone_number(session, found[1].id)),
        }


class UserInfoRequest(BaseModel):
    anonymous: bool = Field(description="wx.getUserInfo's answer: no real name or picture.")
    lang: str = Field("en", max_length=8)


@router.post("/userinfo", response_model=None)
async def user_info(
    request: Request, state: State, appid: AppId, body: UserInfoRequest
) -> dict[str, Any] | JSONResponse:
    """``{userInfo, rawData, signature, encryptedData, iv}`` for wx.getUserProfile / wx.getUserInfo."""
    async with state.db.session() as session:
        found = await session_end_user(request, session)
        if found is None:
            return _no_session()
        data = await identity.user_open_data(session, found[1].id, appid, anonymous=body.anonymous, lang=body.lang)
    return {
        "userInfo": data.user_info,
        "rawData": data.raw_data,
        "signature": data.signature,
        "encryptedData": data.encrypted_data,
        "iv": data.iv,
    }


class PhoneBody(BaseModel):
    countryCode: str = Field(max_length=8)
    number: str = Field(max_length=32)


@router.get("/phone", response_model=None)
async def get_phone(request: Request, state: State) -> dict[str, Any] | JSONResponse:
    """The number the end user keeps on the platform (``{phone: null}`` when none)."""
    async with state.db.session() as session:
        found = await session_end_user(request, session)
        if found is None:
            return _no_session()
        return {"phone": _phone_json(await identity.phone_number(session, found[1].id))}


@router.put("/phone", response_model=None)
async def put_phone(request: Request, state: State, body: PhoneBody) -> dict[str, Any] | JSONResponse:
    """Keep or change the end user's number (40097 unless digits with a country code)."""
    async with state.db.session() as session:
        found = await session_end_user(request, session)
        if found is None:
            return _no_session()
        phone = await identity.set_phone_number(session, found[1].id, body.countryCode, body.number)
        return {"phone": _phone_json(phone)}


@router.post("/phone-code", response_model=None)
async def phone_code(request: Request, state: State, appid: AppId) -> dict[str, Any] | JSONResponse:
    """The user agreed to share their number with ``appid``: ``{code}`` for its backend."""
    async with state.db.session() as session:
        found = await session_end_user(request, session)
        if found is None:
            return _no_session()
        return {"code": await identity.share_phone_number(session, found[1].id, appid)}
