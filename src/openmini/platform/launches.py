"""What the host shell shows: launch records with their scene, recently used, and search.

A launch is recorded after :func:`openmini.platform.releases.resolve` chose the version, with
WeChat's scene number (1011 QR code, 1001 recents, 1005 search, … — see ``platform/links.py``).
Launch records are not console writes and stay out of the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from openmini.platform.accounts import EndUser
from openmini.platform.apps import App, get_app
from openmini.platform.errors import Code, PlatformError
from openmini.platform.releases import ReleaseHead, ResolvedVersion
from openmini.store.database import Base, UTCDateTime, utcnow

PATH_MAX = 1000
SCENE_RANGE = range(1000, 10000)  # WeChat's scene values are four digits


class Launch(Base):
    __tablename__ = "launches"
    __audit_exempt__ = True

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    end_user_id: Mapped[str] = mapped_column(ForeignKey("end_users.id", ondelete="CASCADE"), index=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    env_version: Mapped[str] = mapped_column(String(16))
    scene: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(PATH_MAX), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


async def record_launch(
    session: AsyncSession, end_user: EndUser, resolved: ResolvedVersion, scene: int, path: str = ""
) -> Launch:
    """Note that ``end_user`` opened ``resolved`` from ``scene`` at ``path`` (page path and query)."""
    if scene not in SCENE_RANGE:
        raise PlatformError(Code.INVALID_ARGS, f"invalid scene {scene}")
    if len(path) > PATH_MAX:
        raise PlatformError(Code.INVALID_ARGS, f"path longer than {PATH_MAX} characters")
    app = await get_app(session, resolved.appid)
    launch = Launch(
        end_user_id=end_user.id,
        app_id=app.id,
        version_id=resolved.version_id,
        env_version=resolved.env_version,
        scene=scene,
        path=path,
        at=utcnow(),
    )
    session.add(launch)
    await session.flush()
    return launch


@dataclass(frozen=True)
class Recent:
    app: App
    env_version: str
    last_opened: datetime


async def recents(session: AsyncSession, end_user: EndUser, limit: int = 20) -> list[Recent]:
    """Mini programs the end user opened, most recent first, one entry per app and env version."""
    last = func.max(Launch.id).label("last")
    latest = (
        select(last).where(Launch.end_user_id == end_user.id).group_by(Launch.app_id, Launch.env_version)
    ).subquery()
    rows = await session.execute(
        select(App, Launch.env_version, Launch.at)
        .join(Launch, Launch.app_id == App.id)
        .where(Launch.id.in_(select(latest.c.last)))
        .order_by(Launch.id.desc())
        .limit(limit)
    )
    return [Recent(app, env, at) for app, env, at in rows]


async def search_released(session: AsyncSession, query: str, limit: int = 20) -> list[App]:
    """Released mini programs whose name contains ``query`` (any case), by name."""
    words = query.strip()
    if not words:
        return []
    pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    statement = (
        select(App)
        .join(ReleaseHead, ReleaseHead.app_id == App.id)
        .where(ReleaseHead.live_release_id.is_not(None), App.name.ilike(pattern, escape="\\"))
        .order_by(App.name, App.id)
        .limit(limit)
    )
    return list((await session.scalars(statement)).all())
