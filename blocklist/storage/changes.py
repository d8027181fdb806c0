"""The change log: a monotonically increasing revision written with every change that caches follow."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument

from blocklist.storage.database import Collections, Store


# changes a record holds at most (≈ 0.5 MB): a pepper rotation at a million changed 1.56 million listings and cases,
# 74 MB in one record, past the 16 MB a document may hold
RECORD_REFS = 10_000


class ChangeLog(Store):
    """Allocates revisions and records (revision, kind, id) so every process can catch up by polling."""

    def __init__(self, collections: Collections) -> None:
        self.c = collections
        # marks this process's own records, which its caches have already applied
        self.origin = secrets.token_hex(8)

    async def record(self, changes: list[tuple[str, str]], at: datetime) -> int:
        """Record changes (kind, id) under fresh revisions, one a RECORD_REFS of them; returns the last."""
        if not changes:
            return await self.current()
        for start in range(0, len(changes), RECORD_REFS):
            counter = await self.c.counters.find_one_and_update(
                {"_id": "revision"}, {"$inc": {"value": 1}}, upsert=True, return_document=ReturnDocument.AFTER)
            revision = counter["value"]
            refs: dict[str, list[str]] = {}
            for kind, ref in changes[start:start + RECORD_REFS]:
                refs.setdefault(kind, []).append(ref)
            await self.c.changes.insert_one({"revision": revision, "refs": refs, "at": at, "origin": self.origin})
        return revision

    async def current(self) -> int:
        counter = await self.c.counters.find_one({"_id": "revision"})
        return counter["value"] if counter else 0

    async def since(self, revision: int, limit: int = 500) -> list[dict[str, Any]]:
        """Change records after `revision`, oldest first; each has `refs`: {kind: [ids]}."""
        return await self.c.changes.find({"revision": {"$gt": revision}}, {"_id": 0}).sort(
            [("revision", 1)]).limit(limit).batch_size(limit).to_list()
