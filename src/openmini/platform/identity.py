"""Who the user is, as each mini program sees them (DESIGN.md invariant 4; platform-apis.md §1.1–1.3).

- **Pairwise ids**: an end user has a different ``openid`` in every mini program (random, stored, so
  stable), and one ``unionid`` per organisation — the organisation plays the part of WeChat's Open
  Platform account, so only its own mini programs can join their users up.
- **Login codes**: ``wx.login`` gets a random code bound to (end user, appid), single use, valid 5
  minutes; the developer's backend exchanges it (code2Session) for openid, session_key and unionid.
- **session_key**: 16 random bytes (base64), one per (end user, mini program) at a time. ``wx.login``
  keeps a valid key and replaces an expired one; ``resetusersessionkey`` replaces it early, keeping its
  expiry. The key signs and encrypts open data (``openmini.platform.open_data``) on the server; it
  reaches only the developer's backend, never mini program code.
- **Phone numbers**: the number the user keeps on the platform; sharing it with a mini program makes a
  code (single use, 5 minutes) bound to that number, which the backend redeems (getuserphonenumber).

Codes are stored as their SHA-256 only. None of this is a console write: the tables opt out of the
audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, ForeignKey, String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from openmini.platform import open_data
from openmini.platform.accounts import EndUser, User, get_end_user
from openmini.platform.apps import App, get_app
from openmini.platform.errors import Code, PlatformError
from openmini.store.database import Base, UTCDateTime, utcnow

CODE_TTL = timedelta(minutes=5)
# WeChat does not publish how long a session_key lives; a week keeps a returning user logged in.
SESSION_TTL = timedelta(days=7)
LOGIN = "login"
PHONE = "phone"
SIG_METHOD = "hmac_sha256"
ID_CHARS = 28  # WeChat's openids and unionids are 28 characters
LANGUAGES = ("en", "zh_CN", "zh_TW")
# What wx.getUserInfo answers since WeChat made it anonymous: no real name or picture without a prompt.
ANONYMOUS_NICKNAME = "用户"
GUEST_NICKNAME = "Guest"
COUNTRY_CODE = re.compile(r"[1-9][0-9]{0,3}")
PHONE_NUMBER = re.compile(r"[0-9]{4,15}")


class AppUser(Base):
    """One end user as one mini program knows them: the pairwise openid and the current session_key."""

    __tablename__ = "identity_app_users"
    __audit_exempt__ = True

    end_user_id: Mapped[str] = mapped_column(ForeignKey("end_users.id", ondelete="CASCADE"), primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"), primary_key=True, index=True)
    openid: Mapped[str] = mapped_column(String(ID_CHARS), unique=True)
    session_key: Mapped[str | None] = mapped_column(String(24))
    session_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def live_session_key(self, now: datetime) -> str | None:
        """The session_key while it is valid, else None."""
        expires = self.session_expires_at
        return self.session_key if expires is not None and expires > now else None


class UnionId(Base):
    __tablename__ = "identity_unionids"
    __audit_exempt__ = True

    end_user_id: Mapped[str] = mapped_column(ForeignKey("end_users.id", ondelete="CASCADE"), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    unionid: Mapped[str] = mapped_column(String(ID_CHARS), unique=True)


class OneTimeCode(Base):
    """A login or phone number code: single use, short-lived, bound to one end user and one mini program."""

    __tablename__ = "identity_codes"
    __audit_exempt__ = True

    code_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(8))
    end_user_id: Mapped[str] = mapped_column(ForeignKey("end_users.id", ondelete="CASCADE"))
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # A phone code carries the number shared at that moment, so a later change does not leak into it.
    country_code: Mapped[str | None] = mapped_column(String(4))
    phone_number: Mapped[str | None] = mapped_column(String(15))


class PhoneNumber(Base):
    """The number an end user keeps on the platform to share with mini programs that ask."""

    __tablename__ = "identity_phone_numbers"
    __audit_exempt__ = True

    end_user_id: Mapped[str] = mapped_column(ForeignKey("end_users.id", ondelete="CASCADE"), primary_key=True)
    country_code: Mapped[str] = mapped_column(String(4))
    number: Mapped[str] = mapped_column(String(15))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def _pairwise_id() -> str:
    return "o" + secrets.token_urlsafe(20)  # 27 characters of 160 random bits


def _sha256(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


# --- pairwise ids -------------------------------------------------------------------------------


async def app_user(session: AsyncSession, end_user_id: str, app: App) -> AppUser:
    """The end user in ``app``, with a new openid the first time."""
    found = await session.get(AppUser, (end_user_id, app.id))
    if found is not None:
        return found
    await get_end_user(session, end_user_id)
    try:
        async with session.begin_nested():
            created = AppUser(end_user_id=end_user_id, app_id=app.id, openid=_pairwise_id(), created_at=utcnow())
            session.add(created)
    except IntegrityError:
        # The same user's first two calls raced; the other one's row stands.
        return await session.get_one(AppUser, (end_user_id, app.id), populate_existing=True)
    return created


async def unionid(session: AsyncSession, end_user_id: str, org_id: int) -> str:
    """The end user's id across the mini programs of one organisation, made the first time."""
    found = await session.get(UnionId, (end_user_id, org_id))
    if found is not None:
        return found.unionid
    try:
        async with session.begin_nested():
            created = UnionId(end_user_id=end_user_id, org_id=org_id, unionid=_pairwise_id())
            session.add(created)
    except IntegrityError:
        return (await session.get_one(UnionId, (end_user_id, org_id), populate_existing=True)).unionid
    return created.unionid


