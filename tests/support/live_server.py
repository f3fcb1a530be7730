"""An ASGI app on a real loopback port, for tests that need real HTTP: browsers, the CLI, wechatpy;
and a mini program released on it.

uvicorn runs in a daemon thread with the app's lifespan, and the helper yields once the server
accepts connections.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import uvicorn
from starlette.types import ASGIApp

from openmini.platform import accounts, apps, releases, versions
from openmini.platform.audit import Actor
from openmini.platform.uploads import pack_source, prepare_upload
from openmini.server.app import create_platform_app
from openmini.settings import Settings
from openmini.store.blobs import open_blob_store
from openmini.store.database import open_database

# The platform's first start migrates the database and compiles and releases the sample mini programs.
STARTUP_LIMIT_S = 120
# A server that does not stop by then (a browser holding a connection) is left to die with the tests.
SHUTDOWN_LIMIT_S = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def local_url(port: int) -> str:
    return f"http://127.0.0.1:{port}"


@contextmanager
def live_server(app: ASGIApp, port: int | None = None) -> Iterator[str]:
    """Serve ``app`` on ``port`` of the loopback interface (a free one when None); yields its base URL."""
    port = port if port is not None else free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_LIMIT_S
    while not server.started:
        assert thread.is_alive(), "the server stopped while starting (see its log above)"
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield local_url(port)
    finally:
        server.should_exit = True
        thread.join(SHUTDOWN_LIMIT_S)


@contextmanager
def serve_platform(settings: Settings) -> Iterator[str]:
    """`openmini serve`'s app for ``settings``, on the port of its public URL; yields that URL.

    The port comes from the settings because the platform writes its public URL into the links and
    QR codes it makes: pick it with :func:`free_port` before building the settings.
    """
    port = urlsplit(settings.public_url).port
    assert port is not None, f"the public URL {settings.public_url} names no port"
    with live_server(create_platform_app(settings, on_first_run=lambda _: None), port) as url:
        yield url


async def release_folder(settings: Settings, source: Path, name: str) -> tuple[str, str]:
    """Release the mini program in ``source`` fully as ``name``, the only app of a new organisation of that name,
    on the platform of ``settings``; returns its appid and appsecret."""
    db = await open_database(settings.database_url)
    blobs = open_blob_store(settings.blob_url)
    prepared = prepare_upload(pack_source(source))
    operator = Actor.system()
    try:
        async with db.session() as s:
            org = await accounts.create_organisation(s, operator, name)
            app, secret = await apps.create_app(s, operator, org.id, name)
            version = await versions.create_version(
                s, blobs, operator, app, prepared.package, prepared.source_archive, user_version="1.0.0"
            )
            await versions.submit_audit(s, operator, app, version.id)
            await versions.approve(s, operator, app, version.id)
            await releases.release(s, operator, app, version.id)
            return app.appid, secret
    finally:
        await db.dispose()
