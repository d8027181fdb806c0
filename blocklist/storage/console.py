"""What the moderation console keeps: login sessions, login failures, case notes, and its statistics."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pymongo import ReturnDocument

from blocklist.storage import daily
from blocklist.storage.database import Collections, Store, count
from blocklist.storage.sealing import NOTE_FIELDS


class SessionStore(Store):
    """Server-side sessions of people who log in to pages (moderators, salon staff); the id is a digest of
    the cookie's token, so a dump of the database holds no usable session. A session names its person in a
    field of its kind (`moderator_id`, `salon_user_id`): a session of one kind never opens another's pages."""

    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def insert(self, digest: str, kind: str, person_id: str, csrf_token: str, created_at: datetime,
                     expires_at: datetime, last_seen: float) -> None:
        # last_seen is epoch seconds: it is updated with $set (see the conventions in database.py)
        await self.c.sessions.insert_one({"_id": digest, f"{kind}_id": person_id, "csrf": csrf_token,
                                          "created_at": created_at, "expires_at": expires_at,
                                          "last_seen": last_seen})

    async def get(self, digest: str) -> dict[str, Any] | None:
        return await self.c.sessions.find_one({"_id": digest})

    async def touch(self, digest: str, last_seen: float) -> None:
        await self.c.sessions.update_one({"_id": digest}, {"$set": {"last_seen": last_seen}})

    async def delete(self, digest: str) -> None:
        await self.c.sessions.delete_one({"_id": digest})

    async def delete_for_person(self, kind: str, person_id: str) -> int:
        result = await self.c.sessions.delete_many({f"{kind}_id": person_id})
        return result.deleted_count


class LoginFailureStore(Store):
    """Failed logins counted per subject (a username, an address) in fixed windows."""

    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def count(self, subject: str, window: int) -> int:
        doc = await self.c.login_failures.find_one({"_id": f"{subject}|{window}"})
        return int(doc["count"]) if doc else 0

    async def add(self, subject: str, window: int, expires_at: datetime) -> int:
        doc = await self.c.login_failures.find_one_and_update(
            {"_id": f"{subject}|{window}"},
            {"$inc": {"count": 1}, "$setOnInsert": {"expires_at": expires_at}},
            upsert=True, return_document=ReturnDocument.AFTER)
        return int(doc["count"])


class NoteStore(Store):
    """Moderators' internal notes on a case (separate documents: adding one does not touch the case)."""

    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def insert(self, doc: dict[str, Any]) -> None:
        await self.c.case_notes.insert_one(self.c.sealed(doc, NOTE_FIELDS))

    async def for_case(self, case_id: str, limit: int = 200) -> list[dict[str, Any]]:
        return self.c.opened_all(
            await self.c.case_notes.find({"case_id": case_id}).sort([("at", 1)]).limit(limit).to_list(), NOTE_FIELDS)


class StatsStore(Store):
    """Read-only queries behind the dashboard, each bounded by a time window."""

    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def daily_counts(self, first: date, last: date) -> dict[date, dict[str, dict[str, int]]]:
        """Reports by category and salon, lookups by verdict, per day (storage/daily.py)."""
        return await daily.days(self.c, first, last)

    async def count_before_the_counters(self, today: date) -> int | None:
        return await daily.backfill(self.c, today)

    async def alerts_since(self, since: datetime) -> list[dict[str, Any]]:
        return await self.c.alerts.find({"at": {"$gte": since}}).sort([("at", -1)]).limit(50).to_list()

    async def appeals_waiting(self) -> int:
        return (await count(self.c.appeals, {"status": "awaiting_verification"})
                + await count(self.c.appeals, {"status": "received"}))
