"""The change log: a monotonically increasing revision written with every change that caches follow."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ReturnDocument

from blocklist.storage.database import Collections


class ChangeLog:
    """Allocates revisions and records (revision, kind, id) so every process can catch up by polling."""

    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def record(self, changes: list[tuple[str, str]], at: datetime) -> int:
        """Record changes (kind, id) under fresh revisions; returns the last revision."""
        if not changes:
            return await self.current()
        counter = await self.c.counters.find_one_and_update(
            {"_id": "revision"}, {"$inc": {"value": len(changes)}}, upsert=True,
            return_document=ReturnDocument.AFTER)
        last = counter["value"]
        first = last - len(changes) + 1
        await self.c.changes.insert_many(
            [{"revision": first + i, "kind": kind, "ref": ref, "at": at} for i, (kind, ref) in enumerate(changes)],
            ordered=False)
        return last

    async def current(self) -> int:
        counter = await self.c.counters.find_one({"_id": "revision"})
        return counter["value"] if counter else 0

    async def since(self, revision: int, limit: int = 2000) -> list[dict[str, Any]]:
        """Changes after `revision`, oldest first."""
        return await self.c.changes.find({"revision": {"$gt": revision}}, {"_id": 0}).sort(
            [("revision", 1)]).limit(limit).to_list()
