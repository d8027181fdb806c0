"""What a data-subject request reads and deletes: everything held under a person's keyed hashes,
and the tombstones that let an erasure be applied again after a restore from backup.

These reads scan where a person's keys are not indexed (lookups, outcomes: small collections), except for reports,
which are found through their postings (storage/reports.py), and appeals, through their key fields
(storage/entries.py); requests are rare.
"""

from __future__ import annotations

from typing import Any

from blocklist.models import Appeal, Case, Entry, Report
from blocklist.storage.cases import case_of
from blocklist.storage.database import Collections, Store
from blocklist.storage.entries import APPEAL_KEY_FIELDS, APPEAL_KEYS_MIGRATION, appeal_of, entry_of
from blocklist.storage.lookups import records_of, with_records
from blocklist.storage.reports import REPORT_KEYS_MIGRATION, report_of
from blocklist.storage.sealing import (
    APPEAL_FIELDS,
    CASE_FIELDS,
    ENTRY_FIELDS,
    REPORT_FIELDS,
)


class SubjectStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def _by_keys(self, collection: str, field: str, keys: list[str]) -> list[dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for key in keys:
            for doc in await getattr(self.c, collection).find({field: key}).to_list():
                found[doc["_id"]] = doc
        return list(found.values())

    async def entries(self, keys: list[str]) -> list[Entry]:
        return [entry_of(doc) for doc in self.c.opened_all(await self._by_keys("entries", "key", keys), ENTRY_FIELDS)]

    async def reports(self, keys: list[str]) -> list[Report]:
        if await self.c.counters.find_one({"_id": REPORT_KEYS_MIGRATION}):  # every report has its postings
            ids = {doc["report"] for key in keys for doc in await self.c.report_keys.find({"key": key}).to_list()}
            found = await self.c.reports.find({"_id": {"$in": sorted(ids)}}).to_list() if ids else []
            wanted = set(keys)  # (a posting outlives its report's keys by moments: the keys decide)
            docs = [doc for doc in found if wanted.intersection(doc.get("keys") or ())]
        else:
            docs = await self._by_keys("reports", "keys", keys)
        return [report_of(doc) for doc in self.c.opened_all(docs, REPORT_FIELDS)]

    async def drop_report_postings(self, keys: list[str]) -> None:
        """Every posting under these keys (an erasure: the keys are the person's)."""
        for key in keys:
            await self.c.report_keys.delete_many({"key": key})

    async def cases(self, keys: list[str]) -> list[Case]:
        return [case_of(doc) for doc in self.c.opened_all(await self._by_keys("cases", "keys", keys), CASE_FIELDS)]

    async def lookups(self, keys: list[str]) -> list[dict[str, Any]]:
        """The logged lookups that matched any of the keys, oldest first, each with its bucket's id."""
        wanted = set(keys)
        found = []
        for bucket in await self._by_keys("lookups", "keys", keys):
            found.extend({**record, "bucket": bucket["_id"]} for record in records_of(bucket)
                         if wanted.intersection(record["keys"]))
        return sorted(found, key=lambda record: record["at"])

    async def remove_lookups(self, bucket_ids: list[str], record_ids: list[str]) -> int:
        """Take these records out of their buckets (a bucket left empty goes); returns records removed."""
        gone = set(record_ids)
        removed = 0
        for bucket_id in bucket_ids:
            bucket = await self.c.lookups.find_one({"_id": bucket_id})
            if bucket is None:
                continue
            records = records_of(bucket)
            kept = [record for record in records if record["_id"] not in gone]
            removed += len(records) - len(kept)
            if not kept:
                await self.c.lookups.delete_one({"_id": bucket_id})
            elif len(kept) < len(records):
                await self.c.lookups.replace_one({"_id": bucket_id}, with_records(bucket, kept))
        return removed

    async def appeals(self, keys: list[str]) -> list[Appeal]:
        if await self.c.counters.find_one({"_id": APPEAL_KEYS_MIGRATION}):  # every appeal has its key fields
            found: dict[str, dict[str, Any]] = {}
            for field in APPEAL_KEY_FIELDS:
                found.update((doc["_id"], doc) for doc in await self._by_keys("appeals", field, keys))
            docs = list(found.values())
        else:
            docs = await self._by_keys("appeals", "keys", keys)
        return [appeal_of(doc) for doc in self.c.opened_all(docs, APPEAL_FIELDS)]

    async def outcomes(self, keys: list[str]) -> list[dict[str, Any]]:
        """What salons said happened to looked-up bookings with these keys."""
        return sorted(await self._by_keys("outcomes", "keys", keys), key=lambda doc: doc["booked_at"])

    async def delete(self, collection: str, ids: list[str]) -> int:
        if not ids:
            return 0
        result = await getattr(self.c, collection).delete_many({"_id": {"$in": ids}})
        return result.deleted_count

    async def delete_incidents_of(self, report_ids: list[str]) -> int:
        """The reports' claims on incidents (keyed hashes of the person's identifiers)."""
        deleted = 0
        for report_id in report_ids:  # one indexed equality each ($in on a field other than _id scans on nx-27017)
            deleted += (await self.c.incidents.delete_many({"report_id": report_id})).deleted_count
        return deleted

    async def delete_idempotency_of(self, report_ids: list[str]) -> int:
        """The remembered requests that created the reports (a fingerprint of the person's details)."""
        deleted = 0
        for report_id in report_ids:
            deleted += (await self.c.idempotency.delete_many({"report_id": report_id})).deleted_count
        return deleted

    async def delete_notices_of(self, entry_ids: list[str]) -> int:
        """Art. 14 notices about the entries (queued or the record that one was sent)."""
        deleted = 0
        for entry_id in entry_ids:
            deleted += (await self.c.notices.delete_many({"entry_id": entry_id})).deleted_count
        return deleted

    async def drop_case_keys(self, keys: list[str]) -> None:
        if keys:
            await self.c.case_keys.delete_many({"_id": {"$in": keys}})

    async def insert_tombstone(self, doc: dict[str, Any]) -> None:
        await self.c.tombstones.insert_one(doc)

    async def tombstones(self) -> list[dict[str, Any]]:
        return await self.c.tombstones.find().sort([("at", 1)]).to_list()
