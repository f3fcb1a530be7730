"""Uploads become develop versions; WeChat's review states, legal and illegal moves."""

from __future__ import annotations

import json

import pytest
from platform_support import World, approved, expect_refusal, make_package, upload

from openmini.platform import releases, versions
from openmini.platform.audit import Actor
from openmini.platform.errors import Code, PlatformError
from openmini.platform.versions import VersionState
from openmini.store.blobs import BlobStore
from openmini.store.database import Database

pytestmark = pytest.mark.anyio


async def state_of(db: Database, world: World, version_id: int) -> str:
    async with db.session() as s:
        return (await versions.get_version(s, world.app, version_id)).state


async def test_an_upload_stores_files_source_and_manifest(db: Database, blobs: BlobStore, world: World) -> None:
    files = {"app.js": b"App({})", "images/logo.png": b"\x89PNG..."}
    package = make_package(files)
    async with db.session() as s:
        version = await versions.create_version(
            s, blobs, world.developer, world.app, package, b"PK-zip", user_version="1.2.0", description="First"
        )
    assert (version.state, version.user_version, version.description) == ("develop", "1.2.0", "First")
    assert version.uploader_id == world.developer.user_id
    assert version.sizes == package.manifest["sizes"] and version.total_size == len(b"App({})") + len(b"\x89PNG...")
    assert version.capabilities == {"apis": ["request"]}
    assert await blobs.get(version.source_key) == b"PK-zip"
    assert version.source_key == f"sources/{version.id}.zip"
    assert json.loads(await blobs.get(version.manifest_key)) == package.manifest
    for entry in package.manifest["files"].values():
        assert await blobs.size(versions.file_key(entry["file"])) == entry["size"]


async def test_identical_files_are_stored_once_for_every_version(db: Database, blobs: BlobStore, world: World) -> None:
    first = await upload(db, blobs, world, "1.0.0", {"app.js": b"same", "a.js": b"one"})
    second = await upload(db, blobs, world, "1.0.1", {"app.js": b"same", "a.js": b"two"})
    async with db.session() as s:
        one = await versions.load_manifest(blobs, await versions.get_version(s, world.app, first))
        two = await versions.load_manifest(blobs, await versions.get_version(s, world.app, second))
    assert one["files"]["app.js"]["file"] == two["files"]["app.js"]["file"]
    assert one["files"]["a.js"]["file"] != two["files"]["a.js"]["file"]


async def test_upload_rules(db: Database, blobs: BlobStore, world: World) -> None:
    package = make_package({"app.js": b"x"})
    cases: list[tuple[Actor, str, str, Code]] = [
        (world.tester, "1.0.0", "", Code.PERMISSION_DENIED),
        (world.outsider, "1.0.0", "", Code.PERMISSION_DENIED),
        (world.developer, "  ", "", Code.INVALID_ARGS),
        (world.developer, "1" * 65, "", Code.INVALID_ARGS),
        (world.developer, "1.0.0", "d" * 1001, Code.INVALID_ARGS),
    ]
    for actor, user_version, description, code in cases:
        with pytest.raises(PlatformError) as refused:
            async with db.session() as s:
                await versions.create_version(
                    s, blobs, actor, world.app, package, b"zip", user_version=user_version, description=description
                )
        assert refused.value.errcode == code
    async with db.session() as s:
        assert await versions.versions_of(s, world.app) == []


async def test_a_failed_store_leaves_no_version(db: Database, world: World) -> None:
    class FullDisk:
        """A blob store whose writes fail, as a full disk or an unreachable bucket would."""

        async def put(self, key: str, data: bytes) -> None:
            raise OSError("no space left on device")

        async def get(self, key: str) -> bytes:
            raise KeyError(key)

        async def get_range(self, key: str, start: int, end: int) -> bytes:
            raise KeyError(key)

        async def size(self, key: str) -> int | None:
            return None

        async def delete(self, key: str) -> None:
            return None

    with pytest.raises(OSError, match="no space"):
        async with db.session() as s:
            await versions.create_version(
                s, FullDisk(), world.developer, world.app, make_package({"app.js": b"x"}), b"zip", user_version="1.0"
            )
    async with db.session() as s:
        assert await versions.versions_of(s, world.app) == []


async def test_history_lists_newest_first(db: Database, blobs: BlobStore, world: World) -> None:
    ids = [await upload(db, blobs, world, v) for v in ("1.0.0", "1.1.0", "1.2.0")]
    async with db.session() as s:
        assert [v.id for v in await versions.versions_of(s, world.app)] == ids[::-1]
        latest = await versions.latest_version(s, world.app)
    assert latest is not None and latest.user_version == "1.2.0"


async def test_one_trial_per_app(db: Database, blobs: BlobStore, world: World) -> None:
    first = await upload(db, blobs, world, "1.0.0")
    second = await upload(db, blobs, world, "1.1.0")
    async with db.session() as s:
        assert await versions.trial_version(s, world.app) is None
        await versions.set_trial(s, world.developer, world.app, first)
    async with db.session() as s:
        await versions.set_trial(s, world.developer, world.app, second)
    async with db.session() as s:
        trial = await versions.trial_version(s, world.app)
    assert trial is not None and trial.id == second
    await expect_refusal(Code.PERMISSION_DENIED, db, lambda s: versions.set_trial(s, world.tester, world.app, first))
    await expect_refusal(Code.NOT_FOUND, db, lambda s: versions.set_trial(s, world.developer, world.app, 999))


