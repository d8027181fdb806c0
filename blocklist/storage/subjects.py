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

    async def _by_keys(self, collection: str, field: str, keys: list[str]) -> list[dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for key in keys:
            for doc in await getattr(self.c, collection).find({field: key}).to_list():
                found[doc["_id"]] = doc
        return list(found.values())

    async def entries(self, keys: list[str]) -> list[dict[str, Any]]:
        return self.c.opened_all(await self._by_keys("entries", "key", keys), ENTRY_FIELDS)

    async def reports(self, keys: list[str]) -> list[dict[str, Any]]:
        return self.c.opened_all(await self._by_keys("reports", "keys", keys), REPORT_FIELDS)

    async def cases(self, keys: list[str]) -> list[dict[str, Any]]:
        return self.c.opened_all(await self._by_keys("cases", "keys", keys), CASE_FIELDS)

    async def lookups(self, keys: list[str]) -> list[dict[str, Any]]:
        return sorted(await self._by_keys("lookups", "keys", keys), key=lambda d: d["at"])

    async def appeals(self, keys: list[str]) -> list[dict[str, Any]]:
        return self.c.opened_all(await self._by_keys("appeals", "keys", keys), APPEAL_FIELDS)

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
