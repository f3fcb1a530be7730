"""Subscription message templates: the platform's library, each mini program's own list, keyword rules.

As in WeChat (platform-apis.md §1.4), a mini program adds a template from the library (``tid`` and
2–5 of its keywords, ``kidList``) and gets a private template id (``priTmplId``); it may also define
its own (a title and keywords with types). A keyword's value in a sent message is named by its
rule and keyword id (``thing1``, ``time3``) and must follow the rule's type and length (47003).
Only one-time templates (WeChat's type 2) exist: one accepted subscription allows one message.
Adding and deleting templates are developers' writes and are audited.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from openmini.platform import audit
from openmini.platform.accounts import Role, require_role
from openmini.platform.apps import App
from openmini.platform.audit import Actor
from openmini.platform.errors import Code, PlatformError
from openmini.store.database import Base, UTCDateTime, utcnow

ONE_TIME = 2  # WeChat's template type for one-time subscriptions
MAX_TEMPLATES = 25  # private templates per mini program, as WeChat allows
KEYWORDS = range(2, 6)  # keywords per template
TITLE_MAX = 20
KEYWORD_NAME_MAX = 20
SCENE_DESC_MAX = 15
EDITORS = (Role.ADMIN, Role.DEVELOPER)

# --- keyword rules ------------------------------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_DATE = r"(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2})"
_TIME = r"\d{1,2}:\d{2}(:\d{2})?"
_AT = rf"({_DATE}\s*)?{_TIME}"
_ON = rf"{_DATE}(\s*{_TIME})?"


def _span(point: str) -> re.Pattern[str]:
    """One point, or two joined by "~" (WeChat's way of writing a period)."""
    return re.compile(rf"{point}(\s*~\s*{point})?")


def _is_symbol(ch: str) -> bool:
    return not (ch.isalnum() or ch.isspace())


def _name(value: str) -> str | None:
    if re.fullmatch(rf"[{_CJK}]+[A-Za-z·]*|[A-Za-z]+[{_CJK}]+[A-Za-z{_CJK}]*", value):
        return None if len(value) <= 10 else "exceed limit (10 characters for a Chinese name)"
    if re.fullmatch(r"[A-Za-z][A-Za-z .'\-·]*", value):
        return None if len(value) <= 20 else "exceed limit (20 letters)"
    return "invalid (letters, or Chinese characters, only)"


def _limited(limit: int, pattern: str | Callable[[str], bool], what: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        if len(value) > limit:
            return f"exceed limit ({limit} characters)"
        ok = re.fullmatch(pattern, value) is not None if isinstance(pattern, str) else all(map(pattern, value))
        return None if ok else f"invalid ({what})"

    return check


def _matching(pattern: re.Pattern[str], what: str) -> Callable[[str], str | None]:
    return lambda value: None if pattern.fullmatch(value) else f"invalid ({what})"


# rule → the reason a value breaks it, or None. WeChat's published limits for each type.
RULES: dict[str, Callable[[str], str | None]] = {
    "thing": _limited(20, r"[^\n\r]*", "one line"),
    "number": _limited(32, r"[+-]?\d+(\.\d+)?", "digits, may have decimals"),
    "letter": _limited(32, r"[A-Za-z]+", "letters only"),
    "symbol": _limited(5, _is_symbol, "symbols only"),
    "character_string": _limited(32, r"[!-~]+", "digits, letters or symbols"),
    "time": _matching(_span(_AT), "a 24-hour time such as 15:01 or 2019年10月1日 15:01"),
    "date": _matching(_span(_ON), "a date such as 2019年10月1日 or 2019-10-01 15:01"),
    "amount": _limited(16, r"[¥$€£]?\d{1,12}(\.\d{1,2})?元?", "a currency sign and up to 12 digits"),
    "phone_number": _limited(17, r"[\d+\-() ]+", "digits and + - ( )"),
    "car_number": _limited(8, rf"[{_CJK}A-Za-z0-9][A-Za-z0-9]*[{_CJK}A-Za-z0-9]?", "a licence plate"),
    "name": _name,
    "phrase": _limited(5, rf"[{_CJK}]+", "up to 5 Chinese characters"),
}


def check_value(key: str, rule: str, value: object) -> str:
    """``value`` when it follows ``rule``; else PlatformError 47003 naming ``data.<key>.value``."""
    if not isinstance(value, str) or not value:
        raise PlatformError(Code.TEMPLATE_ARGUMENT_INVALID, f"argument invalid! data.{key}.value is empty")
    reason = RULES[rule](value)
    if reason is not None:
        raise PlatformError(Code.TEMPLATE_ARGUMENT_INVALID, f"argument invalid! data.{key}.value {reason}")
    return value


# --- the library --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LibraryKeyword:
    kid: int
    name: str
    rule: str
    example: str


@dataclass(frozen=True)
class LibraryTemplate:
    tid: int
    title: str
    category_id: int
    keywords: tuple[LibraryKeyword, ...]


def _kw(kid: int, name: str, rule: str, example: str) -> LibraryKeyword:
    return LibraryKeyword(kid, name, rule, example)


CATEGORIES: dict[int, str] = {307: "Shopping", 411: "Services and bookings", 616: "Events and queues"}
LIBRARY: dict[int, LibraryTemplate] = {
    t.tid: t
    for t in (
        LibraryTemplate(
            1001,
            "Order shipped",
            307,
            (
                _kw(1, "Order number", "character_string", "SO20261122001"),
                _kw(2, "Item", "thing", "Coffee beans 500g"),
                _kw(3, "Shipped at", "time", "2026-11-22 15:01"),
                _kw(4, "Carrier", "thing", "City Express"),
                _kw(5, "Tracking number", "character_string", "CE123456789"),
            ),
        ),
        LibraryTemplate(
            1002,
            "Payment received",
            307,
            (
                _kw(1, "Amount", "amount", "¥39.90"),
                _kw(2, "Item", "thing", "Membership, one month"),
                _kw(3, "Paid at", "time", "2026-11-22 15:01"),
                _kw(4, "Order number", "character_string", "SO20261122001"),
            ),
        ),
        LibraryTemplate(
            2001,
            "Appointment reminder",
            411,
            (
                _kw(1, "Service", "thing", "Haircut"),
                _kw(2, "Time", "time", "2026-11-23 10:30"),
                _kw(3, "Place", "thing", "12 Market Street"),
                _kw(4, "Customer", "name", "Alex"),
                _kw(5, "Phone", "phone_number", "+44 20 7946 0000"),
                _kw(6, "Note", "thing", "Please arrive 5 minutes early"),
            ),
        ),
        LibraryTemplate(
            3001,
            "Your number is called",
            616,
            (
                _kw(1, "Ticket", "character_string", "A032"),
                _kw(2, "Counter", "thing", "Counter 3"),
                _kw(3, "Called at", "time", "15:01"),
                _kw(4, "Waiting", "number", "2"),
            ),
        ),
        LibraryTemplate(
            3002,
            "Sign-up confirmed",
            616,
            (
                _kw(1, "Event", "thing", "Autumn fair"),
                _kw(2, "Date", "date", "2026-11-28"),
                _kw(3, "Attendee", "name", "Alex"),
                _kw(4, "Place", "thing", "Town hall"),
            ),
        ),
    )
}


def library_template(tid: int) -> LibraryTemplate:
    found = LIBRARY.get(tid)
    if found is None:
        raise PlatformError(Code.TEMPLATE_TID_INVALID, f"invalid tid {tid}")
    return found


def library_titles(category_ids: Sequence[int], start: int, limit: int) -> tuple[int, list[LibraryTemplate]]:
    """The library's templates in these categories (all of them, and a page from ``start``)."""
    if not category_ids or any(c not in CATEGORIES for c in category_ids):
        raise PlatformError(Code.TEMPLATE_CATEGORY_INVALID, "invalid category ids")
    if start < 0:
        raise PlatformError(Code.TEMPLATE_START_INVALID, "invalid start")
    if not 1 <= limit <= 30:
        raise PlatformError(Code.TEMPLATE_LIMIT_INVALID, "invalid limit: 1-30")
    matching = [t for t in LIBRARY.values() if t.category_id in category_ids]
    return len(matching), matching[start : start + limit]


# --- a mini program's templates -----------------------------------------------------------------


@dataclass(frozen=True)
class Keyword:
    key: str  # the name of its value in a message's data: rule + keyword id, "thing1"
    name: str
    rule: str
    example: str

    def to_json(self) -> dict[str, str]:
        return {"key": self.key, "name": self.name, "rule": self.rule, "example": self.example}


class MessageTemplate(Base):
    __tablename__ = "message_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pri_tmpl_id: Mapped[str] = mapped_column(String(64), unique=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"), index=True)
    tid: Mapped[int | None] = mapped_column(Integer)  # None: defined by the mini program itself
    title: Mapped[str] = mapped_column(String(64))
    scene_desc: Mapped[str] = mapped_column(String(64), default="")
    keywords: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Deleted templates are kept, so subscriptions to them answer "ban" and sent messages keep their title.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def keyword_list(self) -> list[Keyword]:
        return [Keyword(k["key"], k["name"], k["rule"], k.get("example", "")) for k in self.keywords]

    def content(self) -> str:
        """WeChat's ``content``: one ``name:{{key.DATA}}`` line per keyword."""
        return "".join(f"{k.name}:{{{{{k.key}.DATA}}}}\n" for k in self.keyword_list)

    def example(self) -> str:
        return "".join(f"{k.name}:{k.example}\n" for k in self.keyword_list)


