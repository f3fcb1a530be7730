"""Expiring links to a mini program: WeChat's URL Scheme and URL Link (platform-apis.md §1.6).

A developer's backend asks for one (``generatescheme``, ``generate_urllink``); it is a short
``{public_url}/l/{token}`` that opens the mini program's stable link (:mod:`openmini.platform.links`)
at the chosen page and query until it expires — at most 30 days after it was made, as in WeChat.
Links are the developers' traffic, not console writes, so they stay out of the audit log.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from openmini.platform import links
from openmini.platform.apps import App
from openmini.platform.errors import Code, PlatformError
from openmini.store.database import Base, UTCDateTime, utcnow

Kind = Literal["scheme", "urllink"]
MAX_LIFETIME = timedelta(days=30)
MIN_LIFETIME = timedelta(minutes=1)
TOKEN_BYTES = 12
TOKEN = re.compile(r"[A-Za-z0-9_-]{16}")  # what secrets.token_urlsafe(TOKEN_BYTES) makes


class ShortLink(Base):
    __tablename__ = "short_links"
    __audit_exempt__ = True

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(links.MAX_PAGE), default="")  # "" opens the entry page
    query: Mapped[str] = mapped_column(String(links.MAX_QUERY), default="")
    env_version: Mapped[str] = mapped_column(String(16), default="release")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


def expiry(now: datetime, expire_type: int, expire_time: int | None, expire_interval: int | None) -> datetime:
    """When a link made ``now`` expires: at ``expire_time`` (unix seconds, type 0) or after
    ``expire_interval`` days (type 1); 30 days when neither is given. WeChat's 85401/85402 otherwise."""
    if expire_type == 0:
        if expire_time is None:
            return now + MAX_LIFETIME
        try:
            at = datetime.fromtimestamp(expire_time, now.tzinfo)
        except (OverflowError, OSError, ValueError):
            raise PlatformError(Code.EXPIRE_TIME_INVALID, "invalid expire_time") from None
        if not now + MIN_LIFETIME < at <= now + MAX_LIFETIME:
            raise PlatformError(Code.EXPIRE_TIME_INVALID, "expire_time must be between 1 minute and 30 days from now")
        return at
    if expire_type == 1:
        if expire_interval is None or not 1 <= expire_interval <= MAX_LIFETIME.days:
            raise PlatformError(Code.EXPIRE_INTERVAL_INVALID, "expire_interval must be 1-30 days")
        return now + timedelta(days=expire_interval)
    raise PlatformError(Code.INVALID_ARGS, "invalid expire_type: 0 (expire_time) or 1 (expire_interval)")


async def create(
    session: AsyncSession,
    app: App,
    kind: Kind,
    link: links.AppLink,
    expires_at: datetime,
) -> ShortLink:
    """Store a link to ``link``'s page, query and env version; the caller checked the page exists."""
    short = ShortLink(
        token=secrets.token_urlsafe(TOKEN_BYTES),
        kind=kind,
        app_id=app.id,
        path=link.path or "",
        query=link.query or "",
        env_version=link.env,
        created_at=utcnow(),
        expires_at=expires_at,
    )
    session.add(short)
    await session.flush()
    return short


async def resolve(session: AsyncSession, token: str, now: datetime) -> links.AppLink:
    """The stable link a short link opens (as a URL Link: scene 1194); 90001 unknown, 90301 expired."""
    row = (
        await session.execute(
            select(ShortLink, App.appid).join(App, App.id == ShortLink.app_id).where(ShortLink.token == token)
        )
    ).first()
    if row is None:
        raise PlatformError(Code.NOT_FOUND, "no such link")
    short, appid = row
    if short.expires_at <= now:
        raise PlatformError(Code.LINK_EXPIRED, "this link has expired")
    env = links.as_env(short.env_version)
    return links.AppLink(appid, short.path or None, short.query or None, None, env, "link")


def short_url(public_url: str, short: ShortLink) -> str:
    return f"{public_url.rstrip('/')}/l/{short.token}"
