"""The open API for CI: WeChat's code-management calls and ours, answered in WeChat's shape."""

from __future__ import annotations

import importlib.util
import io
import json
import sqlite3
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import httpx2
import pytest

from openmini.platform import apps, screenshots, versions
from openmini.platform.errors import Code
from openmini.platform.uploads import UploadLimits, pack_source
from openmini.platform.versions import Version
from openmini.server.app import create_platform_app
from openmini.server.state import PlatformState
from openmini.settings import Settings
from openmini.store.blobs import BlobStore
from openmini.store.database import Database, open_database
from support.open_api import Publisher, make_publisher

pytestmark = pytest.mark.anyio
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Platform:
    """The open API over a fresh database: "acme" calls it, "other" is another organisation."""

    client: httpx2.AsyncClient
    db: Database
    blobs: BlobStore
    acme: Publisher
    other: Publisher
    source: Path  # a small mini program folder

    @property
    def appid(self) -> str:
        return self.acme.appid

    async def call(self, method: str, path: str, *, key: str | None = None, **options: Any) -> dict[str, Any]:
        params = {"appid": self.acme.appid, **options.pop("params", {})}
        headers = {"Authorization": f"Bearer {self.acme.key if key is None else key}", **options.pop("headers", {})}
        response = await self.client.request(method, path, params=params, headers=headers, **options)
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    async def upload(self, user_version: str, archive: bytes | None = None) -> dict[str, Any]:
        files = {"source": ("source.zip", archive if archive is not None else pack_source(self.source))}
        data = {"user_version": user_version, "user_desc": f"what {user_version} brings"}
        return await self.call("POST", "/wxa/openmini/upload", files=files, data=data)

    async def review(self, version_id: int, *, reason: str = "", approve: bool = True) -> None:
        """The reviewer's part happens in the console; here it is the domain call the console makes."""
        async with self.db.session() as s:
            app = await apps.get_app(s, self.acme.appid)
            if approve:
                await versions.approve(s, self.acme.reviewer, app, version_id, reason)
            else:
                await versions.reject(s, self.acme.reviewer, app, version_id, reason)

    async def approve_latest(self) -> None:
        async with self.db.session() as s:
            [(_, version)] = await versions.audit_queue(s)
        await self.review(version.id)

    async def version(self, version_id: int) -> Version:
        async with self.db.session() as s:
            return await versions.get_version(s, await apps.get_app(s, self.acme.appid), version_id)

    async def version_list(self) -> list[dict[str, Any]]:
        answer = await self.call("GET", "/wxa/openmini/versions")
        entries: list[dict[str, Any]] = answer["version_list"]
        return entries


def write_mini_program(root: Path, page_text: str = "hello") -> Path:
    (root / "pages/index").mkdir(parents=True)
    (root / "app.json").write_text(json.dumps({"pages": ["pages/index/index"]}))
    (root / "pages/index/index.js").write_text("Page({})")
    (root / "pages/index/index.wxml").write_text(f"<view>{page_text}</view>")
    return root


@dataclass(frozen=True)
class Seed:
    """A migrated database with two organisations, copied for each test (password hashing is slow)."""

    path: Path
    acme: Publisher
    other: Publisher


async def make_seed(path: Path) -> Seed:
    db = await open_database(f"sqlite+aiosqlite:///{path}")
    try:
        return Seed(path, await make_publisher(db, "acme"), await make_publisher(db, "other"))
    finally:
        await db.dispose()


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Seed:
    return anyio.run(make_seed, tmp_path_factory.mktemp("seed") / "openmini.db")


@pytest.fixture
async def platform(seed: Seed, tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Platform]:
    # Screenshots start a browser per submission; tests/platform/test_screenshots.py takes real ones.
    overrides: dict[str, Any] = {"review_screenshots": False, **getattr(request, "param", {})}
    settings = Settings(data_dir=tmp_path, secret_key="test-secret", **overrides)
    with sqlite3.connect(seed.path) as source, sqlite3.connect(tmp_path / "openmini.db") as copy:
        source.backup(copy)
    # The real app, without its lifespan (no operator, no samples: the seed has what the tests need).
    application = create_platform_app(settings)
    state: PlatformState = application.state.platform
    transport = httpx2.ASGITransport(app=application)
    async with httpx2.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield Platform(client, state.db, state.blobs, seed.acme, seed.other, write_mini_program(tmp_path / "src"))
    await state.db.dispose()


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# --- who may call -------------------------------------------------------------------------------


