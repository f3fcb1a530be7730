"""Platform health: requests and errors per minute, and the storage in use.

Each ``openmini serve`` process counts its own requests in memory (:class:`RequestCounter`) and
adds them to its own rows every few seconds (:func:`flush`), so processes never write the same
row and the health page sums every process's rows per minute.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock

from sqlalchemy import Integer, String, delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from openmini.store.database import Base

# Older counts are dropped on flush: the health page looks at the last hour, and a day is kept.
KEEP_MINUTES = 24 * 60


class RequestCount(Base):
    __tablename__ = "request_counts"
    # Bookkeeping of traffic, not a console write.
    __audit_exempt__ = True

    process: Mapped[str] = mapped_column(String(32), primary_key=True)
    minute: Mapped[int] = mapped_column(Integer, primary_key=True)  # minutes since the Unix epoch, UTC
    requests: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)


class RequestCounter:
    """This process's counts not yet written, per minute. Safe to call from any thread."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = Lock()
        self._counts: dict[int, list[int]] = {}

    def count(self, *, error: bool) -> None:
        minute = int(self._clock() // 60)
        with self._lock:
            counts = self._counts.setdefault(minute, [0, 0])
            counts[0] += 1
            counts[1] += error

    def take(self) -> dict[int, tuple[int, int]]:
        """The counts since the last call, as ``{minute: (requests, errors)}``."""
        with self._lock:
            taken, self._counts = self._counts, {}
        return {minute: (c[0], c[1]) for minute, c in taken.items()}

    def put_back(self, counts: dict[int, tuple[int, int]]) -> None:
        """Return counts a failed flush could not write, so the next flush tries again."""
        with self._lock:
            for minute, (requests, errors) in counts.items():
                mine = self._counts.setdefault(minute, [0, 0])
                mine[0] += requests
                mine[1] += errors


async def flush(session: AsyncSession, process: str, counts: dict[int, tuple[int, int]]) -> None:
    """Add ``counts`` to this process's rows and drop rows older than ``KEEP_MINUTES``."""
    for minute, (requests, errors) in counts.items():
        row = await session.get(RequestCount, (process, minute))
        if row is None:
            session.add(RequestCount(process=process, minute=minute, requests=requests, errors=errors))
        else:
            row.requests += requests
            row.errors += errors
    if counts:
        oldest = max(counts) - KEEP_MINUTES
        await session.execute(delete(RequestCount).where(RequestCount.minute < oldest))


@dataclass(frozen=True)
class MinuteCounts:
    minute: int  # minutes since the Unix epoch, UTC
    requests: int
    errors: int


async def per_minute(session: AsyncSession, since_minute: int) -> list[MinuteCounts]:
    """Every process's counts summed per minute, oldest first, from ``since_minute`` on."""
    rows = await session.execute(
        select(RequestCount.minute, func.sum(RequestCount.requests), func.sum(RequestCount.errors))
        .where(RequestCount.minute >= since_minute)
        .group_by(RequestCount.minute)
        .order_by(RequestCount.minute)
    )
    return [MinuteCounts(int(m), int(r or 0), int(e or 0)) for m, r, e in rows]


async def database_bytes(session: AsyncSession) -> int:
    """The database's size on disk as the database itself reports it."""
    if session.get_bind().dialect.name == "postgresql":
        return int(await session.scalar(text("SELECT pg_database_size(current_database())")) or 0)
    pages = int(await session.scalar(text("PRAGMA page_count")) or 0)
    page_size = int(await session.scalar(text("PRAGMA page_size")) or 0)
    return pages * page_size
