"""docs/operator-guide.md's settings tables are generated from the code and name what the server reads."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import SecretStr

from openmini.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def settings_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("settings_docs", ROOT / "scripts" / "settings_docs.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_the_operator_guide_carries_the_generated_tables() -> None:
    script = settings_docs()
    page = (ROOT / "docs" / "operator-guide.md").read_text(encoding="utf-8")
    assert script.updated(page) == page, "docs/operator-guide.md is stale: run scripts/settings_docs.py"


def test_every_documented_variable_sets_its_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The table derives each name from the model; this checks that pydantic-settings reads that name."""
    script = settings_docs()
    samples: dict[str, tuple[str, object]] = {}
    for name, info in Settings.model_fields.items():
        if info.annotation is bool:
            samples[name] = ("false", not info.get_default())
        elif info.annotation is int:
            samples[name] = ("12345", 12345)
        elif info.annotation is Path:
            samples[name] = (str(tmp_path / name), tmp_path / name)
        else:
            samples[name] = (f"sample-{name}", f"sample-{name}")
        monkeypatch.setenv(script.env_name(name), samples[name][0])
    settings = Settings()
    for name, (_, expected) in samples.items():
        value = getattr(settings, name)
        assert (value.get_secret_value() if isinstance(value, SecretStr) else value) == expected, name


def test_a_setting_without_a_description_stops_the_script(monkeypatch: pytest.MonkeyPatch) -> None:
    script = settings_docs()
    monkeypatch.delitem(script.DESCRIPTIONS, "public_url")
    with pytest.raises(SystemExit, match="missing \\['public_url'\\]"):
        script.render()
