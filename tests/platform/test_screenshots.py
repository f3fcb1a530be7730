"""Review screenshots in real headless Chromium, against the platform server running in a thread.

The mini program paints a red block on its first page; the test finds red in the screenshot the
server took after a developer submitted the version in the console.
"""

from __future__ import annotations

import asyncio
import base64
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest
from playwright.sync_api import sync_playwright
from pydantic import SecretStr

from openmini.platform import accounts, apps, publishing, screenshots, uploads, versions
from openmini.platform.accounts import Role, actor_for
from openmini.server.console_review import preview_url
from openmini.settings import Settings
from openmini.store.blobs import open_blob_store
from openmini.store.database import open_database
from support.live_server import free_port, local_url, serve_platform

PASSWORD = "screenshot-test-password"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
RED_PAGE = {
    "app.json": '{"pages": ["pages/index/index"], "window": {"navigationBarTitleText": "Red"}}',
    "app.js": "App({})",
    "pages/index/index.json": "{}",
    "pages/index/index.js": "Page({})",
    "pages/index/index.wxml": '<view style="height: 300px; background-color: #ff0000">red</view>',
}


@dataclass(frozen=True)
class Server:
    settings: Settings
    url: str


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("screenshots"),
        secret_key=SecretStr("screenshot-test-secret"),
        operator_email="operator@example.com",
        operator_password=SecretStr(PASSWORD),
        public_url=local_url(free_port()),
    )
    with serve_platform(settings) as url:
        yield Server(settings, url)


def red_source(folder: Path) -> bytes:
    for name, text in RED_PAGE.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return uploads.pack_source(folder)


async def set_up(settings: Settings) -> None:
    """An organisation with a developer and a reviewer, and the "Red" mini program."""
    db = await open_database(settings.database_url)
    try:
        async with db.session() as s:
            developer = await accounts.register(s, "developer@example.com", PASSWORD)
            reviewer = await accounts.register(s, "reviewer@example.com", PASSWORD)
            org = await accounts.create_organisation(s, actor_for(developer), "Painters")
            await accounts.add_member(s, actor_for(developer), org.id, developer.id, Role.DEVELOPER)
            await accounts.add_member(s, actor_for(developer), org.id, reviewer.id, Role.REVIEWER)
            await apps.create_app(s, actor_for(developer), org.id, "Red")
    finally:
        await db.dispose()


@pytest.fixture(scope="module")
def painters(server: Server) -> Server:
    asyncio.run(set_up(server.settings))
    return server


async def upload(settings: Settings, folder: Path, user_version: str) -> tuple[str, int]:
    """A version of the "Red" mini program uploaded by its developer: its appid and version id."""
    db = await open_database(settings.database_url)
    try:
        async with db.session() as s:
            developer = await accounts.user_by_email(s, "developer@example.com")
            assert developer is not None
            organisation = (await accounts.organisations(s, developer.id))[0]
            app = (await apps.apps_of(s, organisation.id))[0]
        published = await publishing.publish(
            db,
            open_blob_store(settings.blob_url),
            actor_for(developer),
            app.appid,
            red_source(folder),
            defaults=settings.package_limits(),
            user_version=user_version,
        )
        return app.appid, published.version.id
    finally:
        await db.dispose()


def sign_in(client: httpx2.Client, email: str) -> None:
    client.cookies.clear()
    token = CSRF.search(client.get("/console/signin").text).group(1)  # type: ignore[union-attr]
    response = client.post("/console/signin", data={"csrf": token, "email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text


def red_pixels(png: bytes) -> tuple[int, int, int]:
    """Width, height and the number of pure red pixels, decoded by Chromium itself."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(screenshots.CHROMIUM), args=screenshots.CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            data = base64.b64encode(png).decode()
            width, height, red = page.evaluate(
                """async (data) => {
                  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
                  const image = await createImageBitmap(new Blob([bytes], {type: 'image/png'}));
                  const canvas = new OffscreenCanvas(image.width, image.height);
                  const context = canvas.getContext('2d');
                  context.drawImage(image, 0, 0);
                  const pixels = context.getImageData(0, 0, image.width, image.height).data;
                  let red = 0;
                  for (let i = 0; i < pixels.length; i += 4) {
                    if (pixels[i] > 240 && pixels[i + 1] < 15 && pixels[i + 2] < 15) red++;
                  }
                  return [image.width, image.height, red];
                }""",
                data,
            )
        finally:
            browser.close()
    return int(width), int(height), int(red)


def test_submitting_takes_a_screenshot_of_the_first_page_for_the_reviewer(painters: Server, tmp_path: Path) -> None:
    server = painters
    appid, version_id = asyncio.run(upload(server.settings, tmp_path, "1.0.0"))
    with httpx2.Client(base_url=server.url, follow_redirects=True, timeout=60) as client:
        sign_in(client, "developer@example.com")
        versions_page = f"/console/apps/{appid}/versions"
        token = CSRF.search(client.get(versions_page).text).group(1)  # type: ignore[union-attr]
        submitted = client.post(f"/console/apps/{appid}/versions/{version_id}/submit", data={"csrf": token})
        assert "Submitted for audit" in submitted.text

        sign_in(client, "reviewer@example.com")
        # The screenshot is taken after the response; wait for the review page to show its outcome.
        deadline = time.monotonic() + 90
        review = client.get(f"/console/review/{version_id}").text
        while "screenshot.png" not in review and "No screenshot:" not in review:
            assert time.monotonic() < deadline, "no screenshot was recorded"
            time.sleep(0.5)
            review = client.get(f"/console/review/{version_id}").text
        assert "No screenshot:" not in review, review
        image = client.get(f"/console/review/{version_id}/screenshot.png")
        assert image.headers["content-type"] == "image/png"
    width, height, red = red_pixels(image.content)
    assert (width, height) == (screenshots.PHONE_WIDTH, screenshots.PHONE_HEIGHT)
    # The 300 px block spans the width of the page, below the navigation bar.
    assert red > screenshots.PHONE_WIDTH * 250


def test_a_version_that_cannot_start_is_recorded_with_the_reason(painters: Server, tmp_path: Path) -> None:
    server = painters

    async def broken() -> screenshots.Screenshot:
        _, version_id = await upload(server.settings, tmp_path, "1.0.1")
        blobs = open_blob_store(server.settings.blob_url)
        await blobs.delete(versions.manifest_key(version_id))
        db = await open_database(server.settings.database_url)
        try:
            return await screenshots.take(db, blobs, version_id, preview_url(server.settings, version_id))
        finally:
            await db.dispose()

    shot = asyncio.run(broken())
    assert shot.blob_key == ""
    assert shot.error.startswith("the mini program did not start:")
    assert "manifest.json: HTTP 404" in shot.error


def test_without_chromium_the_reason_is_recorded_and_no_image_made(painters: Server, tmp_path: Path) -> None:
    server = painters

    async def missing() -> tuple[screenshots.Screenshot, int | None]:
        _, version_id = await upload(server.settings, tmp_path, "1.0.2")
        blobs = open_blob_store(server.settings.blob_url)
        db = await open_database(server.settings.database_url)
        try:
            url = preview_url(server.settings, version_id)
            shot = await screenshots.take(db, blobs, version_id, url, chromium=tmp_path / "no-chromium")
        finally:
            await db.dispose()
        return shot, await blobs.size(screenshots.screenshot_key(version_id))

    shot, stored = asyncio.run(missing())
    assert shot.error == f"Chromium is not installed on this server (looked for {tmp_path / 'no-chromium'})"
    assert shot.blob_key == "" and stored is None