async def test_calls_need_an_api_key_of_the_organisation_that_owns_the_appid(platform: Platform) -> None:
    answer = await platform.client.get("/wxa/openmini/versions", params={"appid": platform.appid})
    assert answer.status_code == 200
    assert answer.json()["errcode"] == Code.MISSING_CREDENTIAL == 41001
    refused = await platform.call("GET", "/wxa/openmini/versions", key="omk_not-a-key")
    assert refused["errcode"] == Code.INVALID_CREDENTIAL == 40001
    unknown = await platform.call("GET", "/wxa/openmini/versions", params={"appid": "om0000000000000000"})
    assert unknown["errcode"] == Code.INVALID_APPID == 40013
    foreign = await platform.call("GET", "/wxa/openmini/versions", params={"appid": platform.other.appid})
    assert foreign["errcode"] == Code.API_UNAUTHORIZED == 48001
    # The other organisation's own key works for its own mini program only.
    own = await platform.call(
        "GET", "/wxa/openmini/versions", key=platform.other.key, params={"appid": platform.other.appid}
    )
    assert own == {"errcode": 0, "errmsg": "ok", "version_list": []}
    response = await platform.client.get(
        "/wxa/openmini/versions", headers={"Authorization": f"Bearer {platform.acme.key}"}
    )
    assert response.json()["errcode"] == Code.MISSING_APPID == 41002


async def test_bad_input_answers_wechat_data_format_and_empty_body_errors(platform: Platform) -> None:
    empty = await platform.call("POST", "/wxa/release")
    assert empty == {"errcode": 44002, "errmsg": "empty post data"}
    not_json = await platform.call("POST", "/wxa/release", content=b"{not json")
    assert not_json["errcode"] == 47001
    extra = await platform.call("POST", "/wxa/release", json={"surprise": 1})
    assert extra["errcode"] == 47001 and "surprise" in extra["errmsg"]
    not_utf8 = await platform.call(
        "POST", "/wxa/release", content=b"\xff", headers={"Content-Type": "application/json"}
    )
    assert not_utf8["errcode"] == 47001
    too_big = await platform.call("POST", "/wxa/get_auditstatus", json={"auditid": 2**40})
    assert too_big["errcode"] == 47001
    # WeChat's clients post JSON without a Content-Type; it is read as JSON all the same.
    plain = await platform.call("POST", "/wxa/getversioninfo", content=b"{}")
    assert plain == {"errcode": 0, "errmsg": "ok", "exp_info": None, "release_info": None}


# --- upload -------------------------------------------------------------------------------------


async def test_upload_compiles_on_the_server_and_makes_a_develop_version(platform: Platform) -> None:
    answer = await platform.upload("1.0.0")
    assert answer["errcode"] == 0 and answer["user_version"] == "1.0.0"
    assert isinstance(answer["version_id"], int) and isinstance(answer["diagnostics"], list)
    [entry] = await platform.version_list()
    assert entry["version_id"] == answer["version_id"] and entry["state"] == "develop"
    assert entry["user_desc"] == "what 1.0.0 brings" and entry["size"] > 0
    version = await platform.version(answer["version_id"])
    manifest = json.loads(await platform.blobs.get(version.manifest_key))
    assert manifest["entryPagePath"] == "pages/index/index"
    # The source is kept, so the platform can rebuild the mini program when the runtime changes.
    with zipfile.ZipFile(io.BytesIO(await platform.blobs.get(version.source_key))) as kept:
        assert "pages/index/index.wxml" in kept.namelist()


@pytest.mark.parametrize(
    ("archive", "errcode"),
    [
        (zipped({"../escape.js": b"x", "app.json": b"{}"}), Code.UPLOAD_REJECTED),
        (b"not an archive at all", Code.UPLOAD_REJECTED),
        (zipped({"app.json": b'{"pages": ["pages/index/index"]}', "pages/index/index.wxml": b"{{ 1 + }}"}), 90102),
    ],
    ids=["path-escape", "not-an-archive", "compile-error"],
)
async def test_a_refused_upload_leaves_no_version(platform: Platform, archive: bytes, errcode: int) -> None:
    answer = await platform.upload("6.6.6", archive)
    assert answer["errcode"] == errcode and set(answer) == {"errcode", "errmsg"}
    assert await platform.version_list() == []


