"""The lookup log (lookups that matched something, one by one, packed into buckets; clean ones as counts
per salon and minute) and the alerts raised for admins."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from typing import Any

import orjson
from pymongo import UpdateOne

from blocklist.storage import daily
from blocklist.storage.database import Collections, Store, insert_new

LOG_BUCKET_SIZE = 2_000  # records per lookup-log document (~0.5 MB)
# a lookup id ends in this many hex digits of its process's counter (services/lookup.py)
LOOKUP_COUNTER_DIGITS = 12

# a lookup record: who asked (salon, kind of key), when, what came out, about which keyed hashes
_RECORD_FIELDS = ("_id", "at", "salon_id", "key_kind", "verdict", "risk", "reasons", "keys")


def with_records(bucket: dict[str, Any], records: list[dict[str, Any]]) -> dict[str, Any]:
    """A lookup-log bucket holding these records, with its key union and counts by verdict recomputed
    (what queries look at). The records themselves are packed into one string: as thousands of small
    documents inside the bucket they cost the embedded server a quarter of a core to store under load."""
    rows = [[record[name] if name != "at" else record["at"].timestamp() for name in _RECORD_FIELDS]
            for record in records]
    return {**bucket, "records": orjson.dumps(rows).decode(),
            "keys": sorted({key for record in records for key in record["keys"]}),
            "verdicts": dict(Counter(record["verdict"] for record in records))}


def records_of(bucket: dict[str, Any]) -> list[dict[str, Any]]:
    """The records of a lookup-log bucket (see with_records)."""
    packed = bucket.get("records") or []
    if isinstance(packed, list):
        return packed  # a bucket written before records were packed
    records = []
    for row in orjson.loads(packed):
        record = dict(zip(_RECORD_FIELDS, row))
        record["at"] = datetime.fromtimestamp(record["at"], timezone.utc)
        records.append(record)
    return records



class LookupLogStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def insert_records(self, records: list[dict[str, Any]]) -> None:
        """Store lookup records in buckets of up to LOG_BUCKET_SIZE, one document each (a document per
        lookup cost the database more than the lookups themselves). A bucket's id comes from its first
        record, so a retried write whose answer was lost stores nothing twice."""
        buckets = [with_records({"_id": "lkb_" + batch[0]["_id"].removeprefix("lkp_"), "at": batch[-1]["at"]}, batch)
                   for batch in (records[start:start + LOG_BUCKET_SIZE]
                                 for start in range(0, len(records), LOG_BUCKET_SIZE))]
        already = await insert_new(self.c.lookups, buckets)
        await daily.add(self.c, Counter((record["at"].date(), daily.LOOKUPS + record["verdict"])
                                        for n, batch in enumerate(buckets) if n not in already
                                        for record in records[n * LOG_BUCKET_SIZE:(n + 1) * LOG_BUCKET_SIZE]))

    async def record(self, lookup_id: str) -> dict[str, Any] | None:
        """One kept lookup record by its id (lookups that matched nothing are kept only as counts).

        A lookup id is `lkp_<process><counter>` and a bucket is named after its first record, with records
        in the order one process made them: the bucket holding a lookup is the last of that process's
        buckets named at or before it (a range on `_id`, which every server answers from its index)."""
        process, counter = lookup_id[4:-LOOKUP_COUNTER_DIGITS], lookup_id[-LOOKUP_COUNTER_DIGITS:]
        if not lookup_id.startswith("lkp_") or not process or len(lookup_id) > 80:
            return None
        buckets = await self.c.lookups.find({"_id": {"$gt": f"lkb_{process}", "$lte": f"lkb_{process}{counter}"}}) \
            .sort([("_id", -1)]).limit(1).to_list()
        return next((record for bucket in buckets for record in records_of(bucket) if record["_id"] == lookup_id),
                    None)

    async def add_clean_counts(self, counts: dict[tuple[str, datetime], int]) -> None:
        """Add lookups that matched nothing, counted per (salon id, minute)."""
        await self.c.lookup_stats.bulk_write([
            UpdateOne({"_id": f"{salon_id}:{minute.isoformat()}"},
                      {"$inc": {"allow": count}, "$setOnInsert": {"salon_id": salon_id, "minute": minute}},
                      upsert=True) for (salon_id, minute), count in counts.items()], ordered=False)
        per_day: Counter = Counter()
        for (_, minute), count in counts.items():
            per_day[(minute.date(), daily.LOOKUPS + "allow")] += count
        await daily.add(self.c, per_day)


class AlertStore(Store):
    """Alerts for the admins' dashboard, one per `_id` (the id says which hour it covers)."""

    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def raise_once(self, alert: dict[str, Any]) -> None:
        await self.c.alerts.update_one({"_id": alert["_id"]}, {"$setOnInsert": alert}, upsert=True)
