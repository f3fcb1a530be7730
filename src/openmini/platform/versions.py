"""Versions of a mini program and WeChat's review flow (platform-apis.md §2.1).

Every upload makes a **develop** version, kept with its source archive and compiled package in the
blob store. One version per app may be the **trial** (opened by testers). A developer **submits**
a version for audit (one under audit per app: 85009), may **withdraw** it, and a reviewer
**approves** or **rejects** it with a reason. Releasing is :mod:`openmini.platform.releases`.

==============  ==========================  ====================  ==================
from            operation                   to                    refused with
==============  ==========================  ====================  ==================
(upload)        create_version              develop
develop         submit_audit                auditing              85009 / 85020
rejected        submit_audit (resubmit)     auditing              85009 / 85020
auditing        withdraw_audit              develop               85019 (none)
auditing        approve / reject            approved / rejected   85020
approved        release (releases.py)       released              85080
==============  ==========================  ====================  ==================

Blob keys: ``files/<stored name>`` for package files (content-addressed, shared by every version
and app, written once), ``sources/<version id>.zip`` and ``packages/<version id>/manifest.json``; a
rebuild (:mod:`openmini.platform.rebuild`) adds ``packages/<version id>/manifest-<hash>.json`` and the
row's ``manifest_key`` names the manifest in force.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from openmini.compiler.generate.package import Package
from openmini.platform import audit
from openmini.platform.accounts import Role, require_role
from openmini.platform.apps import App, lock_app
from openmini.platform.audit import Actor
from openmini.platform.errors import Code, PlatformError
from openmini.store.blobs import BlobStore
from openmini.store.database import Base, UTCDateTime, utcnow

USER_VERSION_MAX = 64  # WeChat's user_version limit
TEXT_MAX = 1000  # descriptions, audit notes, review reasons
DEVELOPERS = (Role.ADMIN, Role.DEVELOPER)
PARALLEL_PUTS = 8
COMPILER_VERSION_MAX = 64


class VersionState(StrEnum):
    DEVELOP = "develop"
    AUDITING = "auditing"
    APPROVED = "approved"
    REJECTED = "rejected"
    RELEASED = "released"  # has reached users, fully or gradually


class Version(Base):
    __tablename__ = "versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"), index=True)
    user_version: Mapped[str] = mapped_column(String(USER_VERSION_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    uploader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(16), default=VersionState.DEVELOP.value)
    sizes: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # bytes per package, and "total"
    manifest_key: Mapped[str] = mapped_column(String(200), default="")
    source_key: Mapped[str] = mapped_column(String(200), default="")
    capabilities: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The openmini (compiler and runtime) version the package in force was built with; None before
    # it was recorded.
    compiler_version: Mapped[str | None] = mapped_column(String(COMPILER_VERSION_MAX))
    audit_notes: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_reason: Mapped[str] = mapped_column(Text, default="")

    @property
    def total_size(self) -> int:
        return self.sizes.get("total", 0)


class Trial(Base):
    """The one trial version of an app, if any."""

    __tablename__ = "trials"

    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id", ondelete="CASCADE"), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def file_key(stored_name: str) -> str:
    """The blob key of a package file named as in the manifest's ``file`` field."""
    return f"files/{stored_name}"


def source_key(version_id: int) -> str:
    return f"sources/{version_id}.zip"


def manifest_key(version_id: int) -> str:
    return f"packages/{version_id}/manifest.json"


def _checked_text(what: str, value: str, limit: int = TEXT_MAX) -> str:
    if len(value) > limit:
        raise PlatformError(Code.INVALID_ARGS, f"{what} longer than {limit} characters")
    return value


def _target(app: App, version_id: int) -> str:
    return f"app:{app.appid}/version:{version_id}"


def built_with(package: Package) -> str | None:
    """The openmini version the package says compiled it (the manifest's ``compiler``), if it says."""
    compiler = package.manifest.get("compiler")
    found = compiler.get("version") if isinstance(compiler, dict) else None
    return str(found)[:COMPILER_VERSION_MAX] if found is not None else None


def describe_package(version: Version, package: Package) -> None:
    """Copy onto the row what its package says of itself: sizes, capability report, compiler version."""
    capabilities = package.manifest.get("capabilities")
    version.sizes = dict(package.manifest.get("sizes", {}))
    version.capabilities = capabilities if isinstance(capabilities, dict) else None
    version.compiler_version = built_with(package)


async def store_files(blobs: BlobStore, package: Package) -> None:
    """Put the package's content-addressed files that are not stored yet."""
    limit = asyncio.Semaphore(PARALLEL_PUTS)

    async def put_file(stored: str, content: bytes) -> None:
        key = file_key(stored)
        async with limit:
            # Content-addressed: a file some version already stored is the same bytes.
            if await blobs.size(key) != len(content):
                await blobs.put(key, content)

    await asyncio.gather(*(put_file(stored, content) for stored, content in package.blobs.items()))


