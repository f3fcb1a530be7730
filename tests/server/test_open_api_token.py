"""The CI open API called with WeChat's credential, ``access_token``: it acts as the mini program's
developer (upload, trial, submit, status, release, rollback) and never as more; the audit log names it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest

from openmini.platform import accounts, apps, audit, versions
from openmini.platform.audit import Actor
from openmini.platform.errors import Code, PlatformError
from openmini.platform.uploads import pack_source
from openmini.server.app import create_platform_app
from openmini.server.state import PlatformState
from openmini.settings import Settings
from openmini.store.database import Database, open_database

pytestmark = pytest.mark.anyio
PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Mini:
    appid: str
    secret: str


@dataclass
class Platform:
    """Acme has two mini programs ("shop", "games") and an API key; Acme's reviewer reviews."""

    client: httpx2.AsyncClient
    db: Database
    shop: Mini
    games: Mini
    key: str
    reviewer: Actor
    source: Path

    async def token(self, mini: Mini | None = None) -> str:
        mini = mini or self.shop
        params = {"grant_type": "client_credential", "appid": mini.appid, "secret": mini.secret}
        answer = (await self.client.get("/cgi-bin/token", params=params)).json()
        token: str = answer["access_token"]
        return token

    async def call(self, method: str, path: str, token: str, **options: Any) -> dict[str, Any]:
        params = {"access_token": token, **options.pop("params", {})}
        response = await self.client.request(method, path, params=params, **options)
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    async def approve(self, version_id: int) -> None:
        async with self.db.session() as s:
            await versions.approve(s, self.reviewer, await apps.get_app(s, self.shop.appid), version_id)

    async def audit_actors(self, action: str) -> list[str]:
        async with self.db.session() as s:
            return [e.actor for e in await audit.entries(s, action_prefix=action)]


def write_mini_program(root: Path) -> Path:
    (root / "pages/index").mkdir(parents=True)
    (root / "app.json").write_text(json.dumps({"pages": ["pages/index/index"]}))
    (root / "pages/index/index.js").write_text("Page({})")
    (root / "pages/index/index.wxml").write_text("<view>hello</view>")
    return root


@pytest.fixture
async def platform(tmp_path: Path) -> AsyncIterator[Platform]:
    settings = Settings(data_dir=tmp_path, secret_key="test-secret", review_screenshots=False)
    db = await open_database(settings.database_url)
    try:
        async with db.session() as s:
            admin = accounts.actor_for(await accounts.register(s, "admin@acme.example", PASSWORD))
            reviewer = await accounts.register(s, "reviewer@acme.example", PASSWORD)
            org = await accounts.create_organisation(s, admin, "Acme")
            await accounts.add_member(s, admin, org.id, reviewer.id, accounts.Role.REVIEWER)
            shop, shop_secret = await apps.create_app(s, admin, org.id, "Shop")
            games, games_secret = await apps.create_app(s, admin, org.id, "Games")
            _, key = await accounts.create_api_key(s, admin, org.id, "ci")
    finally:
        await db.dispose()
    application = create_platform_app(settings)
    state: PlatformState = application.state.platform
    transport = httpx2.ASGITransport(app=application)
    async with httpx2.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield Platform(
            client,
            state.db,
            Mini(shop.appid, shop_secret),
            Mini(games.appid, games_secret),
            key,
            accounts.actor_for(reviewer),
            write_mini_program(tmp_path / "src"),
        )
    await state.db.dispose()


async def upload(platform: Platform, token: str, user_version: str) -> int:
    files = {"source": ("source.zip", pack_source(platform.source))}
    answer = await platform.call(
        "POST", "/wxa/openmini/upload", token, files=files, data={"user_version": user_version}
    )
    assert answer["errcode"] == 0, answer
    version_id: int = answer["version_id"]
    return version_id


async def publish(platform: Platform, token: str, user_version: str) -> int:
    """Upload, submit, (the reviewer approves), release — each step on the access_token."""
    version_id = await upload(platform, token, user_version)
    submitted = await platform.call("POST", "/wxa/submit_audit", token, json={"version_id": version_id})
    assert submitted["errcode"] == 0 and submitted["auditid"] == version_id
    status = await platform.call("POST", "/wxa/get_auditstatus", token, json={"auditid": version_id})
    assert status["status"] == 2  # under audit
    await platform.approve(version_id)
    assert (await platform.call("POST", "/wxa/release", token, json={}))["errcode"] == 0
    return version_id


