"""Helpers for tests of the open API a mini program's backend calls with its ``access_token``: a
released mini program with its appsecret, tokens, and guests who opened it and logged in."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from serve_support import PASSWORD, Team, release, upload, write_source
from starlette.testclient import TestClient

from openmini.platform import accounts, apps
from openmini.server.state import PlatformState

T = TypeVar("T")


@dataclass(frozen=True)
class Mini:
    """A released mini program of its own organisation, and what its backend holds."""

    team: Team
    secret: str
    name: str

    @property
    def appid(self) -> str:
        return self.team.appid


def run(client: TestClient, work: Callable[..., Awaitable[T]], *args: Any) -> T:
    """Platform setup on the app's own event loop (its database connections live there)."""
    assert client.portal is not None
    state: PlatformState = client.app.state.platform  # type: ignore[attr-defined]
    return client.portal.call(work, state, *args)


async def _make(state: PlatformState, name: str) -> tuple[Team, str]:
    async with state.db.session() as s:
        admin = accounts.actor_for(await accounts.register(s, f"admin@{name}.example", PASSWORD, "Admin"))
        org = await accounts.create_organisation(s, admin, name)
        app, secret = await apps.create_app(s, admin, org.id, f"App {name}")
    return Team(org.id, admin, admin, app.appid), secret


def released_mini(client: TestClient, name: str, source: Path) -> Mini:
    """A mini program released with the pages of serve_support.write_source."""
    team, secret = run(client, _make, name)
    version = run(client, upload, team, write_source(source, name), "1.0.0")
    run(client, release, team, version)
    return Mini(team, secret, f"App {name}")


def token(client: TestClient, mini: Mini) -> str:
    params = {"grant_type": "client_credential", "appid": mini.appid, "secret": mini.secret}
    answer: dict[str, Any] = client.get("/cgi-bin/token", params=params).json()
    return str(answer["access_token"])


def call(client: TestClient, path: str, access_token: str, body: Any = None, **params: Any) -> dict[str, Any]:
    """One open API call: JSON posted when ``body`` is given; the answer is always HTTP 200."""
    query = {"access_token": access_token, **params}
    response = client.post(path, params=query, json=body) if body is not None else client.get(path, params=query)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def guest_openid(client: TestClient, mini: Mini) -> str:
    """A new guest opens the mini program and logs in (wx.login); returns their openid. The client's
    cookies are that guest's session afterwards."""
    client.cookies.clear()
    client.post("/api/shell/guest")
    assert client.post("/api/shell/launch", json={"appid": mini.appid}).json()["appid"] == mini.appid
    code = client.post("/api/identity/login", params={"appid": mini.appid}).json()["code"]
    params = {"appid": mini.appid, "secret": mini.secret, "js_code": code, "grant_type": "authorization_code"}
    return str(client.get("/sns/jscode2session", params=params).json()["openid"])
