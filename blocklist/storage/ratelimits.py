"""Shared rate-limit counters: one document per (limit, subject, window), incremented by every process."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import UpdateOne

from blocklist.storage.database import Collections, Store


class RateLimitStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def add(self, hits: dict[str, tuple[int, datetime]]) -> None:
        """Add hits to counters: counter id → (hits, when the counter may be forgotten)."""
        await self.c.rate_limits.bulk_write([
            UpdateOne({"_id": counter}, {"$inc": {"n": count}, "$setOnInsert": {"expires_at": expires_at}},
                      upsert=True)
            for counter, (count, expires_at) in hits.items()], ordered=False)

    async def totals(self, counters: list[str]) -> dict[str, int]:
        """Every process's hits on these counters (absent ones have none)."""
        if not counters:
            return {}
        docs: list[dict[str, Any]] = await self.c.rate_limits.find({"_id": {"$in": counters}}).to_list()
        return {doc["_id"]: doc["n"] for doc in docs}
