"""Mini program storage: one contract, two backends (files for `openmini dev`, the database for `openmini serve`).

Security invariant 3 — one partition per (user, mini program), with WeChat's quotas — must hold on
both, and on the database across processes writing at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from openmini.platform.storage import FileStorage, Storage, StorageError, entry_size
from openmini.platform.storage_db import DatabaseStorage
from openmini.store.database import open_database
from support.services import PostgresServer

pytestmark = pytest.mark.anyio

MakeStorage = Callable[..., Storage]


@pytest.fixture(params=["file", "sqlite", "postgresql"])
async def make_storage(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[MakeStorage]:
    """Builds storages with given limits over one backing store (every one sees the same data)."""
    if request.param == "file":
        yield lambda **limits: FileStorage(tmp_path / "storage", **limits)
        return
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'openmini.db'}"
        name = None
    else:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        name = server.create_database()
        url = server.url(name)
    db = await open_database(url)
    try:
        yield lambda **limits: DatabaseStorage(db, **limits)
    finally:
        await db.dispose()
        if name is not None:
            server.drop_database(name)


async def test_partitions_are_separate_per_user_and_per_mini_program(make_storage: MakeStorage) -> None:
    storage = make_storage()
    await storage.set("alice", "om1", "token", {"type": "String", "data": "a-secret"})
    assert await storage.items("alice", "om1") == {"token": {"type": "String", "data": "a-secret"}}
    assert await storage.items("alice", "om2") == {}
    assert await storage.items("bob", "om1") == {}


async def test_one_key_over_the_item_limit_is_refused_and_nothing_changes(make_storage: MakeStorage) -> None:
    storage = make_storage(key_limit=100)
    await storage.set("u", "a", "k", "small")
    with pytest.raises(StorageError, match="exceed storage item max length"):
        await storage.set("u", "a", "k", "x" * 200)
    assert await storage.items("u", "a") == {"k": "small"}


async def test_the_partition_quota_counts_keys_and_values(make_storage: MakeStorage) -> None:
    storage = make_storage(partition_limit=60)
    await storage.set("u", "a", "one", "x" * 20)
    assert await storage.usage("u", "a") == entry_size("one", "x" * 20) == 3 + 22
    with pytest.raises(StorageError, match="exceed storage max size 10Mb"):
        await storage.set("u", "a", "two", "y" * 40)
    await storage.set("u", "a", "one", "z" * 50)  # replacing a key frees its old size first
    assert await storage.items("u", "a") == {"one": "z" * 50}
    assert await storage.usage("u", "a") == entry_size("one", "z" * 50)
    await storage.set("other", "a", "two", "y" * 40)  # another user's partition has its own quota


async def test_remove_and_clear(make_storage: MakeStorage) -> None:
    storage = make_storage()
    await storage.set("u", "a", "k1", 1)
    await storage.set("u", "a", "k2", 2)
    await storage.remove("u", "a", "k1")
    await storage.remove("u", "a", "missing")
    assert await storage.items("u", "a") == {"k2": 2}
    assert await storage.usage("u", "a") == entry_size("k2", 2)
    await storage.clear("u", "a")
    await storage.clear("nobody", "a")
    assert await storage.items("u", "a") == {}
    assert await storage.usage("u", "a") == 0


async def test_keys_and_values_keep_unicode_and_long_keys(make_storage: MakeStorage) -> None:
    storage = make_storage()
    long_key = "键" * 2000
    await storage.set("u", "a", long_key, {"text": "你好", "n": 1.5, "list": [None, True]})
    assert await storage.items("u", "a") == {long_key: {"text": "你好", "n": 1.5, "list": [None, True]}}
    assert await storage.usage("u", "a") == entry_size(long_key, {"text": "你好", "n": 1.5, "list": [None, True]})


async def test_concurrent_writers_never_exceed_the_quota_together(make_storage: MakeStorage) -> None:
    # Two servers (two storages over one database) race ten writes that fit only four at a time;
    # the file backend serves one process, so there its writers share one instance.
    entry = entry_size("k0", "x" * 20)
    first = make_storage(partition_limit=4 * entry)
    second = first if isinstance(first, FileStorage) else make_storage(partition_limit=4 * entry)

    async def write(storage: Storage, n: int) -> bool:
        try:
            await storage.set("u", "a", f"k{n}", "x" * 20)
        except StorageError:
            return False
        return True

    results = await asyncio.gather(*(write(first if n % 2 else second, n) for n in range(10)))
    assert sum(results) == 4
    assert len(await first.items("u", "a")) == 4
    assert await second.usage("u", "a") == 4 * entry
