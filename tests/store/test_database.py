"""The migrations build exactly the models' schema; opening a database migrates it, once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Integer, inspect, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from openmini.platform.schema import metadata
from openmini.store.database import UTCDateTime, alembic_config, open_database

pytestmark = pytest.mark.anyio


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def schema_differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata()))


async def test_migrations_create_exactly_the_models_schema(database_url: str) -> None:
    db = await open_database(database_url)
    try:
        async with db.engine.connect() as connection:
            assert await connection.run_sync(schema_differences) == []
    finally:
        await db.dispose()


async def test_opening_twice_is_idempotent_and_keeps_data(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'twice.db'}"
    first = await open_database(url)
    async with first.session() as s:
        await s.execute(text("INSERT INTO organisations (name, created_at) VALUES ('Kept', '2026-01-01')"))
    await first.dispose()

    second = await open_database(url)
    try:
        async with second.session() as s:
            assert (await s.execute(text("SELECT name FROM organisations"))).scalars().all() == ["Kept"]
            version = (await s.execute(text("SELECT version_num FROM alembic_version"))).scalars().all()
        assert version == [head_revision()]
    finally:
        await second.dispose()


async def test_processes_starting_together_migrate_once(database_url: str) -> None:
    opened = await asyncio.gather(*(open_database(database_url) for _ in range(3)))
    try:
        async with opened[0].engine.connect() as connection:
            tables = await connection.run_sync(lambda c: inspect(c).get_table_names())
            versions = (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalars().all()
        assert "versions" in tables
        assert versions == [head_revision()]
    finally:
        for db in opened:
            await db.dispose()


async def test_a_failed_block_rolls_back(tmp_path: Path) -> None:
    db = await open_database(f"sqlite+aiosqlite:///{tmp_path / 'rollback.db'}")
    try:
        with pytest.raises(RuntimeError):
            async with db.session() as s:
                await s.execute(text("INSERT INTO organisations (name, created_at) VALUES ('Gone', '2026-01-01')"))
                raise RuntimeError("crash mid-operation")
        async with db.session() as s:
            assert (await s.execute(text("SELECT count(*) FROM organisations"))).scalar_one() == 0
    finally:
        await db.dispose()


async def test_unsupported_database_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported database"):
        await open_database("mysql+aiomysql://localhost/db")


async def test_datetimes_come_back_aware_in_utc(tmp_path: Path) -> None:
    class Local(DeclarativeBase):
        pass

    class Stamp(Local):
        __tablename__ = "stamps"
        __audit_exempt__ = True
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        at: Mapped[datetime] = mapped_column(UTCDateTime)

    db = await open_database(f"sqlite+aiosqlite:///{tmp_path / 'stamps.db'}")
    try:
        async with db.engine.begin() as connection:
            await connection.run_sync(Local.metadata.create_all)
        moment = datetime(2026, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=8)))
        async with db.session() as s:
            s.add(Stamp(id=1, at=moment))
        async with db.session() as s:
            stored = await s.get_one(Stamp, 1)
        assert stored.at == moment
        assert stored.at.tzinfo == UTC
        with pytest.raises(Exception, match="naive datetime"):
            async with db.session() as s:
                s.add(Stamp(id=2, at=datetime(2026, 3, 1)))
    finally:
        await db.dispose()


async def test_reads_do_not_wait_for_a_writer_on_sqlite(tmp_path: Path) -> None:
    db = await open_database(f"sqlite+aiosqlite:///{tmp_path / 'readers.db'}")
    try:
        async with db.session() as writer:
            await writer.execute(text("INSERT INTO organisations (name, created_at) VALUES ('Pending', '2026-01-01')"))
            # The writer holds SQLite's write lock until its block ends; a reader sees the last commit.
            async with db.session(read_only=True) as reader:
                assert (await reader.execute(text("SELECT count(*) FROM organisations"))).scalar_one() == 0
        async with db.session(read_only=True) as reader:
            assert (await reader.execute(text("SELECT count(*) FROM organisations"))).scalar_one() == 1
    finally:
        await db.dispose()
