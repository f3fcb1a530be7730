"""Request counts per minute, written per process and summed across processes for the health page."""

from __future__ import annotations

import pytest

from openmini.platform import metrics
from openmini.platform.metrics import MinuteCounts, RequestCounter
from openmini.store.database import Database


class Clock:
    def __init__(self) -> None:
        self.now = 600.0

    def __call__(self) -> float:
        return self.now


def test_the_counter_buckets_by_minute_and_hands_counts_over_once() -> None:
    clock = Clock()
    counter = RequestCounter(clock)
    counter.count(error=False)
    counter.count(error=True)
    clock.now += 60
    counter.count(error=False)
    assert counter.take() == {10: (2, 1), 11: (1, 0)}
    assert counter.take() == {}
    counter.count(error=False)
    counter.put_back({11: (4, 2)})
    assert counter.take() == {11: (5, 2)}


@pytest.mark.anyio
async def test_flushes_add_up_per_process_and_minutes_sum_every_process(db: Database) -> None:
    async with db.session() as s:
        await metrics.flush(s, "a", {100: (3, 1), 101: (1, 0)})
    async with db.session() as s:
        await metrics.flush(s, "a", {101: (2, 1)})
        await metrics.flush(s, "b", {101: (10, 0)})
    async with db.session() as s:
        assert await metrics.per_minute(s, 100) == [MinuteCounts(100, 3, 1), MinuteCounts(101, 13, 1)]
        assert await metrics.per_minute(s, 101) == [MinuteCounts(101, 13, 1)]


@pytest.mark.anyio
async def test_counts_older_than_a_day_are_dropped(db: Database) -> None:
    async with db.session() as s:
        await metrics.flush(s, "a", {1: (5, 0)})
    async with db.session() as s:
        await metrics.flush(s, "a", {1 + metrics.KEEP_MINUTES + 1: (1, 0)})
    async with db.session() as s:
        assert await metrics.per_minute(s, 0) == [MinuteCounts(1 + metrics.KEEP_MINUTES + 1, 1, 0)]


@pytest.mark.anyio
async def test_the_database_reports_its_size(db: Database) -> None:
    async with db.session() as s:
        assert await metrics.database_bytes(s) > 0