async def _store_package(blobs: BlobStore, version_id: int, package: Package, source_archive: bytes) -> None:
    await store_files(blobs, package)
    await blobs.put(source_key(version_id), source_archive)
    # The manifest goes last: a version whose manifest exists has all its files.
    await blobs.put(manifest_key(version_id), package.manifest_bytes())


async def create_version(
    session: AsyncSession,
    blobs: BlobStore,
    actor: Actor,
    app: App,
    package: Package,
    source_archive: bytes,
    *,
    user_version: str,
    description: str = "",
) -> Version:
    """A develop version from an upload the server has compiled (admins and developers).

    Stores the package files, the source archive and the manifest, then the row; if anything
    fails the transaction rolls back and no version exists (unreferenced blobs may remain).
    """
    await require_role(session, actor, app.org_id, *DEVELOPERS)
    user_version = user_version.strip()
    if not user_version:
        raise PlatformError(Code.INVALID_ARGS, "a version needs a version number (user_version)")
    _checked_text("user_version", user_version, USER_VERSION_MAX)
    _checked_text("description", description)
    version = Version(
        app_id=app.id,
        user_version=user_version,
        description=description,
        uploader_id=actor.user_id,
        state=VersionState.DEVELOP.value,
    )
    describe_package(version, package)
    session.add(version)
    await session.flush()
    version.manifest_key = manifest_key(version.id)
    version.source_key = source_key(version.id)
    await _store_package(blobs, version.id, package, source_archive)
    audit.record(
        session,
        actor,
        "version.create",
        _target(app, version.id),
        {"user_version": user_version, "size": version.total_size},
        org_id=app.org_id,
    )
    return version


async def get_version(session: AsyncSession, app: App, version_id: int, *, fresh: bool = False) -> Version:
    """A version of ``app`` (90001 otherwise). ``fresh`` rereads it, for use after taking the app lock."""
    query = select(Version).where(Version.id == version_id, Version.app_id == app.id)
    if fresh:
        query = query.execution_options(populate_existing=True)
    version = await session.scalar(query)
    if version is None:
        raise PlatformError(Code.NOT_FOUND, f"no version {version_id} of {app.appid}")
    return version


async def version_with_app(session: AsyncSession, version_id: int) -> tuple[App, Version]:
    """A version and its app, from the version id alone (review pages); 90001 when there is none."""
    query = select(App, Version).join(Version, Version.app_id == App.id).where(Version.id == version_id)
    row = (await session.execute(query)).first()
    if row is None:
        raise PlatformError(Code.NOT_FOUND, f"no version {version_id}")
    return row[0], row[1]


async def versions_of(session: AsyncSession, app: App) -> list[Version]:
    """Upload history, newest first."""
    query = select(Version).where(Version.app_id == app.id).order_by(Version.id.desc())
    return list((await session.scalars(query)).all())


async def latest_version(session: AsyncSession, app: App) -> Version | None:
    query = select(Version).where(Version.app_id == app.id).order_by(Version.id.desc()).limit(1)
    return await session.scalar(query)


async def manifest_key_of(session: AsyncSession, version_id: int) -> str | None:
    """Where the manifest in force of a version is (None when there is no such version)."""
    return await session.scalar(select(Version.manifest_key).where(Version.id == version_id))


async def load_manifest(blobs: BlobStore, version: Version) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads(await blobs.get(version.manifest_key))
    return manifest


# --- trial --------------------------------------------------------------------------------------


async def set_trial(session: AsyncSession, actor: Actor, app: App, version_id: int) -> Version:
    """Make a version the app's trial, replacing the previous one (admins and developers)."""
    await require_role(session, actor, app.org_id, *DEVELOPERS)
    await lock_app(session, app)
    version = await get_version(session, app, version_id, fresh=True)
    trial = await session.get(Trial, app.id, populate_existing=True)
    if trial is None:
        session.add(Trial(app_id=app.id, version_id=version.id, set_at=utcnow()))
    else:
        trial.version_id = version.id
        trial.set_at = utcnow()
    audit.record(session, actor, "version.set_trial", _target(app, version.id), org_id=app.org_id)
    return version


async def trial_version(session: AsyncSession, app: App) -> Version | None:
    query = select(Version).join(Trial, Trial.version_id == Version.id).where(Trial.app_id == app.id)
    return await session.scalar(query)


# --- audit --------------------------------------------------------------------------------------


