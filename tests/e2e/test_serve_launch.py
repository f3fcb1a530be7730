"""`openmini serve` in a real browser: a mini program code's link opens the released mini program
in the shell, and its page's `onLoad` receives the code's `scene` as `query.scene`.

The server runs in this process (platform_server_support) over a fresh data dir (SQLite and a
blob folder); the fixture mini program (fixtures/scene_app) is uploaded, reviewed and released through
the platform's own services, as the console and the open API do.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")

from examples_support import ARGS, CHROMIUM  # noqa: E402

from openmini.platform import accounts, apps, releases, versions  # noqa: E402
from openmini.platform.audit import Actor  # noqa: E402
from openmini.platform.uploads import pack_source, prepare_upload  # noqa: E402
from openmini.settings import Settings  # noqa: E402
from openmini.store.blobs import open_blob_store  # noqa: E402
from openmini.store.database import open_database  # noqa: E402
from support.live_server import free_port, local_url, serve_platform  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "scene_app"
TIMEOUT = 20.0


async def publish(settings: Settings) -> str:
    """Release the fixture as a new mini program of its own organisation; returns its appid."""
    db = await open_database(settings.database_url)
    blobs = open_blob_store(settings.blob_url)
    prepared = prepare_upload(pack_source(FIXTURE))
    operator = Actor.system()
    try:
        async with db.session() as s:
            org = await accounts.create_organisation(s, operator, "Scene test")
            app, _secret = await apps.create_app(s, operator, org.id, "Scene")
            version = await versions.create_version(
                s, blobs, operator, app, prepared.package, prepared.source_archive, user_version="1.0.0"
            )
            await versions.submit_audit(s, operator, app, version.id)
            await versions.approve(s, operator, app, version.id)
            await releases.release(s, operator, app, version.id)
            return app.appid
    finally:
        await db.dispose()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The base URL of a running platform server and the appid of the released fixture."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("serve"), public_url=local_url(free_port()))
    with serve_platform(settings) as base:
        yield base, asyncio.run(publish(settings))


@pytest.fixture
def page(served: tuple[str, str]) -> Iterator[Any]:
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pg = browser.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        yield pg
        browser.close()
        assert errors == []


def page_text(pg: Any) -> str:
    """The text of the mini program's top page frame, once it has rendered something."""
    deadline = time.time() + TIMEOUT
    while True:
        frames = pg.query_selector_all("iframe.om-page")
        frame = frames[-1].content_frame() if frames else None
        text = frame.evaluate("() => document.body ? document.body.textContent : ''") if frame else ""
        if "launch=" in text and "launch=0" not in text:
            return str(text)
        assert time.time() < deadline, f"the mini program did not render (notice: {pg.text_content('#notice')!r})"
        time.sleep(0.1)


def test_a_mini_program_code_link_opens_the_release_with_its_scene(page: Any, served: tuple[str, str]) -> None:
    base, appid = served
    page.goto(f"{base}/a/{appid}?scene=abc&via=qr")
    page.get_by_role("button", name="Continue as guest").click()
    text = page_text(page)
    assert "scene=abc" in text
    assert "launch=1011" in text  # WeChat's scene for scanning a QR code
