"""Settings: embedded defaults under data_dir, OPENMINI_* environment, a secret key kept once."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from openmini.settings import Settings


def test_defaults_live_under_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path}/openmini.db"
    assert settings.blob_url == f"file://{tmp_path}/blobs"
    assert settings.package_limits().main == 2 * 1024 * 1024


def test_environment_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENMINI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("OPENMINI_DATABASE_URL", "postgresql+psycopg://db/openmini")
    monkeypatch.setenv("OPENMINI_PUBLIC_URL", "https://mini.example.com/")
    monkeypatch.setenv("OPENMINI_OPERATOR_PASSWORD", "from the environment")
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://db/openmini"
    assert settings.blob_url == f"file://{tmp_path}/blobs"
    assert settings.public_url == "https://mini.example.com"
    assert settings.operator_password is not None
    assert settings.operator_password.get_secret_value() == "from the environment"
    assert "from the environment" not in repr(settings)


def test_a_generated_secret_key_is_kept_private_and_reused(tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh"
    key = Settings(data_dir=data_dir).load_secret_key()
    assert len(key) >= 64
    assert Settings(data_dir=data_dir).load_secret_key() == key
    assert stat.S_IMODE((data_dir / "secret_key").stat().st_mode) == 0o600
    assert [p.name for p in data_dir.iterdir()] == ["secret_key"]
    shared = Settings(data_dir=data_dir, secret_key="shared by all processes")
    assert shared.load_secret_key() == "shared by all processes"
