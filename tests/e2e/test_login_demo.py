"""The README's "Log in and notify" sample, end to end: examples/login_demo released on a platform
with the domain check off, its backend (examples/login_demo_backend) running as its own process,
and a guest in Chromium — login shows the openid, a tap shares the profile, "Notify me" subscribes
and the backend's message arrives in the shell's inbox."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from examples_support import chromium_page

from openmini.settings import Settings
from support.live_server import free_port, local_url, release_folder, serve_platform

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "login_demo"
BACKEND = ROOT / "examples" / "login_demo_backend" / "backend.py"
TIMEOUT_S = 20.0
# "Your number is called": Ticket (character_string1) and Counter (thing2), what the backend sends.
CALLED_TID = 3001


@dataclass(frozen=True)
class Demo:
    base: str
    appid: str



def add_template(base: str, appid: str, secret: str) -> str:
    """What the README does with curl: a token, then the library template the backend sends."""
    params = {"grant_type": "client_credential", "appid": appid, "secret": secret}
    token = requests.get(f"{base}/cgi-bin/token", params=params, timeout=TIMEOUT_S).json()["access_token"]
    added = requests.post(
        f"{base}/wxaapi/newtmpl/addtemplate",
        params={"access_token": token},
        json={"tid": CALLED_TID, "kidList": [1, 2], "sceneDesc": "number called"},
        timeout=TIMEOUT_S,
    ).json()
    assert added["errcode"] == 0, added
    return str(added["priTmplId"])


def wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        assert process.poll() is None, "the backend stopped while starting"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, "the backend did not start"
            time.sleep(0.05)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    backend_port = free_port()
    # The sample as a developer would ship it, pointed at where its backend runs in this test.
    source = tmp_path_factory.mktemp("sample") / "login_demo"
    shutil.copytree(SAMPLE, source)
    config = (source / "config.js").read_text(encoding="utf-8")
    (source / "config.js").write_text(config.replace("http://127.0.0.1:8090", local_url(backend_port)))
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("serve"),
        public_url=local_url(free_port()),
        secret_key="test",
        review_screenshots=False,
        url_check=False,
    )
    with serve_platform(settings) as base:
        appid, secret = asyncio.run(release_folder(settings, source, "Login demo"))
        env = {
            **os.environ,
            "OPENMINI_URL": base,
            "APPID": appid,
            "APPSECRET": secret,
            "TEMPLATE_ID": add_template(base, appid, secret),
            "PORT": str(backend_port),
        }
        backend = subprocess.Popen([sys.executable, str(BACKEND)], env=env, stdout=subprocess.DEVNULL)
        try:
            wait_for_port(backend_port, backend)
            yield Demo(base, appid)
        finally:
            backend.terminate()
            backend.wait()


@pytest.fixture
def page() -> Iterator[Any]:
    with chromium_page(TIMEOUT_S) as pg:
        yield pg


def mini_program(pg: Any) -> Any:
    """The sample's page frame, once it rendered."""
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        frames = pg.query_selector_all("#app iframe.om-page")
        frame = frames[-1].content_frame() if frames else None
        if frame is not None and frame.query_selector("#notify") is not None:
            return frame
        assert time.monotonic() < deadline, "the sample did not render"
        time.sleep(0.1)


def shown(frame: Any, selector: str) -> str:
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        text = (frame.text_content(selector) or "").strip()
        if text:
            return str(text)
        assert time.monotonic() < deadline, f"{selector} stayed empty"
        time.sleep(0.05)


def test_login_profile_and_notify_reach_the_inbox(page: Any, demo: Demo) -> None:
    page.goto(f"{demo.base}/")
    # the session must exist before the next navigation, which would cancel the request making it
    with page.expect_response("**/api/shell/guest"):
        page.get_by_role("button", name="Continue as guest").click()
    page.goto(f"{demo.base}/a/{demo.appid}")
    frame = mini_program(page)

    # wx.login on load → the backend's code2Session → the openid on screen
    openid = shown(frame, "#openid")
    assert shown(frame, "#status") == "Logged in"
    assert openid.startswith("o") and len(openid) == 28, openid

    # the profile, after a tap and the host's prompt, checked by the backend with the session_key
    frame.click("#profile")
    page.locator(".om-modal").get_by_text("to greet you by name").wait_for()
    page.locator(".om-modal-confirm").click()
    assert shown(frame, "#nickname") == "Guest (signature checked)"

    # "Notify me": the subscription prompt during the tap, then the backend sends the message
    frame.click("#notify")
    prompt = page.locator(".om-consent")
    prompt.get_by_text("Your number is called").wait_for()
    prompt.get_by_role("button", name="允许").click()
    assert shown(frame, "#notified") == "Sent: see Messages in the shell"

    # the message is in the shell's inbox
    page.locator(".om-capsule-close").click()
    page.locator("#app").wait_for(state="hidden")
    page.get_by_role("button", name="Messages, 1 unread").click()
    page.get_by_role("button", name="Your number is called").wait_for()
    page.get_by_text("Ticket: A001 · Counter: Counter 3").wait_for()
