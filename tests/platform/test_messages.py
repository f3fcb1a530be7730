"""Subscription messages: templates, keyword rules, one message per accepted subscription, the inbox."""

from __future__ import annotations

import asyncio

import pytest
from platform_support import World, expect_refusal
from sqlalchemy import select

from openmini.platform import accounts, apps, links, message_templates, messages
from openmini.platform.accounts import EndUser
from openmini.platform.audit import AuditEntry
from openmini.platform.errors import Code, PlatformError
from openmini.platform.message_templates import AppBackend, MessageTemplate, check_value
from openmini.platform.messages import Answer, Outgoing
from openmini.store.database import Database

pytestmark = pytest.mark.anyio
SHIPPED = {"character_string1": {"value": "SO1"}, "thing2": {"value": "Coffee beans"}}


async def shipped_template(db: Database, world: World) -> MessageTemplate:
    """Library template 1001 ("Order shipped") with its order number and item."""
    async with db.session() as s:
        return await message_templates.add_from_library(s, world.developer, world.app, 1001, [1, 2], "shipping")


async def guest(db: Database) -> EndUser:
    async with db.session() as s:
        return await accounts.guest_end_user(s)


async def accept(db: Database, world: World, user: EndUser, tmpl_id: str) -> None:
    async with db.session() as s:
        assert await messages.subscribe(s, user, world.app, [tmpl_id], {tmpl_id: "accept"}, keep=False) == {
            tmpl_id: Answer.ACCEPT
        }


async def send(db: Database, world: World, user: EndUser, outgoing: Outgoing) -> messages.Message:
    return await send_checked(db, world, user, outgoing, None)


async def send_checked(
    db: Database, world: World, user: EndUser, outgoing: Outgoing, pages: set[str] | None
) -> messages.Message:
    async with db.session() as s:
        return await messages.store(s, world.app, user, outgoing, pages)


# --- templates ------------------------------------------------------------------------------------


def test_the_library_is_paged_by_category() -> None:
    count, page = message_templates.library_titles([307, 616], 1, 2)
    assert count == 4 and [t.tid for t in page] == [1002, 3001]
    for ids, start, limit, code in (
        ([], 0, 5, 200019),
        ([9], 0, 5, 200019),
        ([307], -1, 5, 200016),
        ([307], 0, 31, 200017),
    ):
        with pytest.raises(PlatformError) as refused:
            message_templates.library_titles(ids, start, limit)
        assert refused.value.errcode == code


async def test_library_templates_keep_the_chosen_keywords_named_by_rule_and_kid(db: Database, world: World) -> None:
    async with db.session() as s:
        template = await message_templates.add_from_library(s, world.developer, world.app, 1001, [3, 1], "")
    assert [(k.key, k.name) for k in template.keyword_list] == [
        ("time3", "Shipped at"),
        ("character_string1", "Order number"),
    ]
    assert template.content() == "Shipped at:{{time3.DATA}}\nOrder number:{{character_string1.DATA}}\n"
    async with db.session() as s:
        entry = (await s.scalars(select(AuditEntry).where(AuditEntry.action == "template.add"))).one()
    assert entry.actor == "developer@example.com" and entry.detail["priTmplId"] == template.pri_tmpl_id


async def test_adding_a_template_is_checked(db: Database, world: World) -> None:
    add = message_templates.add_from_library
    cases = (
        (Code.TEMPLATE_TID_INVALID, world.developer, 424242, [1, 2], ""),
        (Code.TEMPLATE_KIDLIST_INVALID, world.developer, 1001, [1], ""),
        (Code.TEMPLATE_KIDLIST_INVALID, world.developer, 1001, [1, 1], ""),
        (Code.TEMPLATE_KIDLIST_INVALID, world.developer, 1001, [1, 9], ""),
        (Code.TEMPLATE_SCENE_DESC_INVALID, world.developer, 1001, [1, 2], "x" * 16),
        (Code.PERMISSION_DENIED, world.tester, 1001, [1, 2], ""),
    )
    for code, actor, tid, kids, scene in cases:
        with pytest.raises(PlatformError) as refused:
            async with db.session() as s:
                await add(s, actor, world.app, tid, kids, scene)
        assert refused.value.errcode == code
    async with db.session() as s:
        other, _ = await apps.create_app(s, world.admin, world.org_id, "Other")
    backend = AppBackend(other.id, other.appid)
    await expect_refusal(Code.PERMISSION_DENIED, db, lambda s: add(s, backend, world.app, 1001, [1, 2], ""))