async def _auditing(session: AsyncSession, app: App) -> Version | None:
    query = select(Version).where(Version.app_id == app.id, Version.state == VersionState.AUDITING.value)
    return await session.scalar(query.execution_options(populate_existing=True))


async def submit_audit(session: AsyncSession, actor: Actor, app: App, version_id: int, notes: str = "") -> Version:
    """Send a develop (or rejected) version to review; 85009 while another one is under audit."""
    await require_role(session, actor, app.org_id, *DEVELOPERS)
    _checked_text("audit notes", notes)
    await lock_app(session, app)
    version = await get_version(session, app, version_id, fresh=True)
    under_audit = await _auditing(session, app)
    if under_audit is not None:
        raise PlatformError(Code.ALREADY_AUDITING, f"version {under_audit.user_version} is already under audit")
    if version.state not in (VersionState.DEVELOP, VersionState.REJECTED):
        raise PlatformError(Code.STATUS_NOT_ALLOWED, f"a version in state {version.state} cannot be submitted")
    version.state = VersionState.AUDITING.value
    version.audit_notes = notes
    version.submitted_at = utcnow()
    version.reviewer_id = None
    version.reviewed_at = None
    version.review_reason = ""
    audit.record(session, actor, "version.submit_audit", _target(app, version.id), {"notes": notes}, org_id=app.org_id)
    return version


async def withdraw_audit(session: AsyncSession, actor: Actor, app: App) -> Version:
    """Take the version under audit back to develop (WeChat's ``undocodeaudit``); 85019 when none is."""
    await require_role(session, actor, app.org_id, *DEVELOPERS)
    await lock_app(session, app)
    version = await _auditing(session, app)
    if version is None:
        raise PlatformError(Code.NO_VERSION_TO_ACT_ON, "no version is under audit")
    version.state = VersionState.DEVELOP.value
    version.submitted_at = None
    audit.record(session, actor, "version.withdraw_audit", _target(app, version.id), org_id=app.org_id)
    return version


async def _review(
    session: AsyncSession, actor: Actor, app: App, version_id: int, outcome: VersionState, reason: str
) -> Version:
    await require_role(session, actor, app.org_id, Role.REVIEWER)
    _checked_text("review reason", reason)
    await lock_app(session, app)
    version = await get_version(session, app, version_id, fresh=True)
    if version.state != VersionState.AUDITING:
        raise PlatformError(Code.STATUS_NOT_ALLOWED, f"version {version.user_version} is not under audit")
    version.state = outcome.value
    version.reviewer_id = actor.user_id
    version.reviewed_at = utcnow()
    version.review_reason = reason
    action = "version.approve" if outcome is VersionState.APPROVED else "version.reject"
    audit.record(session, actor, action, _target(app, version.id), {"reason": reason}, org_id=app.org_id)
    return version


async def approve(session: AsyncSession, actor: Actor, app: App, version_id: int, reason: str = "") -> Version:
    """A reviewer passes the version under audit (85020 when it is not)."""
    return await _review(session, actor, app, version_id, VersionState.APPROVED, reason)


async def reject(session: AsyncSession, actor: Actor, app: App, version_id: int, reason: str) -> Version:
    """A reviewer turns the version under audit down, saying why (40097 without a reason)."""
    if not reason.strip():
        raise PlatformError(Code.INVALID_ARGS, "a rejection needs a reason")
    return await _review(session, actor, app, version_id, VersionState.REJECTED, reason)


async def audit_queue(session: AsyncSession, org_id: int | None = None) -> list[tuple[App, Version]]:
    """Versions under audit, oldest submission first; every organisation's when ``org_id`` is None."""
    query = (
        select(App, Version)
        .join(Version, Version.app_id == App.id)
        .where(Version.state == VersionState.AUDITING.value)
        .order_by(Version.submitted_at, Version.id)
    )
    if org_id is not None:
        query = query.where(App.org_id == org_id)
    return [(app, version) for app, version in await session.execute(query)]


# --- diff ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileDiff:
    """Logical file names that differ between two versions' packages."""

    added: list[str]
    removed: list[str]
    changed: list[str]


def diff_manifests(base: dict[str, Any] | None, new: dict[str, Any]) -> FileDiff:
    """Compare by logical name and content hash; no base (nothing live yet) means every file is added."""
    old_files: dict[str, Any] = base.get("files", {}) if base is not None else {}
    new_files: dict[str, Any] = new.get("files", {})
    return FileDiff(
        added=sorted(set(new_files) - set(old_files)),
        removed=sorted(set(old_files) - set(new_files)),
        changed=sorted(n for n in set(new_files) & set(old_files) if new_files[n]["hash"] != old_files[n]["hash"]),
    )
