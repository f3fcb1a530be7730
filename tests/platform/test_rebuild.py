"""Rebuilding stored versions from their kept source: the package is replaced whole, or not at all.

A version stored with a package the compiler would not make today (a hand-packed one, built "by an
older openmini") stands for what an upgrade leaves behind.
"""

from __future__ import annotations

import json
import re

import pytest
from platform_support import World, approved, make_package, upload
from sqlalchemy import select, update

from openmini import __version__
from openmini.compiler.generate.package import PackageLimits
from openmini.platform import publishing, rebuild, releases, versions
from openmini.platform.audit import Actor, AuditEntry
from openmini.platform.limits import Limits, set_limits
from openmini.platform.rebuild import Outcome
from openmini.platform.uploads import normalised_zip
from openmini.platform.versions import Version
from openmini.store.blobs import BlobStore
from openmini.store.database import Database

pytestmark = pytest.mark.anyio

SOURCE = {
    "app.json": json.dumps({"pages": ["pages/index/index"]}),
    "app.js": "App({})",
    "pages/index/index.js": "Page({ onLoad() { wx.setStorageSync('seen', true) } })",
    "pages/index/index.wxml": "<view>hello</view>",
}


def archive(files: dict[str, str]) -> bytes:
    return normalised_zip({name: text.encode() for name, text in files.items()})


async def stored_by_an_older_openmini(db: Database, blobs: BlobStore, world: World, source: bytes) -> Version:
    """A version whose source is ``source`` but whose package the current compiler did not make."""
    async with db.session() as s:
        return await versions.create_version(
            s, blobs, world.developer, world.app, make_package({"app.js": b"old"}), source, user_version="1.0.0"
        )


async def reread(db: Database, world: World, version_id: int) -> Version:
    async with db.session() as s:
        return await versions.get_version(s, world.app, version_id)


async def audit_entries(db: Database, action: str) -> list[AuditEntry]:
    async with db.session() as s:
        return list((await s.scalars(select(AuditEntry).where(AuditEntry.action == action))).all())


async def test_a_rebuilt_version_gets_a_new_manifest_whose_files_resolve(
    db: Database, blobs: BlobStore, world: World
) -> None:
    old = await stored_by_an_older_openmini(db, blobs, world, archive(SOURCE))
    assert old.compiler_version is None

    done = await rebuild.rebuild_version(db, blobs, PackageLimits(), old.id)

    assert (done.outcome, done.built_with, done.now_built_with) == (Outcome.REBUILT, None, __version__)
    new = await reread(db, world, old.id)
    assert re.fullmatch(rf"packages/{old.id}/manifest-[0-9a-f]{{16}}\.json", new.manifest_key)
    manifest = await versions.load_manifest(blobs, new)
    assert manifest["compiler"]["version"] == new.compiler_version == __version__
    assert "pages/index/index" in manifest["pages"]
    for entry in manifest["files"].values():
        assert await blobs.size(versions.file_key(entry["file"])) == entry["size"]
    assert new.sizes == manifest["sizes"] and new.capabilities == manifest["capabilities"]
    # The old manifest stays for the audit trail; the source is the one uploaded.
    assert json.loads(await blobs.get(old.manifest_key)) == make_package({"app.js": b"old"}).manifest
    assert await blobs.get(new.source_key) == archive(SOURCE)
    [entry] = await audit_entries(db, "version.rebuild")
    assert entry.target == f"app:{world.app.appid}/version:{old.id}" and entry.org_id == world.org_id
    assert entry.detail == {
        "manifest": new.manifest_key,
        "replaced": old.manifest_key,
        "built_with": __version__,
        "before": None,
    }
    assert entry.actor == "openmini rebuild"


async def test_rebuilding_what_this_compiler_built_changes_nothing(
    db: Database, blobs: BlobStore, world: World
) -> None:
    published = await publishing.publish(
        db, blobs, world.developer, world.app.appid, archive(SOURCE), defaults=PackageLimits(), user_version="1.0.0"
    )
    done = await rebuild.rebuild_version(db, blobs, PackageLimits(), published.version.id)
    assert (done.outcome, done.now_built_with) == (Outcome.UNCHANGED, __version__)
    assert (await reread(db, world, published.version.id)).manifest_key == published.version.manifest_key
    assert await audit_entries(db, "version.rebuild") == []


