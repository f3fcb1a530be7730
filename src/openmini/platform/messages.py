"""Subscription messages: the user's consents, sending, and the user's inbox (DESIGN.md invariant 5).

``wx.requestSubscribeMessage`` shows the user up to three templates; each accepted one-time template
is one **grant**, and each grant allows exactly one message: ``subscribe/send`` spends the oldest
unspent grant of that user and template, or fails with WeChat's 43101. "Always keep this choice"
stores the user's answer, which later requests apply without asking (an accept still makes a new
grant each time, as in WeChat). A template the mini program deleted answers ``ban``; a second
template with the same title in one request answers ``filter``.

A message is stored, with its grant spent, in one transaction; delivery — making it visible in the
inbox — is a second step, and any message stored but not yet delivered is delivered the next time
its user's inbox is read, so a crash between the two loses nothing. Consents and messages are the
users' and the developers' traffic, not console writes: they stay out of the audit log.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal, cast

from sqlalchemy import JSON, CursorResult, ForeignKey, Index, Integer, String, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from openmini.platform import links
from openmini.platform.accounts import EndUser
from openmini.platform.apps import App
from openmini.platform.consent import version_in_use
from openmini.platform.errors import Code, PlatformError
from openmini.platform.message_templates import MessageTemplate, check_value, find_template, live_template
from openmini.store.database import Base, UTCDateTime, utcnow

MAX_PER_REQUEST = 3  # templates in one wx.requestSubscribeMessage
STATES: dict[str, links.Env] = {"formal": "release", "trial": "trial", "developer": "develop"}
LANGS = ("zh_CN", "en_US", "zh_HK", "zh_TW")
PAGE_MAX = 1024


class Answer(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    BAN = "ban"
    FILTER = "filter"


Choice = Literal["accept", "reject"]


class SubscriptionChoice(Base):
    """A choice the user asked to keep ("always keep this choice") for one template."""

    __tablename__ = "subscription_choices"
    __audit_exempt__ = True

    end_user_id: Mapped[str] = mapped_column(ForeignKey("end_users.id", ondelete="CASCADE"), primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("message_templates.id", ondelete="CASCADE"), primary_key=True)
    choice: Mapped[str] = mapped_column(String(8))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Message(Base):
    __tablename__ = "messages"
    __audit_exempt__ = True

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # WeChat's msgid
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    end_user_id: Mapped[str] = mapped_column(ForeignKey("end_users.id", ondelete="CASCADE"), index=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("message_templates.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(64))
    # [{"key": "thing1", "name": "Item", "value": "Coffee"}], a copy: the template may change later
    fields: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    page: Mapped[str] = mapped_column(String(PAGE_MAX), default="")  # page path; "" opens the entry page
    query: Mapped[str] = mapped_column(String(PAGE_MAX), default="")
    env_version: Mapped[str] = mapped_column(String(16), default="release")
    lang: Mapped[str] = mapped_column(String(8), default="zh_CN")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SubscriptionGrant(Base):
    """One accepted subscription: allows one message, then records which."""

    __tablename__ = "subscription_grants"
    __table_args__ = (Index("ix_subscription_grants_template_id_end_user_id", "template_id", "end_user_id"),)
    __audit_exempt__ = True

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    end_user_id: Mapped[str] = mapped_column(ForeignKey("end_users.id", ondelete="CASCADE"))
    template_id: Mapped[int] = mapped_column(ForeignKey("message_templates.id", ondelete="CASCADE"))
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))


# --- asking -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Requested:
    """One template of a request: what the prompt shows, and the answer when no question is needed."""

    tmpl_id: str
    title: str
    keywords: list[str]
    answer: Answer | None  # None: ask the user
    kept: bool = False  # the answer is a choice the user asked to keep


async def _checked_request(session: AsyncSession, app: App, tmpl_ids: Sequence[str]) -> list[MessageTemplate]:
    if not tmpl_ids:
        raise PlatformError(Code.SUBSCRIBE_NO_TEMPLATE, "TmplIds can't be empty")
    if len(tmpl_ids) > MAX_PER_REQUEST:
        raise PlatformError(Code.SUBSCRIBE_TOO_MANY, "Templates count out of max bounds")
    found = []
    for tmpl_id in tmpl_ids:
        template = await find_template(session, app, tmpl_id) if isinstance(tmpl_id, str) else None
        if template is None:
            raise PlatformError(Code.SUBSCRIBE_NO_TEMPLATE, "No template data return, verify the template id exist")
        found.append(template)
    return found


async def plan(session: AsyncSession, end_user: EndUser, app: App, tmpl_ids: Sequence[str]) -> list[Requested]:
    """What a ``wx.requestSubscribeMessage({tmplIds})`` shows: which templates to ask about, and the
    answer of the others (banned, filtered, or a kept choice)."""
    found = await _checked_request(session, app, tmpl_ids)
    kept = {
        c.template_id: c.choice
        for c in await session.scalars(
            select(SubscriptionChoice).where(
                SubscriptionChoice.end_user_id == end_user.id,
                SubscriptionChoice.template_id.in_([t.id for t in found]),
            )
        )
    }
    titles: set[str] = set()
    planned = []
    for template in found:
        names = [k.name for k in template.keyword_list]
        if template.deleted_at is not None:
            answer: Answer | None = Answer.BAN
        elif template.title in titles:
            answer = Answer.FILTER
        else:
            answer = Answer(kept[template.id]) if template.id in kept else None
        titles.add(template.title)
        planned.append(Requested(template.pri_tmpl_id, template.title, names, answer, template.id in kept))
    return planned


async def subscribe(
    session: AsyncSession,
    end_user: EndUser,
    app: App,
    tmpl_ids: Sequence[str],
    choices: Mapping[str, Choice],
    keep: bool,
) -> dict[str, Answer]:
    """Record the user's answers to the prompt (``choices`` for the templates :func:`plan` left to
    ask) and return every template's answer. Each accept is one grant; ``keep`` stores the choices."""
    planned = await plan(session, end_user, app, tmpl_ids)
    version_id = await version_in_use(session, end_user, app)
    answers: dict[str, Answer] = {}
    for item in planned:
        answer = item.answer
        if answer is None:
            choice = choices.get(item.tmpl_id)
            if choice not in ("accept", "reject"):
                raise PlatformError(Code.INVALID_ARGS, f"no answer for template {item.tmpl_id}")
            answer = Answer(choice)
            if keep:
                await _keep(session, end_user, app, item.tmpl_id, choice)
        if answer is Answer.ACCEPT:
            template = await live_template(session, app, item.tmpl_id)
            session.add(
                SubscriptionGrant(
                    end_user_id=end_user.id, template_id=template.id, version_id=version_id, granted_at=utcnow()
                )
            )
        answers[item.tmpl_id] = answer
    await session.flush()
    return answers