async def test_a_mini_program_backend_manages_its_own_templates_up_to_25(db: Database, world: World) -> None:
    backend = AppBackend(world.app.id, world.app.appid)
    async with db.session() as s:
        first = await message_templates.define_template(
            s, backend, world.app, "Table ready", [("Table", "thing"), ("Guests", "number")]
        )
        for _ in range(message_templates.MAX_TEMPLATES - 1):
            await message_templates.add_from_library(s, backend, world.app, 3001, [1, 2])
    assert [k.key for k in first.keyword_list] == ["thing1", "number2"]
    await expect_refusal(
        Code.TEMPLATE_LIMIT_REACHED,
        db,
        lambda s: message_templates.add_from_library(s, backend, world.app, 3001, [1, 2]),
    )
    async with db.session() as s:
        await message_templates.delete_template(s, backend, world.app, first.pri_tmpl_id)
        assert len(await message_templates.templates(s, world.app)) == message_templates.MAX_TEMPLATES - 1
    await expect_refusal(
        Code.INVALID_TEMPLATE_ID,
        db,
        lambda s: message_templates.delete_template(s, backend, world.app, first.pri_tmpl_id),
    )
    await expect_refusal(
        Code.INVALID_ARGS,
        db,
        lambda s: message_templates.define_template(s, backend, world.app, "Bad", [("A", "thing"), ("B", "emoji")]),
    )


@pytest.mark.parametrize(
    ("rule", "good", "bad"),
    [
        ("thing", "Coffee beans 500g", "x" * 21),
        ("number", "3.14", "12a"),
        ("letter", "abc", "ab1"),
        ("symbol", "%$#", "a"),
        ("character_string", "SO-2026/11", "SO 2026"),
        ("time", "2019年10月1日 15:01", "tomorrow"),
        ("time", "15:01~16:30", "25"),
        ("date", "2026-11-22", "15:01"),
        ("amount", "¥39.90", "39.999"),
        ("phone_number", "+44 20 7946 0000", "call me"),
        ("car_number", "粤A12345", "ABCDEFGHI"),
        ("name", "Alexandra", "R2-D2 unit 7"),
        ("name", "张三", "张" * 11),
        ("phrase", "已发货", "shipped"),
    ],
)
def test_keyword_values_follow_wechat_rules(rule: str, good: str, bad: str) -> None:
    assert check_value("k1", rule, good) == good
    with pytest.raises(PlatformError) as refused:
        check_value("k1", rule, bad)
    assert refused.value.errcode == Code.TEMPLATE_ARGUMENT_INVALID and "data.k1.value" in refused.value.errmsg


# --- subscribing and sending ----------------------------------------------------------------------


async def test_each_accepted_subscription_allows_one_message(db: Database, world: World) -> None:
    template = await shipped_template(db, world)
    user = await guest(db)
    outgoing = Outgoing(template.pri_tmpl_id, SHIPPED, "pages/index/index", "id=1")
    await expect_refusal(Code.SUBSCRIPTION_REFUSED, db, lambda s: messages.store(s, world.app, user, outgoing, None))
    await accept(db, world, user, template.pri_tmpl_id)
    await accept(db, world, user, template.pri_tmpl_id)
    first = await send(db, world, user, outgoing)
    second = await send(db, world, user, outgoing)
    await expect_refusal(Code.SUBSCRIPTION_REFUSED, db, lambda s: messages.store(s, world.app, user, outgoing, None))
    assert first.fields == [
        {"key": "character_string1", "name": "Order number", "value": "SO1"},
        {"key": "thing2", "name": "Item", "value": "Coffee beans"},
    ]
    assert second.id > first.id


async def test_a_refused_send_stores_nothing_and_spends_nothing(db: Database, world: World) -> None:
    template = await shipped_template(db, world)
    user = await guest(db)
    await accept(db, world, user, template.pri_tmpl_id)
    bad = Outgoing(template.pri_tmpl_id, {**SHIPPED, "thing2": {"value": "x" * 21}})
    with pytest.raises(PlatformError) as refused:
        await send(db, world, user, bad)
    assert refused.value.errcode == Code.TEMPLATE_ARGUMENT_INVALID and "data.thing2.value" in refused.value.errmsg
    missing = Outgoing(template.pri_tmpl_id, {"thing2": {"value": "Tea"}})
    await expect_refusal(
        Code.TEMPLATE_ARGUMENT_INVALID, db, lambda s: messages.store(s, world.app, user, missing, None)
    )
    elsewhere = Outgoing(template.pri_tmpl_id, SHIPPED, "pages/missing/missing")
    pages = {"pages/index/index"}
    with pytest.raises(PlatformError) as refused:
        await send_checked(db, world, user, elsewhere, pages)
    assert refused.value.errcode == links.INVALID_PAGE
    async with db.session() as s:
        assert await messages.inbox(s, user) == []
    await send(db, world, user, Outgoing(template.pri_tmpl_id, SHIPPED))  # the grant is still unspent


