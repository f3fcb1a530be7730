"""Mini program codes, URL Schemes / Links and msg_sec_check over HTTP: the images decode (zbarimg) to
the mini program's link with its scene, and every refusal is WeChat's errcode in JSON."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from serve_support import serve_settings
from starlette.testclient import TestClient
from wechat_support import Mini, call, released_mini, run, token

from openmini.platform import apps, links, short_links
from openmini.platform.errors import Code
from openmini.server.app import create_platform_app
from openmini.server.state import PlatformState
from openmini.store.database import utcnow

PUBLIC_URL = "https://mini.example"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = serve_settings(tmp_path_factory.mktemp("serve")).model_copy(update={"public_url": PUBLIC_URL})
    with TestClient(create_platform_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def mini(client: TestClient, request: pytest.FixtureRequest, tmp_path: Path) -> Mini:
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:50]
    return released_mini(client, name, tmp_path / "src")


def image(client: TestClient, path: str, access_token: str, body: object) -> bytes:
    response = client.post(path, params={"access_token": access_token}, json=body)
    assert response.status_code == 200 and response.headers["content-type"] == "image/png", response.text
    return response.content


def decoded(png: bytes, tmp_path: Path) -> links.AppLink:
    """The link a code carries, read back from the image as a phone's scanner would."""
    file = tmp_path / "code.png"
    file.write_bytes(png)
    text = subprocess.run(["zbarimg", "--raw", "-q", str(file)], check=True, capture_output=True, text=True).stdout
    assert text.strip().startswith(f"{PUBLIC_URL}/a/")
    return links.parse_link(text.strip())


def test_an_unlimited_code_carries_its_scene_to_the_page(client: TestClient, mini: Mini, tmp_path: Path) -> None:
    access_token = token(client, mini)
    body = {"scene": "id=42&from=poster", "page": "pages/other/other", "width": 280}
    link = decoded(image(client, "/wxa/getwxacodeunlimit", access_token, body), tmp_path)
    assert (link.appid, link.path, link.scene, link.env) == (
        mini.appid,
        "pages/other/other",
        "id=42&from=poster",
        "release",
    )
    assert link.launch_scene == links.Scene.SCAN_CODE
    assert link.onload_query() == {"scene": "id%3D42%26from%3Dposter"}
    coloured = {"scene": "x", "line_color": {"r": 200, "g": 0, "b": 0}, "is_hyaline": True, "env_version": "trial"}
    link = decoded(image(client, "/wxa/getwxacodeunlimit", access_token, coloured), tmp_path)
    assert (link.scene, link.env, link.path) == ("x", "trial", None)


def test_unlimited_code_refusals_are_wechats(client: TestClient, mini: Mini) -> None:
    access_token = token(client, mini)
    refusals: tuple[tuple[dict[str, object], int], ...] = (
        ({}, 40169),
        ({"scene": "x" * 33}, 40169),
        ({"scene": "中文"}, 40129),
        ({"scene": "a", "page": "pages/missing/missing"}, 41030),
        ({"scene": "a", "page": "/pages/index/index"}, 41030),
        ({"scene": "a", "env_version": "beta"}, Code.INVALID_ARGS),
        ({"scene": "a", "width": 100}, Code.INVALID_ARGS),
    )
    for body, errcode in refusals:
        assert call(client, "/wxa/getwxacodeunlimit", access_token, body)["errcode"] == errcode, body
    unchecked = {"scene": "a", "page": "pages/missing/missing", "check_path": False}
    response = client.post("/wxa/getwxacodeunlimit", params={"access_token": access_token}, json=unchecked)
    assert response.headers["content-type"] == "image/png"
    assert client.post("/wxa/getwxacodeunlimit", json={"scene": "a"}).json()["errcode"] == Code.MISSING_CREDENTIAL


def test_check_path_needs_a_release(client: TestClient, mini: Mini) -> None:
    async def unreleased(state: PlatformState) -> Mini:
        async with state.db.session() as s:
            app, secret = await apps.create_app(s, mini.team.admin, mini.team.org_id, "Unreleased")
        return Mini(replace(mini.team, appid=app.appid), secret, app.name)

    access_token = token(client, run(client, unreleased))
    checked = call(client, "/wxa/getwxacodeunlimit", access_token, {"scene": "a"})
    assert checked["errcode"] == 41030 and "not released" in checked["errmsg"]
    unchecked = client.post(
        "/wxa/getwxacodeunlimit", params={"access_token": access_token}, json={"scene": "a", "check_path": False}
    )
    assert unchecked.headers["content-type"] == "image/png"
    assert call(client, "/wxa/generatescheme", access_token, {})["errcode"] == Code.NO_ONLINE_VERSION