async def _keep(session: AsyncSession, end_user: EndUser, app: App, tmpl_id: str, choice: Choice) -> None:
    template = await live_template(session, app, tmpl_id)
    existing = await session.get(SubscriptionChoice, (end_user.id, template.id))
    if existing is None:
        session.add(SubscriptionChoice(end_user_id=end_user.id, template_id=template.id, choice=choice, at=utcnow()))
    else:
        existing.choice, existing.at = choice, utcnow()


async def kept_choices(session: AsyncSession, end_user: EndUser, app: App) -> dict[str, str]:
    """``wx.getSetting``'s ``subscriptionsSetting.itemSettings``: the kept choice per template id."""
    rows = await session.execute(
        select(MessageTemplate.pri_tmpl_id, SubscriptionChoice.choice)
        .join(SubscriptionChoice, SubscriptionChoice.template_id == MessageTemplate.id)
        .where(SubscriptionChoice.end_user_id == end_user.id, MessageTemplate.app_id == app.id)
        .order_by(MessageTemplate.id)
    )
    return {tmpl_id: choice for tmpl_id, choice in rows}


# --- sending ------------------------------------------------------------------------------------


def split_page(page: str) -> tuple[str, str]:
    """``pages/a/a?x=1`` → (``pages/a/a``, ``x=1``); 41030 for a page that is not one."""
    path, _, query = page.partition("?")
    path = path.lstrip("/")
    if len(page) > PAGE_MAX or not path:
        raise PlatformError(links.INVALID_PAGE, f"invalid page {page!r}")
    links.check_page(path)
    if query:
        try:
            links.check_query(query)
        except PlatformError:
            raise PlatformError(links.INVALID_PAGE, f"invalid page {page!r}: its query is not URL-safe") from None
    return path, query


def as_state(miniprogram_state: str) -> links.Env:
    env = STATES.get(miniprogram_state)
    if env is None:
        raise PlatformError(Code.INVALID_ARGS, "invalid miniprogram_state: use developer, trial or formal")
    return env