@dataclass(frozen=True)
class AppBackend:
    """The mini program's own backend, proven by its ``access_token``: it manages its own templates."""

    app_id: int
    appid: str


Editor = Actor | AppBackend


async def _authorised(session: AsyncSession, editor: Editor, app: App) -> Actor:
    """The actor the audit log names; 90003 unless ``editor`` may change ``app``'s templates."""
    if isinstance(editor, AppBackend):
        if editor.app_id != app.id:
            raise PlatformError(Code.PERMISSION_DENIED, f"the access_token of {editor.appid} is not for {app.appid}")
        return Actor(None, f"{app.appid} (access_token)", org_id=app.org_id)
    await require_role(session, editor, app.org_id, *EDITORS)
    return editor


def _checked_scene_desc(scene_desc: str) -> str:
    if len(scene_desc) > SCENE_DESC_MAX:
        raise PlatformError(Code.TEMPLATE_SCENE_DESC_INVALID, f"sceneDesc longer than {SCENE_DESC_MAX} characters")
    return scene_desc


async def _add(
    session: AsyncSession, editor: Editor, app: App, tid: int | None, title: str, keywords: list[Keyword], scene: str
) -> MessageTemplate:
    actor = await _authorised(session, editor, app)
    live = await session.scalar(
        select(func.count(MessageTemplate.id)).where(
            MessageTemplate.app_id == app.id, MessageTemplate.deleted_at.is_(None)
        )
    )
    if (live or 0) >= MAX_TEMPLATES:
        raise PlatformError(Code.TEMPLATE_LIMIT_REACHED, f"at most {MAX_TEMPLATES} templates per mini program")
    template = MessageTemplate(
        pri_tmpl_id=secrets.token_urlsafe(32),
        app_id=app.id,
        tid=tid,
        title=title,
        scene_desc=_checked_scene_desc(scene),
        keywords=[k.to_json() for k in keywords],
        created_at=utcnow(),
    )
    session.add(template)
    await session.flush()
    detail = {"priTmplId": template.pri_tmpl_id, "title": title, "tid": tid}
    audit.record(session, actor, "template.add", f"app:{app.appid}", detail, org_id=app.org_id)
    return template


