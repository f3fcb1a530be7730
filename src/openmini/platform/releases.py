"""Releases: which version each end user opens, changed fully, gradually, or by rolling back.

An app has at most one **live** release (a full release everyone gets) and, on top of it, at most
one **gradual** release of another approved version: an end user gets the gradual version when
their id is on its allow-list or when ``sha256("{appid}:{release_id}:{end_user}") % 100`` is below
its percentage. The percentage may only grow (85082) and the release keeps its id while it grows,
so a user who got the new version keeps it. **Roll back** returns in one step to the full release
the live one replaced (WeChat's ``revertcoderelease``: refused during a gradual release, 87011, and
when there is nothing to return to or the live release is itself a rollback, 87012).

Every change takes the app lock (:func:`openmini.platform.apps.lock_app`) and happens in the
caller's one transaction: concurrent releases of an app run one after the other, and a crash
mid-release leaves the previous release live. Releases are never deleted: they are the history.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal

from sqlalchemy import JSON, ForeignKey, Integer, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from openmini.platform import audit
from openmini.platform.accounts import EndUser, Role, actor_for, get_user, has_role, require_role
from openmini.platform.apps import App, get_app, lock_app
from openmini.platform.audit import Actor
from openmini.platform.errors import Code, PlatformError
from openmini.platform.versions import (
    FileDiff,
    Version,
    VersionState,
    diff_manifests,
    get_version,
    latest_version,
    load_manifest,
    trial_version,
)
from openmini.store.blobs import BlobStore
from openmini.store.database import Base, UTCDateTime, utcnow

EnvVersion = Literal["release", "trial", "develop"]
RELEASERS = (Role.ADMIN, Role.DEVELOPER)
TRIAL_OPENERS = (Role.ADMIN, Role.DEVELOPER, Role.TESTER)
DEVELOP_OPENERS = (Role.ADMIN, Role.DEVELOPER)
MAX_ALLOW_LIST = 1000


class ReleaseStatus(StrEnum):
    LIVE = "live"  # the full release everyone outside a gradual release gets
    GRADUAL = "gradual"  # running on top of the live release
    SUPERSEDED = "superseded"  # a later full release replaced it
    COMPLETED = "completed"  # a gradual release that became (or was replaced by) a full one
    CANCELLED = "cancelled"  # a gradual release withdrawn
    REVERTED = "reverted"  # rolled back


class Release(Base):
    __tablename__ = "releases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    percentage: Mapped[int] = mapped_column(Integer)  # 100 for a full release
    allow_list: Mapped[list[str]] = mapped_column(JSON, default=list)  # end user ids
    # The live release when this one started: what a rollback returns to.
    replaced_release_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id"))
    # Set on the release a rollback creates: the release it reverted.
    reverts_release_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ReleaseHead(Base):
    """The app's current live and gradual releases."""

    __tablename__ = "release_heads"

    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"), primary_key=True)
    live_release_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id"))
    gradual_release_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id"))


@dataclass(frozen=True)
class ResolvedVersion:
    """What a launch opens: the version and where its manifest is."""

    appid: str
    version_id: int
    user_version: str
    manifest_key: str
    env_version: EnvVersion
    release_id: int | None  # None for trial and develop


def in_gradual(appid: str, release_id: int, end_user_id: str, percentage: int) -> bool:
    """Whether an end user falls in a gradual release's percentage; stable for a given release."""
    digest = hashlib.sha256(f"{appid}:{release_id}:{end_user_id}".encode()).digest()
    return int.from_bytes(digest, "big") % 100 < percentage


def _target(app: App, version_id: int) -> str:
    return f"app:{app.appid}/version:{version_id}"


async def _head(session: AsyncSession, app: App) -> ReleaseHead:
    """The head row, reread (callers hold the app lock); created on the first release."""
    head = await session.get(ReleaseHead, app.id, populate_existing=True)
    if head is None:
        head = ReleaseHead(app_id=app.id)
        session.add(head)
    return head


async def _release(session: AsyncSession, release_id: int | None) -> Release | None:
    if release_id is None:
        return None
    return await session.get(Release, release_id, populate_existing=True)


