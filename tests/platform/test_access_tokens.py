"""access_token semantics: cgi-bin/token's overlap, stable_token's reuse and force refresh limits."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from platform_support import World, expect_refusal

from openmini.platform import access_tokens, apps
from openmini.platform.access_tokens import Issued
from openmini.platform.errors import Code, PlatformError
from openmini.store.database import Database, utcnow

pytestmark = pytest.mark.anyio
SECOND = timedelta(seconds=1)


async def token(db: Database, world: World, now: datetime) -> Issued:
    async with db.session() as s:
        return await access_tokens.issue_token(s, world.app, now)


async def stable(db: Database, world: World, now: datetime, *, force: bool = False, secret: str = "") -> Issued:
    async with db.session() as s:
        return await access_tokens.stable_token(s, world.app, secret or world.appsecret, force_refresh=force, now=now)


async def works(db: Database, issued: Issued, now: datetime) -> bool:
    async with db.session() as s:
        try:
            await access_tokens.app_for_token(s, issued.access_token, now)
        except PlatformError:
            return False
    return True


async def refused(db: Database, access_token: str, now: datetime) -> int:
    try:
        async with db.session() as s:
            await access_tokens.app_for_token(s, access_token, now)
    except PlatformError as error:
        return error.errcode
    raise AssertionError("the token was accepted")


async def test_a_token_names_its_mini_program_for_two_hours(db: Database, world: World) -> None:
    now = utcnow()
    issued = await token(db, world, now)
    assert issued.expires_in == 7200 and len(issued.access_token) >= 64
    async with db.session() as s:
        assert (await access_tokens.app_for_token(s, issued.access_token, now)).appid == world.app.appid
    assert await works(db, issued, now + timedelta(seconds=7199))
    assert await refused(db, issued.access_token, now + timedelta(seconds=7200)) == Code.ACCESS_TOKEN_EXPIRED


async def test_missing_malformed_and_unknown_tokens_get_the_codes_clients_retry_on(db: Database, world: World) -> None:
    now = utcnow()
    assert await refused(db, "", now) == Code.MISSING_CREDENTIAL
    assert await refused(db, "not-a-token", now) == Code.INVALID_ACCESS_TOKEN
    assert await refused(db, "A" * 86, now) == Code.INVALID_CREDENTIAL


async def test_a_new_token_leaves_the_previous_one_five_minutes(db: Database, world: World) -> None:
    now = utcnow()
    first = await token(db, world, now)
    later = now + timedelta(minutes=30)
    second = await token(db, world, later)
    assert first.access_token != second.access_token
    assert await works(db, first, later + timedelta(seconds=299))
    assert await refused(db, first.access_token, later + timedelta(seconds=300)) == Code.ACCESS_TOKEN_EXPIRED
    assert await works(db, second, later + timedelta(seconds=7199))


async def test_the_stable_token_is_the_same_while_it_has_time_left(db: Database, world: World) -> None:
    now = utcnow()
    first = await stable(db, world, now)
    again = await stable(db, world, now + timedelta(seconds=100))
    assert again.access_token == first.access_token and again.expires_in == 7100
    # cgi-bin/token is a separate kind: issuing one does not touch the stable token.
    await token(db, world, now + timedelta(seconds=200))
    assert await works(db, first, now + timedelta(seconds=7199))


async def test_the_stable_token_rotates_in_its_last_five_minutes(db: Database, world: World) -> None:
    now = utcnow()
    first = await stable(db, world, now)
    last_minutes = now + timedelta(seconds=7200 - 300)
    before = await stable(db, world, last_minutes - SECOND)
    assert before.access_token == first.access_token and before.expires_in >= 300
    rotated = await stable(db, world, last_minutes)
    assert rotated.access_token != first.access_token and rotated.expires_in == 7200
    assert await works(db, first, last_minutes + timedelta(seconds=299))
    assert (await stable(db, world, last_minutes + timedelta(seconds=10))).access_token == rotated.access_token


async def test_force_refresh_ends_the_previous_stable_token_at_once(db: Database, world: World) -> None:
    now = utcnow()
    first = await stable(db, world, now)
    forced = await stable(db, world, now + SECOND, force=True)
    assert forced.access_token != first.access_token
    assert await refused(db, first.access_token, now + SECOND) == Code.ACCESS_TOKEN_EXPIRED
    assert (await stable(db, world, now + 2 * SECOND)).access_token == forced.access_token


async def test_force_refresh_is_limited_to_every_30_seconds_and_20_a_day(db: Database, world: World) -> None:
    start = utcnow()
    await stable(db, world, start, force=True)
    await expect_refusal(
        Code.FREQUENCY_LIMIT,
        db,
        lambda s: access_tokens.stable_token(
            s, world.app, world.appsecret, force_refresh=True, now=start + timedelta(seconds=29)
        ),
    )
    for n in range(1, 20):
        await stable(db, world, start + n * timedelta(seconds=30), force=True)
    at = start + 20 * timedelta(seconds=30)
    await expect_refusal(
        Code.DAILY_LIMIT,
        db,
        lambda s: access_tokens.stable_token(s, world.app, world.appsecret, force_refresh=True, now=at),
    )
    # Without force the token is still served, and a day after the first forced refresh one is allowed again.
    assert await works(db, await stable(db, world, at), at)
    await stable(db, world, start + timedelta(days=1, seconds=1), force=True)


async def test_a_new_appsecret_gets_a_new_stable_token(db: Database, world: World) -> None:
    now = utcnow()
    first = await stable(db, world, now)
    async with db.session() as s:
        new_secret = await apps.reset_secret(s, world.admin, world.app)
    second = await stable(db, world, now + SECOND, secret=new_secret)
    assert second.access_token != first.access_token
    assert (await stable(db, world, now + 2 * SECOND, secret=new_secret)).access_token == second.access_token
