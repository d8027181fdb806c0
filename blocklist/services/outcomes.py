"""Closing the loop: a salon says what happened to a booking it looked up (POST /v1/lookups/{id}/outcome).

A `no_show` or `late_cancellation` counts like an unreviewed report of that category from this salon;
an `attended` booking earns the person's standing back (no-shows before it stop counting); a booking
`cancelled_in_time` counts for nothing. Outcomes are recorded against the lookup's keyed identifiers
only, and reach every process's lookup index through the change log.

Only lookups the service kept can take an outcome: those that matched something (a challenge, a block,
an allow with reasons). A lookup that matched nothing is kept only as a count, so there is nothing to
attach an outcome to: a no-show of a customer nobody had reported is a report (POST /v1/reports).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Callable

from blocklist.clock import Clock
from blocklist.errors import NotFound
from blocklist.models import BookingOutcome, SalonPrincipal
from blocklist.services.audit import AuditLog
from blocklist.services.changes import Changes
from blocklist.storage.lookups import LookupLogStore
from blocklist.storage.outcomes import OutcomeStore

# how long after a lookup its booking's outcome is taken
OUTCOME_WINDOW = timedelta(days=30)
OUTCOMES = ("attended", "no_show", "late_cancellation", "cancelled_in_time")


class OutcomeService:
    def __init__(self, log: LookupLogStore, store: OutcomeStore, changes: Changes, audit: AuditLog,
                 clock: Clock, unwritten: Callable[[str], dict[str, Any] | None] = lambda lookup_id: None) -> None:
        self.log = log
        self.unwritten = unwritten  # this process's lookup records not written yet
        self.store = store
        self.changes = changes
        self.audit = audit
        self.clock = clock

    async def record(self, principal: SalonPrincipal, lookup_id: str, outcome: str) -> BookingOutcome:
        """Record (or correct) what happened to the booking of one of this salon's lookups."""
        now = self.clock()
        record = None
        if lookup_id.startswith("lkp_") and len(lookup_id) <= 80:
            record = self.unwritten(lookup_id) or await self.log.record(lookup_id)
        if record is None or record["salon_id"] != principal.salon.id or record["at"] < now - OUTCOME_WINDOW:
            # another salon's lookup is as unknown as one that never was
            raise NotFound("no such lookup of this salon in the last 30 days that matched something (a lookup that "
                           "matched nothing is not kept; report a no-show of such a customer with POST /v1/reports)")
        booked = BookingOutcome(lookup_id=lookup_id, salon_id=principal.salon.id, keys=tuple(record["keys"]),
                                outcome=outcome, booked_at=record["at"], recorded_at=now, verdict=record["verdict"])
        await self.store.put(booked)
        await self.changes.record([("outcome", lookup_id)], now, published={"outcome": [booked]})
        await self.audit.append(f"salon:{principal.salon.id}", "lookup.outcome", lookup_id, {"outcome": outcome})
        return booked

    async def challenge_precision(self, days: int = 90) -> dict[str, int]:
        """How challenged customers' bookings went in the last `days` days, by outcome."""
        return await self.store.counts_after_challenges(self.clock() - timedelta(days=days))
