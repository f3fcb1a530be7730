"""The end-user shell's JSON API (docs/runtime-host.md "End-user shell") on a real `openmini serve` app.

Sessions (guest and signed in), search of released mini programs, recents, and launches: which
version a user gets (gradual releases stable per user, the trial for members only), the launch
scene and `query.scene`, and the platform APIs acting for the session's end user.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from serve_support import PASSWORD, Team, make_team, release, serve_settings, set_trial, upload, write_source
from sqlalchemy import select
from starlette.testclient import TestClient

from openmini.platform.launches import Launch
from openmini.platform.signing import verify_signature
from openmini.server.app import create_platform_app
from openmini.server.state import PlatformState

T = TypeVar("T")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One server for the module; each test makes its own team and starts its own sessions."""
    with TestClient(create_platform_app(serve_settings(tmp_path_factory.mktemp("serve")))) as test_client:
        yield test_client


def state_of(client: TestClient) -> PlatformState:
    state: PlatformState = client.app.state.platform  # type: ignore[attr-defined]
    return state


def run(client: TestClient, work: Callable[..., Awaitable[T]], *args: Any) -> T:
    """Platform setup on the app's own event loop (its database connections live there)."""
    assert client.portal is not None
    return client.portal.call(work, state_of(client), *args)


def team_name(request: pytest.FixtureRequest) -> str:
    return re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:60]


@pytest.fixture
def team(client: TestClient, request: pytest.FixtureRequest) -> Team:
    name = team_name(request)
    return run(client, make_team, name, f"App {name}")


def released(client: TestClient, team: Team, tmp_path: Path, title: str = "v1") -> int:
    version = run(client, upload, team, write_source(tmp_path / title, title), "1.0.0")
    run(client, release, team, version)
    return version


def guest(client: TestClient) -> dict[str, Any]:
    client.cookies.clear()
    user: dict[str, Any] = client.post("/api/shell/guest").json()["user"]
    return user


def launch(client: TestClient, **body: Any) -> dict[str, Any]:
    answer: dict[str, Any] = client.post("/api/shell/launch", json=body).json()
    return answer


def test_guests_and_members_get_a_session_and_sign_out(client: TestClient, team: Team) -> None:
    client.cookies.clear()
    assert client.get("/api/shell/me").json() == {"user": None}
    user = guest(client)
    assert user["guest"] is True and user["name"] == "Guest" and user["id"]
    assert client.get("/api/shell/me").json() == {"user": user}
    assert client.post("/api/shell/signout").json() == {}
    assert client.get("/api/shell/me").json() == {"user": None}

    wrong = sign_in_as_tester(client, team, "not the password")
    assert wrong.status_code == 200 and wrong.json()["errcode"] == 40001
    signed = sign_in_as_tester(client, team)
    member = signed.json()["user"]
    assert member["guest"] is False and member["name"] == "Tess"
    cookie = signed.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie  # served over http
    assert client.get("/api/shell/me").json() == {"user": member}
    # The same account keeps its end user (and so its gradual-release bucket) across sign-ins.
    client.cookies.clear()
    again = sign_in_as_tester(client, team)
    assert again.json()["user"]["id"] == member["id"]


def team_name_of(team: Team) -> str:
    return team.admin.label.split("@", 1)[1].removesuffix(".example")


def sign_in_as_tester(client: TestClient, team: Team, password: str = PASSWORD) -> Any:
    return client.post(
        "/api/shell/signin", json={"email": f"tester@{team_name_of(team)}.example", "password": password}
    )


def test_search_finds_released_mini_programs_only(client: TestClient, team: Team, tmp_path: Path) -> None:
    guest(client)
    name = f"App {team_name_of(team)}"
    assert client.get("/api/shell/search", params={"q": name}).json() == {"items": []}  # not released yet
    released(client, team, tmp_path)
    items = client.get("/api/shell/search", params={"q": name.upper()}).json()["items"]
    assert items == [{"appid": team.appid, "name": name, "icon": None, "description": f"{name} (test)"}]
    samples = client.get("/api/shell/search", params={"q": "café"}).json()["items"]
    assert [s["name"] for s in samples] == ["Little Bean Café"]


