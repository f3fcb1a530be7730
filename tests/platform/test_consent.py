"""Consent to scopes: decisions recorded with time and version, refusals that stick, revocation."""

from __future__ import annotations

import pytest
from platform_support import World, approved, expect_refusal

from openmini.platform import accounts, apps, consent, launches, releases
from openmini.platform.accounts import EndUser
from openmini.platform.consent import Decision
from openmini.platform.errors import Code
from openmini.store.blobs import BlobStore
from openmini.store.database import Database

pytestmark = pytest.mark.anyio
LOCATION = "scope.userLocation"


async def opened(db: Database, blobs: BlobStore, world: World) -> tuple[EndUser, int]:
    """A guest who opened the released mini program; returns them and the version they opened."""
    version_id = await approved(db, blobs, world, "1.0.0")
    async with db.session() as s:
        await releases.release(s, world.admin, world.app, version_id)
        guest = await accounts.guest_end_user(s)
        await launches.record_launch(s, guest, await releases.resolve(s, world.app.appid, guest), 1001)
    return guest, version_id


async def test_a_decision_is_recorded_with_its_time_and_the_version_open(
    db: Database, blobs: BlobStore, world: World
) -> None:
    guest, version_id = await opened(db, blobs, world)
    async with db.session() as s:
        assert await consent.grants(s, guest, world.app) == {}
        grant = await consent.decide(s, guest, world.app, LOCATION, True)
    assert (grant.scope, grant.granted, grant.version_id) == (LOCATION, True, version_id)
    async with db.session() as s:
        (row,) = await consent.history(s, guest, world.app)
        current = await consent.grants(s, guest, world.app)
    assert (row.decision, row.version_id, row.at) == (Decision.GRANT, version_id, grant.at)
    assert current == {LOCATION: grant}


async def test_a_refusal_stays_until_the_user_changes_it(db: Database, blobs: BlobStore, world: World) -> None:
    guest, _ = await opened(db, blobs, world)
    async with db.session() as s:
        await consent.decide(s, guest, world.app, "scope.camera", False)
        await consent.decide(s, guest, world.app, LOCATION, True)
    async with db.session() as s:
        current = await consent.grants(s, guest, world.app)
    # WeChat's order of scopes, whatever the order of the decisions
    assert [(g.scope, g.granted) for g in current.values()] == [(LOCATION, True), ("scope.camera", False)]
    async with db.session() as s:
        # wx.openSetting: the user turns it on
        assert (await consent.decide(s, guest, world.app, "scope.camera", True)).granted


async def test_revoking_forgets_the_decision_and_keeps_the_history(
    db: Database, blobs: BlobStore, world: World
) -> None:
    guest, _ = await opened(db, blobs, world)
    async with db.session() as s:
        await consent.decide(s, guest, world.app, LOCATION, False)
    async with db.session() as s:
        await consent.revoke(s, guest, world.app, LOCATION)
    async with db.session() as s:
        assert await consent.grants(s, guest, world.app) == {}
        decisions = [row.decision for row in await consent.history(s, guest, world.app)]
    assert decisions == [Decision.REFUSE, Decision.REVOKE]
    await expect_refusal(Code.NOT_FOUND, db, lambda s: consent.revoke(s, guest, world.app, LOCATION))


async def test_decisions_belong_to_one_user_and_one_mini_program(db: Database, blobs: BlobStore, world: World) -> None:
    guest, _ = await opened(db, blobs, world)
    async with db.session() as s:
        other_user = await accounts.guest_end_user(s)
        other_app, _secret = await apps.create_app(s, world.admin, world.org_id, "Acme Games")
        await consent.decide(s, guest, world.app, LOCATION, True)
    async with db.session() as s:
        assert await consent.grants(s, other_user, world.app) == {}
        assert await consent.grants(s, guest, other_app) == {}
        # never launched: the decision has no version
        assert (await consent.decide(s, guest, other_app, LOCATION, True)).version_id is None


async def test_unknown_scopes_are_refused(db: Database, world: World) -> None:
    async with db.session() as s:
        guest = await accounts.guest_end_user(s)
    await expect_refusal(Code.INVALID_ARGS, db, lambda s: consent.decide(s, guest, world.app, "scope.everything", True))
