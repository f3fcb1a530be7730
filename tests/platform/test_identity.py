"""Pairwise identity, login codes, session keys, phone numbers and open data (platform/identity.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from platform_support import World, expect_refusal
from wechatpy.crypto import WeChatWxaCrypto
from wechatpy.utils import check_wxa_signature

from openmini.platform import accounts, apps, identity, open_data
from openmini.platform.apps import App
from openmini.platform.errors import Code
from openmini.store.database import Database, utcnow

pytestmark = pytest.mark.anyio


async def guest(db: Database) -> str:
    async with db.session() as s:
        return (await accounts.guest_end_user(s)).id


async def sibling_app(db: Database, world: World, name: str = "Acme Games") -> App:
    """Another mini program of the same organisation."""
    async with db.session() as s:
        app, _ = await apps.create_app(s, world.admin, world.org_id, name)
    return app


async def foreign_app(db: Database, world: World) -> App:
    """A mini program of another organisation."""
    async with db.session() as s:
        org = await accounts.create_organisation(s, world.outsider, "Globex")
        app, _ = await apps.create_app(s, world.outsider, org.id, "Globex Shop")
    return app


async def login(db: Database, end_user: str, app: App) -> identity.Login:
    async with db.session() as s:
        code = await identity.login(s, end_user, app.appid)
    async with db.session() as s:
        return await identity.code_to_session(s, app, code)


async def test_openids_are_pairwise_and_stable(db: Database, world: World) -> None:
    me, you = await guest(db), await guest(db)
    games = await sibling_app(db, world)
    mine_in_shop = await login(db, me, world.app)
    assert len(mine_in_shop.openid) == 28
    assert (await login(db, me, world.app)).openid == mine_in_shop.openid
    assert (await login(db, me, games)).openid != mine_in_shop.openid
    assert (await login(db, you, world.app)).openid != mine_in_shop.openid


async def test_unionid_is_shared_only_within_one_organisation(db: Database, world: World) -> None:
    me, you = await guest(db), await guest(db)
    games, globex = await sibling_app(db, world), await foreign_app(db, world)
    in_shop, in_games, at_globex = [await login(db, me, app) for app in (world.app, games, globex)]
    assert in_shop.unionid == in_games.unionid
    assert at_globex.unionid != in_shop.unionid
    assert (await login(db, you, world.app)).unionid != in_shop.unionid


async def test_a_login_code_works_once(db: Database, world: World) -> None:
    me = await guest(db)
    async with db.session() as s:
        code = await identity.login(s, me, world.app.appid)
    async with db.session() as s:
        first = await identity.code_to_session(s, world.app, code)
    assert len(code) == 32 and first.session_key
    await expect_refusal(Code.INVALID_CODE, db, lambda s: identity.code_to_session(s, world.app, code))
    await expect_refusal(Code.INVALID_CODE, db, lambda s: identity.code_to_session(s, world.app, "x" * 32))


async def test_a_login_code_expires_after_five_minutes(db: Database, world: World) -> None:
    me, now = await guest(db), utcnow()
    async with db.session() as s:
        stale = await identity.login(s, me, world.app.appid, now=now)
        fresh = await identity.login(s, me, world.app.appid, now=now)
    later = now + identity.CODE_TTL
    await expect_refusal(Code.INVALID_CODE, db, lambda s: identity.code_to_session(s, world.app, stale, later))
    async with db.session() as s:
        await identity.code_to_session(s, world.app, fresh, later - timedelta(seconds=1))


async def test_a_login_code_is_bound_to_its_mini_program(db: Database, world: World) -> None:
    me = await guest(db)
    games = await sibling_app(db, world)
    async with db.session() as s:
        code = await identity.login(s, me, world.app.appid)
    await expect_refusal(Code.INVALID_CODE, db, lambda s: identity.code_to_session(s, games, code))
    # Another mini program's attempt does not use the code up.
    async with db.session() as s:
        await identity.code_to_session(s, world.app, code)


async def test_login_for_an_unknown_mini_program_is_refused(db: Database, world: World) -> None:
    me = await guest(db)
    await expect_refusal(Code.INVALID_APPID, db, lambda s: identity.login(s, me, "om0000000000000000"))


async def test_the_session_key_lasts_until_it_expires(db: Database, world: World) -> None:
    me, now = await guest(db), utcnow()
    async with db.session() as s:
        assert not await identity.has_session(s, me, world.app.appid, now)
        first = await identity.code_to_session(s, world.app, await identity.login(s, me, world.app.appid, now), now)
        assert await identity.has_session(s, me, world.app.appid, now)
        again = await identity.code_to_session(s, world.app, await identity.login(s, me, world.app.appid, now), now)
    assert again.session_key == first.session_key
    expired = now + identity.SESSION_TTL
    async with db.session() as s:
        assert not await identity.has_session(s, me, world.app.appid, expired)
        code = await identity.login(s, me, world.app.appid, expired)
        renewed = await identity.code_to_session(s, world.app, code, expired)
    assert renewed.session_key != first.session_key and renewed.openid == first.openid


async def test_login_state_signatures_check_the_current_session_key(db: Database, world: World) -> None:
    me = await guest(db)
    session = await login(db, me, world.app)
    signature = open_data.login_state_signature(session.session_key)
    async with db.session() as s:
        await identity.check_login_state(s, world.app, session.openid, signature, "hmac_sha256")
        await identity.check_login_state(s, world.app, session.openid, signature.upper(), "hmac_sha256")
    for openid, sig, method, code in (
        (session.openid, signature, "sha256", Code.INVALID_SIG_METHOD),
        (session.openid, "0" * 64, "hmac_sha256", Code.INVALID_SIGNATURE),
        (session.openid, "签名", "hmac_sha256", Code.INVALID_SIGNATURE),
        ("o-not-a-user", signature, "hmac_sha256", Code.INVALID_OPENID),
    ):
        await expect_refusal(
            code, db, lambda s, o=openid, g=sig, m=method: identity.check_login_state(s, world.app, o, g, m)
        )
    # Another mini program does not know this openid.
    games = await sibling_app(db, world)
    await expect_refusal(
        Code.INVALID_OPENID,
        db,
        lambda s: identity.check_login_state(s, games, session.openid, signature, "hmac_sha256"),
    )


async def test_resetting_the_session_key_replaces_it_and_keeps_its_expiry(db: Database, world: World) -> None:
    me = await guest(db)
    session = await login(db, me, world.app)
    old_signature = open_data.login_state_signature(session.session_key)
    async with db.session() as s:
        before = await identity.by_openid(s, world.app, session.openid)
        expiry = before.session_expires_at
        reset = await identity.reset_session_key(s, world.app, session.openid, old_signature, "hmac_sha256")
        assert reset.session_key != session.session_key and reset.session_expires_at == expiry
        new_key = reset.session_key
    assert new_key is not None
    await expect_refusal(
        Code.INVALID_SIGNATURE,
        db,
        lambda s: identity.check_login_state(s, world.app, session.openid, old_signature, "hmac_sha256"),
    )
    async with db.session() as s:
        new_signature = open_data.login_state_signature(new_key)
        await identity.check_login_state(s, world.app, session.openid, new_signature, "hmac_sha256")
    assert (await login(db, me, world.app)).session_key == new_key


async def test_a_phone_code_gives_the_number_shared_at_that_moment_once(db: Database, world: World) -> None:
    me = await guest(db)
    await expect_refusal(Code.NOT_FOUND, db, lambda s: identity.share_phone_number(s, me, world.app.appid))
    async with db.session() as s:
        await identity.set_phone_number(s, me, "+86", "138 0013 8000")
        code = await identity.share_phone_number(s, me, world.app.appid)
        await identity.set_phone_number(s, me, "1", "2025550123")
    async with db.session() as s:
        shared = await identity.redeem_phone_code(s, world.app, code)
    assert (shared.country_code, shared.pure_number, shared.phone_number) == ("86", "13800138000", "13800138000")
    await expect_refusal(Code.INVALID_CODE, db, lambda s: identity.redeem_phone_code(s, world.app, code))
    async with db.session() as s:
        foreign = await identity.redeem_phone_code(
            s, world.app, await identity.share_phone_number(s, me, world.app.appid)
        )
    assert foreign.phone_number == "+12025550123"


async def test_a_phone_code_is_bound_to_its_user_and_mini_program(db: Database, world: World) -> None:
    me, you = await guest(db), await guest(db)
    games = await sibling_app(db, world)
    yours = await login(db, you, world.app)
    mine = await login(db, me, world.app)
    async with db.session() as s:
        await identity.set_phone_number(s, me, "86", "13800138000")
        code = await identity.share_phone_number(s, me, world.app.appid)
    await expect_refusal(Code.INVALID_CODE, db, lambda s: identity.redeem_phone_code(s, games, code))
    await expect_refusal(Code.INVALID_CODE, db, lambda s: identity.redeem_phone_code(s, world.app, code, yours.openid))
    async with db.session() as s:
        assert (await identity.redeem_phone_code(s, world.app, code, mine.openid)).pure_number == "13800138000"


@pytest.mark.parametrize(("country", "number"), [("", "13800138000"), ("86", "12"), ("0", "13800138000"), ("86", "1x")])
async def test_malformed_phone_numbers_are_refused(db: Database, world: World, country: str, number: str) -> None:
    me = await guest(db)
    await expect_refusal(Code.INVALID_ARGS, db, lambda s: identity.set_phone_number(s, me, country, number))


async def test_open_data_is_signed_and_encrypted_with_the_session_key(db: Database, world: World) -> None:
    async with db.session() as s:
        user = await accounts.register(s, "ming@example.com", "correct horse battery", "小明")
        me = (await accounts.end_user_for(s, user)).id
    session = await login(db, me, world.app)
    async with db.session() as s:
        data = await identity.user_open_data(s, me, world.app.appid, anonymous=False, lang="zh_CN")
    assert data.user_info["nickName"] == "小明" and data.user_info["language"] == "zh_CN"
    assert data.raw_data == open_data.compact_json(data.user_info)
    check_wxa_signature(session.session_key, data.raw_data, data.signature)
    private = WeChatWxaCrypto(session.session_key, data.iv, world.app.appid).decrypt_message(data.encrypted_data)
    assert private["openId"] == session.openid and private["unionId"] == session.unionid
    assert private["nickName"] == "小明" and private["watermark"]["appid"] == world.app.appid
    assert session.session_key not in (data.raw_data, data.encrypted_data)


async def test_get_user_info_is_anonymous_and_guests_are_guests(db: Database, world: World) -> None:
    me = await guest(db)
    async with db.session() as s:
        anonymous = await identity.user_open_data(s, me, world.app.appid, anonymous=True)
        named = await identity.user_open_data(s, me, world.app.appid, anonymous=False)
    assert anonymous.user_info["nickName"] == identity.ANONYMOUS_NICKNAME
    assert named.user_info["nickName"] == identity.GUEST_NICKNAME
