"""What happened to looked-up bookings (POST /v1/lookups/{id}/outcome): one record per lookup, against
the lookup's keyed identifiers only, kept as long as a no-show counts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, AsyncIterator

from pymongo import ReplaceOne

from blocklist.models import BookingOutcome
from blocklist.storage.database import Collections, Store, count

# a booking outcome counts for as long as a no-show may (the longest no-show window a salon can choose)
KEPT_FOR = timedelta(days=400)


def _outcome_of(doc: dict[str, Any]) -> BookingOutcome:
    return BookingOutcome(lookup_id=doc["_id"], salon_id=doc["salon_id"], keys=tuple(doc.get("keys") or ()),
                          outcome=doc["outcome"], booked_at=doc["booked_at"], recorded_at=doc["recorded_at"],
                          verdict=doc.get("verdict") or "allow")


class OutcomeStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def put(self, outcome: BookingOutcome) -> None:
        """Store it, replacing the lookup's earlier outcome (a salon may correct itself)."""
        await self.c.outcomes.bulk_write([ReplaceOne({"_id": outcome.lookup_id}, {
            "_id": outcome.lookup_id, "salon_id": outcome.salon_id, "keys": list(outcome.keys),
            "outcome": outcome.outcome, "booked_at": outcome.booked_at, "recorded_at": outcome.recorded_at,
            "verdict": outcome.verdict, "expires_at": outcome.booked_at + KEPT_FOR}, upsert=True)])

    async def get_many(self, lookup_ids: list[str]) -> list[BookingOutcome]:
        if not lookup_ids:
            return []
        return [_outcome_of(doc) for doc in await self.c.outcomes.find({"_id": {"$in": lookup_ids}}).to_list()]

    async def since(self, booked_after: datetime, batch_size: int = 2000) -> AsyncIterator[BookingOutcome]:
        """Every outcome of a booking after `booked_after` (the lookup index reads them at load)."""
        async for doc in self.c.outcomes.find({"booked_at": {"$gte": booked_after}}).batch_size(batch_size):
            yield _outcome_of(doc)

    async def counts_after_challenges(self, since: datetime) -> dict[str, int]:
        """How the bookings of challenged lookups since `since` went, by outcome (the dashboard's precision
        of challenges)."""
        counts: dict[str, int] = {}
        for outcome in ("attended", "no_show", "late_cancellation", "cancelled_in_time"):
            counts[outcome] = await count(self.c.outcomes, {"verdict": "challenge", "outcome": outcome,
                                                           "booked_at": {"$gte": since}})
        return counts