async def test_a_package_stored_before_compilers_were_recorded_learns_its_compiler(
    db: Database, blobs: BlobStore, world: World
) -> None:
    published = await publishing.publish(
        db, blobs, world.developer, world.app.appid, archive(SOURCE), defaults=PackageLimits(), user_version="1.0.0"
    )
    async with db.session() as s:  # what the migration leaves on rows stored before it
        await s.execute(update(Version).values(compiler_version=None))

    done = await rebuild.rebuild_version(db, blobs, PackageLimits(), published.version.id)

    assert (done.outcome, done.built_with, done.now_built_with) == (Outcome.UNCHANGED, None, __version__)
    after = await reread(db, world, published.version.id)
    assert (after.manifest_key, after.compiler_version) == (published.version.manifest_key, __version__)


@pytest.mark.parametrize(
    ("cause", "said"),
    [
        ("the source no longer compiles", "does not compile"),
        ("the operator no longer allows an API", "wx.setStorageSync"),
    ],
)
async def test_a_failed_rebuild_leaves_the_version_untouched(
    db: Database, blobs: BlobStore, world: World, cause: str, said: str
) -> None:
    if cause == "the source no longer compiles":
        source = archive({**SOURCE, "pages/index/index.wxml": "<view>{{</view>"})
    else:
        source = archive(SOURCE)
        async with db.session() as s:
            await set_limits(s, Actor.system(), Limits(PackageLimits(), frozenset({"request"})))
    old = await stored_by_an_older_openmini(db, blobs, world, source)
    manifest_before = await blobs.get(old.manifest_key)

    done = await rebuild.rebuild_version(db, blobs, PackageLimits(), old.id)

    assert done.outcome is Outcome.FAILED and said in done.reason
    after = await reread(db, world, old.id)
    assert (after.manifest_key, after.sizes, after.capabilities, after.compiler_version) == (
        old.manifest_key,
        old.sizes,
        old.capabilities,
        None,
    )
    assert await blobs.get(after.manifest_key) == manifest_before
    assert await audit_entries(db, "version.rebuild") == []
    [entry] = await audit_entries(db, "version.rebuild_failed")
    assert entry.detail["reason"] == done.reason and entry.org_id == world.org_id


async def test_all_rebuilds_the_versions_people_can_still_open(db: Database, blobs: BlobStore, world: World) -> None:
    dev, app = world.developer, world.app

    async def released(user_version: str) -> int:
        version_id = await approved(db, blobs, world, user_version)
        async with db.session() as s:
            await releases.release(s, dev, app, version_id)
        return version_id

    superseded, restorable, live = await released("1.0.0"), await released("1.1.0"), await released("1.2.0")
    gradual = await approved(db, blobs, world, "1.3.0")
    async with db.session() as s:
        await releases.release_gradually(s, dev, app, gradual, percentage=10)
    waiting = await approved(db, blobs, world, "1.4.0")
    rejected, auditing = await upload(db, blobs, world, "1.5.0"), await upload(db, blobs, world, "1.6.0")
    async with db.session() as s:
        await versions.submit_audit(s, dev, app, rejected)
    async with db.session() as s:
        await versions.reject(s, world.reviewer, app, rejected, "no")
        await versions.submit_audit(s, dev, app, auditing)
    trial, develop = await upload(db, blobs, world, "1.7.0"), await upload(db, blobs, world, "1.8.0")
    async with db.session() as s:
        await versions.set_trial(s, dev, app, trial)

    async with db.session() as s:
        openable = await rebuild.openable_versions(s)
        every = await rebuild.versions_of_app(s, app.appid)

    assert openable == sorted([restorable, live, gradual, waiting, auditing, trial])
    assert superseded not in openable and rejected not in openable and develop not in openable
    assert every == sorted([superseded, restorable, live, gradual, waiting, rejected, auditing, trial, develop])
