"""Mini program storage (``wx.setStorage`` & co.), partitioned per (user, mini program).

Security invariant 3: one partition per (user, appid), with WeChat's quotas — 1 MB per key and
10 MB per partition. The worker keeps a mirror so the ``*Sync`` APIs stay synchronous; this
service is where the data lives and where the quotas are enforced for real.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

KEY_LIMIT = 1024 * 1024
PARTITION_LIMIT = 10 * 1024 * 1024


class StorageError(Exception):
    """A refused write; ``errMsg`` is the reason WeChat gives."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def entry_size(key: str, value: Any) -> int:
    """Bytes an entry counts against the quota: its key and its JSON value in UTF-8."""
    return len(key.encode("utf-8")) + len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


class StorageService:
    """JSON files under ``root``, one per partition; names are hashes so no input reaches a path."""

    def __init__(self, root: Path, *, key_limit: int = KEY_LIMIT, partition_limit: int = PARTITION_LIMIT) -> None:
        self.root = root
        self.key_limit = key_limit
        self.partition_limit = partition_limit
        self._lock = threading.Lock()
        root.mkdir(parents=True, exist_ok=True)

    def _file(self, user: str, appid: str) -> Path:
        digest = hashlib.sha256(json.dumps([user, appid]).encode("utf-8")).hexdigest()
        return self.root / f"{digest}.json"

    def items(self, user: str, appid: str) -> dict[str, Any]:
        path = self._file(user, appid)
        if not path.exists():
            return {}
        data = json.loads(path.read_text("utf-8"))
        return data if isinstance(data, dict) else {}

    def usage(self, user: str, appid: str) -> int:
        return sum(entry_size(key, value) for key, value in self.items(user, appid).items())

    def set(self, user: str, appid: str, key: str, value: Any) -> None:
        if not key:
            raise StorageError("invalid key")
        size = entry_size(key, value)
        if size > self.key_limit:
            raise StorageError("exceed storage item max length")
        with self._lock:
            items = self.items(user, appid)
            current = sum(entry_size(k, v) for k, v in items.items() if k != key)
            if current + size > self.partition_limit:
                raise StorageError("exceed storage max size 10Mb")
            items[key] = value
            self._write(user, appid, items)

    def remove(self, user: str, appid: str, key: str) -> None:
        with self._lock:
            items = self.items(user, appid)
            if items.pop(key, None) is not None:
                self._write(user, appid, items)

    def clear(self, user: str, appid: str) -> None:
        with self._lock:
            self._file(user, appid).unlink(missing_ok=True)

    def _write(self, user: str, appid: str, items: dict[str, Any]) -> None:
        # Write then rename, so a crash never leaves a half-written partition.
        target = self._file(user, appid)
        fd, temp = tempfile.mkstemp(dir=self.root, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(items, handle, ensure_ascii=False)
        os.replace(temp, target)
