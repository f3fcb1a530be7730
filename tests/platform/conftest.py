"""Fixtures for the domain services: a migrated database, a blob store, and a small organisation.

``database_url`` comes from tests/support/services.py: every service test runs once on SQLite and
once on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from platform_support import World, make_world

from openmini.store.blobs import BlobStore, open_blob_store
from openmini.store.database import Database, open_database


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = await open_database(database_url)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
def blobs() -> BlobStore:
    return open_blob_store("memory://")


@pytest.fixture
async def world(db: Database) -> World:
    return await make_world(db)