def test_a_launch_answers_what_the_host_needs_and_records_the_scene(
    client: TestClient, team: Team, tmp_path: Path
) -> None:
    version = released(client, team, tmp_path)
    guest(client)
    answer = launch(client, appid=team.appid, query={"id": "3"}, scene="table=7&x", via="code")
    assert answer["appid"] == team.appid
    assert answer["version"] == {"id": str(version), "userVersion": "1.0.0", "env": "release"}
    assert answer["packageBase"] == f"/p/{version}/" and answer["path"] == "pages/index/index"
    # WeChat hands onLoad the scene URI-encoded, next to the link's own query.
    assert answer["query"] == {"id": "3", "scene": "table%3D7%26x"}
    assert answer["scene"] == 1047  # a mini program code carrying a scene
    assert answer["domains"] == {"request": [], "socket": [], "upload": [], "download": []}
    manifest = client.get(f"{answer['packageBase']}manifest.json")
    assert manifest.status_code == 200
    assert verify_signature(manifest.content, answer["signature"], answer["publicKey"])

    other = launch(client, appid=team.appid, path="/pages/other/other", via="search")
    assert other["path"] == "pages/other/other" and other["scene"] == 1005 and other["query"] == {}
    assert launch(client, appid=team.appid, via="recents")["scene"] == 1001
    assert launch(client, appid=team.appid, via="qr")["scene"] == 1011
    assert launch(client, appid=team.appid)["scene"] == 1194  # a link

    async def recorded(state: PlatformState) -> list[tuple[int, str]]:
        async with state.db.session() as s:
            rows = await s.execute(select(Launch.scene, Launch.path).order_by(Launch.id.desc()).limit(5))
            return [(scene, path) for scene, path in rows]

    assert run(client, recorded) == [
        (1194, "pages/index/index"),
        (1011, "pages/index/index"),
        (1001, "pages/index/index"),
        (1005, "pages/other/other"),
        (1047, "pages/index/index?id=3"),
    ]


def test_launch_refusals_are_wechat_shaped(client: TestClient, team: Team, tmp_path: Path) -> None:
    client.cookies.clear()
    refused = client.post("/api/shell/launch", json={"appid": team.appid})
    assert refused.status_code == 401 and refused.json()["errcode"] == 41001
    guest(client)
    assert launch(client, appid=team.appid)["errcode"] == 85079  # nothing released yet
    assert launch(client, appid="om0000000000000000")["errcode"] == 40013
    assert launch(client, appid="nonsense")["errcode"] == 40013
    released(client, team, tmp_path)
    assert launch(client, appid=team.appid, path="pages/missing/missing")["errcode"] == 41030
    assert launch(client, appid=team.appid, scene="x" * 33)["errcode"] == 40169
    assert launch(client, appid=team.appid, scene="white space")["errcode"] == 40129
    assert launch(client, appid=team.appid, env="beta")["errcode"] == 40097


def test_a_gradual_release_gives_two_users_different_versions_stably(
    client: TestClient, team: Team, tmp_path: Path
) -> None:
    old = released(client, team, tmp_path, "old")
    new = run(client, upload, team, write_source(tmp_path / "new", "new"), "2.0.0")
    run(client, release, team, new, 50)
    seen: dict[int, dict[str, str]] = {}
    for _ in range(60):  # each guest lands in the 50 % with probability 1/2
        cookies = guest(client) and dict(client.cookies)
        seen.setdefault(int(launch(client, appid=team.appid)["version"]["id"]), cookies)
        if len(seen) == 2:
            break
    assert set(seen) == {old, new}
    for version, cookies in seen.items():
        client.cookies.clear()
        client.cookies.update(cookies)
        assert [int(launch(client, appid=team.appid)["version"]["id"]) for _ in range(3)] == [version] * 3


def test_the_trial_opens_for_testers_only(client: TestClient, team: Team, tmp_path: Path) -> None:
    released(client, team, tmp_path)
    trial = run(client, upload, team, write_source(tmp_path / "trial", "trial"), "1.1.0-beta")
    run(client, set_trial, team, trial)
    guest(client)
    assert launch(client, appid=team.appid, env="trial")["errcode"] == 90003
    assert client.get(f"/p/{trial}/manifest.json").status_code == 404  # unreleased code stays private
    sign_in_as_tester(client, team)
    answer = launch(client, appid=team.appid, env="trial", via="qr")
    assert answer["version"] == {"id": str(trial), "userVersion": "1.1.0-beta", "env": "trial"}
    assert client.get(f"/p/{trial}/manifest.json").status_code == 200
    assert launch(client, appid=team.appid, env="develop")["errcode"] == 90003  # testers do not get develop


def test_recents_list_the_users_mini_programs_newest_first(client: TestClient, team: Team, tmp_path: Path) -> None:
    released(client, team, tmp_path)
    guest(client)
    assert client.get("/api/shell/recents").json() == {"items": []}
    cafe = client.get("/api/shell/search", params={"q": "café"}).json()["items"][0]
    launch(client, appid=team.appid)
    launch(client, appid=cafe["appid"])
    items = client.get("/api/shell/recents").json()["items"]
    assert [i["appid"] for i in items] == [cafe["appid"], team.appid]
    assert items[0]["name"] == "Little Bean Café" and items[0]["openedAt"].endswith("Z")
    launch(client, appid=team.appid, via="recents")
    assert [i["appid"] for i in client.get("/api/shell/recents").json()["items"]] == [team.appid, cafe["appid"]]
    client.cookies.clear()
    assert client.get("/api/shell/recents").status_code == 401


