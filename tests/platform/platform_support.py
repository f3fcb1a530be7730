"""Helpers for the domain service tests: a small organisation, packages, uploads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.generate.package import Package, PackageLimits, Unit, build_package
from openmini.platform import accounts, apps, versions
from openmini.platform.accounts import Role
from openmini.platform.apps import App
from openmini.platform.audit import Actor
from openmini.platform.errors import Code, PlatformError
from openmini.store.blobs import BlobStore
from openmini.store.database import Database

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class World:
    """An organisation with one member per role, and one mini program."""

    org_id: int
    admin: Actor
    developer: Actor
    tester: Actor
    reviewer: Actor
    outsider: Actor
    app: App
    appsecret: str


async def make_user(db: Database, email: str) -> Actor:
    async with db.session() as s:
        return accounts.actor_for(await accounts.register(s, email, PASSWORD))


async def make_world(db: Database) -> World:
    admin = await make_user(db, "admin@example.com")
    roles = (Role.DEVELOPER, Role.TESTER, Role.REVIEWER)
    people = {role: await make_user(db, f"{role.value}@example.com") for role in roles}
    outsider = await make_user(db, "outsider@example.com")
    async with db.session() as s:
        org = await accounts.create_organisation(s, admin, "Acme")
        for role, actor in people.items():
            assert actor.user_id is not None
            await accounts.add_member(s, admin, org.id, actor.user_id, role)
        app, secret = await apps.create_app(s, admin, org.id, "Acme Shop")
    developer, tester, reviewer = (people[r] for r in roles)
    return World(org.id, admin, developer, tester, reviewer, outsider, app, secret)


def make_package(files: dict[str, bytes]) -> Package:
    """A real package from the compiler's packer, with a capability report like compile_project's."""
    units = [Unit(name, content, "main", "asset") for name, content in sorted(files.items())]
    core = {"capabilities": {"apis": ["request"]}}
    return build_package(core, units, PackageLimits(), Diagnostics())


async def upload(
    db: Database, blobs: BlobStore, world: World, user_version: str, files: dict[str, bytes] | None = None
) -> int:
    """A develop version uploaded by the developer; returns its id."""
    package = make_package(files or {"app.js": user_version.encode()})
    async with db.session() as s:
        version = await versions.create_version(
            s,
            blobs,
            world.developer,
            world.app,
            package,
            b"PK-source-" + user_version.encode(),
            user_version=user_version,
        )
        return version.id


async def approved(db: Database, blobs: BlobStore, world: World, user_version: str) -> int:
    """A version uploaded, submitted and approved; returns its id."""
    version_id = await upload(db, blobs, world, user_version)
    async with db.session() as s:
        await versions.submit_audit(s, world.developer, world.app, version_id)
    async with db.session() as s:
        await versions.approve(s, world.reviewer, world.app, version_id)
    return version_id


async def expect_refusal(code: Code, db: Database, operation: Callable[[AsyncSession], Awaitable[object]]) -> None:
    """Run ``operation`` in its own transaction and check it is refused with ``code``."""
    with pytest.raises(PlatformError) as refused:
        async with db.session() as s:
            await operation(s)
    assert refused.value.errcode == code, refused.value.errmsg
