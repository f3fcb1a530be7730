"""schemathesis over the whole `openmini serve` app's OpenAPI document, on a live server: no input
makes it answer 5xx, and the open API (under /wxa/) answers exactly what its document says.

Calls carry a real API key and, where an operation takes one, the real appid, so generated
bodies reach the domain code instead of stopping at the credential check.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx2
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from pydantic import SecretStr
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from openmini.server.app import create_platform_app
from openmini.settings import Settings
from openmini.store.database import open_database
from support.live_server import live_server
from support.open_api import PASSWORD, Publisher, make_publisher

# Enough to reach every validation branch of each operation, small enough for ~a minute in all.
EXAMPLES_PER_OPERATION = 25
OPEN_API_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Publisher]]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("serve"),
        secret_key=SecretStr("test"),
        operator_password=SecretStr(PASSWORD),
        review_screenshots=False,  # a browser per fuzzed submission; tests/platform/test_screenshots.py covers them
    )
    with live_server(create_platform_app(settings, on_first_run=lambda _: None)) as url:

        async def publisher() -> Publisher:
            db = await open_database(settings.database_url)
            try:
                return await make_publisher(db, "fuzz")
            finally:
                await db.dispose()

        yield url, anyio.run(publisher)


@pytest.fixture(scope="module")
def access_token(served: tuple[str, Publisher]) -> str:
    url, publisher = served
    answer = httpx2.get(
        f"{url}/cgi-bin/token",
        params={"grant_type": "client_credential", "appid": publisher.appid, "secret": publisher.secret},
    ).json()
    token: str = answer["access_token"]
    return token


def served_document() -> dict[str, Any]:
    """The document the app serves at /openapi.json, built at collection time to make one test per operation."""
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(data_dir=Path(data_dir), secret_key=SecretStr("test"), blob_url="memory://")
        return create_platform_app(settings).openapi()


DOCUMENT = served_document()
schema = schemathesis.openapi.from_dict(DOCUMENT)


def test_the_live_server_serves_the_document_under_test(served: tuple[str, Publisher]) -> None:
    url, _ = served
    assert httpx2.get(f"{url}/openapi.json").json() == DOCUMENT


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_input_makes_the_server_fail(
    case: schemathesis.Case, served: tuple[str, Publisher], access_token: str
) -> None:
    url, publisher = served
    headers = {"Authorization": f"Bearer {publisher.key}"}
    if isinstance(case.query, dict):
        if "appid" in case.query:
            case.query["appid"] = publisher.appid
        # WeChat-shaped operations take the app's access_token; with a real one the generated
        # bodies reach the domain code (an API key beside a token is refused, so it goes).
        if "access_token" in case.query:
            case.query["access_token"] = access_token
            headers = {}
    checks = OPEN_API_CHECKS if case.path.startswith("/wxa/") else [not_a_server_error]
    case.call_and_validate(base_url=url, headers=headers, checks=checks)
