"""What a data-subject request reads and deletes: everything held under a person's keyed hashes,
and the tombstones that let an erasure be applied again after a restore from backup.

These reads scan (a person's keys are not indexed in every collection); requests are rare.
"""

from __future__ import annotations

from typing import Any

from blocklist.storage.database import Collections
from blocklist.storage.sealing import APPEAL_FIELDS, CASE_FIELDS, ENTRY_FIELDS, REPORT_FIELDS


class SubjectStore:
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def entries(self, keys: list[str]) -> list[dict[str, Any]]:
        found = []
        for key in keys:
            found += await self.c.entries.find({"key": key}).to_list()
        return self.c.opened_all(found, ENTRY_FIELDS)

    async def reports(self, keys: list[str]) -> list[dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for key in keys:
            for doc in await self.c.reports.find({"keys": key}).to_list():
                found[doc["_id"]] = doc
        return self.c.opened_all(list(found.values()), REPORT_FIELDS)

    async def cases(self, keys: list[str]) -> list[dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for key in keys:
            for doc in await self.c.cases.find({"keys": key}).to_list():
                found[doc["_id"]] = doc
        return self.c.opened_all(list(found.values()), CASE_FIELDS)

    async def lookups(self, keys: list[str]) -> list[dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for key in keys:
            for doc in await self.c.lookups.find({"keys": key}).to_list():
                found[doc["_id"]] = doc
        return sorted(found.values(), key=lambda d: d["at"])

    async def appeals(self, keys: list[str]) -> list[dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for key in keys:
            for doc in await self.c.appeals.find({"keys": key}).to_list():
                found[doc["_id"]] = doc
        return self.c.opened_all(list(found.values()), APPEAL_FIELDS)

    async def delete(self, collection: str, ids: list[str]) -> int:
        if not ids:
            return 0
        result = await getattr(self.c, collection).delete_many({"_id": {"$in": ids}})
        return result.deleted_count

    async def drop_case_keys(self, keys: list[str]) -> None:
        if keys:
            await self.c.case_keys.delete_many({"_id": {"$in": keys}})

    async def insert_tombstone(self, doc: dict[str, Any]) -> None:
        await self.c.tombstones.insert_one(doc)

    async def tombstones(self) -> list[dict[str, Any]]:
        return await self.c.tombstones.find().sort([("at", 1)]).to_list()
