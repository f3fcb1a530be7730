"""One mini program opens another in the shell of `openmini serve`, and the other goes back.

The fixture (fixtures/jump_app) is released twice, as A and B. A, opened from its link with B's
appid in the query, calls `wx.navigateToMiniProgram`: after the user confirms, B runs with scene
1037, A as its referrer and A's `extraData`, while A waits in the background. B's
`wx.navigateBackMiniProgram` closes B and brings A back with scene 1038 and B's `extraData`.
A release cannot open an appid the platform does not know: it fails with the server's reason.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from examples_support import chromium_page
from playwright.sync_api import Error as PlaywrightError

from openmini.settings import Settings
from support.live_server import free_port, local_url, release_folder, serve_platform

FIXTURE = Path(__file__).parent / "fixtures" / "jump_app"
TIMEOUT_S = 20.0


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    """The platform's URL and the appids of A and B."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("serve"), public_url=local_url(free_port()))
    with serve_platform(settings) as base:
        a, _ = asyncio.run(release_folder(settings, FIXTURE, "Jump A"))
        b, _ = asyncio.run(release_folder(settings, FIXTURE, "Jump B"))
        yield base, a, b


@pytest.fixture
def page() -> Iterator[Any]:
    with chromium_page(TIMEOUT_S) as pg:
        yield pg


def visible_frame(pg: Any) -> Any:
    """The page frame of the mini program on screen (the others wait hidden)."""
    frame = (
        pg.locator(".sh-box:not([hidden]) iframe.om-page:not([hidden])")
        .last.element_handle(timeout=1000)
        .content_frame()
    )
    assert frame is not None
    return frame


def wait_text(pg: Any, selector: str, needle: str) -> None:
    """Wait until the element of the mini program on screen shows `needle` (frames are cross-origin)."""
    seen = ""
    deadline = time.time() + TIMEOUT_S
    while needle not in seen:
        assert time.time() < deadline, f"{needle!r} in {selector} (saw {seen!r}; notice {pg.text_content('#notice')!r})"
        time.sleep(0.1)
        try:
            seen = visible_frame(pg).evaluate("(s) => (document.querySelector(s) || {}).textContent || ''", selector)
        except (AttributeError, AssertionError, PlaywrightError):  # no frame yet, or it went away
            seen = ""


def open_a(pg: Any, base: str, a: str, target: str) -> None:
    pg.goto(f"{base}/a/{a}?query={quote(f'target={target}')}")
    pg.get_by_role("button", name="Continue as guest").click()
    wait_text(pg, "#shown", "scene 1194 from -")


def test_a_mini_program_opens_another_and_gets_its_answer_back(page: Any, served: tuple[str, str, str]) -> None:
    base, a, b = served
    open_a(page, base, a, b)
    visible_frame(page).locator("#go").click()
    dialog = page.locator(".om-modal")
    dialog.wait_for()
    assert "即将打开“Jump B”小程序" in dialog.inner_text()
    dialog.locator(".om-modal-confirm").click()
    wait_text(page, "#shown", f'scene 1037 from {a} extra {{"hello":"b"}} query {{"from":"a"}}')
    assert page.locator(".sh-box").count() == 2  # A waits behind B
    visible_frame(page).locator("#back").click()
    wait_text(page, "#shown", f'scene 1038 from {b} extra {{"answer":42}}')
    assert page.locator(".sh-box").count() == 1


def test_going_back_needs_a_mini_program_that_opened_this_one(page: Any, served: tuple[str, str, str]) -> None:
    base, a, _ = served
    open_a(page, base, a, "om0000000000000000")
    visible_frame(page).locator("#back").click()
    wait_text(page, "#log", "navigateBackMiniProgram:fail not opened by another mini program")
    visible_frame(page).locator("#go").click()
    wait_text(page, "#log", "navigateToMiniProgram:fail")
    assert page.locator(".om-modal").count() == 0  # nothing to confirm: the server refused first
