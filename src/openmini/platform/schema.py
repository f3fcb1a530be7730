"""Every table of the platform, for migrations: importing the services declares their tables."""

from __future__ import annotations

from sqlalchemy import MetaData

from openmini.platform import (
    access_tokens,
    accounts,
    apps,
    audit,
    consent,
    identity,
    launches,
    limits,
    message_templates,
    messages,
    metrics,
    rate_limits,
    releases,
    screenshots,
    short_links,
    storage_db,
    versions,
)
from openmini.store.database import Base

SERVICES = (
    access_tokens,
    accounts,
    apps,
    audit,
    consent,
    identity,
    launches,
    limits,
    message_templates,
    messages,
    metrics,
    rate_limits,
    releases,
    screenshots,
    short_links,
    storage_db,
    versions,
)


def metadata() -> MetaData:
    """``Base.metadata`` with every service's tables declared."""
    return Base.metadata
