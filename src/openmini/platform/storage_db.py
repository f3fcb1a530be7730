"""Mini program storage in the platform database: the `Storage` backend of ``openmini serve``.

Every server process sees the same partitions, and the quotas hold across processes: a write
first locks its partition's row (created on first use), then measures and writes, all in one
transaction. On PostgreSQL that is a row lock; on SQLite every transaction already holds the
write lock from its start (store/database.py).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import ForeignKeyConstraint, Integer, LargeBinary, String, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from openmini.platform.storage import KEY_LIMIT, PARTITION_LIMIT, check_write, encode_value
from openmini.store.database import Base, Database

# Long enough for any end user id and appid the platform issues (and the dev server's names).
USER_CHARS = 128
APPID_CHARS = 64


class StoragePartition(Base):
    """One (user, mini program) partition: the row writers lock, and the bytes it holds."""

    __tablename__ = "storage_partitions"
    # End-user data written through the mini program APIs, not a console write.
    __audit_exempt__ = True

    user: Mapped[str] = mapped_column(String(USER_CHARS), primary_key=True)
    appid: Mapped[str] = mapped_column(String(APPID_CHARS), primary_key=True)
    used: Mapped[int] = mapped_column(Integer, default=0)


class StorageEntry(Base):
    """One key of a partition; keys may be up to 1 MB, so rows are found by the key's SHA-256."""

    __tablename__ = "storage_entries"
    __audit_exempt__ = True
    __table_args__ = (
        ForeignKeyConstraint(
            ["user", "appid"], ["storage_partitions.user", "storage_partitions.appid"], ondelete="CASCADE"
        ),
    )

    user: Mapped[str] = mapped_column(String(USER_CHARS), primary_key=True)
    appid: Mapped[str] = mapped_column(String(APPID_CHARS), primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String)
    value: Mapped[bytes] = mapped_column(LargeBinary)  # the JSON value, UTF-8, as the quota measures it
    size: Mapped[int] = mapped_column(Integer)


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class DatabaseStorage:
    """`Storage` over the platform database (see `openmini.platform.storage`)."""

    def __init__(self, db: Database, *, key_limit: int = KEY_LIMIT, partition_limit: int = PARTITION_LIMIT) -> None:
        self.db = db
        self.key_limit = key_limit
        self.partition_limit = partition_limit

    async def items(self, user: str, appid: str) -> dict[str, Any]:
        async with self.db.session() as session:
            rows = await session.execute(
                select(StorageEntry.key, StorageEntry.value).where(
                    StorageEntry.user == user, StorageEntry.appid == appid
                )
            )
            return {key: json.loads(value) for key, value in rows}

    async def usage(self, user: str, appid: str) -> int:
        async with self.db.session() as session:
            used = await session.scalar(
                select(StoragePartition.used).where(StoragePartition.user == user, StoragePartition.appid == appid)
            )
            return used or 0

    async def set(self, user: str, appid: str, key: str, value: Any) -> None:
        encoded = encode_value(value)
        size = len(key.encode("utf-8")) + len(encoded)
        check_write(key, size, 0, key_limit=self.key_limit, partition_limit=self.partition_limit)
        digest = _key_hash(key)
        async with self.db.session() as session:
            used = await self._lock_partition(session, user, appid, create=True) or 0
            old = await session.scalar(
                select(StorageEntry.size).where(
                    StorageEntry.user == user, StorageEntry.appid == appid, StorageEntry.key_hash == digest
                )
            )
            check_write(key, size, used - (old or 0), key_limit=self.key_limit, partition_limit=self.partition_limit)
            if old is None:
                session.add(StorageEntry(user=user, appid=appid, key_hash=digest, key=key, value=encoded, size=size))
            else:
                await session.execute(
                    update(StorageEntry)
                    .where(StorageEntry.user == user, StorageEntry.appid == appid, StorageEntry.key_hash == digest)
                    .values(value=encoded, size=size)
                )
            await self._set_used(session, user, appid, used - (old or 0) + size)

    async def remove(self, user: str, appid: str, key: str) -> None:
        digest = _key_hash(key)
        async with self.db.session() as session:
            used = await self._lock_partition(session, user, appid, create=False)
            if used is None:
                return
            size = await session.scalar(
                delete(StorageEntry)
                .where(StorageEntry.user == user, StorageEntry.appid == appid, StorageEntry.key_hash == digest)
                .returning(StorageEntry.size)
            )
            if size is not None:
                await self._set_used(session, user, appid, used - size)

    async def clear(self, user: str, appid: str) -> None:
        async with self.db.session() as session:
            if await self._lock_partition(session, user, appid, create=False) is None:
                return
            await session.execute(delete(StorageEntry).where(StorageEntry.user == user, StorageEntry.appid == appid))
            await session.execute(
                delete(StoragePartition).where(StoragePartition.user == user, StoragePartition.appid == appid)
            )

    async def _lock_partition(self, session: AsyncSession, user: str, appid: str, *, create: bool) -> int | None:
        """The partition's bytes in use, with its row locked until the transaction ends (None: no partition)."""
        if create:
            dialect = postgresql if self.db.is_postgresql else sqlite
            await session.execute(
                dialect.insert(StoragePartition)
                .values(user=user, appid=appid, used=0)
                .on_conflict_do_nothing(index_elements=["user", "appid"])
            )
        return await session.scalar(
            select(StoragePartition.used)
            .where(StoragePartition.user == user, StoragePartition.appid == appid)
            .with_for_update()
        )

    async def _set_used(self, session: AsyncSession, user: str, appid: str, used: int) -> None:
        await session.execute(
            update(StoragePartition)
            .where(StoragePartition.user == user, StoragePartition.appid == appid)
            .values(used=used)
        )