async def live_release(session: AsyncSession, app: App) -> Release | None:
    query = select(Release).join(ReleaseHead, ReleaseHead.live_release_id == Release.id)
    return await session.scalar(query.where(ReleaseHead.app_id == app.id))


async def gradual_release(session: AsyncSession, app: App) -> Release | None:
    query = select(Release).join(ReleaseHead, ReleaseHead.gradual_release_id == Release.id)
    return await session.scalar(query.where(ReleaseHead.app_id == app.id))


async def live_version(session: AsyncSession, app: App) -> Version | None:
    """The version everyone outside a gradual release opens, if the app is released."""
    query = select(Version).join(Release, Release.version_id == Version.id)
    query = query.join(ReleaseHead, ReleaseHead.live_release_id == Release.id).where(ReleaseHead.app_id == app.id)
    return await session.scalar(query)


async def history(session: AsyncSession, app: App) -> list[Release]:
    """Every release of the app, newest first."""
    query = select(Release).where(Release.app_id == app.id).order_by(Release.id.desc())
    return list((await session.scalars(query)).all())


async def _go_live(session: AsyncSession, actor: Actor, app: App, head: ReleaseHead, version: Version) -> Release:
    live = await _release(session, head.live_release_id)
    gradual = await _release(session, head.gradual_release_id)
    release = Release(
        app_id=app.id,
        version_id=version.id,
        status=ReleaseStatus.LIVE.value,
        percentage=100,
        allow_list=[],
        replaced_release_id=live.id if live is not None else None,
        created_by=actor.user_id,
    )
    session.add(release)
    await session.flush()
    if live is not None:
        live.status = ReleaseStatus.SUPERSEDED.value
    if gradual is not None:
        gradual.status = ReleaseStatus.COMPLETED.value
    head.live_release_id = release.id
    head.gradual_release_id = None
    version.state = VersionState.RELEASED.value
    audit.record(session, actor, "release.full", _target(app, version.id), {"release": release.id}, org_id=app.org_id)
    return release


async def release(session: AsyncSession, actor: Actor, app: App, version_id: int) -> Release:
    """Release an approved version to everyone (also: raise the running gradual release to 100 %).

    85052 when it is already the live release; 85020 when it is not approved, or while a gradual
    release of another version runs (raise that one or cancel it first).
    """
    await require_releaser(session, actor, app)
    await lock_app(session, app)
    head = await _head(session, app)
    version = await get_version(session, app, version_id, fresh=True)
    live = await _release(session, head.live_release_id)
    gradual = await _release(session, head.gradual_release_id)
    if gradual is not None and gradual.version_id != version.id:
        raise PlatformError(Code.STATUS_NOT_ALLOWED, "a gradual release of another version is running")
    if gradual is None:
        if live is not None and live.version_id == version.id:
            raise PlatformError(Code.ALREADY_RELEASED, f"version {version.user_version} is already released")
        if version.state != VersionState.APPROVED:
            raise PlatformError(Code.STATUS_NOT_ALLOWED, f"a version in state {version.state} cannot be released")
    return await _go_live(session, actor, app, head, version)


async def raise_to_full(session: AsyncSession, actor: Actor, app: App) -> Release:
    """Release the running gradual release's version to everyone (85020 when none runs)."""
    gradual = await gradual_release(session, app)
    if gradual is None:
        raise PlatformError(Code.STATUS_NOT_ALLOWED, "no gradual release is running")
    return await release(session, actor, app, gradual.version_id)


