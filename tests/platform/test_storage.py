"""Security invariant 3: storage is partitioned per (user, mini program), with quotas."""

from __future__ import annotations

from pathlib import Path

import pytest

from openmini.platform.storage import StorageError, StorageService, entry_size


def test_partitions_are_separate_per_user_and_per_mini_program(tmp_path: Path) -> None:
    storage = StorageService(tmp_path)
    storage.set("alice", "om1", "token", {"type": "String", "data": "a-secret"})
    assert storage.items("alice", "om1") == {"token": {"type": "String", "data": "a-secret"}}
    assert storage.items("alice", "om2") == {}
    assert storage.items("bob", "om1") == {}


def test_partition_names_cannot_be_steered_into_paths(tmp_path: Path) -> None:
    storage = StorageService(tmp_path / "s")
    storage.set("../../etc", "/passwd", "k", 1)
    written = list((tmp_path / "s").iterdir())
    assert len(written) == 1 and written[0].parent == tmp_path / "s"
    assert not (tmp_path / "etc").exists()


def test_one_key_over_the_item_limit_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    storage = StorageService(tmp_path, key_limit=100)
    storage.set("u", "a", "k", "small")
    with pytest.raises(StorageError, match="exceed storage item max length"):
        storage.set("u", "a", "k", "x" * 200)
    assert storage.items("u", "a") == {"k": "small"}


def test_the_partition_quota_counts_keys_and_values(tmp_path: Path) -> None:
    storage = StorageService(tmp_path, partition_limit=60)
    storage.set("u", "a", "one", "x" * 20)
    assert storage.usage("u", "a") == entry_size("one", "x" * 20) == 3 + 22
    with pytest.raises(StorageError, match="exceed storage max size 10Mb"):
        storage.set("u", "a", "two", "y" * 40)
    storage.set("u", "a", "one", "z" * 50)  # replacing a key frees its old size first
    assert storage.items("u", "a") == {"one": "z" * 50}
    storage.set("other", "a", "two", "y" * 40)  # another user's partition has its own quota


def test_remove_and_clear(tmp_path: Path) -> None:
    storage = StorageService(tmp_path)
    storage.set("u", "a", "k1", 1)
    storage.set("u", "a", "k2", 2)
    storage.remove("u", "a", "k1")
    storage.remove("u", "a", "missing")
    assert storage.items("u", "a") == {"k2": 2}
    storage.clear("u", "a")
    assert storage.items("u", "a") == {}
