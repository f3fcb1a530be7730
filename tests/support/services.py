"""Real PostgreSQL, S3-compatible and Redis servers on loopback for the scale-out path, as pytest fixtures.

PostgreSQL 15 comes from Debian's `postgresql` package (scripts/bootstrap installs it); each pytest
process starts one throwaway cluster in a temp dir and each test module gets its own database.
The S3 side is moto's threaded server rather than SeaweedFS: moto is a pip dependency already (no
binary to download or package), starts in-process in well under a second, and speaks the S3 calls
obstore makes (put, get with ranges, head, delete) with path-style addressing.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_USER = "postgres"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(argv: list[str]) -> None:
    """Run a server binary as the `postgres` user: initdb and postgres refuse to run as root."""
    if os.geteuid() == 0:
        argv = ["su", PG_USER, "-s", "/bin/sh", "-c", subprocess.list2cmdline(argv)]
    subprocess.run(argv, check=True, capture_output=True, text=True)


@dataclass(frozen=True)
class PostgresServer:
    port: int
    data_dir: Path

    def url(self, database: str, driver: str = "psycopg") -> str:
        return f"postgresql+{driver}://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def conninfo(self, database: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user={PG_USER} dbname={database}"

    def create_database(self) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        # FORCE: a test that forgot to dispose its engine must not make teardown fail or hang.
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_postgres(root: Path) -> PostgresServer:
    data_dir = root / "data"
    root.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        owner = pwd.getpwnam(PG_USER)
        os.chown(root, owner.pw_uid, owner.pw_gid)
    _as_postgres([str(PG_BIN / "initdb"), "-D", str(data_dir), "-U", PG_USER, "--auth=trust", "-E", "UTF8"])
    port = _free_port()
    # Durability is pointless for a throwaway cluster; the socket dir is ours so no /run/postgresql is needed.
    options = (
        f"-p {port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off -c full_page_writes=off"
        " -c synchronous_commit=off -c max_connections=200"
    )
    _as_postgres(
        [str(PG_BIN / "pg_ctl"), "-D", str(data_dir), "-l", str(root / "server.log"), "-w", "-o", options, "start"]
    )
    return PostgresServer(port=port, data_dir=data_dir)


def stop_postgres(server: PostgresServer) -> None:
    _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(server.data_dir), "-m", "immediate", "-w", "stop"])


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    region: str = "us-east-1"

    def create_bucket(self) -> str:
        # Imported here: boto3 and moto take a second to import and most runs never need them.
        import boto3  # type: ignore[import-untyped]

        name = f"t-{uuid.uuid4().hex[:12]}"
        client = boto3.client("s3", endpoint_url=self.endpoint, region_name=self.region)
        client.create_bucket(Bucket=name)
        return name

    def blob_url(self, bucket: str) -> str:
        return f"s3://{bucket}?endpoint={self.endpoint}&region={self.region}"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    root = Path(tempfile.mkdtemp(prefix="openmini-pg-"))
    server = start_postgres(root)
    try:
        yield server
    finally:
        stop_postgres(server)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for the test module (SQLAlchemy URL, psycopg 3 driver)."""
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    from moto.server import ThreadedMotoServer

    # obstore and boto3 both read credentials from the environment; moto accepts any.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AWS_ACCESS_KEY_ID", "openmini-test")
        env.setenv("AWS_SECRET_ACCESS_KEY", "openmini-test")
        env.setenv("AWS_DEFAULT_REGION", "us-east-1")
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            yield S3Server(endpoint=f"http://{host}:{port}")
        finally:
            server.stop()


@pytest.fixture(scope="module")
def s3_blob_url(s3_server: S3Server) -> str:
    """An `open_blob_store` URL of a fresh, empty bucket for the test module."""
    return s3_server.blob_url(s3_server.create_bucket())


REDIS_SERVER = Path("/usr/bin/redis-server")
REDIS_START_LIMIT_S = 30


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A throwaway Redis (Debian's redis-server) on a loopback port, nothing saved to disk; its URL."""
    port = _free_port()
    argv = [str(REDIS_SERVER), "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
    with tempfile.TemporaryDirectory(prefix="openmini-redis-") as root:
        server = subprocess.Popen([*argv, "--dir", root], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + REDIS_START_LIMIT_S
            while True:
                assert server.poll() is None, "redis-server stopped while starting"
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "redis-server did not start"
                    time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            server.terminate()
            server.wait()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database per test, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'openmini.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create_database()
    yield server.url(name)
    server.drop_database(name)
