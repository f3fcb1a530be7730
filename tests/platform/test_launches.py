"""Launch records, recently used mini programs, and search of released ones."""

from __future__ import annotations

import pytest
from platform_support import World, approved, expect_refusal

from openmini.platform import accounts, apps, launches, releases
from openmini.platform.errors import Code
from openmini.store.blobs import BlobStore
from openmini.store.database import Database

pytestmark = pytest.mark.anyio


async def released_app(db: Database, blobs: BlobStore, world: World) -> None:
    version_id = await approved(db, blobs, world, "1.0.0")
    async with db.session() as s:
        await releases.release(s, world.admin, world.app, version_id)


async def test_launches_are_recorded_with_scene_and_path(db: Database, blobs: BlobStore, world: World) -> None:
    await released_app(db, blobs, world)
    async with db.session() as s:
        guest = await accounts.guest_end_user(s)
        resolved = await releases.resolve(s, world.app.appid, guest)
        launch = await launches.record_launch(s, guest, resolved, 1011, "pages/index/index?scene=promo")
    assert (launch.app_id, launch.version_id, launch.scene, launch.env_version) == (
        world.app.id,
        resolved.version_id,
        1011,
        "release",
    )
    assert launch.path == "pages/index/index?scene=promo"
    for scene, path in ((7, ""), (1011, "p" * 1001)):
        await expect_refusal(
            Code.INVALID_ARGS, db, lambda s, c=scene, p=path: launches.record_launch(s, guest, resolved, c, p)
        )


async def test_recents_are_per_end_user_newest_first(db: Database, blobs: BlobStore, world: World) -> None:
    await released_app(db, blobs, world)
    async with db.session() as s:
        other_app, _ = await apps.create_app(s, world.admin, world.org_id, "Acme Games")
    other_version = await approved(db, blobs, world_for(world, other_app), "1.0.0")
    async with db.session() as s:
        await releases.release(s, world.admin, other_app, other_version)
    async with db.session() as s:
        me, someone_else = await accounts.guest_end_user(s), await accounts.guest_end_user(s)
        assert await launches.recents(s, me) == []
        shop = await releases.resolve(s, world.app.appid, me)
        games = await releases.resolve(s, other_app.appid, me)
        for resolved, scene in ((shop, 1011), (games, 1053), (shop, 1001)):
            await launches.record_launch(s, me, resolved, scene)
        await launches.record_launch(s, someone_else, games, 1011)
    async with db.session() as s:
        mine = await launches.recents(s, me)
        theirs = await launches.recents(s, someone_else)
    assert [(r.app.name, r.env_version) for r in mine] == [("Acme Shop", "release"), ("Acme Games", "release")]
    assert [r.app.name for r in theirs] == ["Acme Games"]
    assert mine[0].last_opened >= mine[1].last_opened


async def test_search_finds_released_mini_programs_by_name(db: Database, blobs: BlobStore, world: World) -> None:
    async with db.session() as s:
        await apps.create_app(s, world.admin, world.org_id, "Acme 100% Deals")
        assert await launches.search_released(s, "acme") == []
    await released_app(db, blobs, world)
    async with db.session() as s:
        assert [a.name for a in await launches.search_released(s, "SHOP")] == ["Acme Shop"]
        assert [a.name for a in await launches.search_released(s, "acme")] == ["Acme Shop"]
        # Wildcards in the query are plain characters.
        assert await launches.search_released(s, "%") == []
        assert await launches.search_released(s, "a_m") == []
        assert await launches.search_released(s, "   ") == []


def world_for(world: World, app: apps.App) -> World:
    return World(world.org_id, world.admin, world.developer, world.tester, world.reviewer, world.outsider, app, "")
