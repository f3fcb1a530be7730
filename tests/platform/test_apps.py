"""Mini programs: appid and appsecret, profile, request domains."""

from __future__ import annotations

import hashlib
import re

import pytest
from platform_support import World
from sqlalchemy import text

from openmini.platform import apps
from openmini.platform.errors import Code, PlatformError
from openmini.store.database import Database

pytestmark = pytest.mark.anyio


async def test_appid_and_appsecret_formats_and_the_secret_is_only_hashed(db: Database, world: World) -> None:
    assert re.fullmatch(r"om[0-9a-f]{16}", world.app.appid)
    assert re.fullmatch(r"[0-9a-f]{32}", world.appsecret)
    async with db.session() as s:
        stored = (await s.execute(text("SELECT * FROM apps"))).mappings().one()
    assert world.appsecret not in [str(v) for v in stored.values()]
    assert stored["secret_sha256"] == hashlib.sha256(world.appsecret.encode()).hexdigest()


async def test_appids_are_unique(db: Database, world: World) -> None:
    async with db.session() as s:
        made = [(await apps.create_app(s, world.admin, world.org_id, f"App {i}"))[0].appid for i in range(20)]
        listed = [a.name for a in await apps.apps_of(s, world.org_id)]
    assert len({*made, world.app.appid}) == 21
    assert listed[0] == "Acme Shop" and len(listed) == 21


async def test_verify_secret(db: Database, world: World) -> None:
    async with db.session() as s:
        assert (await apps.verify_secret(s, world.app.appid, world.appsecret)).id == world.app.id
        for appid, secret, code in (
            (world.app.appid, "0" * 32, Code.INVALID_CREDENTIAL),
            ("om0000000000000000", world.appsecret, Code.INVALID_APPID),
        ):
            with pytest.raises(PlatformError) as refused:
                await apps.verify_secret(s, appid, secret)
            assert refused.value.errcode == code


async def test_reset_secret_replaces_the_old_one(db: Database, world: World) -> None:
    async with db.session() as s:
        new_secret = await apps.reset_secret(s, world.admin, world.app)
    assert new_secret != world.appsecret
    async with db.session() as s:
        await apps.verify_secret(s, world.app.appid, new_secret)
        with pytest.raises(PlatformError):
            await apps.verify_secret(s, world.app.appid, world.appsecret)


async def test_who_may_change_a_mini_program(db: Database, world: World) -> None:
    checks = [
        ("create", world.developer),
        ("reset", world.developer),
        ("profile", world.tester),
        ("domains", world.reviewer),
        ("create", world.outsider),
    ]
    for what, actor in checks:
        with pytest.raises(PlatformError) as refused:
            async with db.session() as s:
                if what == "create":
                    await apps.create_app(s, actor, world.org_id, "Not allowed")
                elif what == "reset":
                    await apps.reset_secret(s, actor, world.app)
                elif what == "profile":
                    await apps.update_profile(s, actor, world.app, name="Renamed")
                else:
                    await apps.set_domains(s, actor, world.app, "request", ["https://a.example.com"])
        assert refused.value.errcode == Code.PERMISSION_DENIED, what


async def test_profile_updates(db: Database, world: World) -> None:
    async with db.session() as s:
        updated = await apps.update_profile(
            s, world.developer, world.app, name=" Acme Store ", description="Things", category="Shopping"
        )
    assert (updated.name, updated.description, updated.category) == ("Acme Store", "Things", "Shopping")
    for changes in ({"name": ""}, {"name": "x" * 65}, {"description": "x" * 501}):
        with pytest.raises(PlatformError) as refused:
            async with db.session() as s:
                await apps.update_profile(s, world.developer, world.app, **changes)
        assert refused.value.errcode == Code.INVALID_ARGS
    async with db.session() as s:
        assert (await apps.get_app(s, world.app.appid)).name == "Acme Store"


async def test_domains_are_validated_normalised_and_kept_per_kind(db: Database, world: World) -> None:
    async with db.session() as s:
        stored = await apps.set_domains(
            s,
            world.developer,
            world.app,
            "request",
            ["https://API.example.com", "https://api.example.com/", "https://api.example.com:8443"],
        )
        await apps.set_domains(s, world.developer, world.app, "socket", ["wss://chat.example.com"])
    assert stored == ["https://api.example.com", "https://api.example.com:8443"]
    async with db.session() as s:
        app = await apps.get_app(s, world.app.appid)
    assert app.domain_list("request") == stored
    assert app.domain_list("socket") == ["wss://chat.example.com"]
    assert app.domain_list("upload") == []


@pytest.mark.parametrize(
    ("kind", "entry"),
    [
        ("request", "http://api.example.com"),
        ("request", "wss://api.example.com"),
        ("socket", "https://chat.example.com"),
        ("download", "https://127.0.0.1"),
        ("upload", "https://localhost"),
        ("request", "https://api.example.com/path"),
        ("sms", "https://api.example.com"),
    ],
)
async def test_invalid_domains_are_refused(db: Database, world: World, kind: apps.DomainKind, entry: str) -> None:
    with pytest.raises(PlatformError) as refused:
        async with db.session() as s:
            await apps.set_domains(s, world.developer, world.app, kind, [entry])
    assert refused.value.errcode == Code.INVALID_ARGS


async def test_too_many_domains(db: Database, world: World) -> None:
    entries = [f"https://h{i}.example.com" for i in range(apps.MAX_DOMAINS_PER_KIND + 1)]
    with pytest.raises(PlatformError, match="at most 200"):
        async with db.session() as s:
            await apps.set_domains(s, world.developer, world.app, "download", entries)