async def add_from_library(
    session: AsyncSession, editor: Editor, app: App, tid: int, kid_list: Sequence[int], scene_desc: str = ""
) -> MessageTemplate:
    """Add library template ``tid`` with the keywords ``kid_list`` (2–5, in the order given)."""
    found = library_template(tid)
    by_kid = {k.kid: k for k in found.keywords}
    if len(kid_list) not in KEYWORDS or len(set(kid_list)) != len(kid_list) or not set(kid_list) <= set(by_kid):
        raise PlatformError(Code.TEMPLATE_KIDLIST_INVALID, f"invalid kidList: 2-5 distinct keyword ids of tid {tid}")
    keywords = [Keyword(f"{by_kid[k].rule}{k}", by_kid[k].name, by_kid[k].rule, by_kid[k].example) for k in kid_list]
    return await _add(session, editor, app, tid, found.title, keywords, scene_desc)


async def define_template(
    session: AsyncSession,
    editor: Editor,
    app: App,
    title: str,
    keywords: Sequence[tuple[str, str]],
    scene_desc: str = "",
) -> MessageTemplate:
    """A template of the mini program's own: a title and 2–5 ``(name, rule)`` keywords."""
    title = title.strip()
    if not 1 <= len(title) <= TITLE_MAX:
        raise PlatformError(Code.INVALID_ARGS, f"a template title has 1-{TITLE_MAX} characters")
    if len(keywords) not in KEYWORDS:
        raise PlatformError(Code.TEMPLATE_KIDLIST_INVALID, "a template has 2-5 keywords")
    checked: list[Keyword] = []
    for kid, (name, rule) in enumerate(keywords, start=1):
        name = name.strip()
        if not 1 <= len(name) <= KEYWORD_NAME_MAX:
            raise PlatformError(Code.INVALID_ARGS, f"a keyword name has 1-{KEYWORD_NAME_MAX} characters")
        if rule not in RULES:
            raise PlatformError(Code.INVALID_ARGS, f"unknown keyword type {rule!r}: use one of {', '.join(RULES)}")
        checked.append(Keyword(f"{rule}{kid}", name, rule, ""))
    return await _add(session, editor, app, None, title, checked, scene_desc)