async def by_openid(session: AsyncSession, app: App, openid: str) -> AppUser:
    """The user behind ``openid`` in ``app``; 40003 for an openid of no user of this mini program."""
    found = await session.scalar(select(AppUser).where(AppUser.openid == openid, AppUser.app_id == app.id))
    if found is None:
        raise PlatformError(Code.INVALID_OPENID, "invalid openid")
    return found


# --- session keys -------------------------------------------------------------------------------


async def current_session(session: AsyncSession, end_user_id: str, app: App, now: datetime | None = None) -> AppUser:
    """The end user in ``app`` with a valid session_key: the one they have, or a new one."""
    now = now or utcnow()
    user = await app_user(session, end_user_id, app)
    if user.live_session_key(now) is None:
        user.session_key = open_data.new_session_key()
        user.session_expires_at = now + SESSION_TTL
    return user


async def has_session(session: AsyncSession, end_user_id: str, appid: str, now: datetime | None = None) -> bool:
    """``wx.checkSession``: whether the user's session_key in this mini program is still valid."""
    app = await get_app(session, appid)
    user = await session.get(AppUser, (end_user_id, app.id))
    return user is not None and user.live_session_key(now or utcnow()) is not None


async def check_login_state(
    session: AsyncSession, app: App, openid: str, signature: str, sig_method: str, now: datetime | None = None
) -> AppUser:
    """The user when ``signature`` is the login-state signature of their current session_key.

    87008 for a method other than hmac_sha256, 40003 for an unknown openid, 87009 for a signature
    that does not match (also after the key expired or was reset).
    """
    if sig_method != SIG_METHOD:
        raise PlatformError(Code.INVALID_SIG_METHOD, f"invalid sig_method, only {SIG_METHOD} is supported")
    user = await by_openid(session, app, openid)
    key = user.live_session_key(now or utcnow())
    # As bytes: compare_digest refuses str that is not ASCII, and the signature is the caller's text.
    given = signature.lower().encode("utf-8")
    if key is None or not hmac.compare_digest(open_data.login_state_signature(key).encode("ascii"), given):
        raise PlatformError(Code.INVALID_SIGNATURE, "invalid signature")
    return user


async def reset_session_key(
    session: AsyncSession, app: App, openid: str, signature: str, sig_method: str, now: datetime | None = None
) -> AppUser:
    """A new session_key for the user, signed for with the current one; it keeps the old expiry."""
    user = await check_login_state(session, app, openid, signature, sig_method, now)
    user.session_key = open_data.new_session_key()
    return user


# --- login codes --------------------------------------------------------------------------------