def test_settings_show_what_a_mini_program_may_do(client: TestClient, team: Team, tmp_path: Path) -> None:
    guest(client)
    before = client.get(f"/api/shell/apps/{team.appid}/settings").json()
    assert before["version"] is None and before["scopes"] == []
    released(client, team, tmp_path)

    async def allow(state: PlatformState) -> None:
        from openmini.platform import apps

        async with state.db.session() as s:
            app = await apps.get_app(s, team.appid)
            await apps.set_domains(s, team.admin, app, "request", ["https://api.example.com"])

    run(client, allow)
    after = client.get(f"/api/shell/apps/{team.appid}/settings").json()
    assert after["version"]["userVersion"] == "1.0.0"
    assert after["domains"]["request"] == ["https://api.example.com"] and after["domains"]["socket"] == []


def test_platform_apis_act_for_the_sessions_end_user(client: TestClient, team: Team, tmp_path: Path) -> None:
    released(client, team, tmp_path)
    client.cookies.clear()
    assert client.get("/api/storage", params={"appid": team.appid}).status_code == 401
    guest(client)
    first = dict(client.cookies)
    put = client.put(f"/api/storage?appid={team.appid}", json={"key": "k", "value": {"type": "Number", "data": 1}})
    assert put.json() == {}
    assert client.get("/api/storage", params={"appid": team.appid}).json()["items"] == {
        "k": {"type": "Number", "data": 1}
    }
    guest(client)
    assert client.get("/api/storage", params={"appid": team.appid}).json()["items"] == {}
    client.cookies.clear()
    client.cookies.update(first)
    assert "k" in client.get("/api/storage", params={"appid": team.appid}).json()["items"]
    # The app registered no domain: the proxy refuses before any network traffic.
    refused = client.post(f"/api/request?appid={team.appid}", json={"url": "https://api.example.com/x"})
    assert refused.status_code == 403 and refused.json() == {"errMsg": "request:fail url not in domain list"}


def test_the_shell_page_carries_the_link_to_open(client: TestClient, team: Team) -> None:
    page = client.get("/").text
    assert '"launch": null' in page and '"apiBase": "/api/"' in page
    linked = client.get(f"/a/{team.appid}", params={"scene": "abc", "via": "qr", "path": "pages/other/other"}).text
    assert f'"launch": {{"appid": "{team.appid}", "path": "pages/other/other", "query": null, "scene": "abc"' in linked
    assert client.get("/a/om0000000000000000", params={"scene": "white space"}).status_code == 400


def test_a_forged_session_cookie_is_no_session(client: TestClient, team: Team) -> None:
    """Sessions are signed with the platform's secret: one signed with another key, or unsigned, is ignored."""
    import base64
    import json

    import itsdangerous

    from openmini.server.auth import SESSION_COOKIE, USER

    claim = base64.b64encode(json.dumps({USER: 1}).encode())  # the first user: the operator
    forged = itsdangerous.TimestampSigner("not-the-platform-secret").sign(claim).decode()
    for cookie in (forged, claim.decode(), claim.decode() + ".AAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAA"):
        client.cookies.clear()
        client.cookies.set(SESSION_COOKIE, cookie)
        assert client.get("/api/shell/me").json() == {"user": None}
        console = client.get("/console", follow_redirects=False)
        assert console.status_code in (302, 303) and "signin" in console.headers["location"]
    # The same claim signed with the platform's own secret is a session: the refusals above were the signature's.
    secret = state_of(client).settings.load_secret_key()
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, itsdangerous.TimestampSigner(secret).sign(claim).decode())
    assert client.get("/console", follow_redirects=False).status_code == 200


def test_a_console_sign_in_opens_mini_programs_as_its_own_end_user(
    client: TestClient, team: Team, tmp_path: Path
) -> None:
    """A console session names only the user; its first launch gives it the end user tied to the account."""
    import base64
    import json

    import itsdangerous

    from openmini.server.auth import SESSION_COOKIE, USER

    released(client, team, tmp_path)
    secret = state_of(client).settings.load_secret_key()
    claim = base64.b64encode(json.dumps({USER: team.tester.user_id}).encode())
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, itsdangerous.TimestampSigner(secret).sign(claim).decode())
    first = launch(client, appid=team.appid, via="search")
    assert first["appid"] == team.appid
    me = client.get("/api/shell/me").json()["user"]
    assert me["guest"] is False and me["name"] == "Tess"
    again = launch(client, appid=team.appid, via="recents")
    assert again["scene"] == 1001
    recents = client.get("/api/shell/recents").json()["items"]
    assert [item["appid"] for item in recents] == [team.appid]
