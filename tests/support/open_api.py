"""For tests of the open API over real HTTP: a server in a thread, and an organisation that publishes."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn
from fastapi import FastAPI

from openmini.platform import accounts, apps
from openmini.platform.accounts import Role
from openmini.platform.audit import Actor
from openmini.store.database import Database

PASSWORD = "correct horse battery"
STARTUP_LIMIT_S = 60  # the lifespan compiles and releases the samples on a fresh data dir


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` (lifespan included) with uvicorn on a free loopback port; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_LIMIT_S
    while not server.started:
        assert thread.is_alive(), "the server stopped while starting (see its log above)"
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()


@dataclass(frozen=True)
class Publisher:
    """An organisation with one mini program: its admin, an API key of the admin, and a reviewer."""

    org_id: int
    admin: Actor
    reviewer: Actor
    appid: str
    key: str


async def make_publisher(db: Database, name: str) -> Publisher:
    async with db.session() as s:
        admin = accounts.actor_for(await accounts.register(s, f"admin@{name}.example", PASSWORD))
        reviewer_user = await accounts.register(s, f"reviewer@{name}.example", PASSWORD)
        org = await accounts.create_organisation(s, admin, name)
        await accounts.add_member(s, admin, org.id, reviewer_user.id, Role.REVIEWER)
        app, _secret = await apps.create_app(s, admin, org.id, f"{name} app")
        _, key = await accounts.create_api_key(s, admin, org.id, "ci")
    return Publisher(org.id, admin, accounts.actor_for(reviewer_user), app.appid, key)
