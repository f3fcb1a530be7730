"""Blob storage behind one small interface: a local folder, memory, or an S3-compatible bucket.

obstore is pre-1.0, so nothing outside this module imports it; the rest of the platform sees only
`BlobStore` and `BlobNotFound`.
"""

from __future__ import annotations

import contextlib
import re
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

import obstore
from obstore.exceptions import GenericError
from obstore.store import LocalStore, MemoryStore, S3Store


class BlobNotFound(KeyError):
    """No blob is stored under the key."""


class BlobStore(Protocol):
    async def put(self, key: str, data: bytes) -> None: ...

    async def get(self, key: str) -> bytes: ...

    async def get_range(self, key: str, start: int, end: int) -> bytes: ...

    async def size(self, key: str) -> int | None: ...

    async def delete(self, key: str) -> None: ...

    async def usage(self) -> tuple[int, int]: ...


# Backends disagree on odd keys (memory accepts a leading slash or a backslash, the local folder does
# not), so one rule applies everywhere: slash-separated segments of visible characters, no `.`/`..`.
_SEGMENT = re.compile(r"[^\x00-\x20\x7f\\/]+")


def check_key(key: str) -> str:
    """Return `key` when every backend stores it under the same name, else raise ValueError."""
    segments = key.split("/")
    if not key or any(s in {".", ".."} or not _SEGMENT.fullmatch(s) for s in segments):
        raise ValueError(f"invalid blob key {key!r}")
    return key


class ObjectBlobStore:
    """`BlobStore` over any obstore store."""

    def __init__(self, store: LocalStore | MemoryStore | S3Store) -> None:
        self._store = store

    async def put(self, key: str, data: bytes) -> None:
        await obstore.put_async(self._store, check_key(key), data)

    async def get(self, key: str) -> bytes:
        try:
            result = await obstore.get_async(self._store, check_key(key))
            return bytes(await result.bytes_async())
        except FileNotFoundError as missing:
            raise BlobNotFound(key) from missing

    async def get_range(self, key: str, start: int, end: int) -> bytes:
        """Bytes `[start, end)`, cut short at the blob's end (empty when `start` is at or past it)."""
        if not 0 <= start <= end:
            raise ValueError(f"invalid range [{start}, {end})")
        if start == end:
            if await self.size(key) is None:
                raise BlobNotFound(key)
            return b""
        try:
            return bytes(await obstore.get_range_async(self._store, check_key(key), start=start, end=end))
        except FileNotFoundError as missing:
            raise BlobNotFound(key) from missing
        except GenericError:
            # Every backend refuses a range starting past the end with a generic error; tell that
            # case apart from a real failure by asking for the size.
            size = await self.size(key)
            if size is None:
                raise BlobNotFound(key) from None
            if start >= size:
                return b""
            raise

    async def size(self, key: str) -> int | None:
        try:
            meta = await obstore.head_async(self._store, check_key(key))
        except FileNotFoundError:
            return None
        return meta["size"]

    async def delete(self, key: str) -> None:
        # Deleting is idempotent: a retried cleanup must not fail on what the first attempt removed.
        with contextlib.suppress(FileNotFoundError):
            await obstore.delete_async(self._store, check_key(key))

    async def usage(self) -> tuple[int, int]:
        """How many blobs are stored and their bytes in all (lists every key: for the health page)."""
        count = size = 0
        async for batch in obstore.list(self._store):
            count += len(batch)
            size += sum(meta["size"] for meta in batch)
        return count, size


def open_blob_store(url: str) -> BlobStore:
    """Open the store a URL names.

    - `file:///abs/dir` or `/abs/dir`: a local folder, created when missing;
    - `memory://`: process memory (tests, throwaway servers);
    - `s3://bucket?endpoint=http://127.0.0.1:9000&region=us-east-1`: an S3-compatible bucket, with
      credentials from `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`.
    """
    if url.startswith("/"):
        return ObjectBlobStore(LocalStore(url, mkdir=True))
    parts = urlsplit(url)
    if parts.scheme == "file":
        if parts.netloc not in {"", "localhost"} or not parts.path.startswith("/"):
            raise ValueError(f"blob url {url!r}: a file url needs an absolute path (file:///abs/dir)")
        return ObjectBlobStore(LocalStore(unquote(parts.path), mkdir=True))
    if parts.scheme == "memory":
        return ObjectBlobStore(MemoryStore())
    if parts.scheme == "s3":
        return ObjectBlobStore(_s3_store(url))
    raise ValueError(f"blob url {url!r}: use file:///abs/dir, /abs/dir, memory:// or s3://bucket")


def _s3_store(url: str) -> S3Store:
    parts = urlsplit(url)
    if not parts.netloc:
        raise ValueError(f"blob url {url!r}: no bucket")
    query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
    unknown = set(query) - {"endpoint", "region"}
    if unknown:
        raise ValueError(f"blob url {url!r}: unknown parameters {', '.join(sorted(unknown))}")
    prefix = parts.path.strip("/") or None
    endpoint = query.get("endpoint")
    # The region default keeps a bare endpoint (MinIO, moto, SeaweedFS) working without AWS config.
    region = query.get("region", "us-east-1")
    if endpoint is None:
        return S3Store(parts.netloc, prefix=prefix, region=region)
    return S3Store(
        parts.netloc,
        prefix=prefix,
        endpoint=endpoint,
        region=region,
        client_options={"allow_http": endpoint.startswith("http://")},
    )
