"""The suite needs node, Debian's chromium, PostgreSQL 15's server binaries, zbarimg and redis-server;
scripts/bootstrap installs them.

A missing one fails the run at once instead of letting tests skip, so a broken install step
can never pass as green.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles

from openmini.platform import accounts
from support.services import (
    PG_BIN,
    REDIS_SERVER,
    database_url,
    postgres_server,
    postgres_url,
    redis_url,
    s3_blob_url,
    s3_server,
)

# Fixtures for every test: the scale-out path runs on real PostgreSQL, S3-compatible and Redis servers.
__all__ = ["database_url", "postgres_server", "postgres_url", "redis_url", "s3_blob_url", "s3_server"]


# Production parameters cost 0.1-0.4 s per password here; the suite creates hundreds of users.
accounts.use_password_hasher(PasswordHasher.from_parameters(profiles.CHEAPEST))


def pytest_sessionstart(session: pytest.Session) -> None:
    needed = {
        "node": shutil.which("node") is not None,
        "/usr/bin/chromium": Path("/usr/bin/chromium").exists(),
        str(PG_BIN / "pg_ctl"): (PG_BIN / "pg_ctl").exists(),
        "zbarimg": shutil.which("zbarimg") is not None,
        str(REDIS_SERVER): REDIS_SERVER.exists(),
    }
    missing = [name for name, found in needed.items() if not found]
    if missing:
        raise pytest.UsageError(f"missing {', '.join(missing)}: run scripts/bootstrap (as root on a fresh machine)")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