def _fields(template: MessageTemplate, data: Mapping[str, Any]) -> list[dict[str, str]]:
    fields = []
    for keyword in template.keyword_list:
        item = data.get(keyword.key)
        value = item.get("value") if isinstance(item, Mapping) else None
        fields.append(
            {"key": keyword.key, "name": keyword.name, "value": check_value(keyword.key, keyword.rule, value)}
        )
    return fields


@dataclass(frozen=True)
class Outgoing:
    """What ``subscribe/send`` asks: ``page`` already split into a page path and its query."""

    tmpl_id: str
    data: Mapping[str, Any]
    page: str = ""
    query: str = ""
    env: links.Env = "release"
    lang: str = "zh_CN"


async def store(
    session: AsyncSession, app: App, end_user: EndUser, outgoing: Outgoing, pages: Collection[str] | None
) -> Message:
    """Check and store one message, spending one grant (43101 when there is none). ``pages``: the
    pages of the version the message opens, to check ``page`` against (None: not checked)."""
    template = await live_template(session, app, outgoing.tmpl_id)
    if outgoing.page:
        links.check_page(outgoing.page, pages)
    if outgoing.lang not in LANGS:
        raise PlatformError(Code.INVALID_ARGS, f"invalid lang: use one of {', '.join(LANGS)}")
    fields = _fields(template, outgoing.data)
    message = Message(
        app_id=app.id,
        end_user_id=end_user.id,
        template_id=template.id,
        title=template.title,
        fields=fields,
        page=outgoing.page,
        query=outgoing.query,
        env_version=outgoing.env,
        lang=outgoing.lang,
        created_at=utcnow(),
    )
    session.add(message)
    await session.flush()
    await _spend_grant(session, end_user, template, message)
    return message


async def _spend_grant(session: AsyncSession, end_user: EndUser, template: MessageTemplate, message: Message) -> None:
    unspent = (SubscriptionGrant.message_id.is_(None),)
    candidates = await session.scalars(
        select(SubscriptionGrant.id)
        .where(SubscriptionGrant.end_user_id == end_user.id, SubscriptionGrant.template_id == template.id, *unspent)
        .order_by(SubscriptionGrant.id)
        .limit(5)
    )
    for grant_id in candidates.all():
        # Conditional: a concurrent send that spent this grant first makes this one match nothing.
        spent = await session.execute(
            update(SubscriptionGrant)
            .where(SubscriptionGrant.id == grant_id, *unspent)
            .values(message_id=message.id)
            .execution_options(synchronize_session=False)
        )
        if cast(CursorResult[Any], spent).rowcount == 1:
            return
    raise PlatformError(Code.SUBSCRIPTION_REFUSED, "user refuse to accept the msg: no unspent subscription")


async def deliver(session: AsyncSession, message_id: int) -> None:
    """Make a stored message visible in its user's inbox (once)."""
    await session.execute(
        update(Message)
        .where(Message.id == message_id, Message.delivered_at.is_(None))
        .values(delivered_at=utcnow())
        .execution_options(synchronize_session=False)
    )


async def _deliver_pending(session: AsyncSession, end_user: EndUser) -> None:
    await session.execute(
        update(Message)
        .where(Message.end_user_id == end_user.id, Message.delivered_at.is_(None))
        .values(delivered_at=utcnow())
        .execution_options(synchronize_session=False)
    )


# --- the inbox ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxItem:
    message: Message
    app: App


async def inbox(session: AsyncSession, end_user: EndUser, limit: int = 50) -> list[InboxItem]:
    """The user's messages, newest first (delivering any stored but undelivered one first)."""
    await _deliver_pending(session, end_user)
    rows = await session.execute(
        select(Message, App)
        .join(App, App.id == Message.app_id)
        .where(Message.end_user_id == end_user.id, Message.delivered_at.is_not(None))
        .order_by(Message.id.desc())
        .limit(limit)
    )
    return [InboxItem(message, app) for message, app in rows]


async def unread_count(session: AsyncSession, end_user: EndUser) -> int:
    await _deliver_pending(session, end_user)
    count = await session.scalar(
        select(func.count(Message.id)).where(
            Message.end_user_id == end_user.id, Message.delivered_at.is_not(None), Message.read_at.is_(None)
        )
    )
    return count or 0


async def mark_read(session: AsyncSession, end_user: EndUser, message_id: int) -> Message:
    """Mark one of the user's messages read; 90001 for a message that is not theirs."""
    message = await session.get(Message, message_id)
    if message is None or message.end_user_id != end_user.id or message.delivered_at is None:
        raise PlatformError(Code.NOT_FOUND, f"no message {message_id}")
    if message.read_at is None:
        message.read_at = utcnow()
    return message
