"""`openmini dev`: the simulator, the runtime, the live package, reloads and compile errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from openmini.server.dev import create_dev_app


def make_source(root: Path) -> Path:
    files = {
        "project.config.json": json.dumps({"appid": "omdevtest0000000000", "setting": {"urlCheck": True}}),
        "app.json": json.dumps({"pages": ["pages/index/index"]}),
        "app.js": "App({})",
        "pages/index/index.js": "Page({ data: { n: 1 } })",
        "pages/index/index.wxml": "<view>{{n}}</view>",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return make_source(tmp_path / "src")


@pytest.fixture
def client(source: Path, tmp_path: Path) -> TestClient:
    return TestClient(create_dev_app(source, data_dir=tmp_path / "data", watch=False))


def test_the_simulator_page_carries_its_configuration(client: TestClient) -> None:
    page = client.get("/").text
    start = page.index('<script type="application/json" id="openmini-config">')
    config = json.loads(page[start:].split(">", 1)[1].split("</script>", 1)[0])
    assert config["runtimeBase"] == "http://testserver/runtime/"
    assert config["packageBase"] == "http://testserver/app/" and config["appId"] == "omdevtest0000000000"


def test_favicon_is_answered_without_a_404(client: TestClient) -> None:
    assert client.get("/favicon.ico").status_code == 204
    assert client.get("/").text.count('id="openmini-config"') == 1
    assert json.loads(client.get("/").text.split('id="openmini-config">', 1)[1].split("</script>")[0])["bundleBase"]


def test_runtime_modules_are_served_with_open_cors_and_nothing_outside(client: TestClient) -> None:
    response = client.get("/runtime/protocol.js")
    assert response.status_code == 200 and response.headers["access-control-allow-origin"] == "*"
    assert response.headers["content-type"].startswith("text/javascript")
    assert client.get("/runtime/../server/dev.py").status_code == 404
    assert client.get("/runtime/%2e%2e/server/dev.py").status_code == 404


def test_package_files_are_immutable_compressed_and_revalidated(client: TestClient) -> None:
    manifest = client.get("/app/manifest.json").json()
    stored = manifest["files"]["@bundle/main/logic.js"]["file"]
    response = client.get(f"/app/files/{stored}", headers={"accept-encoding": "br"})
    assert response.status_code == 200 and "immutable" in response.headers["cache-control"]
    assert response.headers["content-encoding"] == "br" and "Page({ data" in response.text
    again = client.get(f"/app/files/{stored}", headers={"if-none-match": response.headers["etag"]})
    assert again.status_code == 304
    assert client.get("/app/files/nope.js").status_code == 404


def test_a_broken_save_pushes_diagnostics_and_a_fixed_one_reloads(client: TestClient, source: Path) -> None:
    build = client.app.state.build  # type: ignore[attr-defined]
    with client.websocket_connect("/api/dev") as socket:
        assert socket.receive_json()["t"] == "reload"
        (source / "pages/index/index.wxml").write_text("<view>{{ n + }}</view>")
        build.rebuild()
        message = build.message()
        assert message["t"] == "diagnostics"
        assert message["items"][0]["path"] == "pages/index/index.wxml" and message["items"][0]["frame"]
        # The last good package keeps being served while the error is shown.
        assert client.get("/app/manifest.json").status_code == 200
        (source / "pages/index/index.wxml").write_text("<view>{{ n + 1 }}</view>")
        build.rebuild()
        assert build.message() == {"t": "reload", "version": build.version}


def test_storage_is_scoped_to_the_project_appid(client: TestClient) -> None:
    client.put("/api/storage", json={"key": "k", "value": 1})
    assert client.get("/api/storage").json()["items"] == {"k": 1}