async def test_a_rejected_subscription_allows_nothing(db: Database, world: World) -> None:
    template = await shipped_template(db, world)
    user = await guest(db)
    async with db.session() as s:
        result = await messages.subscribe(
            s, user, world.app, [template.pri_tmpl_id], {template.pri_tmpl_id: "reject"}, keep=False
        )
    assert result == {template.pri_tmpl_id: Answer.REJECT}
    outgoing = Outgoing(template.pri_tmpl_id, SHIPPED)
    await expect_refusal(Code.SUBSCRIPTION_REFUSED, db, lambda s: messages.store(s, world.app, user, outgoing, None))


async def test_a_kept_choice_answers_later_requests_without_asking(db: Database, world: World) -> None:
    template = await shipped_template(db, world)
    tmpl = template.pri_tmpl_id
    user = await guest(db)
    async with db.session() as s:
        (asked,) = await messages.plan(s, user, world.app, [tmpl])
        assert asked.answer is None and asked.keywords == ["Order number", "Item"]
        await messages.subscribe(s, user, world.app, [tmpl], {tmpl: "accept"}, keep=True)
    async with db.session() as s:
        (planned,) = await messages.plan(s, user, world.app, [tmpl])
        assert (planned.answer, planned.kept) == (Answer.ACCEPT, True)
        assert await messages.subscribe(s, user, world.app, [tmpl], {}, keep=False) == {tmpl: Answer.ACCEPT}
        assert await messages.kept_choices(s, user, world.app) == {tmpl: "accept"}
    # a kept accept still makes one grant per request: two messages, then no more
    for _ in range(2):
        await send(db, world, user, Outgoing(tmpl, SHIPPED))
    await expect_refusal(
        Code.SUBSCRIPTION_REFUSED, db, lambda s: messages.store(s, world.app, user, Outgoing(tmpl, SHIPPED), None)
    )


async def test_requests_answer_ban_and_filter_and_refuse_unknown_templates(db: Database, world: World) -> None:
    first = await shipped_template(db, world)
    same_title = await shipped_template(db, world)
    gone = await shipped_template(db, world)
    async with db.session() as s:
        await message_templates.delete_template(s, world.developer, world.app, gone.pri_tmpl_id)
    user = await guest(db)
    ids = [first.pri_tmpl_id, same_title.pri_tmpl_id, gone.pri_tmpl_id]
    async with db.session() as s:
        result = await messages.subscribe(s, user, world.app, ids, {first.pri_tmpl_id: "accept"}, keep=False)
    assert list(result.values()) == [Answer.ACCEPT, Answer.FILTER, Answer.BAN]
    for tmpl_ids, code in (
        ([], Code.SUBSCRIBE_NO_TEMPLATE),
        (["nope"], Code.SUBSCRIBE_NO_TEMPLATE),
        ([first.pri_tmpl_id] * 4, Code.SUBSCRIBE_TOO_MANY),
    ):
        with pytest.raises(PlatformError) as refused:
            async with db.session() as s:
                await messages.plan(s, user, world.app, tmpl_ids)
        assert refused.value.errcode == code
    await expect_refusal(
        Code.INVALID_ARGS, db, lambda s: messages.subscribe(s, user, world.app, [first.pri_tmpl_id], {}, keep=False)
    )


async def test_concurrent_sends_spend_one_grant_once(db: Database, world: World) -> None:
    template = await shipped_template(db, world)
    user = await guest(db)
    await accept(db, world, user, template.pri_tmpl_id)
    outgoing = Outgoing(template.pri_tmpl_id, SHIPPED)

    async def attempt() -> int:
        try:
            return (await send(db, world, user, outgoing)).id
        except PlatformError as error:
            return -error.errcode

    results = sorted(await asyncio.gather(attempt(), attempt()))
    assert results[0] == -Code.SUBSCRIPTION_REFUSED and results[1] > 0


# --- the inbox ------------------------------------------------------------------------------------


async def test_the_inbox_shows_stored_messages_even_when_delivery_was_interrupted(db: Database, world: World) -> None:
    template = await shipped_template(db, world)
    user, someone_else = await guest(db), await guest(db)
    await accept(db, world, user, template.pri_tmpl_id)
    await accept(db, world, user, template.pri_tmpl_id)
    delivered = await send(db, world, user, Outgoing(template.pri_tmpl_id, SHIPPED))
    async with db.session() as s:
        await messages.deliver(s, delivered.id)
    # stored, then the process stopped before delivering it
    stored = await send(db, world, user, Outgoing(template.pri_tmpl_id, SHIPPED, "pages/index/index", "id=2"))
    async with db.session() as s:
        assert await messages.unread_count(s, user) == 2
        items = await messages.inbox(s, user)
        assert [i.message.id for i in items] == [stored.id, delivered.id]
        assert items[0].app.appid == world.app.appid and items[0].message.query == "id=2"
        assert await messages.inbox(s, someone_else) == []
    async with db.session() as s:
        await messages.mark_read(s, user, stored.id)
        assert await messages.unread_count(s, user) == 1
    await expect_refusal(Code.NOT_FOUND, db, lambda s: messages.mark_read(s, someone_else, delivered.id))