async def delete_template(session: AsyncSession, editor: Editor, app: App, pri_tmpl_id: str) -> None:
    actor = await _authorised(session, editor, app)
    template = await live_template(session, app, pri_tmpl_id)
    template.deleted_at = utcnow()
    audit.record(session, actor, "template.delete", f"app:{app.appid}", {"priTmplId": pri_tmpl_id}, org_id=app.org_id)


async def find_template(session: AsyncSession, app: App, pri_tmpl_id: str) -> MessageTemplate | None:
    """The template, deleted or not; None when the mini program never had it."""
    return await session.scalar(
        select(MessageTemplate).where(MessageTemplate.app_id == app.id, MessageTemplate.pri_tmpl_id == pri_tmpl_id)
    )


async def live_template(session: AsyncSession, app: App, pri_tmpl_id: str) -> MessageTemplate:
    """The template, unless deleted; 40037 otherwise."""
    template = await find_template(session, app, pri_tmpl_id)
    if template is None or template.deleted_at is not None:
        raise PlatformError(Code.INVALID_TEMPLATE_ID, f"invalid template_id {pri_tmpl_id!r}")
    return template


async def templates(session: AsyncSession, app: App) -> list[MessageTemplate]:
    """The mini program's templates, oldest first (deleted ones left out)."""
    rows = await session.scalars(
        select(MessageTemplate)
        .where(MessageTemplate.app_id == app.id, MessageTemplate.deleted_at.is_(None))
        .order_by(MessageTemplate.id)
    )
    return list(rows.all())
