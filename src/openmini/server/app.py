"""`openmini serve`: the platform app — shell, package serving, platform APIs — over a database and a blob store.

`create_platform_app(settings)` builds everything from settings alone; its lifespan migrates the
database, makes sure the operator account exists (printing a generated password once), and
releases the sample mini programs on first run. Every process started with the same settings
behaves as one platform: sessions are signed cookies, manifests are signed with a key derived from
the shared secret, and all data is in the database and the blob store.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.requests import HTTPConnection, Request

from openmini.platform import accounts
from openmini.platform.errors import PlatformError
from openmini.platform.metrics import RequestCounter
from openmini.platform.package_access import may_read_package, was_released
from openmini.platform.rate_limits import RateLimits, open_counters
from openmini.platform.signing import ManifestSigner
from openmini.platform.storage_db import DatabaseStorage
from openmini.server import auth
from openmini.server.consent_api import router as consent_router
from openmini.server.console import console_router
from openmini.server.console_review import may_preview
from openmini.server.files import runtime_bundler
from openmini.server.identity_api import router as identity_router
from openmini.server.messages_api import router as messages_router
from openmini.server.messages_api import shell_router as inbox_router
from openmini.server.metrics import CountRequests, flushing
from openmini.server.open_api import install_open_api
from openmini.server.packages import PackageReader, manifests_in, package_routes
from openmini.server.samples import seed_samples
from openmini.server.shell import shell_router
from openmini.server.state import PlatformState
from openmini.server.wechat_api import router as wechat_router
from openmini.server.wechat_routes import include_wechat_routers
from openmini.server.wxacode_api import link_router
from openmini.server.wxacode_api import router as wxacode_router
from openmini.settings import Settings
from openmini.store.blobs import open_blob_store
from openmini.store.database import Database, create_engine, migrate


def announce(text: str) -> None:
    """First-run news for whoever started the server (its terminal), once."""
    print(text, flush=True)


def create_platform_app(settings: Settings, *, on_first_run: Callable[[str], None] = announce) -> FastAPI:
    """The platform as an ASGI app. Nothing connects until the lifespan starts."""
    secret = settings.load_secret_key()
    db = Database(create_engine(settings.database_url))
    blobs = open_blob_store(settings.blob_url)
    signer = ManifestSigner.from_secret(secret) if settings.sign_manifests else None
    packages = PackageReader(blobs, signer, manifests_in(db))
    state = PlatformState(settings, db, blobs, DatabaseStorage(db), signer, packages)
    limits = RateLimits(open_counters(settings.redis_url, db))
    counter = RequestCounter()

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        warm = asyncio.create_task(asyncio.to_thread(runtime_bundler().warm))
        try:
            await migrate(db.engine)
            await _ensure_operator(settings, db, on_first_run)
            if await seed_samples(db, blobs):
                on_first_run("openmini serve: released the sample mini programs (organisation 'Samples')")
            async with flushing(db, counter):
                yield
        finally:
            await warm
            await limits.close()
            await db.dispose()

    app = FastAPI(title="openmini", lifespan=lifespan)
    app.state.platform = state
    app.state.rate_limits = limits
    auth.install_sessions(app, settings)
    app.add_middleware(CountRequests, counter=counter)

    @app.exception_handler(PlatformError)
    async def platform_error(_: Request, error: Exception) -> JSONResponse:
        # WeChat's convention: refusals are HTTP 200 with a non-zero errcode.
        assert isinstance(error, PlatformError)
        return JSONResponse(error.to_json())

    # Versions once released stay public (platform/package_access.py), so each process may remember
    # them: the hot manifest route then needs no database round trip.
    public_versions: set[int] = set()

    async def may_read(connection: HTTPConnection, version_id: int) -> bool:
        if version_id in public_versions or may_preview(connection, version_id):
            return True
        async with db.session(read_only=True) as session:
            if await was_released(session, version_id):
                public_versions.add(version_id)
                return True
            return await may_read_package(session, version_id, auth.session_user_id(connection))

    app.router.routes.extend(package_routes(lambda _: state.packages, may_read))
    app.include_router(shell_router(state))
    app.include_router(console_router())
    install_open_api(app)
    app.include_router(identity_router)
    app.include_router(consent_router)
    app.include_router(inbox_router)
    app.include_router(link_router)
    include_wechat_routers(app, wechat_router, messages_router, wxacode_router)
    return app


def create_platform_app_from_env() -> FastAPI:
    """The app from ``OPENMINI_*`` environment variables (uvicorn's factory for ``--workers``)."""
    return create_platform_app(Settings())


async def _ensure_operator(settings: Settings, db: Database, on_first_run: Callable[[str], None]) -> None:
    password = settings.operator_password.get_secret_value() if settings.operator_password is not None else None
    async with db.session() as session:
        user, generated = await accounts.ensure_operator(session, settings.operator_email, password)
    if generated is not None:
        on_first_run(f"openmini serve: operator {user.email}, password {generated} (shown once: keep it)")
