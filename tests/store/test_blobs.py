"""The blob store behaves the same on memory, a local folder and an S3-compatible server."""

from __future__ import annotations

from pathlib import Path

import pytest

from openmini.store.blobs import BlobNotFound, BlobStore, open_blob_store

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["memory", "folder", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    if request.param == "memory":
        return open_blob_store("memory://")
    if request.param == "folder":
        return open_blob_store(f"file://{tmp_path / 'blobs'}")
    url: str = request.getfixturevalue("s3_blob_url")
    return open_blob_store(url)


async def test_put_then_get_returns_the_bytes(store: BlobStore) -> None:
    await store.put("files/ab12", b"\x00payload\xff")
    assert await store.get("files/ab12") == b"\x00payload\xff"
    assert await store.size("files/ab12") == 9


async def test_put_replaces_existing_content(store: BlobStore) -> None:
    await store.put("sources/v1.zip", b"old")
    await store.put("sources/v1.zip", b"newer")
    assert await store.get("sources/v1.zip") == b"newer"


async def test_keys_with_slashes_are_distinct_from_their_prefixes(store: BlobStore) -> None:
    await store.put("packages/v1/manifest.json", b"{}")
    await store.put("packages/v1/pages/index.js", b"js")
    await store.put("packages/v10/manifest.json", b"[]")
    assert await store.get("packages/v1/manifest.json") == b"{}"
    assert await store.get("packages/v1/pages/index.js") == b"js"
    assert await store.get("packages/v10/manifest.json") == b"[]"
    assert await store.size("packages/v1") is None


async def test_ranges_are_half_open_and_cut_at_the_end(store: BlobStore) -> None:
    await store.put("r/blob", b"0123456789")
    assert await store.get_range("r/blob", 0, 1) == b"0"
    assert await store.get_range("r/blob", 2, 5) == b"234"
    assert await store.get_range("r/blob", 8, 100) == b"89"
    assert await store.get_range("r/blob", 4, 4) == b""
    assert await store.get_range("r/blob", 10, 12) == b""
    assert await store.get_range("r/blob", 50, 60) == b""


async def test_invalid_range_is_refused(store: BlobStore) -> None:
    await store.put("r/blob", b"0123456789")
    with pytest.raises(ValueError, match="invalid range"):
        await store.get_range("r/blob", 5, 2)
    with pytest.raises(ValueError, match="invalid range"):
        await store.get_range("r/blob", -1, 2)


async def test_missing_blob(store: BlobStore) -> None:
    assert await store.size("files/none") is None
    with pytest.raises(BlobNotFound):
        await store.get("files/none")
    with pytest.raises(BlobNotFound):
        await store.get_range("files/none", 0, 4)
    with pytest.raises(BlobNotFound):
        await store.get_range("files/none", 0, 0)


async def test_delete_removes_and_missing_is_fine(store: BlobStore) -> None:
    await store.put("d/x", b"x")
    await store.delete("d/x")
    assert await store.size("d/x") is None
    await store.delete("d/x")
    await store.delete("d/never")


async def test_empty_blob(store: BlobStore) -> None:
    await store.put("e/empty", b"")
    assert await store.get("e/empty") == b""
    assert await store.size("e/empty") == 0


@pytest.mark.parametrize("key", ["", "/abs", "a//b", "a/", "../x", "a/./b", "a/../b", "a\\b", "a\x00b", "a b"])
async def test_keys_that_backends_treat_differently_are_refused(store: BlobStore, key: str) -> None:
    with pytest.raises(ValueError, match="invalid blob key"):
        await store.put(key, b"x")


async def test_folder_store_writes_under_its_directory(tmp_path: Path) -> None:
    store = open_blob_store(str(tmp_path / "root"))
    await store.put("files/abc", b"data")
    assert (tmp_path / "root" / "files" / "abc").read_bytes() == b"data"
    assert await open_blob_store(f"file://{tmp_path / 'root'}").get("files/abc") == b"data"


async def test_memory_stores_are_separate() -> None:
    first, second = open_blob_store("memory://"), open_blob_store("memory://")
    await first.put("k", b"1")
    assert await second.size("k") is None


@pytest.mark.parametrize(
    "url",
    ["relative/dir", "file://host/dir", "ftp://x", "s3://", "s3://bucket?endpoint=http://x&colour=red"],
)
def test_unusable_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="blob url"):
        open_blob_store(url)
