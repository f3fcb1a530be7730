"""The sample mini programs `openmini serve` releases on first run, so a newcomer can open one at once.

The examples ship inside the wheel as ``openmini/_samples`` (pyproject's hatch ``force-include``);
in a checkout they are ``examples/``. Seeding goes through the same path as any upload (hostile
archive checks, server-side compile and allowed APIs in :func:`openmini.platform.publishing.compile_upload`,
then versions, review and release) in one transaction, under the organisation "Samples": when that
organisation exists the samples are there, so a restart or a second process starting at the same
moment seeds nothing.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from openmini.compiler.generate.package import PackageLimits
from openmini.platform import accounts, apps, limits, publishing, releases, versions
from openmini.platform.accounts import Organisation
from openmini.platform.audit import Actor
from openmini.platform.uploads import pack_source
from openmini.store.blobs import BlobStore
from openmini.store.database import Database

ORGANISATION = "Samples"
# Any fixed number: serialises first-run seeding across processes on PostgreSQL.
SEED_LOCK_KEY = 0x6F6D_7361  # "omsa"
NOTE = "sample shipped with openmini"


@dataclass(frozen=True)
class Sample:
    folder: str
    name: str
    description: str
    category: str


SAMPLES = (
    Sample("shop", "Little Bean Café", "Order coffee and cake: a small ordering mini program.", "Food & drink"),
    Sample("components", "Component gallery", "Custom components, slots, behaviors and relations.", "Tools"),
    Sample("packages", "Corner Market", "A market split into subpackages, with npm packages.", "Shopping"),
)


def samples_root() -> Path:
    """The folder holding the sample projects: in the installed package, else the checkout's examples/."""
    shipped = Path(str(resources.files("openmini") / "_samples"))
    if shipped.is_dir():
        return shipped
    checkout = Path(__file__).resolve().parents[3] / "examples"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"no sample mini programs in {shipped} or {checkout}")


async def _seeded(session: AsyncSession) -> bool:
    return await session.scalar(select(Organisation.id).where(Organisation.name == ORGANISATION)) is not None


def _pack(root: Path) -> list[bytes]:
    return [pack_source(root / sample.folder) for sample in SAMPLES]


async def seed_samples(db: Database, blobs: BlobStore, root: Path | None = None) -> bool:
    """Release the samples unless the "Samples" organisation exists; True when this call seeded them."""
    async with db.session() as session:
        if await _seeded(session):
            return False
        in_force = await limits.get_limits(session, PackageLimits())
    # Compiled before the transaction: on SQLite a transaction holds the write lock from its start.
    archives = await asyncio.to_thread(_pack, root or samples_root())
    prepared = [await publishing.compile_upload(archive, in_force) for archive in archives]
    async with db.session() as session:
        if db.is_postgresql:
            await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SEED_LOCK_KEY})
        if await _seeded(session):
            return False
        actor = Actor.system()
        org = await accounts.create_organisation(session, actor, ORGANISATION)
        for sample, upload in zip(SAMPLES, prepared, strict=True):
            app, _secret = await apps.create_app(
                session, actor, org.id, sample.name, description=sample.description, category=sample.category
            )
            version = await versions.create_version(
                session,
                blobs,
                actor,
                app,
                upload.package,
                upload.source_archive,
                user_version="1.0.0",
                description=NOTE,
            )
            await versions.submit_audit(session, actor, app, version.id, NOTE)
            await versions.approve(session, actor, app, version.id, NOTE)
            await releases.release(session, actor, app, version.id)
    return True