async def test_compile_errors_come_back_one_per_line(platform: Platform) -> None:
    (platform.source / "pages/index/index.wxml").write_text("<view>\n  {{ 1 + }}\n</view>")
    answer = await platform.upload(
        "1.0.1",
        zipped(
            {
                p.relative_to(platform.source).as_posix(): p.read_bytes()
                for p in platform.source.rglob("*")
                if p.is_file()
            }
        ),
    )
    assert answer["errcode"] == Code.COMPILE_FAILED
    assert "\npages/index/index.wxml:2:" in answer["errmsg"]


async def test_an_oversize_upload_is_refused_before_it_is_read(platform: Platform) -> None:
    files = {"source": ("source.zip", bytes(UploadLimits().archive_bytes + 128 * 1024))}
    response = await platform.client.post(
        "/wxa/openmini/upload",
        params={"appid": platform.appid},
        headers={"Authorization": f"Bearer {platform.acme.key}"},
        files=files,
        data={"user_version": "1.0.0"},
    )
    assert response.status_code == 413
    assert await platform.version_list() == []


async def test_upload_form_fields_are_validated(platform: Platform) -> None:
    files = {"source": ("source.zip", pack_source(platform.source))}
    answer = await platform.call("POST", "/wxa/openmini/upload", files=files, data={"user_version": "x" * 65})
    assert answer["errcode"] == 47001 and "user_version" in answer["errmsg"]
    missing = await platform.call("POST", "/wxa/openmini/upload", data={"user_version": "1.0.0"})
    assert missing["errcode"] == 47001 and "source" in missing["errmsg"]


# --- trial and audit ----------------------------------------------------------------------------


async def test_trial_then_audit_flow(platform: Platform) -> None:
    no_trial = await platform.call("POST", "/wxa/submit_audit", json={"version_desc": "first"})
    assert no_trial["errcode"] == Code.NO_VERSION_TO_ACT_ON == 85019
    version_id = (await platform.upload("1.0.0"))["version_id"]
    assert (await platform.call("POST", "/wxa/openmini/set_trial", json={"version_id": version_id}))["errcode"] == 0
    info = await platform.call("POST", "/wxa/getversioninfo", json={})
    assert info["exp_info"]["exp_version"] == "1.0.0" and info["exp_info"]["exp_time"] > 0
    assert info["release_info"] is None
    [entry] = await platform.version_list()
    assert entry["is_trial"] and not entry["is_live"]

    assert (await platform.call("GET", "/wxa/get_latest_auditstatus"))["errcode"] == Code.NO_VALID_AUDIT == 85058
    item = {"address": "pages/index/index", "title": "Home", "first_class": "Tools"}
    submitted = await platform.call(
        "POST", "/wxa/submit_audit", json={"version_desc": "please look", "item_list": [item]}
    )
    assert submitted["errcode"] == 0 and submitted["auditid"] == version_id
    assert (await platform.version(version_id)).audit_notes == "please look\npages/index/index Home [Tools]"

    second = (await platform.upload("1.0.1"))["version_id"]
    again = await platform.call("POST", "/wxa/submit_audit", json={"version_id": second})
    assert again["errcode"] == Code.ALREADY_AUDITING == 85009
    status = await platform.call("POST", "/wxa/get_auditstatus", json={"auditid": version_id})
    assert (status["errcode"], status["status"]) == (0, 2)
    unknown = await platform.call("POST", "/wxa/get_auditstatus", json={"auditid": second})
    assert unknown["errcode"] == Code.INVALID_AUDITID == 85012
    latest = await platform.call("GET", "/wxa/get_latest_auditstatus")
    assert (latest["auditid"], latest["status"], latest["user_version"]) == (version_id, 2, "1.0.0")

    assert (await platform.call("GET", "/wxa/undocodeaudit"))["errcode"] == 0
    assert (await platform.call("GET", "/wxa/undocodeaudit"))["errcode"] == 85019
    assert (await platform.call("POST", "/wxa/submit_audit", json={"version_id": second}))["errcode"] == 0
    await platform.review(second, reason="the button is cut off", approve=False)
    rejected = await platform.call("GET", "/wxa/get_latest_auditstatus")
    assert (rejected["auditid"], rejected["status"], rejected["reason"]) == (second, 1, "the button is cut off")


# --- release ------------------------------------------------------------------------------------


async def submitted_version(platform: Platform, user_version: str) -> int:
    version_id: int = (await platform.upload(user_version))["version_id"]
    answer = await platform.call("POST", "/wxa/submit_audit", json={"version_id": version_id})
    assert answer["errcode"] == 0, answer
    return version_id


