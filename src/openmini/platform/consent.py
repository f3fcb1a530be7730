"""Consent to scopes: what each end user allowed or refused each mini program (DESIGN.md invariant 5).

Every decision is a row of its own — a grant, a refusal or a revocation, with the time and the
version of the mini program the user had open (their latest launch of it) — so the history stays
while the newest row is the current state. The states follow WeChat's ``wx.authorize``:

- undecided (never asked, or revoked in the shell's settings page): the host asks;
- granted: ``wx.authorize`` and the scope's APIs succeed without asking;
- refused: they fail with ``auth deny`` and the user is not asked again; only the user can change
  it, in ``wx.openSetting`` or by revoking the decision in the shell.

Decisions are the end user's own writes, not console writes, so they stay out of the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from openmini.platform.accounts import EndUser
from openmini.platform.apps import App
from openmini.platform.errors import Code, PlatformError
from openmini.platform.launches import Launch
from openmini.store.database import Base, UTCDateTime, utcnow


@dataclass(frozen=True)
class ScopeInfo:
    label: str  # what the shell's settings page says (English)
    prompt: str  # what the host's prompt asks for, as WeChat words it


# WeChat's scopes (the scope list of wx.authorize), in the order its settings page lists them.
SCOPES: dict[str, ScopeInfo] = {
    "scope.userInfo": ScopeInfo("User info", "你的昵称、头像"),
    "scope.userLocation": ScopeInfo("Precise location", "你的位置信息"),
    "scope.userFuzzyLocation": ScopeInfo("Approximate location", "你的模糊地理位置"),
    "scope.userLocationBackground": ScopeInfo("Location in the background", "你在后台时的位置信息"),
    "scope.address": ScopeInfo("Postal addresses", "你的通讯地址"),
    "scope.invoiceTitle": ScopeInfo("Invoice titles", "你的发票抬头"),
    "scope.invoice": ScopeInfo("Invoices", "你的发票"),
    "scope.werun": ScopeInfo("WeRun steps", "你的微信运动步数"),
    "scope.record": ScopeInfo("Microphone", "你的麦克风"),
    "scope.writePhotosAlbum": ScopeInfo("Save to album", "保存图片或视频到你的相册"),
    "scope.camera": ScopeInfo("Camera", "你的摄像头"),
    "scope.bluetooth": ScopeInfo("Bluetooth", "你的蓝牙"),
    "scope.addPhoneContact": ScopeInfo("Add to contacts", "添加到你的通讯录"),
    "scope.addPhoneCalendar": ScopeInfo("Add to calendar", "添加到你的日历"),
}


class Decision(StrEnum):
    GRANT = "grant"
    REFUSE = "refuse"
    REVOKE = "revoke"  # back to undecided: the next use asks again


class ScopeDecision(Base):
    __tablename__ = "scope_decisions"
    __table_args__ = (Index("ix_scope_decisions_end_user_id_app_id", "end_user_id", "app_id"),)
    __audit_exempt__ = True

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    end_user_id: Mapped[str] = mapped_column(ForeignKey("end_users.id", ondelete="CASCADE"))
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(64))
    decision: Mapped[str] = mapped_column(String(8))
    # The version the user had open when deciding; None when they never launched it (or it was deleted).
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@dataclass(frozen=True)
class Grant:
    """The current decision on one scope: granted or refused, when, and in which version."""

    scope: str
    granted: bool
    at: datetime
    version_id: int | None


def check_scope(scope: str) -> str:
    if scope not in SCOPES:
        raise PlatformError(Code.INVALID_ARGS, f"invalid scope {scope!r}")
    return scope


async def version_in_use(session: AsyncSession, end_user: EndUser, app: App) -> int | None:
    """The version of ``app`` the user opened last (what they see while deciding), if any."""
    return await session.scalar(
        select(Launch.version_id)
        .where(Launch.end_user_id == end_user.id, Launch.app_id == app.id)
        .order_by(Launch.id.desc())
        .limit(1)
    )


async def _record(session: AsyncSession, end_user: EndUser, app: App, scope: str, decision: Decision) -> None:
    session.add(
        ScopeDecision(
            end_user_id=end_user.id,
            app_id=app.id,
            scope=check_scope(scope),
            decision=decision.value,
            version_id=await version_in_use(session, end_user, app),
            at=utcnow(),
        )
    )
    await session.flush()


async def decide(session: AsyncSession, end_user: EndUser, app: App, scope: str, granted: bool) -> Grant:
    """Record the user's answer to a prompt (or a toggle in ``wx.openSetting``)."""
    await _record(session, end_user, app, scope, Decision.GRANT if granted else Decision.REFUSE)
    return (await grants(session, end_user, app))[scope]


async def revoke(session: AsyncSession, end_user: EndUser, app: App, scope: str) -> None:
    """Forget the decision on ``scope``: the next use asks again. 90001 when there is none to forget."""
    if check_scope(scope) not in await grants(session, end_user, app):
        raise PlatformError(Code.NOT_FOUND, f"nothing decided on {scope}")
    await _record(session, end_user, app, scope, Decision.REVOKE)


async def grants(session: AsyncSession, end_user: EndUser, app: App) -> dict[str, Grant]:
    """The current decision on every decided scope, in the order of :data:`SCOPES`."""
    newest = (
        select(func.max(ScopeDecision.id))
        .where(ScopeDecision.end_user_id == end_user.id, ScopeDecision.app_id == app.id)
        .group_by(ScopeDecision.scope)
    )
    rows = await session.scalars(select(ScopeDecision).where(ScopeDecision.id.in_(newest)))
    found = {
        row.scope: Grant(row.scope, row.decision == Decision.GRANT, row.at, row.version_id)
        for row in rows
        if row.decision != Decision.REVOKE
    }
    return {scope: found[scope] for scope in SCOPES if scope in found}


async def history(session: AsyncSession, end_user: EndUser, app: App) -> list[ScopeDecision]:
    """Every decision the user made for the mini program, oldest first."""
    rows = await session.scalars(
        select(ScopeDecision)
        .where(ScopeDecision.end_user_id == end_user.id, ScopeDecision.app_id == app.id)
        .order_by(ScopeDecision.id)
    )
    return list(rows.all())
