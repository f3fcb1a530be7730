"""Users, passwords, organisations and roles, API keys, end users."""

from __future__ import annotations

import hashlib

import pytest
from platform_support import PASSWORD, World, make_user
from sqlalchemy import select, text

from openmini.platform import accounts
from openmini.platform.accounts import ApiKey, Role, User
from openmini.platform.audit import Actor
from openmini.platform.errors import Code, PlatformError
from openmini.store.database import Database

pytestmark = pytest.mark.anyio


async def test_passwords_are_stored_as_argon2id_and_checked(db: Database) -> None:
    async with db.session() as s:
        user = await accounts.register(s, "  Ada@Example.com ", PASSWORD, "Ada")
    assert user.email == "ada@example.com"
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    async with db.session() as s:
        assert (await accounts.authenticate(s, "ADA@example.com", PASSWORD)).id == user.id
        for email, password in (("ada@example.com", "wrong password"), ("nobody@example.com", PASSWORD)):
            with pytest.raises(PlatformError) as refused:
                await accounts.authenticate(s, email, password)
            # An unknown email and a wrong password look the same to the caller.
            assert (refused.value.errcode, refused.value.errmsg) == (Code.INVALID_CREDENTIAL, "wrong email or password")


async def test_registration_rules(db: Database) -> None:
    async with db.session() as s:
        await accounts.register(s, "ada@example.com", PASSWORD)
    cases = [("ada@example.com", PASSWORD, Code.ALREADY_EXISTS), ("not-an-email", PASSWORD, Code.INVALID_ARGS)]
    cases.append(("bob@example.com", "short", Code.INVALID_ARGS))
    for email, password, code in cases:
        with pytest.raises(PlatformError) as refused:
            async with db.session() as s:
                await accounts.register(s, email, password)
        assert refused.value.errcode == code


async def test_users_change_their_own_password_and_operators_anyones(db: Database) -> None:
    ada = await make_user(db, "ada@example.com")
    bob = await make_user(db, "bob@example.com")
    assert ada.user_id is not None and bob.user_id is not None
    with pytest.raises(PlatformError) as refused:
        async with db.session() as s:
            await accounts.set_password(s, bob, ada.user_id, "bob chose this")
    assert refused.value.errcode == Code.PERMISSION_DENIED
    async with db.session() as s:
        await accounts.set_password(s, ada, ada.user_id, "a new password")
        await accounts.set_password(s, Actor.system(), bob.user_id, "reset by operator")
    async with db.session() as s:
        await accounts.authenticate(s, "ada@example.com", "a new password")
        await accounts.authenticate(s, "bob@example.com", "reset by operator")


async def test_first_run_generates_an_operator_password_once(db: Database) -> None:
    async with db.session() as s:
        operator, generated = await accounts.ensure_operator(s, "op@example.com", None)
    assert operator.is_operator and generated is not None and len(generated) >= 12
    async with db.session() as s:
        again, none = await accounts.ensure_operator(s, "op@example.com", None)
        assert (again.id, none) == (operator.id, None)
        await accounts.authenticate(s, "op@example.com", generated)


async def test_operator_password_from_the_environment_wins(db: Database) -> None:
    await make_user(db, "op@example.com")
    async with db.session() as s:
        user, generated = await accounts.ensure_operator(s, "op@example.com", "from the environment")
    assert user.is_operator and generated is None
    async with db.session() as s:
        await accounts.authenticate(s, "op@example.com", "from the environment")


async def test_roles_are_per_organisation_and_a_user_may_hold_several(db: Database, world: World) -> None:
    assert world.tester.user_id is not None
    async with db.session() as s:
        await accounts.add_member(s, world.admin, world.org_id, world.tester.user_id, Role.REVIEWER)
        assert await accounts.roles_of(s, world.org_id, world.tester.user_id) == {Role.TESTER, Role.REVIEWER}
        other = await accounts.create_organisation(s, world.outsider, "Other")
        members = await accounts.members(s, world.org_id)
    assert [m.user.email for m in members] == [
        "admin@example.com",
        "developer@example.com",
        "reviewer@example.com",
        "tester@example.com",
    ]
    async with db.session() as s:
        await accounts.require_role(s, world.tester, world.org_id, Role.REVIEWER)
        await accounts.require_role(s, world.outsider, other.id, Role.ADMIN)
        for actor, org_id in ((world.tester, other.id), (world.outsider, world.org_id)):
            with pytest.raises(PlatformError) as refused:
                await accounts.require_role(s, actor, org_id, Role.TESTER)
            assert refused.value.errcode == Code.PERMISSION_DENIED
        # Operators may act in every organisation.
        await accounts.require_role(s, Actor.system(), other.id, Role.ADMIN)
        assert [o.name for o in await accounts.organisations(s, world.outsider.user_id)] == ["Other"]
        assert [o.name for o in await accounts.organisations(s)] == ["Acme", "Other"]