@pytest.mark.parametrize(
    "platform", [{"review_screenshots": True, "chromium_path": Path("/nonexistent/chromium")}], indirect=True
)
async def test_a_submission_through_the_api_gets_the_reviewers_screenshot_as_one_from_the_console(
    platform: Platform,
) -> None:
    version_id = await submitted_version(platform, "1.0.0")
    async with platform.db.session() as s:
        shot = await screenshots.screenshot_of(s, version_id)
    # The attempt was made (and honestly reports why there is no image on this server).
    assert shot is not None and shot.blob_key == "" and "Chromium" in shot.error


async def test_release_needs_an_approved_version_and_happens_once(platform: Platform) -> None:
    assert (await platform.call("POST", "/wxa/release", json={}))["errcode"] == Code.NO_VERSION_TO_ACT_ON == 85019
    await submitted_version(platform, "1.0.0")
    assert (await platform.call("POST", "/wxa/release", json={}))["errcode"] == Code.STATUS_NOT_ALLOWED == 85020
    await platform.approve_latest()
    assert await platform.call("POST", "/wxa/release", json={}) == {"errcode": 0, "errmsg": "ok"}
    assert (await platform.call("POST", "/wxa/release", json={}))["errcode"] == Code.ALREADY_RELEASED == 85052
    info = await platform.call("POST", "/wxa/getversioninfo", json={})
    assert info["release_info"]["release_version"] == "1.0.0"
    [entry] = await platform.version_list()
    assert entry["is_live"] and entry["state"] == "released"


async def test_gradual_release_grows_then_rolls_back(platform: Platform) -> None:
    await submitted_version(platform, "1.0.0")
    await platform.approve_latest()
    early = await platform.call("POST", "/wxa/grayrelease", json={"gray_percentage": 10})
    assert early["errcode"] == Code.NO_ONLINE_VERSION == 85079
    assert (await platform.call("POST", "/wxa/release", json={}))["errcode"] == 0
    await submitted_version(platform, "1.1.0")
    unapproved = await platform.call("POST", "/wxa/grayrelease", json={"gray_percentage": 10})
    assert unapproved["errcode"] == Code.AUDIT_NOT_PASSED == 85080
    await platform.approve_latest()
    out_of_range = await platform.call("POST", "/wxa/grayrelease", json={"gray_percentage": 101})
    assert out_of_range["errcode"] == Code.INVALID_PERCENTAGE == 85081
    assert (await platform.call("POST", "/wxa/grayrelease", json={"gray_percentage": 30}))["errcode"] == 0
    plan = (await platform.call("GET", "/wxa/getgrayreleaseplan"))["gray_release_plan"]
    assert (plan["status"], plan["gray_percentage"]) == (1, 30)
    shrink = await platform.call("POST", "/wxa/grayrelease", json={"gray_percentage": 20})
    assert shrink["errcode"] == Code.PERCENTAGE_MUST_INCREASE == 85082
    during = await platform.call("GET", "/wxa/revertcoderelease")
    assert during["errcode"] == Code.GRADUAL_CANNOT_REVERT == 87011

    # Testers first: the reviewer holds no tester role, so nobody is added — 0 % needs someone.
    testers_only = await platform.call(
        "POST", "/wxa/grayrelease", json={"gray_percentage": 0, "support_experiencer_first": True}
    )
    assert testers_only["errcode"] == Code.INVALID_PERCENTAGE
    assert (await platform.call("POST", "/wxa/grayrelease", json={"gray_percentage": 100}))["errcode"] == 0
    info = await platform.call("POST", "/wxa/getversioninfo", json={})
    assert info["release_info"]["release_version"] == "1.1.0"
    assert (await platform.call("GET", "/wxa/getgrayreleaseplan"))["gray_release_plan"]["status"] == 3

    wrong_target = await platform.call("GET", "/wxa/revertcoderelease", params={"app_version": 999})
    assert wrong_target["errcode"] == Code.CANNOT_REVERT == 87012
    assert (await platform.call("GET", "/wxa/revertcoderelease"))["errcode"] == 0
    info = await platform.call("POST", "/wxa/getversioninfo", json={})
    assert info["release_info"]["release_version"] == "1.0.0"
    assert (await platform.call("GET", "/wxa/revertcoderelease"))["errcode"] == 87012
    history = await platform.call("GET", "/wxa/revertcoderelease", params={"action": "get_history_version"})
    assert [v["user_version"] for v in history["version_list"]] == ["1.0.0", "1.1.0", "1.0.0"]


