"""Security invariant 3 for the file backend: partition names never reach a path.

The behaviour both backends share (partitions, quotas, remove/clear) is in tests/server/test_storage_db.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from openmini.platform.storage import FileStorage


@pytest.mark.anyio
async def test_partition_names_cannot_be_steered_into_paths(tmp_path: Path) -> None:
    storage = FileStorage(tmp_path / "s")
    await storage.set("../../etc", "/passwd", "k", 1)
    written = list((tmp_path / "s").iterdir())
    assert len(written) == 1 and written[0].parent == tmp_path / "s"
    assert not (tmp_path / "etc").exists()
