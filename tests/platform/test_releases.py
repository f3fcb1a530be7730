"""Releases: full, gradual (stable per user, only growing), allow-lists, rollback, serialised."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from platform_support import World, approved, expect_refusal, upload
from sqlalchemy.ext.asyncio import AsyncSession

from openmini.platform import accounts, releases, versions
from openmini.platform.accounts import EndUser
from openmini.platform.audit import Actor
from openmini.platform.errors import Code, PlatformError
from openmini.platform.releases import ReleaseStatus
from openmini.store.blobs import BlobStore
from openmini.store.database import Database

pytestmark = pytest.mark.anyio

# End users a gradual release sorts; resolve() needs only their id.
SAMPLE = [EndUser(id=f"sample-{i:04d}") for i in range(200)]


async def opened(db: Database, world: World, end_user: EndUser) -> str:
    async with db.session() as s:
        return (await releases.resolve(s, world.app.appid, end_user)).user_version


async def opened_by_sample(db: Database, world: World) -> dict[str, str]:
    async with db.session() as s:
        return {u.id: (await releases.resolve(s, world.app.appid, u)).user_version for u in SAMPLE}


async def release_full(db: Database, world: World, version_id: int) -> releases.Release:
    async with db.session() as s:
        return await releases.release(s, world.admin, world.app, version_id)


async def release_gradually(
    db: Database, world: World, version_id: int, percentage: int, allow: tuple[str, ...] = ()
) -> releases.Release:
    async with db.session() as s:
        return await releases.release_gradually(
            s, world.developer, world.app, version_id, percentage=percentage, allow_users=allow
        )


async def member_end_user(db: Database, actor: Actor) -> EndUser:
    assert actor.user_id is not None
    async with db.session() as s:
        return await accounts.end_user_for(s, await accounts.get_user(s, actor.user_id))


async def test_a_full_release_is_what_everyone_opens(db: Database, blobs: BlobStore, world: World) -> None:
    await expect_refusal(Code.NO_ONLINE_VERSION, db, lambda s: releases.resolve(s, world.app.appid, SAMPLE[0]))
    v1 = await approved(db, blobs, world, "1.0.0")
    first = await release_full(db, world, v1)
    assert (first.status, first.percentage, first.replaced_release_id) == ("live", 100, None)
    async with db.session() as s:
        resolved = await releases.resolve(s, world.app.appid, SAMPLE[0])
        version = await versions.get_version(s, world.app, v1)
    assert resolved == releases.ResolvedVersion(
        world.app.appid, v1, "1.0.0", versions.manifest_key(v1), "release", first.id
    )
    assert version.state == "released"
    await expect_refusal(Code.ALREADY_RELEASED, db, lambda s: releases.release(s, world.admin, world.app, v1))


async def test_only_approved_versions_are_released(db: Database, blobs: BlobStore, world: World) -> None:
    developing = await upload(db, blobs, world, "0.9.0")
    await expect_refusal(Code.STATUS_NOT_ALLOWED, db, lambda s: releases.release(s, world.admin, world.app, developing))
    async with db.session() as s:
        await versions.submit_audit(s, world.developer, world.app, developing)
    await expect_refusal(Code.STATUS_NOT_ALLOWED, db, lambda s: releases.release(s, world.admin, world.app, developing))
    for actor in (world.tester, world.reviewer, world.outsider):
        await expect_refusal(
            Code.PERMISSION_DENIED, db, lambda s, a=actor: releases.release(s, a, world.app, developing)
        )


async def test_gradual_release_is_stable_per_user_and_only_grows(db: Database, blobs: BlobStore, world: World) -> None:
    v1 = await approved(db, blobs, world, "1.0.0")
    await release_full(db, world, v1)
    v2 = await approved(db, blobs, world, "2.0.0")
    gradual = await release_gradually(db, world, v2, 10)
    assert (gradual.status, gradual.percentage, gradual.replaced_release_id is not None) == ("gradual", 10, True)
    at_10 = {u for u, v in (await opened_by_sample(db, world)).items() if v == "2.0.0"}
    assert at_10 == {u.id for u in SAMPLE if releases.in_gradual(world.app.appid, gradual.id, u.id, 10)}
    assert await opened_by_sample(db, world) == await opened_by_sample(db, world)

    grown = await release_gradually(db, world, v2, 50)
    assert grown.id == gradual.id
    at_50 = {u for u, v in (await opened_by_sample(db, world)).items() if v == "2.0.0"}
    assert at_10 < at_50

    for smaller in (50, 30):
        await expect_refusal(
            Code.PERCENTAGE_MUST_INCREASE,
            db,
            lambda s, p=smaller: releases.release_gradually(s, world.developer, world.app, v2, percentage=p),
        )
    full = await release_full(db, world, v2)
    assert set((await opened_by_sample(db, world)).values()) == {"2.0.0"}
    async with db.session() as s:
        statuses = {r.id: r.status for r in await releases.history(s, world.app)}
    assert statuses[gradual.id] == ReleaseStatus.COMPLETED and statuses[full.id] == ReleaseStatus.LIVE


def test_gradual_percentages_match_the_share_of_users() -> None:
    ids = [f"user-{i}" for i in range(10_000)]
    for percentage in (1, 10, 50, 90):
        share = sum(releases.in_gradual("om0123456789abcdef", 7, u, percentage) for u in ids) / len(ids)
        assert abs(share - percentage / 100) < 0.02
    # Another release draws another sample of users.
    first = {u for u in ids if releases.in_gradual("om0123456789abcdef", 7, u, 50)}
    second = {u for u in ids if releases.in_gradual("om0123456789abcdef", 8, u, 50)}
    assert first != second


async def test_allow_list_release(db: Database, blobs: BlobStore, world: World) -> None:
    v1 = await approved(db, blobs, world, "1.0.0")
    await release_full(db, world, v1)
    v2 = await approved(db, blobs, world, "2.0.0")
    async with db.session() as s:
        chosen, other, later = [await accounts.guest_end_user(s) for _ in range(3)]
    await expect_refusal(
        Code.NOT_FOUND,
        db,
        lambda s: releases.release_gradually(
            s, world.developer, world.app, v2, percentage=0, allow_users=["no-such-user"]
        ),
    )
    await release_gradually(db, world, v2, 0, (chosen.id,))
    assert [await opened(db, world, u) for u in (chosen, other, later)] == ["2.0.0", "1.0.0", "1.0.0"]
    # Adding users grows the release even at the same percentage.
    grown = await release_gradually(db, world, v2, 0, (later.id,))
    assert grown.allow_list == sorted([chosen.id, later.id])
    assert [await opened(db, world, u) for u in (chosen, other, later)] == ["2.0.0", "1.0.0", "2.0.0"]
    await expect_refusal(
        Code.PERCENTAGE_MUST_INCREASE,
        db,
        lambda s: releases.release_gradually(s, world.developer, world.app, v2, percentage=0, allow_users=[later.id]),
    )


async def test_gradual_release_refusals(db: Database, blobs: BlobStore, world: World) -> None:
    v1 = await approved(db, blobs, world, "1.0.0")

    def gradually(version_id: int, percentage: int) -> Callable[[AsyncSession], Awaitable[object]]:
        return lambda s: releases.release_gradually(s, world.developer, world.app, version_id, percentage=percentage)

    await expect_refusal(Code.NO_ONLINE_VERSION, db, gradually(v1, 10))
    await release_full(db, world, v1)
    developing = await upload(db, blobs, world, "1.1.0")
    v2 = await approved(db, blobs, world, "2.0.0")
    v3 = await approved(db, blobs, world, "3.0.0")
    cases = [
        (Code.INVALID_PERCENTAGE, v2, -1),
        (Code.INVALID_PERCENTAGE, v2, 101),
        (Code.INVALID_PERCENTAGE, v2, 0),
        (Code.AUDIT_NOT_PASSED, developing, 10),
        (Code.ALREADY_RELEASED, v1, 10),
    ]
    for code, version_id, percentage in cases:
        await expect_refusal(code, db, gradually(version_id, percentage))
    await release_gradually(db, world, v2, 20)
    await expect_refusal(Code.STATUS_NOT_ALLOWED, db, gradually(v3, 30))
    await expect_refusal(Code.STATUS_NOT_ALLOWED, db, lambda s: releases.release(s, world.admin, world.app, v3))


async def test_raise_to_full_and_100_percent_release_fully(db: Database, blobs: BlobStore, world: World) -> None:
    await release_full(db, world, await approved(db, blobs, world, "1.0.0"))
    await expect_refusal(Code.STATUS_NOT_ALLOWED, db, lambda s: releases.raise_to_full(s, world.admin, world.app))
    v2 = await approved(db, blobs, world, "2.0.0")
    await release_gradually(db, world, v2, 30)
    async with db.session() as s:
        full = await releases.raise_to_full(s, world.admin, world.app)
    assert (full.version_id, full.status) == (v2, "live")
    v3 = await approved(db, blobs, world, "3.0.0")
    at_100 = await release_gradually(db, world, v3, 100)
    assert (at_100.version_id, at_100.status) == (v3, "live")
    async with db.session() as s:
        assert await releases.gradual_release(s, world.app) is None
        live = await releases.live_version(s, world.app)
    assert live is not None and live.id == v3


async def test_cancel_gradual_returns_everyone_to_the_live_release(
    db: Database, blobs: BlobStore, world: World
) -> None:
    await release_full(db, world, await approved(db, blobs, world, "1.0.0"))
    await expect_refusal(Code.STATUS_NOT_ALLOWED, db, lambda s: releases.cancel_gradual(s, world.admin, world.app))
    v2 = await approved(db, blobs, world, "2.0.0")
    await release_gradually(db, world, v2, 99)
    async with db.session() as s:
        cancelled = await releases.cancel_gradual(s, world.admin, world.app)
    assert cancelled.status == "cancelled"
    assert set((await opened_by_sample(db, world)).values()) == {"1.0.0"}
    async with db.session() as s:
        assert (await versions.get_version(s, world.app, v2)).state == "approved"
    # It may start again, as a new release.
    restarted = await release_gradually(db, world, v2, 5)
    assert restarted.id != cancelled.id


async def test_rollback_returns_to_the_previous_full_release_once(db: Database, blobs: BlobStore, world: World) -> None:
    def roll_back(s: AsyncSession) -> Awaitable[object]:
        return releases.rollback(s, world.developer, world.app)

    await expect_refusal(Code.CANNOT_REVERT, db, roll_back)
    v1 = await approved(db, blobs, world, "1.0.0")
    first = await release_full(db, world, v1)
    await expect_refusal(Code.CANNOT_REVERT, db, roll_back)
    v2 = await approved(db, blobs, world, "2.0.0")
    second = await release_full(db, world, v2)
    assert second.replaced_release_id == first.id
    assert await opened(db, world, SAMPLE[0]) == "2.0.0"

    async with db.session() as s:
        restored = await releases.rollback(s, world.developer, world.app)
    assert (restored.version_id, restored.reverts_release_id, restored.status) == (v1, second.id, "live")
    assert await opened(db, world, SAMPLE[0]) == "1.0.0"
    await expect_refusal(Code.CANNOT_REVERT, db, roll_back)
    async with db.session() as s:
        statuses = [(r.version_id, r.status) for r in await releases.history(s, world.app)]
    assert statuses == [(v1, "live"), (v2, "reverted"), (v1, "superseded")]

    # A later release rolls back to what was live before it: the restored release.
    v3 = await approved(db, blobs, world, "3.0.0")
    await release_full(db, world, v3)
    async with db.session() as s:
        assert (await releases.rollback(s, world.developer, world.app)).version_id == v1


async def test_no_rollback_during_a_gradual_release(db: Database, blobs: BlobStore, world: World) -> None:
    await release_full(db, world, await approved(db, blobs, world, "1.0.0"))
    await release_full(db, world, await approved(db, blobs, world, "2.0.0"))
    await release_gradually(db, world, await approved(db, blobs, world, "3.0.0"), 10)
    await expect_refusal(Code.GRADUAL_CANNOT_REVERT, db, lambda s: releases.rollback(s, world.developer, world.app))


async def test_a_crash_mid_release_leaves_the_previous_release_live(
    db: Database, blobs: BlobStore, world: World
) -> None:
    await release_full(db, world, await approved(db, blobs, world, "1.0.0"))
    v2 = await approved(db, blobs, world, "2.0.0")
    with pytest.raises(RuntimeError):
        async with db.session() as s:
            await releases.release(s, world.admin, world.app, v2)
            raise RuntimeError("process killed")
    assert await opened(db, world, SAMPLE[0]) == "1.0.0"
    async with db.session() as s:
        assert (await versions.get_version(s, world.app, v2)).state == "approved"
        assert len(await releases.history(s, world.app)) == 1


async def test_concurrent_releases_of_one_app_serialise(db: Database, blobs: BlobStore, world: World) -> None:
    v1 = await approved(db, blobs, world, "1.0.0")
    v2 = await approved(db, blobs, world, "2.0.0")
    both = await asyncio.gather(release_full(db, world, v1), release_full(db, world, v2))
    async with db.session() as s:
        history = await releases.history(s, world.app)
        live = await releases.live_release(s, world.app)
    assert live is not None and len(history) == 2
    earlier, later = sorted(both, key=lambda r: r.id)
    # One after the other: the later one replaced the earlier one, which is no longer live.
    assert live.id == later.id and later.replaced_release_id == earlier.id
    assert {r.id: r.status for r in history} == {later.id: "live", earlier.id: "superseded"}


async def test_concurrent_releases_of_one_version_release_it_once(db: Database, blobs: BlobStore, world: World) -> None:
    v1 = await approved(db, blobs, world, "1.0.0")
    outcomes = await asyncio.gather(*(release_full(db, world, v1) for _ in range(3)), return_exceptions=True)
    refusals = [o for o in outcomes if isinstance(o, PlatformError)]
    assert len(refusals) == 2 and all(r.errcode == Code.ALREADY_RELEASED for r in refusals)
    async with db.session() as s:
        assert len(await releases.history(s, world.app)) == 1


async def test_concurrent_gradual_growth_keeps_the_largest(db: Database, blobs: BlobStore, world: World) -> None:
    await release_full(db, world, await approved(db, blobs, world, "1.0.0"))
    v2 = await approved(db, blobs, world, "2.0.0")
    await release_gradually(db, world, v2, 5)
    outcomes = await asyncio.gather(
        *(release_gradually(db, world, v2, p) for p in (20, 40, 30)), return_exceptions=True
    )
    assert all(isinstance(o, releases.Release) or o.errcode == Code.PERCENTAGE_MUST_INCREASE for o in outcomes)
    async with db.session() as s:
        gradual = await releases.gradual_release(s, world.app)
    assert gradual is not None and gradual.percentage == 40


async def test_trial_and_develop_versions_open_for_members_only(db: Database, blobs: BlobStore, world: World) -> None:
    first = await upload(db, blobs, world, "0.1.0")
    newest = await upload(db, blobs, world, "0.2.0")
    tester, developer, reviewer = [
        await member_end_user(db, a) for a in (world.tester, world.developer, world.reviewer)
    ]
    async with db.session() as s:
        guest = await accounts.guest_end_user(s)
    appid = world.app.appid
    await expect_refusal(Code.NOT_FOUND, db, lambda s: releases.resolve(s, appid, tester, "trial"))
    async with db.session() as s:
        await versions.set_trial(s, world.developer, world.app, first)
    async with db.session() as s:
        trial = await releases.resolve(s, appid, tester, "trial")
        latest = await releases.resolve(s, appid, developer, "develop")
        chosen = await releases.resolve(s, appid, developer, "develop", first)
    assert (trial.version_id, trial.env_version, trial.release_id) == (first, "trial", None)
    assert (latest.version_id, chosen.version_id) == (newest, first)
    for who, env in ((guest, "trial"), (reviewer, "trial"), (tester, "develop"), (guest, "develop")):
        await expect_refusal(Code.PERMISSION_DENIED, db, lambda s, u=who, e=env: releases.resolve(s, appid, u, e))
    await expect_refusal(Code.INVALID_ARGS, db, lambda s: releases.resolve(s, appid, tester, "preview"))
    await expect_refusal(Code.INVALID_APPID, db, lambda s: releases.resolve(s, "om0000000000000000", tester))