def test_path_codes_carry_page_and_query(client: TestClient, mini: Mini, tmp_path: Path) -> None:
    access_token = token(client, mini)
    code = decoded(image(client, "/wxa/getwxacode", access_token, {"path": "pages/index/index?id=3"}), tmp_path)
    assert (code.path, code.query, code.launch_scene) == ("pages/index/index", "id=3", links.Scene.SCAN_CODE)
    square = decoded(
        image(client, "/cgi-bin/wxaapp/createwxaqrcode", access_token, {"path": "pages/other/other"}), tmp_path
    )
    assert (square.path, square.launch_scene) == ("pages/other/other", links.Scene.SCAN_QR)
    for path, body in (
        ("/wxa/getwxacode", {"path": ""}),
        ("/wxa/getwxacode", {"path": "p" * 1025}),
        ("/cgi-bin/wxaapp/createwxaqrcode", {"path": "p" * 129}),
    ):
        assert call(client, path, access_token, body)["errcode"] == Code.WXA_PATH_INVALID
    assert call(client, "/wxa/getwxacode", access_token, {"path": "pages/a/a?x=<y>"})["errcode"] == links.INVALID_QUERY


def test_schemes_and_links_open_the_page_until_they_expire(client: TestClient, mini: Mini) -> None:
    access_token = token(client, mini)
    body = {"jump_wxa": {"path": "pages/other/other", "query": "id=5"}, "expire_type": 1, "expire_interval": 3}
    scheme = call(client, "/wxa/generatescheme", access_token, body)
    assert scheme["errcode"] == 0 and scheme["openlink"].startswith(f"{PUBLIC_URL}/l/")
    opened = client.get(urlsplit(scheme["openlink"]).path, follow_redirects=False)
    assert opened.status_code == 302
    target = links.parse_link(opened.headers["location"])
    assert (target.appid, target.path, target.query, target.launch_scene) == (
        mini.appid,
        "pages/other/other",
        "id=5",
        links.Scene.URL_LINK,
    )
    link = call(client, "/wxa/generate_urllink", access_token, {"path": "", "query": "a=1"})
    assert link["errcode"] == 0
    home = links.parse_link(client.get(urlsplit(link["url_link"]).path, follow_redirects=False).headers["location"])
    assert (home.path, home.query) == (None, "a=1")

    async def expired(state: PlatformState) -> str:
        async with state.db.session() as s:
            app = await apps.get_app(s, mini.appid)
            gone = await short_links.create(
                s, app, "urllink", links.AppLink(mini.appid), utcnow() - timedelta(seconds=1)
            )
            return gone.token

    assert client.get(f"/l/{run(client, expired)}", follow_redirects=False).status_code == 410
    assert client.get("/l/nothing-here", follow_redirects=False).status_code == 404


def test_scheme_and_link_refusals_are_wechats(client: TestClient, mini: Mini) -> None:
    access_token = token(client, mini)
    now = int(utcnow().timestamp())
    refusals = (
        ({"jump_wxa": {"path": "pages/missing/missing"}}, Code.INVALID_WEAPP_PATH),
        ({"jump_wxa": {"query": "a=<b>"}}, links.INVALID_QUERY),
        ({"jump_wxa": {"env_version": "trial"}}, Code.NO_ONLINE_VERSION),
        ({"expire_type": 1, "expire_interval": 31}, Code.EXPIRE_INTERVAL_INVALID),
        ({"expire_type": 1}, Code.EXPIRE_INTERVAL_INVALID),
        ({"expire_time": now - 10}, Code.EXPIRE_TIME_INVALID),
        ({"expire_time": now + 31 * 86400}, Code.EXPIRE_TIME_INVALID),
        ({"expire_type": 7}, Code.INVALID_ARGS),
    )
    for body, errcode in refusals:
        assert call(client, "/wxa/generatescheme", access_token, body)["errcode"] == errcode, body
    cloud = call(client, "/wxa/generate_urllink", access_token, {"cloud_base": {"env": "x"}})
    assert cloud["errcode"] == Code.INVALID_ARGS


def test_msg_sec_check_never_passes_content_it_cannot_check(client: TestClient, mini: Mini) -> None:
    answer = call(client, "/wxa/msg_sec_check", token(client, mini), {"content": "hello", "version": 2, "scene": 2})
    assert answer["errcode"] == Code.NO_CONTENT_FILTER and "no content filter" in answer["errmsg"]
    assert "result" not in answer
