"""Package serving for `openmini serve` (`/p/{version}/…`): what browsers and CDNs rely on.

Files are content-addressed, so they are immutable with a strong ETag per representation, come
brotli or gzip encoded as the client accepts, answer byte ranges, and HEAD. The manifest is
revalidated on every launch and carries the platform's signature.
"""

from __future__ import annotations

import base64
import gzip
import json
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import brotli
import pytest
from starlette.applications import Starlette
from starlette.requests import HTTPConnection
from starlette.testclient import TestClient

from openmini.compiler import CompileOptions, compile_project
from openmini.compiler.generate.package import Package
from openmini.platform.signing import ManifestSigner, verify_signature
from openmini.platform.versions import file_key, manifest_key
from openmini.server.packages import SIGNATURE_HEADER, PackageReader, package_routes
from openmini.store.blobs import open_blob_store

VERSION = 7
HIDDEN = 8  # a version the access check refuses


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = (b"\x00" + b"\x7f" * width * 3) * height
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Package:
    root = tmp_path_factory.mktemp("src")
    files: dict[str, str | bytes] = {
        "app.json": json.dumps({"pages": ["pages/index/index"]}),
        "app.js": "App({})",
        "pages/index/index.js": "Page({ data: { text: '" + "hello world " * 200 + "' } })",
        "pages/index/index.wxml": '<view>{{text}}</view><image src="/images/logo.png"/>',
        "images/logo.png": png(40, 40),
    }
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (root / name).write_bytes(content)
        else:
            (root / name).write_text(content)
    result = compile_project(Path(root), CompileOptions())
    assert result.package is not None, [d.message for d in result.diagnostics]
    return result.package


SIGNER = ManifestSigner.generate()


@pytest.fixture
def client(package: Package) -> Iterator[TestClient]:
    blobs = open_blob_store("memory://")

    async def locate(version_id: int) -> str:
        return manifest_key(version_id)

    reader = PackageReader(blobs, SIGNER, locate)

    async def may_read(_: HTTPConnection, version_id: int) -> bool:
        return version_id != HIDDEN

    app = Starlette(routes=package_routes(lambda _: reader, may_read))

    async def store() -> None:
        for stored, content in package.blobs.items():
            await blobs.put(file_key(stored), content)
        for version in (VERSION, HIDDEN):
            await blobs.put(manifest_key(version), package.manifest_bytes())

    with TestClient(app) as test_client:
        test_client.portal.call(store)  # type: ignore[union-attr]
        yield test_client


def stored_name(package: Package, logical: str) -> str:
    name: str = package.manifest["files"][logical]["file"]
    return name


def logic(package: Package) -> tuple[str, bytes]:
    name = stored_name(package, "@bundle/main/logic.js")
    return name, package.blobs[name]


def get(client: TestClient, url: str, **headers: str) -> Any:
    return client.get(url, headers={"accept-encoding": "identity", **headers})


def test_files_are_immutable_with_a_strong_etag_per_encoding(client: TestClient, package: Package) -> None:
    name, content = logic(package)
    plain = get(client, f"/p/{VERSION}/files/{name}")
    assert plain.status_code == 200 and plain.content == content
    assert plain.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert plain.headers["etag"] == f'"{name.split(".")[0]}"'
    assert plain.headers["content-type"].startswith("text/javascript")
    assert plain.headers["access-control-allow-origin"] == "*" and plain.headers["vary"] == "Accept-Encoding"
    br = client.get(f"/p/{VERSION}/files/{name}", headers={"accept-encoding": "br"})
    assert br.headers["content-encoding"] == "br" and br.content == content  # httpx2 decodes brotli
    assert br.headers["etag"] == f'"{name.split(".")[0]}-br"'


def test_gzip_when_brotli_is_not_accepted_and_identity_when_nothing_is(client: TestClient, package: Package) -> None:
    name, content = logic(package)
    raw = client.stream("GET", f"/p/{VERSION}/files/{name}", headers={"accept-encoding": "gzip, br;q=0"})
    with raw as response:
        body = b"".join(response.iter_raw())
        assert response.headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == content
    refused = get(client, f"/p/{VERSION}/files/{name}", **{"accept-encoding": "br;q=0, gzip;q=0"})
    assert "content-encoding" not in refused.headers and refused.content == content


def test_brotli_bytes_are_the_compilers_precompressed_copy(client: TestClient, package: Package) -> None:
    name, content = logic(package)
    with client.stream("GET", f"/p/{VERSION}/files/{name}", headers={"accept-encoding": "br"}) as response:
        body = b"".join(response.iter_raw())
    assert body == package.blobs[name + ".br"] and brotli.decompress(body) == content


def test_images_are_never_recompressed(client: TestClient, package: Package) -> None:
    name = stored_name(package, "images/logo.png")
    response = client.get(f"/p/{VERSION}/files/{name}", headers={"accept-encoding": "br, gzip"})
    assert "content-encoding" not in response.headers and response.content == package.blobs[name]
    assert response.headers["content-type"] == "image/png"


