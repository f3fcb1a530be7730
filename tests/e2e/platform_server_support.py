"""`openmini serve`'s app running for a browser test: uvicorn in a thread, lifespan included.

The port comes from ``settings.public_url``, because the platform writes that URL into the links and
QR codes it makes; pick it with :func:`free_port` before building the settings.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import uvicorn

from openmini.server.app import create_platform_app
from openmini.settings import Settings

# The first start migrates the database and compiles and releases the sample mini programs.
STARTUP_LIMIT_S = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def local_url(port: int) -> str:
    return f"http://127.0.0.1:{port}"


@contextmanager
def serve_platform(settings: Settings) -> Iterator[str]:
    """The platform for ``settings`` on the loopback port of its public URL; yields that URL."""
    port = urlsplit(settings.public_url).port
    assert port is not None, f"the public URL {settings.public_url} names no port"
    app = create_platform_app(settings, on_first_run=lambda _: None)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_LIMIT_S
    while not server.started:
        assert thread.is_alive(), "the platform server stopped while starting (see its log above)"
        assert time.monotonic() < deadline, "the platform server did not start"
        time.sleep(0.05)
    try:
        yield local_url(port)
    finally:
        server.should_exit = True
        thread.join()
