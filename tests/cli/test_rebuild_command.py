"""`openmini rebuild`: the operator's command that recompiles stored versions after an upgrade."""

from __future__ import annotations

import json
from pathlib import Path

import anyio
import pytest
from typer.testing import CliRunner

from openmini import __version__
from openmini.cli.main import app as cli
from openmini.compiler.diagnostics import Diagnostics
from openmini.compiler.generate.package import PackageLimits, Unit, build_package
from openmini.platform import apps, versions
from openmini.platform.uploads import normalised_zip
from openmini.server.packages import PackageReader, manifests_in
from openmini.settings import Settings
from openmini.store.blobs import open_blob_store
from openmini.store.database import open_database
from support.open_api import make_publisher

runner = CliRunner()
SOURCE = {
    "app.json": json.dumps({"pages": ["pages/index/index"]}),
    "app.js": "App({})",
    "pages/index/index.js": "Page({})",
    "pages/index/index.wxml": "<view>hello</view>",
}
BROKEN = {**SOURCE, "pages/index/index.wxml": "<view>{{</view>"}


def archive(files: dict[str, str]) -> bytes:
    return normalised_zip({name: text.encode() for name, text in files.items()})


def platform_with(data_dir: Path, sources: dict[str, dict[str, str]]) -> tuple[str, dict[str, int]]:
    """A platform in ``data_dir`` with one mini program whose versions (by user version) have the
    given sources but a package no current compiler made; returns its appid and the version ids."""
    settings = Settings(data_dir=data_dir)
    old_package = build_package({}, [Unit("app.js", b"old", "main", "asset")], PackageLimits(), Diagnostics())

    async def make() -> tuple[str, dict[str, int]]:
        db = await open_database(settings.database_url)
        blobs = open_blob_store(settings.blob_url)
        try:
            publisher = await make_publisher(db, "rebuilders")
            ids: dict[str, int] = {}
            async with db.session() as s:
                app = await apps.get_app(s, publisher.appid)
                for user_version, files in sources.items():
                    version = await versions.create_version(
                        s, blobs, publisher.admin, app, old_package, archive(files), user_version=user_version
                    )
                    ids[user_version] = version.id
            return publisher.appid, ids
        finally:
            await db.dispose()

    return anyio.run(make)


def served_compiler(data_dir: Path, version_id: int) -> str | None:
    """The compiler version in the manifest the platform serves for a version."""
    settings = Settings(data_dir=data_dir)

    async def read() -> str | None:
        db = await open_database(settings.database_url)
        try:
            reader = PackageReader(open_blob_store(settings.blob_url), None, manifests_in(db))
            served = await reader.manifest(version_id)
            assert served is not None
            compiler: dict[str, str] | None = json.loads(served.body).get("compiler")
            return compiler["version"] if compiler else None
        finally:
            await db.dispose()

    return anyio.run(read)


def test_rebuild_replaces_what_is_served_and_says_so_per_version(tmp_path: Path) -> None:
    appid, ids = platform_with(tmp_path, {"1.0.0": SOURCE, "1.1.0": BROKEN})
    assert served_compiler(tmp_path, ids["1.0.0"]) is None

    result = runner.invoke(cli, ["rebuild", "--appid", appid, "--data-dir", str(tmp_path)])

    assert result.exit_code == 1, result.output  # one version failed
    good, broken = result.stdout.splitlines()
    assert good == f"{appid} 1.0.0 (version {ids['1.0.0']}): rebuilt, built with unknown → {__version__}"
    assert broken.startswith(f"{appid} 1.1.0 (version {ids['1.1.0']}): failed, keeps its package built with unknown: ")
    assert "does not compile" in broken
    assert served_compiler(tmp_path, ids["1.0.0"]) == __version__
    assert served_compiler(tmp_path, ids["1.1.0"]) is None

    again = runner.invoke(cli, ["rebuild", "--appid", appid, "--data-dir", str(tmp_path)])
    unchanged = f"{appid} 1.0.0 (version {ids['1.0.0']}): unchanged, built with {__version__}"
    assert again.stdout.splitlines()[0] == unchanged


def test_all_skips_versions_nobody_can_open(tmp_path: Path) -> None:
    platform_with(tmp_path, {"1.0.0": SOURCE})  # a develop version, not the trial
    result = runner.invoke(cli, ["rebuild", "--all", "--data-dir", str(tmp_path)])
    assert (result.exit_code, result.stdout) == (0, "nothing to rebuild\n")


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        ([], 2, "name one mini program with --appid, or all of them with --all"),
        (["--all", "--appid", "om0000000000000000"], 2, "name one mini program with --appid"),
        (["--appid", "om0000000000000000"], 1, "invalid appid"),
    ],
)
def test_rebuild_needs_one_choice_of_what(tmp_path: Path, args: list[str], code: int, said: str) -> None:
    result = runner.invoke(cli, ["rebuild", *args, "--data-dir", str(tmp_path)])
    assert result.exit_code == code and said in result.stderr