def test_revalidation_answers_304_for_the_matching_representation(client: TestClient, package: Package) -> None:
    name, _ = logic(package)
    first = client.get(f"/p/{VERSION}/files/{name}", headers={"accept-encoding": "br"})
    etag = first.headers["etag"]
    again = client.get(f"/p/{VERSION}/files/{name}", headers={"accept-encoding": "br", "if-none-match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    listed = client.get(
        f"/p/{VERSION}/files/{name}", headers={"accept-encoding": "br", "if-none-match": f'"other", W/{etag}'}
    )
    assert listed.status_code == 304
    # The client's copy is brotli; one that cannot take brotli any more needs the bytes.
    other = get(client, f"/p/{VERSION}/files/{name}", **{"if-none-match": etag})
    assert other.status_code == 200


def test_ranges_are_answered_from_the_identity_bytes(client: TestClient, package: Package) -> None:
    name, content = logic(package)
    size = len(content)
    part = client.get(f"/p/{VERSION}/files/{name}", headers={"range": "bytes=10-19", "accept-encoding": "br"})
    assert part.status_code == 206 and part.content == content[10:20]
    assert part.headers["content-range"] == f"bytes 10-19/{size}" and "content-encoding" not in part.headers
    assert part.headers["accept-ranges"] == "bytes"
    tail = get(client, f"/p/{VERSION}/files/{name}", range="bytes=-5")
    assert tail.status_code == 206 and tail.content == content[-5:]
    rest = get(client, f"/p/{VERSION}/files/{name}", range=f"bytes={size - 3}-")
    assert rest.content == content[-3:] and rest.headers["content-range"] == f"bytes {size - 3}-{size - 1}/{size}"
    beyond_end = get(client, f"/p/{VERSION}/files/{name}", range=f"bytes={size - 2}-{size + 100}")
    assert beyond_end.status_code == 206 and beyond_end.content == content[-2:]


def test_unsatisfiable_ranges_answer_416_and_odd_ones_the_whole_file(client: TestClient, package: Package) -> None:
    name, content = logic(package)
    size = len(content)
    past = get(client, f"/p/{VERSION}/files/{name}", range=f"bytes={size}-")
    assert past.status_code == 416 and past.headers["content-range"] == f"bytes */{size}"
    assert get(client, f"/p/{VERSION}/files/{name}", range="bytes=-0").status_code == 416
    for ignored in ("bytes=0-1,4-5", "items=0-1", "bytes=9-3"):
        whole = get(client, f"/p/{VERSION}/files/{name}", range=ignored)
        assert whole.status_code == 200 and whole.content == content
    stale = get(client, f"/p/{VERSION}/files/{name}", range="bytes=0-1", **{"if-range": '"not-this"'})
    assert stale.status_code == 200 and stale.content == content


def test_head_has_the_headers_of_get_without_a_body(client: TestClient, package: Package) -> None:
    name, content = logic(package)
    for encoding in ("identity", "br", "gzip"):
        got = client.get(f"/p/{VERSION}/files/{name}", headers={"accept-encoding": encoding})
        with client.stream("GET", f"/p/{VERSION}/files/{name}", headers={"accept-encoding": encoding}) as response:
            raw_length = len(b"".join(response.iter_raw()))
        head = client.head(f"/p/{VERSION}/files/{name}", headers={"accept-encoding": encoding})
        assert head.status_code == 200 and head.content == b""
        assert head.headers["etag"] == got.headers["etag"]
        assert int(head.headers["content-length"]) == raw_length
    ranged = client.head(f"/p/{VERSION}/files/{name}", headers={"range": "bytes=0-9"})
    assert ranged.status_code == 206 and ranged.headers["content-length"] == "10"
    assert client.head(f"/p/{VERSION}/manifest.json").headers["content-length"] == str(len(package.manifest_bytes()))
    assert len(content) > 10


def test_only_files_of_that_versions_manifest_are_served(client: TestClient, package: Package) -> None:
    name, _ = logic(package)
    assert get(client, f"/p/{VERSION}/files/{name}.br").status_code == 404  # the brotli copy is not a file
    assert get(client, f"/p/{VERSION}/files/{'0' * 32}.js").status_code == 404
    assert get(client, f"/p/{VERSION}/files/..%2Fmanifest.json").status_code == 404
    assert get(client, f"/p/999/files/{name}").status_code == 404  # no such version
    assert get(client, f"/p/abc/files/{name}").status_code == 404
    assert get(client, "/p/999/manifest.json").status_code == 404


def test_the_manifest_is_revalidated_and_signed(client: TestClient, package: Package) -> None:
    response = get(client, f"/p/{VERSION}/manifest.json")
    assert response.status_code == 200 and response.content == package.manifest_bytes()
    assert response.headers["cache-control"] == "no-cache" and response.headers["content-type"] == "application/json"
    signature = response.headers[SIGNATURE_HEADER]
    assert len(base64.b64decode(signature)) == 64
    assert verify_signature(response.content, signature, SIGNER.public_key_b64)
    again = get(client, f"/p/{VERSION}/manifest.json", **{"if-none-match": response.headers["etag"]})
    assert again.status_code == 304 and again.headers[SIGNATURE_HEADER] == signature


def test_a_manifest_the_access_check_refuses_is_not_found(client: TestClient) -> None:
    assert get(client, f"/p/{HIDDEN}/manifest.json").status_code == 404


def test_host_page_config_survives_ampersands_and_script_ends() -> None:
    """A link's query reaches the page's config exactly: script text is never HTML-decoded."""
    import json
    import re

    from openmini.server.files import host_page

    config = {"launch": {"query": "x=1&y=2", "path": "</script><b>"}}
    page = host_page("shell.html", config)
    block = re.search(r'<script type="application/json" id="openmini-config">(.*?)</script>', page, re.S)
    assert block is not None
    assert json.loads(block.group(1)) == config