async def _issue_code(
    session: AsyncSession, purpose: str, end_user_id: str, app: App, now: datetime, **extra: str
) -> str:
    # Expired codes are useless; clearing them here keeps the table as small as the traffic of 5 minutes.
    await session.execute(delete(OneTimeCode).where(OneTimeCode.expires_at <= now))
    code = secrets.token_urlsafe(24)  # 32 characters, as WeChat's
    session.add(
        OneTimeCode(
            code_sha256=_sha256(code),
            purpose=purpose,
            end_user_id=end_user_id,
            app_id=app.id,
            expires_at=now + CODE_TTL,
            **extra,
        )
    )
    await session.flush()
    return code


async def _redeem_code(session: AsyncSession, purpose: str, app: App, code: str, now: datetime) -> OneTimeCode:
    """Use up a code of ``app``; 40029 when it is unknown, used, expired, or another mini program's."""
    digest = _sha256(code)
    found = await session.scalar(
        select(OneTimeCode).where(
            OneTimeCode.code_sha256 == digest, OneTimeCode.purpose == purpose, OneTimeCode.app_id == app.id
        )
    )
    if found is None or found.expires_at <= now:
        raise PlatformError(Code.INVALID_CODE, "invalid code")
    # The DELETE decides: of two exchanges racing for one code, only one removes the row.
    removed = cast(
        CursorResult[Any], await session.execute(delete(OneTimeCode).where(OneTimeCode.code_sha256 == digest))
    )
    if removed.rowcount != 1:
        raise PlatformError(Code.INVALID_CODE, "invalid code, code been used")
    return found


async def login(session: AsyncSession, end_user_id: str, appid: str, now: datetime | None = None) -> str:
    """``wx.login``: a code for the developer's backend; makes sure a valid session_key exists."""
    now = now or utcnow()
    app = await get_app(session, appid)
    await current_session(session, end_user_id, app, now)
    return await _issue_code(session, LOGIN, end_user_id, app, now)


async def code_holder(session: AsyncSession, app: App, code: str) -> str | None:
    """The end user a login code of ``app`` was issued to, without using it up (None when unknown);
    code2Session's per-user rate limit counts against them."""
    return await session.scalar(
        select(OneTimeCode.end_user_id).where(
            OneTimeCode.code_sha256 == _sha256(code), OneTimeCode.purpose == LOGIN, OneTimeCode.app_id == app.id
        )
    )


@dataclass(frozen=True)
class Login:
    """What code2Session answers."""

    openid: str
    session_key: str
    unionid: str


async def code_to_session(session: AsyncSession, app: App, js_code: str, now: datetime | None = None) -> Login:
    """Exchange a login code of ``app`` (40029 when unusable)."""
    now = now or utcnow()
    code = await _redeem_code(session, LOGIN, app, js_code, now)
    user = await current_session(session, code.end_user_id, app, now)
    assert user.session_key is not None
    return Login(user.openid, user.session_key, await unionid(session, code.end_user_id, app.org_id))


# --- phone numbers ------------------------------------------------------------------------------


def _checked_phone(country_code: str, number: str) -> tuple[str, str]:
    country_code = country_code.strip().lstrip("+")
    number = re.sub(r"[\s-]", "", number)
    if not COUNTRY_CODE.fullmatch(country_code) or not PHONE_NUMBER.fullmatch(number):
        raise PlatformError(Code.INVALID_ARGS, "a phone number is a country code and 4 to 15 digits")
    return country_code, number


async def set_phone_number(session: AsyncSession, end_user_id: str, country_code: str, number: str) -> PhoneNumber:
    """Keep (or replace) the end user's phone number; 40097 unless it is digits with a country code."""
    country_code, number = _checked_phone(country_code, number)
    await get_end_user(session, end_user_id)
    phone = await session.get(PhoneNumber, end_user_id)
    if phone is None:
        phone = PhoneNumber(end_user_id=end_user_id)
        session.add(phone)
    phone.country_code, phone.number, phone.updated_at = country_code, number, utcnow()
    await session.flush()
    return phone


async def phone_number(session: AsyncSession, end_user_id: str) -> PhoneNumber | None:
    return await session.get(PhoneNumber, end_user_id)


