"""What the platform app's routes share: settings and the handles `create_platform_app` opens at start.

Nothing here is state another process needs: the database and the blob store are shared by every
``openmini serve`` process, and the rest is configuration.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import HTTPConnection

from openmini.platform.signing import ManifestSigner
from openmini.platform.storage import Storage
from openmini.server.packages import PackageReader
from openmini.settings import Settings
from openmini.store.blobs import BlobStore
from openmini.store.database import Database


@dataclass(frozen=True)
class PlatformState:
    settings: Settings
    db: Database
    blobs: BlobStore
    storage: Storage
    signer: ManifestSigner | None  # None when manifests are not signed
    packages: PackageReader


def platform_state(connection: HTTPConnection) -> PlatformState:
    """The running app's `PlatformState` (a FastAPI dependency; set by the app's lifespan)."""
    state: PlatformState = connection.app.state.platform
    return state