async def test_the_access_token_does_what_the_developer_does_and_the_audit_log_names_the_appsecret(
    platform: Platform,
) -> None:
    token = await platform.token()
    first = await publish(platform, token, "1.0.0")
    second = await publish(platform, token, "1.1.0")
    trial = await platform.call("POST", "/wxa/openmini/set_trial", token, json={"version_id": second})
    assert trial["errcode"] == 0
    info = await platform.call("POST", "/wxa/getversioninfo", token, json={})
    assert info["release_info"]["release_version"] == "1.1.0" and info["exp_info"]["exp_version"] == "1.1.0"
    assert (await platform.call("GET", "/wxa/revertcoderelease", token))["errcode"] == 0
    history = await platform.call("GET", "/wxa/revertcoderelease", token, params={"action": "get_history_version"})
    assert history["version_list"][0]["app_version"] == first
    actor = f"appsecret of {platform.shop.appid}"
    for action in ("version.create", "version.submit_audit", "version.set_trial", "release.full", "release.rollback"):
        actors = await platform.audit_actors(action)
        assert actors and set(actors) == {actor}, (action, actors)


async def test_the_access_token_never_reviews_nor_administers(platform: Platform) -> None:
    token = await platform.token()
    version_id = await upload(platform, token, "1.0.0")
    assert (await platform.call("POST", "/wxa/submit_audit", token, json={"version_id": version_id}))["errcode"] == 0
    async with platform.db.session() as s:
        app = await apps.get_app(s, platform.shop.appid)
        backend = Actor.app_credential(app.id, app.appid, app.org_id)
        with pytest.raises(PlatformError) as review:
            await versions.approve(s, backend, app, version_id)
        assert review.value.errcode == Code.PERMISSION_DENIED
        with pytest.raises(PlatformError) as reset:
            await apps.reset_secret(s, backend, app)
        assert reset.value.errcode == Code.PERMISSION_DENIED
        assert not await accounts.has_role(s, backend, app.org_id, accounts.Role.ADMIN, accounts.Role.REVIEWER)


async def test_the_access_token_is_for_its_own_mini_program_only(platform: Platform) -> None:
    token = await platform.token()
    # The token names its mini program; another appid of the same organisation is refused.
    other = await platform.call("GET", "/wxa/openmini/versions", token, params={"appid": platform.games.appid})
    assert other["errcode"] == Code.API_UNAUTHORIZED == 48001
    own = await platform.call("GET", "/wxa/openmini/versions", token, params={"appid": platform.shop.appid})
    assert own == {"errcode": 0, "errmsg": "ok", "version_list": []}
    games = await platform.call("GET", "/wxa/openmini/versions", await platform.token(platform.games))
    assert games["errcode"] == 0


async def test_credential_refusals(platform: Platform) -> None:
    token = await platform.token()
    both = await platform.client.get(
        "/wxa/openmini/versions",
        params={"access_token": token},
        headers={"Authorization": f"Bearer {platform.key}"},
    )
    assert both.json()["errcode"] == Code.INVALID_ARGS
    malformed = await platform.call("GET", "/wxa/openmini/versions", "not-a-token")
    assert malformed["errcode"] == Code.INVALID_ACCESS_TOKEN
    unknown = await platform.call("GET", "/wxa/openmini/versions", "A" * 86)
    assert unknown["errcode"] == Code.INVALID_CREDENTIAL
    nothing = await platform.client.get("/wxa/openmini/versions")
    assert nothing.json()["errcode"] == Code.MISSING_APPID
    # The API key keeps working as it did: the key's member and their roles act.
    keyed = await platform.client.get(
        "/wxa/openmini/versions",
        params={"appid": platform.shop.appid},
        headers={"Authorization": f"Bearer {platform.key}"},
    )
    assert keyed.json() == {"errcode": 0, "errmsg": "ok", "version_list": []}