async def share_phone_number(session: AsyncSession, end_user_id: str, appid: str, now: datetime | None = None) -> str:
    """The user agreed to share their number with ``appid``: a code for its backend (90001 without a number)."""
    now = now or utcnow()
    app = await get_app(session, appid)
    phone = await phone_number(session, end_user_id)
    if phone is None:
        raise PlatformError(Code.NOT_FOUND, "no phone number to share: add one first")
    await app_user(session, end_user_id, app)
    return await _issue_code(
        session, PHONE, end_user_id, app, now, country_code=phone.country_code, phone_number=phone.number
    )


@dataclass(frozen=True)
class PhoneInfo:
    country_code: str
    pure_number: str

    @property
    def phone_number(self) -> str:
        # WeChat: "foreign numbers carry their country code"; Chinese numbers come bare.
        return self.pure_number if self.country_code == "86" else f"+{self.country_code}{self.pure_number}"


async def redeem_phone_code(
    session: AsyncSession, app: App, code: str, openid: str | None = None, now: datetime | None = None
) -> PhoneInfo:
    """getuserphonenumber: the number behind a phone code of ``app`` (40029 when unusable or, given
    ``openid``, when the code is another user's)."""
    now = now or utcnow()
    if openid is not None:
        # Checked before the code is used up, so a wrong openid does not burn the user's code.
        digest = _sha256(code)
        owner = await session.scalar(
            select(AppUser.openid)
            .join(OneTimeCode, OneTimeCode.end_user_id == AppUser.end_user_id)
            .where(OneTimeCode.code_sha256 == digest, OneTimeCode.app_id == app.id, AppUser.app_id == app.id)
        )
        if owner is not None and owner != openid:
            raise PlatformError(Code.INVALID_CODE, "invalid code: not for this openid")
    found = await _redeem_code(session, PHONE, app, code, now)
    assert found.country_code is not None and found.phone_number is not None
    return PhoneInfo(found.country_code, found.phone_number)


# --- user info (wx.getUserProfile, wx.getUserInfo) ----------------------------------------------


async def profile(session: AsyncSession, end_user_id: str, lang: str = "en") -> dict[str, Any]:
    """The end user's public profile in WeChat's ``userInfo`` shape (gender 0: not shared)."""
    end_user: EndUser = await get_end_user(session, end_user_id)
    account = await session.get(User, end_user.user_id) if end_user.user_id is not None else None
    name = GUEST_NICKNAME if account is None else account.display_name or account.email.partition("@")[0]
    return _user_info(name, lang)


def _user_info(nickname: str, lang: str) -> dict[str, Any]:
    language = lang if lang in LANGUAGES else "en"
    return {
        "nickName": nickname,
        "gender": 0,
        "language": language,
        "city": "",
        "province": "",
        "country": "",
        "avatarUrl": "",
    }


@dataclass(frozen=True)
class OpenData:
    """What wx.getUserProfile / wx.getUserInfo answer: the plain profile, signed and encrypted."""

    user_info: dict[str, Any]
    raw_data: str
    signature: str
    encrypted_data: str
    iv: str


async def user_open_data(
    session: AsyncSession,
    end_user_id: str,
    appid: str,
    *,
    anonymous: bool,
    lang: str = "en",
    now: datetime | None = None,
) -> OpenData:
    """The user's profile for ``appid`` (``anonymous``: what getUserInfo answers without a prompt),
    signed with and encrypted under the user's session_key, with the appid and time as watermark."""
    now = now or utcnow()
    app = await get_app(session, appid)
    user = await current_session(session, end_user_id, app, now)
    assert user.session_key is not None
    info = _user_info(ANONYMOUS_NICKNAME, lang) if anonymous else await profile(session, end_user_id, lang)
    raw_data = open_data.compact_json(info)
    private = {
        "openId": user.openid,
        **info,
        "unionId": await unionid(session, end_user_id, app.org_id),
        "watermark": {"timestamp": int(now.timestamp()), "appid": app.appid},
    }
    sealed = open_data.encrypt(user.session_key, private)
    return OpenData(
        info, raw_data, open_data.raw_data_signature(raw_data, user.session_key), sealed.encrypted_data, sealed.iv
    )
