"""Rate limits on the WeChat-shaped routes (server/rate_limit.py): WeChat's errcodes in WeChat's shape,
calls without valid credentials not counted, and one count for every process sharing a Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest
import redis.asyncio
from fastapi import FastAPI
from sqlalchemy import func, select

from openmini.platform import accounts, apps
from openmini.platform.errors import Code
from openmini.platform.rate_limits import Quota, RateCounter, RateLimits
from openmini.server.app import create_platform_app
from openmini.server.state import PlatformState
from openmini.settings import Settings
from openmini.store.database import open_database

pytestmark = pytest.mark.anyio


@dataclass(frozen=True)
class Mini:
    appid: str
    secret: str

    def token_params(self, secret: str | None = None) -> dict[str, str]:
        return {"grant_type": "client_credential", "appid": self.appid, "secret": secret or self.secret}


async def make_mini(settings: Settings) -> Mini:
    db = await open_database(settings.database_url)
    try:
        async with db.session() as s:
            admin = accounts.actor_for(await accounts.register(s, "admin@acme.example", "correct horse battery"))
            org = await accounts.create_organisation(s, admin, "Acme")
            app, secret = await apps.create_app(s, admin, org.id, "Shop")
    finally:
        await db.dispose()
    return Mini(app.appid, secret)


class Processes:
    """Platform apps over one database, each as a separate server process would be (no lifespan)."""

    def __init__(self, stack: AsyncExitStack, settings: Settings) -> None:
        self.stack = stack
        self.settings = settings

    async def start(self, quotas: dict[str, Quota]) -> httpx2.AsyncClient:
        application = create_platform_app(self.settings)
        application.state.rate_limits = limits_of(application).with_quotas(quotas)
        self.stack.push_async_callback(stop, application)
        transport = httpx2.ASGITransport(app=application)
        return await self.stack.enter_async_context(httpx2.AsyncClient(transport=transport, base_url="http://test"))


def limits_of(application: FastAPI) -> RateLimits:
    limits: RateLimits = application.state.rate_limits
    return limits


async def stop(application: FastAPI) -> None:
    # What the lifespan does on shutdown.
    await limits_of(application).close()
    state: PlatformState = application.state.platform
    await state.db.dispose()


async def get(client: httpx2.AsyncClient, path: str, **params: Any) -> dict[str, Any]:
    response = await client.get(path, params=params)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


@pytest.fixture
async def platform(tmp_path: Path) -> AsyncIterator[tuple[Processes, Mini]]:
    settings = Settings(data_dir=tmp_path, secret_key="test-secret", review_screenshots=False)
    mini = await make_mini(settings)
    async with AsyncExitStack() as stack:
        yield Processes(stack, settings), mini


async def test_a_spent_daily_quota_answers_45009_and_refused_credentials_do_not_count(
    platform: tuple[Processes, Mini],
) -> None:
    processes, mini = platform
    client = await processes.start({"/cgi-bin/token": Quota(app_per_day=2)})
    # Strangers who know the appid but not the secret cannot spend the mini program's quota.
    for _ in range(3):
        wrong = await get(client, "/cgi-bin/token", **mini.token_params(secret="0" * 32))
        assert wrong["errcode"] == Code.INVALID_CREDENTIAL
    for _ in range(2):
        assert "access_token" in await get(client, "/cgi-bin/token", **mini.token_params())
    spent = await get(client, "/cgi-bin/token", **mini.token_params())
    assert spent == {"errcode": Code.DAILY_LIMIT, "errmsg": "reach max api daily quota limit"}
    assert spent["errcode"] == 45009


async def test_code2session_per_user_quota_answers_45011_for_that_user_only(
    platform: tuple[Processes, Mini],
) -> None:
    processes, mini = platform
    client = await processes.start({"/sns/jscode2session": Quota(user_per_minute=1)})

    async def wx_login() -> str:
        code: str = (await client.post("/api/identity/login", params={"appid": mini.appid})).json()["code"]
        return code

    async def code2session(code: str) -> dict[str, Any]:
        params = {"appid": mini.appid, "secret": mini.secret, "js_code": code, "grant_type": "authorization_code"}
        return await get(client, "/sns/jscode2session", **params)

    assert (await client.post("/api/shell/guest")).status_code == 200
    first, second = await wx_login(), await wx_login()
    assert "openid" in await code2session(first)
    again = await code2session(second)
    assert again["errcode"] == Code.FREQUENCY_LIMIT == 45011
    # Another end user of the same mini program has a count of their own.
    client.cookies.clear()
    assert (await client.post("/api/shell/guest")).status_code == 200
    assert "openid" in await code2session(await wx_login())


async def test_processes_sharing_a_redis_see_one_count(platform: tuple[Processes, Mini], redis_url: str) -> None:
    processes, mini = platform
    shared = Processes(processes.stack, processes.settings.model_copy(update={"redis_url": redis_url}))
    quotas = {"/cgi-bin/token": Quota(app_per_minute=3)}
    one, two = await shared.start(quotas), await shared.start(quotas)
    assert "access_token" in await get(one, "/cgi-bin/token", **mini.token_params())
    assert "access_token" in await get(two, "/cgi-bin/token", **mini.token_params())
    assert "access_token" in await get(one, "/cgi-bin/token", **mini.token_params())
    assert (await get(two, "/cgi-bin/token", **mini.token_params()))["errcode"] == Code.FREQUENCY_LIMIT
    assert (await get(one, "/cgi-bin/token", **mini.token_params()))["errcode"] == Code.FREQUENCY_LIMIT
    # The count is Redis's: the database holds none.
    client = redis.asyncio.Redis.from_url(redis_url)
    try:
        assert await client.keys(f"rl:{mini.appid}:*")
    finally:
        await client.aclose()
    db = await open_database(processes.settings.database_url)
    try:
        async with db.session() as s:
            assert await s.scalar(select(func.count()).select_from(RateCounter)) == 0
    finally:
        await db.dispose()
