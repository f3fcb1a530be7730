"""Counting requests for the health page: an ASGI middleware and the task that writes the counts.

Wiring, in the app factory and its lifespan::

    counter = RequestCounter()
    app.add_middleware(CountRequests, counter=counter)
    ...
    async with flushing(state.db, counter):
        yield
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator

from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openmini.platform import metrics
from openmini.platform.metrics import RequestCounter
from openmini.store.database import Database

FLUSH_EVERY_S = 5.0
log = logging.getLogger(__name__)


class CountRequests:
    """Counts every HTTP request, and as errors those answered with a 5xx or failing outright."""

    def __init__(self, app: ASGIApp, counter: RequestCounter) -> None:
        self.app = app
        self.counter = counter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500

        async def noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, noting_status)
        finally:
            self.counter.count(error=status >= 500)


async def write_counts(db: Database, process: str, counter: RequestCounter) -> None:
    counts = counter.take()
    if not counts:
        return
    try:
        async with db.session() as session:
            await metrics.flush(session, process, counts)
    except SQLAlchemyError:
        # The database may be briefly unreachable; the counts wait for the next flush.
        counter.put_back(counts)
        log.warning("could not write request counts", exc_info=True)


@contextlib.asynccontextmanager
async def flushing(db: Database, counter: RequestCounter, every_s: float = FLUSH_EVERY_S) -> AsyncIterator[None]:
    """Write ``counter`` to the database every ``every_s`` seconds while the block runs, and once at its end."""
    # Rows are per process; a random name keeps two processes (or a restart) from sharing one.
    process = secrets.token_hex(8)

    async def loop() -> None:
        while True:
            await asyncio.sleep(every_s)
            await write_counts(db, process, counter)

    task = asyncio.create_task(loop())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await write_counts(db, process, counter)
