"""The request-counting middleware and the task that writes its counts for the health page."""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from openmini.platform import metrics
from openmini.platform.metrics import RequestCounter
from openmini.server.metrics import CountRequests, flushing
from openmini.store.database import open_database

pytestmark = pytest.mark.anyio


async def ok(_: Request) -> Response:
    return PlainTextResponse("ok")


async def broken(_: Request) -> Response:
    raise RuntimeError("a bug")


async def unavailable(_: Request) -> Response:
    return PlainTextResponse("later", status_code=503)


def counted(counter: RequestCounter) -> CountRequests:
    routes = [Route("/ok", ok), Route("/broken", broken), Route("/unavailable", unavailable)]
    return CountRequests(Starlette(routes=routes), counter)


async def test_requests_are_counted_and_server_errors_are_errors() -> None:
    counter = RequestCounter(lambda: 120.0)
    transport = httpx2.ASGITransport(app=counted(counter), raise_app_exceptions=False)
    async with httpx2.AsyncClient(transport=transport, base_url="http://test") as client:
        assert (await client.get("/ok")).status_code == 200
        assert (await client.get("/missing")).status_code == 404
        assert (await client.get("/unavailable")).status_code == 503
        assert (await client.get("/broken")).status_code == 500
    assert counter.take() == {2: (4, 2)}


async def test_counts_left_when_the_server_stops_are_written(tmp_path: Path) -> None:
    db = await open_database(f"sqlite+aiosqlite:///{tmp_path / 'metrics.db'}")
    try:
        counter = RequestCounter(lambda: 600.0)
        async with flushing(db, counter, every_s=3600):
            counter.count(error=False)
            counter.count(error=True)
        async with db.session() as s:
            assert await metrics.per_minute(s, 0) == [metrics.MinuteCounts(10, 2, 1)]
    finally:
        await db.dispose()
