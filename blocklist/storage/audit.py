"""The audit log's records: appended in sequence (a unique `seq` keeps writers from overlapping), never changed."""

from __future__ import annotations

from typing import Any, AsyncIterator

from pymongo.errors import BulkWriteError

from blocklist.storage.database import Collections, Store


class SequenceTaken(Exception):
    """Another writer appended first: `inserted` of the records went in, the rest did not."""

    def __init__(self, inserted: int) -> None:
        super().__init__(f"{inserted} records appended before another writer's")
        self.inserted = inserted


class AuditStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def newest(self, at_least: int = 0) -> dict[str, Any] | None:
        """The record with the highest sequence number; `at_least` (a number known to exist) keeps the read
        to the few records appended since (the embedded server sorts whatever the filter leaves in Python)."""
        return await self.c.audit.find_one({"seq": {"$gte": at_least}} if at_least else {}, sort=[("seq", -1)])

    async def append(self, records: list[dict[str, Any]]) -> None:
        """Insert records in order; raises SequenceTaken when another writer took one of their numbers."""
        try:
            await self.c.audit.insert_many(records, ordered=True)
        except BulkWriteError as exc:
            raise SequenceTaken(exc.details.get("nInserted", 0)) from None

    async def page(self, limit: int, before_seq: int | None = None, actor: str | None = None,
                   target: str | None = None) -> list[dict[str, Any]]:
        """Records newest first, optionally below a sequence number, by actor or target."""
        query: dict[str, Any] = {}
        if before_seq is not None:
            query["seq"] = {"$lt": before_seq}
        if actor:
            query["actor"] = actor
        if target:
            query["target"] = target
        return await self.c.audit.find(query, {"_id": 0}).sort([("seq", -1)]).limit(limit).to_list()

    async def hashes(self, seqs: list[int]) -> dict[int, str]:
        """The stored hash of each of these records that exists."""
        found = {}
        async for record in self.c.audit.find({"seq": {"$in": seqs}}, {"seq": 1, "hash": 1}):
            found[record["seq"]] = record["hash"]
        return found

    async def after(self, seq: int) -> AsyncIterator[dict[str, Any]]:
        """Every record after `seq`, in order (for walking the chain)."""
        query = {"seq": {"$gt": seq}} if seq else {}
        async for record in self.c.audit.find(query).sort([("seq", 1)]).batch_size(1000):
            yield record
