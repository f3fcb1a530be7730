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
from examples_support import chromium_page

from openmini.settings import Settings
from support.live_server import free_port, local_url, release_folder, serve_platform

FIXTURE = Path(__file__).parent / "fixtures" / "scene_app"
TIMEOUT = 20.0



@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The base URL of a running platform server and the appid of the released fixture."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("serve"), public_url=local_url(free_port()))
    with serve_platform(settings) as base:
        appid, _secret = asyncio.run(release_folder(settings, FIXTURE, "Scene"))
        yield base, appid


@pytest.fixture
def page() -> Iterator[Any]:
    with chromium_page() as pg:
        yield pg


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
