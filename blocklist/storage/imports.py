"""Bulk imports of existing blocklists: one progress document per import (how far it got, what it counted), so an
import stopped halfway resumes where it stopped."""

from __future__ import annotations

import os
import time
from typing import Any

from blocklist.storage.database import DURABLE, Collections, Store, count


class ImportStore(Store):
    """Counts and positions are plain numbers and times epoch seconds: they are written with $set (database.py)."""

    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def get(self, import_id: str) -> dict[str, Any] | None:
        return await self.c.imports.find_one({"_id": import_id})

    async def begin(self, import_id: str, actor: str, at: float, source: str) -> dict[str, Any]:
        """The import's progress document, made on its first run (a later run finds the one there)."""
        await self.c.imports.update_one({"_id": import_id}, {"$setOnInsert": {
            "actor": actor, "started_at": at, "source": source, "lines_done": 0, "added": 0, "merged": 0,
            "refused": 0, "finished_at": None}}, upsert=True)
        return await self.c.imports.find_one({"_id": import_id})  # type: ignore[return-value]

    async def advance(self, import_id: str, lines_done: int, counts: dict[str, int]) -> None:
        """Record a batch as done (after its entries are stored: a crash before this repeats the batch, which
        stores nothing twice)."""
        await self.c.imports.update_one({"_id": import_id}, {"$set": {"lines_done": lines_done, **counts}})

    async def finish(self, import_id: str, at: float) -> None:
        await self.c.imports.update_one({"_id": import_id}, {"$set": {"finished_at": at}})

    async def document_counts(self) -> dict[str, int]:
        """Documents in every collection of the service's database (exact counts: a benchmark's before and
        after)."""
        names = sorted(await self.c.db.list_collection_names())
        return {name: await count(self.c.db[name], {}) for name in names
                if not name.startswith(("system.", "raw_insert_rate_"))}

    async def raw_insert_rate(self, count: int = 6000, batch: int = 1000) -> float:
        """Documents a second the database stores with bulk inserts of plain listing-sized documents (~600 bytes),
        with the durable write concern listings use: what an import's rate is measured against."""
        scratch = self.c.db.get_collection(f"raw_insert_rate_{os.getpid()}", write_concern=DURABLE)
        filler = "x" * 500
        try:
            started = time.perf_counter()
            for start in range(0, count, batch):
                await scratch.insert_many([{"_id": f"raw_{n:08d}", "key": f"{n:064x}", "value": filler}
                                           for n in range(start, min(count, start + batch))], ordered=False)
            return count / (time.perf_counter() - started)
        finally:
            await scratch.drop()
