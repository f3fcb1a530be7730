"""A mini program's ``access_token``: the credential its backend passes to every open API call.

Two kinds, kept apart as WeChat keeps them (platform-apis.md §1.1):

- ``cgi-bin/token``: every call issues a new token valid 7200 s; tokens issued before stay valid
  for 5 more minutes at most, so processes that share one app's credentials can switch over.
- ``stable_token``: calls return the **same** token while it has more than 5 minutes left; in its
  last 5 minutes a call issues the next one (the old one lives out its time), so ``expires_in`` is
  never below 300. ``force_refresh`` issues a new token and ends the previous one at once, at most
  20 times a day (45009) and 30 s apart (45011).

Tokens are stored as their SHA-256 only. A stable token is not random but an HMAC of a stored random
nonce keyed with the appsecret: a caller proving the secret gets the same token back, a copy of the
database does not, and resetting the appsecret makes the next call issue a new one.
Token bookkeeping is not a console write and stays out of the audit log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Boolean, ForeignKey, Integer, String, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from openmini.platform.apps import App
from openmini.platform.errors import Code, PlatformError
from openmini.store.database import Base, UTCDateTime, serialise, utcnow

LIFETIME = timedelta(seconds=7200)
OVERLAP = timedelta(minutes=5)
FORCE_DAILY_LIMIT = 20
FORCE_INTERVAL = timedelta(seconds=30)
DAY = timedelta(days=1)
TOKEN = "token"
STABLE = "stable"
# Tokens are 86 characters of base64url; WeChat tells developers to keep 512 for theirs.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{86}")
# Any fixed number: stable_token calls of one app take turns (per app: the key is offset by the app id).
STABLE_LOCK_BASE = 0x6F6D_0000_0000  # "om" in the high bytes


class AccessToken(Base):
    __tablename__ = "access_tokens"
    __audit_exempt__ = True

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    nonce: Mapped[str | None] = mapped_column(String(64))  # stable tokens only
    forced: Mapped[bool] = mapped_column(Boolean, default=False)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class Issued:
    access_token: str
    expires_in: int


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _stable_token(appsecret: str, nonce: str) -> str:
    return _b64(hmac.new(appsecret.encode("utf-8"), nonce.encode("ascii"), hashlib.sha512).digest())


def _seconds_left(token: AccessToken, now: datetime) -> int:
    return int((token.expires_at - now).total_seconds())


async def _forget_old(session: AsyncSession, app: App, now: datetime) -> None:
    # Forced stable tokens are kept for a day after they expire: they count against the daily limit.
    await session.execute(delete(AccessToken).where(AccessToken.app_id == app.id, AccessToken.expires_at <= now - DAY))


async def issue_token(session: AsyncSession, app: App, now: datetime | None = None) -> Issued:
    """``cgi-bin/token``: a new token; earlier ones of this kind end within 5 minutes."""
    now = now or utcnow()
    await _forget_old(session, app, now)
    await session.execute(
        update(AccessToken)
        .where(AccessToken.app_id == app.id, AccessToken.kind == TOKEN, AccessToken.expires_at > now + OVERLAP)
        .values(expires_at=now + OVERLAP)
    )
    token = _b64(secrets.token_bytes(64))
    session.add(
        AccessToken(app_id=app.id, kind=TOKEN, token_sha256=_sha256(token), issued_at=now, expires_at=now + LIFETIME)
    )
    await session.flush()
    return Issued(token, int(LIFETIME.total_seconds()))


async def stable_token(
    session: AsyncSession, app: App, appsecret: str, *, force_refresh: bool = False, now: datetime | None = None
) -> Issued:
    """``stable_token`` for a caller that proved ``appsecret`` (check it first with ``apps.verify_secret``)."""
    now = now or utcnow()
    # Two processes asking at once must agree on one token rather than each issue its own.
    await serialise(session, STABLE_LOCK_BASE + app.id)
    await _forget_old(session, app, now)
    stable = select(AccessToken).where(AccessToken.app_id == app.id, AccessToken.kind == STABLE)
    if force_refresh:
        today = stable.where(AccessToken.forced, AccessToken.issued_at > now - DAY)
        forced = list((await session.scalars(today)).all())
        if len(forced) >= FORCE_DAILY_LIMIT:
            raise PlatformError(Code.DAILY_LIMIT, "reach max api daily quota limit (force_refresh: 20 a day)")
        if any(t.issued_at > now - FORCE_INTERVAL for t in forced):
            raise PlatformError(Code.FREQUENCY_LIMIT, "api freq out of limit (force_refresh: once every 30 seconds)")
        await session.execute(
            update(AccessToken)
            .where(AccessToken.app_id == app.id, AccessToken.kind == STABLE, AccessToken.expires_at > now)
            .values(expires_at=now)
        )
    else:
        latest = await session.scalar(
            stable.where(AccessToken.expires_at > now + OVERLAP).order_by(AccessToken.expires_at.desc()).limit(1)
        )
        if latest is not None and latest.nonce is not None:
            token = _stable_token(appsecret, latest.nonce)
            if hmac.compare_digest(_sha256(token), latest.token_sha256):
                return Issued(token, _seconds_left(latest, now))
    nonce = secrets.token_hex(32)
    token = _stable_token(appsecret, nonce)
    session.add(
        AccessToken(
            app_id=app.id,
            kind=STABLE,
            token_sha256=_sha256(token),
            nonce=nonce,
            forced=force_refresh,
            issued_at=now,
            expires_at=now + LIFETIME,
        )
    )
    await session.flush()
    return Issued(token, int(LIFETIME.total_seconds()))


async def app_for_token(session: AsyncSession, token: str, now: datetime | None = None) -> App:
    """The mini program an ``access_token`` belongs to.

    41001 when missing, 40014 when it cannot be one of ours, 42001 when it expired or was replaced,
    40001 when unknown — the codes on which clients (wechatpy) fetch a new token and retry.
    """
    if not token:
        raise PlatformError(Code.MISSING_CREDENTIAL, "access_token missing")
    if not TOKEN_SHAPE.fullmatch(token):
        raise PlatformError(Code.INVALID_ACCESS_TOKEN, "invalid access_token")
    found = await session.scalar(select(AccessToken).where(AccessToken.token_sha256 == _sha256(token)))
    if found is None:
        raise PlatformError(Code.INVALID_CREDENTIAL, "invalid credential, access_token is invalid or not latest")
    if found.expires_at <= (now or utcnow()):
        raise PlatformError(Code.ACCESS_TOKEN_EXPIRED, "access_token expired")
    return await session.get_one(App, found.app_id)
