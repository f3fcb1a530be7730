"""The operator's limits: package sizes and allowed wx APIs, kept in the database and audited."""

from __future__ import annotations

import pytest
from platform_support import World

from openmini.compiler.generate.package import MIB, PackageLimits
from openmini.platform import accounts, audit, limits
from openmini.platform.audit import Actor
from openmini.platform.errors import Code, PlatformError
from openmini.platform.limits import Limits
from openmini.store.database import Database

pytestmark = pytest.mark.anyio

DEFAULTS = PackageLimits(main=2 * MIB, subpackage=2 * MIB, total=20 * MIB)
REPORT = {"apis": [{"name": "request", "files": ["app.js"]}, {"name": "getLocation", "files": ["pages/a.js"]}]}


async def operator(db: Database) -> Actor:
    async with db.session() as s:
        user, _ = await accounts.ensure_operator(s, "operator@example.com", "operator-password")
        return accounts.actor_for(user)


async def test_the_settings_apply_until_an_operator_sets_limits(db: Database) -> None:
    async with db.session() as s:
        assert await limits.get_limits(s, DEFAULTS) == Limits(DEFAULTS, None)
    chosen = Limits(PackageLimits(main=MIB, subpackage=MIB // 2, total=4 * MIB), frozenset({"request"}))
    async with db.session() as s:
        assert await limits.set_limits(s, await operator(db), chosen) == chosen
    async with db.session() as s:
        assert await limits.get_limits(s, DEFAULTS) == chosen
        entry = (await audit.entries(s, action_prefix="limits."))[0]
    assert (entry.actor, entry.action, entry.target) == ("operator@example.com", "limits.set", "platform:limits")
    assert entry.detail == {"main": MIB, "subpackage": MIB // 2, "total": 4 * MIB, "allowed_apis": ["request"]}


async def test_setting_again_replaces_and_none_lifts_the_api_restriction(db: Database) -> None:
    actor = await operator(db)
    async with db.session() as s:
        await limits.set_limits(s, actor, Limits(DEFAULTS, frozenset({"request"})))
    async with db.session() as s:
        await limits.set_limits(s, actor, Limits(DEFAULTS, None))
    async with db.session() as s:
        assert (await limits.get_limits(s, PackageLimits())).allowed_apis is None


async def test_only_operators_change_limits(db: Database, world: World) -> None:
    key_actor = Actor(1, "operator (key omk_x)", is_operator=True, api_key_id=1, org_id=world.org_id)
    for actor in (world.admin, key_actor):
        async with db.session() as s:
            with pytest.raises(PlatformError) as refused:
                await limits.set_limits(s, actor, Limits(DEFAULTS, None))
        assert refused.value.errcode == Code.PERMISSION_DENIED


@pytest.mark.parametrize(
    "package",
    [
        PackageLimits(main=0, subpackage=MIB, total=2 * MIB),
        PackageLimits(main=MIB, subpackage=MIB, total=(1 << 30) + 1),
        PackageLimits(main=3 * MIB, subpackage=MIB, total=2 * MIB),
        PackageLimits(main=MIB, subpackage=3 * MIB, total=2 * MIB),
    ],
)
async def test_sizes_must_be_positive_bounded_and_fit_in_the_total(db: Database, package: PackageLimits) -> None:
    actor = await operator(db)
    async with db.session() as s:
        with pytest.raises(PlatformError) as refused:
            await limits.set_limits(s, actor, Limits(package, None))
    assert refused.value.errcode == Code.INVALID_ARGS
    async with db.session() as s:
        assert await limits.get_limits(s, DEFAULTS) == Limits(DEFAULTS, None)


def test_api_names_are_checked_and_the_wx_prefix_dropped() -> None:
    assert limits.parse_api_names([" wx.request ", "getStorageSync", "", "request"]) == {"request", "getStorageSync"}
    for bad in (["wx.request()"], ["get storage"], ["1up"]):
        with pytest.raises(PlatformError) as refused:
            limits.parse_api_names(bad)
        assert refused.value.errcode == Code.INVALID_ARGS


def test_uploads_using_an_api_outside_the_allowed_set_are_refused() -> None:
    allowed = Limits(DEFAULTS, frozenset({"request"}))
    assert allowed.disallowed_apis(REPORT) == ["getLocation"]
    with pytest.raises(PlatformError) as refused:
        limits.check_capabilities(allowed, REPORT)
    assert refused.value.errcode == Code.UPLOAD_REJECTED
    assert refused.value.errmsg == "uses APIs this platform does not allow: wx.getLocation"
    limits.check_capabilities(Limits(DEFAULTS, None), REPORT)
    limits.check_capabilities(Limits(DEFAULTS, frozenset({"request", "getLocation"})), REPORT)
    limits.check_capabilities(allowed, None)
