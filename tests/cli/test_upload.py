"""`openmini upload`, `submit`, `status`, `release` and `rollback` against a live `openmini serve` app."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import anyio
import httpx2
import pytest
from pydantic import SecretStr
from typer.testing import CliRunner, Result

from openmini.cli.main import app as cli
from openmini.platform import apps, versions
from openmini.server.app import create_platform_app
from openmini.settings import Settings
from openmini.store.database import open_database
from support.live_server import live_server
from support.open_api import PASSWORD, Publisher, make_publisher

SHOP = Path(__file__).resolve().parents[2] / "examples" / "shop"
runner = CliRunner()


@dataclass(frozen=True)
class Server:
    url: str
    database_url: str
    publisher: Publisher

    def openmini(self, *args: str) -> Result:
        """Run a publishing command as CI would: server and key from the environment."""
        env = {"OPENMINI_SERVER": self.url, "OPENMINI_API_KEY": self.publisher.key}
        return runner.invoke(cli, [*args, "--appid", self.publisher.appid], env=env)

    def approve(self, version_id: int) -> None:
        """The reviewer's part (the console's domain call)."""

        async def approve() -> None:
            db = await open_database(self.database_url)
            try:
                async with db.session() as s:
                    app = await apps.get_app(s, self.publisher.appid)
                    await versions.approve(s, self.publisher.reviewer, app, version_id, "fine")
            finally:
                await db.dispose()

        anyio.run(approve)

    def version_count(self) -> int:
        answer = httpx2.get(
            f"{self.url}/wxa/openmini/versions",
            params={"appid": self.publisher.appid},
            headers={"Authorization": f"Bearer {self.publisher.key}"},
        ).json()
        return len(answer["version_list"])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("serve"),
        secret_key=SecretStr("test"),
        operator_password=SecretStr(PASSWORD),
        review_screenshots=False,
    )
    with live_server(create_platform_app(settings, on_first_run=lambda _: None)) as url:

        async def publisher() -> Publisher:
            db = await open_database(settings.database_url)
            try:
                return await make_publisher(db, "shopco")
            finally:
                await db.dispose()

        yield Server(url, settings.database_url, anyio.run(publisher))


def test_upload_submit_release_gradually_and_roll_back(server: Server) -> None:
    first = server.openmini("upload", str(SHOP), "--version", "1.0.0", "--desc", "the first shop")
    assert first.exit_code == 0, first.output
    first_id = int(first.stdout.strip())
    assert "uploaded" in first.stderr
    submitted = server.openmini("submit", str(first_id), "--notes", "please review")
    assert submitted.exit_code == 0, submitted.output
    assert int(submitted.stdout) == first_id  # the audit id is the version's
    status = server.openmini("status")
    assert status.exit_code == 0, status.output
    assert f"audit: 1.0.0 (audit {first_id}) under audit" in status.stdout
    assert "release: none" in status.stdout

    server.approve(first_id)
    assert server.openmini("release").stdout.strip() == "released"
    again = server.openmini("release")
    assert again.exit_code == 1 and "85052" in again.stderr
    assert "release: 1.0.0" in server.openmini("status").stdout

    second_id = int(server.openmini("upload", str(SHOP), "--version", "1.1.0").stdout)
    assert server.openmini("submit", str(second_id)).exit_code == 0
    server.approve(second_id)
    assert server.openmini("release", "--percentage", "50").stdout.strip() == "released to 50 % of users"
    status = server.openmini("status").stdout
    assert "release: 1.0.0" in status and "gradual release: 50 % (running)" in status
    refused = server.openmini("rollback")
    assert refused.exit_code == 1 and "87011" in refused.stderr

    assert server.openmini("release").exit_code == 0
    assert "release: 1.1.0" in server.openmini("status").stdout
    rolled = server.openmini("rollback")
    assert rolled.exit_code == 0, rolled.output
    assert rolled.stdout.strip() == "rolled back: 1.0.0 is live"


def test_local_compile_errors_stop_the_upload(server: Server, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    (broken / "pages/index").mkdir(parents=True)
    (broken / "app.json").write_text('{"pages": ["pages/index/index"]}')
    (broken / "pages/index/index.wxml").write_text("<view>\n  {{ 1 + }}\n</view>")
    before = server.version_count()
    result = server.openmini("upload", str(broken), "--version", "9.9.9")
    assert result.exit_code == 1
    assert "pages/index/index.wxml:2:" in result.stderr and "not uploaded" in result.stderr
    assert server.version_count() == before


def test_a_hostile_upload_through_the_api_leaves_no_version(server: Server) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.json", '{"pages": ["pages/index/index"]}')
        archive.writestr("../../outside.js", "escape()")
    before = server.version_count()
    answer = httpx2.post(
        f"{server.url}/wxa/openmini/upload",
        params={"appid": server.publisher.appid},
        headers={"Authorization": f"Bearer {server.publisher.key}"},
        files={"source": ("source.zip", buffer.getvalue(), "application/zip")},
        data={"user_version": "6.6.6"},
    )
    assert answer.status_code == 200 and answer.json()["errcode"] == 90101
    assert server.version_count() == before


def test_a_wrong_key_is_reported_with_the_servers_errcode(server: Server) -> None:
    result = runner.invoke(
        cli, ["status", "--appid", server.publisher.appid, "--server", server.url, "--api-key", "omk_wrong"]
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: 40001: invalid or revoked API key"
    unreachable = runner.invoke(
        cli, ["status", "--appid", server.publisher.appid, "--server", "http://127.0.0.1:9", "--api-key", "k"]
    )
    assert unreachable.exit_code == 1 and "cannot reach http://127.0.0.1:9" in unreachable.stderr
