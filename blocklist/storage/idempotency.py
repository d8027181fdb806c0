"""Remembered requests (Idempotency-Key): a claim per (salon, key), then the answer it got."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import UpdateOne
from pymongo.errors import BulkWriteError

from blocklist.storage.database import DUPLICATE_KEY, Collections, Store


class IdempotencyStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def insert_claims(self, records: list[dict[str, Any]]) -> list[bool | BaseException]:
        """True for each record inserted, False for each whose key was already claimed."""
        try:
            await self.c.idempotency.insert_many(records, ordered=False)
        except BulkWriteError as exc:
            results: list[bool | BaseException] = [True] * len(records)
            for error in exc.details.get("writeErrors", []):
                results[error["index"]] = False if error.get("code") == DUPLICATE_KEY else exc
            return results
        return [True] * len(records)

    async def write_answers(self, answers: list[tuple[str, bool, dict[str, Any]]]) -> None:
        """(record id, whether it created something, the answer's body) of requests that are done."""
        await self.c.idempotency.bulk_write([
            UpdateOne({"_id": record_id}, {"$set": {"state": "done", "created": created, "body": body,
                                                    "report_id": body.get("id")}})
            for record_id, created, body in answers], ordered=False)

    async def get(self, record_id: str) -> dict[str, Any] | None:
        return await self.c.idempotency.find_one({"_id": record_id})

    async def take_over(self, record: dict[str, Any], at: datetime, expires_at: datetime) -> bool:
        """Renew a claim still processing since `record["created_at"]` (its request died); False when
        another retry took it first."""
        taken = await self.c.idempotency.replace_one(
            {"_id": record["_id"], "state": "processing", "created_at": record["created_at"]},
            {**record, "created_at": at, "expires_at": expires_at})
        return taken.matched_count == 1

    async def release(self, record_id: str) -> None:
        """Forget a claim still processing."""
        await self.c.idempotency.delete_one({"_id": record_id, "state": "processing"})