async def release_gradually(
    session: AsyncSession,
    actor: Actor,
    app: App,
    version_id: int,
    *,
    percentage: int,
    allow_users: list[str] | tuple[str, ...] = (),
) -> Release:
    """Start or grow a gradual release of an approved version: ``percentage`` of end users plus
    the end users on ``allow_users`` (0 % needs an allow-list). 100 % releases fully.

    85079 when nothing is live yet (the first release is a full one); 85080 when the version is
    not approved; 85081 for a percentage outside 0–100; 85082 when the change does not grow the
    running gradual release; 85020 while a gradual release of another version runs.
    """
    await require_releaser(session, actor, app)
    if not 0 <= percentage <= 100 or (percentage == 0 and not allow_users):
        raise PlatformError(Code.INVALID_PERCENTAGE, "percentage must be 1–100, or 0 with an allow-list")
    if len(allow_users) > MAX_ALLOW_LIST:
        raise PlatformError(Code.INVALID_ARGS, f"at most {MAX_ALLOW_LIST} end users on an allow-list")
    await lock_app(session, app)
    head = await _head(session, app)
    live = await _release(session, head.live_release_id)
    if live is None:
        raise PlatformError(Code.NO_ONLINE_VERSION, "release a version fully before releasing gradually")
    version = await get_version(session, app, version_id, fresh=True)
    await _check_end_users(session, allow_users)
    gradual = await _release(session, head.gradual_release_id)
    if gradual is not None:
        if gradual.version_id != version.id:
            raise PlatformError(Code.STATUS_NOT_ALLOWED, "a gradual release of another version is running")
        new_users = set(allow_users) - set(gradual.allow_list)
        if percentage < gradual.percentage or (percentage == gradual.percentage and not new_users):
            raise PlatformError(
                Code.PERCENTAGE_MUST_INCREASE, f"a gradual release only grows (now {gradual.percentage} %)"
            )
    elif version.id == live.version_id:
        raise PlatformError(Code.ALREADY_RELEASED, f"version {version.user_version} is already released")
    elif version.state != VersionState.APPROVED:
        raise PlatformError(Code.AUDIT_NOT_PASSED, f"version {version.user_version} has not passed audit")
    if percentage == 100:
        return await _go_live(session, actor, app, head, version)
    if gradual is None:
        gradual = Release(
            app_id=app.id,
            version_id=version.id,
            status=ReleaseStatus.GRADUAL.value,
            percentage=percentage,
            allow_list=sorted(set(allow_users)),
            replaced_release_id=live.id,
            created_by=actor.user_id,
        )
        session.add(gradual)
        await session.flush()
        head.gradual_release_id = gradual.id
        version.state = VersionState.RELEASED.value
    else:
        gradual.percentage = percentage
        gradual.allow_list = sorted(set(gradual.allow_list) | set(allow_users))
    detail = {"release": gradual.id, "percentage": percentage, "allow_users": len(gradual.allow_list)}
    audit.record(session, actor, "release.gradual", _target(app, version.id), detail, org_id=app.org_id)
    return gradual


async def cancel_gradual(session: AsyncSession, actor: Actor, app: App) -> Release:
    """Stop the running gradual release (WeChat's ``revertgrayrelease``): everyone gets the live
    release again and the version is approved, ready to release again (85020 when none runs)."""
    await require_releaser(session, actor, app)
    await lock_app(session, app)
    head = await _head(session, app)
    gradual = await _release(session, head.gradual_release_id)
    if gradual is None:
        raise PlatformError(Code.STATUS_NOT_ALLOWED, "no gradual release is running")
    version = await get_version(session, app, gradual.version_id, fresh=True)
    gradual.status = ReleaseStatus.CANCELLED.value
    head.gradual_release_id = None
    version.state = VersionState.APPROVED.value
    audit.record(
        session, actor, "release.cancel_gradual", _target(app, version.id), {"release": gradual.id}, org_id=app.org_id
    )
    return gradual


async def rollback(session: AsyncSession, actor: Actor, app: App) -> Release:
    """Make the full release the live one replaced live again, as a new release (one step only)."""
    await require_releaser(session, actor, app)
    await lock_app(session, app)
    head = await _head(session, app)
    if head.gradual_release_id is not None:
        raise PlatformError(Code.GRADUAL_CANNOT_REVERT, "a gradual release is running: cancel it to roll back")
    live = await _release(session, head.live_release_id)
    if live is None:
        raise PlatformError(Code.CANNOT_REVERT, "nothing is released")
    if live.reverts_release_id is not None:
        raise PlatformError(Code.CANNOT_REVERT, "the live release is already a rollback")
    previous = await _release(session, live.replaced_release_id)
    if previous is None:
        raise PlatformError(Code.CANNOT_REVERT, "there is no earlier release to roll back to")
    restored = Release(
        app_id=app.id,
        version_id=previous.version_id,
        status=ReleaseStatus.LIVE.value,
        percentage=100,
        allow_list=[],
        replaced_release_id=live.id,
        reverts_release_id=live.id,
        created_by=actor.user_id,
    )
    session.add(restored)
    await session.flush()
    live.status = ReleaseStatus.REVERTED.value
    head.live_release_id = restored.id
    detail = {"release": restored.id, "reverted": live.id, "reverted_version": live.version_id}
    audit.record(session, actor, "release.rollback", _target(app, previous.version_id), detail, org_id=app.org_id)
    return restored