async def test_submit_approve(db: Database, blobs: BlobStore, world: World) -> None:
    version_id = await upload(db, blobs, world, "1.0.0")
    async with db.session() as s:
        submitted = await versions.submit_audit(s, world.developer, world.app, version_id, "please look at the cart")
    assert (submitted.state, submitted.audit_notes) == ("auditing", "please look at the cart")
    assert submitted.submitted_at is not None
    async with db.session() as s:
        queue = await versions.audit_queue(s, world.org_id)
        assert [(a.appid, v.id) for a, v in queue] == [(world.app.appid, version_id)]
        reviewed = await versions.approve(s, world.reviewer, world.app, version_id, "looks fine")
    assert (reviewed.state, reviewed.review_reason, reviewed.reviewer_id) == (
        "approved",
        "looks fine",
        world.reviewer.user_id,
    )
    async with db.session() as s:
        assert await versions.audit_queue(s) == []


async def test_reject_then_resubmit(db: Database, blobs: BlobStore, world: World) -> None:
    version_id = await upload(db, blobs, world, "1.0.0")
    async with db.session() as s:
        await versions.submit_audit(s, world.developer, world.app, version_id)
    blank_reason = " "
    await expect_refusal(
        Code.INVALID_ARGS, db, lambda s: versions.reject(s, world.reviewer, world.app, version_id, blank_reason)
    )
    async with db.session() as s:
        rejected = await versions.reject(s, world.reviewer, world.app, version_id, "crashes on the cart page")
    assert (rejected.state, rejected.review_reason) == ("rejected", "crashes on the cart page")
    async with db.session() as s:
        again = await versions.submit_audit(s, world.developer, world.app, version_id, "fixed")
    assert (again.state, again.review_reason, again.reviewer_id) == ("auditing", "", None)


async def test_withdraw_returns_the_version_to_develop(db: Database, blobs: BlobStore, world: World) -> None:
    version_id = await upload(db, blobs, world, "1.0.0")
    await expect_refusal(
        Code.NO_VERSION_TO_ACT_ON, db, lambda s: versions.withdraw_audit(s, world.developer, world.app)
    )
    async with db.session() as s:
        await versions.submit_audit(s, world.developer, world.app, version_id)
    async with db.session() as s:
        withdrawn = await versions.withdraw_audit(s, world.developer, world.app)
    assert withdrawn.id == version_id and withdrawn.state == "develop"
    await expect_refusal(
        Code.STATUS_NOT_ALLOWED, db, lambda s: versions.approve(s, world.reviewer, world.app, version_id)
    )


async def test_only_one_version_under_audit(db: Database, blobs: BlobStore, world: World) -> None:
    first = await upload(db, blobs, world, "1.0.0")
    second = await upload(db, blobs, world, "1.1.0")
    async with db.session() as s:
        await versions.submit_audit(s, world.developer, world.app, first)
    for version_id in (first, second):
        await expect_refusal(
            Code.ALREADY_AUDITING, db, lambda s, v=version_id: versions.submit_audit(s, world.developer, world.app, v)
        )
    assert await state_of(db, world, second) == "develop"


async def test_states_that_cannot_be_submitted_or_reviewed(db: Database, blobs: BlobStore, world: World) -> None:
    passed = await approved(db, blobs, world, "1.0.0")
    developing = await upload(db, blobs, world, "1.1.0")
    await expect_refusal(
        Code.STATUS_NOT_ALLOWED, db, lambda s: versions.submit_audit(s, world.developer, world.app, passed)
    )
    for review in (versions.approve, versions.reject):
        await expect_refusal(
            Code.STATUS_NOT_ALLOWED,
            db,
            lambda s, r=review: r(s, world.reviewer, world.app, developing, "reason"),
        )
    async with db.session() as s:
        await releases.release(s, world.admin, world.app, passed)
    assert await state_of(db, world, passed) == VersionState.RELEASED
    await expect_refusal(
        Code.STATUS_NOT_ALLOWED, db, lambda s: versions.submit_audit(s, world.developer, world.app, passed)
    )


async def test_only_reviewers_review_and_only_developers_submit(db: Database, blobs: BlobStore, world: World) -> None:
    version_id = await upload(db, blobs, world, "1.0.0")
    for actor in (world.tester, world.reviewer, world.outsider):
        await expect_refusal(
            Code.PERMISSION_DENIED, db, lambda s, a=actor: versions.submit_audit(s, a, world.app, version_id)
        )
    async with db.session() as s:
        await versions.submit_audit(s, world.developer, world.app, version_id)
    # Developers and admins cannot approve their own work.
    for actor in (world.developer, world.admin, world.tester):
        await expect_refusal(
            Code.PERMISSION_DENIED, db, lambda s, a=actor: versions.approve(s, a, world.app, version_id)
        )
    async with db.session() as s:
        # The operator may stand in for a reviewer.
        await versions.approve(s, Actor.system(), world.app, version_id)


async def test_diff_from_the_live_release(db: Database, blobs: BlobStore, world: World) -> None:
    live = await upload(db, blobs, world, "1.0.0", {"app.js": b"v1", "old.js": b"gone soon", "same.js": b"="})
    async with db.session() as s:
        candidate = await versions.get_version(s, world.app, live)
        before_release = await releases.diff_from_live(s, blobs, world.app, candidate)
    assert before_release == versions.FileDiff(added=["app.js", "old.js", "same.js"], removed=[], changed=[])
    async with db.session() as s:
        await versions.submit_audit(s, world.developer, world.app, live)
    async with db.session() as s:
        await versions.approve(s, world.reviewer, world.app, live)
        await releases.release(s, world.admin, world.app, live)
    new = await upload(db, blobs, world, "1.1.0", {"app.js": b"v2", "new.js": b"hello", "same.js": b"="})
    async with db.session() as s:
        diff = await releases.diff_from_live(s, blobs, world.app, await versions.get_version(s, world.app, new))
    assert diff == versions.FileDiff(added=["new.js"], removed=["old.js"], changed=["app.js"])
