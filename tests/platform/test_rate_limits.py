"""Rate limits (platform/rate_limits.py) on both counter stores: the database (SQLite and PostgreSQL)
and Redis. Every test passes its own clock, so windows turn when the test says so."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis.asyncio
from sqlalchemy import func, select

from openmini.platform.errors import Code, PlatformError
from openmini.platform.rate_limits import (
    WECHAT_QUOTAS,
    Counters,
    DatabaseCounters,
    Quota,
    RateCounter,
    RateLimits,
    RedisCounters,
)
from openmini.store.database import Database, open_database
from support.services import PostgresServer

pytestmark = pytest.mark.anyio

NOON = datetime(2026, 3, 2, 12, 0, 5, tzinfo=UTC)
API = "/sns/jscode2session"


@pytest.fixture(params=["sqlite", "postgresql", "redis"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[tuple[str, str]]:
    """Which counter store, and the URL that two processes would share."""
    if request.param == "redis":
        yield "redis", request.getfixturevalue("redis_url")
        return
    if request.param == "sqlite":
        url, drop = f"sqlite+aiosqlite:///{tmp_path / 'openmini.db'}", None
    else:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        name = server.create_database()
        url, drop = server.url(name), name
    # Migrated once here; each test opens its own Database objects on the URL.
    await (await open_database(url)).dispose()
    yield "database", url
    if drop is not None:
        server.drop_database(drop)


async def counters_for(store: tuple[str, str]) -> tuple[Counters, Database | None]:
    kind, url = store
    if kind == "redis":
        return RedisCounters(url), None
    db = await open_database(url)
    return DatabaseCounters(db), db


class Limits:
    """RateLimits over fresh connections to one store, closed at the end of the test."""

    def __init__(self, store: tuple[str, str]) -> None:
        self.store = store
        self.opened: list[tuple[RateLimits, Database | None]] = []

    async def new(self, quota: Quota) -> RateLimits:
        counters, db = await counters_for(self.store)
        limits = RateLimits(counters).with_quotas({API: quota})
        self.opened.append((limits, db))
        return limits

    async def close(self) -> None:
        for limits, db in self.opened:
            await limits.close()
            if db is not None:
                await db.dispose()


@pytest.fixture
async def limits(store: tuple[str, str]) -> AsyncIterator[Limits]:
    made = Limits(store)
    yield made
    await made.close()


def appid() -> str:
    # Redis is shared by the whole session: each test counts for mini programs of its own.
    return f"om{uuid.uuid4().hex[:16]}"


async def refused(limits: RateLimits, app: str, user: str | None = None, now: datetime = NOON) -> int:
    with pytest.raises(PlatformError) as refusal:
        await limits.check(API, app, user, now)
    return refusal.value.errcode


async def test_a_per_minute_quota_refuses_with_45011_until_the_minute_turns(limits: Limits) -> None:
    rate = await limits.new(Quota(app_per_minute=3))
    app = appid()
    for second in range(3):
        await rate.check(API, app, now=NOON + timedelta(seconds=second))
    assert await refused(rate, app, now=NOON + timedelta(seconds=50)) == Code.FREQUENCY_LIMIT == 45011
    # Another mini program has its own count.
    await rate.check(API, appid(), now=NOON)
    await rate.check(API, app, now=NOON + timedelta(minutes=1))


async def test_a_daily_quota_refuses_with_45009_until_the_day_turns(limits: Limits) -> None:
    rate = await limits.new(Quota(app_per_day=2, app_per_minute=10))
    app = appid()
    await rate.check(API, app, now=NOON)
    await rate.check(API, app, now=NOON + timedelta(hours=1))
    assert await refused(rate, app, now=NOON + timedelta(hours=2)) == Code.DAILY_LIMIT == 45009
    midnight = NOON.replace(hour=0, second=0) + timedelta(days=1)
    await rate.check(API, app, now=midnight)


async def test_when_both_quotas_are_spent_the_daily_one_answers(limits: Limits) -> None:
    rate = await limits.new(Quota(app_per_day=1, app_per_minute=1))
    app = appid()
    await rate.check(API, app, now=NOON)
    assert await refused(rate, app) == Code.DAILY_LIMIT


async def test_the_per_user_quota_counts_each_end_user_apart(limits: Limits) -> None:
    rate = await limits.new(Quota(user_per_minute=2))
    app = appid()
    for _ in range(2):
        await rate.check(API, app, "alice", NOON)
    assert await refused(rate, app, "alice") == Code.FREQUENCY_LIMIT
    await rate.check(API, app, "bob", NOON)
    # Calls about no one in particular have no per-user count.
    for _ in range(5):
        await rate.check(API, app, None, NOON)
    # An absurdly long "user" still gets a counter of its own.
    await rate.check(API, app, "x" * 500, NOON)
    await rate.check(API, app, "x" * 500, NOON)
    assert await refused(rate, app, "x" * 500) == Code.FREQUENCY_LIMIT


async def test_two_processes_share_one_count(limits: Limits) -> None:
    first, second = await limits.new(Quota(app_per_minute=4)), await limits.new(Quota(app_per_minute=4))
    app = appid()
    await first.check(API, app, now=NOON)
    await second.check(API, app, now=NOON)
    await first.check(API, app, now=NOON)
    await second.check(API, app, now=NOON)
    assert await refused(first, app) == Code.FREQUENCY_LIMIT
    assert await refused(second, app) == Code.FREQUENCY_LIMIT


async def test_concurrent_calls_are_each_counted_once(limits: Limits) -> None:
    rate = await limits.new(Quota(app_per_minute=10))
    app = appid()
    outcomes = await asyncio.gather(*(rate.check(API, app, now=NOON) for _ in range(15)), return_exceptions=True)
    refusals = [o for o in outcomes if isinstance(o, PlatformError)]
    assert len(refusals) == 5 and all(r.errcode == Code.FREQUENCY_LIMIT for r in refusals)
    assert outcomes.count(None) == 10


def test_wechats_published_quotas_are_the_defaults() -> None:
    assert WECHAT_QUOTAS["/cgi-bin/token"].app_per_day == 2000
    assert WECHAT_QUOTAS["/sns/jscode2session"].user_per_minute == 100
    assert WECHAT_QUOTAS["/wxa/getwxacodeunlimit"].app_per_minute == 5000
    stable = WECHAT_QUOTAS["/cgi-bin/stable_token"]
    assert (stable.app_per_minute, stable.app_per_day) == (10_000, 500_000)


async def test_the_database_forgets_counters_of_past_windows(database_url: str) -> None:
    db = await open_database(database_url)
    try:
        rate = RateLimits(DatabaseCounters(db)).with_quotas({API: Quota(app_per_minute=5, app_per_day=5)})
        await rate.check(API, appid(), now=NOON)
        async with db.session() as s:
            assert await s.scalar(select(func.count()).select_from(RateCounter)) == 2
        # Two days on, both windows (and their grace minute) are over: the next call sweeps them.
        await rate.check(API, appid(), now=NOON + timedelta(days=2))
        async with db.session() as s:
            assert await s.scalar(select(func.count()).select_from(RateCounter)) == 2
    finally:
        await db.dispose()


async def test_redis_drops_a_counter_after_its_window(redis_url: str) -> None:
    rate = RateLimits(RedisCounters(redis_url)).with_quotas({API: Quota(app_per_minute=5)})
    client = redis.asyncio.Redis.from_url(redis_url)
    try:
        app = appid()
        await rate.check(API, app)
        [key] = await client.keys(f"rl:{app}:*")
        # The minute's window plus a grace minute, at most.
        assert 0 < await client.ttl(key) <= 120
    finally:
        await client.aclose()
        await rate.close()
