"""People and access: users, organisations, member roles, API keys and end users.

- A **user** signs in with email and password (argon2id). The operator is a user with
  ``is_operator``; operators pass every role check.
- An **organisation** owns mini programs; a user holds any set of the roles admin, developer,
  tester and reviewer in it (one membership row per role).
- An **API key** (``omk_…``) acts as the user who created it, only inside its organisation, and
  only with the roles that user still holds there. Only its SHA-256 and a short prefix are stored;
  the secret is returned once.
- An **end user** is whoever opens mini programs in the host shell: a guest (a random id, no
  account) or a signed-in user. End users are their own table, linked to ``users`` when signed in,
  so guests need no account while a platform member opens mini programs as the end user tied to
  their account. Gradual releases, allow-lists and launch records all key on the end user's id.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, ForeignKey, Integer, String, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from openmini.platform import audit
from openmini.platform.audit import Actor
from openmini.platform.errors import Code, PlatformError
from openmini.store.database import Base, UTCDateTime, serialise, utcnow

API_KEY_PREFIX = "omk_"
API_KEY_SHOWN_CHARS = 12  # "omk_" and 8 characters: enough to tell keys apart in a list
MIN_PASSWORD_LENGTH = 8
# Any fixed number: serialises first-run operator creation across processes on PostgreSQL.
OPERATOR_LOCK_KEY = 0x6F6D_6F70  # "omop"

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when an email is unknown, so a wrong email costs as much time as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def use_password_hasher(hasher: PasswordHasher) -> None:
    """Hash new passwords with other argon2 parameters (hashes carry theirs, so old ones still verify).

    The test suite uses argon2's cheapest profile: hundreds of users at 0.1-0.4 s each add minutes.
    """
    global _hasher
    _hasher = hasher


class Role(StrEnum):
    ADMIN = "admin"
    DEVELOPER = "developer"
    TESTER = "tester"
    REVIEWER = "reviewer"


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    is_operator: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Membership(Base):
    __tablename__ = "memberships"

    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class EndUser(Base):
    __tablename__ = "end_users"
    # Created on a visit to the shell, not by a console write.
    __audit_exempt__ = True

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --- users --------------------------------------------------------------------------------------


def actor_for(user: User) -> Actor:
    return Actor(user.id, user.email, is_operator=user.is_operator)


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    local, at, domain = cleaned.partition("@")
    if not (local and at and domain) or len(cleaned) > 320 or any(c.isspace() for c in cleaned):
        raise PlatformError(Code.INVALID_ARGS, f"invalid email address: {email!r}")
    return cleaned


# Argon2 spends ~0.1 s of CPU on purpose; in a thread, so other requests keep being served meanwhile.
async def _password_hash(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PlatformError(Code.INVALID_ARGS, f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    return await asyncio.to_thread(_hasher.hash, password)


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def _password_matches(stored_hash: str, password: str) -> bool:
    return await asyncio.to_thread(_verify, stored_hash, password)


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(User.email == email.strip().lower()))


async def get_user(session: AsyncSession, user_id: int) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise PlatformError(Code.NOT_FOUND, f"no user {user_id}")
    return user


async def _insert_user(session: AsyncSession, email: str, password: str, display_name: str, operator: bool) -> User:
    email = normalise_email(email)
    if len(display_name) > 100:
        raise PlatformError(Code.INVALID_ARGS, "display name longer than 100 characters")
    if await user_by_email(session, email) is not None:
        raise PlatformError(Code.ALREADY_EXISTS, f"{email} already has an account")
    user = User(email=email, display_name=display_name.strip(), password_hash=await _password_hash(password))
    user.is_operator = operator
    session.add(user)
    await session.flush()
    return user


async def register(session: AsyncSession, email: str, password: str, display_name: str = "") -> User:
    """Self sign-up (the shell's "create account"); the new user is the audit actor."""
    user = await _insert_user(session, email, password, display_name, operator=False)
    audit.record(session, actor_for(user), "user.register", f"user:{user.id}")
    return user


async def create_user(
    session: AsyncSession, actor: Actor, email: str, password: str, display_name: str = "", *, operator: bool = False
) -> User:
    """An account made by an operator (e.g. for a new member), optionally another operator."""
    _require_operator(actor)
    user = await _insert_user(session, email, password, display_name, operator=operator)
    audit.record(session, actor, "user.create", f"user:{user.id}", {"email": user.email, "operator": operator})
    return user


async def authenticate(session: AsyncSession, email: str, password: str) -> User:
    """The user with this email and password; 40001 otherwise (same answer for an unknown email)."""
    user = await user_by_email(session, email)
    if user is None:
        await _password_matches(_DUMMY_HASH, password)
        raise PlatformError(Code.INVALID_CREDENTIAL, "wrong email or password")
    if not await _password_matches(user.password_hash, password):
        raise PlatformError(Code.INVALID_CREDENTIAL, "wrong email or password")
    if _hasher.check_needs_rehash(user.password_hash):
        # Parameters were raised since this hash was made; upgrade it while the password is at hand.
        user.password_hash = await _password_hash(password)
        audit.record(session, actor_for(user), "user.password_rehash", f"user:{user.id}")
    return user


async def set_password(session: AsyncSession, actor: Actor, user_id: int, password: str) -> None:
    """Users change their own password; operators anyone's."""
    if actor.user_id != user_id:
        _require_operator(actor)
    user = await get_user(session, user_id)
    user.password_hash = await _password_hash(password)
    audit.record(session, actor, "user.set_password", f"user:{user.id}")


async def ensure_operator(session: AsyncSession, email: str, password: str | None) -> tuple[User, str | None]:
    """First-run setup: make sure ``email`` is an operator account.

    A new account gets ``password``, or a generated one that is returned (to print once) — the
    second element is None otherwise. An existing account is promoted if needed, and its password
    set to ``password`` when one is given (so the environment stays the source of truth).
    """
    # Two processes starting on a fresh database would otherwise both insert the operator.
    await serialise(session, OPERATOR_LOCK_KEY)
    system = Actor.system()
    user = await user_by_email(session, email)
    if user is None:
        generated = None if password is not None else secrets.token_urlsafe(12)
        user = await _insert_user(session, email, password or generated or "", "Operator", operator=True)
        audit.record(session, system, "user.create", f"user:{user.id}", {"email": user.email, "operator": True})
        return user, generated
    if not user.is_operator:
        user.is_operator = True
        audit.record(session, system, "user.promote_operator", f"user:{user.id}")
    if password is not None and not await _password_matches(user.password_hash, password):
        user.password_hash = await _password_hash(password)
        audit.record(session, system, "user.set_password", f"user:{user.id}")
    return user, None


def _require_operator(actor: Actor) -> None:
    if not actor.is_operator or actor.api_key_id is not None:
        raise PlatformError(Code.PERMISSION_DENIED, "only an operator may do this")


# --- organisations and roles --------------------------------------------------------------------


async def create_organisation(session: AsyncSession, actor: Actor, name: str) -> Organisation:
    """A new organisation; a user creating it becomes its admin."""
    name = name.strip()
    if not name or len(name) > 100:
        raise PlatformError(Code.INVALID_ARGS, "organisation name must have 1 to 100 characters")
    if actor.api_key_id is not None:
        raise PlatformError(Code.PERMISSION_DENIED, "API keys cannot create organisations")
    if await session.scalar(select(Organisation.id).where(Organisation.name == name)) is not None:
        raise PlatformError(Code.ALREADY_EXISTS, f"an organisation named {name!r} exists")
    org = Organisation(name=name)
    session.add(org)
    await session.flush()
    if actor.user_id is not None:
        session.add(Membership(org_id=org.id, user_id=actor.user_id, role=Role.ADMIN))
    audit.record(session, actor, "org.create", f"org:{org.id}", {"name": name}, org_id=org.id)
    return org


async def get_organisation(session: AsyncSession, org_id: int) -> Organisation:
    org = await session.get(Organisation, org_id)
    if org is None:
        raise PlatformError(Code.NOT_FOUND, f"no organisation {org_id}")
    return org


async def organisations(session: AsyncSession, user_id: int | None = None) -> list[Organisation]:
    """Every organisation (operator view), or those ``user_id`` belongs to; by name."""
    query = select(Organisation).order_by(Organisation.name)
    if user_id is not None:
        query = query.where(Organisation.id.in_(select(Membership.org_id).where(Membership.user_id == user_id)))
    return list((await session.scalars(query)).all())


async def roles_of(session: AsyncSession, org_id: int, user_id: int) -> frozenset[Role]:
    rows = await session.scalars(
        select(Membership.role).where(Membership.org_id == org_id, Membership.user_id == user_id)
    )
    return frozenset(Role(r) for r in rows)


async def has_role(session: AsyncSession, actor: Actor, org_id: int, *roles: Role) -> bool:
    """Whether ``actor`` may act in ``org_id`` with one of ``roles`` (operators always may)."""
    if actor.org_id is not None and actor.org_id != org_id:
        return False
    if actor.app_id is not None:
        # Never admin (members, keys, the secret itself) nor reviewer (approving its own code).
        return Role.DEVELOPER in roles
    if actor.is_operator:
        return True
    if actor.user_id is None:
        return False
    return not (await roles_of(session, org_id, actor.user_id)).isdisjoint(roles)


async def require_role(session: AsyncSession, actor: Actor, org_id: int, *roles: Role) -> None:
    """Raise 90003 unless ``actor`` holds one of ``roles`` in ``org_id``."""
    if not await has_role(session, actor, org_id, *roles):
        names = " or ".join(r.value for r in roles)
        raise PlatformError(Code.PERMISSION_DENIED, f"{actor.label} needs the {names} role in organisation {org_id}")


@dataclass(frozen=True)
class Member:
    user: User
    roles: frozenset[Role]


async def members(session: AsyncSession, org_id: int) -> list[Member]:
    """Members of an organisation with their roles, by email."""
    rows = await session.execute(
        select(User, Membership.role).join(Membership, Membership.user_id == User.id).where(Membership.org_id == org_id)
    )
    by_user: dict[int, tuple[User, set[Role]]] = {}
    for user, role in rows:
        by_user.setdefault(user.id, (user, set()))[1].add(Role(role))
    return sorted((Member(u, frozenset(r)) for u, r in by_user.values()), key=lambda m: m.user.email)


async def add_member(session: AsyncSession, actor: Actor, org_id: int, user_id: int, role: Role) -> None:
    """Grant ``role`` (admins only); 90002 when the user already holds it."""
    await require_role(session, actor, org_id, Role.ADMIN)
    await get_organisation(session, org_id)
    user = await get_user(session, user_id)
    if await session.get(Membership, (org_id, user_id, role.value)) is not None:
        raise PlatformError(Code.ALREADY_EXISTS, f"{user.email} is already {role.value}")
    session.add(Membership(org_id=org_id, user_id=user_id, role=role.value))
    audit.record(session, actor, "member.add", f"user:{user_id}", {"role": role.value}, org_id=org_id)


async def remove_member(session: AsyncSession, actor: Actor, org_id: int, user_id: int, role: Role) -> None:
    """Take ``role`` away (admins only); the last admin stays (90004)."""
    await require_role(session, actor, org_id, Role.ADMIN)
    membership = await session.get(Membership, (org_id, user_id, role.value))
    if membership is None:
        raise PlatformError(Code.NOT_FOUND, f"user {user_id} is not {role.value} in organisation {org_id}")
    if role is Role.ADMIN:
        admins = await session.scalars(
            select(Membership.user_id).where(Membership.org_id == org_id, Membership.role == Role.ADMIN.value)
        )
        if len(admins.all()) == 1:
            raise PlatformError(Code.LAST_ADMIN, "an organisation needs at least one admin")
    await session.delete(membership)
    audit.record(session, actor, "member.remove", f"user:{user_id}", {"role": role.value}, org_id=org_id)


# --- API keys -----------------------------------------------------------------------------------


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


async def create_api_key(session: AsyncSession, actor: Actor, org_id: int, name: str) -> tuple[ApiKey, str]:
    """A key acting as ``actor`` in ``org_id`` (admins and developers); the secret is returned only here."""
    await require_role(session, actor, org_id, Role.ADMIN, Role.DEVELOPER)
    if actor.user_id is None or actor.api_key_id is not None:
        raise PlatformError(Code.PERMISSION_DENIED, "API keys are created by signed-in users")
    name = name.strip()
    if not name or len(name) > 100:
        raise PlatformError(Code.INVALID_ARGS, "API key name must have 1 to 100 characters")
    secret = API_KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        org_id=org_id,
        user_id=actor.user_id,
        name=name,
        prefix=secret[:API_KEY_SHOWN_CHARS],
        secret_sha256=_sha256(secret),
    )
    session.add(key)
    await session.flush()
    detail = {"name": name, "prefix": key.prefix}
    audit.record(session, actor, "api_key.create", f"api_key:{key.id}", detail, org_id=org_id)
    return key, secret


