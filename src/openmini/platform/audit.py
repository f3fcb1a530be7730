"""The audit log: who did what, to what, and when — one entry for every write.

Write services take an :class:`Actor` and call :func:`record` in the same transaction as the
change, so the entry and the change commit (or roll back) together. To make a forgotten entry a
loud bug instead of a silent gap, sessions refuse to commit ORM changes to audited tables without
an entry: tables that are not console writes (launch records, guest end users) opt out with
``__audit_exempt__ = True``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, event, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, mapped_column

from openmini.store.database import Base, PlatformSession, UTCDateTime, utcnow

PENDING_WRITES = "audit.pending_writes"
RECORDED = "audit.recorded"


@dataclass(frozen=True)
class Actor:
    """Who performs an operation: a user (maybe through an API key), a mini program's own backend
    (its appsecret, or an ``access_token`` got with it), or the platform itself.

    ``org_id`` is set for API keys, which act as their creator only inside that organisation, and for
    app credentials, which act for mini program ``app_id`` only.
    """

    user_id: int | None
    label: str
    is_operator: bool = False
    api_key_id: int | None = None
    org_id: int | None = None
    app_id: int | None = None

    @classmethod
    def system(cls) -> Actor:
        """The platform acting on its own (first-run setup, seeding samples)."""
        return cls(None, "system", is_operator=True)

    @classmethod
    def app_credential(cls, app_id: int, appid: str, org_id: int) -> Actor:
        """Whoever holds the appsecret of ``appid``: in WeChat's model that is the mini program's
        developer, so it holds the developer role for that one mini program and nothing more."""
        return cls(None, f"appsecret of {appid}", org_id=org_id, app_id=app_id)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(320))
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id", ondelete="SET NULL"))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def record(
    session: AsyncSession,
    actor: Actor,
    action: str,
    target: str,
    detail: dict[str, Any] | None = None,
    *,
    org_id: int | None = None,
) -> AuditEntry:
    """Add an entry (e.g. ``action="version.submit"``, ``target="app:om…/version:12"``) to this transaction."""
    entry = AuditEntry(
        at=utcnow(),
        actor_user_id=actor.user_id,
        actor=actor.label,
        api_key_id=actor.api_key_id,
        org_id=org_id,
        action=action,
        target=target,
        detail=detail or {},
    )
    session.add(entry)
    return entry


async def entries(
    session: AsyncSession,
    *,
    org_id: int | None = None,
    limit: int = 100,
    before_id: int | None = None,
    actor_contains: str = "",
    action_prefix: str = "",
) -> list[AuditEntry]:
    """Newest first; ``org_id=None`` lists every entry (operator view). Page with ``before_id``.

    Filters: ``actor_contains`` (any case) within the actor's label, ``action_prefix`` such as
    ``"release."`` or ``"member.add"``.
    """
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if org_id is not None:
        query = query.where(AuditEntry.org_id == org_id)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if actor_contains:
        query = query.where(func.lower(AuditEntry.actor).contains(actor_contains.lower(), autoescape=True))
    if action_prefix:
        query = query.where(AuditEntry.action.startswith(action_prefix, autoescape=True))
    return list((await session.scalars(query)).all())


class UnauditedWrite(RuntimeError):
    """A transaction changed audited tables without recording who did it: a bug in a service."""


def _note_changes(session: Session) -> None:
    for obj in (*session.new, *session.deleted, *(o for o in session.dirty if session.is_modified(o))):
        if isinstance(obj, AuditEntry):
            session.info[RECORDED] = True
        elif not getattr(obj, "__audit_exempt__", False):
            session.info[PENDING_WRITES] = True


@event.listens_for(PlatformSession, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    _note_changes(session)


# These events also fire for savepoints; only the outermost transaction is the unit that must be audited.
@event.listens_for(PlatformSession, "before_commit")
def _before_commit(session: Session) -> None:
    _note_changes(session)
    if session.in_nested_transaction():
        return
    if session.info.get(PENDING_WRITES) and not session.info.get(RECORDED):
        raise UnauditedWrite("changes to audited tables without an audit entry (call audit.record)")


@event.listens_for(PlatformSession, "after_commit")
@event.listens_for(PlatformSession, "after_rollback")
def _reset(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.info.pop(PENDING_WRITES, None)
    session.info.pop(RECORDED, None)
