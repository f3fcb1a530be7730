"""Mini programs: identity (``appid``/``appsecret``), profile, and request domain allow-lists.

The ``appid`` is ``om`` and 16 lowercase hex digits. The ``appsecret`` (32 hex digits) is shown
once, at creation or reset; only its SHA-256 is stored and checks compare in constant time.
Functions that change an app return the changed instance: pass an ``App`` loaded in another
session (a detached one) and only the returned instance shows the change.
Request domains follow WeChat's rules (:mod:`openmini.platform.domains`): https for request,
upload and download, wss for sockets, exact hosts, a port only when the entry names one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Literal, get_args

from sqlalchemy import JSON, ForeignKey, Integer, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from openmini.platform import audit
from openmini.platform.accounts import Role, get_organisation, require_role
from openmini.platform.audit import Actor
from openmini.platform.domains import Domain
from openmini.platform.errors import Code, PlatformError
from openmini.store.database import Base, UTCDateTime, utcnow

DomainKind = Literal["request", "socket", "upload", "download"]
DOMAIN_KINDS: tuple[DomainKind, ...] = get_args(DomainKind)
DOMAIN_SCHEMES: dict[DomainKind, str] = {"request": "https", "socket": "wss", "upload": "https", "download": "https"}
MAX_DOMAINS_PER_KIND = 200  # WeChat's limit
PROFILE_LIMITS = {"name": 64, "icon": 500, "description": 500, "category": 64}
# Who edits a mini program's profile and domains; creating one and resetting its secret is for admins.
EDITORS = (Role.ADMIN, Role.DEVELOPER)


class App(Base):
    __tablename__ = "apps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    appid: Mapped[str] = mapped_column(String(18), unique=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    icon: Mapped[str] = mapped_column(String(500), default="")  # a URL or blob key of the icon image
    description: Mapped[str] = mapped_column(String(500), default="")
    category: Mapped[str] = mapped_column(String(64), default="")
    secret_sha256: Mapped[str] = mapped_column(String(64))
    # {"request": ["https://api.example.com"], "socket": [...], ...}, normalised by set_domains
    domains: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def domain_list(self, kind: DomainKind) -> list[str]:
        return list(self.domains.get(kind, []))


def new_appid() -> str:
    return "om" + secrets.token_hex(8)


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _checked_profile(field: str, value: str) -> str:
    value = value.strip()
    if len(value) > PROFILE_LIMITS[field]:
        raise PlatformError(Code.INVALID_ARGS, f"{field} longer than {PROFILE_LIMITS[field]} characters")
    return value


async def create_app(
    session: AsyncSession,
    actor: Actor,
    org_id: int,
    name: str,
    *,
    icon: str = "",
    description: str = "",
    category: str = "",
) -> tuple[App, str]:
    """A new mini program in ``org_id`` (admins); returns it and its appsecret, which is not kept."""
    await require_role(session, actor, org_id, Role.ADMIN)
    await get_organisation(session, org_id)
    name = _checked_profile("name", name)
    if not name:
        raise PlatformError(Code.INVALID_ARGS, "a mini program needs a name")
    secret = secrets.token_hex(16)
    appid = new_appid()
    while await session.scalar(select(App.id).where(App.appid == appid)) is not None:
        appid = new_appid()
    app = App(
        appid=appid,
        org_id=org_id,
        name=name,
        icon=_checked_profile("icon", icon),
        description=_checked_profile("description", description),
        category=_checked_profile("category", category),
        secret_sha256=_sha256(secret),
        domains={},
    )
    session.add(app)
    await session.flush()
    audit.record(session, actor, "app.create", f"app:{appid}", {"name": name}, org_id=org_id)
    return app, secret


async def get_app(session: AsyncSession, appid: str) -> App:
    """The mini program with this appid; 40013 when there is none."""
    app = await session.scalar(select(App).where(App.appid == appid))
    if app is None:
        raise PlatformError(Code.INVALID_APPID, f"invalid appid {appid!r}")
    return app


async def _attached(session: AsyncSession, app: App) -> App:
    return app if app in session else await session.get_one(App, app.id)


async def lock_app(session: AsyncSession, app: App) -> None:
    """Serialise this transaction with every other one that locks the same app, until it ends.

    PostgreSQL locks the app's row; on SQLite every transaction already holds the write lock.
    Changes of versions and releases take this lock, then reread what they check.
    """
    await session.execute(select(App.id).where(App.id == app.id).with_for_update())


async def apps_of(session: AsyncSession, org_id: int) -> list[App]:
    """An organisation's mini programs, by name."""
    return list((await session.scalars(select(App).where(App.org_id == org_id).order_by(App.name, App.id))).all())


