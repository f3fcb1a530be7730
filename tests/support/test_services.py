"""The service fixtures give real, working PostgreSQL and S3-compatible servers."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import boto3  # type: ignore[import-untyped]
import psycopg
import pytest

from support.services import PostgresServer, S3Server


def test_postgres_round_trip(postgres_server: PostgresServer, postgres_url: str) -> None:
    assert postgres_url.startswith(f"postgresql+psycopg://postgres@127.0.0.1:{postgres_server.port}/t_")
    database = postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_server.conninfo(database)) as conn:
        conn.execute("CREATE TABLE t (id int PRIMARY KEY, name text)")
        conn.execute("INSERT INTO t VALUES (1, 'één')")
        row = conn.execute("SELECT name, current_setting('server_version_num')::int FROM t").fetchone()
    assert row is not None
    assert row[0] == "één"
    assert 150000 <= row[1] < 160000


def test_each_created_database_is_fresh_and_dropped(postgres_server: PostgresServer) -> None:
    name = postgres_server.create_database()
    with psycopg.connect(postgres_server.conninfo(name)) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)
    postgres_server.drop_database(name)
    with psycopg.connect(postgres_server.conninfo()) as conn:
        assert conn.execute("SELECT count(*) FROM pg_database WHERE datname = %s", (name,)).fetchone() == (0,)


def test_database_url_is_a_fresh_usable_database(database_url: str) -> None:
    """Run on both backends: the database exists, is empty and takes writes."""
    if database_url.startswith("sqlite+aiosqlite:///"):
        conn: sqlite3.Connection | psycopg.Connection[tuple[object, ...]]
        conn = sqlite3.connect(database_url.removeprefix("sqlite+aiosqlite:///"))
        tables = "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
    else:
        conn = psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://"))
        tables = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
    with closing(conn):
        assert conn.execute(tables).fetchone() == (0,)
        conn.execute("CREATE TABLE t (id int)")
        conn.execute("INSERT INTO t VALUES (7)")
        assert conn.execute("SELECT id FROM t").fetchone() == (7,)


def test_s3_put_get(s3_server: S3Server, s3_blob_url: str) -> None:
    bucket = s3_blob_url.removeprefix("s3://").split("?", 1)[0]
    client = boto3.client("s3", endpoint_url=s3_server.endpoint, region_name=s3_server.region)
    client.put_object(Bucket=bucket, Key="a/b.txt", Body=b"hello")
    assert client.get_object(Bucket=bucket, Key="a/b.txt")["Body"].read() == b"hello"
    with pytest.raises(client.exceptions.NoSuchKey):
        client.get_object(Bucket=bucket, Key="a/missing")
