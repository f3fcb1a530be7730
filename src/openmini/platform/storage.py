"""Mini program storage (``wx.setStorage`` & co.), partitioned per (user, mini program).

Security invariant 3: one partition per (user, appid), with WeChat's quotas — 1 MB per key and
10 MB per partition. The worker keeps a mirror so the ``*Sync`` APIs stay synchronous; this
service is where the data lives and where the quotas are enforced for real.

One interface (`Storage`), two backends: `FileStorage` (JSON files in a folder; ``openmini dev``)
and `openmini.platform.storage_db.DatabaseStorage` (rows in the platform database, so every
``openmini serve`` process sees the same data). Whoever builds the app picks one.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any, Protocol

KEY_LIMIT = 1024 * 1024
PARTITION_LIMIT = 10 * 1024 * 1024


class StorageError(Exception):
    """A refused write; ``errMsg`` is the reason WeChat gives."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Storage(Protocol):
    """Where a partition's entries live. Writes over a quota raise `StorageError` and change nothing."""

    key_limit: int
    partition_limit: int

    async def items(self, user: str, appid: str) -> dict[str, Any]: ...

    async def usage(self, user: str, appid: str) -> int: ...

    async def set(self, user: str, appid: str, key: str, value: Any) -> None: ...

    async def remove(self, user: str, appid: str, key: str) -> None: ...

    async def clear(self, user: str, appid: str) -> None: ...


def entry_size(key: str, value: Any) -> int:
    """Bytes an entry counts against the quota: its key and its JSON value in UTF-8."""
    return len(key.encode("utf-8")) + len(encode_value(value))


def encode_value(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def check_write(key: str, size: int, others: int, *, key_limit: int, partition_limit: int) -> None:
    """Refuse an entry of `size` bytes when it alone, or with the partition's `others` bytes, is too big."""
    if not key:
        raise StorageError("invalid key")
    if size > key_limit:
        raise StorageError("exceed storage item max length")
    if others + size > partition_limit:
        raise StorageError("exceed storage max size 10Mb")


class FileStorage:
    """JSON files under ``root``, one per partition; names are hashes so no input reaches a path."""

    def __init__(self, root: Path, *, key_limit: int = KEY_LIMIT, partition_limit: int = PARTITION_LIMIT) -> None:
        self.root = root
        self.key_limit = key_limit
        self.partition_limit = partition_limit
        # A thread lock, since the work runs in worker threads (partitions are read-modify-write).
        self._lock = threading.Lock()
        root.mkdir(parents=True, exist_ok=True)

    async def items(self, user: str, appid: str) -> dict[str, Any]:
        return await asyncio.to_thread(self._items, user, appid)

    async def usage(self, user: str, appid: str) -> int:
        items = await self.items(user, appid)
        return sum(entry_size(key, value) for key, value in items.items())

    async def set(self, user: str, appid: str, key: str, value: Any) -> None:
        await asyncio.to_thread(self._set, user, appid, key, value)

    async def remove(self, user: str, appid: str, key: str) -> None:
        await asyncio.to_thread(self._remove, user, appid, key)

    async def clear(self, user: str, appid: str) -> None:
        await asyncio.to_thread(self._clear, user, appid)

    def _file(self, user: str, appid: str) -> Path:
        digest = hashlib.sha256(json.dumps([user, appid]).encode("utf-8")).hexdigest()
        return self.root / f"{digest}.json"

    def _items(self, user: str, appid: str) -> dict[str, Any]:
        path = self._file(user, appid)
        if not path.exists():
            return {}
        data = json.loads(path.read_text("utf-8"))
        return data if isinstance(data, dict) else {}

    def _set(self, user: str, appid: str, key: str, value: Any) -> None:
        size = entry_size(key, value)
        check_write(key, size, 0, key_limit=self.key_limit, partition_limit=self.partition_limit)
        with self._lock:
            items = self._items(user, appid)
            others = sum(entry_size(k, v) for k, v in items.items() if k != key)
            check_write(key, size, others, key_limit=self.key_limit, partition_limit=self.partition_limit)
            items[key] = value
            self._write(user, appid, items)

    def _remove(self, user: str, appid: str, key: str) -> None:
        with self._lock:
            items = self._items(user, appid)
            if items.pop(key, None) is not None:
                self._write(user, appid, items)

    def _clear(self, user: str, appid: str) -> None:
        with self._lock:
            self._file(user, appid).unlink(missing_ok=True)

    def _write(self, user: str, appid: str, items: dict[str, Any]) -> None:
        # Write then rename, so a crash never leaves a half-written partition.
        target = self._file(user, appid)
        fd, temp = tempfile.mkstemp(dir=self.root, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(items, handle, ensure_ascii=False)
        os.replace(temp, target)
