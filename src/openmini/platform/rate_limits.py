"""Rate limits on the open API: per mini program and per end user, with WeChat's published quotas as defaults.

Fixed windows of one minute and one day (UTC): each call adds one to the counters of its window,
and a call that takes a counter past its limit is refused — 45009 for a daily quota, 45011 for a
per-minute one, with WeChat's messages — as is every later call in that window (they count too: a
client that keeps hammering stays refused until the window turns).

Counters are where every server process sees them: in the database by default (one upsert per
counter, in one transaction), in Redis when ``redis_url`` is set (INCR and EXPIRE in one pipeline).
Either way the count is the same however many processes serve the calls.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

import redis.asyncio
from sqlalchemy import Integer, String, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from openmini.platform.errors import Code, PlatformError
from openmini.store.database import Base, Database, UTCDateTime, utcnow

MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Counters outlive their window a little, so a clock a few seconds off never drops a live one.
GRACE = timedelta(minutes=1)
# How often a process clears the database of counters whose window has passed.
SWEEP_EVERY = timedelta(minutes=1)
KEY_MAX = 255
# Longer than any openid or end user id; a key stays under KEY_MAX with the appid and the path.
USER_MAX = 64
DAILY_MESSAGE = "reach max api daily quota limit"
MINUTE_MESSAGE = "api minute-quota reach limit, must slower, retry next minute"
USER_MESSAGE = "api minute-quota of this user reach limit, must slower, retry next minute"


@dataclass(frozen=True)
class Quota:
    """The limits of one API: calls per mini program a minute and a day, calls per end user a minute.

    None means no limit of that kind. The end user is the one the call names (``openid``,
    ``touser``) or, for code2Session, the one the login code was issued to.
    """

    app_per_minute: int | None = None
    app_per_day: int | None = None
    user_per_minute: int | None = None


# WeChat's published quotas (platform-apis.md §1), keyed by the route's path.
WECHAT_QUOTAS: Mapping[str, Quota] = {
    "/cgi-bin/token": Quota(app_per_day=2000),
    "/cgi-bin/stable_token": Quota(app_per_minute=10_000, app_per_day=500_000),
    "/sns/jscode2session": Quota(user_per_minute=100),
    "/wxa/getwxacodeunlimit": Quota(app_per_minute=5000),
    "/wxa/getwxacode": Quota(app_per_minute=5000),
    "/cgi-bin/wxaapp/createwxaqrcode": Quota(app_per_minute=5000),
    "/cgi-bin/message/subscribe/send": Quota(app_per_day=10_000_000),
    "/wxa/msg_sec_check": Quota(app_per_minute=4000, app_per_day=2_000_000),
}
# Ours, for every other call: far above what a healthy backend needs, low enough to stop a runaway loop.
DEFAULT_QUOTA = Quota(app_per_minute=5000, app_per_day=1_000_000, user_per_minute=100)


@dataclass(frozen=True)
class Slot:
    """One counter: ``key`` names the caller, the API and the window; it may go once ``ends_at`` passed."""

    key: str
    ends_at: datetime


class Counters(Protocol):
    """Where counts are kept; every process of one platform must use the same place."""

    async def hit(self, slots: Sequence[Slot], now: datetime) -> list[int]:
        """Add one to each counter (created at 0) and return the new counts, in order, atomically."""
        ...

    async def close(self) -> None: ...


# --- the database -------------------------------------------------------------------------------


class RateCounter(Base):
    __tablename__ = "rate_limit_counters"
    # Bookkeeping of calls, not a console write.
    __audit_exempt__ = True

    key: Mapped[str] = mapped_column(String(KEY_MAX), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class DatabaseCounters:
    """Counters in the platform's database: ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` on SQLite
    and PostgreSQL alike, so two processes adding to one counter both see the sum."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._next_sweep = EPOCH

    async def hit(self, slots: Sequence[Slot], now: datetime) -> list[int]:
        counts: dict[str, int] = {}
        async with self._db.session() as session:
            if now >= self._next_sweep:
                self._next_sweep = now + SWEEP_EVERY
                await session.execute(delete(RateCounter).where(RateCounter.ends_at < now - GRACE))
            dialect = session.get_bind().dialect.name
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            # One order for every transaction, so two of them never wait on each other's rows in a cycle.
            for slot in sorted(slots, key=lambda s: s.key):
                statement = (
                    insert(RateCounter)
                    .values(key=slot.key, hits=1, ends_at=slot.ends_at)
                    .on_conflict_do_update(index_elements=[RateCounter.key], set_={"hits": RateCounter.hits + 1})
                    .returning(RateCounter.hits)
                )
                counts[slot.key] = (await session.execute(statement)).scalar_one()
        return [counts[slot.key] for slot in slots]

    async def close(self) -> None:
        """The database belongs to the app, which disposes of it."""