async def test_membership_rules(db: Database, world: World) -> None:
    assert world.developer.user_id is not None and world.admin.user_id is not None
    cases = [
        (world.developer, world.developer.user_id, Role.ADMIN, "add", Code.PERMISSION_DENIED),
        (world.admin, world.developer.user_id, Role.DEVELOPER, "add", Code.ALREADY_EXISTS),
        (world.admin, world.developer.user_id, Role.REVIEWER, "remove", Code.NOT_FOUND),
        (world.admin, world.admin.user_id, Role.ADMIN, "remove", Code.LAST_ADMIN),
    ]
    for actor, user_id, role, op, code in cases:
        change = accounts.add_member if op == "add" else accounts.remove_member
        with pytest.raises(PlatformError) as refused:
            async with db.session() as s:
                await change(s, actor, world.org_id, user_id, role)
        assert refused.value.errcode == code
    async with db.session() as s:
        await accounts.add_member(s, world.admin, world.org_id, world.developer.user_id, Role.ADMIN)
        await accounts.remove_member(s, world.admin, world.org_id, world.admin.user_id, Role.ADMIN)
        assert await accounts.roles_of(s, world.org_id, world.admin.user_id) == frozenset()


async def test_api_keys_are_shown_once_stored_hashed_and_act_in_their_organisation(db: Database, world: World) -> None:
    async with db.session() as s:
        key, secret = await accounts.create_api_key(s, world.developer, world.org_id, "CI")
    assert secret.startswith("omk_") and len(secret) > 40
    assert key.prefix == secret[:12]
    async with db.session() as s:
        stored = (await s.execute(text("SELECT prefix, secret_sha256, last_used_at FROM api_keys"))).one()
    assert stored[0] == secret[:12]
    assert stored[1] == hashlib.sha256(secret.encode()).hexdigest()
    assert stored[2] is None

    async with db.session() as s:
        actor = await accounts.authenticate_api_key(s, secret)
    assert (actor.user_id, actor.org_id, actor.api_key_id) == (world.developer.user_id, world.org_id, key.id)
    async with db.session() as s:
        assert (await s.get_one(ApiKey, key.id)).last_used_at is not None
        # The key carries its creator's roles, only inside its organisation.
        await accounts.require_role(s, actor, world.org_id, Role.DEVELOPER)
        other = await accounts.create_organisation(s, world.developer, "Developer's own")
        with pytest.raises(PlatformError) as refused:
            await accounts.require_role(s, actor, other.id, Role.ADMIN)
        assert refused.value.errcode == Code.PERMISSION_DENIED


async def test_api_key_verification_failures(db: Database, world: World) -> None:
    async with db.session() as s:
        key, secret = await accounts.create_api_key(s, world.developer, world.org_id, "CI")
    for given, code in (("", Code.MISSING_CREDENTIAL), (secret + "x", Code.INVALID_CREDENTIAL)):
        with pytest.raises(PlatformError) as refused:
            async with db.session() as s:
                await accounts.authenticate_api_key(s, given)
        assert refused.value.errcode == code
    with pytest.raises(PlatformError) as refused:
        async with db.session() as s:
            await accounts.revoke_api_key(s, world.tester, key.id)
    assert refused.value.errcode == Code.PERMISSION_DENIED
    async with db.session() as s:
        await accounts.revoke_api_key(s, world.admin, key.id)
        assert [k.revoked_at is not None for k in await accounts.api_keys(s, world.org_id)] == [True]
    with pytest.raises(PlatformError) as refused:
        async with db.session() as s:
            await accounts.authenticate_api_key(s, secret)
    assert refused.value.errcode == Code.INVALID_CREDENTIAL


async def test_only_members_who_develop_create_api_keys(db: Database, world: World) -> None:
    with pytest.raises(PlatformError) as refused:
        async with db.session() as s:
            await accounts.create_api_key(s, world.tester, world.org_id, "CI")
    assert refused.value.errcode == Code.PERMISSION_DENIED


async def test_guests_get_random_ids_and_members_one_end_user(db: Database) -> None:
    await make_user(db, "ada@example.com")
    async with db.session() as s:
        guests = {(await accounts.guest_end_user(s)).id for _ in range(3)}
        ada = await s.scalar(select(User).where(User.email == "ada@example.com"))
        assert ada is not None
        mine = await accounts.end_user_for(s, ada)
        assert mine.user_id == ada.id
        assert (await accounts.end_user_for(s, ada)).id == mine.id
    assert len(guests) == 3 and all(len(g) == 24 for g in guests)
    async with db.session() as s:
        assert (await accounts.get_end_user(s, mine.id)).user_id == ada.id
        with pytest.raises(PlatformError) as refused:
            await accounts.get_end_user(s, "nobody")
        assert refused.value.errcode == Code.NOT_FOUND
