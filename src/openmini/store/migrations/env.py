"""Alembic environment: runs our migrations on a connection ``open_database`` hands over.

Used programmatically only (``openmini.store.database.alembic_config``); there is no alembic.ini.
With ``attributes["connection"]`` set, migrations run inside the caller's transaction; otherwise
(a developer generating a revision) a connection is made from ``sqlalchemy.url``.
``render_as_batch`` lets ALTERs work on SQLite, which rebuilds tables to change them.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection, MetaData

from openmini.store.database import UTCDateTime, create_engine

config = context.config
target_metadata: MetaData | None = config.attributes.get("target_metadata")


def render_item(kind: str, item: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    # Migrations stay independent of our Python types: UTCDateTime is a plain timestamp with time zone.
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_with_own_engine(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(run_on)
    finally:
        await engine.dispose()


given: Connection | None = config.attributes.get("connection")
if given is not None:
    run_on(given)
else:
    asyncio.run(run_with_own_engine(config.get_main_option("sqlalchemy.url") or ""))
