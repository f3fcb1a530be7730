"""Settings of ``openmini serve``, from flags and ``OPENMINI_*`` environment variables.

Everything defaults to the embedded setup: a SQLite file and a blob folder under ``data_dir``.
Several processes behind one load balancer must share ``database_url``, ``blob_url`` and
``secret_key`` (set explicitly: a generated key lives in one machine's ``data_dir``).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from openmini.compiler.generate.package import MIB, PackageLimits

SECRET_KEY_FILE = "secret_key"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="OPENMINI_", extra="forbid")

    data_dir: Path = Path("~/.openmini/serve")
    # Empty means "derive from data_dir" (see _derive_defaults).
    database_url: str = ""
    blob_url: str = ""
    public_url: str = "http://127.0.0.1:8080"
    secret_key: SecretStr | None = None
    operator_email: str = "operator@openmini.local"
    # None: generated on first run and printed once.
    operator_password: SecretStr | None = None
    # Sign every manifest served (Ed25519, key derived from secret_key); the host verifies before running.
    sign_manifests: bool = True
    # DESIGN.md defaults: 2 MB per package, 20 MB all together.
    max_main_package: int = 2 * MIB
    max_subpackage: int = 2 * MIB
    max_total_package: int = 20 * MIB
    # Review screenshots of a version's first page; the review page says so when it is missing.
    review_screenshots: bool = True
    chromium_path: Path = Path("/usr/bin/chromium")
    # Empty: rate-limit counters live in the database. Several processes share them either way.
    redis_url: str = ""
    # False turns the request-domain check off for every mini program (the developer tools' urlCheck).
    url_check: bool = True

    @model_validator(mode="after")
    def _derive_defaults(self) -> Settings:
        self.data_dir = self.data_dir.expanduser()
        if not self.database_url:
            self.database_url = f"sqlite+aiosqlite:///{self.data_dir / 'openmini.db'}"
        if not self.blob_url:
            self.blob_url = f"file://{self.data_dir / 'blobs'}"
        self.public_url = self.public_url.rstrip("/")
        return self

    def package_limits(self) -> PackageLimits:
        return PackageLimits(main=self.max_main_package, subpackage=self.max_subpackage, total=self.max_total_package)

    def load_secret_key(self) -> str:
        """The configured key, else the one kept in ``data_dir`` (created on first use, owner-only)."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        path = self.data_dir / SECRET_KEY_FILE
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.data_dir)
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(secrets.token_urlsafe(48))
            # link() never replaces: of two processes starting together, the first key written wins.
            with contextlib.suppress(FileExistsError):
                os.link(temp, path)
            os.unlink(temp)
        return path.read_text("ascii").strip()
