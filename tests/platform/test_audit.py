"""Every write leaves an audit entry; a write without one cannot commit."""

from __future__ import annotations

import pytest
from platform_support import World, approved, upload
from sqlalchemy import func, select

from openmini.platform import accounts, apps, audit, releases, versions
from openmini.platform.accounts import Organisation, Role
from openmini.platform.audit import AuditEntry, UnauditedWrite
from openmini.platform.errors import PlatformError
from openmini.store.blobs import BlobStore
from openmini.store.database import Database

pytestmark = pytest.mark.anyio


async def test_console_writes_are_logged_with_actor_action_and_target(
    db: Database, blobs: BlobStore, world: World
) -> None:
    version_id = await approved(db, blobs, world, "1.0.0")
    async with db.session() as s:
        await apps.set_domains(s, world.developer, world.app, "request", ["https://api.example.com"])
        await releases.release(s, world.admin, world.app, version_id)
    async with db.session() as s:
        logged = [(e.actor, e.action, e.target) for e in reversed(await audit.entries(s, org_id=world.org_id))]
    appid = world.app.appid
    assert logged == [
        ("admin@example.com", "org.create", f"org:{world.org_id}"),
        ("admin@example.com", "member.add", f"user:{world.developer.user_id}"),
        ("admin@example.com", "member.add", f"user:{world.tester.user_id}"),
        ("admin@example.com", "member.add", f"user:{world.reviewer.user_id}"),
        ("admin@example.com", "app.create", f"app:{appid}"),
        ("developer@example.com", "version.create", f"app:{appid}/version:{version_id}"),
        ("developer@example.com", "version.submit_audit", f"app:{appid}/version:{version_id}"),
        ("reviewer@example.com", "version.approve", f"app:{appid}/version:{version_id}"),
        ("developer@example.com", "app.set_domains", f"app:{appid}"),
        ("admin@example.com", "release.full", f"app:{appid}/version:{version_id}"),
    ]


async def test_entries_page_backwards_and_filter_by_organisation(db: Database, world: World) -> None:
    async with db.session() as s:
        await accounts.create_organisation(s, world.outsider, "Elsewhere")
    async with db.session() as s:
        everything = await audit.entries(s)
        first_page = await audit.entries(s, org_id=world.org_id, limit=2)
        next_page = await audit.entries(s, org_id=world.org_id, limit=2, before_id=first_page[-1].id)
    assert everything[0].action == "org.create" and everything[0].detail == {"name": "Elsewhere"}
    assert [e.action for e in first_page] == ["app.create", "member.add"]
    assert [e.action for e in next_page] == ["member.add", "member.add"]


async def test_an_api_key_is_named_in_the_entries_it_causes(db: Database, blobs: BlobStore, world: World) -> None:
    async with db.session() as s:
        key, secret = await accounts.create_api_key(s, world.developer, world.org_id, "CI")
    async with db.session() as s:
        ci = await accounts.authenticate_api_key(s, secret)
    world_via_key = World(world.org_id, world.admin, ci, world.tester, world.reviewer, world.outsider, world.app, "")
    version_id = await upload(db, blobs, world_via_key, "2.0.0")
    async with db.session() as s:
        entry = (await audit.entries(s, org_id=world.org_id, limit=1))[0]
    assert (entry.action, entry.api_key_id, entry.actor_user_id) == ("version.create", key.id, world.developer.user_id)
    assert entry.actor == f"developer@example.com (key {key.prefix})"
    assert entry.target.endswith(f"version:{version_id}")


async def test_a_write_without_an_entry_does_not_commit(db: Database, world: World) -> None:
    with pytest.raises(UnauditedWrite):
        async with db.session() as s:
            s.add(Organisation(name="Sneaky"))
    async with db.session() as s:
        names = (await s.scalars(select(Organisation.name))).all()
        count = await s.scalar(select(func.count()).select_from(AuditEntry))
    assert list(names) == ["Acme"]
    assert count == 10  # five registrations, the organisation, three members, the app


async def test_a_refused_operation_leaves_neither_change_nor_entry(db: Database, world: World) -> None:
    async with db.session() as s:
        before = await s.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(PlatformError, match="needs the admin role"):
        async with db.session() as s:
            assert world.tester.user_id is not None
            await accounts.add_member(s, world.tester, world.org_id, world.tester.user_id, Role.ADMIN)
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(AuditEntry)) == before
        assert await accounts.roles_of(s, world.org_id, world.tester.user_id) == {Role.TESTER}


async def test_reads_and_exempt_tables_need_no_entry(db: Database, world: World) -> None:
    async with db.session() as s:
        await accounts.guest_end_user(s)
        await versions.versions_of(s, world.app)
