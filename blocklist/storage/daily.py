"""Counts per UTC day (reports by category and by salon, lookups by verdict), kept as things happen, so that the
dashboard reads thirty small documents instead of a month of reports and two weeks of per-minute lookup counts.

A day is one document, `_id` its date (`2026-12-05`). Its counters are flat fields (`reports_no_show`,
`salon_sal_…`, `lookups_allow`): the embedded server stores a dotted `$inc` of an upserted document under the
dotted name itself, and flat names read the same everywhere. Salon ids are our own (`sal_` and letters), so
they are safe as field names.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any, Iterable

from pymongo import UpdateOne

from blocklist.storage.database import Collections

REPORTS, SALON, LOOKUPS = "reports_", "salon_", "lookups_"
BACKFILL_MARKER = "migration:daily_counts"
BACKFILL_DAYS = 31  # what the dashboard reads (30 days of salons, 14 of charts), and a day to spare


async def add(collections: Collections, counts: Counter) -> None:
    """Add counts: (day, field) -> how many."""
    await _write(collections, counts, "$inc")


async def _write(collections: Collections, counts: Counter, operator: str) -> int:
    """Apply (day, field) -> count to each day's document with `operator` ($inc or $set); returns the days written."""
    by_day: dict[date, dict[str, int]] = {}
    for (day, field), count in counts.items():
        if count:
            by_day.setdefault(day, {})[field] = count
    if by_day:
        await collections.daily_counts.bulk_write(
            [UpdateOne({"_id": day.isoformat()}, {operator: fields}, upsert=True) for day, fields in by_day.items()],
            ordered=False)
    return len(by_day)


def report_counts(reports: Iterable[tuple[datetime, str, str]]) -> Counter:
    """Counters for reports received: (received_at, category, salon id) each."""
    counts: Counter = Counter()
    for received_at, category, salon_id in reports:
        counts[(received_at.date(), REPORTS + category)] += 1
        counts[(received_at.date(), SALON + salon_id)] += 1
    return counts


async def days(collections: Collections, first: date, last: date) -> dict[date, dict[str, dict[str, int]]]:
    """Each day's counters from `first` to `last` (days without any are absent), as {"reports": {category: n},
    "salons": {salon id: n}, "lookups": {verdict: n}}. By `_id` equality: the embedded server answers a range on
    `_id` by reading every document."""
    wanted = [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    docs = await collections.daily_counts.find({"_id": {"$in": wanted}}).to_list()
    return {date.fromisoformat(doc["_id"]): {"reports": _split(doc, REPORTS), "salons": _split(doc, SALON),
                                             "lookups": _split(doc, LOOKUPS)} for doc in docs}


def _split(counters: dict[str, Any], prefix: str) -> dict[str, int]:
    return {name[len(prefix):]: int(count) for name, count in counters.items() if name.startswith(prefix)}


async def backfill(collections: Collections, today: date) -> int | None:
    """Count what happened before the counters existed (the last BACKFILL_DAYS days), once per database: days are
    set, not added to, so a second run (two processes starting together) writes the same numbers. Returns how many
    days had something to count, or None when it had run before."""
    if await collections.counters.find_one({"_id": BACKFILL_MARKER}):
        return None
    since = datetime.combine(today - timedelta(days=BACKFILL_DAYS), datetime.min.time())
    counts = report_counts([(doc["received_at"], doc["category"], doc["salon_id"]) async for doc in
                            collections.reports.find({"received_at": {"$gte": since}},
                                                     {"_id": 0, "received_at": 1, "category": 1, "salon_id": 1})])
    async for doc in collections.lookups.find({"at": {"$gte": since}}, {"_id": 0, "at": 1, "verdicts": 1}):
        for verdict, count in (doc.get("verdicts") or {}).items():
            counts[(doc["at"].date(), LOOKUPS + verdict)] += count
    async for doc in collections.lookup_stats.find({"minute": {"$gte": since}}, {"_id": 0, "minute": 1, "allow": 1}):
        counts[(doc["minute"].date(), LOOKUPS + "allow")] += int(doc.get("allow", 0))
    written = await _write(collections, counts, "$set")
    await collections.counters.update_one({"_id": BACKFILL_MARKER}, {"$set": {"days": written}}, upsert=True)
    return written
