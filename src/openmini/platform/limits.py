"""The operator's limits: package sizes and which wx APIs mini programs may use.

Settings give the defaults (``Settings.package_limits()``); an operator changes them in the console
and the change is kept in the database, so every ``openmini serve`` process applies the same limits.
Uploads compile with ``limits.package`` and refuse a package whose capability report uses an API
outside ``allowed_apis`` (:func:`check_capabilities`); the review page shows the same check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from openmini.compiler.generate.package import PackageLimits
from openmini.platform import audit
from openmini.platform.audit import Actor
from openmini.platform.errors import Code, PlatformError
from openmini.store.database import Base, UTCDateTime, utcnow

# The table holds at most this one row: the operator's current choice.
ROW_ID = 1
# A wx API name as the compiler's capability report spells it (``request``, ``getStorageSync``).
API_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]{0,63}")
# Nothing larger than this can be uploaded through one request anyway; it keeps typos like an
# extra zero from turning into an unbounded limit.
MAX_LIMIT_BYTES = 1 << 30


class LimitsRow(Base):
    __tablename__ = "platform_limits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    max_main_package: Mapped[int] = mapped_column(Integer)
    max_subpackage: Mapped[int] = mapped_column(Integer)
    max_total_package: Mapped[int] = mapped_column(Integer)
    # None: every API the runtime offers is allowed.
    allowed_apis: Mapped[list[str] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


@dataclass(frozen=True)
class Limits:
    package: PackageLimits
    allowed_apis: frozenset[str] | None  # None: no restriction

    def disallowed_apis(self, capabilities: Mapping[str, Any] | None) -> list[str]:
        """The APIs a capability report (the manifest's ``capabilities``) uses that are not allowed."""
        if self.allowed_apis is None or not capabilities:
            return []
        used = {str(entry.get("name")) for entry in capabilities.get("apis", []) if isinstance(entry, Mapping)}
        return sorted(used - self.allowed_apis)


async def get_limits(session: AsyncSession, defaults: PackageLimits) -> Limits:
    """The limits in force: the operator's, or ``defaults`` (from settings) when none were set."""
    row = await session.get(LimitsRow, ROW_ID)
    if row is None:
        return Limits(defaults, None)
    package = PackageLimits(main=row.max_main_package, subpackage=row.max_subpackage, total=row.max_total_package)
    allowed = None if row.allowed_apis is None else frozenset(row.allowed_apis)
    return Limits(package, allowed)


def parse_api_names(names: Iterable[str]) -> frozenset[str]:
    """Validated API names (40097 for one that cannot be a wx API name)."""
    cleaned = {n.strip().removeprefix("wx.") for n in names if n.strip()}
    bad = sorted(n for n in cleaned if not API_NAME.fullmatch(n))
    if bad:
        raise PlatformError(Code.INVALID_ARGS, f"not an API name: {', '.join(bad)}")
    return frozenset(cleaned)


async def set_limits(session: AsyncSession, actor: Actor, limits: Limits) -> Limits:
    """Operators only. Sizes are positive and each part fits in the total (40097 otherwise)."""
    if not actor.is_operator or actor.api_key_id is not None:
        raise PlatformError(Code.PERMISSION_DENIED, "only an operator may change the platform limits")
    package = limits.package
    sizes = {"main package": package.main, "subpackage": package.subpackage, "total": package.total}
    for name, size in sizes.items():
        if not 0 < size <= MAX_LIMIT_BYTES:
            raise PlatformError(Code.INVALID_ARGS, f"the {name} limit must be between 1 byte and {MAX_LIMIT_BYTES}")
    if package.main > package.total or package.subpackage > package.total:
        raise PlatformError(Code.INVALID_ARGS, "the main package and subpackage limits must fit in the total")
    allowed = None if limits.allowed_apis is None else sorted(parse_api_names(limits.allowed_apis))
    row = await session.get(LimitsRow, ROW_ID)
    if row is None:
        row = LimitsRow(id=ROW_ID)
        session.add(row)
    row.max_main_package = package.main
    row.max_subpackage = package.subpackage
    row.max_total_package = package.total
    row.allowed_apis = allowed
    row.updated_at = utcnow()
    row.updated_by = actor.user_id
    audit.record(
        session,
        actor,
        "limits.set",
        "platform:limits",
        {"main": package.main, "subpackage": package.subpackage, "total": package.total, "allowed_apis": allowed},
    )
    return Limits(package, None if allowed is None else frozenset(allowed))


def check_capabilities(limits: Limits, capabilities: Mapping[str, Any] | None) -> None:
    """Refuse (90101) a package that uses an API the operator does not allow."""
    refused = limits.disallowed_apis(capabilities)
    if refused:
        raise PlatformError(
            Code.UPLOAD_REJECTED, f"uses APIs this platform does not allow: {', '.join('wx.' + n for n in refused)}"
        )
