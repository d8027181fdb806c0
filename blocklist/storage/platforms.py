"""Booking platforms (software many salons book through) and their keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blocklist.models import Platform
from blocklist.storage.database import Collections, Store


def _platform_of(doc: dict[str, Any]) -> Platform:
    return Platform(id=doc["_id"], name=doc["name"], created_at=doc["created_at"])


class PlatformStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def insert(self, platform: Platform) -> None:
        await self.c.platforms.insert_one({"_id": platform.id, "name": platform.name, "created_at": platform.created_at})

    async def get(self, platform_id: str) -> Platform | None:
        doc = await self.c.platforms.find_one({"_id": platform_id})
        return _platform_of(doc) if doc else None

    async def all(self) -> list[Platform]:
        return [_platform_of(doc) for doc in await self.c.platforms.find().sort([("name", 1)]).to_list()]

    async def insert_key(self, prefix: str, digest: str, platform_id: str, at: datetime) -> None:
        await self.c.platform_keys.insert_one({"_id": prefix, "digest": digest, "platform_id": platform_id,
                                               "created_at": at, "revoked_at": None})

    async def find_key(self, prefix: str) -> tuple[str, str, datetime | None] | None:
        """(platform id, digest, revoked_at) of the key with this prefix."""
        doc = await self.c.platform_keys.find_one({"_id": prefix})
        return (doc["platform_id"], doc["digest"], doc.get("revoked_at")) if doc else None

    async def revoke_key(self, prefix: str, at: datetime) -> bool:
        doc = await self.c.platform_keys.find_one({"_id": prefix, "revoked_at": None})
        if doc is None:
            return False
        doc["revoked_at"] = at
        return (await self.c.platform_keys.replace_one({"_id": prefix, "revoked_at": None}, doc)).matched_count == 1