async def require_releaser(session: AsyncSession, actor: Actor, app: App) -> None:
    await require_role(session, actor, app.org_id, *RELEASERS)


async def _check_end_users(session: AsyncSession, ids: list[str] | tuple[str, ...]) -> None:
    if not ids:
        return
    found = set((await session.scalars(select(EndUser.id).where(EndUser.id.in_(set(ids))))).all())
    missing = sorted(set(ids) - found)
    if missing:
        raise PlatformError(Code.NOT_FOUND, f"no end user {', '.join(missing[:5])}")


async def diff_from_live(session: AsyncSession, blobs: BlobStore, app: App, version: Version) -> FileDiff:
    """Files of ``version`` added, removed or changed against the live release (the review page)."""
    live = await live_version(session, app)
    base = await load_manifest(blobs, live) if live is not None else None
    return diff_manifests(base, await load_manifest(blobs, version))


# --- launches -----------------------------------------------------------------------------------


async def resolve(
    session: AsyncSession,
    appid: str,
    end_user: EndUser,
    env_version: EnvVersion = "release",
    version_id: int | None = None,
) -> ResolvedVersion:
    """The version ``end_user`` opens: the release (gradual or live); the trial, for testers,
    developers and admins; a develop version (``version_id``, else the newest), for developers
    and admins. 40013 unknown appid, 85079 not released, 90003 not allowed, 90001 no such version.
    """
    app = await get_app(session, appid)
    if env_version == "release":
        return await _resolve_release(session, app, end_user)
    if env_version not in ("trial", "develop"):
        raise PlatformError(Code.INVALID_ARGS, f"env_version must be release, trial or develop, not {env_version!r}")
    openers = TRIAL_OPENERS if env_version == "trial" else DEVELOP_OPENERS
    if end_user.user_id is None:
        raise PlatformError(Code.PERMISSION_DENIED, f"sign in to open the {env_version} version")
    actor = actor_for(await get_user(session, end_user.user_id))
    if not await has_role(session, actor, app.org_id, *openers):
        raise PlatformError(Code.PERMISSION_DENIED, f"{actor.label} may not open the {env_version} version")
    if env_version == "trial":
        version = await trial_version(session, app)
    elif version_id is not None:
        version = await get_version(session, app, version_id)
    else:
        version = await latest_version(session, app)
    if version is None:
        raise PlatformError(Code.NOT_FOUND, f"{appid} has no {env_version} version")
    return ResolvedVersion(app.appid, version.id, version.user_version, version.manifest_key, env_version, None)


async def _resolve_release(session: AsyncSession, app: App, end_user: EndUser) -> ResolvedVersion:
    head = await session.get(ReleaseHead, app.id)
    if head is None or head.live_release_id is None:
        raise PlatformError(Code.NO_ONLINE_VERSION, f"{app.appid} is not released")
    chosen_id = head.live_release_id
    if head.gradual_release_id is not None:
        gradual = await session.get(Release, head.gradual_release_id)
        if gradual is not None and (
            end_user.id in gradual.allow_list or in_gradual(app.appid, gradual.id, end_user.id, gradual.percentage)
        ):
            chosen_id = gradual.id
    row = (
        await session.execute(
            select(Release.id, Version.id, Version.user_version, Version.manifest_key)
            .join(Version, Version.id == Release.version_id)
            .where(Release.id == chosen_id)
        )
    ).one()
    return ResolvedVersion(app.appid, row[1], row[2], row[3], "release", row[0])
