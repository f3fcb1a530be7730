"""Subscription messages over HTTP: WeChat's template management (``/wxaapi/newtmpl/*``) and
``/cgi-bin/message/subscribe/send`` for developers' backends (``access_token``), and the end user's
inbox in the shell (``/api/shell/inbox``, the session).

The open API answers in WeChat's shapes (platform-apis.md §1.4), HTTP 200 with ``errcode``/``errmsg``.
A send stores the message (spending the user's subscription) and only then delivers it to the inbox.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request

from openmini.platform import accounts, identity, message_templates, messages
from openmini.platform.apps import App
from openmini.platform.message_templates import RULES, AppBackend, MessageTemplate
from openmini.server.open_api import MAX_ID, NO_NUL, WeChatResult, WeChatRoute
from openmini.server.shell import NO_SESSION, iso, session_end_user
from openmini.server.state import PlatformState, platform_state
from openmini.server.version_pages import env_pages
from openmini.server.wechat_api import TokenApp

State = Annotated[PlatformState, Depends(platform_state)]
TAG = "WeChat subscription messages"

router = APIRouter(
    route_class=WeChatRoute,
    # WeChat's clients often post JSON without a Content-Type; WeChat reads it as JSON.
    strict_content_type=False,
    responses={200: {"description": "the answer on success; otherwise the errcode and errmsg of the refusal"}},
)


def _backend(app: App) -> AppBackend:
    return AppBackend(app.id, app.appid)


# --- the library ----------------------------------------------------------------------------------


class Category(BaseModel):
    id: int
    name: str


class CategoryList(WeChatResult):
    data: list[Category]


@router.get("/wxaapi/newtmpl/getcategory", tags=[TAG], response_model=CategoryList | WeChatResult)
async def getcategory(app: TokenApp) -> CategoryList:
    """The library's categories."""
    return CategoryList(data=[Category(id=i, name=n) for i, n in message_templates.CATEGORIES.items()])


class TitleEntry(BaseModel):
    tid: int
    title: str
    type: int = Field(description="2: one-time subscription.")
    categoryId: str


class TitleList(WeChatResult):
    count: int
    data: list[TitleEntry]


@router.get("/wxaapi/newtmpl/getpubtemplatetitles", tags=[TAG], response_model=TitleList | WeChatResult)
async def getpubtemplatetitles(
    app: TokenApp,
    ids: Annotated[str, Query(max_length=200, description="Category ids, comma-separated, unquoted.")] = "",
    start: Annotated[int, Query(ge=-MAX_ID, le=MAX_ID)] = 0,
    limit: Annotated[int, Query(ge=-MAX_ID, le=MAX_ID)] = 30,
) -> TitleList:
    """Library templates of these categories, a page of at most 30. Errors: 200016, 200017, 200019."""
    try:
        category_ids = [int(part) for part in ids.split(",") if part.strip()]
    except ValueError:
        category_ids = [-1]  # an unknown category: refused below as WeChat refuses quoted ids
    count, found = message_templates.library_titles(category_ids, start, limit)
    data = [
        TitleEntry(tid=t.tid, title=t.title, type=message_templates.ONE_TIME, categoryId=str(t.category_id))
        for t in found
    ]
    return TitleList(count=count, data=data)


class KeywordEntry(BaseModel):
    kid: int
    name: str
    example: str
    rule: str


class KeywordList(WeChatResult):
    count: int
    data: list[KeywordEntry]


@router.get("/wxaapi/newtmpl/getpubtemplatekeywords", tags=[TAG], response_model=KeywordList | WeChatResult)
async def getpubtemplatekeywords(app: TokenApp, tid: Annotated[int, Query(ge=-MAX_ID, le=MAX_ID)]) -> KeywordList:
    """The keywords of library template ``tid``. Errors: 200014."""
    found = message_templates.library_template(tid)
    data = [KeywordEntry(kid=k.kid, name=k.name, example=k.example, rule=k.rule) for k in found.keywords]
    return KeywordList(count=len(data), data=data)


# --- the mini program's templates ---------------------------------------------------------------


class AddTemplateBody(BaseModel):
    tid: int = Field(ge=-MAX_ID, le=MAX_ID)
    kidList: list[int] = Field(max_length=10)
    sceneDesc: str = Field(default="", max_length=100, pattern=NO_NUL)


class AddTemplateResult(WeChatResult):
    priTmplId: str


@router.post("/wxaapi/newtmpl/addtemplate", tags=[TAG], response_model=AddTemplateResult | WeChatResult)
async def addtemplate(app: TokenApp, state: State, body: AddTemplateBody) -> AddTemplateResult:
    """Add library template ``tid`` with 2–5 of its keywords. Errors: 200012, 200014, 200020, 200021."""
    async with state.db.session() as session:
        template = await message_templates.add_from_library(
            session, _backend(app), app, body.tid, body.kidList, body.sceneDesc
        )
    return AddTemplateResult(priTmplId=template.pri_tmpl_id)


class OwnKeyword(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=message_templates.KEYWORD_NAME_MAX, pattern=NO_NUL)
    rule: str = Field(max_length=32, description=f"One of {', '.join(RULES)}.")


class DefineTemplateBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=message_templates.TITLE_MAX, pattern=NO_NUL)
    keywords: list[OwnKeyword] = Field(max_length=10)
    sceneDesc: str = Field(default="", max_length=100, pattern=NO_NUL)


