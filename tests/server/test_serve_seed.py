"""First run of `openmini serve`: the operator account and the sample mini programs, released and
launchable at once — and nothing done twice, on a restart or with two processes starting together.

Runs on the embedded setup (SQLite + a local folder) and the scale-out one (PostgreSQL + S3).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from serve_support import PASSWORD
from sqlalchemy import func, select
from starlette.testclient import TestClient

from openmini.platform.accounts import User
from openmini.platform.apps import App
from openmini.platform.versions import Version
from openmini.server.app import create_platform_app
from openmini.server.samples import SAMPLES, samples_root
from openmini.settings import Settings
from support.services import PostgresServer, S3Server


@pytest.fixture(params=["sqlite+folder", "postgresql+s3"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Fresh settings with a generated operator password, on an empty database and blob store."""
    if request.param == "sqlite+folder":
        yield Settings(data_dir=tmp_path / "data")
        return
    postgres: PostgresServer = request.getfixturevalue("postgres_server")
    s3: S3Server = request.getfixturevalue("s3_server")
    name = postgres.create_database()
    yield Settings(
        data_dir=tmp_path / "data", database_url=postgres.url(name), blob_url=s3.blob_url(s3.create_bucket())
    )
    postgres.drop_database(name)


def start(settings: Settings, said: list[str]) -> TestClient:
    return TestClient(create_platform_app(settings, on_first_run=said.append))


def test_the_samples_ship_with_the_package() -> None:
    root = samples_root()
    assert all((root / sample.folder / "app.json").is_file() for sample in SAMPLES)


def test_a_fresh_server_prints_the_operator_once_and_releases_the_samples(settings: Settings) -> None:
    said: list[str] = []
    with start(settings, said) as client:
        assert len(said) == 2
        assert said[0].startswith(f"openmini serve: operator {settings.operator_email}, password ")
        assert "Samples" in said[1]
        client.post("/api/shell/guest")
        names = {sample.name for sample in SAMPLES}
        found = {item["name"]: item["appid"] for item in client.get("/api/shell/search?q=a").json()["items"]}
        assert names <= set(found)
        for name in names:
            answer = client.post("/api/shell/launch", json={"appid": found[name], "via": "search"}).json()
            assert answer["version"]["userVersion"] == "1.0.0" and answer["scene"] == 1005
            manifest = client.get(f"{answer['packageBase']}manifest.json").json()
            entry = manifest["pages"][answer["path"]]
            assert entry is not None
            logic = manifest["files"]["@bundle/main/logic.js"]["file"]
            assert client.get(f"{answer['packageBase']}files/{logic}").status_code == 200
        password = said[0].rsplit(" password ", 1)[1].split(" ", 1)[0]
        signed = client.post("/api/shell/signin", json={"email": settings.operator_email, "password": password})
        assert signed.json()["user"]["guest"] is False

    again: list[str] = []
    with start(settings, again) as client:
        assert again == []
        counts = client.portal.call(count_rows, client.app)  # type: ignore[union-attr]
        assert counts == (1, len(SAMPLES), len(SAMPLES))


async def count_rows(app: FastAPI) -> tuple[int, int, int]:
    async with app.state.platform.db.session() as s:
        users = await s.scalar(select(func.count()).select_from(User))
        apps = await s.scalar(select(func.count()).select_from(App))
        versions = await s.scalar(select(func.count()).select_from(Version))
    return int(users or 0), int(apps or 0), int(versions or 0)


@pytest.mark.anyio
async def test_two_processes_starting_together_seed_once(settings: Settings) -> None:
    settings = settings.model_copy(update={"operator_password": None})
    first: list[str] = []
    second: list[str] = []
    apps = [create_platform_app(settings, on_first_run=said.append) for said in (first, second)]
    async with contextlib.AsyncExitStack() as stack:
        async with anyio.create_task_group() as group:
            for app in apps:
                group.start_soon(stack.enter_async_context, app.router.lifespan_context(app))
        said = first + second
        assert sum("operator" in line for line in said) == 1 and sum("Samples" in line for line in said) == 1
        assert await count_rows(apps[0]) == (1, len(SAMPLES), len(SAMPLES))


def test_a_configured_operator_password_is_used_and_never_printed(settings: Settings) -> None:
    said: list[str] = []
    configured = settings.model_copy(update={"operator_password": SecretStr(PASSWORD)})
    with start(configured, said) as client:
        assert not any(PASSWORD in line for line in said)
        client.cookies.clear()
        signed = client.post("/api/shell/signin", json={"email": settings.operator_email, "password": PASSWORD})
        assert signed.json()["user"]["guest"] is False
