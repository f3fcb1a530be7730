"""Every table of the platform, for migrations: importing the services declares their tables."""

from __future__ import annotations

from sqlalchemy import MetaData

from openmini.platform import (
    accounts,
    apps,
    audit,
    launches,
    limits,
    metrics,
    releases,
    screenshots,
    storage_db,
    versions,
)
from openmini.store.database import Base

SERVICES = (accounts, apps, audit, launches, limits, metrics, releases, screenshots, storage_db, versions)


def metadata() -> MetaData:
    """``Base.metadata`` with every service's tables declared."""
    return Base.metadata
