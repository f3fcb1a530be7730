"""Rebuilding: compile stored versions again from their kept source with this openmini's compiler.

The platform keeps every upload's source archive so that, when openmini (compiler and runtime) is
upgraded, each mini program can be rebuilt for the new runtime instead of waiting for its developer.
A rebuild goes through the upload's own checks (:func:`openmini.platform.publishing.compile_upload`,
with the limits in force today) and replaces the version's package in one step:

1. the new content-addressed files are stored (files already there are shared, never rewritten);
2. the new manifest goes to a key of its own, ``packages/<version id>/manifest-<hash>.json``;
3. one transaction points the version row at it, with the package's sizes, capability report and
   compiler version, and writes the audit entry. That commit is the switch: before it the version
   is entirely the old package, after it entirely the new one.

The old manifest is kept: the audit entry names both keys, so what users were served before stays
inspectable, and the old files it names stay stored for processes still running the old runtime.
A version whose source no longer passes keeps its package; the refusal is returned and audited.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from openmini.compiler.generate.package import PackageLimits
from openmini.platform import audit, limits, versions
from openmini.platform.apps import App, get_app, lock_app
from openmini.platform.audit import Actor
from openmini.platform.errors import PlatformError
from openmini.platform.publishing import compile_upload
from openmini.platform.releases import Release, ReleaseHead
from openmini.platform.versions import Trial, Version, VersionState
from openmini.store.blobs import BlobNotFound, BlobStore
from openmini.store.database import Database

# Who the audit log names for a rebuild: the operator's command, not a person signed in.
REBUILDER = Actor(None, "openmini rebuild", is_operator=True)
MANIFEST_HASH_CHARS = 16


class Outcome(StrEnum):
    REBUILT = "rebuilt"
    UNCHANGED = "unchanged"  # the compiler made the very same manifest: nothing to replace
    FAILED = "failed"  # the source no longer passes: the version keeps its package


@dataclass(frozen=True)
class Rebuilt:
    """What happened to one version."""

    appid: str
    version_id: int
    user_version: str
    outcome: Outcome
    built_with: str | None  # the compiler version of the package in force before
    now_built_with: str | None  # and after (the same when unchanged or failed)
    reason: str = ""  # why it failed, one line per problem

    def line(self) -> str:
        """One line for the operator's terminal."""
        head = f"{self.appid} {self.user_version} (version {self.version_id}): {self.outcome}"
        before, after = self.built_with or "unknown", self.now_built_with or "unknown"
        if self.outcome is Outcome.REBUILT:
            return f"{head}, built with {before} → {after}"
        if self.outcome is Outcome.FAILED:
            return f"{head}, keeps its package built with {before}: " + self.reason.replace("\n", "; ")
        return f"{head}, built with {after}"


def rebuilt_manifest_key(version_id: int, manifest: bytes) -> str:
    digest = hashlib.sha256(manifest).hexdigest()[:MANIFEST_HASH_CHARS]
    return f"packages/{version_id}/manifest-{digest}.json"


async def openable_versions(session: AsyncSession) -> list[int]:
    """Versions someone can still open, newest last: live and gradual releases, the release a
    rollback would restore, trials, and versions under audit or approved (reviewers preview them)."""
    live = aliased(Release)
    released = select(Release.version_id).join(
        ReleaseHead, or_(ReleaseHead.live_release_id == Release.id, ReleaseHead.gradual_release_id == Release.id)
    )
    restorable = (
        select(Release.version_id)
        .join(live, live.replaced_release_id == Release.id)
        .join(ReleaseHead, ReleaseHead.live_release_id == live.id)
        .where(live.reverts_release_id.is_(None))
    )
    trials = select(Trial.version_id)
    reviewed = select(Version.id).where(Version.state.in_([VersionState.AUDITING.value, VersionState.APPROVED.value]))
    found: set[int] = set()
    for query in (released, restorable, trials, reviewed):
        found.update(await session.scalars(query))
    return sorted(found)


async def versions_of_app(session: AsyncSession, appid: str) -> list[int]:
    """Every version of one mini program, oldest first (40013 for an unknown appid)."""
    app = await get_app(session, appid)
    return sorted(version.id for version in await versions.versions_of(session, app))


async def rebuild_versions(
    db: Database, blobs: BlobStore, defaults: PackageLimits, version_ids: Iterable[int]
) -> AsyncIterator[Rebuilt]:
    """Rebuild each version in turn, yielding as each is done (a platform may hold thousands)."""
    for version_id in version_ids:
        yield await rebuild_version(db, blobs, defaults, version_id)


async def rebuild_version(db: Database, blobs: BlobStore, defaults: PackageLimits, version_id: int) -> Rebuilt:
    """Compile one version again from its source and switch it to the new package (see the module)."""
    async with db.session() as session:
        app, version = await versions.version_with_app(session, version_id)
        in_force = await limits.get_limits(session, defaults)
    before = version.compiler_version
    try:
        prepared = await compile_upload(await blobs.get(version.source_key), in_force)
    except PlatformError as refused:
        reason = "\n".join((refused.errmsg, *refused.details))
        return await _failed(db, app, version, reason)
    except BlobNotFound:
        return await _failed(db, app, version, f"the source archive {version.source_key} is missing")
    body = prepared.package.manifest_bytes()
    now = versions.built_with(prepared.package)
    if body == await _current_manifest(blobs, version):
        if now == before:
            return Rebuilt(app.appid, version.id, version.user_version, Outcome.UNCHANGED, before, now)
        # The same package, stored before its compiler was recorded: only the row learns it.
        key = version.manifest_key
    else:
        await versions.store_files(blobs, prepared.package)
        key = rebuilt_manifest_key(version.id, body)
        await blobs.put(key, body)
    async with db.session() as session:
        await lock_app(session, app)
        version = await versions.get_version(session, app, version_id, fresh=True)
        replaced = version.manifest_key
        version.manifest_key = key
        versions.describe_package(version, prepared.package)
        detail = {"manifest": key, "replaced": replaced, "built_with": now, "before": before}
        audit.record(session, REBUILDER, "version.rebuild", _target(app, version), detail, org_id=app.org_id)
    outcome = Outcome.REBUILT if key != replaced else Outcome.UNCHANGED
    return Rebuilt(app.appid, version.id, version.user_version, outcome, before, now)


async def _current_manifest(blobs: BlobStore, version: Version) -> bytes | None:
    try:
        return await blobs.get(version.manifest_key)
    except BlobNotFound:
        return None


async def _failed(db: Database, app: App, version: Version, reason: str) -> Rebuilt:
    async with db.session() as session:
        detail = {"reason": reason, "built_with": version.compiler_version}
        audit.record(session, REBUILDER, "version.rebuild_failed", _target(app, version), detail, org_id=app.org_id)
    built_with = version.compiler_version
    return Rebuilt(app.appid, version.id, version.user_version, Outcome.FAILED, built_with, built_with, reason)


def _target(app: App, version: Version) -> str:
    return f"app:{app.appid}/version:{version.id}"