# --- Redis --------------------------------------------------------------------------------------


class RedisCounters:
    """Counters in Redis: INCR and EXPIRE in one MULTI/EXEC round trip; Redis drops a counter
    after its window (plus a grace minute), so nothing needs sweeping."""

    def __init__(self, url: str) -> None:
        # Connects on first use, on the event loop that uses it.
        self._redis = redis.asyncio.Redis.from_url(url)

    async def hit(self, slots: Sequence[Slot], now: datetime) -> list[int]:
        async with self._redis.pipeline(transaction=True) as pipeline:
            for slot in slots:
                pipeline.incr(slot.key)
                # Relative to our clock, not Redis's: the two may disagree by a few seconds.
                pipeline.expire(slot.key, slot.ends_at - now + GRACE)
            replies = await pipeline.execute()
        return [int(count) for count in replies[::2]]

    async def close(self) -> None:
        await self._redis.aclose()


def open_counters(redis_url: str, db: Database) -> Counters:
    """Redis when a URL is configured, otherwise the database."""
    return RedisCounters(redis_url) if redis_url else DatabaseCounters(db)


# --- limits -------------------------------------------------------------------------------------


def _bounded(user: str) -> str:
    """The user's id, or its digest when it is too long to be one the platform issued."""
    return user if len(user) <= USER_MAX else hashlib.sha256(user.encode("utf-8")).hexdigest()


def _window(now: datetime, length: timedelta) -> tuple[int, datetime]:
    """The number of the fixed window ``now`` falls in, and when that window ends."""
    index = (now - EPOCH) // length
    return index, EPOCH + (index + 1) * length


@dataclass(frozen=True)
class _Limit:
    slot: Slot
    limit: int
    errcode: Code
    errmsg: str


@dataclass(frozen=True)
class RateLimits:
    """The quotas of every API and the counters they are checked against."""

    counters: Counters
    quotas: Mapping[str, Quota] = field(default_factory=lambda: dict(WECHAT_QUOTAS))
    default: Quota = DEFAULT_QUOTA

    def with_quotas(self, quotas: Mapping[str, Quota], default: Quota | None = None) -> RateLimits:
        """The same counters with other quotas."""
        return replace(self, quotas=dict(quotas), default=self.default if default is None else default)

    def quota(self, api: str) -> Quota:
        return self.quotas.get(api, self.default)

    async def check(self, api: str, appid: str, user: str | None = None, now: datetime | None = None) -> None:
        """Count one call of ``api`` by ``appid`` (for ``user`` when the call is about one end user);
        raise 45009 or 45011 when that takes a counter over its limit."""
        now = now or utcnow()
        quota = self.quota(api)
        day, day_ends = _window(now, DAY)
        minute, minute_ends = _window(now, MINUTE)
        app_key = f"rl:{appid}:{api}"
        wanted = [
            # Daily quotas first: when both are spent, waiting for the next minute does not help.
            (quota.app_per_day, Slot(f"{app_key}:d{day}", day_ends), Code.DAILY_LIMIT, DAILY_MESSAGE),
            (quota.app_per_minute, Slot(f"{app_key}:m{minute}", minute_ends), Code.FREQUENCY_LIMIT, MINUTE_MESSAGE),
        ]
        if user:
            user_key = f"{app_key}:u:{_bounded(user)}:m{minute}"
            wanted.append((quota.user_per_minute, Slot(user_key, minute_ends), Code.FREQUENCY_LIMIT, USER_MESSAGE))
        limits = [_Limit(slot, limit, code, message) for limit, slot, code, message in wanted if limit is not None]
        if not limits:
            return
        counts = await self.counters.hit([limit.slot for limit in limits], now)
        for limit, count in zip(limits, counts, strict=True):
            if count > limit.limit:
                raise PlatformError(limit.errcode, limit.errmsg)

    async def close(self) -> None:
        await self.counters.close()
