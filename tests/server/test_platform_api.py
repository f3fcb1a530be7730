"""The platform APIs the host calls: storage partitions and the network proxy's allow-list."""

from __future__ import annotations

import json
from pathlib import Path

import httpx2
import pytest
from fastapi import FastAPI
from starlette.requests import HTTPConnection
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from openmini.platform.domains import DomainPolicy
from openmini.platform.storage import FileStorage
from openmini.server.platform_api import Caller, platform_router

POLICY = DomainPolicy.from_entries(["https://api.example.com", "wss://chat.example.com"])


def upstream(request: httpx2.Request) -> httpx2.Response:
    """The developer's backend: a boundary we do not own."""
    if request.url.path == "/echo":
        body = {"method": request.method, "body": request.content.decode(), "ua": request.headers.get("x-test")}
        return httpx2.Response(201, json=body, headers={"set-cookie": "a=1"})
    return httpx2.Response(200, content=b"\x00\x01binary", headers={"content-type": "image/png"})


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    def caller(connection: HTTPConnection) -> Caller:
        return Caller(user=connection.headers.get("x-user", "u1"), appid=connection.query_params.get("appid", "om1"))

    app = FastAPI()
    async def policy(_appid: str) -> DomainPolicy:
        return POLICY

    router = platform_router(FileStorage(tmp_path, partition_limit=200), policy, caller,
                             transport=httpx2.MockTransport(upstream))
    app.include_router(router, prefix="/api")
    return TestClient(app)


def test_storage_round_trip_is_partitioned(client: TestClient) -> None:
    assert client.put("/api/storage?appid=a", json={"key": "k", "value": {"type": "Number", "data": 1}}).json() == {}
    assert client.get("/api/storage?appid=a").json()["items"] == {"k": {"type": "Number", "data": 1}}
    assert client.get("/api/storage?appid=b").json()["items"] == {}
    assert client.get("/api/storage?appid=a", headers={"x-user": "u2"}).json()["items"] == {}
    client.delete("/api/storage?appid=a&key=k")
    assert client.get("/api/storage?appid=a").json()["items"] == {}


def test_storage_quota_is_enforced_on_the_server(client: TestClient) -> None:
    response = client.put("/api/storage?appid=a", json={"key": "big", "value": "x" * 500})
    assert response.status_code == 413
    assert response.json() == {"errMsg": "setStorage:fail exceed storage max size 10Mb"}


def test_request_to_a_registered_domain_is_forwarded(client: TestClient) -> None:
    body = {"url": "https://api.example.com/echo", "method": "post", "data": "hello",
            "header": {"X-Test": "1", "Host": "evil", "Cookie": "session=host"}}
    answer = client.post("/api/request", json=body).json()
    assert answer["statusCode"] == 201 and answer["cookies"] == ["a=1"]
    assert json.loads(answer["data"]) == {"method": "POST", "body": "hello", "ua": "1"}


def test_binary_responses_come_back_as_base64(client: TestClient) -> None:
    body = {"url": "https://api.example.com/img", "responseType": "arraybuffer"}
    assert client.post("/api/request", json=body).json()["data"] == "AAFiaW5hcnk="
    download = client.post("/api/download", json={"url": "https://api.example.com/img"}).json()
    assert download["tempFilePath"] == "data:image/png;base64,AAFiaW5hcnk="


@pytest.mark.parametrize("url", ["https://evil.example.com/", "http://api.example.com/echo", "https://127.0.0.1/"])
def test_unregistered_destinations_are_refused_before_any_traffic(client: TestClient, url: str) -> None:
    response = client.post("/api/request", json={"url": url})
    assert response.status_code == 403
    assert response.json() == {"errMsg": "request:fail url not in domain list"}


def test_bad_method_is_a_clear_error(client: TestClient) -> None:
    response = client.post("/api/request", json={"url": "https://api.example.com/", "method": "BREW"})
    assert response.json() == {"errMsg": "request:fail invalid method BREW"}


def test_socket_to_an_unregistered_host_is_refused_at_the_handshake(client: TestClient) -> None:
    with pytest.raises(WebSocketDisconnect) as refused, client.websocket_connect("/api/socket?url=wss://evil.example.com/"):
        pass
    assert refused.value.code == 4403 and refused.value.reason == "connectSocket:fail url not in domain list"