async def update_profile(
    session: AsyncSession,
    actor: Actor,
    app: App,
    *,
    name: str | None = None,
    icon: str | None = None,
    description: str | None = None,
    category: str | None = None,
) -> App:
    """Change the given profile fields (admins and developers)."""
    await require_role(session, actor, app.org_id, *EDITORS)
    app = await _attached(session, app)
    changes = {
        field: _checked_profile(field, value)
        for field, value in (("name", name), ("icon", icon), ("description", description), ("category", category))
        if value is not None
    }
    if changes.get("name") == "":
        raise PlatformError(Code.INVALID_ARGS, "a mini program needs a name")
    for field, value in changes.items():
        setattr(app, field, value)
    audit.record(session, actor, "app.update", f"app:{app.appid}", changes, org_id=app.org_id)
    return app


async def reset_secret(session: AsyncSession, actor: Actor, app: App) -> str:
    """A new appsecret (admins); the old one stops working at once. Returned only here."""
    await require_role(session, actor, app.org_id, Role.ADMIN)
    app = await _attached(session, app)
    secret = secrets.token_hex(16)
    app.secret_sha256 = _sha256(secret)
    audit.record(session, actor, "app.reset_secret", f"app:{app.appid}", org_id=app.org_id)
    return secret


async def verify_secret(session: AsyncSession, appid: str, secret: str) -> App:
    """The mini program when ``secret`` is its appsecret; 40013 for an unknown appid, 40001 otherwise."""
    app = await get_app(session, appid)
    if not hmac.compare_digest(app.secret_sha256, _sha256(secret)):
        raise PlatformError(Code.INVALID_CREDENTIAL, "invalid appsecret")
    return app


def normalise_domains(kind: DomainKind, entries: list[str]) -> list[str]:
    """Canonical, de-duplicated entries (``scheme://host[:port]``); 40097 for any invalid one."""
    if kind not in DOMAIN_SCHEMES:
        raise PlatformError(Code.INVALID_ARGS, f"unknown domain kind {kind!r}")
    scheme = DOMAIN_SCHEMES[kind]
    result: list[str] = []
    for entry in entries:
        try:
            domain = Domain.parse(entry)
        except ValueError as refused:
            raise PlatformError(Code.INVALID_ARGS, str(refused)) from None
        if domain.scheme != scheme:
            raise PlatformError(Code.INVALID_ARGS, f"{kind} domains must be {scheme}://: {entry!r}")
        canonical = f"{domain.scheme}://{domain.host}" + (f":{domain.port}" if domain.port is not None else "")
        if canonical not in result:
            result.append(canonical)
    if len(result) > MAX_DOMAINS_PER_KIND:
        raise PlatformError(Code.INVALID_ARGS, f"at most {MAX_DOMAINS_PER_KIND} {kind} domains")
    return result


async def set_domains(session: AsyncSession, actor: Actor, app: App, kind: DomainKind, entries: list[str]) -> list[str]:
    """Replace the allow-list of one kind (admins and developers); returns the stored entries."""
    await require_role(session, actor, app.org_id, *EDITORS)
    app = await _attached(session, app)
    normalised = normalise_domains(kind, entries)
    # A new dict, so the JSON column sees a change.
    app.domains = {**app.domains, kind: normalised}
    audit.record(session, actor, "app.set_domains", f"app:{app.appid}", {kind: normalised}, org_id=app.org_id)
    return normalised
