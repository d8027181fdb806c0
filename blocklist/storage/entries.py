"""Blocklist entries (one identifier each, from a moderator's decision) and appeals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blocklist.storage.database import Collections, Store, insert_new
from blocklist.storage.sealing import APPEAL_FIELDS, ENTRY_FIELDS


class EntryStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def insert_many(self, docs: list[dict[str, Any]]) -> None:
        """Insert entries; ids are decided beforehand, so a repeated insert after a crash is a no-op."""
        await insert_new(self.c.entries, [self.c.sealed(d, ENTRY_FIELDS) for d in docs])

    async def get(self, entry_id: str) -> dict[str, Any] | None:
        return self.c.opened(await self.c.entries.find_one({"_id": entry_id}), ENTRY_FIELDS)

    async def get_many(self, entry_ids: list[str]) -> list[dict[str, Any]]:
        if not entry_ids:
            return []
        return self.c.opened_all(await self.c.entries.find({"_id": {"$in": entry_ids}}).batch_size(1000).to_list(),
                                 ENTRY_FIELDS)

    async def by_key(self, key: str) -> list[dict[str, Any]]:
        return self.c.opened_all(await self.c.entries.find({"key": key}).to_list(), ENTRY_FIELDS)

    async def by_case(self, case_id: str) -> list[dict[str, Any]]:
        return self.c.opened_all(await self.c.entries.find({"case_id": case_id}).to_list(), ENTRY_FIELDS)

    async def replace_if_status(self, doc: dict[str, Any], expected_status: str) -> bool:
        result = await self.c.entries.replace_one({"_id": doc["_id"], "status": expected_status},
                                                  self.c.sealed(doc, ENTRY_FIELDS))
        return result.matched_count == 1

    async def page(self, query: dict[str, Any], limit: int, before: tuple[datetime, str] | None) -> list[dict[str, Any]]:
        """Entries newest first, after a (created_at, id) cursor."""
        if before is not None:
            at, entry_id = before
            query = {**query, "$or": [{"created_at": {"$lt": at}}, {"created_at": at, "_id": {"$lt": entry_id}}]}
        return self.c.opened_all(
            await self.c.entries.find(query).sort([("created_at", -1), ("_id", -1)]).limit(limit).to_list(), ENTRY_FIELDS)

    async def all_active(self, batch_size: int = 5000):
        """Every active or disputed entry, for the lookup index (equality queries use the status index)."""
        fields = dict.fromkeys(["key", "action", "salon_id", "expires_at", "status", "case_id", "name_packed",
                                "match_keys"], 1)
        for status in ("active", "disputed"):
            async for doc in self.c.entries.find({"status": status}, fields).batch_size(batch_size):
                yield self.c.opened(doc, ENTRY_FIELDS)


class AppealStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def insert(self, doc: dict[str, Any]) -> None:
        await self.c.appeals.insert_one(self.c.sealed(doc, APPEAL_FIELDS))

    async def get(self, appeal_id: str) -> dict[str, Any] | None:
        return self.c.opened(await self.c.appeals.find_one({"_id": appeal_id}), APPEAL_FIELDS)

    async def replace_if_status(self, doc: dict[str, Any], expected_status: str) -> bool:
        result = await self.c.appeals.replace_one({"_id": doc["_id"], "status": expected_status},
                                                  self.c.sealed(doc, APPEAL_FIELDS))
        return result.matched_count == 1

    async def page(self, status: str | None, limit: int, after: tuple[datetime, str] | None) -> list[dict[str, Any]]:
        """Oldest first (a queue), after a (received_at, id) cursor."""
        query: dict[str, Any] = {"status": status} if status else {}
        if after is not None:
            at, appeal_id = after
            query["$or"] = [{"received_at": {"$gt": at}}, {"received_at": at, "_id": {"$gt": appeal_id}}]
        return self.c.opened_all(
            await self.c.appeals.find(query).sort([("received_at", 1), ("_id", 1)]).limit(limit).to_list(), APPEAL_FIELDS)
