"""Cases: the reports about one person, from every salon, with what moderators need to decide."""

from __future__ import annotations

import uuid
from typing import Any

from pymongo import InsertOne, ReplaceOne
from pymongo.errors import BulkWriteError

from blocklist.storage.database import Collections, Store
from blocklist.storage.sealing import CASE_FIELDS


class CaseStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def owners(self, keys: list[str]) -> dict[str, str]:
        """Which case each identifier key belongs to (keys nobody has yet are absent)."""
        if not keys:
            return {}
        docs = await self.c.case_keys.find({"_id": {"$in": keys}}).batch_size(1000).to_list()
        return {d["_id"]: d["case_id"] for d in docs}

    async def find_open_by_keys(self, keys: list[str]) -> list[dict[str, Any]]:
        """Open cases owning any of these keys."""
        owners = await self.owners(keys)
        if not owners:
            return []
        return [c for c in await self.get_many(sorted(set(owners.values()))) if c["status"] == "open"]

    async def claim_keys(self, claims: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Make cases the owners of keys nobody owns: (key, case id) pairs; returns the pairs another
        case won meanwhile (a unique `_id` decides, whatever process asks)."""
        if not claims:
            return []
        try:
            await self.c.case_keys.insert_many([{"_id": k, "case_id": c} for k, c in claims], ordered=False)
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if any(e.get("code") != 11000 for e in errors):
                raise
            return [claims[e["index"]] for e in errors]
        return []

    async def move_keys(self, keys: list[str], case_id: str) -> None:
        """Point keys at another case (after a merge, or a new open case after a decision)."""
        if keys:
            await self.c.case_keys.update_many({"_id": {"$in": keys}}, {"$set": {"case_id": case_id}})

    async def drop_keys(self, keys: list[str], case_id: str) -> None:
        """Forget that keys belong to a case (its personal data is gone)."""
        if keys:
            await self.c.case_keys.delete_many({"_id": {"$in": keys}, "case_id": case_id})

    async def get(self, case_id: str) -> dict[str, Any] | None:
        return self.c.opened(await self.c.cases.find_one({"_id": case_id}), CASE_FIELDS)

    async def get_many(self, case_ids: list[str], fields: list[str] | None = None) -> list[dict[str, Any]]:
        projection = dict.fromkeys(fields, 1) if fields else None
        return self.c.opened_all(
            await self.c.cases.find({"_id": {"$in": case_ids}}, projection).batch_size(1000).to_list(), CASE_FIELDS)

    async def insert_many(self, docs: list[dict[str, Any]]) -> None:
        if docs:
            await self.c.cases.bulk_write([InsertOne(self.c.sealed(d, CASE_FIELDS)) for d in docs], ordered=False)

    async def replace_if_version(self, doc: dict[str, Any], expected_version: int) -> bool:
        """Write the whole case if nobody changed it since `expected_version` (optimistic concurrency)."""
        result = await self.c.cases.replace_one({"_id": doc["_id"], "version": expected_version},
                                                self.c.sealed(doc, CASE_FIELDS))
        return result.matched_count == 1

    async def replace_many_if_version(self, pairs: list[tuple[dict[str, Any], int]]) -> set[str]:
        """`replace_if_version` for many cases in one bulk write; returns the ids not written because
        someone changed them first. Each document carries a fresh `write_id` that tells, when the
        totals do not add up, which of the writes landed."""
        if not pairs:
            return set()
        write_id = uuid.uuid4().hex
        result = await self.c.cases.bulk_write(
            [ReplaceOne({"_id": doc["_id"], "version": version}, {**self.c.sealed(doc, CASE_FIELDS), "write_id": write_id})
             for doc, version in pairs], ordered=False)
        if result.matched_count == len(pairs):
            return set()
        landed = await self.c.cases.find({"_id": {"$in": [doc["_id"] for doc, _ in pairs]}},
                                         {"write_id": 1}).to_list()
        ours = {doc["_id"] for doc in landed if doc.get("write_id") == write_id}
        return {doc["_id"] for doc, _ in pairs} - ours

    async def update_if_version(self, case_id: str, expected_version: int, update: dict[str, Any]) -> bool:
        update = {**update, "$inc": {**update.get("$inc", {}), "version": 1}}
        result = await self.c.cases.update_one({"_id": case_id, "version": expected_version}, update)
        return result.matched_count == 1

    async def mark_decision_applied(self, case_id: str) -> None:
        await self.c.cases.update_one({"_id": case_id}, {"$set": {"decision.applied": True}})

    async def with_unapplied_decisions(self) -> list[dict[str, Any]]:
        return self.c.opened_all(await self.c.cases.find({"decision.applied": False}).limit(1000).to_list(),
                                 CASE_FIELDS)

    async def page(self, status: str, limit: int, after: tuple[float, Any, str] | None) -> list[dict[str, Any]]:
        """The queue: highest priority first, then oldest; `after` is (priority, first_report_at, id)."""
        query: dict[str, Any] = {"status": status}
        if after is not None:
            priority, first_at, case_id = after
            query["$or"] = [
                {"priority": {"$lt": priority}},
                {"priority": priority, "first_report_at": {"$gt": first_at}},
                {"priority": priority, "first_report_at": first_at, "_id": {"$gt": case_id}},
            ]
        return self.c.opened_all(await self.c.cases.find(query, {"history": 0}).sort(
            [("priority", -1), ("first_report_at", 1), ("_id", 1)]).limit(limit).to_list(), CASE_FIELDS)

    async def reported_since(self, since, fields: list[str], batch_size: int = 2000):
        """Cases with a report after `since` (for lookup signals)."""
        async for doc in self.c.cases.find({"last_report_at": {"$gte": since}},
                                           dict.fromkeys(fields, 1)).batch_size(batch_size):
            yield self.c.opened(doc, CASE_FIELDS)

    async def open_cases(self, batch_size: int = 2000):
        """Every open case (for the in-memory similarity index)."""
        async for doc in self.c.cases.find({"status": "open"}, {"history": 0}).batch_size(batch_size):
            yield self.c.opened(doc, CASE_FIELDS)

    async def claim(self, case_id: str, moderator_id: str, now: float, until: float) -> bool:
        """Claim an open case for a moderator unless someone else holds a live claim (times are epoch
        seconds: they are written with $set)."""
        await self.c.cases.update_one(
            {"_id": case_id, "status": "open",
             "$or": [{"claimed_by": None}, {"claimed_by": moderator_id}, {"claimed_until": {"$lt": now}}]},
            {"$set": {"claimed_by": moderator_id, "claimed_until": until}})
        # who holds it now is the answer (nx-27017 counts an $or filter as matched even when it is not)
        doc = await self.c.cases.find_one({"_id": case_id}, {"claimed_by": 1, "status": 1})
        return doc is not None and doc["status"] == "open" and doc.get("claimed_by") == moderator_id

    async def release(self, case_id: str, moderator_id: str) -> None:
        await self.c.cases.update_one({"_id": case_id, "claimed_by": moderator_id},
                                      {"$set": {"claimed_by": None, "claimed_until": 0.0}})

