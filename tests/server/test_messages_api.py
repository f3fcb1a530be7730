"""Subscription messages over HTTP: WeChat's template management and subscribe/send (access_token),
the host's subscription prompts and scope decisions (the session), and the shell's inbox."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serve_support import serve_settings
from starlette.testclient import TestClient
from wechat_support import Mini, call, guest_openid, released_mini, token

from openmini.platform.errors import Code
from openmini.server.app import create_platform_app

SEND = "/cgi-bin/message/subscribe/send"
DATA = {"character_string1": {"value": "SO1"}, "thing2": {"value": "Coffee beans"}}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with TestClient(create_platform_app(serve_settings(tmp_path_factory.mktemp("serve")))) as test_client:
        yield test_client


@pytest.fixture
def mini(client: TestClient, request: pytest.FixtureRequest, tmp_path: Path) -> Mini:
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:50]
    return released_mini(client, name, tmp_path / "src")


def add_shipped(client: TestClient, access_token: str) -> str:
    answer = call(
        client, "/wxaapi/newtmpl/addtemplate", access_token, {"tid": 1001, "kidList": [1, 2], "sceneDesc": "x"}
    )
    assert answer["errcode"] == 0, answer
    return str(answer["priTmplId"])


def subscribe(client: TestClient, mini: Mini, tmpl_id: str, choice: str = "accept", keep: bool = False) -> Any:
    """What the host does for wx.requestSubscribeMessage once the user answered."""
    body = {"tmplIds": [tmpl_id], "choices": {tmpl_id: choice}, "keep": keep}
    return client.post("/api/consent/subscriptions", params={"appid": mini.appid}, json=body).json()


def test_the_template_library_and_the_mini_programs_templates(client: TestClient, mini: Mini) -> None:
    access_token = token(client, mini)
    categories = call(client, "/wxaapi/newtmpl/getcategory", access_token)
    assert categories["errcode"] == 0 and {"id": 307, "name": "Shopping"} in categories["data"]
    titles = call(client, "/wxaapi/newtmpl/getpubtemplatetitles", access_token, ids="307,616", start=0, limit=2)
    assert titles["count"] == 4
    assert titles["data"][0] == {"tid": 1001, "title": "Order shipped", "type": 2, "categoryId": "307"}
    quoted = call(client, "/wxaapi/newtmpl/getpubtemplatetitles", access_token, ids='"307"', start=0, limit=2)
    assert quoted["errcode"] == Code.TEMPLATE_CATEGORY_INVALID
    keywords = call(client, "/wxaapi/newtmpl/getpubtemplatekeywords", access_token, tid=1001)
    assert keywords["count"] == 5
    assert keywords["data"][0] == {
        "kid": 1,
        "name": "Order number",
        "example": "SO20261122001",
        "rule": "character_string",
    }
    assert call(client, "/wxaapi/newtmpl/getpubtemplatekeywords", access_token, tid=5)["errcode"] == 200014

    tmpl_id = add_shipped(client, access_token)
    (entry,) = call(client, "/wxaapi/newtmpl/gettemplate", access_token)["data"]
    assert entry == {
        "priTmplId": tmpl_id,
        "title": "Order shipped",
        "content": "Order number:{{character_string1.DATA}}\nItem:{{thing2.DATA}}\n",
        "example": "Order number:SO20261122001\nItem:Coffee beans 500g\n",
        "type": 2,
    }
    bad_kids = call(client, "/wxaapi/newtmpl/addtemplate", access_token, {"tid": 1001, "kidList": [7]})
    assert bad_kids["errcode"] == Code.TEMPLATE_KIDLIST_INVALID
    own = call(
        client,
        "/wxa/openmini/define_template",
        access_token,
        {"title": "Table ready", "keywords": [{"name": "Table", "rule": "thing"}, {"name": "At", "rule": "time"}]},
    )
    assert own["errcode"] == 0
    assert call(client, "/wxaapi/newtmpl/deltemplate", access_token, {"priTmplId": tmpl_id}) == {
        "errcode": 0,
        "errmsg": "ok",
    }
    assert [t["title"] for t in call(client, "/wxaapi/newtmpl/gettemplate", access_token)["data"]] == ["Table ready"]


def test_template_calls_need_a_valid_access_token(client: TestClient, mini: Mini) -> None:
    assert client.get("/wxaapi/newtmpl/gettemplate").json()["errcode"] == Code.MISSING_CREDENTIAL
    refused = client.get("/wxaapi/newtmpl/gettemplate", params={"access_token": "nope"}).json()["errcode"]
    assert refused in (Code.INVALID_CREDENTIAL, Code.INVALID_ACCESS_TOKEN)


def test_one_message_per_accepted_subscription_reaches_the_inbox(client: TestClient, mini: Mini) -> None:
    access_token = token(client, mini)
    tmpl_id = add_shipped(client, access_token)
    openid = guest_openid(client, mini)
    message = {"touser": openid, "template_id": tmpl_id, "page": "pages/index/index?id=7", "data": DATA}
    assert call(client, SEND, access_token, message)["errcode"] == Code.SUBSCRIPTION_REFUSED

    plan = client.post("/api/consent/subscriptions/plan", params={"appid": mini.appid}, json={"tmplIds": [tmpl_id]})
    (item,) = plan.json()["items"]
    assert item == {
        "tmplId": tmpl_id,
        "title": "Order shipped",
        "keywords": ["Order number", "Item"],
        "answer": None,
        "kept": False,
    }
    assert subscribe(client, mini, tmpl_id) == {"result": {tmpl_id: "accept"}}

    sent = call(client, SEND, access_token, message)
    assert sent["errcode"] == 0 and sent["errmsg"] == "ok" and isinstance(sent["msgid"], int)
    again = call(client, SEND, access_token, message)
    assert again["errcode"] == Code.SUBSCRIPTION_REFUSED

    inbox = client.get("/api/shell/inbox").json()
    assert inbox["unread"] == 1
    (shown,) = inbox["items"]
    assert shown["id"] == sent["msgid"] and shown["appid"] == mini.appid and shown["title"] == "Order shipped"
    assert shown["fields"] == [{"name": "Order number", "value": "SO1"}, {"name": "Item", "value": "Coffee beans"}]
    assert (shown["path"], shown["query"], shown["env"], shown["read"]) == (
        "pages/index/index",
        "id=7",
        "release",
        False,
    )
    assert client.post(f"/api/shell/inbox/{shown['id']}/read").json() == {"unread": 0}

    guest_openid(client, mini)  # someone else
    assert client.get("/api/shell/inbox").json() == {"unread": 0, "items": []}
    assert client.post(f"/api/shell/inbox/{shown['id']}/read").json()["errcode"] == Code.NOT_FOUND


def test_a_send_is_checked_before_it_spends_the_subscription(client: TestClient, mini: Mini) -> None:
    access_token = token(client, mini)
    tmpl_id = add_shipped(client, access_token)
    openid = guest_openid(client, mini)
    subscribe(client, mini, tmpl_id)
    base = {"touser": openid, "template_id": tmpl_id, "data": DATA}
    refusals = (
        ({"data": {**DATA, "thing2": {"value": "x" * 21}}}, Code.TEMPLATE_ARGUMENT_INVALID, "data.thing2.value"),
        ({"data": {"thing2": {"value": "Tea"}}}, Code.TEMPLATE_ARGUMENT_INVALID, "data.character_string1.value"),
        ({"page": "pages/missing/missing"}, 41030, "page"),
        ({"touser": "not-an-openid"}, Code.INVALID_OPENID, "openid"),
        ({"template_id": "nope"}, Code.INVALID_TEMPLATE_ID, "template_id"),
        ({"miniprogram_state": "beta"}, Code.INVALID_ARGS, "miniprogram_state"),
    )
    for change, errcode, named in refusals:
        answer = call(client, SEND, access_token, {**base, **change})
        assert answer["errcode"] == errcode and named in answer["errmsg"], (change, answer)
    assert call(client, SEND, access_token, base)["errcode"] == 0


def test_a_kept_choice_shows_in_get_setting(client: TestClient, mini: Mini) -> None:
    access_token = token(client, mini)
    tmpl_id = add_shipped(client, access_token)
    guest_openid(client, mini)
    subscribe(client, mini, tmpl_id, "reject", keep=True)
    setting = client.get("/api/consent/setting", params={"appid": mini.appid, "withSubscriptions": "true"}).json()
    assert setting["subscriptionsSetting"] == {"mainSwitch": True, "itemSettings": {tmpl_id: "reject"}}
    plan = client.post("/api/consent/subscriptions/plan", params={"appid": mini.appid}, json={"tmplIds": [tmpl_id]})
    assert plan.json()["items"][0]["answer"] == "reject"
    too_many = client.post("/api/consent/subscriptions/plan", params={"appid": mini.appid}, json={"tmplIds": ["a"] * 4})
    assert too_many.json()["errcode"] == Code.SUBSCRIBE_TOO_MANY


def test_scope_decisions_are_listed_in_the_settings_page_and_revoked_there(client: TestClient, mini: Mini) -> None:
    guest_openid(client, mini)
    params = {"appid": mini.appid, "scope": "scope.userLocation"}
    asked = client.get("/api/consent/scope", params=params).json()
    assert asked == {
        "scope": "scope.userLocation",
        "state": "ask",
        "name": mini.name,
        "what": "你的位置信息",
    }
    answer = client.post(
        "/api/consent/decide", params={"appid": mini.appid}, json={"scope": "scope.userLocation", "granted": False}
    )
    assert answer.json() == {"authSetting": {"scope.userLocation": False}}
    assert client.get("/api/consent/scope", params=params).json()["state"] == "refused"
    (listed,) = client.get(f"/api/shell/apps/{mini.appid}/settings").json()["scopes"]
    assert (listed["scope"], listed["label"], listed["granted"]) == ("scope.userLocation", "Precise location", False)
    assert isinstance(listed["versionId"], int)
    revoke = client.post(f"/api/shell/apps/{mini.appid}/revoke", json={"scope": "scope.userLocation"})
    assert revoke.json() == {}
    assert client.get(f"/api/shell/apps/{mini.appid}/settings").json()["scopes"] == []
    assert client.get("/api/consent/scope", params=params).json()["state"] == "ask"
    unknown = client.get("/api/consent/scope", params={"appid": mini.appid, "scope": "scope.all"}).json()
    assert unknown["errcode"] == Code.INVALID_ARGS
    client.cookies.clear()
    nobody = client.get("/api/consent/setting", params={"appid": mini.appid})
    assert nobody.status_code == 401 and nobody.json()["errcode"] == Code.MISSING_CREDENTIAL
