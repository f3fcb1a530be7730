"""Publishing: the one path from a source archive to a stored package.

Whatever makes a package on the platform — an upload through the open API, the samples `openmini
serve` releases on first run, `openmini rebuild` (:mod:`openmini.platform.rebuild`) — goes through
:func:`compile_upload`: the archive is checked as hostile, compiled again on the server with the
package limits in force, and refused when it uses an API the operator does not allow. :func:`publish`
is a whole upload: who may upload, the compile, and the develop version that keeps source and package.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from openmini.compiler import CompileOptions
from openmini.compiler.diagnostics import Diagnostic
from openmini.compiler.generate.package import PackageLimits
from openmini.platform import apps, limits, versions
from openmini.platform.accounts import require_role
from openmini.platform.audit import Actor
from openmini.platform.limits import Limits
from openmini.platform.uploads import PreparedUpload, UploadLimits, prepare_upload
from openmini.platform.versions import Version
from openmini.store.blobs import BlobStore
from openmini.store.database import Database


async def compile_upload(data: bytes, in_force: Limits, archive_limits: UploadLimits | None = None) -> PreparedUpload:
    """Check and compile an archive under the limits in force; raise `PlatformError` when it is refused.

    Call it outside any transaction: compiling takes seconds (it runs in a thread, off the event
    loop), and on SQLite an open transaction would hold the write lock all that time.
    """
    options = CompileOptions(limits=in_force.package)
    prepared = await asyncio.to_thread(prepare_upload, data, archive_limits, options)
    limits.check_capabilities(in_force, prepared.capabilities)
    return prepared


@dataclass(frozen=True)
class Published:
    version: Version
    diagnostics: list[Diagnostic]  # warnings and notes of the server's compile


async def publish(
    db: Database,
    blobs: BlobStore,
    actor: Actor,
    appid: str,
    data: bytes,
    *,
    defaults: PackageLimits,
    user_version: str,
    description: str = "",
    archive_limits: UploadLimits | None = None,
) -> Published:
    """Upload ``data`` as a new develop version of ``appid`` (admins and developers).

    ``defaults`` are the settings' package limits, used until the operator chose others. Someone
    who may not upload is refused before anything is compiled; a refused upload leaves no version.
    """
    async with db.session() as session:
        app = await apps.get_app(session, appid)
        await require_role(session, actor, app.org_id, *versions.DEVELOPERS)
        in_force = await limits.get_limits(session, defaults)
    prepared = await compile_upload(data, in_force, archive_limits)
    async with db.session() as session:
        app = await apps.get_app(session, appid)
        version = await versions.create_version(
            session,
            blobs,
            actor,
            app,
            prepared.package,
            prepared.source_archive,
            user_version=user_version,
            description=description,
        )
    return Published(version, prepared.diagnostics)