async def test_a_gradual_release_can_be_cancelled(platform: Platform) -> None:
    assert (await platform.call("GET", "/wxa/revertgrayrelease"))["errcode"] == Code.STATUS_NOT_ALLOWED
    await submitted_version(platform, "1.0.0")
    await platform.approve_latest()
    await platform.call("POST", "/wxa/release", json={})
    await submitted_version(platform, "1.1.0")
    await platform.approve_latest()
    developers_first = {"gray_percentage": 0, "support_debuger_first": True}
    assert (await platform.call("POST", "/wxa/grayrelease", json=developers_first))["errcode"] == 0
    plan = (await platform.call("GET", "/wxa/getgrayreleaseplan"))["gray_release_plan"]
    assert (plan["gray_percentage"], plan["allow_user_count"]) == (0, 1)  # the admin who made the key
    assert (await platform.call("GET", "/wxa/revertgrayrelease"))["errcode"] == 0
    assert (await platform.call("GET", "/wxa/getgrayreleaseplan"))["gray_release_plan"]["status"] == 4
    info = await platform.call("POST", "/wxa/getversioninfo", json={})
    assert info["release_info"]["release_version"] == "1.0.0"


# --- domains ------------------------------------------------------------------------------------


async def test_modify_domain_adds_deletes_sets_and_gets(platform: Platform) -> None:
    added = await platform.call(
        "POST",
        "/wxa/modify_domain",
        json={
            "action": "add",
            "requestdomain": ["https://api.example.com"],
            "wsrequestdomain": ["wss://ws.example.com"],
        },
    )
    assert added["requestdomain"] == ["https://api.example.com"] and added["wsrequestdomain"] == [
        "wss://ws.example.com"
    ]
    more = {"action": "add", "requestdomain": ["https://cdn.example.com:8443", "https://api.example.com"]}
    assert (await platform.call("POST", "/wxa/modify_domain", json=more))["requestdomain"] == [
        "https://api.example.com",
        "https://cdn.example.com:8443",
    ]
    fewer = {"action": "delete", "requestdomain": ["https://api.example.com"]}
    assert (await platform.call("POST", "/wxa/modify_domain", json=fewer))["requestdomain"] == [
        "https://cdn.example.com:8443"
    ]
    replaced = {"action": "set", "downloaddomain": ["https://dl.example.com"]}
    assert (await platform.call("POST", "/wxa/modify_domain", json=replaced))["downloaddomain"] == [
        "https://dl.example.com"
    ]
    got = await platform.call("POST", "/wxa/modify_domain", json={"action": "get"})
    assert got == {
        "errcode": 0,
        "errmsg": "ok",
        "requestdomain": ["https://cdn.example.com:8443"],
        "wsrequestdomain": ["wss://ws.example.com"],
        "uploaddomain": [],
        "downloaddomain": ["https://dl.example.com"],
    }
    insecure = await platform.call(
        "POST", "/wxa/modify_domain", json={"action": "add", "requestdomain": ["http://x.io"]}
    )
    assert insecure["errcode"] == Code.INVALID_ARGS
    udp = await platform.call("POST", "/wxa/modify_domain", json={"action": "add", "udpdomain": ["udp://x.io"]})
    assert udp["errcode"] == 47001


# --- the document -------------------------------------------------------------------------------


async def test_the_openapi_document_describes_what_the_server_answers(platform: Platform) -> None:
    document = (await platform.client.get("/openapi.json")).json()
    # The CI router's operations (WeChat's backend calls under /wxa/ are other routers').
    operations = [op for item in document["paths"].values() for op in item.values()]
    operations = [op for op in operations if op["operationId"].startswith("wxa_")]
    assert len(operations) == 14
    for operation in operations:
        # Only the upload may answer anything but 200: an oversize body is refused before it is read.
        assert set(operation["responses"]) == {"200", "413"} if operation["operationId"] == "wxa_upload" else {"200"}
        assert operation["security"] == [{"apiKey": []}]
    assert document["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
    gray = document["components"]["schemas"]["GrayReleaseBody"]
    assert gray["required"] == ["gray_percentage"] and gray["additionalProperties"] is False


def test_docs_open_api_md_is_generated_from_the_served_document() -> None:
    spec = importlib.util.spec_from_file_location("openapi_docs", ROOT / "scripts" / "openapi_docs.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    page = (ROOT / "docs" / "open-api.md").read_text(encoding="utf-8")
    assert page == script.render(script.openapi_document()), "docs/open-api.md is stale: run scripts/openapi_docs.py"