async def api_keys(session: AsyncSession, org_id: int) -> list[ApiKey]:
    """An organisation's keys, newest first, revoked ones included."""
    return list((await session.scalars(select(ApiKey).where(ApiKey.org_id == org_id).order_by(ApiKey.id.desc()))).all())


async def revoke_api_key(session: AsyncSession, actor: Actor, key_id: int) -> None:
    """Its creator or an admin of its organisation revokes a key; revoking twice is refused (90001)."""
    key = await session.get(ApiKey, key_id)
    if key is None or key.revoked_at is not None:
        raise PlatformError(Code.NOT_FOUND, f"no active API key {key_id}")
    if actor.user_id != key.user_id:
        await require_role(session, actor, key.org_id, Role.ADMIN)
    key.revoked_at = utcnow()
    audit.record(session, actor, "api_key.revoke", f"api_key:{key.id}", {"prefix": key.prefix}, org_id=key.org_id)


async def authenticate_api_key(session: AsyncSession, secret: str) -> Actor:
    """The actor a key stands for (41001 when empty, 40001 when unknown or revoked); notes the use."""
    if not secret:
        raise PlatformError(Code.MISSING_CREDENTIAL, "API key missing")
    digest = _sha256(secret)
    key = await session.scalar(select(ApiKey).where(ApiKey.secret_sha256 == digest))
    if key is None or key.revoked_at is not None or not hmac.compare_digest(key.secret_sha256, digest):
        raise PlatformError(Code.INVALID_CREDENTIAL, "invalid or revoked API key")
    user = await get_user(session, key.user_id)
    # A Core UPDATE: bookkeeping of use, not a console write, so it stays out of the audit log.
    await session.execute(update(ApiKey).where(ApiKey.id == key.id).values(last_used_at=utcnow()))
    return Actor(user.id, f"{user.email} (key {key.prefix})", is_operator=False, api_key_id=key.id, org_id=key.org_id)


# --- end users ----------------------------------------------------------------------------------


async def guest_end_user(session: AsyncSession) -> EndUser:
    """A new guest with a random id (the shell keeps it in a cookie)."""
    end_user = EndUser(id=secrets.token_hex(12))
    session.add(end_user)
    await session.flush()
    return end_user


async def end_user_for(session: AsyncSession, user: User) -> EndUser:
    """The end user tied to ``user``'s account, created on first use."""
    existing = await session.scalar(select(EndUser).where(EndUser.user_id == user.id))
    if existing is not None:
        return existing
    try:
        async with session.begin_nested():
            end_user = EndUser(id=secrets.token_hex(12), user_id=user.id)
            session.add(end_user)
    except IntegrityError:
        # Another request created it at the same moment.
        found = await session.scalar(select(EndUser).where(EndUser.user_id == user.id))
        if found is None:
            raise
        return found
    return end_user


async def get_end_user(session: AsyncSession, end_user_id: str) -> EndUser:
    end_user = await session.get(EndUser, end_user_id)
    if end_user is None:
        raise PlatformError(Code.NOT_FOUND, f"no end user {end_user_id!r}")
    return end_user