@router.post(
    "/wxa/openmini/define_template",
    tags=["openmini developer tools"],
    response_model=AddTemplateResult | WeChatResult,
    summary="Define a template of the mini program's own",
)
async def define_template(app: TokenApp, state: State, body: DefineTemplateBody) -> AddTemplateResult:
    """A title and 2–5 keywords with WeChat's types (thing, number, time…); used like a library
    template. Errors: 200012, 200020, 200021, 40097."""
    keywords = [(k.name, k.rule) for k in body.keywords]
    async with state.db.session() as session:
        template = await message_templates.define_template(
            session, _backend(app), app, body.title, keywords, body.sceneDesc
        )
    return AddTemplateResult(priTmplId=template.pri_tmpl_id)


class DelTemplateBody(BaseModel):
    priTmplId: str = Field(max_length=64, pattern=NO_NUL)


@router.post("/wxaapi/newtmpl/deltemplate", tags=[TAG], response_model=WeChatResult)
async def deltemplate(app: TokenApp, state: State, body: DelTemplateBody) -> WeChatResult:
    """Delete a template: later requests for it answer ``ban``, sends fail with 40037."""
    async with state.db.session() as session:
        await message_templates.delete_template(session, _backend(app), app, body.priTmplId)
    return WeChatResult()


class TemplateEntry(BaseModel):
    priTmplId: str
    title: str
    content: str = Field(description="One `name:{{key.DATA}}` line per keyword.")
    example: str
    type: int


class TemplateList(WeChatResult):
    data: list[TemplateEntry]


def _entry(template: MessageTemplate) -> TemplateEntry:
    return TemplateEntry(
        priTmplId=template.pri_tmpl_id,
        title=template.title,
        content=template.content(),
        example=template.example(),
        type=message_templates.ONE_TIME,
    )


@router.get("/wxaapi/newtmpl/gettemplate", tags=[TAG], response_model=TemplateList | WeChatResult)
async def gettemplate(app: TokenApp, state: State) -> TemplateList:
    """The mini program's templates."""
    async with state.db.session(read_only=True) as session:
        found = await message_templates.templates(session, app)
    return TemplateList(data=[_entry(t) for t in found])


# --- sending --------------------------------------------------------------------------------------


class SendBody(BaseModel):
    touser: str = Field(max_length=128, pattern=NO_NUL, description="The user's openid in this mini program.")
    template_id: str = Field(max_length=64, pattern=NO_NUL)
    page: str = Field(default="", max_length=messages.PAGE_MAX, pattern=NO_NUL)
    data: dict[str, Any] = Field(description='`{"thing1": {"value": "…"}, …}`, one entry per keyword.')
    miniprogram_state: str = Field(default="formal", max_length=16)
    lang: str = Field(default="zh_CN", max_length=8)


class SendResult(WeChatResult):
    msgid: int


@router.post("/cgi-bin/message/subscribe/send", tags=[TAG], response_model=SendResult | WeChatResult)
async def send(app: TokenApp, state: State, body: SendBody) -> SendResult:
    """One message per accepted subscription. Errors: 40003 (touser), 40037 (template_id), 41030
    (page not in the version ``miniprogram_state`` opens), 47003 (a ``data`` value breaks its
    keyword's rule; errmsg names it), 43101 (no unspent subscription)."""
    env = messages.as_state(body.miniprogram_state)
    path, query = messages.split_page(body.page) if body.page else ("", "")
    outgoing = messages.Outgoing(body.template_id, body.data, path, query, env, body.lang)
    async with state.db.session() as session:
        user = await identity.by_openid(session, app, body.touser)
        end_user = await accounts.get_end_user(session, user.end_user_id)
        pages = await env_pages(state, session, app, env) if path else None
        message = await messages.store(session, app, end_user, outgoing, pages if pages is not None else frozenset())
    async with state.db.session() as session:
        await messages.deliver(session, message.id)
    return SendResult(msgid=message.id)


# --- the inbox ------------------------------------------------------------------------------------

shell_router = APIRouter(prefix="/api/shell/inbox")


def _item(item: messages.InboxItem) -> dict[str, Any]:
    message, app = item.message, item.app
    return {
        "id": message.id,
        "appid": app.appid,
        "appName": app.name,
        "icon": app.icon or None,
        "title": message.title,
        "fields": [{"name": f["name"], "value": f["value"]} for f in message.fields],
        "path": message.page or None,
        "query": message.query or None,
        "env": message.env_version,
        "at": iso(message.created_at),
        "read": message.read_at is not None,
    }


@shell_router.get("", response_model=None)
async def inbox(request: Request, state: State) -> dict[str, Any] | JSONResponse:
    """The session's messages, newest first, and how many are unread."""
    async with state.db.session() as session:
        found = await session_end_user(request, session)
        if found is None:
            return JSONResponse(NO_SESSION, status_code=401)
        items = await messages.inbox(session, found[1])
        unread = await messages.unread_count(session, found[1])
    return {"unread": unread, "items": [_item(i) for i in items]}


@shell_router.post("/{message_id}/read", response_model=None)
async def read(
    request: Request, state: State, message_id: Annotated[int, Path(ge=1, le=MAX_ID)]
) -> dict[str, Any] | JSONResponse:
    """Mark one message read (opening it does); answers the unread count."""
    async with state.db.session() as session:
        found = await session_end_user(request, session)
        if found is None:
            return JSONResponse(NO_SESSION, status_code=401)
        await messages.mark_read(session, found[1], message_id)
        unread = await messages.unread_count(session, found[1])
    return {"unread": unread}
