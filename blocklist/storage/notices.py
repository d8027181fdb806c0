"""Art. 14 notices waiting to be sent, and the record that they were (see services/notices.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blocklist.models import Appeal, Entry
from blocklist.storage.database import Collections, Store, count, insert_new
from blocklist.storage.entries import appeal_of, entry_of
from blocklist.storage.sealing import APPEAL_FIELDS, ENTRY_FIELDS


class NoticeStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def insert_many(self, docs: list[dict[str, Any]]) -> None:
        """Insert notices; ids come from their entries, so queueing twice queues once."""
        await insert_new(self.c.notices, docs)

    async def due(self, now: datetime, lapsed_before: datetime, limit: int) -> list[dict[str, Any]]:
        """Queued notices whose time has come, and those a vanished process claimed long ago."""
        return await self.c.notices.find({"$or": [
            {"status": "queued", "next_attempt_at": {"$lte": now}},
            {"status": "sending", "claimed_at": {"$lt": lapsed_before}},
        ]}).sort([("created_at", 1)]).limit(limit).to_list()

    async def _replace_if_unchanged(self, notice: dict[str, Any], **changes: Any) -> dict[str, Any] | None:
        # datetimes go in whole documents (see database.py), on the condition that nobody moved it meanwhile
        updated = {**notice, **changes}
        result = await self.c.notices.replace_one(
            {"_id": notice["_id"], "status": notice["status"], "attempts": notice["attempts"]}, updated)
        return updated if result.matched_count == 1 else None

    async def claim(self, notice: dict[str, Any], at: datetime) -> dict[str, Any] | None:
        """The notice, now this process's to send; None when another process took it."""
        return await self._replace_if_unchanged(notice, status="sending", claimed_at=at)

    async def failed(self, claimed: dict[str, Any], next_attempt_at: datetime, error: str) -> None:
        await self._replace_if_unchanged(claimed, status="queued", attempts=claimed["attempts"] + 1,
                                         next_attempt_at=next_attempt_at, last_error=error[:100])

    async def sent(self, claimed: dict[str, Any], at: datetime) -> None:
        await self._replace_if_unchanged(claimed, status="sent", sent_at=at)

    async def delete(self, notice_id: str) -> None:
        await self.c.notices.delete_one({"_id": notice_id})

    async def subject_of(self, notice: dict[str, Any]) -> tuple[Entry | None, list[str], list[str], list[str]]:
        """The listed email's entry, the kinds of identifier the case lists (email, phone), what its reports
        were about, and the countries of the salons whose reports were confirmed (one per report)."""
        doc = self.c.opened(await self.c.entries.find_one({"_id": notice["entry_id"]}), ENTRY_FIELDS)
        if doc is None:
            return None, [], [], []
        entry = entry_of(doc)
        kinds = sorted({sibling["kind"] for sibling in await self.c.entries.find({"case_id": notice["case_id"]},
                                                                                  {"kind": 1}).to_list()})
        case = await self.c.cases.find_one({"_id": notice["case_id"]}, {"reports": 1})
        confirmed = [r for r in (case or {}).get("reports", []) if r.get("status") == "confirmed"]
        categories = sorted({r["category"] for r in confirmed})
        salons = {doc["_id"]: doc.get("country") for doc in await self.c.salons.find(
            {"_id": {"$in": sorted({r["salon_id"] for r in confirmed})}}, {"country": 1}).to_list()} \
            if confirmed else {}
        countries = [salons[r["salon_id"]] for r in confirmed if salons.get(r["salon_id"])]
        return entry, kinds, categories, countries

    async def appeal_of(self, notice: dict[str, Any]) -> Appeal | None:
        doc = self.c.opened(await self.c.appeals.find_one({"_id": notice["appeal_id"]}), APPEAL_FIELDS)
        return appeal_of(doc) if doc is not None else None

    async def counts(self) -> dict[str, int]:
        return {"waiting": await count(self.c.notices, {"status": "queued"}) + await count(self.c.notices,
                                                                                            {"status": "sending"}),
                "sent": await count(self.c.notices, {"status": "sent"})}
