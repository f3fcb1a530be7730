"""The database: SQLAlchemy 2 async engine, sessions, and migrations run on start.

``Base`` is the declarative base every domain table derives from; each platform service declares
its own tables. ``open_database(url)`` migrates to head before returning, so a fresh file or an
empty PostgreSQL database is ready for use, and a second process starting at the same time waits
for the first one's migration instead of racing it.

Sessions are transactions: ``async with db.session() as s`` commits when the block ends and rolls
back when it raises, so a domain operation either happens entirely or not at all.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, DateTime, MetaData, event, text
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator

MIGRATIONS = Path(__file__).parent / "migrations"
# Any fixed number: every openmini process takes the same advisory lock before migrating.
MIGRATION_LOCK_KEY = 0x6F6D_6967  # "omig"
SQLITE_BUSY_TIMEOUT_MS = 30_000
READ_ONLY = "openmini_read_only"  # an execution option: see Database.session

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class PlatformSession(Session):
    """The session class behind every ``AsyncSession``; domain code hooks events onto it (see audit)."""


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: use openmini.store.database.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Database:
    """An async engine and its session factory. Always ``await db.dispose()`` when done."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False, sync_session_class=PlatformSession)
        self._read_sessions = async_sessionmaker(
            engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False, sync_session_class=PlatformSession
        )

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @asynccontextmanager
    async def session(self, *, read_only: bool = False) -> AsyncIterator[AsyncSession]:
        """One transaction: committed at the end of the block, rolled back if it raises.

        ``read_only`` is for hot paths that only read (launches, package files): on SQLite they
        then neither wait for nor hold up writers. Writing in such a session may fail on SQLite
        with "database is locked".
        """
        factory = self._read_sessions if read_only else self.sessions
        async with factory() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()


def create_engine(url: str, **options: Any) -> AsyncEngine:
    """An async engine; SQLite gets WAL, foreign keys, a busy timeout and ``BEGIN IMMEDIATE``.

    SQLite's default deferred transactions fail at once with "database is locked" when two of them
    read and then both try to write; taking the write lock when the transaction begins makes them
    queue instead (up to the busy timeout), which is what serialises concurrent releases there.
    Read-only sessions (``Database.session(read_only=True)``) still begin deferred.
    """
    engine = create_async_engine(url, **options)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to the "begin" listener below instead of the driver.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # With WAL, a deferred transaction that only reads sees a snapshot and takes no write lock.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


async def serialise(session: AsyncSession, key: int) -> None:
    """Hold a lock named ``key`` until this transaction ends, so such transactions run one at a time.

    PostgreSQL takes an advisory lock; SQLite needs nothing more, as every transaction already holds
    the database's write lock from its start (``BEGIN IMMEDIATE``).
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def alembic_config(url: str | None = None) -> Config:
    """Alembic's configuration for our migrations.

    To write a migration after changing a model, set ``attributes["target_metadata"]`` to
    ``openmini.platform.schema.metadata()`` and call ``alembic.command.revision(config,
    message=..., autogenerate=True)`` with ``url`` naming a database at the current head; then
    read and tidy the generated file.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def migrate(engine: AsyncEngine) -> None:
    """Upgrade to head in one transaction, holding an advisory lock on PostgreSQL."""
    async with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Released at commit; a second process waits here, then finds nothing left to do.
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        await connection.run_sync(_upgrade)


def _upgrade(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def open_database(url: str, **options: Any) -> Database:
    """Connect to ``url`` and migrate it to the newest schema. ``options`` go to ``create_async_engine``."""
    if make_url(url).get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(f"unsupported database (use sqlite+aiosqlite:// or postgresql+psycopg://): {url}")
    engine = create_engine(url, **options)
    try:
        await migrate(engine)
    except BaseException:
        await engine.dispose()
        raise
    return Database(engine)
