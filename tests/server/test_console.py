"""The console through HTTP, as a browser without JavaScript uses it: forms, redirects, pages.

One platform app (SQLite file, blobs in memory) serves the whole module; each test signs in as the
person it needs. Setup goes through the console too (the operator makes the accounts, an admin
the organisation); only uploads use the domain directly, as `openmini upload` is not the console.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from starlette.testclient import TestClient

from openmini.platform import accounts, apps, audit, metrics, uploads, versions
from openmini.platform.accounts import actor_for
from openmini.platform.errors import PlatformError
from openmini.server.app import create_platform_app
from openmini.settings import Settings

OPERATOR = "operator@example.com"
PASSWORD = "console-test-password"
PEOPLE = ("admin", "developer", "tester", "reviewer", "outsider")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
SECRET = re.compile(r'id="secret" class="mono" readonly value="([^"]+)"')

APP_FILES = {
    "app.json": '{"pages": ["pages/index/index"]}',
    "app.js": "App({})",
    "pages/index/index.json": "{}",
    "pages/index/index.js": "Page({ data: { n: 1 }, onLoad() { wx.setStorageSync('seen', 1) } })",
    "pages/index/index.wxml": "<view>version {{n}}</view>",
}


def email(person: str) -> str:
    return f"{person}@example.com"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data = tmp_path_factory.mktemp("console")
    settings = Settings(
        data_dir=data,
        blob_url="memory://",
        secret_key=SecretStr("console-test-secret"),
        operator_email=OPERATOR,
        operator_password=SecretStr(PASSWORD),
        public_url="http://testserver",
        # No browser here: submissions record that Chromium is missing (tests/platform/test_screenshots.py
        # takes real screenshots).
        chromium_path=data / "no-chromium",
    )
    with TestClient(create_platform_app(settings, on_first_run=lambda _: None)) as c:
        yield c


def token(client: TestClient, page: str) -> str:
    found = CSRF.search(client.get(page).text)
    assert found is not None, f"no form on {page}"
    return found.group(1)


def post(client: TestClient, page: str, action: str, **fields: Any) -> Any:
    """Submit a form of ``page`` as a browser would (token from the page) and follow the redirect."""
    return client.post(action, data={"csrf": token(client, page), **fields})


def sign_in(client: TestClient, who: str) -> None:
    client.cookies.clear()
    response = post(client, "/console/signin", "/console/signin", email=who, password=PASSWORD)
    assert response.status_code == 200, response.text


def flashes(html: str) -> list[str]:
    return re.findall(r'<p class="flash flash-\w+" role="\w+">([^<]*)</p>', html)


@dataclass(frozen=True)
class World:
    org_id: int
    appid: str
    user_ids: dict[str, int]


@pytest.fixture(scope="module")
def world(client: TestClient) -> World:
    """Accounts for every role, an organisation where each holds their role, and a mini program."""
    sign_in(client, OPERATOR)
    for person in PEOPLE:
        page = post(
            client, "/console/operator/users", "/console/operator/users", email=email(person), password=PASSWORD
        )
        assert f"Account {email(person)} created." in page.text
    sign_in(client, email("admin"))
    org_page = post(client, "/console", "/console/orgs", name="Acme")
    org_id = int(re.search(r"/console/orgs/(\d+)", str(org_page.url)).group(1))  # type: ignore[union-attr]
    for person in PEOPLE[1:4]:
        page = post(
            client,
            f"/console/orgs/{org_id}/members",
            f"/console/orgs/{org_id}/members",
            email=email(person),
            role=person,
        )
        assert f"{email(person)} added." in page.text
    created = post(client, f"/console/orgs/{org_id}", f"/console/orgs/{org_id}/apps", name="Acme Shop")
    appid = re.search(r"om[0-9a-f]{16}", created.text).group(0)  # type: ignore[union-attr]
    ids = {person: user_id(client, email(person)) for person in PEOPLE}
    return World(org_id, appid, ids)


def run(client: TestClient, call: Any) -> Any:
    """Run a coroutine function with the app's state on the app's event loop."""

    async def with_state() -> Any:
        return await call(client.app.state.platform)  # type: ignore[attr-defined]

    return client.portal.call(with_state)  # type: ignore[union-attr]


def user_id(client: TestClient, address: str) -> int:
    async def find(state: Any) -> int:
        async with state.db.session() as s:
            user = await accounts.user_by_email(s, address)
            assert user is not None
            return user.id

    return int(run(client, find))


def upload(client: TestClient, tmp_path: Path, appid: str, user_version: str, n: int) -> int:
    """A develop version of ``appid`` uploaded by the developer, as `openmini upload` makes one."""
    for name, text in APP_FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text.replace("n: 1", f"n: {n}"))
    prepared = uploads.prepare_upload(uploads.pack_source(tmp_path))

    async def create(state: Any) -> int:
        async with state.db.session() as s:
            developer = actor_for(await accounts.user_by_email(s, email("developer")))  # type: ignore[arg-type]
            app = await apps.get_app(s, appid)
            version = await versions.create_version(
                s, state.blobs, developer, app, prepared.package, prepared.source_archive, user_version=user_version
            )
            return version.id

    return int(run(client, create))


def audit_actions(client: TestClient, org_id: int | None = None) -> list[str]:
    async def listed(state: Any) -> list[str]:
        async with state.db.session() as s:
            return [e.action for e in await audit.entries(s, org_id=org_id, limit=1000)]

    return list(run(client, listed))


# --- signing in -----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["/console", "/console/orgs/1", "/console/operator/health", "/console/review"])
def test_pages_send_signed_out_visitors_to_sign_in(client: TestClient, page: str) -> None:
    client.cookies.clear()
    response = client.get(page, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/console/signin?next={page}"


def test_sign_in_returns_to_the_page_asked_for_and_shares_the_shell_session(client: TestClient) -> None:
    client.cookies.clear()
    response = client.post(
        "/console/signin",
        data={
            "csrf": token(client, "/console/signin"),
            "email": OPERATOR,
            "password": PASSWORD,
            "next": "/console/operator/limits",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/console/operator/limits"
    me = client.get("/api/shell/me").json()["user"]
    assert me["guest"] is False


def test_sign_in_never_redirects_off_site(client: TestClient) -> None:
    client.cookies.clear()
    response = client.post(
        "/console/signin",
        data={
            "csrf": token(client, "/console/signin"),
            "email": OPERATOR,
            "password": PASSWORD,
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/console"


def test_a_wrong_password_is_an_error_on_the_sign_in_page(client: TestClient) -> None:
    client.cookies.clear()
    response = post(client, "/console/signin", "/console/signin", email=OPERATOR, password="not the password")
    assert response.status_code == 401
    assert "wrong email or password (errcode 40001)" in flashes(response.text)[0]
    assert client.get("/console", follow_redirects=False).status_code == 303


def test_sign_out_ends_the_session(client: TestClient) -> None:
    sign_in(client, OPERATOR)
    post(client, "/console", "/console/signout")
    assert client.get("/console", follow_redirects=False).status_code == 303


# --- CSRF -----------------------------------------------------------------------------------------


def test_forms_without_this_sessions_token_are_refused_and_change_nothing(client: TestClient, world: World) -> None:
    sign_in(client, email("admin"))
    before = audit_actions(client)
    missing = client.post("/console/orgs", data={"name": "Forged Ltd"})
    forged = client.post("/console/orgs", data={"name": "Forged Ltd", "csrf": "not-a-token"})
    stolen = token(client, "/console")
    sign_in(client, email("admin"))  # a new session: the old page's token belongs to the old one
    replayed = client.post("/console/orgs", data={"name": "Forged Ltd", "csrf": stolen})
    for response in (missing, forged, replayed):
        assert response.status_code == 403
        assert "did not come from this site" in response.text
    assert audit_actions(client) == before
    assert "Forged Ltd" not in client.get("/console").text


def test_sign_in_itself_needs_the_token(client: TestClient) -> None:
    client.cookies.clear()
    response = client.post("/console/signin", data={"email": OPERATOR, "password": PASSWORD})
    assert response.status_code == 403
    assert client.get("/console", follow_redirects=False).status_code == 303


# --- who sees what --------------------------------------------------------------------------------

ORG_PAGES = {
    "": ("admin", "developer", "tester", "reviewer"),
    "/members": ("admin", "developer", "tester", "reviewer"),
    "/keys": ("admin", "developer", "tester", "reviewer"),
    "/audit": ("admin",),
}
APP_PAGES = ("", "/versions", "/release", "/qr")
OPERATOR_PAGES = (
    "/console/operator",
    "/console/operator/users",
    "/console/operator/limits",
    "/console/operator/health",
    "/console/operator/audit",
)


@pytest.mark.parametrize("person", PEOPLE)
def test_each_page_opens_for_its_roles_and_is_refused_to_others(client: TestClient, world: World, person: str) -> None:
    sign_in(client, email(person))
    for suffix, allowed in ORG_PAGES.items():
        response = client.get(f"/console/orgs/{world.org_id}{suffix}")
        assert response.status_code == (200 if person in allowed else 403), (suffix, response.text)
    for suffix in APP_PAGES:
        response = client.get(f"/console/apps/{world.appid}{suffix}")
        assert response.status_code == (403 if person == "outsider" else 200), suffix
    assert client.get("/console/review").status_code == (200 if person == "reviewer" else 403)
    for page in OPERATOR_PAGES:
        assert client.get(page).status_code == 403


def test_the_operator_opens_every_page(client: TestClient, world: World) -> None:
    sign_in(client, OPERATOR)
    pages = [f"/console/orgs/{world.org_id}{s}" for s in ORG_PAGES] + [
        f"/console/apps/{world.appid}{s}" for s in APP_PAGES
    ]
    for page in [*pages, *OPERATOR_PAGES, "/console/review"]:
        assert client.get(page).status_code == 200, page
    assert "Acme" in client.get("/console/operator").text


def test_forms_are_offered_only_to_those_who_may_use_them(client: TestClient, world: World) -> None:
    sign_in(client, email("tester"))
    assert "Save profile" not in client.get(f"/console/apps/{world.appid}").text
    assert "Add member" not in client.get(f"/console/orgs/{world.org_id}/members").text
    sign_in(client, email("developer"))
    settings = client.get(f"/console/apps/{world.appid}").text
    assert "Save profile" in settings and "Reset appsecret" not in settings
    sign_in(client, email("admin"))
    assert "Reset appsecret" in client.get(f"/console/apps/{world.appid}").text


def test_a_refused_write_is_an_error_message_not_a_change(client: TestClient, world: World) -> None:
    sign_in(client, email("tester"))
    page = client.post(
        f"/console/orgs/{world.org_id}/members",
        data={"csrf": token(client, f"/console/orgs/{world.org_id}"), "email": email("outsider"), "role": "admin"},
    )
    assert "needs the admin role" in flashes(page.text)[0]
    assert "(errcode 90003)" in flashes(page.text)[0]
    assert world.user_ids["outsider"] not in members_of(client, world.org_id)


def members_of(client: TestClient, org_id: int) -> dict[int, set[str]]:
    async def listed(state: Any) -> dict[int, set[str]]:
        async with state.db.session() as s:
            return {m.user.id: {r.value for r in m.roles} for m in await accounts.members(s, org_id)}

    return dict(run(client, listed))


# --- organisations and members --------------------------------------------------------------------


def test_members_are_added_changed_and_removed_with_audit_entries(client: TestClient, world: World) -> None:
    sign_in(client, email("admin"))
    base = f"/console/orgs/{world.org_id}/members"
    outsider = world.user_ids["outsider"]
    post(client, base, base, email=email("outsider"), role="tester")
    assert members_of(client, world.org_id)[outsider] == {"tester"}
    page = client.post(
        f"{base}/{outsider}/roles", data={"csrf": token(client, base), "role": ["developer", "reviewer"]}
    )
    assert "Roles saved." in flashes(page.text)
    assert members_of(client, world.org_id)[outsider] == {"developer", "reviewer"}
    post(client, base, f"{base}/{outsider}/remove")
    assert outsider not in members_of(client, world.org_id)
    unknown = post(client, base, base, email="nobody@example.com", role="tester")
    assert "no account for nobody@example.com" in flashes(unknown.text)[0]
    actions = audit_actions(client, world.org_id)
    assert actions.count("member.add") >= 3 + 3  # the world's three, then tester, developer, reviewer
    assert actions.count("member.remove") >= 3


def test_the_last_admin_cannot_be_removed(client: TestClient, world: World) -> None:
    sign_in(client, email("admin"))
    base = f"/console/orgs/{world.org_id}/members"
    page = post(client, base, f"{base}/{world.user_ids['admin']}/remove")
    assert "(errcode 90004)" in flashes(page.text)[0]
    assert "admin" in members_of(client, world.org_id)[world.user_ids["admin"]]


# --- mini programs --------------------------------------------------------------------------------


def test_the_appsecret_is_shown_once_and_resetting_replaces_it(client: TestClient, world: World) -> None:
    sign_in(client, email("admin"))
    created = post(client, f"/console/orgs/{world.org_id}", f"/console/orgs/{world.org_id}/apps", name="Secretive")
    secret = SECRET.search(created.text).group(1)  # type: ignore[union-attr]
    appid = re.search(r"om[0-9a-f]{16}", created.text).group(0)  # type: ignore[union-attr]
    assert created.headers["cache-control"] == "no-store"
    for page in ("", "/versions", "/release", "/qr"):
        assert secret not in client.get(f"/console/apps/{appid}{page}").text
    assert secret not in client.get(f"/console/orgs/{world.org_id}").text

    async def verify(state: Any, candidate: str) -> bool:
        async with state.db.session() as s:
            try:
                await apps.verify_secret(s, appid, candidate)
            except Exception:
                return False
            return True

    assert run(client, lambda state: verify(state, secret))
    reset = post(client, f"/console/apps/{appid}", f"/console/apps/{appid}/secret")
    new_secret = SECRET.search(reset.text).group(1)  # type: ignore[union-attr]
    assert new_secret != secret
    assert not run(client, lambda state: verify(state, secret))
    assert run(client, lambda state: verify(state, new_secret))
    assert {"app.create", "app.reset_secret"} <= set(audit_actions(client, world.org_id))


def test_profile_and_domains_are_saved_and_bad_domains_explained(client: TestClient, world: World) -> None:
    sign_in(client, email("developer"))
    page = f"/console/apps/{world.appid}"
    saved = post(client, page, f"{page}/profile", name="Acme Shop", category="Shopping", icon="", description="Buy")
    assert "Profile saved." in flashes(saved.text)
    assert 'value="Shopping"' in saved.text
    domains = post(
        client,
        page,
        f"{page}/domains",
        request="https://api.acme.example\nhttps://cdn.acme.example:8443",
        socket="wss://ws.acme.example",
        upload="",
        download="",
    )
    assert "Domains saved." in flashes(domains.text)
    assert "https://cdn.acme.example:8443" in domains.text
    refused = post(client, page, f"{page}/domains", request="http://plain.example", socket="", upload="", download="")
    assert "(errcode 40097)" in flashes(refused.text)[0]
    assert "https://api.acme.example" in refused.text  # unchanged
    actions = audit_actions(client, world.org_id)
    assert "app.update" in actions and "app.set_domains" in actions


def test_qr_codes_of_the_release_and_trial_links_with_a_scene(client: TestClient, world: World) -> None:
    sign_in(client, email("tester"))
    page = client.get(f"/console/apps/{world.appid}/qr", params={"env": "trial", "scene": "shelf=3", "width": "300"})
    assert page.status_code == 200
    link = f"http://testserver/a/{world.appid}?scene=shelf%3D3&amp;env=trial&amp;via=code"
    assert link in page.text
    png = client.get(f"/console/apps/{world.appid}/qr.png", params={"env": "trial", "scene": "shelf=3"})
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = client.get(f"/console/apps/{world.appid}/qr.svg", params={"width": "280"})
    assert svg.headers["content-type"] == "image/svg+xml" and b"<svg" in svg.content
    for source in re.findall(r'(?:src|href)="(/console/apps/[^"]+/qr\.(?:png|svg)\?[^"]+)"', page.text):
        assert client.get(source.replace("&amp;", "&")).status_code == 200, source
    plain = client.get(f"/console/apps/{world.appid}/qr").text
    image = re.search(r'<img src="([^"]+)"', plain).group(1)  # type: ignore[union-attr]
    assert client.get(image.replace("&amp;", "&")).headers["content-type"] == "image/svg+xml"
    bad = client.get(f"/console/apps/{world.appid}/qr", params={"scene": "no spaces allowed"})
    assert "(errcode 40129)" in bad.text and "<img" not in bad.text
    assert client.get(f"/console/apps/{world.appid}/qr.png", params={"scene": "x" * 33}).status_code == 400
    sign_in(client, email("outsider"))
    assert client.get(f"/console/apps/{world.appid}/qr.png").status_code == 403


# --- API keys -------------------------------------------------------------------------------------


def test_an_api_key_is_shown_once_works_and_is_revoked(client: TestClient, world: World) -> None:
    sign_in(client, email("developer"))
    keys = f"/console/orgs/{world.org_id}/keys"
    created = post(client, keys, keys, name="CI on main")
    secret = SECRET.search(created.text).group(1)  # type: ignore[union-attr]
    assert secret.startswith("omk_")
    listing = client.get(keys).text
    assert secret not in listing and secret[:12] in listing and "never" in listing
    assert run(client, lambda state: use_key(state, secret)) == world.user_ids["developer"]
    assert "never" not in client.get(keys).text  # last used is shown once the key was used
    key_id = re.search(rf"{keys}/(\d+)/revoke", client.get(keys).text).group(1)  # type: ignore[union-attr]
    revoked = post(client, keys, f"{keys}/{key_id}/revoke")
    assert "API key revoked." in flashes(revoked.text)
    with pytest.raises(PlatformError) as refused:
        run(client, lambda state: use_key(state, secret))
    assert refused.value.errcode == 40001
    assert {"api_key.create", "api_key.revoke"} <= set(audit_actions(client, world.org_id))


async def use_key(state: Any, secret: str) -> int | None:
    async with state.db.session() as s:
        return (await accounts.authenticate_api_key(s, secret)).user_id


# --- versions, review, release --------------------------------------------------------------------


def test_a_version_goes_from_upload_through_review_to_release_and_back(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    sign_in(client, email("admin"))
    created = post(client, f"/console/orgs/{world.org_id}", f"/console/orgs/{world.org_id}/apps", name="Flow")
    appid = re.search(r"om[0-9a-f]{16}", created.text).group(0)  # type: ignore[union-attr]
    first = upload(client, tmp_path / "v1", appid, "1.0.0", 1)
    app_page = f"/console/apps/{appid}"

    sign_in(client, email("developer"))
    history = client.get(f"{app_page}/versions").text
    assert "1.0.0" in history and email("developer") in history and "develop" in history
    trial = post(client, f"{app_page}/versions", f"{app_page}/versions/{first}/trial")
    assert "Trial version set." in flashes(trial.text)
    submitted = post(client, f"{app_page}/versions", f"{app_page}/versions/{first}/submit", notes="first release")
    assert "Submitted for audit" in flashes(submitted.text)[0]
    again = post(client, f"{app_page}/versions", f"{app_page}/versions/{first}/submit", notes="twice")
    assert "(errcode 85020)" in flashes(again.text)[0] or "(errcode 85009)" in flashes(again.text)[0]
    assert client.get(f"/console/review/{first}").status_code == 403

    sign_in(client, email("reviewer"))
    queue = client.get("/console/review").text
    assert "Flow" in queue and "first release" in queue
    review = client.get(f"/console/review/{first}").text
    assert "wx.setStorageSync" in review  # the capability report
    assert "Nothing is live yet" in review and "pages/index/index.css" in review  # the diff
    # No Chromium on this test server: the page says so instead of showing an image.
    assert "No screenshot: Chromium is not installed on this server" in review
    assert "<img" not in review
    no_reason = post(client, f"/console/review/{first}", f"/console/review/{first}/reject", reason=" ")
    assert "a rejection needs a reason" in flashes(no_reason.text)[0]
    approved = post(client, f"/console/review/{first}", f"/console/review/{first}/approve", reason="fine")
    assert "Approved" in flashes(approved.text)[0]

    sign_in(client, email("developer"))
    released = post(client, f"{app_page}/release", f"{app_page}/release/full", version_id=str(first))
    assert "Released to everyone." in flashes(released.text)
    assert re.search(r"Live version</dt>\s*<dd>1\.0\.0", released.text)

    second = upload(client, tmp_path / "v2", appid, "1.1.0", 2)
    post(client, f"{app_page}/versions", f"{app_page}/versions/{second}/submit", notes="second")
    withdrawn = post(client, f"{app_page}/versions", f"{app_page}/withdraw")
    assert "Withdrawn from audit." in flashes(withdrawn.text)
    post(client, f"{app_page}/versions", f"{app_page}/versions/{second}/submit", notes="second, again")
    sign_in(client, email("reviewer"))
    review = client.get(f"/console/review/{second}").text
    assert "Changes from the live version (1.0.0)" in review
    assert re.search(r"Changed \(\d+\)</h3>\s*<ul", review)
    rejected = post(client, f"/console/review/{second}", f"/console/review/{second}/reject", reason="typo on page")
    assert "Rejected" in flashes(rejected.text)[0]
    sign_in(client, email("developer"))
    assert "typo on page" in client.get(f"{app_page}/versions").text
    post(client, f"{app_page}/versions", f"{app_page}/versions/{second}/submit", notes="fixed")
    sign_in(client, email("reviewer"))
    post(client, f"/console/review/{second}", f"/console/review/{second}/approve", reason="")

    sign_in(client, email("developer"))
    gradual = post(
        client, f"{app_page}/release", f"{app_page}/release/gradual", version_id=str(second), percentage="50", allow=""
    )
    assert "Gradual release updated." in flashes(gradual.text)
    assert f"1.1.0 (#{second}) to 50 % of users" in gradual.text
    shrink = post(
        client, f"{app_page}/release", f"{app_page}/release/gradual", version_id=str(second), percentage="20", allow=""
    )
    assert "(errcode 85082)" in flashes(shrink.text)[0]
    raised = post(client, f"{app_page}/release", f"{app_page}/release/raise")
    assert "Raised to 100 %" in flashes(raised.text)[0]
    assert re.search(r"Live version</dt>\s*<dd>1\.1\.0", raised.text)
    rolled = post(client, f"{app_page}/release", f"{app_page}/release/rollback")
    assert "Rolled back" in flashes(rolled.text)[0]
    assert re.search(r"Live version</dt>\s*<dd>1\.0\.0", rolled.text)
    twice = post(client, f"{app_page}/release", f"{app_page}/release/rollback")
    assert "(errcode 87012)" in flashes(twice.text)[0]

    sign_in(client, email("admin"))
    log = client.get(f"/console/orgs/{world.org_id}/audit").text
    for action in (
        "version.set_trial",
        "version.submit_audit",
        "version.withdraw_audit",
        "version.approve",
        "version.reject",
        "release.full",
        "release.gradual",
        "release.rollback",
    ):
        assert f"<code>{action}</code>" in log, action


def test_the_preview_is_for_reviewers_or_a_valid_token(client: TestClient, world: World, tmp_path: Path) -> None:
    version_id = upload(client, tmp_path, world.appid, "0.9.0", 9)
    sign_in(client, email("developer"))
    assert client.get(f"/console/preview/{version_id}").status_code == 403
    client.cookies.clear()
    assert client.get(f"/console/preview/{version_id}", params={"token": "forged"}).status_code == 403
    assert client.get(f"/console/preview/{version_id}", follow_redirects=False).status_code == 303
    # Unreleased code stays private without the preview grant.
    assert client.get(f"/p/{version_id}/manifest.json").status_code == 404
    sign_in(client, email("reviewer"))
    preview = client.get(f"/console/preview/{version_id}")
    assert preview.status_code == 200
    assert f'"packageBase": "http://testserver/p/{version_id}/"' in preview.text
    assert client.get(f"/p/{version_id}/manifest.json").status_code == 200


# --- audit log ------------------------------------------------------------------------------------


def test_the_audit_log_filters_by_actor_and_action(client: TestClient, world: World) -> None:
    sign_in(client, email("admin"))
    page = f"/console/orgs/{world.org_id}/audit"
    by_action = client.get(page, params={"action": "member."}).text
    actions = set(re.findall(r"<code>([a-z_]+\.[a-z_]+)</code>", by_action))
    assert actions and all(a.startswith("member.") for a in actions)
    by_actor = client.get(page, params={"actor": "ADMIN@"}).text
    assert "admin@example.com" in by_actor and "developer@example.com</td>" not in by_actor
    assert "No entries match." in client.get(page, params={"actor": "nobody-at-all"}).text
    sign_in(client, OPERATOR)
    everything = client.get("/console/operator/audit", params={"action": "user.create"}).text
    assert all(email(p) in everything for p in PEOPLE)


# --- operator pages -------------------------------------------------------------------------------


def test_the_operator_sets_limits_that_are_validated_and_audited(client: TestClient) -> None:
    sign_in(client, OPERATOR)
    page = "/console/operator/limits"
    saved = post(
        client,
        page,
        page,
        main="1048576",
        subpackage="1048576",
        total="4194304",
        restrict_apis="1",
        allowed_apis="request\nwx.getStorageSync\n",
    )
    assert "Limits saved." in flashes(saved.text)
    assert 'value="1048576"' in saved.text and "getStorageSync\nrequest" in saved.text
    refused = post(client, page, page, main="5000000", subpackage="1", total="4194304", allowed_apis="")
    assert "(errcode 40097)" in flashes(refused.text)[0]
    assert 'value="4194304"' in refused.text and "checked" in refused.text  # unchanged
    post(client, page, page, main="2097152", subpackage="2097152", total="20971520", allowed_apis="")
    assert "limits.set" in audit_actions(client)


def test_the_review_page_flags_apis_the_operator_does_not_allow(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    version_id = upload(client, tmp_path, world.appid, "2.0.0", 20)
    sign_in(client, email("developer"))
    app_page = f"/console/apps/{world.appid}"
    post(client, f"{app_page}/versions", f"{app_page}/withdraw")  # whatever another test left under audit
    post(client, f"{app_page}/versions", f"{app_page}/versions/{version_id}/submit", notes="")
    sign_in(client, OPERATOR)
    limits_page = "/console/operator/limits"
    post(
        client,
        limits_page,
        limits_page,
        main="2097152",
        subpackage="2097152",
        total="20971520",
        restrict_apis="1",
        allowed_apis="request",
    )
    try:
        review = client.get(f"/console/review/{version_id}").text
        assert "Uses APIs this platform does not allow: wx.setStorageSync" in review
    finally:
        post(client, limits_page, limits_page, main="2097152", subpackage="2097152", total="20971520", allowed_apis="")


def test_health_shows_requests_per_minute_and_storage(client: TestClient) -> None:
    minute = int(time.time() // 60)

    async def count(state: Any) -> None:
        async with state.db.session() as s:
            await metrics.flush(s, "process-a", {minute: (7, 1)})
            await metrics.flush(s, "process-b", {minute: (5, 0)})

    run(client, count)
    sign_in(client, OPERATOR)
    page = client.get("/console/operator/health").text
    label = datetime.fromtimestamp(minute * 60, UTC).strftime("%Y-%m-%d %H:%M")
    row = re.search(rf"<td>{label}</td><td>(\d+)</td><td>(\d+)</td>", page)
    assert row is not None
    # This process's own counts may have been written in the same minute too.
    assert int(row.group(1)) >= 12 and int(row.group(2)) >= 1
    assert re.search(r"Database</dt><dd>\d+\.\d (KB|MB)", page)
    assert re.search(r"Blob store</dt><dd>[\d.]+ (bytes|KB|MB) in \d+ objects", page)
